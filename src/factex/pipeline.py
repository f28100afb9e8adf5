"""factex's stages as spaCy pipeline components, for users who have their own `nlp`.

    import spacy, factex.pipeline
    nlp = spacy.blank("ar")
    nlp.add_pipe("factex_normalizer")  # token.norm_ (folded form); Doc._.factex: the analysed article
    nlp.add_pipe("factex_figures")     # Doc._.figures, doc.spans["factex_figures"]
    nlp.add_pipe("factex_facts")       # Doc._.facts (factex.Fact), doc.spans["factex_facts"]
    doc = nlp(text)

The text is analysed once, by the normalizer: folded, tokenised, cut into sentences, its dates found
(`factex.context.Context` on `Doc._.factex`, its sentences as `doc.spans["factex_sentences"]`). The
later components work on that analysis and on the spans the earlier ones put on the Doc; none parses
`doc.text` again. Metadata (publication date, publisher, country) goes in `doc._.factex_meta` (a dict
or a factex.DocumentMeta) before the components run. Figures and facts are marked with spans whose
offsets are the Doc's own characters (labels FIGURE and FACT).
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from .context import Context, build_context
from .merge import collapse_repeats
from .extract import facts_of, figures_of
from .normalize import fold
from .schema import Document, DocumentMeta, stable_id

for _name in ("factex", "figures", "facts", "factex_meta"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


def _document(doc: Doc) -> Document:
    meta = doc._.factex_meta or {}
    if not isinstance(meta, DocumentMeta):
        meta = DocumentMeta(**meta)
    name = doc.user_data.get("factex_doc") or "<doc>"
    return Document(id=stable_id(name, doc.text), doc=name, meta=meta, text=doc.text)


def _context(doc: Doc) -> Context:
    """The analysis the normalizer left on the Doc (made here when it was not in the pipeline)."""
    if doc._.factex is None:
        doc._.factex = build_context(_document(doc))
    return doc._.factex


def _spans(doc: Doc, key: str, offsets, label: str) -> None:
    spans = [doc.char_span(start, end, label=label, alignment_mode="expand") for start, end in offsets]
    doc.spans[key] = [s for s in spans if s is not None]


class NormalizerComponent:
    """Sets each token's NORM to its folded form and analyses the article once (`Doc._.factex`)."""

    def __call__(self, doc: Doc) -> Doc:
        for token in doc:
            token.norm_ = fold(token.text)
        ctx = doc._.factex = build_context(_document(doc))
        sentences = [ctx.norm.span(ctx.tokens[a].start, ctx.tokens[b - 1].end) for a, b in ctx.sentences]
        _spans(doc, "factex_sentences", sentences, "SENTENCE")
        return doc


class FiguresComponent:
    """Finds figures; `Doc._.figures` lists them (offsets in the Doc's text), `doc.spans["factex_figures"]`
    marks them."""

    def __call__(self, doc: Doc) -> Doc:
        ctx = _context(doc)
        figures = ctx.figures = figures_of(ctx)
        public = []
        for figure in figures:
            start, end = ctx.norm.span(figure.start, figure.end)
            public.append(figure.__class__(**{**figure.__dict__, "start": start, "end": end, "notes": list(figure.notes)}))
        doc._.figures = public
        _spans(doc, "factex_figures", [(f.start, f.end) for f in public], "FIGURE")
        return doc


class FactsComponent:
    """Builds facts from the figures on the Doc; `Doc._.facts` lists them (one per figure,
    repeated paragraphs collapsed), `doc.spans["factex_facts"]` marks them."""

    def __call__(self, doc: Doc) -> Doc:
        ctx = _context(doc)
        figures = ctx.figures if ctx.figures is not None else figures_of(ctx)
        facts = collapse_repeats(facts_of(ctx, [_copy(f) for f in figures]))
        doc._.facts = facts
        _spans(doc, "factex_facts", [(f.start, f.end) for f in facts], "FACT")
        return doc


def _copy(figure):
    """The slots write into a figure (its qualifier): keep the Doc's figures as found."""
    return figure.__class__(**{**figure.__dict__, "notes": list(figure.notes)})


@Language.factory("factex_normalizer")
def make_normalizer(nlp: Language, name: str) -> NormalizerComponent:
    return NormalizerComponent()


@Language.factory("factex_figures")
def make_figures(nlp: Language, name: str) -> FiguresComponent:
    return FiguresComponent()


@Language.factory("factex_facts")
def make_facts(nlp: Language, name: str) -> FactsComponent:
    return FactsComponent()
