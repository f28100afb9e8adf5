"""Deduplication: repeated paragraphs inside an article, and the same statistic across articles.

Interface:
- collapse_repeats(facts) -> list[Fact]: one fact per figure per article; repeats keep their offsets
- merge(facts) -> list[Record]: records with status single / corroborated / conflict
- merge_file(facts_path, output_path) -> dict: the same from a JSONL file, in bounded memory (merge uses it)

How mentions become records (README, "Records, statuses and conflicts"):

- Every fact becomes a light item: unit family, value, date, and three bags of terms: its metric
  phrase, the words right around the figure, and its sentence (folded, clitics and article dropped,
  stop words dropped, light stemming, broken plurals to their lemma, a few synonyms: مصرع/ضحايا -> قتيل).
  Similarity: Dice/containment of the metric terms, raised by the context and sentence (noisy-or).
- Blocking, never all pairs: facts are sliced by unit family and year (one slice per family and year,
  one for the undated mentions; merge_file holds one slice at a time); two mentions are compared only
  if they share a metric term, have compatible months and values within a factor 2 (postings keyed by
  term, month, value octave). A figure dated late December and restated early January stays two records.
- Edges: *agree* (the figures agree: equal, one rounded from the other, or within 5 % with a qualifier;
  similar metric; same period, or adjacent dates for the identical figure) and *disagree* (same period,
  very similar metric with two shared words, different articles, values within a factor 2, and no
  sentence that gives both figures: «من 3.65 إلى 5.50» is a change, not a conflict). Clusters by single
  link, strongest edges first, under constraints (one specific counted noun, one period, no two
  dissimilar figures of one article unless one is an earlier report «وكانت ... قد أعلنت»), so the result
  does not depend on input order.
- Stories: articles that share records (affinity, counted over all partitions) cover one story; between
  them an identical specific figure is the same statistic even when the wordings share nothing.
- Undated mentions are read chunk by chunk against each year's clusters; an undated cluster joins a dated
  record only when it is its single best candidate over all years and the figure is specific or the
  articles share a story; a tie leaves it undated: a missing date never glues a figure to one of several
  periods. Left out, it joins its best same-story identical figure, if any.
- Records: `single` (one article), `corroborated` (several articles, all figures agree), `conflict`
  (variants listed with their articles, sources, publishers and dates). Records of one metric at other
  dates form a series (series_id, series_index in time order; linked over all years from light copies of
  the records); a cumulative count (منذ، إجمالي،
  period_start) lower than an earlier one of its series is flagged `cumulative_decrease`.
- record_id: the metric key, unit family and date (plus the smallest fact id when two records would
  share one); facts of unrelated files do not change it.
"""
from __future__ import annotations

import heapq
import json
import math
import os
import pickle
import re
import sys
import tempfile
import time
import zlib
from array import array
from collections import Counter, defaultdict
from datetime import date as _date
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from functools import lru_cache
from itertools import islice
from pathlib import Path
from typing import Iterable, Optional

from .normalize import fold
from .schema import Fact, Record, stable_id

TOL_EXACT = 0.005  # exact figures: equal, or one the other rounded (values_agree), never a looser gap
TOL_LOOSE = 0.05  # with an approx / gt / lt qualifier on either side, figures within 5 % agree
SIM_AGREE = 0.5  # similarity for two agreeing figures to be the same statistic
SIM_SPECIFIC = 0.2  # ... when the figure is specific (3+ significant digits, or 2 and >= 100 000)
SIM_CONFLICT = 0.6  # similarity for two disagreeing figures of one period to be a conflict
SIM_SERIES = 0.7  # similarity for records at different dates to form a series
CONTEXT_WEIGHT = 0.8  # how much the words around the figure count next to the metric phrase
SENTENCE_WEIGHT = 0.4  # ... and the whole sentence (the event)
MAX_RATIO = 2.0  # a conflict between figures further apart than this is not believed
NEAR_DAYS = 3  # day-precision dates this close are "near" (restated figure, identical value)
CONTEXT_WORDS = (6, 4)  # words kept before / after the figure as its context
SENTENCE_WORDS = (20, 20)  # ... as its sentence (the event)
MAX_POSTING = 2000  # safety valve: a posting list longer than this is skipped (pathological blocks)
MAX_POSTING_UNDATED = 100  # ... for undated figures, whose candidates span a year's slice (all its months)
MAX_POSTING_SERIES = 500  # ... for series, whose candidates span all years

# ---------------------------------------------------------------- text -> terms

_WORD = re.compile(r"[^\W\d_]+")
_STOP = frozenset(fold(w) for w in """
من في على إلى الى عن مع أو او ثم حتى منذ خلال بين لدى عند عبر نحو حوالي حوالى قرابة زهاء أكثر اكثر أقل اقل
ما لا لم لن قد تم يتم جرى كان كانت يكون تكون هذا هذه ذلك تلك هو هي هم هن التي الذي الذين اللذين اللتين اللواتي
اللاتي كل بعض أي اي أن ان إن بأن لأن أنه انه أنها إنه فقد وقد كما حيث إذ اذ لكن أما اما منه منها منهم بينهم بينها
فيه فيها به بها له لها عليه عليها إليه الذى يلي مقابل أيضا ايضا فقط وفق وفقا حسب بحسب بعد قبل بعدما عندما
وقت سابق آخر آخرين آخرون أخرى الآخر نفس ذات جديد جديدة جديدا
عدد نسبة معدل حجم قيمة رقم حصيلة تعداد مجموع إجمالي اجمالي الإجمالي كمية مبلغ الكلي
بلغ بلغت يبلغ تبلغ وصل وصلت يصل تصل سجل سجلت يسجل ناهز تجاوز تجاوزت تخطى فاق يفوق يناهز يقارب يقدر قدر
أعلن أعلنت اعلن قال قالت أضاف أضافت أوضح أوضحت أكد أكدت ذكر ذكرت أفاد أفادت أشار أشارت كشف كشفت أبرز أبرزت
مليون ملايين مليونا مليار مليارات مليارا ألف آلاف الف الاف ألفا الفا بالمائة بالمئة المائة المئة بالمائه مائة مئة
واحد واحدة اثنان اثنين اثنتان ثلاث ثلاثة أربع أربعة خمس خمسة ست ستة سبع سبعة ثمان ثماني ثمانية تسع تسعة عشر عشرة
عشرات مئات آلاف أول الأول الأولى ثاني الثاني الثانية ثالث الثالث
يناير فبراير مارس أبريل ابريل مايو ماي يونيو يونيه يوليو يوليوز أغسطس اغسطس غشت سبتمبر شتنبر أكتوبر اكتوبر
نوفمبر نونبر ديسمبر دجنبر كانون شباط آذار نيسان أيار حزيران تموز آب أيلول تشرين جانفي فيفري أفريل جوان جويلية أوت
سنة عام العام السنة شهر الشهر يوم اليوم أمس الأسبوع أسبوع الماضي الماضية الحالي الحالية الجاري المقبل
مساء صباح ليلة ليل فجر ظهر الاثنين الثلاثاء الأربعاء الخميس الجمعة السبت الأحد
زيادة ارتفاع انخفاض تراجع ارتفع انخفض ارتفعت انخفضت مقارنة بنسبة نسب بقيمة
ريال ريالات درهم دراهم دينار دنانير جنيه جنيهات دولار دولارات يورو ليرة ليرات أوقية فرنك روبل يوان ين
""".split())
_PREFIXES = ("وبال", "وال", "فال", "بال", "كال", "ولل", "لل", "ال")
_SUFFIXES = ("ات", "ون", "وا", "ين", "ان", "يه", "ها", "هم", "ه", "ي", "ا")
# Words for one thing that a noun lemma alone does not join (the dead, the injured, households).
_SYNONYMS = {fold(k): fold(v) for k, v in {
    "قتلى": "قتيل", "قتل": "قتيل", "قتلوا": "قتيل", "مقتل": "قتيل", "مصرع": "قتيل", "لقي": "قتيل", "لقوا": "قتيل",
    "ضحية": "قتيل", "ضحايا": "قتيل", "وفاة": "قتيل", "وفيات": "قتيل", "توفي": "قتيل", "متوفى": "قتيل", "موتى": "قتيل",
    "غريق": "قتيل", "غرقى": "قتيل", "جثة": "قتيل", "جثث": "قتيل", "جثمان": "قتيل", "منية": "قتيل", "أرواح": "قتيل",
    "جريح": "مصاب", "جرحى": "مصاب", "إصابة": "مصاب", "إصابات": "مصاب", "مصابين": "مصاب", "مصابون": "مصاب",
    "أصيب": "مصاب", "أصيبوا": "مصاب", "جروح": "مصاب",
    "عائلة": "أسرة", "عائلات": "أسرة", "أسر": "أسرة",
}.items()}
_CUMULATIVE = re.compile("|".join(fold(w) for w in (
    "إجمالي", "اجمالي", "الإجمالي", "تراكمي", "التراكمي", "التراكمية", "منذ", "حتى الآن", "حتى اليوم", "الكلي", "مجموع",
    "حتى الان", "إلى حدود اليوم")))
# Concepts shared by the figures of unrelated stories (the dead, the injured, cases): a series needs
# a shared subject besides them.
_GENERIC = frozenset({fold("قتيل"), fold("مصاب"), fold("شخص"), fold("مواطن"), fold("حال"), fold("حاله")})
# An earlier figure an article reports besides its own («وكانت الداخلية قد أعلنت ... أن 15 شخصا قتلوا»).
_EARLIER = re.compile(fold(r"في وقت (?:سابق|مبكر|متأخر)|سابقا|حصيلة (?:سابقة|أولية)|قبل أن (?:ترتفع|يرتفع)"
                           r"|(?:كان|كانت)(?: \S+){0,5} قد (?:أعلن|أعلنت|ذكر|ذكرت|أفاد|أفادت|أكد|أكدت)"))
_NOT_CUMULATIVE = re.compile(fold("الناتج المحلي الإجمالي|الناتج الداخلي الإجمالي"))


@lru_cache(maxsize=1)
def _lemmas() -> dict[str, str]:
    """Folded word form -> folded lemma, from the unit lexicon (broken plurals: أطفال -> طفل)."""
    table = {}
    try:
        from .units import counted_nouns

        for form, (lemma, _kind) in counted_nouns().items():
            if " " not in form:
                table[form] = fold(lemma)
    except Exception:  # the lexicon is optional here
        pass
    return table


def _core(w: str) -> str:
    for p in _PREFIXES:
        if w.startswith(p) and len(w) - len(p) >= 2:
            w = w[len(p):]
            break
    for _ in range(3):
        known = _SYNONYMS.get(w) or _lemmas().get(w)
        if known:
            w = _SYNONYMS.get(known, known)
            break
        for s in _SUFFIXES:
            if w.endswith(s) and len(w) - len(s) >= 3:
                w = w[: -len(s)]
                break
        else:
            break
    w = _SYNONYMS.get(w, w)
    return w[:-1] if w.endswith("ه") and len(w) >= 4 else w  # feminine lemma (مستفيدة) = masculine


def _known(w: str) -> bool:
    return w in _SYNONYMS or w in _lemmas() or w in _STOP


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """Light stem of one folded word: conjunction/preposition clitics and the article, a couple of
    suffixes, the lemma of broken plurals (أطفال -> طفل) and a few synonyms (مصرع، ضحايا -> قتيل).
    A bare clitic (و، ف، ب، ل، ك) is cut only when what remains is a known word (وأطفال، بنسبة)."""
    w = word.lower()
    cuts = []
    if len(w) >= 4 and w[0] in "وف" and not w.startswith(("وال", "فال")):
        cuts.append(w[1:])
        if len(w) >= 5 and w[1] in "بلك" and not w[1:].startswith(("بال", "كال", "لل")):
            cuts.append(w[2:])
    elif len(w) >= 4 and w[0] in "بلك" and not w.startswith(("بال", "كال", "لل")):
        cuts.append(w[1:])
    for cut in cuts:
        core = _core(cut)
        if _known(cut) or _known(core):
            return core
    return _core(w)


_STOP_STEMS: frozenset = frozenset()


def _stop_stems() -> frozenset:
    global _STOP_STEMS
    if not _STOP_STEMS:
        _STOP_STEMS = frozenset(stem(w) for w in _STOP if len(w) > 2) | _STOP
    return _STOP_STEMS


def terms(text: Optional[str], drop: frozenset = frozenset()) -> frozenset:
    """Content terms of a phrase: folded words, stop words and `drop` (the unit's own stems) removed, stemmed."""
    if not text:
        return frozenset()
    stops = _stop_stems()
    out = set()
    for w in _WORD.findall(fold(text)):
        if w in stops or len(w) < 2 or (w[0] in "وفبلك" and w[1:] in stops):
            continue
        s = stem(w)
        if s not in stops and s not in drop and len(s) >= 2:
            out.add(s)
    return frozenset(out)


@lru_cache(maxsize=20_000)
def metric_terms(metric: Optional[str], unit: Optional[str] = None) -> frozenset:
    return terms(metric, _unit_stems(unit))


def metric_key(metric: Optional[str], unit: Optional[str] = None) -> str:
    """The normalised metric: its content terms, sorted (what records are keyed and compared by)."""
    return " ".join(sorted(metric_terms(metric, unit)))


def _sim(a: frozenset, b: frozenset) -> float:
    if not a or not b:
        return 0.0
    n = len(a & b)
    if not n:
        return 0.0
    s = 2.0 * n / (len(a) + len(b))
    if n >= 2:  # one phrase contained in the other (a short and a long wording of one metric)
        s = max(s, 0.9 * n / min(len(a), len(b)))
    return s


# ---------------------------------------------------------------- units, values, dates

_GENERIC_PERSON = frozenset(fold(w) for w in ("شخص", "فرد", "مواطن", "نسمة", "إنسان", "نفر", "أشخاص"))
_PERSON = _GENERIC_PERSON | frozenset(fold(w) for w in (
    "مستفيد", "طفل", "مسن", "تلميذ", "طالب", "عامل", "موظف", "أجير", "مريض", "قتيل", "جريح", "مصاب", "ضحية",
    "غريق", "مفقود", "ناخب", "مرشح", "مسافر", "زائر", "سائح", "حاج", "معتمر", "مصل", "مخالط", "مهاجر", "لاجئ",
    "معتقل", "سجين", "موقوف", "امرأة", "رجل", "شاب", "فتاة", "مولود", "طبيب", "ممرض", "معلم", "أستاذ", "مسجل",
    "مؤمن", "منخرط", "مشارك", "متوفى"))


@lru_cache(maxsize=10_000)
def unit_key(unit: Optional[str]) -> tuple[str, Optional[str]]:
    """(family, specific noun): counts of people share the family 'PERSON'; شخص/فرد/مواطن are generic
    (None), مسن/طفل are specific -- two different specific nouns are never the same statistic."""
    if not unit:
        return "", None
    u = unit.strip()
    if u.isascii():
        return u.upper(), u.upper()
    f = fold(u)
    f = " ".join(stem(w) if i == 0 else w for i, w in enumerate(f.split()))
    if f in _GENERIC_PERSON or fold(u) in _GENERIC_PERSON:
        return "PERSON", None
    if f in {stem(p) for p in _PERSON} or fold(u) in _PERSON:
        return "PERSON", f
    return f, f


@lru_cache(maxsize=10_000)
def _unit_stems(unit: Optional[str]) -> frozenset:
    if not unit:
        return frozenset()
    out = {stem(w) for w in _WORD.findall(fold(unit))}
    if unit_key(unit)[0] == "PERSON":
        out |= {stem(w) for w in _GENERIC_PERSON}
    return frozenset(out)


def _units_ok(a: Optional[str], b: Optional[str]) -> bool:
    return a is None or b is None or a == b


def tolerance(q1: Optional[str], q2: Optional[str]) -> float:
    return TOL_LOOSE if (q1 or q2) else TOL_EXACT


def _close(x: float, y: float, tol: float) -> bool:
    return abs(x - y) <= tol * max(abs(x), abs(y)) + 1e-9


@lru_cache(maxsize=100_000)
def significant_digits(value: float) -> int:
    text = f"{abs(value):.10g}".replace(".", "").lstrip("0").rstrip("0")
    return len(text.split("e")[0])


def _to_digits(x: float, digits: int, mode) -> float:
    d = Decimal(repr(abs(x)))
    if d == 0:
        return 0.0
    return math.copysign(float(d.quantize(Decimal(1).scaleb(d.adjusted() - digits + 1), rounding=mode)), x)


def _rounded_from(coarse: float, precise: float) -> bool:
    """Is `coarse` `precise` written with fewer digits (rounded or cut: «656 ألف» for 656 534; 2,9 % for 2,92 %)?"""
    if not _close(coarse, precise, TOL_LOOSE):
        return False
    n = significant_digits(coarse)
    if n >= significant_digits(precise):
        return False
    return any(_close(coarse, _to_digits(precise, n, mode), 1e-9) for mode in (ROUND_HALF_UP, ROUND_DOWN))


def _same_figure(x: float, y: float, tol: float) -> bool:
    if _close(x, y, 1e-9):
        return True
    if tol > TOL_EXACT and _close(x, y, tol):
        return True
    return _rounded_from(x, y) or _rounded_from(y, x)


def values_agree(v1, m1, q1, v2, m2, q2) -> bool:
    """Can both figures be true? Exact figures: equal, or one is the other rounded («2,9 %» and 2,92 %;
    1 048 and 1 045 cases are two counts). With an approx / gt / lt qualifier: within TOL_LOOSE.
    Ranges: both bounds; a point inside the other's range agrees."""
    tol = tolerance(q1, q2)
    if m1 is None and m2 is None:
        return _same_figure(v1, v2, tol)
    if m1 is not None and m2 is not None:
        return _same_figure(v1, v2, tol) and _same_figure(m1, m2, tol)
    lo, hi, v = (v1, m1, v2) if m1 is not None else (v2, m2, v1)
    return lo * (1 - tol) <= v <= hi * (1 + tol)


def is_specific(value: float) -> bool:
    """A figure unlikely to be reported for two different statistics in one month: 3+ significant digits,
    or 2 and at least 100 000 (8,6 million; 102 000; 97.08 %)."""
    sig = significant_digits(value)
    return sig >= 3 or (sig == 2 and abs(value) >= 100_000)


@lru_cache(maxsize=1 << 16)
def _parse(d: str) -> tuple[int, int, int]:
    parts = [int(p) for p in re.findall(r"\d+", d)[:3]]
    return tuple(parts + [0] * (3 - len(parts)))  # type: ignore[return-value]


@lru_cache(maxsize=1 << 18)
def date_relation(d1: Optional[str], d2: Optional[str]) -> Optional[str]:
    """'same' (one a prefix of the other), 'near' (adjacent months, or days <= NEAR_DAYS apart),
    'undated' (both missing), or None (different periods, or one date missing)."""
    if d1 is None and d2 is None:
        return "undated"
    if d1 is None or d2 is None:
        return None
    if d1.startswith(d2) or d2.startswith(d1):
        return "same"
    if len(d1) < 7 or len(d2) < 7:
        return None
    try:
        (y1, m1, a1), (y2, m2, a2) = _parse(d1), _parse(d2)
        if len(d1) >= 10 and len(d2) >= 10:
            return "near" if abs((_date(y1, m1, a1) - _date(y2, m2, a2)).days) <= NEAR_DAYS else None
        return "near" if abs((y1 * 12 + m1) - (y2 * 12 + m2)) == 1 else None
    except (ValueError, TypeError):
        return None


@lru_cache(maxsize=1 << 16)
def _month_keys(d: Optional[str]) -> tuple[str, tuple[str, ...]]:
    """(posting key, query keys): dated items are posted under their month (or year); a query looks at
    its month, the adjacent months and its year; a year looks at its twelve months."""
    if not d:
        return "-", ("-",)
    y = d[:4]
    if len(d) < 7:
        return y, (y, *(f"{y}-{m:02d}" for m in range(1, 13)))
    try:
        yy, mm, _ = _parse(d)
        n = yy * 12 + mm - 1
        near = tuple(f"{k // 12:04d}-{k % 12 + 1:02d}" for k in (n - 1, n, n + 1))
    except (ValueError, TypeError):
        near = (d[:7],)
    return d[:7], (*near, y)


def _octave(v: float) -> int:
    return -10_000 if v == 0 else math.floor(math.log2(abs(v)))


# ---------------------------------------------------------------- collapse_repeats


def _sentence_words(text: str) -> frozenset:
    return frozenset(w for w in _WORD.findall(fold(text or "")))


REPEAT_CANDIDATES = 64  # earlier figures a figure is compared with (beyond them, exact repeats only): linear time


class _Seen:
    """A kept fact with what comparing it needs, computed once (sentences can be long)."""

    __slots__ = ("fact", "flat", "words", "spans")

    def __init__(self, fact: Fact):
        self.fact = fact
        self.flat = " ".join(fact.sentence.split()) if fact.sentence else ""
        self.words = _sentence_words(fact.sentence) if fact.sentence else frozenset()
        self.spans = {(fact.start, fact.end), *(tuple(r) for r in fact.repeats)}


def _near_repeat(a: _Seen, b: _Seen) -> bool:
    """Same figure in a repeated or nearly repeated sentence (not the same sentence twice)."""
    fa, fb = a.fact, b.fact
    if (fa.start, fa.end) == (fb.start, fb.end):
        return True
    if fa.sentence and fb.sentence:
        if fa.sentence_start == fb.sentence_start and fa.sentence == fb.sentence:
            return False  # one sentence: two figures in it are two facts
        if a.flat == b.flat:
            return True
        return bool(a.words and b.words) and len(a.words & b.words) / len(a.words | b.words) >= 0.8
    return bool(fa.metric) and fa.metric == fb.metric and fa.date == fb.date


def collapse_repeats(facts: list[Fact]) -> list[Fact]:
    """One fact per figure per article: a figure repeated in a (near-)repeated paragraph is kept once,
    at its first occurrence, with the other occurrences' offsets in `repeats`. Linear: each figure is
    compared with the first REPEAT_CANDIDATES kept figures of its value, then looked up by its sentence."""
    kept: list[Fact] = []
    groups: dict[tuple, list[_Seen]] = defaultdict(list)
    by_sentence: dict[tuple, _Seen] = {}
    for fact in sorted(facts, key=lambda f: (f.doc, f.start, f.end)):
        key = (fact.doc, fact.value, fact.value_max, fact.unit, fact.qualifier)
        seen = _Seen(fact)
        first = next((old for old in groups[key][:REPEAT_CANDIDATES] if _near_repeat(old, seen)), None)
        if first is None and seen.flat:
            twin = by_sentence.get((key, seen.flat))
            first = twin if twin is not None and _near_repeat(twin, seen) else None
        if first is not None:
            span = (fact.start, fact.end)
            if span not in first.spans:
                first.spans.add(span)
                first.fact.repeats.append(span)
            continue
        groups[key].append(seen)
        if seen.flat:
            by_sentence.setdefault((key, seen.flat), seen)
        kept.append(fact)
    order = {id(f): i for i, f in enumerate(facts)}
    kept.sort(key=lambda f: order.get(id(f), 0))
    return kept


# ---------------------------------------------------------------- items


class _Item:
    """What merging needs of one fact (the full mention is fetched by `ref` when records are written)."""

    __slots__ = ("fid", "doc", "value", "vmax", "qual", "unit", "ufam", "uspec", "date", "pstart", "mterms",
                 "cterms", "sterms", "cum", "earlier", "sent", "metric", "ref", "oct")

    def __init__(self, row: dict, ref):
        self.fid = str(row.get("id") or stable_id(row.get("doc"), row.get("start"), row.get("end")))
        self.doc = str(row.get("doc") or "")
        self.value = float(row.get("value") or 0.0)
        vmax = row.get("value_max")
        self.vmax = None if vmax is None else float(vmax)
        self.qual = row.get("qualifier") or None
        if self.qual in ("exact", "none", "eq"):
            self.qual = None
        self.unit = row.get("unit")
        self.ufam, self.uspec = unit_key(self.unit)
        self.date = row.get("date") or None
        self.pstart = row.get("period_start") or None
        self.metric = row.get("metric") or None
        self.mterms = metric_terms(self.metric, self.unit)
        sentence = row.get("sentence") or ""
        window = _window(sentence, row)
        self.cterms = tuple(sorted(terms(window, _unit_stems(self.unit))))  # tuples: memory (frozen on use)
        self.sterms = tuple(sorted(terms(_window(sentence, row, SENTENCE_WORDS), _unit_stems(self.unit))))
        probe = fold(" ".join(x for x in (self.metric or "", window) if x))
        self.cum = bool(self.pstart) or bool(_CUMULATIVE.search(_NOT_CUMULATIVE.sub(" ", probe)))
        self.earlier = bool(_EARLIER.search(fold(sentence)))
        self.sent = (row.get("sentence_start") or 0, len(sentence)) if sentence else None
        self.ref = ref
        self.oct = _octave(self.value)

    @property
    def dkey(self) -> str:
        return _month_keys(self.date)[0]

    @property
    def dquery(self) -> tuple:
        return _month_keys(self.date)[1]

    def state(self) -> tuple:
        return tuple(getattr(self, k) for k in self.__slots__)

    @classmethod
    def from_state(cls, state: tuple, shared: dict) -> "_Item":
        """Rebuild an item, sharing equal strings and term sets with the items already loaded (memory)."""
        item = cls.__new__(cls)
        for k, v in zip(cls.__slots__, state):
            if isinstance(v, (str, frozenset, tuple)) and k not in ("fid", "metric"):
                v = shared.setdefault(v, v)
            setattr(item, k, v)
        return item


def _window(sentence: str, row: dict, words: tuple = None) -> str:
    """The words around the figure in its sentence (CONTEXT_WORDS before and after)."""
    words = words or CONTEXT_WORDS
    if not sentence:
        return ""
    rel = (row.get("start") or 0) - (row.get("sentence_start") or 0)
    surface = row.get("surface") or ""
    if not (0 <= rel <= len(sentence)) or (surface and not sentence.startswith(surface[:3], rel)):
        found = sentence.find(surface) if surface else -1
        if found < 0:
            return sentence
        rel = found
    end = rel + len(surface) if surface else rel
    before = sentence[:rel].split()[-words[0]:]
    after = sentence[end:].split()[: words[1] + 1]
    return " ".join(before + after)


def _with_noun(a: _Item, b: _Item, terms_a: frozenset) -> frozenset:
    """A specific counted noun (قتيل) is part of what is counted when the other side counts شخص."""
    return terms_a | {a.uspec} if a.uspec and b.uspec is None else terms_a


def similarity(a: _Item, b: _Item) -> float:
    """Metric phrase, words around the figure, and (less) the whole sentence: which event."""
    m = _sim(_with_noun(a, b, a.mterms), _with_noun(b, a, b.mterms))
    c = _sim(frozenset(a.cterms), frozenset(b.cterms))
    t = _sim(_with_noun(a, b, frozenset(a.sterms)), _with_noun(b, a, frozenset(b.sterms)))
    return 1.0 - (1.0 - m) * (1.0 - CONTEXT_WEIGHT * c) * (1.0 - SENTENCE_WEIGHT * t)


def _same_quantity(a: _Item, b: _Item) -> bool:
    """Evidence that two disagreeing figures count the same thing: two shared words in the metric phrases
    or around the figures, or near-identical short metric phrases («عدد القتلى» / «لقي ... مصرعهم»)."""
    ma, mb = _with_noun(a, b, a.mterms), _with_noun(b, a, b.mterms)
    return len(ma & mb) >= 2 or len(frozenset(a.cterms).intersection(b.cterms)) >= 2 or _sim(ma, mb) >= 0.65


def _agree(a: _Item, b: _Item) -> bool:
    if a.value == b.value and a.vmax == b.vmax:
        return True
    if a.vmax is None and b.vmax is None and not _close(a.value, b.value, TOL_LOOSE):
        return False  # fast path: no reading of two figures this far apart agrees
    return values_agree(a.value, a.vmax, a.qual, b.value, b.vmax, b.qual)


def _identical(a: _Item, b: _Item) -> bool:
    return abs(a.value - b.value) <= 1e-9 * max(1.0, abs(a.value)) and a.vmax == b.vmax


def _ratio(a: _Item, b: _Item) -> float:
    x, y = abs(a.value), abs(b.value)
    return math.inf if min(x, y) == 0 else max(x, y) / min(x, y)


def _same_sentence(a: _Item, b: _Item) -> bool:
    return a.doc == b.doc and a.sent is not None and a.sent == b.sent


AGREE, DISAGREE = 0, 1


def _edge(a: _Item, b: _Item, rel: Optional[str], s: Optional[float] = None) -> Optional[tuple[int, float]]:
    """(kind, similarity) when a and b may be the same statistic; rel = their date relation."""
    if rel is None or not _units_ok(a.uspec, b.uspec) or _same_sentence(a, b):
        return None
    agree = _agree(a, b)
    if not agree and _ratio(a, b) > MAX_RATIO:
        return None
    if s is None:
        s = similarity(a, b)
    if agree:
        specific = is_specific(a.value) and is_specific(b.value)
        if rel == "near" and not _identical(a, b):
            return None  # adjacent dates: only the very same figure restated
        if rel == "undated" and not specific:
            return None  # «16 dead» in two undated articles: only their affinity can tell (_story_links)
        if s >= SIM_AGREE:
            return AGREE, s
        # a specific figure (8,6 million; 102 000) in two articles: a loosely similar wording is enough
        if specific and a.doc != b.doc and s >= SIM_SPECIFIC:
            return AGREE, s
        return None
    if rel == "near" or a.doc == b.doc or a.cum != b.cum:
        return None  # disagreeing: same period, two articles, both cumulative or neither
    if a.date and b.date and a.date != b.date and min(len(a.date), len(b.date)) < 7:
        return None  # a yearly figure and a dated report of that year: not one period to disagree on
    if rel == "undated":
        return None  # two undated figures: nothing says they are of one period (see _attach_undated)
    return (DISAGREE, s) if s >= SIM_CONFLICT and _same_quantity(a, b) else None


# ---------------------------------------------------------------- clustering one block


class _Clusters:
    """Union-find whose unions respect the constraints of one record: at most one specific counted noun,
    dates that are one period, and no two different statistics of one article."""

    def __init__(self, items: list[_Item]):
        self.items = items
        self.parent = list(range(len(items)))
        self.members: dict[int, list[int]] = {}  # root -> members, for clusters of two or more

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def of(self, root: int) -> list[int]:
        return self.members.get(root) or [root]

    def can_join(self, ra: int, rb: int, same_year: bool = False) -> bool:
        ma, mb = self.of(ra), self.of(rb)
        items = self.items
        if len({items[i].uspec for i in ma + mb} - {None}) > 1:
            return False
        dates_a = {items[i].date for i in ma} - {None}
        for db in {items[j].date for j in mb} - {None}:
            for da in dates_a:
                if date_relation(da, db) not in ("same", "near") and not (same_year and da[:4] == db[:4]):
                    return False
        by_doc = defaultdict(list)
        for i in ma:
            by_doc[items[i].doc].append(i)
        for j in mb:
            for i in by_doc.get(items[j].doc, ()):
                a, b = items[i], items[j]
                if _same_sentence(a, b):
                    return False
                if _agree(a, b):
                    if similarity(a, b) < SIM_AGREE:
                        return False  # two statistics of one article (often both round: «4 ملايين أسرة»)
                elif not (a.earlier or b.earlier) or similarity(a, b) < SIM_AGREE / 2:
                    return False  # one article, two values: one statistic only if one is an earlier report
        return True

    def union(self, a: int, b: int, same_year: bool = False) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb or not self.can_join(ra, rb, same_year):
            return False
        self.attach(ra, rb)
        return True

    def attach(self, a: int, b: int) -> None:
        """Union without checks (rebuilding clusters already checked)."""
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return
        if len(self.of(ra)) < len(self.of(rb)):
            ra, rb = rb, ra
        self.parent[rb] = ra
        self.members[ra] = self.of(ra) + self.members.pop(rb, [rb])

    def groups(self) -> list[list[int]]:
        return [sorted(self.of(i)) for i in range(len(self.parent)) if self.parent[i] == i]


def _key_terms(it: _Item) -> frozenset:
    """Terms a candidate must share: the metric's (the context's when the metric has none)."""
    return it.mterms or frozenset(it.cterms)


def _postings(items: list[_Item], idx: Iterable[int], with_date: bool = True) -> dict:
    """Blocking: (metric term, month, value octave) -> items; across dates (for undated mentions) (metric
    term, octave). Two mentions are compared only if they share a word of their metric phrases (of the
    words around the figure when a phrase has none), have compatible months and values within a factor 2."""
    post: dict[tuple, list[int]] = defaultdict(list)
    for i in idx:
        it = items[i]
        for t in _key_terms(it):
            post[(t, it.dkey, it.oct) if with_date else (t, it.oct)].append(i)
    return post


def _candidates(it: _Item, post: dict, with_date: bool = True) -> set[int]:
    found: set[int] = set()
    octaves = (it.oct - 1, it.oct, it.oct + 1)
    limit = MAX_POSTING if with_date else MAX_POSTING_UNDATED
    for t in _key_terms(it):
        for o in octaves:
            for key in ([(t, dk, o) for dk in it.dquery] if with_date else [(t, o)]):
                hits = post.get(key)
                if hits and len(hits) <= limit:
                    found.update(hits)
    return found


def _co_reported(a: _Item, b: _Item, by_doc: dict, items: list[_Item]) -> bool:
    """Does a's sentence also give b's figure (or b's give a's)? Then a vs b is a change the articles
    report («رفع سعر السولار إلى 5.50 جنيه من 3.65»), not a disagreement between them. (An article that
    gives an earlier toll in another sentence still disagrees with its own new one.)"""
    for x, y in ((a, b), (b, a)):
        for k in by_doc.get(x.doc, ()):
            z = items[k]
            if z is not x and _same_sentence(z, x) and _agree(z, y):
                return True
    return False


def _cluster(items: list[_Item]) -> _Clusters:
    """Stage A of one unit block: clusters from agree / disagree edges between mentions with
    compatible dates (undated mentions only with undated ones)."""
    n = len(items)
    by_doc = _by_doc(items)
    post = _postings(items, range(n))
    edges = []
    for i, a in enumerate(items):
        for j in _candidates(a, post):
            if j <= i:
                continue
            b = items[j]
            e = _edge(a, b, date_relation(a.date, b.date))
            if e:
                edges.append((e[0], -e[1], min(a.fid, b.fid), max(a.fid, b.fid), i, j))
    edges.sort()
    uf = _Clusters(items)
    for kind, _s, _f1, _f2, i, j in edges:
        if kind == DISAGREE and _co_reported(items[i], items[j], by_doc, items):
            continue
        uf.union(i, j)
    return uf


def _by_doc(items: list[_Item]) -> dict[str, list[int]]:
    by_doc: dict[str, list[int]] = defaultdict(list)
    for i, it in enumerate(items):
        by_doc[it.doc].append(i)
    return by_doc


class Affinity:
    """How many records two articles share (stage A, over all partitions): articles that already agree
    on several figures cover the same story. One count per pair of articles (the smaller name first,
    names interned): this is the merge's only state that grows with the number of articles."""

    def __init__(self):
        self.pairs: dict[tuple[str, str], int] = {}
        self._neighbours: Optional[tuple[int, dict]] = None

    def add(self, d: str, e: str, n: int = 1) -> None:
        key = (sys.intern(d), sys.intern(e)) if d < e else (sys.intern(e), sys.intern(d))
        self.pairs[key] = self.pairs.get(key, 0) + n
        self._neighbours = None

    def add_groups(self, items: list[_Item], groups: Iterable[list[int]]) -> None:
        for g in groups:
            docs = sorted({items[i].doc for i in g})
            if 1 < len(docs) <= 50:
                for k, d in enumerate(docs):
                    for e in docs[k + 1:]:
                        self.add(d, e)

    def update(self, other: "Affinity") -> None:
        for (d, e), n in other.pairs.items():
            self.add(d, e, n)

    def get(self, d: str, e: str) -> int:
        return self.pairs.get((d, e) if d < e else (e, d), 0)

    def counts(self, pairs: list[tuple[str, str]]) -> list[int]:
        return [self.get(d, e) for d, e in pairs]

    def neighbours(self, d: str, least: int = 2) -> list[str]:
        if self._neighbours is None or self._neighbours[0] != least:
            index: dict[str, list[str]] = defaultdict(list)
            for (a, b), n in self.pairs.items():
                if n >= least:
                    index[a].append(b)
                    index[b].append(a)
            self._neighbours = (least, {k: sorted(v) for k, v in index.items()})
        return self._neighbours[1].get(d, [])


class PairCounts:
    """The affinity summed over all slices, for lookups only: a 64-bit key per pair of articles and its
    count in two sorted arrays (16 bytes a pair, where a dict of names takes about 150)."""

    def __init__(self):
        import numpy as np

        self._np = np
        self._keys = np.empty(0, dtype=np.int64)
        self._counts = np.empty(0, dtype=np.int64)
        self._pending: list = []
        self._pending_size = 0

    @staticmethod
    def key(d: str, e: str) -> int:
        return hash((d, e) if d < e else (e, d))  # one process only: never stored

    def add(self, affinity: Affinity) -> None:
        np, n = self._np, len(affinity.pairs)
        self._pending.append((np.fromiter((hash(k) for k in affinity.pairs), np.int64, n),
                              np.fromiter(affinity.pairs.values(), np.int64, n)))
        self._pending_size += n
        if self._pending_size > 4_000_000:
            self._compact()

    def _compact(self) -> None:
        if not self._pending:
            return
        np = self._np
        keys = np.concatenate([self._keys, *(k for k, _ in self._pending)])
        counts = np.concatenate([self._counts, *(c for _, c in self._pending)])
        self._keys, where = np.unique(keys, return_inverse=True)
        self._counts = np.bincount(where, weights=counts).astype(np.int64)
        self._pending, self._pending_size = [], 0

    def get(self, d: str, e: str) -> int:
        return self.counts([(d, e)])[0]

    def counts(self, pairs: list[tuple[str, str]]) -> list[int]:
        np = self._np
        return self.lookup(np.fromiter((self.key(d, e) for d, e in pairs), np.int64, len(pairs))).tolist()

    def lookup(self, keys):
        """Counts of an array of keys (0 for a pair never seen)."""
        np = self._np
        self._compact()
        at = np.minimum(np.searchsorted(self._keys, keys), max(len(self._keys) - 1, 0))
        if not len(self._keys):
            return np.zeros(len(keys), dtype=np.int64)
        return np.where(self._keys[at] == keys, self._counts[at], 0)

    def __len__(self) -> int:
        self._compact()
        return len(self._keys)


STORY_AFFINITY = 2  # articles sharing this many records are on the same story


def _undated_candidates(items: list[_Item], by_doc: dict, affinity: "Affinity") -> dict[int, list]:
    """For each undated mention, its possible dated partners: {i: [(j, kind, similarity, specific)]}.
    An undated figure that agrees with a dated one of another article is also one more thing the two
    articles share (affinity)."""
    undated = [i for i, it in enumerate(items) if it.date is None]
    if not undated:
        return {}
    post = _postings(items, [i for i, it in enumerate(items) if it.date is not None], with_date=False)
    found: dict[int, list] = {}
    for i in undated:
        a = items[i]
        docs, edges = set(), []
        for j in sorted(_candidates(a, post, with_date=False)):
            b = items[j]
            if b.doc == a.doc or not _units_ok(a.uspec, b.uspec):
                continue
            agree = _agree(a, b)
            if not agree and _ratio(a, b) > MAX_RATIO:
                continue
            s = similarity(a, b)
            if agree and s >= SIM_SPECIFIC:
                docs.add(b.doc)
            e = _edge(a, b, "same", s)
            if e and not (e[0] == DISAGREE and _co_reported(a, b, by_doc, items)):
                edges.append((j, e[0], e[1], e[0] == AGREE and is_specific(a.value) and is_specific(b.value)))
        if edges:
            found[i] = edges
        for d in docs:
            affinity.add(a.doc, d)
    return found


def _story_links(items: list[_Item], uf: _Clusters, by_doc: dict, affinity: Affinity) -> None:
    """Between two articles on the same story, an identical figure (same unit, compatible date) is the
    same statistic even when the two metric phrases share no word («8,6 مليون مستفيد» in 2021): always
    when it is specific (then a date of the same year is enough: the articles anchor it differently),
    else when the metrics are somewhat similar."""
    pairs = []
    for d in sorted(by_doc):
        for e in affinity.neighbours(d, STORY_AFFINITY):
            if e <= d or e not in by_doc:
                continue
            for i in by_doc[d]:
                a = items[i]
                for j in by_doc[e]:
                    b = items[j]
                    if not _identical(a, b) or not _units_ok(a.uspec, b.uspec) or uf.find(i) == uf.find(j):
                        continue
                    rel = date_relation(a.date, b.date) if a.date and b.date else "same"
                    specific = is_specific(a.value)
                    if rel is None and not (specific and a.date[:4] == b.date[:4]):
                        continue
                    s = similarity(a, b)
                    if specific or s >= SIM_AGREE / 2:
                        pairs.append((-s, min(a.fid, b.fid), max(a.fid, b.fid), i, j))
    for _s, _a, _b, i, j in sorted(pairs):
        uf.union(i, j, same_year=is_specific(items[i].value))


# ---------------------------------------------------------------- records


def _mode(values, key=None):
    values = [v for v in values if v is not None]
    if not values:
        return None
    counts = Counter(values)
    return max(counts, key=lambda v: (counts[v], key(v) if key else 0, str(v)))


def _pick_date(dates: list) -> Optional[str]:
    counts = Counter(d for d in dates if d)
    if not counts:
        return None
    return max(counts, key=lambda d: (counts[d], len(d), d))


def _representative(items: list[_Item], members: list[int]) -> _Item:
    """The mention whose metric is closest to the others' (ties: most words shared, shortest, smallest id)."""
    if len(members) == 1:
        return items[members[0]]
    sample = sorted(members, key=lambda i: items[i].fid)[:30]

    def key(i):
        a = items[i]
        return (-round(sum(_sim(a.mterms, items[j].mterms) for j in sample if j != i), 6), len(a.metric or ""), a.fid)

    return items[min(sample, key=key)]


def _variants(items: list[_Item], members: list[int]) -> list[list[int]]:
    """Members grouped by value, in value order: a figure joins the current variant when it agrees with
    every figure in it («97 %» agrees with 97,08 and with 97,8, which do not agree with each other)."""
    order = sorted(members, key=lambda i: (items[i].value, items[i].vmax or 0.0, items[i].fid))
    groups: list[list[int]] = []
    for i in order:
        if groups and all(_agree(items[k], items[i]) for k in groups[-1]):
            groups[-1].append(i)
        else:
            groups.append([i])
    return groups


def _best_value(items: list[_Item], group: list[int]) -> _Item:
    """The figure that stands for agreeing mentions: exact before approximate, most reported, most precise."""
    counts = Counter((items[i].value, items[i].vmax) for i in group)

    def key(i):
        it = items[i]
        return (it.qual is None, counts[(it.value, it.vmax)], significant_digits(it.value), -it.value)

    return items[max(sorted(group, key=lambda i: items[i].fid), key=key)]


def _uniq(values) -> list:
    return sorted({v for v in values if v})


def _build_record(items: list[_Item], members: list[int], details: dict) -> dict:
    """A record dict (mentions as item indices under '_members'); `details[ref]` = the fact's provenance."""
    docs = {items[i].doc for i in members}
    groups = _variants(items, members)
    status = "single" if len(docs) == 1 else ("corroborated" if len(groups) == 1 else "conflict")
    rep = _representative(items, members)
    unit = _mode([items[i].unit for i in members], key=lambda u: unit_key(u)[1] is not None)
    date = _pick_date([items[i].date for i in members])
    record = {
        "record_id": "",
        "status": status,
        "metric": rep.metric,
        "metric_key": " ".join(sorted(rep.mterms)),
        "unit": unit,
        "date": date,
        "period_start": _mode([items[i].pstart for i in members]),
    }
    flags = []
    dated = {items[i].date for i in members if items[i].date}
    relations = {date_relation(a, b) for a in dated for b in dated}
    if None in relations:
        flags.append("dates_differ")  # same-story figure dated differently by its articles
    elif "near" in relations:
        flags.append("dates_approximate")
    if date is None:
        flags.append("undated")
    if status == "conflict":
        variants = []
        for g in groups:
            best = _best_value(items, g)
            info = [details[items[i].ref] for i in g]  # (source, publisher, published, start)
            variants.append({
                "value": best.value, "value_max": best.vmax, "qualifier": best.qual,
                "docs": _uniq(items[i].doc for i in g),
                "sources": _uniq(d[0] for d in info),
                "publishers": _uniq(d[1] for d in info),
                "published": _uniq(d[2] for d in info),
                "dates": _uniq(items[i].date for i in g),
            })
        variants.sort(key=lambda v: (-len(v["docs"]), -len(v["sources"]), v["value"]))
        first = variants[0]
        record.update(value=first["value"], value_max=first["value_max"], qualifier=first["qualifier"],
                      variants=variants)
    else:
        best = _best_value(items, members)
        record.update(value=best.value, value_max=best.vmax, qualifier=best.qual)
    record["flags"] = flags
    record["_members"] = sorted(members, key=lambda i: (details[items[i].ref][2] or "~", items[i].doc,
                                                         details[items[i].ref][3] or 0, items[i].fid))
    record["_cum"] = any(items[i].cum for i in members)
    record["_rep"] = rep
    record["_docs"] = len(docs)
    record["_min_fid"] = min(items[i].fid for i in members)
    return record


def _quantity_sim(a: _Item, b: _Item) -> float:
    """Metric phrase and words around the figure only (a series spans several events)."""
    m = _sim(_with_noun(a, b, a.mterms), _with_noun(b, a, b.mterms))
    return 1.0 - (1.0 - m) * (1.0 - CONTEXT_WEIGHT * _sim(frozenset(a.cterms), frozenset(b.cterms)))


def _decade(v: float) -> int:
    return int(math.floor(math.log10(abs(v)))) if v else -99


def _series_keys(it: _Item) -> list:
    """Blocking of series: the pairs of metric terms (a series needs two shared words, _same_quantity),
    single terms for phrases of one or two words."""
    terms_ = sorted(_key_terms(it))[:12]
    keys: list = [(x, y) for n, x in enumerate(terms_) for y in terms_[n + 1:]]
    if len(terms_) <= 2:
        keys += [(x,) for x in terms_]
    return keys


def _blocks(items: list[_Item]) -> list[list[int]]:
    """Item indices by unit family (a slice holds the mentions of several families)."""
    blocks: dict[str, list[int]] = defaultdict(list)
    for i, it in enumerate(items):
        blocks[it.ufam].append(i)
    return [blocks[k] for k in sorted(blocks)]


def slice_of(date: Optional[str]) -> str:
    """The slice a mention is clustered in: the year of its date, or UNDATED."""
    return date[:4] if date else UNDATED


UNDATED = "-"


def cluster_slice(items: list[_Item]) -> tuple[list[list[int]], Affinity]:
    """Stage A of one slice (one year, or the undated mentions): clusters (item indices) from agree /
    disagree edges, family by family, and the records its articles share."""
    groups, affinity = [], Affinity()
    for idx in _blocks(items):
        sub = [items[i] for i in idx]
        found = _cluster(sub).groups()
        affinity.add_groups(sub, found)
        groups.extend([idx[i] for i in g] for g in found)
    return groups, affinity


def undated_candidates(items: list[_Item], groups: list[list[int]], guests: list[_Item], first: int,
                       affinity: Affinity) -> tuple[dict, dict]:
    """The dated clusters of one slice that undated mentions (`guests`, numbered from `first`) may join:
    ({guest number: [(group, kind, similarity, specific)]}, {group: its articles})."""
    group_of = {i: g for g, members in enumerate(groups) for i in members}
    guests_of: dict[str, list[int]] = defaultdict(list)
    for n, it in enumerate(guests):
        guests_of[it.ufam].append(n)
    found, docs = {}, {}
    for idx in _blocks(items):
        mine = guests_of.get(items[idx[0]].ufam)
        if not mine:
            continue
        sub = [items[i] for i in idx] + [guests[n] for n in mine]
        for i, cands in _undated_candidates(sub, _by_doc(sub), affinity).items():
            found[first + mine[i - len(idx)]] = [(group_of[idx[j]], *rest) for j, *rest in cands]
            for j, *_ in cands:
                g = group_of[idx[j]]
                docs.setdefault(g, sorted({items[k].doc for k in groups[g]}))
    return found, docs


def story_candidates(items: list[_Item], groups: list[list[int]], guests: list[_Item], first: int,
                     affinity: Affinity) -> dict[int, tuple]:
    """Same-story partners of undated mentions in one dated slice (what _story_links does inside a
    slice): an identical figure in an article that shares STORY_AFFINITY records with the mention's,
    specific or with a somewhat similar metric. -> {guest number: ((-similarity, fid, fid), group)}"""
    group_of = {i: g for g, members in enumerate(groups) for i in members}
    by_doc = _by_doc(items)
    found = {}
    for n, u in enumerate(guests):
        best = None
        for e in affinity.neighbours(u.doc, STORY_AFFINITY):
            for j in by_doc.get(e, ()):
                b = items[j]
                if b.ufam != u.ufam or not _identical(u, b) or not _units_ok(u.uspec, b.uspec):
                    continue
                s = similarity(u, b)
                if is_specific(u.value) or s >= SIM_AGREE / 2:
                    key = (-s, min(u.fid, b.fid), max(u.fid, b.fid))
                    if best is None or key < best[0]:
                        best = (key, group_of[j])
        if best:
            found[first + n] = best
    return found


def decide_attachments(guests: list[tuple[str, str]], guest_groups: list[list[int]], candidates: dict,
                       affinity, stories: Optional[dict] = None) -> dict[str, list[tuple[int, int]]]:
    """Which dated cluster each undated cluster joins: its single best candidate over all slices.
    `guests`: (article, fact id) of each undated mention; `candidates[slice]` = undated_candidates(...).
    Agreeing with it is enough for a specific figure; otherwise (a round figure, or a disagreeing one that
    would make a conflict) the two articles must also share STORY_AFFINITY figures: the same template of a
    weekly report gives other figures, the same story the same ones. Candidates that tie: it stays undated.
    An undated cluster left out joins its best same-story partner (`stories[slice]` = story_candidates).
    -> {slice: [(target group, undated group)]}, agreeing attachments first (an article's own restatement
    before its disagreeing headline), same-story ones last."""
    by_guest: dict[int, list] = defaultdict(list)
    for name in sorted(candidates):
        found, _docs = candidates[name]
        for n, cands in found.items():
            by_guest[n].extend((name, *c) for c in cands)
    decisions = []
    for u, members in enumerate(guest_groups):
        scores: dict[tuple, list] = {}
        for n in members:
            for name, g, kind, sim, spec in by_guest.get(n, ()):
                agree, best, specific = scores.get((name, g), (0, 0.0, False))
                scores[(name, g)] = [max(agree, int(kind == AGREE)), max(best, sim), specific or spec]
        if not scores:
            continue
        docs = sorted({guests[n][0] for n in members})
        ranked = []
        for (name, g), (agree, best, specific) in scores.items():
            aff = _most_shared(affinity, docs, candidates[name][1][g])
            if aff >= STORY_AFFINITY or (agree and specific):
                ranked.append(((agree, aff, round(best, 6)), (name, g)))
        if not ranked:
            continue
        ranked.sort(reverse=True)
        if len(ranked) > 1 and ranked[0][0] == ranked[1][0]:
            continue  # ambiguous: stays undated rather than glued to one of several periods
        rank, (name, g) = ranked[0]
        decisions.append((tuple(-x for x in rank), min(guests[n][1] for n in members), name, g, u))
    out: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for _rank, _fid, name, g, u in sorted(decisions):
        out[name].append((g, u))
    decided = {u for *_rest, u in decisions}
    partners = defaultdict(list)
    for name in sorted(stories or {}):
        for n, (key, g) in stories[name].items():
            partners[n].append((key, name, g))
    linked = []
    for u, members in enumerate(guest_groups):
        found = [p for n in members for p in partners.get(n, ())] if u not in decided else []
        if found:
            key, name, g = min(found)
            linked.append((key, name, g, u))
    for _key, name, g, u in sorted(linked):
        out[name].append((g, u))
    return dict(out)


def _most_shared(affinity, docs: list[str], others: list[str], batch: int = 65_536) -> int:
    """The most records one of `docs` shares with one of `others` (looked up in batches: an undated
    cluster can gather many articles)."""
    pairs = ((d, e) for d in docs for e in others)
    most = 0
    while chunk := list(islice(pairs, batch)):
        most = max(most, *affinity.counts(chunk))
    return most


def build_records(items: list[_Item], groups: list[list[int]], links: list[tuple[int, int]], affinity: Affinity,
                  details: dict, salt_undated: bool = False) -> list[dict]:
    """Stage B of one slice: records (dicts, mentions as item indices under '_members') from the stage-A
    clusters, the undated clusters attached to them (`links`: (target group, group), tried in order),
    and same-story figures. `salt_undated`: an undated record here (an attachment refused) takes the
    salted record_id, so that it never shares one with a record of the undated slice."""
    fam_of = [items[g[0]].ufam for g in groups]
    groups_of: dict[str, list[int]] = defaultdict(list)
    for g, fam in enumerate(fam_of):
        groups_of[fam].append(g)
    links_of: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for target, g in links:
        if fam_of[g] == fam_of[target]:
            links_of[fam_of[g]].append((target, g))
    records = []
    for fam in sorted(groups_of):
        idx = sorted(i for g in groups_of[fam] for i in groups[g])
        local = {i: n for n, i in enumerate(idx)}
        sub = [items[i] for i in idx]
        uf = _Clusters(sub)
        for g in groups_of[fam]:
            for i in groups[g][1:]:
                uf.attach(local[groups[g][0]], local[i])
        for target, g in links_of[fam]:
            uf.union(local[groups[target][0]], local[groups[g][0]])
        _story_links(sub, uf, _by_doc(sub), affinity)
        block = [_build_record(sub, g, details) for g in uf.groups()]
        for r in block:
            r["_members"] = [idx[i] for i in r["_members"]]
        _assign_ids(block, fam, salt_undated)
        records.extend(block)
    return records


def _assign_ids(records: list[dict], fam: str, salt_undated: bool = False) -> None:
    """record_id from the metric key, unit family and period; records that would share one are told apart
    by their smallest fact id (the one with the smallest keeps the plain id)."""
    by_id: dict[str, list[dict]] = defaultdict(list)
    for r in records:
        by_id[stable_id("record", fam, r["metric_key"], r["date"] or "")].append(r)
    for rid, group in by_id.items():
        group.sort(key=lambda r: r["_min_fid"])
        for n, r in enumerate(group):
            plain = n == 0 and not (salt_undated and r["date"] is None)
            r["record_id"] = rid if plain else stable_id(rid, r["_min_fid"])


class SeriesView:
    """The light copy of a record that series linking needs (all the years of a family at once):
    its representative mention's terms, counted noun and value, and the record's date and figure."""

    __slots__ = ("fam", "record_id", "date", "figure", "qualifier", "cum", "min_fid", "mterms", "cterms", "uspec",
                 "value")

    def __init__(self, record: dict, fam: str):
        rep = record["_rep"]
        self.fam, self.record_id, self.date = fam, record["record_id"], record["date"]
        self.figure, self.qualifier, self.cum, self.min_fid = (record["value"], record["qualifier"], record["_cum"],
                                                               record["_min_fid"])
        self.mterms, self.cterms, self.uspec, self.value = rep.mterms, rep.cterms, rep.uspec, rep.value

    def __getstate__(self):
        return tuple(getattr(self, k) for k in self.__slots__)

    def __setstate__(self, state):
        for k, v in zip(self.__slots__, state):
            setattr(self, k, v)


def _series_code(key: tuple, decade: int) -> int:
    """A 64-bit code of (terms, decade): (terms, decade ± 1) is the code ± 1."""
    return (hash(key) & 0x3FFF_FFFF_FFFF_FF00) | (decade + 128)


def _series_candidates(views: list[SeriesView]) -> Iterable[tuple[int, list[int]]]:
    """Blocking of series: (k, later records that share two metric terms with k and are within a decade
    of its value), posting lists of more than MAX_POSTING_SERIES skipped. The postings are one sorted
    array of codes (8 bytes a key, not a dict of lists: a family's records can number in the millions)."""
    import numpy as np

    codes, owners, starts = array("q"), array("l"), array("l", [0])
    for k, v in enumerate(views):
        decade = _decade(v.value)
        codes.extend(_series_code(key, decade) for key in _series_keys(v))
        owners.extend([k] * (len(codes) - len(owners)))
        starts.append(len(codes))
    codes_np = np.frombuffer(codes, dtype=np.int64)
    order = np.argsort(codes_np, kind="stable")
    sorted_codes, sorted_owners = codes_np[order], np.frombuffer(owners, dtype=np.int64)[order]
    del order
    for k in range(len(views)):
        own = codes_np[starts[k]:starts[k + 1]]
        if not len(own):
            continue
        queries = np.concatenate((own - 1, own, own + 1))
        lo = np.searchsorted(sorted_codes, queries, "left")
        hi = np.searchsorted(sorted_codes, queries, "right")
        seen: set[int] = set()
        for a, b in zip(lo.tolist(), hi.tolist()):
            if 0 < b - a <= MAX_POSTING_SERIES:
                hits = sorted_owners[a:b]
                seen.update(hits[hits > k].tolist())
        if seen:
            yield k, sorted(seen)


def link_series(views: list[SeriesView]) -> dict[str, tuple[str, int, bool]]:
    """Records of one metric at different dates, over any families:
    {record_id: (series_id, series_index in time order, cumulative decrease)}. A cumulative count
    (منذ، إجمالي، period_start) lower than an earlier one of its series is a decrease."""
    by_fam: dict[str, list[SeriesView]] = defaultdict(list)
    for v in views:
        if v.date:
            by_fam[v.fam].append(v)
    out: dict[str, tuple[str, int, bool]] = {}
    for fam in sorted(by_fam):
        block = sorted(by_fam[fam], key=lambda v: v.record_id)
        if len(block) >= 2:
            out.update(_link_family(block))
    return out


def _link_family(views: list[SeriesView]) -> dict[str, tuple[str, int, bool]]:
    edges = []
    for k, later in _series_candidates(views):
        a = views[k]
        for m in later:
            b = views[m]
            if not _units_ok(a.uspec, b.uspec) or _ratio(a, b) > 10 or a.cum != b.cum:
                continue
            s = _quantity_sim(a, b)
            subject = (a.mterms | set(a.cterms)) & (b.mterms | set(b.cterms)) - _GENERIC
            if s >= SIM_SERIES and _same_quantity(a, b) and subject:
                edges.append((-s, a.min_fid, b.min_fid, k, m))
    edges.sort()
    parent = list(range(len(views)))
    merged: dict[int, tuple[set, set, tuple]] = {}  # root of 2+ records -> (dates, counted nouns, value span)

    def find(k):
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    def state(r):
        v = views[r]
        return merged.get(r) or ({v.date}, {v.uspec} - {None}, (abs(v.figure), abs(v.figure)))

    for _s, _a, _b, k, m in edges:
        rk, rm = find(k), find(m)
        if rk == rm:
            continue
        (dk, uk, sk), (dm, um, sm) = state(rk), state(rm)
        lo, hi = min(sk[0], sm[0]), max(sk[1], sm[1])
        if len(uk | um) > 1 or hi > 10 * lo or any(date_relation(x, y) in ("same", "near") for x in dk for y in dm):
            continue  # one series: one record per period, one counted noun, one order of magnitude
        parent[rm] = rk
        merged.pop(rm, None)
        merged[rk] = (dk | dm, uk | um, (lo, hi))
    series: dict[int, list[int]] = defaultdict(list)
    for k in range(len(views)):
        if parent[k] != k or k in merged:
            series[find(k)].append(k)
    out = {}
    for members in series.values():
        if len(members) < 2:
            continue
        members.sort(key=lambda k: (_parse(views[k].date), views[k].date, views[k].record_id))
        sid = stable_id("series", min(views[k].record_id for k in members))
        top = None
        for pos, k in enumerate(members):
            v = views[k]
            decrease = v.cum and top is not None and v.figure < top[0] and \
                not values_agree(v.figure, None, v.qualifier, top[0], None, top[1])
            out[v.record_id] = (sid, pos, bool(decrease))
            if v.cum and (top is None or v.figure > top[0]):
                top = (v.figure, v.qualifier)
    return out


def _with_series(record: dict, series: dict) -> dict:
    linked = series.get(record["record_id"])
    if linked:
        record["series_id"], record["series_index"], decrease = linked
        if decrease:
            record["flags"] = [*record["flags"], "cumulative_decrease"]
    return record


_PUBLIC = ("record_id", "status", "metric", "metric_key", "unit", "date", "period_start", "value", "value_max",
           "qualifier", "variants", "series_id", "series_index", "flags")


def _public(record: dict) -> dict:
    out = {}
    for k in _PUBLIC:
        v = record.get(k)
        if v is None or (k == "variants" and not v):
            continue
        if k == "variants":
            v = [{a: b for a, b in var.items() if b is not None and b != []} for var in v]
        out[k] = v
    out.setdefault("flags", [])
    return out


def _sort_key(record: dict) -> str:
    return "\x1f".join((record.get("series_id") or record["record_id"], f"{record.get('series_index', 0):06d}",
                        record["record_id"]))


# ---------------------------------------------------------------- mentions (provenance)

_MENTION_FIELDS = ("doc", "value", "value_max", "qualifier", "unit", "metric", "date", "start", "end", "sentence",
                   "publisher", "published", "source", "repeats")


def _provenance(row: dict) -> tuple:
    """What records need of a fact besides its item: (source, publisher, published, start)."""
    return row.get("source"), row.get("publisher"), row.get("published"), row.get("start")


def _mention(row: dict) -> dict:
    out = {"fact_id": str(row.get("id") or stable_id(row.get("doc"), row.get("start"), row.get("end")))}
    for k in _MENTION_FIELDS:
        v = row.get(k)
        if v is not None and not (k == "repeats" and not v):
            out[k] = v
    return out


def _row(fact) -> dict:
    return fact.model_dump(mode="json") if isinstance(fact, Fact) else dict(fact)


def merge(facts: Iterable) -> list[Record]:
    """Records of facts given in memory (Fact objects or dicts): merge_file on a temporary file, so that
    both ways give the very same records."""
    with tempfile.TemporaryDirectory(prefix="factex-merge-") as tmp:
        source, target = Path(tmp) / "facts.jsonl", Path(tmp) / "records.jsonl"
        with open(source, "w", encoding="utf-8") as fh:
            for fact in facts:
                fh.write(json.dumps(_row(fact), ensure_ascii=False) + "\n")
        merge_file(source, target, partitions=1)
        with open(target, encoding="utf-8") as fh:
            return [Record.model_validate_json(line) for line in fh]


# ---------------------------------------------------------------- merge_file: bounded memory
#
# Files of one merge (tmp/p{partition}-{slice}.*): .jsonl the facts, .mentions their mention lines,
# .pkl their items (chunks of (state, provenance)), .groups the stage-A clusters, .affinity the records
# its articles share; a dated slice's .candidates and .stories (clusters undated mentions may join),
# the undated slice's .guests ((article, fact id) of each); .records the stage-B records, .views their
# light copies for series, .out the sorted record lines.
# An item's ref is (slice number << 40) | offset of its mention line, unique within a partition.

_CHUNK = 2000
_OFFSET_BITS = 40


def _partition_of(ufam: str, n: int) -> int:
    return zlib.crc32(ufam.encode("utf-8")) % n


def _dump(obj, path: str) -> None:
    with open(path, "wb") as fh:
        pickle.dump(obj, fh, protocol=pickle.HIGHEST_PROTOCOL)


def _load(path: str):
    with open(path, "rb") as fh:
        return pickle.load(fh)


def _item_chunks(path: str) -> Iterable[list[tuple[_Item, tuple]]]:
    """The items of a .pkl file, chunk by chunk, with their provenance."""
    shared: dict = {}
    with open(path, "rb") as fh:
        while True:
            try:
                chunk = pickle.load(fh)
            except EOFError:
                return
            yield [(_Item.from_state(state, shared), extra) for state, extra in chunk]


def _load_items(path: str, keep=None) -> tuple[list[_Item], dict]:
    """Items of a .pkl file (those whose number is in `keep`, when given) and {ref: provenance}."""
    items, details, n = [], {}, 0
    for chunk in _item_chunks(path):
        for item, extra in chunk:
            if keep is None or n in keep:
                items.append(item)
                details[item.ref] = extra
            n += 1
    return items, details


def _stage_a_file(args) -> str:
    """Read one slice's facts, write its mention lines and items, cluster it; a dated slice also finds
    the undated mentions of its partition (`guests`, read chunk by chunk) that may join its clusters."""
    base, slice_no, guests = args
    items, shared = [], {}
    with open(base + ".jsonl", encoding="utf-8") as fh, open(base + ".mentions", "wb") as ments, \
            open(base + ".pkl", "wb") as part:
        chunk = []
        for line in fh:
            row = json.loads(line)
            ref = (slice_no << _OFFSET_BITS) | ments.tell()
            ments.write(json.dumps(_mention(row), ensure_ascii=False).encode("utf-8") + b"\n")
            item = _Item(row, ref)
            chunk.append((item.state(), _provenance(row)))
            if len(chunk) >= _CHUNK:
                pickle.dump(chunk, part, protocol=pickle.HIGHEST_PROTOCOL)
                chunk = []
            items.append(_Item.from_state(item.state(), shared))
        if chunk:
            pickle.dump(chunk, part, protocol=pickle.HIGHEST_PROTOCOL)
    os.unlink(base + ".jsonl")
    groups, affinity = cluster_slice(items)
    found, docs, first = {}, {}, 0
    for chunk in _item_chunks(guests) if guests else ():
        visitors = [item for item, _extra in chunk]
        more, more_docs = undated_candidates(items, groups, visitors, first, affinity)
        found.update(more)
        docs.update(more_docs)
        first += len(visitors)
    _dump(groups, base + ".groups")
    if guests:
        _dump((found, docs), base + ".candidates")
    if base.endswith("-" + UNDATED):
        _dump([(it.doc, it.fid) for it in items], base + ".guests")  # what the decisions need of them
    _dump(affinity, base + ".affinity")
    return base + ".affinity"


_AFFINITY: Optional[Affinity] = None


def _init_worker(affinity_path: str) -> None:
    global _AFFINITY
    _AFFINITY = _load(affinity_path)


def _stories_file(args) -> None:
    """Same-story partners of a partition's undated mentions in one dated slice (needs the affinity)."""
    base, guests = args
    items, _details = _load_items(base + ".pkl")
    groups = _load(base + ".groups")
    found, first = {}, 0
    for chunk in _item_chunks(guests):
        visitors = [item for item, _extra in chunk]
        found.update(story_candidates(items, groups, visitors, first, _AFFINITY or Affinity()))
        first += len(visitors)
    _dump(found, base + ".stories")


def _decisions(base: str, dated: list[str], affinity: PairCounts) -> tuple[dict, set]:
    """Where the undated clusters of one partition go: ({slice base: [(target, undated group)]}, the
    undated groups attached); `base` is the partition's undated slice, `dated` its dated slices."""
    guests = _load(base + ".guests")
    guest_groups = _load(base + ".groups")
    candidates = {name: _load(name + ".candidates") for name in dated}
    stories = {name: _load(name + ".stories") for name in dated}
    decided = decide_attachments(guests, guest_groups, candidates, affinity, stories)
    return decided, {u for links in decided.values() for _g, u in links}


def _stage_b_file(args) -> int:
    """Records of one slice, written with their light series views. A dated slice takes in the undated
    clusters decided to join it; the undated slice keeps the others. -> facts in the slice"""
    base, guests, links, attached = args
    items, details = _load_items(base + ".pkl")
    groups = _load(base + ".groups")
    n_facts = len(items)
    if guests and links:
        guest_groups = _load(guests + ".groups")
        wanted = sorted({u for _g, u in links})
        numbers = sorted(n for u in wanted for n in guest_groups[u])
        visitors, more = _load_items(guests + ".pkl", set(numbers))
        details.update(more)
        at = {n: len(items) + k for k, n in enumerate(numbers)}
        items.extend(visitors)
        position = {u: len(groups) + k for k, u in enumerate(wanted)}
        groups = groups + [[at[n] for n in guest_groups[u]] for u in wanted]
        links = [(g, position[u]) for g, u in links]
    elif attached:  # the undated slice: clusters attached to a dated record are written there
        groups = [g for u, g in enumerate(groups) if u not in attached]
    records = build_records(items, groups, links or [], _AFFINITY or Affinity(), details,
                            salt_undated=guests is not None)
    views = []
    for r in records:
        if r["date"]:
            views.append(SeriesView(r, items[r["_members"][0]].ufam))
        r["_refs"] = [items[i].ref for i in r["_members"]]
        for key in ("_members", "_rep"):
            r.pop(key)
    _dump(records, base + ".records")
    _dump(views, base + ".views")
    return n_facts


def _write_partition(args) -> tuple[list[str], int, int]:
    """Link the series of one partition (all its years at once), then write each slice's records as
    sorted 'key\\tjson' lines. -> (.out paths, records, conflicts)"""
    bases = args
    series = link_series([v for base in bases for v in _load(base + ".views")])
    mentions = [open(base + ".mentions", "rb") for base in bases]
    paths, n_records, n_conf = [], 0, 0
    try:
        for base in bases:
            records = [_with_series(r, series) for r in _load(base + ".records")]
            records.sort(key=_sort_key)
            with open(base + ".out", "wb") as out:
                for r in records:
                    n_conf += r["status"] == "conflict"
                    parts = []
                    for ref in r["_refs"]:
                        fh = mentions[ref >> _OFFSET_BITS]
                        fh.seek(ref & ((1 << _OFFSET_BITS) - 1))
                        parts.append(fh.readline().rstrip(b"\n"))
                    head = json.dumps(_public(r), ensure_ascii=False)
                    line = head[:-1].encode("utf-8") + b', "mentions": [' + b", ".join(parts) + b"]}"
                    out.write(_sort_key(r).encode("utf-8") + b"\t" + line + b"\n")
            n_records += len(records)
            paths.append(base + ".out")
    finally:
        for fh in mentions:
            fh.close()
    return paths, n_records, n_conf


def _map(fn, jobs, workers, initializer=None, initargs=(), progress=None, stage="") -> Iterable:
    """fn over jobs, in `workers` processes; results are yielded in order as they come (not gathered:
    the partial affinities of stage A are summed one by one); `progress(stage, done, total)` after each."""
    for done, result in enumerate(_map_jobs(fn, jobs, workers, initializer, initargs), 1):
        if progress is not None:
            progress(stage, done, len(jobs))
        yield result


def _map_jobs(fn, jobs, workers, initializer, initargs) -> Iterable:
    if workers > 1 and len(jobs) > 1:
        import multiprocessing as mp

        with mp.get_context("spawn").Pool(workers, initializer=initializer, initargs=initargs) as pool:
            yield from pool.imap(fn, jobs, chunksize=1)
        return
    if initializer:
        initializer(*initargs)
    for job in jobs:
        yield fn(job)


def _split(facts_path: Path, tmp: Path, partitions: int, progress=None) -> tuple[int, dict[int, list[str]], int]:
    """Pass 1: facts into slice files by (unit family partition, year). -> (facts, {partition: slice
    bases, the undated slice first}, facts in the largest slice)."""
    buffers: dict[str, list[str]] = defaultdict(list)
    sizes: Counter = Counter()
    buffered = n_facts = 0
    total_mb = facts_path.stat().st_size >> 20

    def flush():
        for base, lines in buffers.items():
            with open(base + ".jsonl", "a", encoding="utf-8") as fh:
                fh.writelines(lines)
        buffers.clear()

    with open(facts_path, encoding="utf-8") as fh:
        for line in fh:
            line = line.strip()
            if not line:
                continue
            row = json.loads(line)
            k = _partition_of(unit_key(row.get("unit"))[0], partitions)
            base = str(tmp / f"p{k}-{slice_of(row.get('date') or None)}")
            buffers[base].append(line + "\n")
            sizes[base] += 1
            n_facts += 1
            buffered += len(line)
            if buffered > 8 << 20:
                flush()
                buffered = 0
                if progress is not None:
                    progress("split", fh.buffer.tell() >> 20, total_mb)
    flush()
    slices: dict[int, list[str]] = defaultdict(list)
    for path in sorted(tmp.glob("p*-*.jsonl")):
        base = str(path)[: -len(".jsonl")]
        slices[int(path.name[1:].split("-", 1)[0])].append(base)
    for bases in slices.values():
        bases.sort(key=lambda b: (not b.endswith("-" + UNDATED), b))
    return n_facts, dict(slices), max(sizes.values(), default=0)


def merge_file(facts_path, output_path, partitions: Optional[int] = None, workers: int = 1,
               tmp_dir: Optional[str] = None, progress=None) -> dict:
    """Merge a facts JSONL file into a records JSONL file in bounded memory.

    Facts are split by unit family (hashed into `partitions`) and year: one slice per year of a
    partition, and one for its undated mentions. Stage A clusters each slice (`workers` processes) and
    counts the records articles share (affinity); a dated slice also lists the clusters its partition's
    undated mentions may join, reading them chunk by chunk. Each undated cluster then joins its single
    best candidate over all years. Stage B builds each slice's records; series are linked over all the
    years of a partition from light copies of its records; the sorted slices are merged into
    `output_path`. Memory: the largest slice (one unit family, one year), a light copy of the records of
    one partition, and 16 bytes per pair of articles that share a record -- never the whole file.
    Returns counts and seconds. `progress(stage, done, total)`, when given, is called as each step ends.
    """
    start = time.perf_counter()
    facts_path, output_path = Path(facts_path), Path(output_path)
    if partitions is None:
        size = facts_path.stat().st_size if facts_path.exists() else 0
        partitions = max(1, min(64, size // (16 << 20) + 1))
    with tempfile.TemporaryDirectory(prefix="factex-merge-", dir=tmp_dir) as tmp:
        n_facts, slices, largest = _split(facts_path, Path(tmp), partitions, progress)
        t_split = time.perf_counter()
        undated = {k: bases[0] for k, bases in slices.items() if bases[0].endswith("-" + UNDATED)}
        guests = {b: undated.get(k) for k, bases in slices.items() for b in bases if b != undated.get(k)}
        counts, affinity_path = _stage_a(slices, undated, guests, workers, Path(tmp), progress)
        t_a = time.perf_counter()
        links, attached = {}, {}
        for k, base in undated.items():
            links_k, attached[base] = _decisions(base, slices[k][1:], counts)
            links.update(links_k)
        del counts
        jobs = [(b, guests.get(b), links.get(b), attached.get(b)) for b in _largest_first(
            [b for bases in slices.values() for b in bases])]
        if sum(_map(_stage_b_file, jobs, workers, initializer=_init_worker, initargs=(affinity_path,),
                    progress=progress, stage="records")) != n_facts:
            raise RuntimeError("merge: a fact was lost between the slices")  # an invariant, never expected
        t_b = time.perf_counter()
        written = list(_map(_write_partition, [slices[k] for k in sorted(slices)], workers, progress=progress,
                            stage="write"))
        _merge_sorted([p for paths, _n, _c in written for p in paths], output_path)
    end = time.perf_counter()
    return {"facts": n_facts, "records": sum(w[1] for w in written), "conflicts": sum(w[2] for w in written),
            "partitions": partitions, "slices": len(jobs), "largest_slice": largest, "seconds": round(end - start, 3),
            "stages": {"split": round(t_split - start, 3), "cluster": round(t_a - t_split, 3),
                       "records": round(t_b - t_a, 3), "write": round(end - t_b, 3)}}


def _stage_a(slices: dict, undated: dict, guests: dict, workers: int, tmp: Path,
             progress=None) -> tuple[PairCounts, str]:
    """Stage A of every slice (the undated ones first: the dated ones read them), then the same-story
    partners of undated mentions. -> (the affinity summed, the path of its story pairs for workers)"""
    counts, partials = PairCounts(), []
    dated = list(guests)  # every dated slice (with its partition's undated slice, or None)
    for bases in (list(undated.values()), dated):
        jobs = [(b, slices[_partition_no(b)].index(b), guests.get(b) and guests[b] + ".pkl")
                for b in _largest_first(bases)]
        for path in _map(_stage_a_file, jobs, workers, progress=progress, stage="cluster"):
            counts.add(_load(path))
            partials.append(path)
    affinity_path = str(tmp / "affinity.pkl")
    _dump(_story_pairs(partials, counts), affinity_path)
    stories = [(b, guests[b] + ".pkl") for b in _largest_first(dated) if guests[b]]
    for _done in _map(_stories_file, stories, workers, initializer=_init_worker, initargs=(affinity_path,),
                      progress=progress, stage="stories"):
        pass
    return counts, affinity_path


def _merge_sorted(paths: list[str], output_path: Path) -> None:
    """Merge sorted 'key\tline' files into output_path (written to a temporary name, then renamed)."""
    output_path.parent.mkdir(parents=True, exist_ok=True)
    tmp_out = output_path.with_name(f".{output_path.name}.tmp")
    handles = [open(p, "rb") for p in paths]
    try:
        with open(tmp_out, "wb") as out:
            for line in heapq.merge(*handles, key=lambda b: b.split(b"\t", 1)[0]):
                out.write(line.split(b"\t", 1)[1])
    finally:
        for f in handles:
            f.close()
    os.replace(tmp_out, output_path)


def _story_pairs(partials: list[str], counts: PairCounts) -> Affinity:
    """The pairs of articles that share STORY_AFFINITY records or more, with their names, from the
    slices' partial affinities and their sums."""
    import numpy as np

    strong = Affinity()
    for path in partials:
        pairs = list(_load(path).pairs)
        totals = counts.lookup(np.fromiter((hash(p) for p in pairs), np.int64, len(pairs)))
        for pair, n in zip(pairs, totals.tolist()):
            if n >= STORY_AFFINITY:
                strong.pairs[pair] = n
    return strong


def _partition_no(base: str) -> int:
    return int(Path(base).name[1:].split("-", 1)[0])


def _largest_first(bases: list[str]) -> list[str]:
    """The biggest slice is the critical path of the pool: start it first."""
    return sorted(bases, key=lambda b: -os.path.getsize(b + ".jsonl") if os.path.exists(b + ".jsonl")
                  else -os.path.getsize(b + ".pkl"))

