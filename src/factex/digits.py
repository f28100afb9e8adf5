"""The value of one digit token: thousands and decimal separators of every script and press habit
(«102.000», «22,5», «1,234.5», «١٢٬٥٠٠», «٣٫٥», «4ر25»)."""
from __future__ import annotations

import re
from typing import Optional

MAX_DIGITS = 15  # longer digit runs are ids, phone numbers or garbage, never figures
_SEPARATOR = re.compile(r"[.,]")


def digits_value(text: str, before_scale: bool) -> Optional[float]:
    """Value of a digit token: «102.000» thousands, «11.1» and «22,5» decimals, «1,234.5» both."""
    try:
        return _digits_value(text, before_scale)
    except ValueError:  # «0٫0٫0», «5.949٫212»: no number has that shape
        return None


def _digits_value(text: str, before_scale: bool) -> Optional[float]:
    text = text.replace("\u202f", "")
    if sum(ch.isdecimal() for ch in text) > MAX_DIGITS:
        return None
    text = text.replace("٬", "")
    if "ر" in text:  # «4ر25» is 25.4: typed fraction first, so that it reads «25ر4» right to left
        fraction, _, whole = text.partition("ر")
        if "ر" in whole or not (whole.isdigit() and fraction.isdigit()):
            return None
        if len(fraction) == 3 and not before_scale and whole != "0":
            return float(whole + fraction)  # «(000ر22) مسلم» is 22 000; «935ر6 مليون» is 6.935 million
        return float(whole + "." + fraction)
    if "٫" in text:
        whole, _, frac = text.partition("٫")
        return float(whole.replace(".", "").replace(",", "") + "." + frac.replace(".", "").replace(",", ""))
    groups = _SEPARATOR.split(text)
    if len(groups) == 1:
        return float(text)
    seps = _SEPARATOR.findall(text)
    if len(set(seps)) == 2:  # «1,234.5»: the last separator is the decimal one
        return float("".join(groups[:-1]) + "." + groups[-1])
    if len(groups) > 2:
        return float("".join(groups)) if all(len(g) == 3 for g in groups[1:]) else None
    whole, frac = groups
    if len(frac) == 3 and not before_scale and whole != "0":
        return float(whole + frac)
    return float(whole + "." + frac)
