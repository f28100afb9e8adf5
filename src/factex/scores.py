"""A match's score, which is no figure: «انتهت المباراة بالتعادل 1 / 1», «بخسارة الفريق 1-3», «فاز 3 - 1».

`is_score(text, start, end)`: is the number at text[start:end] (folded text) one side of a score: two
small whole numbers joined by a dash, a slash or a colon, a word of a match's result
(words/score_cue.txt) among the few words before them.
"""
from __future__ import annotations

import regex

from .lexicon import words

MAX_GOALS = 30
CUE_WORDS = 4  # words before a score that name it one
_PAIR = regex.compile(r"(?<!\d|\d[.,])(\d{1,2})\s*[-–/:]\s*(\d{1,2})(?!\d|[.,]\d)")
_WORD = regex.compile(r"[^\W\d_]+")


def is_score(text: str, start: int, end: int) -> bool:
    for pair in _PAIR.finditer(text, max(0, start - 6), min(len(text), end + 6)):
        if start not in (pair.start(1), pair.start(2)):
            continue
        if max(int(pair[1]), int(pair[2])) > MAX_GOALS:
            return False
        before = _WORD.findall(text, max(0, pair.start() - 80), pair.start())[-CUE_WORDS:]
        return any(word in words("score_cue") for word in before)
    return False
