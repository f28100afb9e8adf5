"""tests/corpus/metrics.tsv: unit and metric phrase of a fact of a sentence (the first unless `nth`)."""
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


# The scorer's metric_clean (shared/eval/score.py): a phrase, not a window of tokens.
_EDGE_WORDS = set(norm(w) for w in """من في إلى الى على عن و أو او ثم أن إن ان التي الذي الذين ما لا قد كما حيث
    بعد قبل منذ خلال بين مع عند وهي وهو هي هو بنسبة بقيمة بمقدار نحو حوالي أكثر أقل""".split())
_UNIT_WORDS = set(norm(w) for w in """دولار دولارا دولارات يورو درهم درهما دراهم ريال ريالا ريالات دينار دينارا
    دنانير جنيه جنيها جنيهات ليرة ليرات مليون مليونا ملايين مليار مليارا مليارات ألف آلاف ألفا""".split())


def reads_as_phrase(metric):
    if not metric or re.search(r"[.!؟?:;]", metric.strip()):
        return False
    words = norm(metric).split()
    if not 1 <= len(words) <= 12 or words[0] in _EDGE_WORDS or words[-1] in _EDGE_WORDS:
        return False
    return not any(w in _UNIT_WORDS for w in words)


def _strict(params):
    """Known gaps are strict: a row that starts passing must lose its xfail."""
    return [
        pytest.param(*p.values, id=p.id, marks=[pytest.mark.xfail(reason=m.kwargs.get("reason", ""), strict=True) for m in p.marks])
        for p in params
    ]


def unit_form(unit):
    t = norm(unit)
    return t[2:] if len(t) > 4 and t.startswith("ال") else t


@pytest.mark.parametrize("row", _strict(load_corpus("metrics.tsv")))
def test_unit_and_metric(row):
    facts = factex.extract(row["text"], published="2025-05-27", country=row["country"] or None)
    assert facts, "no fact extracted"
    nth = int(row.get("nth") or 0)
    assert len(facts) > nth, f"only {len(facts)} facts"
    fact = sorted(facts, key=lambda f: f.start)[nth]
    assert unit_form(fact.unit) in {unit_form(u) for u in row["unit"].split("|")}, f"unit {fact.unit!r} != {row['unit']!r}"
    metric = light(fact.metric)
    assert metric, "empty metric"
    assert len(metric.split()) <= 15, f"metric too long: {fact.metric!r}"
    assert len(metric.split()) < len(light(row["text"]).split()), f"metric is the whole sentence: {fact.metric!r}"
    for term in row["terms"].split(";"):
        if term.startswith("!"):
            assert light(term[1:]) not in metric.split(), f"metric {fact.metric!r} has {term[1:]!r}"
            continue
        assert any(light(alt) in metric for alt in term.split("|")), f"metric {fact.metric!r} lacks {term!r}"
    assert reads_as_phrase(fact.metric), f"metric {fact.metric!r} does not read as a phrase"
    assert not any(a == b for a, b in zip(metric.split(), metric.split()[1:])), f"metric {fact.metric!r} repeats a word"
