"""Metric phrases to comparable terms: folded words, stop words dropped, light stems, synonym classes.

- stem(word) -> str: the light stem of one folded word (clitics, article, a few suffixes cut; broken
  plurals to their lemma from units.tsv; synonyms to their class from synonyms.tsv: مصرع -> قتيل)
- terms(text, drop, digits) -> frozenset: the content terms of a phrase
- metric_terms(metric, unit) / metric_key(metric, unit): what records are keyed and compared by
- generic_terms() -> frozenset: concepts shared by unrelated stories (قتيل، شخص)
- unit_stems(unit) -> frozenset: the stems of a counted noun (left out of its own metric phrase)
- sides(metric) / opposite(a, b): the sides of a scope a phrase names (the new canal, the existing one)
- entity_names(words) -> frozenset: the names after an entity's noun («مصرف النور»); place_stems()

All words come from the tables in data/ar (merge_words, merge_opposites, synonyms, clitics, units,
countries, words/entity_noun and the month, number, currency, date and reporting tables), read through
factex.lexicon.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Optional

from ..lexicon import load_table, words as word_list
from ..normalize import fold

WORD = re.compile(r"[^\W\d_]+")
WORD_OR_NUMBER = re.compile(r"[^\W_]+")
_STOP_TABLES = {  # table -> the columns whose words are stop words
    "months": ("name",), "weekdays": ("name",), "date_words": ("word",), "relative_dates": ("phrase",),
    "number_words": ("form",), "scales": ("form",), "currencies": ("word", "forms"), "metric_stops": ("word",),
    "reporting": ("cue",), "qualifiers": ("phrase",),
}


def _words(cell: str) -> list[str]:
    return [fold(w) for part in (cell or "").split(",") for w in part.split() if w]


@lru_cache(maxsize=1)
def _clitics() -> dict[str, tuple[str, ...]]:
    kinds: dict[str, list[str]] = {"article": [], "conjunction": [], "preposition": [], "suffix": [], "relational": []}
    for row in load_table("clitics"):
        kinds[row["kind"]].append(fold(row["affix"]))
    out = {k: tuple(v) for k, v in kinds.items()}
    out["one_letter"] = out["conjunction"] + out["preposition"]
    return out


def is_relational_adjective(word: str) -> bool:
    """A folded word that ends as a relational adjective does («اسعافيه», «اضافي»)."""
    return len(word) >= 4 and word.endswith(_clitics()["relational"])


def prefix_clitics() -> tuple[str, ...]:
    """The prefixes a word may carry (وال، بال، و، ب ...), longest first."""
    return tuple(sorted(_clitics()["article"] + _clitics()["one_letter"], key=len, reverse=True))


@lru_cache(maxsize=1)
def _synonyms() -> dict[str, str]:
    return {fold(r["word"]): fold(r["class"]) for r in load_table("synonyms")}


@lru_cache(maxsize=1)
def _lemmas() -> dict[str, str]:
    """Folded form -> folded lemma of the counted nouns (broken plurals: أطفال -> طفل)."""
    table = {}
    for row in load_table("units"):
        lemma = fold(row["lemma"])
        for form in [row["lemma"], *(row.get("forms") or "").split(",")]:
            form = fold(form.strip())
            if form and " " not in form:
                table.setdefault(form, lemma)
    return table


def _head_words(cell: str) -> list[str]:
    """The first word of each phrase of a cell: «دينار ليبي» names a currency by «دينار»; its
    adjective names a country, which tells two statistics apart."""
    return [fold(part.split()[0]) for part in (cell or "").split(",") if part.split()]


@lru_cache(maxsize=1)
def _raw_stops() -> frozenset:
    words = set()
    for table, columns in _STOP_TABLES.items():
        cells = _head_words if table == "currencies" else _words
        for row in load_table(table):
            for column in columns:
                words.update(cells(row.get(column, "")))
    for row in load_table("reporting"):  # feminine forms of the verbs: أوضحت
        if row.get("kind") == "verb":
            words.update(w + "ت" for w in _words(row["cue"]))
    words.update(fold(r["word"]) for r in load_table("merge_words") if r["kind"] in ("stop", "change"))
    return frozenset(words)


@lru_cache(maxsize=1)
def change_words() -> frozenset:
    """Folded words that make a figure a change (زيادة، ارتفاع), with their stems."""
    words = {fold(r["word"]) for r in load_table("merge_words") if r["kind"] == "change"}
    return frozenset(words | {stem(w) for w in words})


def changes_head(words: list[str]) -> bool:
    """Does a metric phrase (its folded words, WORD.findall) measure a change: is a change word its head
    («الزيادة في قيمة السحوبات», past a generic head: «قيمة الارتفاع»)? «الدعم بعد الزيادة» is a level."""
    changes, stops = change_words(), _raw_stops()
    for w in words:
        if w in changes or stem(w) in changes:
            return True
        if w not in stops and stem(w) not in stops:
            return False
    return False


@lru_cache(maxsize=1)
def _opposites() -> dict[str, str]:
    """Folded word, bare or after a one-letter clitic («والجديدة») -> "scope:side" (the bare word's when
    the clitic form is a word of the table too)."""
    table = {fold(r["word"]): f"{r['scope']}:{r['side']}" for r in load_table("merge_opposites")}
    forms = {c + w: side for c in _clitics()["one_letter"] if len(c) == 1 for w, side in table.items()}
    return {**forms, **table}


def sides(metric: Optional[str], folded: bool = False) -> frozenset:
    """The sides of the scopes of merge_opposites.tsv a metric phrase names ({"age:new"} for «عدد ركاب
    القناة الجديدة»); a scope named on both sides is left out."""
    return sides_of_words(WORD.findall(metric if folded else fold(metric))) if metric else frozenset()


def sides_of_words(words: list[str]) -> frozenset:
    """sides() of a phrase's folded words (WORD.findall)."""
    table = _opposites()
    if table.keys().isdisjoint(words):  # (most phrases name no side)
        return frozenset()
    return one_side_each(frozenset(table[w] for w in words if w in table))


def one_side_each(found: frozenset) -> frozenset:
    """`found` without the scopes it names on two sides."""
    scopes = [s.split(":")[0] for s in found]
    return frozenset(s for s, scope in zip(found, scopes) if scopes.count(scope) == 1)


def opposite(a: frozenset, b: frozenset) -> bool:
    """Do two phrases' sides (`sides`) name two sides of one scope?"""
    return any(x != y and x.split(":")[0] == y.split(":")[0] for x in a for y in b)


@lru_cache(maxsize=1)
def generic_terms() -> frozenset:
    return frozenset(stem(fold(r["word"])) for r in load_table("merge_words") if r["kind"] == "generic")


@lru_cache(maxsize=1)
def _affix_places() -> tuple[dict, tuple, dict, tuple]:
    """(article -> its place in clitics.tsv, their lengths, suffix -> place, lengths): of the affixes a
    word carries, the first in the table is cut (a dict lookup per length, not a test per affix)."""
    out = []
    for kind in ("article", "suffix"):
        place: dict[str, int] = {}
        for k, affix in enumerate(_clitics()[kind]):
            place.setdefault(affix, k)
        out += [place, tuple(sorted({len(a) for a in place}))]
    return tuple(out)


def _first_affix(w: str, place: dict, lengths: tuple, keep: int, end: bool) -> int:
    """The length of the first affix (in table order) that `w` begins (`end`: ends) with and that leaves
    `keep` letters; 0 when none."""
    best = cut = 0
    for n in lengths:
        if len(w) - n < keep:
            break
        k = place.get(w[-n:] if end else w[:n])
        if k is not None and (not cut or k < best):
            best, cut = k, n
    return cut


def _core(w: str) -> str:
    synonyms, lemmas = _synonyms(), _lemmas()
    known = synonyms.get(w) or lemmas.get(w)
    if known:  # «بالغة» is a word, not «بال» + «غة»
        return _masculine(synonyms.get(known, known))
    articles, article_lengths, suffixes, suffix_lengths = _affix_places()
    w = w[_first_affix(w, articles, article_lengths, 2, False):]
    for _ in range(3):
        known = synonyms.get(w) or lemmas.get(w)
        if known:
            w = synonyms.get(known, known)
            break
        cut = _first_affix(w, suffixes, suffix_lengths, 3, True)
        if not cut:
            break
        w = w[:-cut]
    return _masculine(synonyms.get(w, w))


def _masculine(w: str) -> str:
    return w[:-1] if w.endswith("ه") and len(w) >= 4 else w  # feminine lemma (مستفيدة) = masculine


def _known(w: str) -> bool:
    return w in _synonyms() or w in _lemmas() or w in _raw_stops()


@lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    """Light stem of one folded word: conjunction/preposition clitics and the article, a couple of
    suffixes, the lemma of broken plurals (أطفال -> طفل) and synonym classes (مصرع، ضحايا -> قتيل).
    A bare clitic (و، ف، ب، ل، ك) is cut only when what remains is a known word (وأطفال، بنسبة)."""
    w = word.lower()
    if w.isdigit():
        return w
    clitics = _clitics()
    articles, conjunctions, prepositions = clitics["article"], clitics["conjunction"], clitics["preposition"]
    cuts = []
    if len(w) >= 4 and w[0] in conjunctions and not w.startswith(articles):
        cuts.append(w[1:])
        if len(w) >= 5 and w[1] in prepositions and not w[1:].startswith(articles):
            cuts.append(w[2:])
    elif len(w) >= 4 and w[0] in prepositions and not w.startswith(articles):
        cuts.append(w[1:])
    for cut in cuts:
        core = _core(cut)
        if _known(cut) or _known(core):
            return core
    return _core(w)


@lru_cache(maxsize=1)
def stop_stems() -> frozenset:
    raw = _raw_stops()
    return frozenset(stem(w) for w in raw if len(w) > 2) | raw


def _token_terms(token: str, digits: bool) -> tuple[str, ...]:
    """The terms of one folded whitespace-separated token (usually one word, or none)."""
    stops, one_letter = stop_stems(), _clitics()["one_letter"]
    out = []
    # (a token of letters only, or of letters and digits with `digits`, is one word: no regex)
    found = (token,) if (token.isalnum() if digits else token.isalpha()) else (WORD_OR_NUMBER if digits else WORD).findall(token)
    for w in found:
        if w.isdigit():
            if len(w) <= 4:
                out.append(w)
            continue
        if w in stops or len(w) < 2 or (w[0] in one_letter and w[1:] in stops):
            continue
        s = stem(w)
        if s not in stops and len(s) >= 2:
            out.append(s)
    return tuple(out)


_TOKENS: dict[bool, dict[str, tuple[str, ...]]] = {False: {}, True: {}}  # token -> its terms (a bounded cache)
TOKEN_CACHE = 200_000


def terms(text: Optional[str], drop: frozenset = frozenset(), digits: bool = False, folded: bool = False) -> frozenset:
    """Content terms of a phrase: folded words, stop words and `drop` (the unit's own stems) removed,
    stemmed; `digits`: numbers written in the phrase count as terms («بنزين 92»); `folded`: the text is
    already normalize.fold()ed."""
    if not text:
        return frozenset()
    cache = _TOKENS[digits]
    out: set[str] = set()
    for token in (text if folded else fold(text)).split():
        found = cache.get(token)
        if found is None:
            if len(cache) >= TOKEN_CACHE:
                cache.clear()
            found = cache[token] = _token_terms(token, digits)
        if found:
            out.update(found)
    return frozenset(out - drop) if drop else frozenset(out)


@lru_cache(maxsize=10_000)
def unit_stems(unit: Optional[str]) -> frozenset:
    """Stems of a counted noun's words (and of the generic person nouns for a count of people)."""
    if not unit:
        return frozenset()
    return frozenset(stem(w) for w in WORD.findall(fold(unit)))


def metric_terms(metric: Optional[str], unit: Optional[str] = None, folded: bool = False) -> frozenset:
    return terms(metric, unit_stems(unit), digits=True, folded=folded)


def metric_key(metric: Optional[str], unit: Optional[str] = None) -> str:
    """The normalised metric: its content terms, sorted (what records are keyed and compared by)."""
    return " ".join(sorted(metric_terms(metric, unit)))


@lru_cache(maxsize=1)
def place_stems() -> frozenset:
    """Stems of the place names of countries.tsv (countries, cities, demonyms)."""
    return frozenset(s for row in load_table("countries") if row["kind"] == "place" for s in terms(row["term"]))


def entity_names(words: list[str]) -> frozenset:
    """Stems of the (up to two) words after a noun of an entity in a phrase's folded words (WORD.findall):
    its name («أرباح مصرف النور»); a place, a stop word or another such noun is no part of it."""
    heads, no_name = _entity_stems(), _no_name_stems()
    stems = [stem(w) for w in words]
    names = set()
    for i, s in enumerate(stems):
        if s in heads:
            names.update(n for n in stems[i + 1:i + 3] if n not in no_name)
    return frozenset(names)


@lru_cache(maxsize=1)
def _no_name_stems() -> frozenset:
    return _entity_stems() | stop_stems() | place_stems()


@lru_cache(maxsize=1)
def _entity_stems() -> frozenset:
    return frozenset(stem(fold(w)) for w in word_list("entity_noun"))
