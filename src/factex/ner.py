"""Arabic named entities (PERS, ORG, LOC, MISC) for factex.

`load_ner()` returns a cached spaCy pipeline: the statistical model trained by `make model`
(scripts/train_ner.py, ANERcorp) plus an entity ruler fed from data/ar/gazetteer.jsonl
(ministries, agencies, statistical offices, programmes, titles). The ruler runs before the
model, so gazetteer entities are kept as they are and the model labels the rest around them.

    >>> from factex.ner import entities, label_of
    >>> entities("أعلنت وزارة الصحة السعودية ...")   # [(start, end, label), ...] char offsets
    >>> label_of("رئيس الحكومة عزيز أخنوش")          # 'PERS'

Nothing is ever downloaded: the model is read from models/ner_ar (see `models_dir`).
"""
from __future__ import annotations

import json
import os
from functools import lru_cache
from pathlib import Path
from typing import Optional

import spacy
from spacy.language import Language

from .normalize import fold, strip_article

LABELS = ("PERS", "ORG", "LOC", "MISC")
MODEL_NAME = "ner_ar"
GAZETTEER = Path(__file__).parent / "data" / "ar" / "gazetteer.jsonl"
NORM_COMPONENT = "factex_ar_norm"
# Proclitics glued to the first word of a name: ووزارة، بوزارة، لوزارة، فوزارة. After the
# article (الـ) they are already removed by `match_form` (بالمندوبية -> مندوبيه).
PROCLITICS = ("و", "ب", "ل", "ف")


def match_form(word: str) -> str:
    """The form the model and the gazetteer see as a token's NORM: folded, without the article.

    The shipped model was trained with this function; change it only together with `make model`.
    """
    return strip_article(fold(word))


@Language.component(NORM_COMPONENT)
def set_match_forms(doc):
    for token in doc:
        token.norm_ = match_form(token.text)
    return doc


def models_dir() -> Path:
    """$FACTEX_MODELS, else the models/ folder inside the installed wheel, else the repo's models/."""
    if os.environ.get("FACTEX_MODELS"):
        return Path(os.environ["FACTEX_MODELS"])
    packaged = Path(__file__).resolve().parent / "models"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "models"


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
        bare = phrase.startswith("ال") or phrase.isascii()
        variants = [phrase] if bare else [phrase, *(clitic + phrase for clitic in PROCLITICS)]
        patterns += [{"label": entry["label"], "pattern": variant} for variant in variants]
    return patterns


def add_gazetteer(nlp: Language) -> Language:
    """Put the gazetteer first: factex_ar_norm, then an entity ruler matching on NORM (= `match_form`)."""
    if NORM_COMPONENT not in nlp.pipe_names:
        nlp.add_pipe(NORM_COMPONENT, first=True)
    ruler = nlp.add_pipe("entity_ruler", after=NORM_COMPONENT, config={"phrase_matcher_attr": "NORM"})
    ruler.add_patterns(ruler_patterns(read_gazetteer()))
    return nlp


@lru_cache(maxsize=4)
def load_ner(path: Optional[str | Path] = None, backend: str = "spacy") -> Language:
    """The NER pipeline (cached). backend="camel" uses camel-tools' BERT NER instead of the spaCy model."""
    if backend == "camel":
        from .camel import camel_ner_pipeline

        return camel_ner_pipeline(path)
    if backend != "spacy":
        raise ValueError(f"unknown NER backend {backend!r} (expected 'spacy' or 'camel')")
    model = Path(path) if path else models_dir() / MODEL_NAME
    if not (model / "config.cfg").is_file():
        raise FileNotFoundError(f"Arabic NER model not found at {model}. Build it with `make model` "
                                "(or point FACTEX_MODELS at a folder that holds ner_ar/).")
    nlp = spacy.load(model)
    return add_gazetteer(nlp)


def entities(text: str, backend: str = "spacy") -> list[tuple[int, int, str]]:
    """(start, end, label) character spans of the named entities in `text`."""
    return [(ent.start_char, ent.end_char, ent.label_) for ent in load_ner(backend=backend)(text).ents]


@lru_cache(maxsize=1)
def _generic_heads() -> dict[str, str]:
    """Head nouns (اللجنة، الوزارة، الوزير...) that name an organisation or a person on their own."""
    return {match_form(entry["pattern"]): entry["label"] for entry in read_gazetteer() if entry.get("generic")}


def label_of(phrase: str, backend: str = "spacy") -> Optional[str]:
    """Label of the main entity in a short phrase (a quoted source). A head noun starting the
    phrase decides (المتحدث باسم وزارة الصحة -> PERS, اللجنة -> ORG); else the longest entity."""
    words = phrase.split()
    if not words:
        return None
    head = _generic_heads().get(match_form(words[0]))
    if head:
        return head
    found = entities(phrase, backend=backend)
    return max(found, key=lambda span: (span[1] - span[0], -span[0]))[2] if found else None


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
