"""Bytes -> text: BOMs, UTF-8 (with a few corrupt bytes), UTF-16 without BOM, the Arabic code pages
(cp1256, ISO-8859-6), else whatever charset-normalizer is sure of. A few stray NUL bytes in text are
dropped with a warning; a file that is mostly binary is refused.

    decode(data, declared=None) -> (text, encoding)
    decode_checked(data, declared=None) -> (text, encoding, warnings)    # raises Reject with the reason
"""
from __future__ import annotations

import codecs
import re
from typing import Optional


class Reject(ValueError):
    """An input that cannot be read as an article; the message is the Document's `error`."""


BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
LEGACY = ("cp1256", "iso-8859-6")
UNDECODABLE = "cannot decode: not UTF-8/UTF-16/cp1256/ISO-8859-6"
BINARY_NUL = "binary file (NUL bytes)"
STRAY_NULS = 0.001  # up to this share of NUL bytes (and at least one in 1000 bytes) text is text; above, binary
_ARABIC_LETTER = re.compile(r"[\u0621-\u064a]")
_LATIN_LETTER = re.compile(r"[A-Za-z]")
# non-ASCII characters that are unusual in Arabic text (Latin-1 letters, symbols, C1 controls)
_ODD = re.compile(r"[^\x00-\x7f\u0600-\u06ff\u00a0\u00ab\u00bb\u00d7\u00f7\u200c-\u200f\u2013\u2014\u2018\u2019\u201c\u201d\u2026\ufffd]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def decode(data: bytes, declared: Optional[str] = None) -> tuple[str, str]:
    """(text, encoding) of raw bytes; raises Reject with the reason."""
    text, encoding, _ = decode_checked(data, declared)
    return text, encoding


def decode_checked(data: bytes, declared: Optional[str] = None) -> tuple[str, str, list[str]]:
    """Decode and check that the result is text: (text, encoding, warnings) or Reject."""
    if not data:
        raise Reject("empty file")
    text, encoding, warnings = _decode(data, declared)
    if not text.strip():
        raise Reject("empty file (whitespace only)")
    if _binary(text):
        raise Reject("binary file (control characters)")
    return text, encoding, warnings


def _binary(text: str) -> bool:
    sample = text[:8192]
    return len(_CONTROL.findall(sample)) > 0.05 * len(sample)


def _decode(data: bytes, declared: Optional[str]) -> tuple[str, str, list[str]]:
    for bom, name in BOMS:
        if data.startswith(bom):
            return _strict(data, name), name, []
    if b"\x00" in data:
        return _decode_with_nuls(data, declared)
    try:
        return data.decode("utf-8"), "utf-8", []
    except UnicodeDecodeError:
        pass
    return _decode_legacy(data, declared)


def _decode_with_nuls(data: bytes, declared: Optional[str]) -> tuple[str, str, list[str]]:
    """UTF-16 without BOM, else text with a few stray NUL bytes (dropped), else binary."""
    name = _utf16_by_nuls(data[:8192])
    if name is not None:
        try:
            return _strict(data, name), name, []
        except Reject:
            raise Reject(BINARY_NUL) from None
    nuls = data.count(0)
    if nuls > max(1, STRAY_NULS * len(data)):
        raise Reject(BINARY_NUL)
    try:
        text, encoding, warnings = _decode(data.replace(b"\x00", b""), declared)
    except Reject:
        raise Reject(BINARY_NUL) from None
    if _binary(text):
        raise Reject(BINARY_NUL)
    return text, encoding, [*warnings, f"{nuls} NUL byte(s) dropped"]


def _strict(data: bytes, encoding: Optional[str]) -> str:
    if encoding is None:
        raise Reject(UNDECODABLE)
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError) as err:
        raise Reject(f"cannot decode as {encoding}: {err}") from None


def _utf16_by_nuls(sample: bytes) -> Optional[str]:
    """UTF-16 without BOM: ASCII characters (spaces, digits, newlines) put a NUL in every other byte."""
    if len(sample) % 2:
        sample = sample[:-1]
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    enough = len(sample) // 40
    if odd > enough and even <= odd // 20:
        return "utf-16-le"
    if even > enough and odd <= even // 20:
        return "utf-16-be"
    return None
def _decode_legacy(data: bytes, declared: Optional[str]) -> tuple[str, str, list[str]]:
    text, bad = _mostly_utf8(data)
    if text is not None:
        return text, "utf-8", [f"{bad} invalid UTF-8 byte sequence(s) replaced by U+FFFD"]
    options = []
    for name in ((declared,) if declared else ()) + LEGACY:
        try:
            decoded = data.decode(name)
        except (UnicodeDecodeError, LookupError):
            continue
        options.append((_arabic_score(decoded), name, decoded))
    if options:
        score, name, decoded = max(options, key=lambda o: o[0])  # first of equals: declared, then cp1256
        if score > 0:
            return decoded, _codec_name(name), []
    return _decode_other(data)


def _mostly_utf8(data: bytes) -> tuple[Optional[str], int]:
    """UTF-8 with a few corrupt bytes (common in crawls) is read as UTF-8, not as a legacy encoding."""
    text = data.decode("utf-8", "replace")
    bad = text.count("\ufffd")
    multibyte = len(data) - len(text) + bad  # bytes beyond one per character, roughly
    if bad <= max(3, multibyte // 200) and multibyte > 10 * bad:
        return text, bad
    return None, bad


def _arabic_score(text: str) -> int:
    """Positive when the text reads as Arabic: mostly Arabic letters, hardly any odd symbols or Latin-1 letters."""
    letters = len(_ARABIC_LETTER.findall(text))
    latin = len(_LATIN_LETTER.findall(text))
    if letters < 0.3 * (letters + latin):
        return 0
    return letters - 10 * len(_ODD.findall(text))


def _decode_other(data: bytes) -> tuple[str, str, list[str]]:
    from charset_normalizer import from_bytes

    best = from_bytes(data[:65536]).best()
    if best is not None and best.chaos < 0.1:
        try:
            return data.decode(best.encoding), _codec_name(best.encoding), []
        except (UnicodeDecodeError, LookupError):
            pass
    raise Reject(UNDECODABLE)


def _codec_name(name: str) -> str:
    try:
        return {"iso8859-6": "iso-8859-6"}.get(codecs.lookup(name).name, codecs.lookup(name).name)
    except LookupError:
        return name


def declared_charset(data: bytes) -> Optional[str]:
    match = re.search(rb"charset\s*=\s*[\"']?([A-Za-z0-9_\-]+)", data[:4096])
    if not match:
        return None
    name = match.group(1).decode("ascii").lower()
    try:
        codecs.lookup(name)
    except LookupError:
        return None
    return name


