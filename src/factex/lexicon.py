"""Language data tables under src/factex/data/ar/, loaded once and cached.

A table is a `.tsv` file (a header row, then tab-separated rows; `#` lines are comments), a `.json`
file (a list of objects), or a `.txt` file (one item a line, read as {"value": line}).

- load_table(name) -> list[dict]: rows of `name` (with or without its extension); shared, treat as read-only
- load_months(calendar="gregorian") -> dict[str, int]: month name (as written and folded, normalize.fold)
  -> month number; Gregorian names of all regions ("hijri": the Hijri months; "all": both)
- load_weekdays() -> dict[str, int]: weekday name (as written and folded) -> ISO weekday
- words(name) -> frozenset[str]: a word list, folded: `words/NAME.txt` (function, count_head...: one
  word a line), or the column `word` of the table NAME (metric_heads, speakers...)
- metric_verbs() -> dict[str, (kind, noun, is_verb)]: every form of metric_verbs.tsv, folded, with the
  forms it derives (feminine and plural perfects, the و/ف/ل/س prefixes)
"""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from .normalize import fold

DATA_DIR = Path(__file__).parent / "data" / "ar"
EXTENSIONS = (".tsv", ".json", ".txt")

def _find(name: str) -> Path:
    path = DATA_DIR / name
    if path.suffix in EXTENSIONS and path.is_file():
        return path
    for ext in EXTENSIONS:
        candidate = DATA_DIR / f"{name}{ext}"
        if candidate.is_file():
            return candidate
    raise FileNotFoundError(f"no table {name!r} in {DATA_DIR}")


def _read_tsv(path: Path) -> list[dict]:
    lines = [ln.rstrip("\r\n") for ln in path.read_text(encoding="utf-8").splitlines()]
    lines = [ln for ln in lines if ln.strip() and not ln.startswith("#")]
    if not lines:
        return []
    header = lines[0].split("\t")
    return [dict(zip(header, ln.split("\t"))) for ln in lines[1:]]


@lru_cache(maxsize=None)
def load_table(name: str) -> list[dict]:
    """Rows of the table `name` (months, countries.tsv, ...). Cached: do not mutate the result."""
    path = _find(name)
    if path.suffix == ".tsv":
        return _read_tsv(path)
    if path.suffix == ".json":
        return list(json.loads(path.read_text(encoding="utf-8")))
    lines = path.read_text(encoding="utf-8").splitlines()
    return [{"value": ln.strip()} for ln in lines if ln.strip() and not ln.startswith("#")]


@lru_cache(maxsize=None)
def words(name: str) -> frozenset[str]:
    """The folded words of a word list: `words/NAME.txt` (one word a line), else the `word` column
    of the table NAME (metric_heads, speakers...)."""
    path = DATA_DIR / "words" / f"{name}.txt"
    if path.is_file():
        lines = path.read_text(encoding="utf-8").splitlines()
        return frozenset(fold(ln.strip()) for ln in lines if ln.strip() and not ln.startswith("#"))
    try:
        return frozenset(fold(row["word"]) for row in load_table(name))
    except FileNotFoundError:
        raise KeyError(f"no word list {name!r} in {DATA_DIR}") from None


def _name_map(table: str, column: str) -> dict[str, int]:
    names: dict[str, int] = {}
    for row in load_table(table):
        names[row["name"]] = int(row[column])
        names[fold(row["name"])] = int(row[column])
    return names


@lru_cache(maxsize=None)
def load_months(calendar: str = "gregorian") -> dict[str, int]:
    """Month names -> 1..12: Gregorian months of every region (Maghrebi, Egyptian/Gulf, Levantine,
    Algerian/Tunisian) by default, "hijri" for the Hijri months, "all" for both."""
    names: dict[str, int] = {}
    for row in load_table("months"):
        hijri = row["region"] == "hijri"
        if calendar == "all" or hijri == (calendar == "hijri"):
            names[row["name"]] = names[fold(row["name"])] = int(row["month"])
    return names


@lru_cache(maxsize=None)
def load_weekdays() -> dict[str, int]:
    """Weekday names -> ISO weekday (1 = Monday)."""
    return _name_map("weekdays", "weekday")


@lru_cache(maxsize=None)
def metric_verbs() -> dict[str, tuple[str, str, bool]]:
    """folded form -> (kind, noun, is_verb) for every form of metric_verbs.tsv, prefixes derived."""
    table: dict[str, tuple[str, str, bool]] = {}
    for row in load_table("metric_verbs"):
        verb_forms = [row["word"], *[f for f in row["verb_forms"].split(",") if f]]
        noun_forms = [f for f in row["noun_forms"].split(",") if f]
        entry_of = {}
        for n, form in enumerate(verb_forms):
            form = fold(form)
            entry_of[form] = True
            perfect = n == 0 or not form.startswith(("ي", "ت", "م", "ال", "ل"))  # the `word` column is a perfect
            if perfect and not form.endswith(("ت", "وا")):
                entry_of.setdefault(form + "ت", True)
                entry_of.setdefault(form + "وا", True)
        for form in noun_forms:
            entry_of.setdefault(fold(form), False)
        for form, is_verb in entry_of.items():
            prefixes = ("", "و", "ف") + (("ل", "ول", "س", "وس", "فس") if form[:1] in "يت" and is_verb else ())
            for prefix in prefixes:
                table.setdefault(prefix + form, (row["kind"], row["noun"], is_verb))
    return table
