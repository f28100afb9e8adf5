"""tests/corpus/datelines.tsv: the place, agency and date of the dateline opening an article."""
import pytest
from conftest import load_corpus

from factex.dateline import find_dateline
from factex.normalize import fold


@pytest.mark.parametrize("row", load_corpus("datelines.tsv"))
def test_dateline(row):
    text = fold(row["text"].replace("\\n", "\n"))
    found = find_dateline(text)
    want = {key: None if row[key] == "-" else fold(row[key]) for key in ("place", "agency", "date")}
    if not any(want.values()):
        assert found is None, f"no dateline expected, got {found}"
        return
    assert found is not None, "no dateline found"
    date = text[found.date_start:found.date_end] if found.date_start is not None else None
    assert (found.place, found.agency, date) == (want["place"], want["agency"], want["date"])
    assert "\n" not in text[found.start:found.end], "a dateline never runs past its line"


def test_spans_point_into_the_text():
    text = fold("خبر عاجل\nعمّان 3-5-2016 (بترا) - قال الوزير")
    found = find_dateline(text)
    assert text[found.place_span[0]:found.place_span[1]] == found.place == "عمان"
    assert text[found.agency_span[0]:found.agency_span[1]] == found.agency == "بترا"
    assert text[found.start:found.end].startswith("عمان") and text[found.end:].startswith("قال")
