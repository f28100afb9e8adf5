"""tests/corpus/attribution.tsv: who the first fact of a text is attributed to («\\n» in a text is a line break)."""
import pytest
from conftest import load_corpus

import factex
from factex.normalize import fold


@pytest.mark.parametrize("row", load_corpus("attribution.tsv"))
def test_source(row):
    facts = factex.extract(row["text"].replace("\\n", "\n"), published="2025-05-27")  # «\n»: a line break
    assert facts, "no fact extracted"
    source = min(facts, key=lambda f: f.start).source
    if row["source"] == "-":
        assert source is None, f"expected no source, got {source!r}"
    else:
        names = row["source"].split("|")
        assert source and any(fold(n) in fold(source) for n in names), f"source {source!r} does not name any of {names}"
