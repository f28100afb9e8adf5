"""tests/corpus/numbers.tsv (first figure of a text) and numbers_all.tsv (every figure)."""
import regex
import pytest
from conftest import load_corpus

from factex.normalize import fold
from factex.numbers import parse_figures

NUMBER_STEMS = ("واحد", "اثن", "ثلاث", "اربع", "خمس", "ست", "سبع", "ثمان", "تسع", "عشر", "مائ", "مئ",
                "الف", "الاف", "ملي", "ترلي", "تريلي", "بلاي", "بليون", "نصف", "ربع", "ثلث")


def close(got, want) -> bool:
    return got is not None and abs(got - want) <= 0.005 * abs(want) + 1e-9


def check_span(text, figure):
    surface = text[figure.start : figure.end]
    assert surface and surface == surface.strip(), f"span {figure.start}:{figure.end} = {surface!r}"
    assert regex.search(r"\d", surface) or any(s in fold(surface) for s in NUMBER_STEMS), f"span {surface!r} names no number"


@pytest.mark.parametrize("row", load_corpus("numbers.tsv"))
def test_first_figure(row):
    text, figures = row["text"], parse_figures(row["text"])
    if row["value"] == "-":
        assert figures == [], f"expected no figure, got {[(f.value, text[f.start:f.end]) for f in figures]}"
        return
    assert figures, "no figure found"
    first = figures[0]
    assert close(first.value, float(row["value"])), f"value {first.value} != {row['value']}"
    if row["value_max"]:
        assert close(first.value_max, float(row["value_max"])), f"value_max {first.value_max} != {row['value_max']}"
    else:
        assert first.value_max is None, f"unexpected value_max {first.value_max}"
    assert first.qualifier == (row["qualifier"] or None), f"qualifier {first.qualifier!r} != {row['qualifier']!r}"
    assert first.percent == (row["percent"] == "%"), f"percent {first.percent}"
    check_span(text, first)


@pytest.mark.parametrize("row", load_corpus("numbers_all.tsv"))
def test_all_figures(row):
    text, figures = row["text"], parse_figures(row["text"])
    want = [] if row["values"] == "-" else [v.split("..") for v in row["values"].split(";")]
    got = [(f.value, f.value_max) for f in figures]
    assert len(got) == len(want), f"got {[(g, text[f.start:f.end]) for g, f in zip(got, figures)]}, want {row['values']}"
    for (value, value_max), bounds, figure in zip(got, want, figures):
        assert close(value, float(bounds[0])), f"value {value} != {bounds[0]} in {got}"
        assert (value_max is None) if len(bounds) == 1 else close(value_max, float(bounds[1])), f"value_max {value_max} != {bounds}"
        check_span(text, figure)
