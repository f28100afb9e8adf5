"""Metadata of an article from its page: publication date, title, publisher (site), author, country.

    guess_meta(page) -> DocumentMeta; guess_country(meta, text) -> ISO code or None
    parse_date(text), date_line(text), iso_date(value) -> ISO date or None
"""
from __future__ import annotations

import re
from collections import Counter
from datetime import date, datetime, timezone
from functools import lru_cache
from typing import Optional

from ..lexicon import load_months, load_table, load_weekdays
from ..normalize import fold
from ..schema import DocumentMeta
from .page import BULLET, DIGIT, MENU_LINE, SHORT_LINE, WORD, Line, Page, after_cue, cue, nonblank

_MARKS = "\u200b\u200e\u200f\u202a\u202b\u202c\u202d\u202e\ufeff \t"  # invisible marks around a title
_DOMAIN = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]*(?:\.[A-Za-z]{2,})+\.?")



@lru_cache(maxsize=None)
def _date_patterns() -> tuple[re.Pattern, ...]:
    months = "|".join(re.escape(m) for m in sorted({fold(m) for m in load_months()}, key=len, reverse=True))
    month = rf"(?P<mon>{months})(?:\s*/\s*(?:{months}))?"
    return (
        re.compile(r"(?<!\d)(?P<d>\d{1,2})\s*[-/.]\s*(?P<m>\d{1,2})\s*[-/.]\s*(?P<y>\d{4})(?!\d)"),
        re.compile(r"(?<!\d)(?P<y>\d{4})\s*[-/.]\s*(?P<m>\d{1,2})\s*[-/.]\s*(?P<d>\d{1,2})(?!\d)"),
        re.compile(rf"(?<!\w){month}\s+(?P<d>\d{{1,2}})\s*[,،]?\s*(?P<y>\d{{4}})(?!\d)"),
        re.compile(rf"(?<!\d)(?P<d>\d{{1,2}})\s+{month}\s*[,،]?\s*(?P<y>\d{{4}})(?!\d)"),
    )


def _valid_date(year, month, day) -> Optional[str]:
    """ISO date of a Gregorian year/month/day (a Hijri year such as 1436 is not one)."""
    try:
        return date(int(year), int(month), int(day)).isoformat() if 1800 <= int(year) <= 2200 else None
    except ValueError:
        return None


def _find_date(text: str) -> Optional[tuple[str, re.Match, str]]:
    folded = fold(text)
    for pattern in _date_patterns():
        for match in pattern.finditer(folded):
            parts = match.groupdict()
            month = parts.get("m") or load_months().get(parts.get("mon") or "")
            found = _valid_date(parts["y"], month, parts["d"])
            if found:
                return found, match, folded
    return None


_URL_DATES = (  # «/2015/07/25/», «/2018-04-02-», «/20150721/», «/ar/20180616-»: a date in a news url's path
    re.compile(r"/(?P<y>(?:199|20[0-3])\d)[/_-](?P<m>[01]?\d)[/_-](?P<d>[0-3]?\d)(?!\d)"),
    re.compile(r"/(?:\w*?\D)?(?P<y>(?:199|20[0-3])\d)(?P<m>[01]\d)(?P<d>[0-3]\d)(?=[/_.-]|$)"),
)


def url_date(url: Optional[str]) -> Optional[str]:
    """The publication date a news url's path gives («http://www.aleqt.com/2015/07/25/article_976003.html»
    -> 2015-07-25), as htmldate reads urls (its pattern misses the compact «/20150721/» of many outlets)."""
    path = re.sub(r"^[a-z]+://[^/]*", "", url or "", flags=re.I)
    for pattern in _URL_DATES:
        match = pattern.search(path)
        found = match and _valid_date(match["y"], match["m"], match["d"])
        if found:
            return found
    return None


def parse_date(text: str) -> Optional[str]:
    """The first full date in `text` ("سبتمبر 17, 2025", "04 - 11 - 2025", "27 ماي 2025") as ISO, or None."""
    found = _find_date(text)
    return found[0] if found else None


def date_line(text: str) -> Optional[str]:
    """The date of a line that is only a date (with a weekday, a time, punctuation), else None."""
    return parse_date(text) if _date_only(text) else None


def _date_only(text: str) -> bool:
    """A short line made of date parts only: numbers, month names (any calendar), weekdays, a time."""
    if len(text) > 60 or not DIGIT.search(text):
        return False
    return sum(not w.isdigit() and w not in _date_words() for w in WORD.findall(fold(text))) <= 1


@lru_cache(maxsize=None)
def _date_words() -> frozenset[str]:
    months = (word for name in load_months("all") for word in fold(name).split())
    return frozenset([*months, *(fold(w) for w in load_weekdays())])


def _publication(line: Line) -> Optional[tuple[str, Optional[str]]]:
    """A line such as «نشر في الرأي يوم 04 - 11 - 2025»: (date, publisher or None)."""
    rest = after_cue("published", line.text)
    published = parse_date(rest) if rest else None
    if not published:
        return None
    name = re.split(r"\s(?:يوم|بتاريخ|في)\s|\d|[|:،,]", f" {rest} ", maxsplit=1)[0].strip(" -")
    return published, name if name and len(name.split()) <= 5 else None


def _headline(text: str) -> bool:
    words = text.split()
    return 3 <= len(words) <= 40 and 15 <= len(text) <= 250 and not re.search(r"[.:]\s*$", text) and not DIGIT.fullmatch(text)


def _skippable(text: str) -> bool:
    """Header lines between a title and the body: dates, times, bylines, categories, counters."""
    return (not text or _date_only(text) or re.fullmatch(r"[\d:\s./-]+", text) is not None
            or any(cue(kind, text) for kind in ("published", "updated", "byline")) or len(text.split()) <= 2)


def _guess_title(page: Page) -> Optional[str]:
    for line in reversed(page.header[-8:]):
        if _skippable(line.text):
            continue
        return line.text.strip(_MARKS) if _headline(line.text) and line.kind == "short" else None
    return None


def _guess_date(page: Page) -> tuple[Optional[str], Optional[str]]:
    """(published, publisher) from a publication line, else the last date line before the body."""
    dated = None
    for line in page.header:
        publication = _publication(line)
        if publication:
            return publication
        if cue("updated", line.text):
            continue
        dated = date_line(line.text) or dated
    return dated, None


def _guess_site(page: Page) -> Optional[str]:
    """A site-name line at the top that comes back elsewhere (page footer, copyright), or a domain name."""
    top = [ln.text for ln in nonblank(page.lines)[:4]]
    counts = Counter(ln.text for ln in page.lines if ln.text)
    footer = " ".join(ln.text for ln in page.lines if ln.text and len(ln.text) <= SHORT_LINE and cue("end", ln.text))
    for text in top:
        if _DOMAIN.fullmatch(text):
            return text
        siteish = len(text) <= MENU_LINE and len(text.split()) <= 4 and not DIGIT.search(text) and not BULLET.match(text)
        if siteish and (counts[text] >= 2 or text in footer):
            return text
    return None


def _guess_author(page: Page) -> Optional[str]:
    for line in page.lines[page.lo : page.hi]:
        if not line.text or len(line.text) > 60:
            continue
        name = (after_cue("byline", line.text) or "").strip(" :：-–,،.")
        if 1 <= len(name.split()) <= 5 and not DIGIT.search(name):
            return name
    return None


def guess_meta(page: Page) -> DocumentMeta:
    published, publisher = _guess_date(page)
    return DocumentMeta(
        title=_guess_title(page), published=published,
        publisher=publisher or _guess_site(page), author=_guess_author(page),
    )


# ---------------------------------------------------------------------------------------------- country

COUNTRY_TEXT_CHARS = 5000  # place names are counted in the first characters of the body


@lru_cache(maxsize=None)
def _country_tables() -> tuple[list[tuple[str, str, str]], dict[str, str]]:
    """(outlet rows (kind, simplified term, country), folded place word -> country)."""
    rows = [(r["term"], r["country"], r["kind"]) for r in load_table("countries")]
    places = {fold(term): country for term, country, kind in rows if kind == "place"}
    outlets = [(kind, term if kind == "tld" else _simple(term), country) for term, country, kind in rows if kind != "place"]
    return outlets, places


@lru_cache(maxsize=1)
def _place_forms() -> dict[str, str]:
    """Every written form of a place word (its clitics as _place reads them) -> its country: one lookup
    a word instead of up to five."""
    places = _country_tables()[1]
    forms: dict[str, str] = dict(places)
    for front in ("و", "ف"):
        for place, country in places.items():
            forms.setdefault(front + place, country)
    for front in ("", "و", "ف"):
        for place, country in places.items():
            if place.startswith("ال"):
                forms.setdefault(front + "لل" + place[2:], country)
        for clitic in "بلك":
            for place, country in places.items():
                forms.setdefault(front + clitic + place, country)
    return forms


def _place(word: str, places: dict[str, str]) -> Optional[str]:
    """The country of a place word, with clitics: والمغرب، بالمغرب، للمغرب، فلمصر."""
    if word in places:
        return places[word]
    if word[:1] in "وف":
        word = word[1:]
        if word in places:
            return places[word]
    if word[:2] == "لل" and "ال" + word[2:] in places:
        return places["ال" + word[2:]]
    return places.get(word[1:]) if word[:1] in "بلك" else None


def _simple(text: str) -> str:
    return re.sub(r"[^\w]+", "", fold(text).lower())


def _outlet_country(meta: DocumentMeta) -> Optional[str]:
    """The country of a national outlet named by the url's host or the publisher."""
    host = re.sub(r"^[a-z]+://", "", (meta.url or "").lower()).split("/")[0].split(":")[0]
    simple_host, publisher = _simple(host), _simple(meta.publisher or "")
    for kind, term, country in _country_tables()[0]:
        if kind == "tld" and host.endswith(term):
            return country
        if kind == "site" and term and ((len(term) >= 4 and term in simple_host) or publisher == term
                                        or (len(term) >= 5 and term in publisher)):
            return country
    return None


def guess_country(meta: DocumentMeta, text: str) -> Optional[str]:
    """ISO country of an article: its outlet (url, publisher: 2 points) and the places it names (1 point
    each); at least 2 points. Used to read ريال/دينار/جنيه."""
    scores: Counter = Counter()
    outlet = _outlet_country(meta)
    if outlet:
        scores[outlet] += 2
    words = WORD.findall(fold(" ".join(filter(None, [meta.title, text[:COUNTRY_TEXT_CHARS]]))))
    scores.update(filter(None, map(_place_forms().get, words)))
    if not scores:
        return None
    best, points = max(scores.items(), key=lambda kv: (kv[1], kv[0] == outlet))
    return best if points >= 2 else None


def iso_date(value) -> Optional[str]:
    """A given date ("2015-07-21 02:51:32", "2018-06-16T10:00Z", "17 سبتمبر 2025", epoch seconds) -> ISO date."""
    if value is None:
        return None
    if isinstance(value, (int, float)):
        return datetime.fromtimestamp(value, timezone.utc).date().isoformat()
    match = re.match(r"\s*(\d{4})-(\d{1,2})-(\d{1,2})", value)
    if match:
        return _valid_date(*match.groups())
    found = parse_date(value)
    if found:
        return found
    import dateparser

    parsed = dateparser.parse(value, settings={"DATE_ORDER": "DMY", "PREFER_DAY_OF_MONTH": "first"})
    return parsed.date().isoformat() if parsed else None
