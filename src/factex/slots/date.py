"""The date slot: the time a figure refers to, and where its period starts.

The nearest date of the figure's clause, else of an earlier clause of its sentence, else the
article's date; «منذ دجنبر 2023» gives a period start, «بين 2021 و2024» a span.
"""
from __future__ import annotations

import bisect
from typing import Optional

from ..context import Context
from ..numbers import Figure


def figure_date(ctx: Context, figure: Figure, sentence: tuple[int, int], pair_role: Optional[str]):
    """(date, period_start) of a figure."""
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
        nearest = min(candidates, key=lambda d: _distance(ctx, figure, d))
        return nearest.iso, nearest.period_start or period_start
    return ctx.document.meta.published or _anchor_iso(ctx), period_start


def _anchor_iso(ctx: Context) -> Optional[str]:
    return ctx.anchor.isoformat() if ctx.anchor else None


def _clause_of(ctx: Context, mention) -> int:
    return ctx.clause_ids[ctx.token_at(mention.start)]


def _in_clause_of(ctx: Context, figure: Figure, mention) -> bool:
    return _clause_of(ctx, mention) == ctx.clause_ids[figure.first_token]


def _distance(ctx: Context, figure: Figure, mention) -> int:
    start, end = ctx.tokens[figure.first_token].start, ctx.tokens[figure.last_token].end
    return mention.start - end if mention.start >= end else start - mention.end
