"""The numbers of a numbered list, which are not figures: «1- ترافيان 2- يوتيوب», «الآتي : 1 - حادث
... 2 - حادث ...», or a line starting with 3 next to lines starting with 2 or 4.

`is_list_number(text, start, end, digits)`: is the number `digits` at text[start:end] (folded text) one?
"""
from __future__ import annotations

import regex

_LINE_NUMBER = regex.compile(r"^[ \t]*([0-9]{1,2})(?![0-9])", regex.MULTILINE)  # ASCII: the folded text's digits
_MARK = regex.compile(r" ?([-)]) ?(?![ ]?\d)")  # «1-», «1 - », «1)»; not a range «3 - 5»
_ITEM = regex.compile(r" ?[-–] ?[^\W\d_]")  # «3 - حادث», «6- خارج»: a mark, then a word
WINDOW = 80  # characters around an inline item where the next or previous one is looked for


def is_list_number(text: str, start: int, end: int, digits: str) -> bool:
    """«3 - ...», «3) ...» inline among its neighbours, or a line starting with 3 next to lines
    starting with 2 or 4 (a numbered list)."""
    if _inline(text, start, end, digits):
        return True
    k = start
    while k > 0 and k > start - 8 and text[k - 1] in " \t":
        k -= 1
    if k > 0 and text[k - 1] in ".:" and _ITEM.match(text, end):
        return True  # «... الأمن العام. 3 - حادث إطلاق النار ...»: an item that opens a sentence
    if not (k == 0 or text[k - 1] == "\n"):
        return False
    if text[end : end + 2].strip()[:1] in ("-", ")", ".", "–"):
        return True
    if not _small_number(digits):
        return False
    n = int(digits)
    before = text.rfind("\n", 0, max(k - 1, 0))
    previous_line = _LINE_NUMBER.match(text, before + 1 if before >= 0 else 0) if k > 0 else None
    after = text.find("\n", end)
    next_line = _LINE_NUMBER.match(text, after + 1) if after >= 0 else None
    return bool((previous_line and int(previous_line.group(1)) == n - 1) or (next_line and int(next_line.group(1)) == n + 1))


def _inline(text: str, start: int, end: int, digits: str) -> bool:
    """«1- ترافيان 2- يوتيوب 3- ...» in one line: «n-» (or «n -») with «n-1-» or «n+1-» near it; the
    first item after a colon («الآتي : 1 - ...»)."""
    found = _MARK.match(text, end)
    if found is None or not _small_number(digits):
        return False
    if "(" in text[max(0, start - 2) : start]:
        return False  # «بتمويل (14) مشروعا في (13) دولة»: numbers in brackets
    n, mark, window = int(digits), found.group(1), text[max(0, start - WINDOW) : end + WINDOW]
    if n == 1 and text[max(0, start - 3) : start].strip().endswith(":"):
        return True
    return any(f"{m}{mark} " in window or f"{m} {mark} " in window for m in (n - 1, n + 1))


def _small_number(digits: str) -> bool:
    """One or two ASCII digits (a digit of another script that `int` does not know is none: «\U00011bf0»)."""
    return digits.isascii() and digits.isdigit() and len(digits) <= 2
