"""tests/corpus/qualifiers.tsv: qualifiers read from a governing verb or a phrase after the figure."""
import pytest
from conftest import load_corpus

import factex


@pytest.mark.parametrize("row", load_corpus("qualifiers.tsv"))
def test_qualifier(row):
    facts = factex.extract(row["text"], published="2025-05-27")
    assert facts, "no fact"
    want = None if row["qualifier"] == "-" else row["qualifier"]
    assert facts[0].qualifier == want
