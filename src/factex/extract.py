"""Figures -> facts: for every figure of an article's body, its slots filled by `factex.slots`.

    Document -> Context (folded body, tokens, sentences, dates) -> figures (numbers) -> Draft per
    figure (unit, metric head, source) -> Fact (metric phrase, date, provenance)
"""
from __future__ import annotations

from typing import Iterable, NamedTuple, Optional

from . import numbers
from .context import Context, Draft, build_context
from .schema import Document, Fact, stable_id
from .slots import date as date_slot
from .slots import metric as metric_slot
from .slots import metric_render, metric_toll
from .slots import qualifier as qualifier_slot
from .slots import source as source_slot
from .slots import unit as unit_slot


def extract_facts(document: Document) -> list[Fact]:
    """Every figure of the document's body as a Fact (before collapsing repeated paragraphs)."""
    if document.status != "ok" or not document.text:
        return []
    ahead = _AHEAD.pop(id(document), None)
    if ahead is not None and ahead.document is document:
        return facts_of(ahead.ctx, ahead.figures, ahead.cues and source_slot.resolved_cues(ahead.ctx, ahead.cues))
    ctx = build_context(document)
    return facts_of(ctx, figures_of(ctx))


class _Ahead(NamedTuple):
    document: Document
    ctx: Context
    figures: list
    cues: Optional[source_slot.CuePass]  # (None when the body has no figure)


_AHEAD: dict[int, _Ahead] = {}  # id(document) -> what read_ahead made of it
AHEAD_LIMIT = 64  # documents held ready at once (a JSON Lines input may hold thousands of articles)


def read_ahead(documents: Iterable[Document]) -> None:
    """Make some documents ready for extract_facts: context, figures and the first pass of the source
    cues. `name_ahead()` then asks the NER about the speaker phrases of all of them in one call (its
    cost is mostly per call: the batch job reads a chunk of articles ahead); extract_facts(document)
    takes each from here. A document that fails here is simply extracted again (and its error reported)."""
    for document in documents:
        if len(_AHEAD) >= AHEAD_LIMIT:
            return  # the rest are extracted as they come
        if document.status != "ok" or not document.text:
            continue
        try:
            ctx = build_context(document)
            figures = figures_of(ctx)
            cues = source_slot.first_cue_pass(ctx) if figures else None
        except Exception:
            continue
        _AHEAD[id(document)] = _Ahead(document, ctx, figures, cues)


def name_ahead() -> None:
    """One NER call for the unknown speaker phrases of the documents read ahead."""
    source_slot.name_phrases([t for ahead in _AHEAD.values() if ahead.cues for t in ahead.cues.fresh])


def forget_ahead() -> None:
    _AHEAD.clear()


def figures_of(ctx: Context) -> list[numbers.Figure]:
    """The number expressions of the article body that may be figures (offsets in the folded body)."""
    return numbers.find_figures(ctx.norm.text, ctx.tokens)


def facts_of(ctx: Context, figures: list[numbers.Figure], cues: Optional[source_slot.CuePass] = None) -> list[Fact]:
    """Fill every slot of every figure and keep those that are facts (`cues`: the article's source cues,
    when already found)."""
    if not figures:
        return []
    cues = cues or source_slot.find_cues(ctx)
    cue_lists = source_slot.article_cues(ctx, cues.lists)
    drafts = [_draft(ctx, figure, cue_lists) for figure in figures]
    unit_slot.share_units(ctx, drafts)
    kept = [d for d in drafts if unit_slot.keep(ctx, d)]
    dates = date_slot.index_dates(ctx, [d.figure for d in kept if d.figure.value_max is not None and d.unit is not None])
    sources = [source_slot.source_text(ctx, d.source) for d in kept]
    labels = source_slot.labels(sources, cues.named)
    in_sentence: dict[int, list[Draft]] = {}
    for d in kept:  # a date competes with the figures of its own sentence only; a part of a toll is of one
        own = in_sentence.setdefault(d.sentence_no, [])
        own.append(d)
        d.toll_of = metric_toll.whole_toll(ctx, d, own)
    seen: dict = {}
    facts = [_fact(ctx, d, dates, in_sentence[d.sentence_no], source, label, seen) for d, source, label in zip(kept, sources, labels)]
    _continue_metrics(ctx, facts)
    return _fold_headline(ctx, facts)


def _continue_metrics(ctx: Context, facts: list[Fact]) -> None:
    """A figure whose sentence names no subject goes on with the paragraph's last figure of its unit
    («بلغت الواردات 14.3 مليار ريال ... ثم ارتفعت لتبلغ 16.7 مليار ريال»): the measure that figure
    names, without a change word («تراجع قروض البنك» -> «قروض البنك»). Not for percentages: a bare
    «نسبة» says too little to go on with."""
    offset, text = ctx.document.body_start, ctx.norm.original
    last: dict[Optional[str], Fact] = {}
    for fact in facts:
        if fact.unit == "%":
            continue
        if fact.metric is None and fact.unit in last:
            before = last[fact.unit]
            if "\n" not in text[before.end - offset : fact.start - offset]:
                fact.metric = metric_render.level_of(before.metric)
        if fact.metric is not None:
            last[fact.unit] = fact


def _draft(ctx: Context, figure: numbers.Figure, cue_lists) -> Draft:
    number = ctx.sentence_of(figure.first_token)
    sentence = ctx.sentences[number]
    unit, unit_last = unit_slot.unit_after(ctx, figure)
    head = metric_slot.head_phrase(ctx, figure, sentence)
    if figure.qualifier is None:
        figure.qualifier = qualifier_slot.qualifier_after(ctx, unit_last) or qualifier_slot.verb_qualifier(ctx, figure)
    source = source_slot.source_span(figure.first_token, cue_lists[number])
    return Draft(figure, sentence, number, unit, unit_last, head, source)


HEADLINE_WORDS = 30  # a longer first line is the lead paragraph, not a headline
HEADLINE_SLIP = 0.005  # how far a headline's figure may be from the body's for one misprinted or rounded
MAX_SENTENCE = 2000  # characters of a fact's `sentence`: a longer one is cut around the figure


def _fold_headline(ctx: Context, facts: list[Fact]) -> list[Fact]:
    """A headline restating a figure of the body («218 تدخلا خلال عيد الأضحى» then «... ٢١٨ تدخلا»;
    «مصرع 16 مصريًا» then «... 16 شخصا») is the same fact: the body mention is kept, the headline's
    offsets go to its `repeats`. A first line of more than HEADLINE_WORDS words is no headline."""
    first_break = ctx.norm.original.find("\n")
    if first_break < 0 or len(ctx.norm.original[:first_break].split()) > HEADLINE_WORDS:
        return facts
    headline_end = ctx.document.body_start + first_break
    body_by_value: dict[float, list[Fact]] = {}
    for fact in facts:
        if fact.start > headline_end:
            body_by_value.setdefault(fact.value, []).append(fact)
    kept = []
    for fact in facts:
        twin = fact.start < headline_end and (next(
            (f for f in body_by_value.get(fact.value, ()) if _same_kind(f.unit, fact.unit)), None
        ) or _misprinted_twin(fact, body_by_value))
        if twin:
            twin.repeats.append((fact.start, fact.end))
        else:
            kept.append(fact)
    return kept


def _misprinted_twin(fact: Fact, body_by_value: dict[float, list[Fact]]) -> Optional[Fact]:
    """«يقر دعم 2.417 مقاولة» (headline) and «أقر دعم 2412 مقاولة» (body): a headline figure
    within HEADLINE_SLIP of the body's one body figure of its unit is that figure misprinted or rounded."""
    near = [f for value, found in body_by_value.items() if value and abs(value - fact.value) <= HEADLINE_SLIP * abs(value)
            for f in found if f.unit == fact.unit and f.value_max == fact.value_max]
    return near[0] if len(near) == 1 else None


def _same_kind(a, b) -> bool:
    """Units a headline and the body may give one figure: the same, or two counted nouns («مصري», «شخص»)."""
    return a == b or not (_money_or_percent(a) or _money_or_percent(b))


def _money_or_percent(unit) -> bool:
    return unit is not None and (unit == "%" or (len(unit) == 3 and unit.isascii() and unit.isupper()))


def _fact(ctx: Context, draft: Draft, dates: date_slot.DateIndex, drafts: list[Draft], source, label, seen: dict) -> Fact:
    figure, document = draft.figure, ctx.document
    offset = document.body_start
    start, end = ctx.norm.span(figure.start, figure.end)
    sentence_lo = ctx.tokens[draft.sentence[0]].start
    sentence_hi = ctx.tokens[draft.sentence[1] - 1].end
    s_start, s_end = _clip(ctx.norm.original, *ctx.norm.span(sentence_lo, sentence_hi), start, end)
    key = (document.doc, offset + start)
    # A sentence repeated with the sentence before it (a repeated paragraph) is read once: its figures
    # are repeats, which windows.collapse_repeats folds into the first; only their offsets count.
    previous = ctx.sentences[draft.sentence_no - 1][0] if draft.sentence_no else draft.sentence[0]
    same = (ctx.norm.text[ctx.tokens[previous].start : sentence_hi], figure.start - sentence_lo)
    slots = seen.get(same)
    if slots is None:
        date, period_start = date_slot.figure_date(ctx, dates, draft, draft.sentence_no, drafts, key)
        slots = seen[same] = (date, period_start, metric_slot.build_metric(ctx, draft.metric_of or draft))
    date, period_start, metric = slots
    return Fact(
        id=stable_id(document.id, offset + start, offset + end),
        doc=document.doc,
        doc_id=document.id,
        value=figure.value,
        value_max=figure.value_max,
        qualifier=figure.qualifier,
        unit=draft.unit.name if draft.unit else None,
        metric=metric or None,
        date=date,
        period_start=period_start if period_start and period_start != date else None,
        source=source,
        source_label=label,
        publisher=document.meta.publisher,
        published=document.meta.published,
        start=offset + start,
        end=offset + end,
        surface=ctx.norm.original[start:end],
        sentence=ctx.norm.original[s_start:s_end].strip(),
        sentence_start=offset + s_start,
    )


def _clip(text: str, s_start: int, s_end: int, start: int, end: int) -> tuple[int, int]:
    """A sentence longer than MAX_SENTENCE is cut to the whole words around the figure [start, end),
    so that the output stays linear in the facts found."""
    if s_end - s_start <= MAX_SENTENCE:
        return s_start, s_end
    lo = max(s_start, min(start - MAX_SENTENCE // 2, s_end - MAX_SENTENCE))
    hi = min(s_end, max(lo + MAX_SENTENCE, end))
    if lo > s_start:
        space = text.find(" ", lo, start)
        lo = space + 1 if space >= 0 else lo
    if hi < s_end:
        space = text.rfind(" ", end, hi)
        hi = space if space >= 0 else hi
    return lo, hi
