"""tests/corpus/units.tsv: value and unit of every fact of a sentence (lists, parts, events, inflections,
sub-units, unresolved currencies, decimal marks, signs)."""
import pytest
from conftest import load_corpus
from test_corpus_metrics import unit_form

import factex


def close(got, want) -> bool:
    return got is not None and abs(got - want) <= 0.005 * abs(want) + 1e-9


def _strict(params):
    """Known gaps fail the run when they start passing."""
    return [pytest.param(p.values[0], id=p.id, marks=[pytest.mark.xfail(reason=p.values[0]["xfail"], strict=True)] if p.marks else [])
            for p in params]


def expected(cell: str) -> list[tuple[float, float | None, set]]:
    if cell == "-":
        return []
    facts = []
    for item in cell.split(";"):
        value, unit = item.strip().split(" ", 1)
        low, _, high = value.partition("..")
        facts.append((float(low), float(high) if high else None, {unit_form(u) for u in unit.split("|")}))
    return facts


@pytest.mark.parametrize("row", _strict(load_corpus("units.tsv")))
def test_units(row):
    facts = sorted(factex.extract(row["text"], published="2025-05-27", country=row["country"] or None), key=lambda f: f.start)
    got = [(f.value, f.value_max, f.unit) for f in facts]
    want = expected(row["facts"])
    assert len(got) == len(want), f"got {got}, want {row['facts']}"
    for (value, value_max, unit), (w_value, w_max, w_units) in zip(got, want):
        assert close(value, w_value), f"value {value} != {w_value} in {got}"
        assert (value_max is None) if w_max is None else close(value_max, w_max), f"value_max {value_max} != {w_max} in {got}"
        assert unit_form(unit) in w_units, f"unit {unit!r} not in {w_units} in {got}"


def test_numbered_lines_are_not_figures():
    text = "اتفق الطرفان على:\n1 تخفيض الأسعار\n2 مراقبة الأسعار\n3 تعزيزات أمنية\nوأصيب 5 أشخاص"
    from factex.numbers import parse_figures

    assert [f.value for f in parse_figures(text)] == [5]
