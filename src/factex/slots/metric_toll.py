"""Tolls for the metric slot (slots/metric.py): «لقي 14 شخصا مصرعهم في ...» -> «عدد القتلى في ...», a
count of victims read as a toll without a verb of one («أسفر الهجوم عن 12 قتيلا» -> «عدد القتلى»), and
the parts of a toll («مقتل 20 شخصا، منهم ستة أطفال» -> «عدد القتلى (أطفال)»; also dated by its event,
slots/date.py).
"""
from __future__ import annotations

from functools import lru_cache
from typing import Optional

from .. import units
from ..context import Context, Draft, TollLink
from ..lexicon import load_table, words
from ..numbers import number_words
from . import metric_around as around_
from . import metric_reading as reading_
from . import metric_share as share_
from . import metric_render as render_
from . import metric_scope as scope_
from . import phrase

Span = tuple[int, int]
KIND_WORDS = 3  # words of what a count of victims is of («إصابة بحروق متفاوتة»)
CONJUNCT_WORDS = 4  # words between a toll's noun and the «و» of a second count it governs («مقتل 2 من الضباط و3 جنود»)
TOLL_PART_REACH = 12  # figures a part of a toll is walked back along its list to the toll


def toll_parts(ctx: Context, draft: Draft, reading: reading_.Reading, counted: Optional[Span], generic: bool,
               item: Optional[tuple[Span, Span]] = None) -> list:
    """«لقي 14 شخصا مصرعهم في ...» -> «عدد القتلى في ...»; «إصابات 31 منهم بليغة» -> «عدد المصابين البليغة».
    `item`: a list item's own clause (metric_scope.elliptic_item) whose verb is not the toll's."""
    parts: list = [render_.word_for("count"), render_.display(reading.toll)]
    kind = _kind_after(ctx, counted) if counted is not None and victims(draft) else None
    if kind is not None:
        parts.append(ctx.words(*kind))  # «46 إصابة بحروق متفاوتة»: what the injuries are
    predicate = around_.predicate_after(ctx, draft)
    if predicate is not None:
        parts.append(render_.definite_predicate(ctx, predicate))
    if item is not None:  # «نقل الإسعاف 23 مصابا و6 تم نقلهم بسيارات خاصة» -> «عدد المصابين الذين تم نقلهم ...»
        parts += [render_.word_for("who"), phrase.render(ctx, [item[1]])]
    scope = around_.event_scope(ctx, draft, counted)
    place = scope_.toll_place(ctx, draft, counted) if scope is None else None
    parts += [scope] if scope else ["في", place] if place else []
    # «12 قتيلا من المدنيين»: the noun is the toll's, the group after «من» says who (not «منها 4 خطيرة»)
    of_victims = victims(draft) and (counted is None or around_.mentions_unit(ctx, counted, draft))
    said = phrase.render(ctx, [scope or place]) if (scope or place) else ""
    text = _without_said(phrase.render(ctx, render_.nominative(ctx, *counted)), said) if counted is not None else ""
    partitive = ctx.word(draft.figure.last_token + 1) in words("partitive")  # «5 من أفراد الشرطة»: a group named
    if counted is not None and (not generic or partitive) and not phrase.is_verb(ctx.word(counted[0])) and not of_victims:
        parts.append(f"({text})")  # «عدد القتلى (مسلح من جبهة النصرة)»; «(جنود)» after «في الهجوم»; «(أفراد الشرطة)»
    elif counted is None or of_victims:
        group = share_.partitive_after(ctx, draft)
        named = phrase.render(ctx, [group]) if group is not None and not phrase.is_verb(ctx.word(group[0])) else ""
        scope_text = phrase.render(ctx, [scope]) if scope else ""
        if scope_text and named.endswith(scope_text):
            named = named[: -len(scope_text)].strip()
        if named:
            parts.append(f"({named})")  # «قتلت 1250 من عناصر الجماعة المسلحة» -> «عدد القتلى (عناصر الجماعة المسلحة)»
    return parts


def _kind_after(ctx: Context, counted: Span) -> Optional[Span]:
    """«إصابة بحروق متفاوتة», «إصابات خطيرة»: the counted noun's «ب» phrase, up to the next item of a list
    («... ومصابين اثنين») or a preposition; not «بينهم أطفال»."""
    first = counted[0] + 1
    word = ctx.word(first)
    if counted[1] < first or word[:1] != "ب" or len(word) <= 3 or any(word.startswith(b) for b in words("between")):
        return None
    last = first
    while last < min(counted[1], first + KIND_WORDS - 1) and ctx.word(last + 1)[:1] != "و" and \
            not phrase.breaks(ctx.word(last + 1)) and ctx.word(last + 1) not in words("phrase_preposition"):
        last += 1  # (not «في المصنع»: where, which the toll's place says)
    return first, last


def _without_said(text: str, said: str) -> str:
    """«جنود في الهجوم» after «عدد القتلى في الهجوم»: the counted phrase without the place said before it."""
    if not said or not text.endswith(said) or text == said:
        return text
    rest = text[: -len(said)].split()
    while rest and rest[-1] in words("phrase_preposition"):
        rest.pop()
    return " ".join(rest) or text


def toll_of_victims(ctx: Context, draft: Draft, subject: Optional[Span], floor: int) -> str:
    """«أسفر الهجوم عن 12 قتيلا», «وخلف الانفجار 15 قتيلا» -> «القتلى»: a count of victims is a toll without a
    verb of one, when nothing stands before it or a verb of an event that left them; «مقتل ضابط و3 جنود»:
    the second of two counts a toll's noun governs; '' otherwise."""
    toll = victims(draft)
    verb = around_.verb_before(ctx, draft.figure, floor)
    left = _left_victims(ctx, subject) or (verb is not None and phrase.toll_verb(ctx.word(verb[0]))) or \
        (subject is not None and any(phrase.toll_verb(ctx.word(k)) for k in (subject[1], subject[0] - 1)))
    # («الهجوم أسفر», «وخلف التفجير 200 جريح», «نتج عن الحادث 7 إصابات»: an event and its verb)
    if toll and left and _left_victims(ctx, verb):
        return toll  # (an event before its verb: «هجوما داميا أوقع 30 قتيلا», «الاعتداء الذي أوقع»)
    return _toll_of_conjunct(ctx, draft, floor) if subject is None else ""


def _toll_of_conjunct(ctx: Context, draft: Draft, floor: int) -> str:
    """«مقتل ضابط و3 جنود», «وفاة طفلة وأربع نساء»: after «و», the toll's noun a few words before (with only
    the first count's words between) counts this figure too."""
    first = draft.figure.first_token
    k = reading_.skip_marks(ctx, first - 1, floor)
    glued = ctx.tokens[first].text[:1] == "و" and ctx.tokens[first].kind == "word"
    if not glued and (k < floor or ctx.word(k) != "و"):
        return ""
    k = k if glued else k - 1
    for j in range(k, max(floor, k - CONJUNCT_WORDS) - 1, -1):
        if not phrase.is_word(ctx, j) and ctx.tokens[j].kind != "num":
            return ""
        entry = phrase.metric_verbs().get(ctx.word(j))
        if entry is not None:  # the noun governs the counts, not «133 حالة إصابة و37 حالة وفاة»
            counted_before = j > floor and (ctx.tokens[j - 1].kind == "num" or units.is_unit_word(ctx.word(j - 1)))
            return entry[1] if entry[0] in phrase.TOLLS and not entry[2] and not counted_before else ""
        if phrase.is_verb(ctx.word(j)):
            return ""
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
    سقوط») or of a witness counting them («شاهدت», «عثرت الشرطة على»), not with what was done to them
    («نقل منها») or a phrase of its own."""
    return span is None or phrase.toll_verb(ctx.word(span[0])) or phrase.listed(ctx.word(span[0]), "witness_verb")


def is_toll(ctx: Context, draft: Draft) -> bool:
    """«12 قتيلا», «مقتل 14 شخصا», «استشهاد 7 من أفراد الحرس ...», «20 شخصا أصيبوا»: a count of an event's victims."""
    return _counts_victims(draft) or bool(_toll_word(ctx, draft))


def _counts_victims(draft: Draft) -> bool:
    return draft.unit is not None and draft.unit.name in words("toll_unit")


def _toll_word(ctx: Context, draft: Draft) -> str:
    """How the metric names the toll a figure counts («القتلى»: a verb or noun of one before or after it), or ''."""
    floor = reading_.clause_start(ctx, draft.figure.first_token, draft.sentence[0])
    return reading_.read_left(ctx, draft.figure, floor).toll or around_.toll_after(ctx, draft)


def whole_toll(ctx: Context, draft: Draft, so_far: list[Draft]) -> Optional[TollLink]:
    """«20 قتيلا، منهم ستة أطفال قتلوا في منازلهم واثنان توفيا لاحقا وثلاثة من الحراس», «مقتل 9
    من رجال الشرطة، إضافة إلى أربعة من موظفي المصنع»: a count joined (words/toll_part.txt) to the toll
    before it in its sentence, with no verb but a toll's between, is a part of that toll; joined by «و» to
    a count of victims of another noun («25 جريحا و50 أسيرا», «15 ألف قتيل و1,5 مليون مهجر»), another toll
    of its event. `so_far`: the figures of its sentence in order, up to it. Walked back along the list,
    TOLL_PART_REACH figures at most (a list of hundreds stays linear)."""
    part, sibling = draft, False
    for previous in reversed(so_far[-1 - TOLL_PART_REACH:-1]):
        if part.unit is None or part.unit.kind != "count" or not _joined_before(ctx, part.figure.first_token) \
                or _other_verb_between(ctx, previous.figure.last_token, part.figure.first_token):
            return None
        if part is draft:
            sibling = _and_before(ctx, draft.figure.first_token) and bool(victims(previous)) and \
                previous.unit.name != draft.unit.name
        word = _toll_word(ctx, previous)
        if word or _counts_victims(previous):
            return TollLink(previous, "" if sibling else word or victims(previous))
        part = previous
    return None


def _other_verb_between(ctx: Context, last: int, first: int) -> bool:
    """«... 13 قتيلا، وأوقفت الشرطة منهم ثلاثة»: a verb other than a toll's between two figures."""
    return any(phrase.is_word(ctx, k) and phrase.is_verb(ctx.word(k)) and not any(phrase.verb_of(ctx.word(k), kind) for kind in phrase.TOLLS)
               for k in range(last + 1, first))


def _joined_before(ctx: Context, first: int) -> bool:
    one, two = ctx.word(first - 1), f"{ctx.word(first - 2)} {ctx.word(first - 1)}"
    return one in words("toll_part") or two in words("toll_part") or _and_before(ctx, first)


def _and_before(ctx: Context, first: int) -> bool:
    """«و» alone joins the count to the one before («و 50», «واثنان»), no word of a part («منهم»)."""
    return ctx.word(first - 1) == "و" or (ctx.word(first)[:1] == "و" and ctx.word(first)[1:] in number_words())
