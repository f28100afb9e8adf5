"""Units: ISO 4217 codes for money (by the article's country or an explicit «ريال سعودي»),
'%' for percentages, otherwise the counted noun in singular indefinite form.
"""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from typing import Callable, NamedTuple, Optional

from .lexicon import load_table, words
from .normalize import DIACRITICS, fold, strip_article

_DIACRITIC = re.compile("[" + re.escape(DIACRITICS) + "\u0640]")
_WORD = re.compile(r"[^\W\d_]+")


class Unit(NamedTuple):
    name: str  # what goes into the fact: a lemma, an ISO code or '%'
    kind: str  # count | currency | time | measure | percent
    words: int  # how many words of the text it took
    guessed: bool = False  # a noun read off the text, not one of the units table
    per: float = 1.0  # sub-units: how many of the word make one of the code (سنتيم: 100 per MAD)


def _derived_forms(form: str) -> set[str]:
    """A folded form plus its regular inflections: accusative ـا, sound plurals, duals."""
    forms = {form}
    if " " in form:  # «متر مربع» -> «مترا مربعا» (after a number from 11 to 99), like a currency's two words
        parts = form.split()
        return forms if len(parts) != 2 or any(p.endswith(("ه", "ا", "ات")) for p in parts) else forms | {" ".join(p + "ا" for p in parts)}
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
    rows = [((row["lemma"], row["kind"]), [f for f in row["forms"].split(",") if f]) for row in load_table("units")]
    for entry, _ in rows:  # a lemma's inflections first: «مدنيين» is «مدني» inflected, not «مدن» (of «مدينة»)
        for derived in _derived_forms(fold(entry[0])):
            table.setdefault(derived, entry)
    for entry, forms in rows:  # then the inflections of the listed forms («أشخاصا», «عائلتين»)
        for form in forms:
            for derived in _derived_forms(fold(form)):
                table.setdefault(derived, entry)
    for entry, forms in rows:  # listed forms win over derived ones of another lemma
        for form in [entry[0], *forms]:
            table[fold(form)] = entry
    return table


@lru_cache(maxsize=None)
def currencies() -> dict[str, list[tuple[str, str, float, str]]]:
    """folded form -> [(country, code, per, word), ...] (country '' = any; word: the row's own spelling)"""
    table: dict[str, list[tuple[str, str, float, str]]] = {}
    for row in load_table("currencies"):
        per = float(row.get("per") or 1)
        for form in [row["word"], *[f for f in row["forms"].split(",") if f]]:
            for spelling in {fold(form), fold(_accusative(form))}:
                table.setdefault(spelling, []).append((row["country"], row["code"], per, row["word"]))
    return table


@lru_cache(maxsize=None)
def currency_codes() -> frozenset[str]:
    """«USD», «SAR»: the ISO 4217 codes of currencies.tsv, as a text may write them."""
    return frozenset(row["code"] for row in load_table("currencies"))


def _accusative(phrase: str) -> str:
    """«جنيه إسترليني» -> «جنيها إسترلينيا» (after a number from 11 to 99): each word of a masculine
    singular phrase of two words takes the alif of the accusative; other forms stay as they are."""
    parts = phrase.split()
    if len(parts) != 2 or any(p.endswith(("ة", "ا", "ات", "ى")) for p in parts):
        return phrase
    return " ".join(p + "ا" for p in parts)


@lru_cache(maxsize=None)
def _places() -> dict[str, str]:
    return {fold(r["term"]): r["country"] for r in load_table("countries") if r["kind"] == "place"}


def _place(word: str) -> Optional[str]:
    """The country of a place word, with clitics: والكويت، بالكويت، للكويت."""
    places = _places()
    if word in places:
        return places[word]
    if word[:2] == "لل" and "ال" + word[2:] in places:
        return places["ال" + word[2:]]
    if word[:1] in "وفبلك":
        return places.get(word[1:]) or (places.get(word[2:]) if word[1:2] in "بلك" else None)
    return None


def mentioned_countries(text: str) -> tuple[str, ...]:
    """Countries the folded `text` names (places, demonyms), most named first."""
    counts = Counter(c for c in map(_place, _WORD.findall(text)) if c)
    return tuple(c for c, _ in counts.most_common())


def _currency(phrase: str, country: Optional[str], mentioned: Callable[[], tuple[str, ...]]) -> Optional[Unit]:
    """A currency word: its code where the word fixes it («دولار», «دينار كويتي»), else the code of the
    article's country, else of the country the article names most; unresolved (the word itself,
    «دينار») when nothing fixes it."""
    options = currencies().get(phrase)
    if not options:
        return None
    n = len(phrase.split())
    by_place = {place: (code, per) for place, code, per, _ in options}
    for place in ("", country):
        if place in by_place:
            code, per = by_place[place]
            return Unit(code, "currency", n, per=per)
    for place in (*mentioned(), "*"):
        if place in by_place:
            code, per = by_place[place]
            return Unit(code, "currency", n, per=per)
    return Unit(options[0][3], "currency", n)


def lookup(words: list[str], country: Optional[str] = None, mentioned: Callable[[], tuple[str, ...]] = tuple) -> Optional[Unit]:
    """The unit named by the first words of `words` (folded), longest match first. `mentioned()`: the
    countries the article names, asked only for a currency word that several countries use."""
    for n in (2, 1):
        if len(words) < n:
            continue
        phrase = " ".join(words[:n])
        unit = _currency(phrase, country, mentioned)
        if unit:
            return unit
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


def guess_noun(word: str, value: float, rejected: frozenset = frozenset(), scaled: bool = False) -> Optional[str]:
    """A counted noun missing from the table, as its singular without diacritics: «156 ألف يتيم» -> يتيم,
    «28 محضرا» -> محضر, «16 مصريًا» -> مصري, «10 إذاعات» -> إذاعة, «6 حوثيين» -> حوثي. None for what is no counted noun:
    a verb («أودعت», «يعالجون»), a preposition and a noun («بانفجار»), an accusative after a scale word
    («120 مليارا متقدما»: the noun counted by مليار is genitive). `word` is the original spelling."""
    folded, plain = fold(word), _DIACRITIC.sub("", word)
    if len(folded) < 3 or not folded.isalpha() or folded in words("not_noun") or folded in rejected:
        return None
    if folded.startswith(("ال", "و", "لل")) or (folded[0] in "بلفك" and (folded[1:3] == "ال" or folded[1:] in rejected or folded[1:] in counted_nouns())):
        return None  # «للفريق», «لأسهم»: a preposition before a noun
    if folded[0] in "بل" and folded[1:] in _places():
        return None  # «174 بجدة و531 بمكة»: where, not what is counted
    if _verb_like(folded) or (folded[0] in "بلك" and folded[1] in "امت" and len(folded) >= 5 + (folded[1] == "ا")):
        return None  # «بانفجار», «بمقدار», «بتقديم»: a preposition before a noun
    if folded.endswith("ا") and len(folded) >= 3:
        if scaled:
            return None
        return plain[:-1] if value >= 11 else plain
    if folded.endswith("ات") and len(folded) >= 5 and not (folded[0] == "ا" and len(folded) == 5):
        return _singular_of_at(plain)  # «أصوات» (أفعال) is a broken plural
    if folded.endswith(("يين", "يون")) and len(folded) >= 6:
        return plain[:-2]  # «6 حوثيين», «12 سوريون»: the plural of a nisba noun (not «تعيين»)
    return plain


def _singular_of_at(plain: str) -> str:
    """«إذاعات» -> إذاعة, «اتحادات» -> اتحاد, «مهرجانات» -> مهرجان, «كليات» -> كلية (a plural in ـيات is
    of a noun in ـية; the few of a noun in ـى or ـاة, «مستشفيات», «مباريات», are in units.tsv)."""
    stem = plain[:-2]
    folded = fold(stem)
    if folded.endswith("ي") and len(folded) < 3:
        return plain
    if (folded[0] == "ا" and len(folded) >= 5) or folded.endswith("ان"):
        return stem  # masculine: a derived masdar («اتحاد», «اجتماع») or «ـان» («مهرجان», «بيان»)
    return stem + "ة"


def _verb_like(folded: str) -> bool:
    """«يعالجون», «يرغبون» (imperfect plural), «أودعت», «بلغت» (perfect, feminine)."""
    if folded[0] in "يت" and folded.endswith(("ون", "ان")) and len(folded) >= 5:
        return True
    if folded.endswith("وا") and len(folded) >= 4:
        return True  # «عادوا», «قتلوا»
    if folded[0] == "ي" and len(folded) in (4, 5) and not folded.endswith(("ي", "ه", "ا")):
        return True  # «يمكن», «يعتقد», «ينتقل»: the imperfect (a noun in ي is in units.tsv: «يتيم»)
    return folded.endswith("ت") and not folded.endswith(("ات", "وت", "يت")) and len(folded) >= 4


def singular_of_plural(word: str) -> Optional[str]:
    """«المصوتين» -> مصوت, «المستفيدات» -> مستفيدة, «الاتحادات» -> اتحاد: sound plurals only."""
    stem = strip_article(word)
    if stem == word:
        return None
    if len(stem) == 5 and stem[0] == "ت" and stem[3] == "ي":
        return None  # «التأمين», «التعيين»: a verbal noun of the pattern تفعيل, not a plural
    for suffix, shortest in (("ين", 3), ("ون", 4)):
        if stem.endswith(suffix) and len(stem) - len(suffix) >= shortest:  # not «القانون»
            return stem[: -len(suffix)]
    if stem.endswith("ات") and len(stem) >= 5:  # «الاتحادات» -> اتحاد, «المستفيدات» -> مستفيدة
        return stem[:-2] + "ة" if stem[:-2].endswith("ي") else _singular_of_at(stem)  # «الشخصيات» -> شخصية
    return None
