"""The number tables of data/ar as the number parser reads them (folded): scale words, number words,
qualifier phrases, words before ordinals and labels, month names."""
from __future__ import annotations

from functools import lru_cache

from .lexicon import load_table, words
from .normalize import fold


@lru_cache(maxsize=None)
def scales() -> dict[str, tuple[float, int]]:
    return {fold(r["form"]): (float(r["multiplier"]), int(r["number"])) for r in load_table("scales")}


@lru_cache(maxsize=None)
def number_words() -> dict[str, tuple[float, str]]:
    return {fold(r["form"]): (float(r["value"]), r["kind"]) for r in load_table("number_words")}


@lru_cache(maxsize=None)
def qualifier_phrases() -> list[tuple[tuple[str, ...], str, str]]:
    rows = [(tuple(fold(r["phrase"]).split()), r["qualifier"], r["where"]) for r in load_table("qualifiers")]
    return sorted(set(rows), key=lambda r: -len(r[0]))


@lru_cache(maxsize=None)
def ordinal_cues() -> frozenset[str]:
    return frozenset(fold(r["word"]) for r in load_table("ordinal_cues"))


@lru_cache(maxsize=None)
def label_words() -> frozenset[str]:
    return frozenset(fold(r["word"]) for r in load_table("label_words"))


@lru_cache(maxsize=None)
def month_words() -> frozenset[str]:
    words = set()
    for row in load_table("months"):
        words.add(fold(row["name"]).split()[0])
    return frozenset(words)


@lru_cache(maxsize=None)
def starter_words() -> frozenset[str]:
    return frozenset(number_words()) | frozenset(scales()) | frozenset(w.split()[0] for w in number_words())


@lru_cache(maxsize=None)
def count_words() -> frozenset[str]:
    """Words that give a count: number words, scales and vague quantities («عشرات», «مئات»)."""
    return frozenset(number_words()) | frozenset(scales()) | words("vague_quantity")
