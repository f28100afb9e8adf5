"""factex's stages as spaCy pipeline components, for users who have their own `nlp`.

    import spacy, factex.pipeline
    nlp = spacy.blank("ar")
    nlp.add_pipe("factex_figures")   # Doc._.figures: numbers with value/qualifier/offsets
    nlp.add_pipe("factex_facts")     # Doc._.facts: factex.Fact objects (unit, metric, date, source)
    doc = nlp(text)

Metadata for a document (publication date, publisher, country) goes in `doc._.factex_meta`
(a dict or a factex.DocumentMeta) before the components run, e.g. with `nlp.pipe(..., as_tuples)`.
The components work on `doc.text` and add spans: `doc.spans["factex_figures"]`.
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from .merge import collapse_repeats
from .extract import extract_facts
from .numbers import parse_figures
from .schema import Document, DocumentMeta, stable_id

for _name in ("figures", "facts", "factex_meta"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


def _document(doc: Doc) -> Document:
    meta = doc._.factex_meta or {}
    if not isinstance(meta, DocumentMeta):
        meta = DocumentMeta(**meta)
    name = getattr(doc.user_data, "get", lambda *_: None)("factex_doc") or "<doc>"
    return Document(id=stable_id(name, doc.text), doc=name, meta=meta, text=doc.text)


def _add_spans(doc: Doc, key: str, offsets, label: str) -> None:
    spans = [doc.char_span(start, end, label=label, alignment_mode="expand") for start, end in offsets]
    doc.spans[key] = [s for s in spans if s is not None]


class FiguresComponent:
    """Finds figures; `Doc._.figures` lists them, `doc.spans["factex_figures"]` marks them."""

    def __call__(self, doc: Doc) -> Doc:
        figures = parse_figures(doc.text)
        doc._.figures = figures
        _add_spans(doc, "factex_figures", [(f.start, f.end) for f in figures], "FIGURE")
        return doc


class FactsComponent:
    """Builds facts; `Doc._.facts` lists them (one per figure, repeated paragraphs collapsed)."""

    def __call__(self, doc: Doc) -> Doc:
        facts = collapse_repeats(extract_facts(_document(doc)))
        doc._.facts = facts
        _add_spans(doc, "factex_facts", [(f.start, f.end) for f in facts], "FACT")
        return doc


class NormalizerComponent:
    """Sets each token's NORM to its folded form (alef/ya/ta marbuta, digits, no diacritics)."""

    def __call__(self, doc: Doc) -> Doc:
        from .normalize import fold

        for token in doc:
            token.norm_ = fold(token.text)
        return doc


@Language.factory("factex_normalizer")
def make_normalizer(nlp: Language, name: str) -> NormalizerComponent:
    return NormalizerComponent()


@Language.factory("factex_figures")
def make_figures(nlp: Language, name: str) -> FiguresComponent:
    return FiguresComponent()


@Language.factory("factex_facts")
def make_facts(nlp: Language, name: str) -> FactsComponent:
    return FactsComponent()
