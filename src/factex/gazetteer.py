"""factex's gazetteer of names (data/ar/gazetteer.jsonl) as a spaCy entity ruler, and IOB spans.

Shared by the spaCy NER (ner.py) and the optional camel-tools backend (camel.py), which both put the
gazetteer first; neither imports the other for it.
"""
from __future__ import annotations

import json
from pathlib import Path

from spacy.language import Language

from .normalize import fold, strip_article

GAZETTEER = Path(__file__).parent / "data" / "ar" / "gazetteer.jsonl"
NORM_COMPONENT = "factex_ar_norm"
# Proclitics glued to the first word of a name: ووزارة، بوزارة، لوزارة، فوزارة. After the
# article (الـ) they are already removed by `match_form` (بالمندوبية -> مندوبيه).
PROCLITICS = ("و", "ب", "ل", "ف")


def match_form(word: str) -> str:
    """The form the model and the gazetteer see as a token's NORM: folded, without the article.

    The shipped model was trained with this function (and `light_stem`); change them only
    together with `make model` (tests/test_ner.py pins a few forms).
    """
    return strip_article(fold(word))


@Language.component(NORM_COMPONENT)
def set_match_forms(doc):
    for token in doc:
        token.norm_ = match_form(token.text)
    return doc


def read_gazetteer(path: Path = GAZETTEER) -> list[dict]:
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def ruler_patterns(entries: list[dict]) -> list[dict]:
    """Phrase patterns for the entity ruler: each name, also with a proclitic on its first word."""
    patterns = []
    for entry in entries:
        if entry.get("generic"):
            continue
        phrase = entry["pattern"]
        takes_clitics = "\u0621" <= phrase[0] <= "\u064a" and not phrase.startswith("ال")
        variants = [phrase, *(clitic + phrase for clitic in PROCLITICS)] if takes_clitics else [phrase]
        patterns += [{"label": entry["label"], "pattern": variant} for variant in variants]
    return patterns


def add_gazetteer(nlp: Language) -> Language:
    """Put the gazetteer first: factex_ar_norm, then an entity ruler matching on NORM (= `match_form`)."""
    if NORM_COMPONENT not in nlp.pipe_names:
        nlp.add_pipe(NORM_COMPONENT, first=True)
    ruler = nlp.add_pipe("entity_ruler", after=NORM_COMPONENT, config={"phrase_matcher_attr": "NORM"})
    ruler.add_patterns(ruler_patterns(read_gazetteer()))
    return nlp


def iob_spans(tags: list[str]) -> list[tuple[int, int, str]]:
    """IOB2 tags -> (start, end, label) token spans; an I-X not continuing X starts an entity (conlleval)."""
    spans, start, label = [], None, None
    for i, tag in enumerate([*tags, "O"]):
        prefix, _, tag_label = tag.partition("-")
        if start is not None and (prefix != "I" or tag_label != label):
            spans.append((start, i, label))
            start = None
        if prefix == "B" or (prefix == "I" and start is None):
            start, label = i, tag_label
    return spans
