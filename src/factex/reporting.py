"""The words of attribution: reporting cues («أوضح», «حسب», «موضحة») and the head words of a
speaker phrase (titles, institutions, documents, statistics), read from `data/ar/reporting.tsv`,
`speakers.tsv` and `agencies.tsv`.

- cues() -> {folded form: kind}: the cues that report in every use (verb, participle, frame), with
  the و/ف prefixes and the feminine ـت derived; all_cues() adds the verb_that ones («بين», «نقل»)
- cue_kind(word): a word's kind, also with an object pronoun («أعلنتها»)
- head_kind(word) -> person / org / source / document / data, through clitics and dual/plural suffixes
"""
from __future__ import annotations

from functools import lru_cache
from typing import Optional

from .lexicon import load_table, words
from .normalize import fold, strip_article

PLURAL_SUFFIXES = ("ان", "ون", "ين")
SPEAKER_KINDS = frozenset({"person", "org", "source"})  # heads that name who speaks (not documents, data)
OBJECT_SUFFIXES = ("ها", "هم", "ه")


@lru_cache(maxsize=None)
def cues() -> dict[str, str]:
    """Folded cue form (with و/ف and the feminine ـت derived) -> kind, for the words that report in
    every use (not «بين», «نقل», which are cues only before «أن»: see `all_cues`)."""
    return {form: kind for form, kind in all_cues().items() if kind != "verb_that"}


@lru_cache(maxsize=None)
def all_cues() -> dict[str, str]:
    """`cues` and the verb_that forms."""
    table = {}
    for row in load_table("reporting"):
        cue = fold(row["cue"])
        forms = {cue}
        if row["kind"] in ("verb", "verb_that") and not cue.endswith("ت") and not cue.startswith("ي"):
            forms.add(cue + "ت")
        for form in list(forms):
            forms |= {"و" + form, "ف" + form}
        for form in forms:
            table.setdefault(form, row["kind"])
    return table


@lru_cache(maxsize=None)
def cue_table() -> dict[str, str]:
    """`all_cues` and the verbs with an object pronoun after their ـت: «أعلنتها مصادر أمنية» (the ـت
    marks a verb: not the adjective «أبرزهم»)."""
    table = dict(all_cues())
    for form, kind in all_cues().items():
        if kind == "verb" and form.endswith("ت"):
            for suffix in OBJECT_SUFFIXES:
                table.setdefault(form + suffix, "verb")
    return table


def cue_kind(word: str) -> Optional[str]:
    """The cue kind of a word, also with an object pronoun: «أعلنتها مصادر أمنية»."""
    return cue_table().get(word)


@lru_cache(maxsize=None)
def heads() -> dict[str, str]:
    """Folded head word of a speaker phrase -> person / org / source / document / data; agencies are org."""
    table = {fold(r["word"]): r["kind"] for r in load_table("speakers")}
    for row in load_table("agencies"):
        name = fold(row["name"]).split()
        if row["kind"] == "agency" and len(name[0]) >= 3 and (len(name) == 1 or not name[0].startswith("ال")):
            table.setdefault(name[0], "org")
    return table


@lru_cache(maxsize=65536)
def head_kind(word: str) -> Optional[str]:
    """The kind of a head word, through its clitics (و ل لل) and dual/plural suffixes (مصدران، المسؤولين)."""
    table = heads()
    if not word:
        return None
    forms = [word, strip_article(word)]
    if word[:1] in "ول" and len(word) > 3:
        forms.append(word[1:])
    if word.startswith("لل"):
        forms.append("ال" + word[2:])
    for form in list(forms):
        for suffix in PLURAL_SUFFIXES:
            if form.endswith(suffix) and len(form) - len(suffix) >= 3:
                forms.append(form[: -len(suffix)])
    forms += ["ال" + f for f in forms if not f.startswith("ال")]  # «قوات» as «القوات»
    return next((table[f] for f in forms if f in table), None)


def names_speaker(word: str) -> bool:
    """«الوزير», «وزارة», «مصادر», «رويترز»: a head that names who speaks."""
    return head_kind(word) in SPEAKER_KINDS


def label_of_head(word: str) -> Optional[str]:
    """PERS / ORG / DOC of a speaker phrase's head word, when the tables know it."""
    return {"person": "PERS", "org": "ORG", "document": "DOC", "data": "DOC"}.get(head_kind(word) or "")


def listed(word: str, name: str) -> bool:
    """Is the folded word in the word list `name` (data/ar/words/NAME.txt)?"""
    return word in words(name)


@lru_cache(maxsize=None)
def places() -> frozenset[str]:
    """Folded place names (the `place` rows of data/ar/countries.tsv)."""
    return frozenset(fold(r["term"]) for r in load_table("countries") if r["kind"] == "place")
