"""Arabic named entities (PERS, ORG, LOC, MISC) for factex.

`load_ner()` returns a cached spaCy pipeline: the statistical model trained by `make model`
(scripts/train_ner.py, ANERcorp) plus an entity ruler fed from data/ar/gazetteer.jsonl
(ministries, agencies, statistical offices, programmes, titles). The ruler runs before the
model, so gazetteer entities are kept as they are and the model labels the rest around them.

The model embeds each word by hashed features computed here (`word_features`): its surface
form, its `match_form` and light stem -- these three only when seen twice in training, else
one shared "unknown" id, so that unseen names are recognised from context and letters --,
plus the stem's first two letters and the form's last two and three letters.

    >>> from factex.ner import entities, label_of
    >>> entities("أعلنت وزارة الصحة السعودية ...")   # [(start, end, label), ...] char offsets
    >>> label_of("وزير المالية سالم العلوي")          # 'PERS'

Nothing is ever downloaded: the model is read from models/ner_ar (see `models_dir`).
"""
from __future__ import annotations

import random
from functools import lru_cache
from pathlib import Path
from typing import Optional

import numpy
import spacy
from spacy.language import Language
from spacy.strings import get_string_id
from thinc.api import HashEmbed, Maxout, Model, chain, concatenate, list2ragged, ragged2list, with_array

from .gazetteer import add_gazetteer, iob_spans, match_form, read_gazetteer  # noqa: F401 (iob_spans: ner's API)
from .resources import models_dir

LABELS = ("PERS", "ORG", "LOC", "MISC")

MODEL_NAME = "ner_ar"
KNOWN_FORMS = "factex_known_forms"  # lookups table in the model's vocab, filled by scripts/train_ner.py
UNKNOWN_ID = get_string_id("<unk>")
STEM_SUFFIXES = ("ها", "ان", "ات", "ون", "ين", "يه", "ه", "ي")  # Light10's, in folded spelling
FEATURE_CACHE_SIZE = 200_000


def light_stem(form: str) -> str:
    """Light10-style stem of a match form: without a leading و and common suffixes."""
    if len(form) > 3 and form.startswith("و"):
        form = form[1:]
    for suffix in STEM_SUFFIXES:
        if form.endswith(suffix) and len(form) - len(suffix) > 1:
            form = form[: -len(suffix)]
    return form


def form_keys(word: str) -> tuple[str, str, str]:
    """Keys of the word's surface form, match form and stem in the KNOWN_FORMS table."""
    form = match_form(word)
    return f"w:{word.lower()}", f"n:{form}", f"s:{light_stem(form)}"


def word_features(word: str, known) -> tuple[int, ...]:
    keys = form_keys(word)
    form, stem = keys[1][2:], keys[2][2:]
    identities = tuple(get_string_id(key) if key in known else UNKNOWN_ID for key in keys)
    return (*identities, get_string_id(f"<{stem[:2]}"), get_string_id(f"{form[-2:]}>"), get_string_id(f"{form[-3:]}>>"))


def arabic_features(word_dropout: float) -> Model:
    """Docs -> per-token feature ids (SHAPE, then `word_features`). While training, the three
    identity ids of a token are replaced by the unknown id with probability `word_dropout`."""
    cache: dict[str, tuple[int, ...]] = {}
    rng = random.Random(0)

    def token_row(token, known, is_train):
        features = cache.get(token.text)
        if features is None:
            if len(cache) > FEATURE_CACHE_SIZE:
                cache.clear()
            features = cache[token.text] = word_features(token.text, known)
        if is_train and rng.random() < word_dropout:
            features = (UNKNOWN_ID,) * 3 + features[3:]
        return (token.shape, *features)

    def forward(model, docs, is_train):
        arrays = []
        for doc in docs:
            known = doc.vocab.lookups.get_table(KNOWN_FORMS, {})
            rows = [token_row(token, known, is_train) for token in doc]
            arrays.append(model.ops.asarray2i(numpy.array(rows, dtype="uint64").reshape(-1, 7), dtype="uint64"))
        return arrays, lambda d_arrays: []

    return Model("arabic_features", forward)


@spacy.registry.architectures("factex.ArabicHashEmbed.v1")
def arabic_hash_embed(width: int, rows: list[int], word_dropout: float) -> Model:
    """Like spaCy's MultiHashEmbed, over the 7 columns of `arabic_features`."""
    if len(rows) != 7:
        raise ValueError(f"factex.ArabicHashEmbed.v1 needs 7 row counts, got {len(rows)}")
    tables = [HashEmbed(width, n, column=i, seed=8 + i, dropout=0.0) for i, n in enumerate(rows)]
    return chain(arabic_features(word_dropout), list2ragged(), with_array(concatenate(*tables)),
                 with_array(Maxout(width, width * len(rows), nP=3, dropout=0.0, normalize=True)), ragged2list())




def load_ner(path: Optional[str | Path] = None, backend: str = "spacy") -> Language:
    """The NER pipeline, cached per model. backend="camel" runs camel-tools' BERT NER (its model
    folder, else camel's installed ner-arabert) instead of factex's spaCy model."""
    if backend == "camel":
        return _load_pipeline(str(path) if path else None, backend)
    if backend != "spacy":
        raise ValueError(f"unknown NER backend {backend!r} (expected 'spacy' or 'camel')")
    model = Path(path) if path else models_dir() / MODEL_NAME
    if not (model / "config.cfg").is_file():
        raise FileNotFoundError(f"Arabic NER model not found at {model}. Build it with `make model` "
                                "(or point FACTEX_MODELS at a folder that holds ner_ar/).")
    return _load_pipeline(str(model.resolve()), backend)


@lru_cache(maxsize=4)
def _load_pipeline(path: Optional[str], backend: str) -> Language:
    if backend == "camel":
        from .camel import camel_ner_pipeline

        return camel_ner_pipeline(path)
    return add_gazetteer(spacy.load(path))


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
    return labels_of([phrase], backend=backend)[0]


def labels_of(phrases: list[str], backend: str = "spacy") -> list[Optional[str]]:
    """`label_of` for many phrases at once: one `nlp.pipe` call instead of one pipeline run each."""
    labels: list[Optional[str]] = [None] * len(phrases)
    to_tag = []
    for k, phrase in enumerate(phrases):
        words = phrase.split()
        head = _generic_heads().get(match_form(words[0])) if words else None
        if head:
            labels[k] = head
        elif words:
            to_tag.append(k)
    docs = load_ner(backend=backend).pipe(phrases[k] for k in to_tag) if to_tag else []
    for k, doc in zip(to_tag, docs):
        if doc.ents:
            labels[k] = max(doc.ents, key=lambda e: (e.end_char - e.start_char, -e.start_char)).label_
    return labels
