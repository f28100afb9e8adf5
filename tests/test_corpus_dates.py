"""tests/corpus/dates.tsv: the first date (and optionally all dates) of a text, against an anchor."""
import pytest
from conftest import load_corpus

from factex.dates import find_dates, to_date
from factex.normalize import fold


def same(got, want) -> bool:
    """`want` is exact ISO, or `prefix*` (any date starting with the prefix)."""
    return got is not None and (got.startswith(want[:-1]) if want.endswith("*") else got == want)


@pytest.mark.parametrize("row", load_corpus("dates.tsv"))
def test_dates(row):
    found = find_dates(fold(row["text"]), anchor=to_date(row["anchor"]))
    got = [(d.iso, d.role, d.period_start) for d in found]
    if row["expected"] == "-":
        assert found == [], f"expected no date, got {got}"
        return
    assert found, "no date found"
    first = found[0]
    assert same(first.iso, row["expected"]), f"first date {first.iso} != {row['expected']} (all: {got})"
    if row["role"]:
        assert first.role == row["role"], f"role {first.role} != {row['role']}"
    if row["period_start"]:
        assert first.period_start == row["period_start"], f"period_start {first.period_start} != {row['period_start']}"
    if row["all"]:
        want = [item.split(":") for item in row["all"].split(";")]
        assert len(found) == len(want), f"got {got}, want {row['all']}"
        for mention, (iso, *role) in zip(found, want):
            assert same(mention.iso, iso) and (not role or mention.role == role[0]), f"got {got}, want {row['all']}"
