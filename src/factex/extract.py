"""Figures -> facts: for every figure of an article's body, its unit, metric, date and source.

    text -> Document (io) -> folded body + tokens (normalize, numbers) -> figures (numbers),
    dates (dates), cues (attribution) -> Fact per figure (here)
"""
from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

import regex

from . import attribution, dates, numbers, units
from .lexicon import load_table
from .normalize import Normalized, fold, normalize, strip_article
from .numbers import Figure, Token
from .schema import Document, Fact, stable_id

MAX_METRIC_WORDS = 15
SCAN_LIMIT = 60  # tokens looked back for a metric head or a topic: keeps long sentences linear
MAX_SENTENCE = 2000  # characters of a fact's `sentence`: a longer one is cut around the figure (output linear in facts)
_QUOTES = regex.compile(r"[\"«»“”()\[\]]")
_WORDLIKE = regex.compile(r"\w")
_SENTENCE_END = regex.compile(r"(?<!\d)[.!؟?](?!\d)|\n")
CLAUSE_BREAKS = frozenset("،,;:؛")  # brackets do not break: «بلغت (143) حالة»
PARTITIVES = frozenset({"من"})
ANAPHORIC_UNITS = frozenset(fold(w) for w in ("آخرون", "آخرين", "أخرى", "منهم", "منها", "بينهم"))
TOPIC_HEADS = frozenset(fold(w) for w in ("نظام", "برنامج", "ورش", "صندوق", "مخطط", "مبادرة", "عملية", "منظومة", "مشروع", "استراتيجية", "حملة"))
COUNT_HEADS = frozenset(fold(w) for w in ("عدد", "تعداد", "حصيلة", "مجموع", "إجمالي"))
LIMIT_WORDS = frozenset(fold(w) for w in ("غاية", "حدود", "نهاية", "متم", "حين", "اليوم", "الآن"))
FUNCTION_WORDS = frozenset(fold(w) for w in (
    "أن", "إن", "بأن", "فقد", "وقد", "قد", "كما", "عبر", "مع", "ما", "أي", "حيث", "إذ", "ثم", "لكن", "أما", "و", "ف", "لا", "لم", "لن",
    "التي", "الذي", "هذا", "هذه", "ذلك", "تلك", "تم", "وتم", "جرى", "من", "في", "على", "إلى", "عن", "ب", "ل",
    "مقابل", "بينهم", "بينها", "منهم", "منها", "إضافة", "بالإضافة", "فضلا", "ثم",
))


@lru_cache(maxsize=None)
def metric_heads() -> frozenset[str]:
    return frozenset(fold(r["word"]) for r in load_table("metric_heads"))


@lru_cache(maxsize=None)
def metric_stops() -> frozenset[str]:
    return frozenset(fold(r["word"]) for r in load_table("metric_stops"))


@dataclass
class Context:
    """One article body, folded and tokenised once, shared by every figure."""

    document: Document
    norm: Normalized
    tokens: list[Token]
    sentences: list[tuple[int, int]]  # token ranges
    clause_ids: list[int]  # clause number of every token
    dates: list[dates.DateMention]
    anchor: Optional[dt.date]
    country: Optional[str]
    starts: list[int] = None  # token start offsets, for bisect
    date_starts: list[int] = None

    def original(self, start: int, end: int) -> str:
        """Original text of the folded span [start, end)."""
        a, b = self.norm.span(start, end)
        return self.norm.original[a:b]

    def words(self, first: int, last: int) -> str:
        """Original text of tokens first..last (inclusive), quotes and brackets dropped."""
        if first > last:
            return ""
        text = self.original(self.tokens[first].start, self.tokens[last].end)
        return " ".join(_QUOTES.sub(" ", text).split())

    def word(self, i: int) -> str:
        return numbers.word_at(self.tokens, i)


# ---------------------------------------------------------------- segmentation


def sentence_ranges(text: str, tokens: list[Token]) -> list[tuple[int, int]]:
    """Token ranges [start, end) of sentences: split at . ! ؟ (not inside numbers) and newlines."""
    starts = [t.start for t in tokens]
    ranges, first = [], 0
    for m in _SENTENCE_END.finditer(text):
        last = bisect.bisect_right(starts, m.start())
        if last > first:
            ranges.append((first, last))
            first = last
    if first < len(tokens):
        ranges.append((first, len(tokens)))
    return ranges


def clause_numbers(tokens: list[Token]) -> list[int]:
    ids, current = [], 0
    for tok in tokens:
        if tok.kind == "sym" and tok.text in CLAUSE_BREAKS:
            current += 1
        ids.append(current)
    return ids


# ---------------------------------------------------------------- the article's date


def anchor_date(document: Document, found: list[dates.DateMention]) -> tuple[Optional[dt.date], Optional[str]]:
    """The publication date, else the first full date of the body (the event reported)."""
    if document.meta.published:
        return dates.to_date(document.meta.published), document.meta.published
    for mention in found:
        if len(mention.iso) == 10 and mention.role == "point":
            return dates.to_date(mention.iso), mention.iso
    return None, None


# ---------------------------------------------------------------- unit


def unit_after(ctx: Context, figure: Figure) -> tuple[Optional[units.Unit], int]:
    """The unit written after the figure, and the index of its last token."""
    if figure.percent:
        return units.Unit("%", "percent", 0), figure.last_token
    k = figure.last_token + 1
    while k < len(ctx.tokens) and ctx.tokens[k].text in (")", "(", "-", "\"", "«", "»", "”", "“"):
        k += 1
    if ctx.word(k) in PARTITIVES:
        k += 1
    words = [ctx.word(k), ctx.word(k + 1)]
    unit = units.lookup(words, ctx.country) if words[0] else None
    if unit:
        return unit, k + unit.words - 1
    guess = units.guess_noun(ctx.words(k, k), figure.value, _not_units()) if words[0] and not figure.words_only else None
    if guess and ctx.tokens[k].start - ctx.tokens[figure.last_token].end <= 2:
        return units.Unit(guess, "count", 1), k
    return None, figure.last_token


def unit_from_metric(ctx: Context, head: Optional[int]) -> Optional[str]:
    """«بلغ عدد الملفات الطبية ... 14 مليوناً» -> ملف"""
    if head is None:
        return None
    word = ctx.word(head + 1)
    return units.noun_unit(word) or units.singular_of_plural(word)


# ---------------------------------------------------------------- metric


def _clean_head(word: str) -> str:
    """«كلفتها» -> «كلفة»: a head noun loses its pronoun suffix."""
    for suffix in ("تها", "تهم", "ته"):
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            return word[: -len(suffix)] + "ة"
    return word


def _is_head(word: str) -> bool:
    stem = strip_article(word)
    if stem[:1] in "بلو" and stem[1:] in metric_heads():
        return True
    stem = _clean_head(stem)
    return stem in metric_heads() or fold(stem) in metric_heads()


def head_phrase(ctx: Context, figure: Figure, sentence: tuple[int, int]) -> Optional[tuple[int, int]]:
    """«عدد المسجلين في السجل الوطني» before the figure: own clause first, else earlier in the sentence."""
    own_clause = ctx.clause_ids[figure.first_token]
    best, anaphor = None, False
    for i in range(figure.first_token - 1, max(sentence[0], figure.first_token - SCAN_LIMIT) - 1, -1):
        if not _is_head(ctx.word(i)):
            continue
        end = _phrase_end(ctx, i + 1, figure.first_token, limit=8)
        while end > i and ctx.word(end) in FUNCTION_WORDS:
            end -= 1
        if end <= i:  # a bare «العدد» refers back: keep looking
            anaphor = anaphor or ctx.clause_ids[i] == own_clause
            continue
        i = _outer_head(ctx, i, sentence[0])
        if ctx.clause_ids[i] == own_clause:
            return i, end
        best = best or (i, end)
    # an earlier clause's metric only reaches a figure whose own clause names nothing («مقابل 93.000 ملف»)
    return best if anaphor or context_phrase(ctx, figure) is None else None


def _outer_head(ctx: Context, i: int, floor: int) -> int:
    """«إيرادات الميزانية العامة»: a head just before another head opens the phrase."""
    for k in range(i - 1, max(floor - 1, i - 4), -1):
        tok = ctx.tokens[k]
        if tok.kind != "word" or tok.text in _head_stops():
            break
        if _is_head(tok.text):
            return k
    return i


def _phrase_end(ctx: Context, k: int, stop: int, limit: int, stops: frozenset = frozenset()) -> int:
    """Index of the last token of a noun phrase starting at k (k-1 when empty)."""
    stops = stops or _head_stops()
    last, first = k - 1, k
    while k < stop and k - first < limit:
        tok = ctx.tokens[k]
        if tok.kind == "num" or (tok.kind == "sym" and tok.text in CLAUSE_BREAKS) or tok.text in stops:
            break
        if tok.text == "الي" and (ctx.word(k + 1) in LIMIT_WORDS or _date_token(ctx, k + 1)):
            break
        if _date_token(ctx, k):
            break
        last = k
        k += 1
    return last


def _date_token(ctx: Context, k: int) -> bool:
    if k >= len(ctx.tokens):
        return False
    start = ctx.tokens[k].start
    j = bisect.bisect_right(ctx.date_starts, start) - 1
    return j >= 0 and ctx.dates[j].start <= start < ctx.dates[j].end


@lru_cache(maxsize=None)
def _not_units() -> frozenset[str]:
    """Words that never name what a figure counts (verbs, connectives, metric nouns, cues)."""
    return metric_stops() | FUNCTION_WORDS | metric_heads() | frozenset(attribution.cues()) | numbers.OTHERS | frozenset(
        fold(w) for w in ("تحت", "فوق", "منه", "منها", "كما", "لكل", "سجل", "بنسبة", "بقيمة", "مقارنة", "بمعدل")
    )


@lru_cache(maxsize=None)
def _head_stops() -> frozenset[str]:
    return metric_stops() | _qualifier_words()


@lru_cache(maxsize=None)
def _trailing_stops() -> frozenset[str]:
    return _head_stops() - {"الي"}


def trailing_phrase(ctx: Context, after: int, sentence_end: int, limit: int = 8) -> Optional[tuple[int, int]]:
    end = _phrase_end(ctx, after + 1, sentence_end, limit, _trailing_stops())
    while end > after and ctx.word(end) in FUNCTION_WORDS:
        end -= 1
    return (after + 1, end) if end > after else None


def context_phrase(ctx: Context, figure: Figure, limit: int = 6) -> Optional[tuple[int, int]]:
    """The words before the figure in its clause («استفاد منه», «عبر إدماج»)."""
    own = ctx.clause_ids[figure.first_token]
    first = figure.first_token
    while first > 0 and ctx.clause_ids[first - 1] == own and figure.first_token - first < limit + 3:
        if ctx.tokens[first - 1].kind == "num" or ctx.word(first - 1) in numbers.scales():
            break
        first -= 1
    words = [i for i in range(first, figure.first_token) if ctx.tokens[i].kind == "word"]
    words = [i for i in words if ctx.tokens[i].text not in _qualifier_words() and ctx.tokens[i].text not in attribution.cues()]
    while words and ctx.word(words[0]) in FUNCTION_WORDS:
        words.pop(0)
    while words and ctx.word(words[-1]) in FUNCTION_WORDS:
        words.pop()
    if not words:
        return None
    return words[max(0, len(words) - limit)], words[-1]


@lru_cache(maxsize=None)
def _qualifier_words() -> frozenset[str]:
    return frozenset(w for phrase, _, _ in numbers.qualifier_phrases() for w in phrase) - FUNCTION_WORDS - {"لا", "فوق"}


def topic_phrase(ctx: Context, figure: Figure, sentence: tuple[int, int]) -> Optional[str]:
    """The programme the sentence is about («بنظام "أمو-تضامن"»), for elliptic figures."""
    for i in range(figure.first_token - 1, max(sentence[0], figure.first_token - SCAN_LIMIT) - 1, -1):
        word = strip_article(ctx.word(i))
        word = word[1:] if word[:1] in "بلو" and word[1:] in TOPIC_HEADS else word
        if word in TOPIC_HEADS:
            end = min(i + 4, figure.first_token - 1)
            k, last = i + 1, i
            while k <= end and not (ctx.tokens[k].kind == "sym" and ctx.tokens[k].text in "،,."):
                if ctx.tokens[k].kind == "num":
                    break
                last = k
                k += 1
            while last > i and ctx.word(last) in FUNCTION_WORDS:
                last -= 1
            return word_text(ctx, i, last)
    return None


def word_text(ctx: Context, first: int, last: int) -> str:
    text = ctx.words(first, last)
    return text[1:] if text[:1] in ("ب", "ل") and fold(text[1:4]) in ("نظا", "برن", "ورش", "صند") else text


def build_metric(ctx: Context, figure: Figure, unit_last: int, sentence: tuple[int, int], head) -> str:
    parts = []
    if head:
        first_word = ctx.words(head[0], head[0])
        cleaned = _clean_head(first_word)
        rest = ctx.words(head[0] + 1, head[1])
        parts.append(f"{cleaned} {rest}".strip())
    else:
        context = context_phrase(ctx, figure)
        if context:
            parts.append(ctx.words(*context))
    unit_first = figure.last_token + 1
    trailing = trailing_phrase(ctx, unit_last, sentence[1])
    if unit_last > figure.last_token and (trailing or not head):
        parts.append(ctx.words(unit_first, trailing[1] if trailing else unit_last))
    elif trailing:
        parts.append(ctx.words(*trailing))
    metric = " ".join(p for p in parts if p)
    metric = " ".join(w for w in metric.split() if _WORDLIKE.search(w))
    topic = topic_phrase(ctx, figure, sentence)
    if topic and fold(topic.split()[-1]) not in fold(metric):
        metric = f"{metric} ({topic})" if metric else topic
    words = metric.split()
    return " ".join(words[:MAX_METRIC_WORDS])


# ---------------------------------------------------------------- qualifier governed by a verb


def verb_qualifier(ctx: Context, figure: Figure) -> Optional[str]:
    """«تجاوز عدد الملفات المودعة يوميا ... 102 ألف ملف»: the clause's verb qualifies the figure."""
    own = ctx.clause_ids[figure.first_token]
    verbs = {phrase[0]: q for phrase, q, where in numbers.qualifier_phrases() if where == "verb"}
    for i in range(figure.first_token - 1, max(-1, figure.first_token - 14), -1):
        if ctx.clause_ids[i] != own or ctx.tokens[i].kind == "num":
            return None
        word = ctx.word(i)
        word = word[1:] if word[:1] in "وف" and word[1:] in verbs else word
        if word in verbs:
            return verbs[word]
    return None


# ---------------------------------------------------------------- date


def figure_date(ctx: Context, figure: Figure, sentence: tuple[int, int], pair_role: Optional[str]):
    """(date, period_start) of a figure: the nearest date of its clause, else of its sentence,
    else the article's date; «منذ دجنبر 2023» gives a period start, «بين 2021 و2024» a span."""
    lo, hi = ctx.tokens[sentence[0]].start, ctx.tokens[sentence[1] - 1].end
    in_sentence = ctx.dates[bisect.bisect_left(ctx.date_starts, lo) : bisect.bisect_left(ctx.date_starts, hi)]
    since = [d for d in in_sentence if d.role == "since"]
    period_start = since[0].iso if since else None
    points = [d for d in in_sentence if d.role != "since"]
    span_starts = [d for d in points if d.role == "span_start"]
    span_ends = [d for d in points if d.role == "span_end"]
    if span_starts and span_ends:
        if pair_role == "from":
            return span_starts[0].iso, None
        if pair_role == "to" or _in_clause_of(ctx, figure, span_ends[0]) or _in_clause_of(ctx, figure, span_starts[0]):
            return span_ends[0].iso, span_starts[0].iso
    points = [d for d in points if d.role == "point"]
    own = ctx.clause_ids[figure.first_token]
    # a date reaches the figures of its own clause and of the clauses after it, not before
    candidates = [d for d in points if _clause_of(ctx, d) == own] or [d for d in points if _clause_of(ctx, d) < own]
    if candidates:
        nearest = min(candidates, key=lambda d: _distance(figure, d, ctx))
        return nearest.iso, nearest.period_start or period_start
    return ctx.document.meta.published or _anchor_iso(ctx), period_start


def _anchor_iso(ctx: Context) -> Optional[str]:
    return ctx.anchor.isoformat() if ctx.anchor else None


def _clause_of(ctx: Context, mention) -> int:
    return ctx.clause_ids[min(bisect.bisect_left(ctx.starts, mention.start), len(ctx.starts) - 1)]


def _in_clause_of(ctx: Context, figure: Figure, mention) -> bool:
    return _clause_of(ctx, mention) == ctx.clause_ids[figure.first_token]


def _distance(figure: Figure, mention, ctx: Context) -> int:
    start, end = ctx.tokens[figure.first_token].start, ctx.tokens[figure.last_token].end
    return mention.start - end if mention.start >= end else start - mention.end


# ---------------------------------------------------------------- the stage


def build_context(document: Document) -> Context:
    end = document.body_end if document.body_end is not None else len(document.text)
    body = document.text[document.body_start : end]
    norm = normalize(body)
    tokens = numbers.tokenize(norm.text)
    anchor = dates.to_date(document.meta.published)
    found = dates.find_dates(norm.text, tokens, anchor)
    if anchor is None:
        anchor, _ = anchor_date(document, found)
        if anchor is not None:
            found = dates.find_dates(norm.text, tokens, anchor)
    return Context(
        document=document,
        norm=norm,
        tokens=tokens,
        sentences=sentence_ranges(norm.text, tokens),
        clause_ids=clause_numbers(tokens),
        dates=found,
        anchor=anchor,
        country=document.meta.country,
        starts=[t.start for t in tokens],
        date_starts=[d.start for d in found],
    )


def extract_facts(document: Document) -> list[Fact]:
    """Every figure of the document's body as a Fact (before collapsing repeated paragraphs)."""
    if document.status != "ok" or not document.text:
        return []
    ctx = build_context(document)
    figures = numbers.find_figures(ctx.norm.text, ctx.tokens)
    if not figures:
        return []
    cue_lists = attribution.find_cues(ctx.tokens, ctx.sentences, _person_detector(ctx))
    sentence_starts = [s for s, _ in ctx.sentences]
    drafts = []
    for figure in figures:
        index = bisect.bisect_right(sentence_starts, figure.first_token) - 1
        drafts.append(_draft(ctx, figure, ctx.sentences[index], cue_lists[index]))
    _share_units(ctx, drafts)
    facts = [_fact(ctx, d) for d in drafts if _keep(d, ctx)]
    return _fold_headline(ctx, facts)


def _fold_headline(ctx: Context, facts: list[Fact]) -> list[Fact]:
    """A headline restating a figure of the body («455 بلاغا خلال عيد الفطر» then «... ٤٥٥ بلاغا»)
    is the same fact: the body mention is kept, the headline's offsets go to its `repeats`."""
    first_break = ctx.norm.original.find("\n")
    if first_break < 0:
        return facts
    headline_end = ctx.document.body_start + first_break
    body_twins: dict[tuple, Fact] = {}
    for fact in facts:
        if fact.start > headline_end:
            body_twins.setdefault((fact.value, fact.unit), fact)
    kept = []
    for fact in facts:
        twin = fact.start < headline_end and body_twins.get((fact.value, fact.unit))
        if twin:
            twin.repeats.append((fact.start, fact.end))
        else:
            kept.append(fact)
    return kept


@dataclass
class _Draft:
    figure: Figure
    sentence: tuple[int, int]
    unit: Optional[units.Unit]
    unit_last: int
    head: Optional[tuple[int, int]]
    source: Optional[tuple[int, int]]
    pair_role: Optional[str] = None
    metric_of: Optional["_Draft"] = None  # «من 8,6 مليون إلى 24,3 مليون مستفيد من ...»: the partner's metric


def _draft(ctx: Context, figure: Figure, sentence, sentence_cues) -> _Draft:
    unit, unit_last = unit_after(ctx, figure)
    head = head_phrase(ctx, figure, sentence)
    if figure.qualifier is None:
        figure.qualifier = verb_qualifier(ctx, figure)
    return _Draft(figure, sentence, unit, unit_last, head, attribution.source_of(figure.first_token, sentence_cues))


def _share_units(ctx: Context, drafts: list[_Draft]) -> None:
    """«من 8,6 مليون إلى 24,3 مليون مستفيد»: the first takes the second's unit; «وأصيب 2000 آخرون»
    and «82 منهم» take the unit of the figure before; «عدد الملفات ... 14 مليوناً» takes ملف."""
    for left, right in zip(drafts, drafts[1:]):
        gap = ctx.tokens[left.figure.last_token + 1 : right.figure.first_token]
        words = [t.text for t in gap]
        same_kind = left.figure.percent == right.figure.percent
        if left.sentence == right.sentence and same_kind and words and words[0] in numbers.TO and len(words) <= 2:
            left.pair_role, right.pair_role = "from", "to"
            left.metric_of = right
            if left.unit is None and right.unit is not None:
                left.unit = right.unit
            elif right.unit is None and left.unit is not None:
                right.unit = left.unit
    for left, right in zip(drafts, drafts[1:]):
        gap = [t.text for t in ctx.tokens[left.figure.last_token + 1 : right.figure.first_token]]
        if left.unit is None and right.unit is not None and gap in (["من", "اصل"], ["من", "مجموع"], ["من", "بين"]):
            left.unit = right.unit  # «بتصويت 176 من أصل 328 نائبا»
    previous = None
    for draft in drafts:
        if draft.unit is None and draft.head is None:
            draft.unit = _subject_noun(ctx, draft.figure)
        if draft.unit is None:
            word = ctx.word(draft.figure.last_token + 1)
            if word in ANAPHORIC_UNITS and previous is not None and previous.sentence == draft.sentence:
                draft.unit = previous.unit
            elif draft.head is not None:
                lemma = unit_from_metric(ctx, draft.head[0])
                if lemma:
                    draft.unit = units.Unit(lemma, "count", 0)
        if draft.unit is not None:
            previous = draft


def _subject_noun(ctx: Context, figure: Figure) -> Optional[units.Unit]:
    """«بلغت بلاغات الحوادث ١٤٣»: a bare figure counts the noun its clause is about."""
    own, found = ctx.clause_ids[figure.first_token], None
    for i in range(figure.first_token - 1, max(-1, figure.first_token - 6), -1):
        if ctx.clause_ids[i] != own or ctx.tokens[i].kind == "num":
            break
        lemma = units.noun_unit(ctx.word(i))
        found = units.Unit(lemma, "count", 0) if lemma else found  # the leftmost noun heads the phrase
    return found


def _keep(draft: _Draft, ctx: Context) -> bool:
    if draft.unit is None:  # a bare number: only under «عدد/نسبة ...» or with a scale word
        counted = draft.head is not None and strip_article(ctx.word(draft.head[0])) in COUNT_HEADS
        return not draft.figure.words_only and (counted or draft.figure.scaled)
    return draft.unit.kind != "time"


def _fact(ctx: Context, draft: _Draft) -> Fact:
    figure, document = draft.figure, ctx.document
    offset = document.body_start
    start, end = ctx.norm.span(figure.start, figure.end)
    sentence_lo = ctx.tokens[draft.sentence[0]].start
    sentence_hi = ctx.tokens[draft.sentence[1] - 1].end
    s_start, s_end = _clip(ctx.norm.original, *ctx.norm.span(sentence_lo, sentence_hi), start, end)
    date, period_start = figure_date(ctx, figure, draft.sentence, draft.pair_role)
    source = ctx.words(*_token_range(ctx, draft.source)) if draft.source else None
    return Fact(
        id=stable_id(document.id, offset + start, offset + end),
        doc=document.doc,
        doc_id=document.id,
        value=figure.value,
        value_max=figure.value_max,
        qualifier=figure.qualifier,
        unit=draft.unit.name if draft.unit else None,
        metric=_metric(ctx, draft.metric_of or draft) or None,
        date=date,
        period_start=period_start if period_start and period_start != date else None,
        source=source or None,
        source_label=_label(source),
        publisher=document.meta.publisher,
        published=document.meta.published,
        start=offset + start,
        end=offset + end,
        surface=ctx.norm.original[start:end],
        sentence=ctx.norm.original[s_start:s_end].strip(),
        sentence_start=offset + s_start,
    )


def _clip(text: str, s_start: int, s_end: int, start: int, end: int) -> tuple[int, int]:
    """A sentence longer than MAX_SENTENCE is cut to the whole words around the figure [start, end)."""
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


def _metric(ctx: Context, draft: _Draft) -> str:
    return build_metric(ctx, draft.figure, draft.unit_last, draft.sentence, draft.head)


def _token_range(ctx: Context, span: tuple[int, int]) -> tuple[int, int]:
    first = bisect.bisect_left(ctx.starts, span[0])
    last = bisect.bisect_left(ctx.starts, span[1]) - 1
    return first, last


@lru_cache(maxsize=1)
def _ner():
    try:
        from . import ner

        return ner
    except Exception:  # the NER model is optional for extraction
        return None


_NAMED: dict[str, bool] = {}  # phrase -> does the NER see a PERS/ORG in it (phrases repeat a lot)


def _person_detector(ctx: Context):
    """A cached PERS/ORG test for speaker phrases. The phrases the article will ask about are
    collected in a dry run first and tagged in one batch (`nlp.pipe`)."""
    module = _ner()
    if module is None or not hasattr(module, "labels_of"):
        return None
    asked: list[str] = []
    attribution.find_cues(ctx.tokens, ctx.sentences, lambda text: asked.append(text) or False)
    fresh = list(dict.fromkeys(t for t in asked if t not in _NAMED))
    if fresh:
        try:
            labels = module.labels_of(fresh)
        except Exception:  # no model: speakers come from the tables alone
            labels = [None] * len(fresh)
        if len(_NAMED) > 100_000:
            _NAMED.clear()
        _NAMED.update((t, label in ("PERS", "ORG")) for t, label in zip(fresh, labels))
    return lambda text: _NAMED.get(text, False)


@lru_cache(maxsize=8192)
def _label(source: Optional[str]) -> Optional[str]:
    if not source:
        return None
    module = _ner()
    if module is None or not hasattr(module, "label_of"):
        return None
    try:
        return module.label_of(source)
    except Exception:
        return None
