"""Units: ISO 4217 codes for money (by the article's country or an explicit «ريال سعودي»),
'%' for percentages, otherwise the counted noun in singular indefinite form.
"""
from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple, Optional

from .lexicon import load_table, words
from .normalize import fold, strip_article


class Unit(NamedTuple):
    name: str  # what goes into the fact: a lemma, an ISO code or '%'
    kind: str  # count | currency | time | measure | percent
    words: int  # how many words of the text it took


def _derived_forms(form: str) -> set[str]:
    """A folded form plus its regular inflections: accusative ـا, sound plurals, duals."""
    forms = {form}
    if " " in form:
        return forms
    if form.endswith("ه"):
        stem = form[:-1]
        forms |= {stem + "ات", stem + "تين", stem + "تان", stem + "تا"}
    else:
        forms |= {form + "ا", form + "ين", form + "ان", form + "ون", form + "يين"}
    return forms


@lru_cache(maxsize=None)
def counted_nouns() -> dict[str, tuple[str, str]]:
    """folded form -> (lemma, kind)"""
    table: dict[str, tuple[str, str]] = {}
    for row in load_table("units"):
        entry = (row["lemma"], row["kind"])
        listed = [row["lemma"], *[f for f in row["forms"].split(",") if f]]
        for form in listed:
            for derived in _derived_forms(fold(form)):
                table.setdefault(derived, entry)
        for form in listed:  # listed forms win over derived ones of another lemma
            table[fold(form)] = entry
    return table


@lru_cache(maxsize=None)
def currencies() -> dict[str, list[tuple[str, str]]]:
    """folded form -> [(country, code), ...] (country '' = any)"""
    table: dict[str, list[tuple[str, str]]] = {}
    for row in load_table("currencies"):
        for form in [row["word"], *[f for f in row["forms"].split(",") if f]]:
            table.setdefault(fold(form), []).append((row["country"], row["code"]))
    return table


def _currency(phrase: str, country: Optional[str]) -> Optional[str]:
    options = currencies().get(phrase)
    if not options:
        return None
    for place, code in options:
        if place == "" or place == country:
            return code
    return options[0][1]


def lookup(words: list[str], country: Optional[str] = None) -> Optional[Unit]:
    """The unit named by the first words of `words` (folded), longest match first."""
    for n in (2, 1):
        if len(words) < n:
            continue
        phrase = " ".join(words[:n])
        code = _currency(phrase, country)
        if code:
            return Unit(code, "currency", n)
        noun = counted_nouns().get(phrase)
        if noun:
            return Unit(noun[0], noun[1], n)
    return None


def noun_unit(word: str) -> Optional[str]:
    """The lemma of a (possibly definite) noun: «الملفات» -> ملف, «المستفيدين» -> مستفيد."""
    entry = counted_nouns().get(word) or counted_nouns().get(strip_article(word))
    return entry[0] if entry and entry[1] == "count" else None


def is_unit_word(word: str) -> bool:
    return word in counted_nouns() or word in currencies()


def guess_noun(word: str, value: float, rejected: frozenset = frozenset()) -> Optional[str]:
    """A counted noun missing from the table: «156 ألف يتيم» -> يتيم, «28 محضرا» -> محضر.
    `word` is the original spelling; the checks run on its folded form."""
    folded = fold(word)
    if len(folded) < 3 or not folded.isalpha() or folded in words("not_noun") or folded in rejected:
        return None
    if folded.startswith(("ال", "و")) or (folded[0] in "بلفك" and (folded[1:3] == "ال" or folded[1:] in rejected)):
        return None
    if folded.endswith("ا") and len(folded) >= 5 and value >= 11:
        word = word[:-1]
    return word


def singular_of_plural(word: str) -> Optional[str]:
    """«المصوتين» -> مصوت, «المستفيدات» -> مستفيده: sound plurals only."""
    stem = strip_article(word)
    if stem == word:
        return None
    for suffix, ending in (("ين", ""), ("ون", ""), ("ات", "ة")):
        if stem.endswith(suffix) and len(stem) - len(suffix) >= 3:
            return stem[: -len(suffix)] + ending
    return None
