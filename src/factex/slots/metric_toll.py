"""Tolls for the metric slot (slots/metric.py): «لقي 27 شخصا مصرعهم في ...» -> «عدد القتلى في ...», and a
count of victims read as a toll without a verb of one («أسفر الهجوم عن 12 قتيلا» -> «عدد القتلى»).
"""
from __future__ import annotations

from functools import lru_cache
from typing import Optional

from ..context import Context, Draft
from ..lexicon import load_table, words
from . import metric_around as around_
from . import metric_reading as reading_
from . import metric_render as render_
from . import metric_scope as scope_
from . import phrase

Span = tuple[int, int]


def toll_parts(ctx: Context, draft: Draft, reading: reading_.Reading, counted: Optional[Span], generic: bool) -> list:
    """«لقي 27 شخصا مصرعهم في ...» -> «عدد القتلى في ...»; «إصابات 69 منهم بليغة» -> «عدد المصابين البليغة»."""
    parts: list = [render_.word_for("count"), render_.display(reading.toll)]
    predicate = around_.predicate_after(ctx, draft)
    if predicate is not None:
        parts.append(render_.definite_predicate(ctx, predicate))
    scope = around_.event_scope(ctx, draft, counted)
    place = scope_.toll_place(ctx, draft, counted) if scope is None else None
    parts += [scope] if scope else ["في", place] if place else []
    of_victims = victims(draft)  # «12 قتيلا من المدنيين»: the noun is the toll's, the group after «من» says who
    if counted is not None and not generic and not phrase.is_verb(ctx.word(counted[0])) and not of_victims:
        parts.append("(" + phrase.render(ctx, render_.nominative(ctx, *counted)) + ")")  # «عدد القتلى (مسلح من جبهة النصرة)»
    elif counted is None or of_victims:
        group = around_.partitive_after(ctx, draft)
        named = phrase.render(ctx, [group]) if group is not None and not phrase.is_verb(ctx.word(group[0])) else ""
        scope_text = phrase.render(ctx, [scope]) if scope else ""
        if scope_text and named.endswith(scope_text):
            named = named[: -len(scope_text)].strip()
        if named:
            parts.append(f"({named})")  # «قتلت 3042 من تنظيم داعش» -> «عدد القتلى (تنظيم داعش)»
    return parts


def toll_of_victims(ctx: Context, draft: Draft, subject: Optional[Span], floor: int) -> str:
    """«أسفر الهجوم عن 12 قتيلا», «وخلف الانفجار 15 قتيلا» -> «القتلى»: a count of victims is a toll without a
    verb of one, when nothing stands before it or a verb of an event that left them; '' otherwise."""
    toll = victims(draft)
    if toll and _left_victims(ctx, subject) and _left_victims(ctx, around_.verb_before(ctx, draft.figure, floor)):
        return toll
    return ""


def victims(draft: Draft) -> str:
    """«القتلى» for a count of «قتيل» (victim_units.tsv), else ''."""
    if draft.unit is None or draft.figure.percent:
        return ""
    return _victim_tolls().get(draft.unit.name, "")


@lru_cache(maxsize=1)
def _victim_tolls() -> dict[str, str]:
    return {row["unit"]: row["toll"] for row in load_table("victim_units")}


def _left_victims(ctx: Context, span: Optional[Span]) -> bool:
    """No phrase, or one that opens with a verb of an event leaving victims («وخلف الانفجار», «أسفر عن
    سقوط»), not with what was done to them («نقل منها») or a phrase of its own."""
    return span is None or phrase.strip_clitics(ctx.word(span[0])) in words("toll_result_verb") or ctx.word(span[0]) in words("toll_result_verb")
