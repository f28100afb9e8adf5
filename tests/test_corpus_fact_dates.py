"""tests/corpus/fact_dates.tsv: the date slot chooses the date of each figure from the whole article."""
import pytest
from conftest import load_corpus

import factex


@pytest.mark.parametrize("row", load_corpus("fact_dates.tsv"))
def test_fact_date(row):
    facts = factex.extract(row["text"], published=row["published"])
    matching = [f for f in facts if abs(f.value - float(row["value"])) < 1e-6]
    assert matching, f"no fact of value {row['value']}: {[(f.value, f.unit) for f in facts]}"
    fact = matching[0]
    assert fact.date == row["date"], f"date {fact.date} != {row['date']}"
    assert (fact.period_start or "") == row["period_start"], f"period_start {fact.period_start} != {row['period_start']}"
