"""What merging needs of one fact: an Item (the full mention is read again by `ref` when records are
written).

An item holds the figure (value, range, qualifier), its counted noun (family, class), its date and
period start, the entities its metric phrase names, and two bags of terms: the metric phrase and the
words right around the figure. It also knows whether the figure is a running total (منذ، إجمالي) and whether
the article reports it as an earlier figure («وكانت الداخلية قد أعلنت ...»).
"""
from __future__ import annotations

import re
import zlib
from functools import lru_cache
from typing import Optional

from ..lexicon import load_table, words
from ..normalize import fold
from ..ids import stable_id
from .compare import class_in_metric, generic_person_stems, is_person, unit_key
from .terms import WORD, changes_head, entity_names, metric_terms, prefix_clitics, sides_of_words, terms, unit_stems

_OPENING_KINDS = ("cumulative", "per_year", "earlier", "earlier_aux")  # cues whose words let the patterns be searched
CONTEXT_WORDS = (6, 4)  # words kept before / after the figure as its context (and its earlier-report cue)


@lru_cache(maxsize=1)
def _cues() -> dict[str, re.Pattern]:
    by_kind: dict[str, list[str]] = {}
    for row in load_table("merge_cues"):
        by_kind.setdefault(row["kind"], []).append(re.escape(fold(row["phrase"])))
    earlier = by_kind["earlier"] + [r"(?:%s)(?: \S+){0,5} (?:%s) (?:%s)\w*" % (
        "|".join(by_kind["earlier_aux"]), "|".join(by_kind["earlier_particle"]), "|".join(by_kind["earlier_verb"]))]
    frames = [re.escape(fold(r["cue"])) for r in load_table("reporting") if r["kind"] == "frame"]
    return {"cumulative": re.compile(r"(?<!\w)(?:%s)?(?:%s)(?!\w)" % (
                "|".join(prefix_clitics()), "|".join(map(_with_feminine, by_kind["cumulative"])))),
            "not_cumulative": re.compile("|".join(by_kind["not_cumulative"])),
            "per_year": re.compile(r"(?<!\w)(?:%s)?(?:%s)(?!\w)" % (
                "|".join(prefix_clitics()), "|".join(map(_with_feminine, by_kind["per_year"])))),
            "earlier": _whole_words(earlier),
            "attribution": re.compile(r"(?:^|\s)(?:%s)(?:\s.*)?$" % "|".join(frames)),
            "earlier_phrase": _whole_words(by_kind["earlier"])}


def _whole_words(patterns: list[str]) -> re.Pattern:
    """Whole words, a prefix clitic allowed: «سابقا», not the letters of «المسابقات»; «وكانت», not «مكانت»."""
    return re.compile(r"(?<!\w)(?:%s)?(?:%s)(?!\w)" % ("|".join(prefix_clitics()), "|".join(patterns)))


@lru_cache(maxsize=1)
def _cue_words() -> dict[str, re.Pattern]:
    """A pattern of the words one of which a text must hold for the running-total patterns of _cues() to
    match it: most texts hold none, and this plain search is far cheaper than those patterns."""
    by_kind: dict[str, list[str]] = {}
    for row in load_table("merge_cues"):
        by_kind.setdefault(row["kind"], []).append(fold(row["phrase"]))
    by_kind["earlier_any"] = by_kind["earlier"] + by_kind["earlier_aux"]
    by_kind["any"] = [phrase for kind in _OPENING_KINDS for phrase in by_kind[kind]]
    return {kind: re.compile("|".join(map(re.escape, _fewest(by_kind[kind]))))
            for kind in ("cumulative", "not_cumulative", "per_year", "earlier", "earlier_any", "any")}


@lru_cache(maxsize=1)
def _cue_openers() -> frozenset:
    """Every word (WORD.findall) that may open a match of the running-total, per-year or earlier-report
    patterns of _cues(): a cue's first word, bare or after a prefix clitic, in the feminine or not."""
    firsts = {fold(row["phrase"]).split()[0] for row in load_table("merge_cues") if row["kind"] in _OPENING_KINDS}
    return frozenset(p + w + end for w in firsts for p in ("", *prefix_clitics()) for end in ("", "ه"))


@lru_cache(maxsize=1)
def _frames() -> frozenset:
    """The first words of the frame cues of reporting.tsv: the attribution pattern of _cues() only
    matches a text that holds one as a whole word."""
    return frozenset(fold(r["cue"]).split()[0] for r in load_table("reporting") if r["kind"] == "frame")


def _fewest(words: list[str]) -> tuple[str, ...]:
    """The words none of which holds another (a text holds a word when it holds one within it)."""
    return tuple(sorted({w for w in words if not any(v != w and v in w for v in words)}))


def _holds(text: str, kind: str) -> bool:
    return _cue_words()[kind].search(text) is not None


def _with_feminine(cue: str) -> str:
    """A whole-word cue; a nisba adjective also in the feminine («الإجمالية»). Whole words: «مجموع» is a
    total, «مجموعة» a group."""
    return cue + "(?:ه)?" if cue.endswith("ي") else cue


def what_is_counted(metric: Optional[str], folded: bool = False) -> Optional[str]:
    """The metric phrase without who said it («عدد القتلى بحسب شهود» -> «عدد القتلى») nor the words
    that mark an earlier report («في الحصيلة الأولية»): they tell the source, not the statistic."""
    if not metric:
        return metric
    text = _unattributed(metric if folded else fold(metric))
    return (_cues()["earlier_phrase"].sub(" ", text) if _holds(text, "earlier") else text).strip()


def _unattributed(folded: str) -> str:
    """The folded text without the frame that names its source («... بحسب شهود»)."""
    return _cues()["attribution"].sub("", folded) if not _frames().isdisjoint(folded.split()) else folded


def fact_id(row: dict) -> str:
    return str(row.get("id") or stable_id(row.get("doc"), row.get("start"), row.get("end")))


def window(sentence: str, row: dict, words: tuple = CONTEXT_WORDS) -> list[str]:
    """The tokens around the figure in its sentence (`words` before and after)."""
    if not sentence:
        return []
    rel = (row.get("start") or 0) - (row.get("sentence_start") or 0)
    surface = row.get("surface") or ""
    if not (0 <= rel <= len(sentence)) or (surface and not sentence.startswith(surface[:3], rel)):
        found = sentence.find(surface) if surface else -1
        if found < 0:
            return sentence.split()
        rel = found
    end = rel + len(surface) if surface else rel
    before = sentence[:rel].rsplit(None, words[0])[-words[0]:]  # (the words near the figure only, not all)
    after = sentence[end:].split(None, words[1] + 1)[: words[1] + 1]
    return before + after


@lru_cache(maxsize=10_000)
def _drop(unit: Optional[str]) -> frozenset:
    """Stems left out of the terms: the counted noun's (and for people the generic nouns')."""
    stems = unit_stems(unit)
    return stems | generic_person_stems() if is_person(unit_key(unit)[0]) else stems


def _earlier(folded: str) -> bool:
    """Do the words around the figure report it as an earlier one («وكانت الداخلية قد أعلنت»)?"""
    return bool(folded) and _holds(folded, "earlier_any") and bool(_cues()["earlier"].search(folded))


def _per_year(folded: str) -> bool:
    """A figure per year («الإيرادات السنوية», «سنويا») in the metric phrase or around the figure."""
    return bool(folded) and _holds(folded, "per_year") and bool(_cues()["per_year"].search(folded))


def _cumulative(folded: str) -> bool:
    """A running total (منذ، إجمالي) said in the metric phrase or around the figure (folded text)."""
    if not folded:
        return False
    if _holds(folded, "not_cumulative"):
        folded = _cues()["not_cumulative"].sub(" ", folded)
    return _holds(folded, "cumulative") and bool(_cues()["cumulative"].search(folded))


@lru_cache(maxsize=8192)
def _metric(metric: Optional[str], unit: Optional[str]) -> tuple[frozenset, bool, Optional[str], frozenset, bool, frozenset,
                                                             bool, frozenset]:
    """What a metric phrase tells of its count: (terms, a change?, the class it names, its terms without
    that class, a running total?, the sides of a scope it names: «القناة الجديدة» / «القناة الحالية»,
    per year?, the names of the entities it names: «أرباح مصرف النور»)."""
    folded = fold(metric) if metric else ""
    words = WORD.findall(folded)
    cued = not _cue_openers().isdisjoint(words)  # (most phrases hold no cue: no pattern searched)
    counted = what_is_counted(folded, folded=True) if cued else _unattributed(folded).strip()
    mterms = metric_terms(counted, unit, folded=True) - _drop(unit)
    change = unit != "%" and changes_head(words)  # «نسبة الارتفاع» is a rate
    mclass, named = class_in_metric(mterms)  # «حالات الوفاة»: cases of death
    return (mterms, change, mclass, named, cued and _cumulative(folded), sides_of_words(words), cued and _per_year(folded),
            entity_names(words))


@lru_cache(maxsize=1)
def _register_terms() -> frozenset:
    """Terms of words/register_word.txt («المسجلين»): a metric holding one counts a register."""
    return frozenset(t for w in words("register_word") for t in terms(w))


class Window:
    """The folded words around a figure; their terms are made on first use (most mentions are never
    compared on them, and those terms were a fifth of reading the facts)."""

    __slots__ = ("text", "unit", "_terms")

    def __init__(self, text: str, unit: Optional[str]):
        self.text, self.unit, self._terms = text, unit, None

    @property
    def terms(self) -> tuple:
        if self._terms is None:
            self._terms = tuple(sorted(terms(self.text, _drop(self.unit), folded=True)))  # a third of a set's memory
            self.text = None
        return self._terms

    def __reduce__(self):  # pickled with a large family's records (family.slice_job): as its terms, a tuple
        return tuple, (self.terms,)


class Item:
    """What merging needs of one fact (see the module doc)."""

    __slots__ = ("fid", "doc", "did", "value", "vmax", "qual", "unit", "ufam", "uclass", "mclass", "change", "date", "pstart", "mterms",
                 "window", "cum", "yearly", "earlier", "sent", "metric", "source", "publisher", "published", "start",
                 "ref", "sides", "stock", "names")

    def __init__(self, row: dict, ref, did: int = 0):
        self.fid = fact_id(row)
        self.doc = str(row.get("doc") or "")
        self.did = did  # the article's number in this merge (stories.StoryCounter)
        self.value = float(row.get("value") or 0.0)
        vmax = row.get("value_max")
        self.vmax = None if vmax is None else float(vmax)
        qual = row.get("qualifier") or None
        self.qual = None if qual in ("exact", "none", "eq") else qual
        self.unit = row.get("unit")
        self.ufam, self.uclass = unit_key(self.unit)
        self.date = row.get("date") or None
        self.pstart = row.get("period_start") or None
        self.metric = row.get("metric") or None
        self.source = row.get("source") or None
        self.publisher = row.get("publisher") or None
        self.published = row.get("published") or None
        self.start = row.get("start") or 0
        self.mterms, self.change, self.mclass, named, metric_cum, self.sides, metric_yearly, self.names = \
            _metric(self.metric, self.unit)
        if self.uclass is None and self.mclass and self.ufam == "person":
            self.uclass, self.mterms = self.mclass, named
        sentence = row.get("sentence") or ""
        folded = fold(" ".join(window(sentence, row)))
        self.window = Window(folded, self.unit)
        cued = _holds(folded, "any")  # (most windows hold no cue word: one search instead of three)
        self.earlier = cued and _earlier(folded)
        self.cum = bool(self.pstart) or metric_cum or (cued and _cumulative(folded))
        # a yearly amount or count (not a rate: «التضخم السنوي» is measured each month) is of its year
        self.yearly = self.unit != "%" and bool(self.date) and (metric_yearly or (cued and _per_year(folded)))
        # a register's count («الناخبين المسجلين») reported on a day: the same a few days on
        self.stock = bool(self.date) and len(self.date) >= 10 and not (self.pstart or self.change) and \
            not self.mterms.isdisjoint(_register_terms())
        self.sent = ((row.get("sentence_start") or 0) << 32 | zlib.crc32(sentence.encode("utf-8"))) if sentence else None
        self.ref = ref

    @property
    def context(self) -> tuple:
        """The terms of the words around the figure, sorted."""
        return self.window.terms

    @property
    def cterms(self) -> frozenset:
        """The terms of the words around the figure."""
        return frozenset(self.window.terms)

    @property
    def block_date(self) -> Optional[str]:
        """The date blocking keys use: a yearly figure's year (it may meet one of any month of that year)."""
        return self.date[:4] if self.yearly else self.date

    @property
    def key_terms(self) -> frozenset:
        """Terms a candidate must share: the metric's (the context's when the metric has none)."""
        return self.mterms or self.cterms
