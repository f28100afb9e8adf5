"""Orthographic normalisation of Arabic text, with a map back to the original offsets.

`fold(text)` is the matching form (alef forms -> ا, ى -> ي, ة -> ه, diacritics, tatweel and
bidi/zero-width marks removed, Arabic-Indic and Persian digits -> ASCII). `normalize(text)`
returns the same folding plus the original offset of every character, so that spans found
in the folded text can be reported in the text as read.
"""
from __future__ import annotations

import re
from functools import lru_cache
import unicodedata
from dataclasses import dataclass
from typing import Optional

DIACRITICS = "".join(chr(c) for c in [*range(0x0610, 0x061B), *range(0x064B, 0x0660), 0x0670, *range(0x06D6, 0x06EE)])
INVISIBLE = "\u0640\u00ad\u061c\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff"
LETTERS = {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ی": "ي", "ک": "ك", "٪": "%", "\u066b": "٫", "\u066c": "٬"}
DIGITS = {**{chr(0x0660 + i): str(i) for i in range(10)}, **{chr(0x06F0 + i): str(i) for i in range(10)}}
# Non-breaking and thin spaces: kept distinct (one char) because they may separate thousands.
NARROW_SPACES = {"\u00a0": "\u202f", "\u2009": "\u202f", "\u202f": "\u202f"}


def _presentation_forms() -> dict[int, str]:
    """Arabic presentation forms (isolated/final glyph code points) -> plain letters, one to one."""
    table = {}
    for code in [*range(0xFB50, 0xFE00), *range(0xFE70, 0xFF00)]:
        plain = unicodedata.normalize("NFKC", chr(code))
        if len(plain) == 1 and plain != chr(code):
            table[code] = LETTERS.get(plain, plain)
    return table


_TABLE = {**_presentation_forms(), **{ord(k): v for k, v in {**LETTERS, **DIGITS, **NARROW_SPACES}.items()}}
_TABLE.update({ord(c): None for c in DIACRITICS + INVISIBLE})
_DELETED_RE = re.compile("[" + re.escape(DIACRITICS + INVISIBLE) + "]+")
# str.translate looks every character up in the table (about 70 ns a character on Arabic text, one of
# the largest costs of reading an article); these five letters are most of the changes, and
# str.replace finds them at memchr speed; the rest of the table is rare and found by one class.
_FREQUENT = "ةأإىآ"
_RARE = {chr(code): value or "" for code, value in _TABLE.items() if chr(code) not in _FREQUENT}
_RARE_RE = re.compile("[" + re.escape("".join(_RARE)) + "]")


@dataclass(frozen=True)
class Normalized:
    """Folded text plus, when characters were deleted, the original offset of each character."""

    original: str
    text: str
    offsets: Optional[tuple[int, ...]] = None  # None: same length, identity map

    def to_original(self, index: int) -> int:
        if self.offsets is None:
            return index
        if index >= len(self.offsets):
            return len(self.original)
        return self.offsets[index]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original (start, end) of the folded span [start, end)."""
        if self.offsets is None or start >= end:
            return self.to_original(start), self.to_original(end)
        return self.to_original(start), self.to_original(end - 1) + 1


# «93.‏92» is 92.93 stored in display order: some archives keep a right-to-left mark after the
# point of a decimal written inside Arabic text, with its two parts swapped.
_VISUAL_DECIMAL = re.compile(r"(\d+)\.\u200f(\d+)")


def normalize(text: str) -> Normalized:
    folded = _fold_text(text)
    if len(folded) == len(text):
        return Normalized(text, folded)
    kept: list[int] = []
    previous = 0
    for m in _DELETED_RE.finditer(text):
        kept.extend(range(previous, m.start()))
        previous = m.end()
    kept.extend(range(previous, len(text)))
    if "\u200f" in text:
        folded = _logical_decimals(text, folded, kept)
    return Normalized(text, folded, tuple(kept))


def _logical_decimals(text: str, folded: str, kept: list[int]) -> str:
    """Put the parts of visually stored decimals back in reading order (same length, same map)."""
    import bisect

    chars = list(folded)
    for m in _VISUAL_DECIMAL.finditer(text):
        whole, fraction = m.group(1), m.group(2)
        at = bisect.bisect_left(kept, m.start())
        chars[at : at + len(whole) + 1 + len(fraction)] = f"{fraction}\u066b{whole}"  # ٫: a decimal point for sure
    return "".join(chars)


def fold(text: str) -> str:
    """The matching form of `text` (see module doc)."""
    return _fold_word(text) if len(text) <= 24 else _fold_text(text)


def _fold_text(text: str) -> str:
    """`text.translate(_TABLE)`, about eight times faster on news text (see _FREQUENT)."""
    for letter in _FREQUENT:
        text = text.replace(letter, LETTERS[letter])
    return _RARE_RE.sub(_rare_char, text)


def _rare_char(match: re.Match) -> str:
    return _RARE[match.group()]


@lru_cache(maxsize=1 << 16)
def _fold_word(text: str) -> str:
    """Words are folded again and again (tables, phrases): cached."""
    return text.translate(_TABLE)


def without_conjunction(word: str) -> str:
    """«ويبلغ» -> «يبلغ» (not «فان», too short): a folded word without the «و» or «ف» glued to it."""
    return word[1:] if word[:1] in "وف" and len(word) > 3 else word


def strip_article(word: str) -> str:
    """Drop the definite article and the clitics glued before it (الدعم، للدعم، بالدعم -> دعم)."""
    for prefix in ("وال", "فال", "بال", "كال", "لل", "ال"):
        if word.startswith(prefix) and len(word) - len(prefix) >= 2:
            return word[len(prefix):]
    return word
