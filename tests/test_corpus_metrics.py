"""tests/corpus/metrics.tsv: unit and metric phrase of the first fact of a sentence."""
import re
import unicodedata

import pytest
from conftest import load_corpus

import factex

# The scorer's normalisation (shared/eval/score.py, GUIDELINES.md «How the scorer matches»).
_DIAC = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_PUNCT = re.compile(r"[\"'«»“”‘’()\[\]{}،,.:;!?؟\-–—_/\\*]+")
_ARTICLE = re.compile(r"^(?:وال|فال|بال|كال|لل|ال)(?=..)")


def norm(text):
    t = _DIAC.sub("", unicodedata.normalize("NFKC", text or ""))
    t = re.sub("[أإآٱ]", "ا", t).replace("ة", "ه").replace("ى", "ي")
    return " ".join(_PUNCT.sub(" ", t).split()).lower()


def light(text):
    return " ".join(_ARTICLE.sub("", w) for w in norm(text).split())


def unit_form(unit):
    t = norm(unit)
    return t[2:] if len(t) > 4 and t.startswith("ال") else t


@pytest.mark.parametrize("row", load_corpus("metrics.tsv"))
def test_unit_and_metric(row):
    facts = factex.extract(row["text"], published="2025-05-27", country=row["country"] or None)
    assert facts, "no fact extracted"
    fact = min(facts, key=lambda f: f.start)
    assert unit_form(fact.unit) in {unit_form(u) for u in row["unit"].split("|")}, f"unit {fact.unit!r} != {row['unit']!r}"
    metric = light(fact.metric)
    assert metric, "empty metric"
    assert len(metric.split()) <= 15, f"metric too long: {fact.metric!r}"
    assert len(metric.split()) < len(light(row["text"]).split()), f"metric is the whole sentence: {fact.metric!r}"
    for term in row["terms"].split(";"):
        assert any(light(alt) in metric for alt in term.split("|")), f"metric {fact.metric!r} lacks {term!r}"
