"""The date slot: the time a figure refers to, and where its period starts.

Candidates come from the whole article: every date of the figure's sentence (with its clause,
side, distance and role), the last date named before the sentence in its paragraph and in the
article, the article's lead date, the publication date, and none. Each has a few features; the
linear scorer of `slots.ranking` chooses («date» weights in models/slots.json). A period is dated
by its end and keeps its start; «منذ دجنبر 2023» in the sentence gives a period start. A date of
earlier sentences is not carried past a sentence that opens on another event («إلى ذلك، ...»).
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Optional

import regex

from .. import units
from ..context import Context, Draft
from ..dates import DateMention, date_words, to_date
from ..lexicon import load_table, words
from ..normalize import fold, without_conjunction
from ..number_tables import count_words
from ..numbers import Figure, number_words
from ..reporting import cues
from . import metric_reading, metric_toll
from . import phrase
from .phrase import metric_verbs
from .ranking import Candidate, choose

SHIFT_WORDS = 4  # words of a sentence's opening compared with words/topic_shift.txt
LEAD_SENTENCES = 3  # the article's lead: its first sentences after the headline
# the days before the article on which its event happened («أمس», «السبت»): that day, named in the sentence
# before, dates the next sentence's figures too («عبرت أمس 3 سفن» / «وبلغت حمولتها 120 ألف طن»)
EVENT_DAYS = range(1, 7)


@dataclass
class DateIndex:
    """The article's dates by sentence, its lead date, and the reference date carried on: the
    last date that its own sentence gave to a figure («خلال النصف الأول ...» then «وأشار إلى أن ...»)."""

    by_sentence: list[list[DateMention]]
    lead: Optional[tuple[int, DateMention]]  # (sentence number, mention)
    since_word: list[int]  # by sentence: the first token of «منذ» (len(tokens) when none)
    shifts: list[int]  # sentences that open on another event («إلى ذلك، ...»), in order
    carried: Optional[tuple[int, DateMention]] = None  # (sentence number, mention)

    def shifted(self, number: int, sentence_no: int) -> bool:
        """Does a sentence after `number`, up to `sentence_no`, open on another event?"""
        k = bisect.bisect_right(self.shifts, number)
        return k < len(self.shifts) and self.shifts[k] <= sentence_no


def index_dates(ctx: Context, ranges: Iterable[Figure] = ()) -> DateIndex:
    """The article's dates, less those that are the bound of a range of amounts or counts (`ranges`:
    «(1200 - 1900) ريال» holds no year 1900)."""
    spans = [(ctx.tokens[f.first_token].start, ctx.tokens[f.last_token].end) for f in ranges]
    by_sentence: list[list[DateMention]] = [[] for _ in ctx.sentences]
    for mention in ctx.dates:
        if not any(a < mention.end and mention.start < b for a, b in spans):
            by_sentence[ctx.sentence_of(ctx.token_at(mention.start))].append(mention)
    lead = None
    for number, mentions in enumerate(by_sentence[1 : 1 + LEAD_SENTENCES + 1], 1):
        usable = [m for m in mentions if m.role in ("point", "span_end", "from") and m.kind != "same_period"]
        if usable:
            lead = (number, usable[0])
            break
    return DateIndex(by_sentence, lead, _since_words(ctx), _topic_shifts(ctx))


def _since_words(ctx: Context) -> list[int]:
    first = [len(ctx.tokens)] * len(ctx.sentences)
    for match in _since_pattern().finditer(ctx.norm.text):
        k = ctx.token_at(match.start())
        number = ctx.sentence_of(k)
        if number >= 0:
            first[number] = min(first[number], k)
    return first


@lru_cache(maxsize=1)
def _since_pattern() -> regex.Pattern:
    forms = sorted((w for w, row in date_words().items() if row[0] == "since"), key=len, reverse=True)
    return regex.compile(r"(?<!\w)[وبلف]?(?:" + "|".join(map(regex.escape, forms)) + r")(?!\w)")


def figure_date(ctx: Context, dates: DateIndex, draft: Draft, sentence_no: int, others: list[Draft], key=None):
    """(date, period_start) of a figure."""
    own = dates.by_sentence[sentence_no]
    since = _own_since(ctx, draft, own, others)
    candidates = _sentence_candidates(ctx, draft, own, others)
    only_compared = bool(candidates) and all(c.features.get("prep_compared") for c in candidates)
    candidates += _context_candidates(ctx, dates, sentence_no, since is not None)
    if only_compared:  # «وانخفض الاحتياطي 1.2 مليار مقارنة بنهاية ديسمبر»: the change runs to the period carried
        for candidate in candidates:
            if candidate.features.get("carried"):
                candidate.features["carried_own_compared"] = 1.0
    if since is None and dates.since_word[sentence_no] < draft.figure.first_token and not any(
            c.features.get("sent") for c in candidates):
        for candidate in candidates:  # «منذ سيطرة الجماعة على ...»: a state since an event, as of the article
            if candidate.features.get("published") or candidate.features.get("anchor"):
                candidate.features["since_event"] = 1.0
    if metric_toll.is_toll(ctx, draft) or draft.toll_of is not None:
        for candidate in candidates:  # a toll belongs to its event: the day the article reports it happened
            f = candidate.features
            if (f.get("carried") or f.get("lead")) and (f.get("carried_day") or f.get("lead_day")):
                f["toll_event_day"] = 1.0
            f.pop("sent_after_cause", None)  # «قتل 5 أشخاص بعد أن فجر انتحاري نفسه أمس»: the toll's own day
    chosen = choose("date", candidates, key)
    if chosen is None or chosen.value is None:
        return None, since
    f = chosen.features
    if chosen.mention is not None and f.get("sent") and not (f.get("prep_compared") or f.get("sent_publication")):
        dates.carried = (sentence_no, chosen.mention)
    date, start = chosen.value
    published = ctx.document.meta.published
    if date and published and len(date) < len(published) and published.startswith(date) and not start:
        date = published  # «خلال العام الحالي»: the year to date, as of the article's date
    return date, start or (since if since != date else None)


def _own_since(ctx: Context, draft: Draft, own: list[DateMention], others: list[Draft]) -> Optional[str]:
    """The start of the figure's period: the sentence's «منذ ...», unless it comes in a later clause after
    another figure («قتل 170 مدنيا، وارتفع العدد الإجمالي إلى 3216 منذ 23 سبتمبر»: the total's start,
    not the 170's; «15 ألف قتيل و1.5 مليون مهجر منذ 2009»: both figures')."""
    f_end = ctx.tokens[draft.figure.last_token].end
    f_clause = ctx.clause_ids[draft.figure.first_token]
    other_starts = sorted(ctx.tokens[o.figure.first_token].start for o in others if o is not draft)
    for mention in own:
        if mention.role == "since" and (mention.end <= f_end or ctx.clause_ids[ctx.token_at(mention.start)] == f_clause
                                        or not _figures_between(other_starts, f_end, mention.start)):
            return mention.iso
    return None


# ---------------------------------------------------------------- the figure's sentence


def _sentence_candidates(ctx: Context, draft: Draft, own: list[DateMention], others: list[Draft]) -> list[Candidate]:
    figure = draft.figure
    points = [m for m in own if m.role != "since"]
    if not points:
        return []
    f_start, f_end = ctx.tokens[figure.first_token].start, ctx.tokens[figure.last_token].end
    f_clause = ctx.clause_ids[figure.first_token]
    span_start = next((m for m in points if m.role == "span_start"), None)
    distances = [_distance(f_start, f_end, m) for m in points]
    nearest = min(distances)
    other_starts = sorted(ctx.tokens[o.figure.first_token].start for o in others if o is not draft)
    other_lasts = sorted(o.figure.last_token for o in others if o is not draft)
    compared = _compared(ctx, figure)
    to_side = draft.pair_role == "to" or phrase.after_word(ctx, figure.first_token, "to")
    from_side = draft.pair_role == "from" or phrase.after_word(ctx, figure.first_token, "change_start")
    to_after = _change_to_side(ctx, draft, others)  # «نموا بلغ 7% منتقلا من ... 2020 إلى ... 2021»
    candidates = []
    for mention, distance in zip(points, distances):
        clause = ctx.clause_ids[ctx.token_at(mention.start)]
        before = mention.end <= f_start
        between = _figures_between(other_starts, mention.end, f_start) if before else _figures_between(other_starts, f_end, mention.start)
        adjacent = between == 0
        features = {
            "sent": 1.0,
            "sent_same_clause": float(clause == f_clause),
            "sent_clause_before": float(clause < f_clause),
            "sent_clause_after": float(clause > f_clause),
            "sent_before": float(before),
            "sent_distance": min(distance, 400) / 100,
            "sent_nearest": float(distance == nearest),
            "sent_adjacent_before": float(adjacent and before),
            "sent_adjacent_after": float(adjacent and not before),
            "sent_closes_from": float(before and ctx.word(ctx.token_at(mention.end)) in words("to")),
            "sent_publication": float(_after_publication_word(ctx, mention)),
            "sent_statement": float(_after_reporting_verb(ctx, mention)),
            "role_from": float(mention.role == "from"),
            "role_from_duration_other_clause": float(mention.role == "from" and clause != f_clause and _starts_duration(ctx, mention)),
            "role_span_start": float(mention.role == "span_start"),
            "role_span_end": float(mention.role == "span_end"),
            "pair_from_start": float(draft.pair_role == "from" and mention.role == "span_start"),
            "pair_to_end": float(draft.pair_role == "to" and mention.role == "span_end"),
            "sent_claimed": float(_claimed(other_starts, f_start, mention)),
            "sent_leads_other": float(not before and _leads_other(ctx, other_starts, mention)),
            "sent_when_link": float(before and adjacent and _when_between(ctx, mention, figure.first_token)),
            "sent_after_cause": float(not before and _cause_between(ctx, figure.last_token, mention)),
            "sent_owned_other_clause": float(before and clause != f_clause and _owned(ctx, other_lasts, mention)),
            "sent_event_before_state": float(before and clause < f_clause and _state_after_event(ctx, draft, mention)),
            "fig_change_to_date": float(to_after is not None and mention.start > ctx.tokens[to_after.figure.last_token].end),
            "fig_compared_adjacent_after": float(compared and adjacent and not before),
            "fig_compared_other": float(compared and not (adjacent and not before)),
            "fig_to_date_after": float(to_side and not before),
            "fig_to_date_before": float(to_side and before),
            "fig_from_closed_after": float(from_side and not before and ctx.word(ctx.token_at(mention.end)) in words("to")),
            **_date_features(ctx, mention, "sent"),
        }
        if mention.role == "span_end" and span_start is not None and span_start.iso <= _anchor_iso(ctx)[: len(span_start.iso)]:
            features["sent_future"] = 0.0  # «من 2013 وحتى 2017»: a period under way is not ahead of its figures
        if mention.kind == "same_period" and not compared and not to_side:
            features["sent_same_period_uncompared"] = 1.0
        comparison = _in_comparison(ctx, mention, figure.last_token)
        preposition = "compared" if comparison else preposition_before(ctx, mention)
        if preposition is None and mention.role == "span_end" and span_start is not None:
            preposition = preposition_before(ctx, span_start)  # «خلال الأسبوع الممتد من 12 مارس إلى 18 مارس»
        if preposition:
            features[f"prep_{preposition}"] = 1.0
            if clause != f_clause:
                features[f"prep_{preposition}_other_clause"] = 1.0
            if preposition == "compared" and not before and not compared:
                features["compared_after_figure"] = 1.0
                features["comparative_after_figure"] = float(comparison == "comparative")
        start = mention.period_start
        if mention.role == "span_end" and span_start is not None:
            start = span_start.iso
        candidates.append(Candidate((mention.iso, start), features, f"sentence {mention.iso}", mention))
    return candidates


def _change_to_side(ctx: Context, draft: Draft, others: list[Draft]) -> Optional[Draft]:
    """«سجلت نموا بلغ 7% منتقلا من 935.412 طنا خلال ... 2020 إلى 1.000.891 طنا خلال ... 2021»: a percentage
    followed by the two figures it goes from and to; the «to» one, whose date is the change's."""
    if not draft.figure.percent or draft.pair_role is not None:
        return None
    after = [o for o in others if o.figure.first_token > draft.figure.last_token and not o.figure.percent]
    sides = [(o.pair_role or ("from" if phrase.after_word(ctx, o.figure.first_token, "change_start") else
                              "to" if phrase.after_word(ctx, o.figure.first_token, "to") else None)) for o in after[:2]]
    same_clause = len(after) > 1 and ctx.clause_ids[after[0].figure.first_token] == ctx.clause_ids[draft.figure.first_token]
    return after[1] if sides == ["from", "to"] and same_clause else None  # (not «تشكل 14%، وسجلت ارتفاعا من ... إلى»)


def _state_after_event(ctx: Context, draft: Draft, mention: DateMention) -> bool:
    """«تأسست الشركة عام 2010، ويبلغ رأسمالها 50 مليون ريال»: a clause in the present tense
    (words/present_state.txt) after a clause that tells an earlier year's event states how things are
    now, not then."""
    if mention.iso[:4] >= _anchor_iso(ctx)[:4]:
        return False
    floor = draft.sentence[0]
    opener = metric_reading.clause_start(ctx, draft.figure.first_token, floor)
    while opener < draft.figure.first_token and ctx.tokens[opener].kind == "sym":
        opener += 1
    if without_conjunction(ctx.word(opener)) not in words("present_state"):  # (not _bare: «لتصل» opens the event's result)
        return False
    first = ctx.token_at(mention.start)
    return any(phrase.is_verb(ctx.word(k)) for k in range(metric_reading.clause_start(ctx, first, floor), first))


def _cause_between(ctx: Context, last: int, mention: DateMention) -> bool:
    """«هبط السهم 2.6% بعدما تراجع صافي ربحها للنصف الأول»: a date after the figure in the event it
    followed (words/cause_link.txt), not the figure's."""
    for k in range(last + 1, ctx.token_at(mention.start)):
        word = ctx.word(k)
        if word in words("cause_link") or f"{word} {ctx.word(k + 1)}" in words("cause_link"):
            return True
    return False


def _when_between(ctx: Context, mention: DateMention, first: int) -> bool:
    """«... عن الفترة نفسها من 2019 حينما بلغت المبيعات 4.2 مليون», «... من أبريل الذي سجلت فيه 23 إصابة»:
    «when» or a relative pronoun ties the date to the figure of its clause."""
    start = ctx.token_at(mention.end)
    if ctx.clause_ids[start] != ctx.clause_ids[first]:
        return False
    return any(_bare(ctx.word(k)) in words("when") or ctx.word(k) in words("when") for k in range(start, min(first, start + 4)))


def _leads_other(ctx: Context, other_starts: list[int], mention: DateMention) -> bool:
    """«التي صرفت إلى حدود مارس الماضي نحو 9 ملايين بطاقة»: the date opens another figure's clause."""
    k = bisect.bisect_left(other_starts, mention.end)
    if k >= len(other_starts):
        return False
    return ctx.clause_ids[ctx.token_at(other_starts[k])] == ctx.clause_ids[ctx.token_at(mention.start)]


def _owned(ctx: Context, other_lasts: list[int], mention: DateMention, reach: int = 4) -> bool:
    """«23 مخالفة مرورية خلال النصف الأول من أبريل»: the date follows another figure in its clause."""
    first = ctx.token_at(mention.start)
    k = bisect.bisect_left(other_lasts, first) - 1
    return k >= 0 and first - other_lasts[k] <= reach and ctx.clause_ids[other_lasts[k]] == ctx.clause_ids[first]


def _claimed(other_starts: list[int], f_start: int, mention: DateMention) -> bool:
    """Another figure stands right before the date, closer than this one: the date is its own."""
    k = bisect.bisect_left(other_starts, mention.start) - 1
    return k >= 0 and other_starts[k] > f_start


def _compared(ctx: Context, figure) -> bool:
    """«مقارنة بـ 14.36 مليون», «مقابل 68 ألفا»: the figure is the base of a comparison."""
    for k in (figure.first_token - 1, figure.first_token - 2):
        word = ctx.word(k)
        if word in words("compared_with") or (word[:1] in "وب" and word[1:] in words("compared_with")):
            return True
    return False


def _in_comparison(ctx: Context, mention: DateMention, figure_last: int) -> Optional[str]:
    """«مقارنة برقم الاحتياطي نهاية يناير», «مقابل 68.000 طلب خلال غشت 2023», «وهي أقل من مثيلتها في
    انتخابات 2014» after the figure: a date inside a comparison dates its base figure only."""
    first = ctx.token_at(mention.start)
    clause = ctx.clause_ids[first]
    opening = ctx.sentences[ctx.sentence_of(first)][0]
    for k in range(first - 1, max(opening - 1, first - 13), -1):
        if ctx.clause_ids[k] != clause:
            return None
        if _bare(ctx.word(k)) in words("compared_with") or ctx.word(k) in words("compared_with"):
            return "compared"
        if ctx.word(k) in words("change_from") and (_after_change_word(ctx, k) or k - 1 == figure_last):
            return "compared"  # «منخفضا 140 نقطة عن إغلاق شهر مارس», «بنسبة 12 في المائة عن الشهر السابق»
        if k > figure_last and ctx.word(k) in words("comparative") and ctx.word(k + 1) in ("من", "مما") and not _counts(ctx, k + 2):
            return "comparative"  # «وهي أعلى من مثيلتها في دورة 2018» (not «أكثر من 40 جريحا», «أكثر من خمس سنوات»)
    return None


def _counts(ctx: Context, k: int) -> bool:
    return k >= len(ctx.tokens) or ctx.tokens[k].kind == "num" or ctx.word(k) in count_words()


def _after_change_word(ctx: Context, k: int, reach: int = 9) -> bool:
    """A verb or verbal noun of rise or fall a few words before token k («بزيادة 11 في المائة عن»)."""
    for j in range(k - 1, max(-1, k - reach - 1), -1):
        entry = metric_verbs().get(ctx.word(j))
        if entry is not None and entry[0] in ("up", "down"):
            return True
    return False


def _after_publication_word(ctx: Context, mention: DateMention) -> bool:
    """«في بيان نشرته أمس», «في تصريح أمس»: the date of a statement, not of its figures."""
    first = ctx.token_at(mention.start)
    return any(_bare(ctx.word(k)) in words("publication") for k in range(max(0, first - 3), first))


def _starts_duration(ctx: Context, mention: DateMention) -> bool:
    """«بعقد يمتد ثلاث سنوات بدءا من مارس»: a start after a duration is when that span begins
    (a term of office, a contract), not when the sentence's later figures hold."""
    k = ctx.token_at(mention.start) - 1
    while k >= 0 and (ctx.word(k) in ("من", "في") or date_words().get(ctx.word(k), ("",))[0] == "from"):
        k -= 1
    entry = units.counted_nouns().get(ctx.word(k)) if k >= 1 else None
    return entry is not None and entry[1] == "time" and (ctx.tokens[k - 1].kind == "num" or ctx.word(k - 1) in number_words())


def _after_reporting_verb(ctx: Context, mention: DateMention) -> bool:
    """«أعلنت الوزارة أمس أن ...»: the day a statement was made, weaker than the figure's own date."""
    first = ctx.token_at(mention.start)
    return any(cues().get(ctx.word(k)) == "verb" for k in range(max(0, first - 3), first))


def _bare(word: str) -> str:
    return word[1:] if word[:1] in "وبلف" and len(word) > 3 else word


@lru_cache(maxsize=None)
def _prepositions() -> dict[str, str]:
    return {fold(row["word"]): row["kind"] for row in load_table("date_prepositions")}


def preposition_before(ctx: Context, mention: DateMention) -> Optional[str]:
    """during / until / in / by / compared: the word before a date («خلال», «إلى حدود», «بحلول»)."""
    first = ctx.token_at(mention.start)
    for k in (first - 1, first - 2):
        word = ctx.word(k)
        kind = _prepositions().get(word) or (_prepositions().get(word[1:]) if word[:1] in "وبلف" else None)
        if kind:
            return kind
        if _bare(word) not in words("date_preposition_gap") and word not in words("date_preposition_gap") and k == first - 1:
            break
    return None


def _distance(f_start: int, f_end: int, mention: DateMention) -> int:
    return mention.start - f_end if mention.start >= f_end else max(0, f_start - mention.end)


def _figures_between(starts: list[int], lo: int, hi: int) -> int:
    return bisect.bisect_left(starts, hi) - bisect.bisect_left(starts, lo)


# ---------------------------------------------------------------- the rest of the article


def _context_candidates(ctx: Context, dates: DateIndex, sentence_no: int, since: bool) -> list[Candidate]:
    candidates = []
    paragraph = ctx.paragraphs[sentence_no]
    previous = _previous_mention(ctx, dates, sentence_no)
    if previous is not None:
        number, mention = previous
        prefix = "para" if ctx.paragraphs[number] == paragraph else "prev"
        features = {prefix: 1.0, f"{prefix}_sentences": min(sentence_no - number, 10) / 5, **_date_features(ctx, mention, prefix)}
        if dates.shifted(number, sentence_no):
            features["shifted"] = 1.0
        candidates.append(Candidate((mention.iso, mention.period_start), features, f"{prefix} {mention.iso}", mention))
    if dates.carried is not None and dates.carried[0] < sentence_no:
        number, mention = dates.carried
        features = {
            "carried": 1.0,
            "carried_same_paragraph": float(ctx.paragraphs[number] == paragraph),
            "carried_sentences": min(sentence_no - number, 10) / 5,
            "carried_previous_day": float(sentence_no - number == 1 and _days_before_article(ctx, mention) in EVENT_DAYS),
            # a day named past the lead belongs to its paragraph's event; a bulletin states its period up front
            "carried_body_day": float(
                ctx.paragraphs[number] != paragraph and len(mention.iso) == 10 and number > LEAD_SENTENCES + 1
            ),
            **_date_features(ctx, mention, "carried"),
        }
        preposition = preposition_before(ctx, mention)
        if preposition:
            features[f"carried_prep_{preposition}"] = 1.0
        if dates.shifted(number, sentence_no):
            features["shifted"] = 1.0
        candidates.append(Candidate((mention.iso, mention.period_start), features, f"carried {mention.iso}", mention))
    if dates.lead is not None:
        number, mention = dates.lead
        features = {"lead": 1.0, **_date_features(ctx, mention, "lead")}
        if dates.shifted(number, sentence_no):
            features["shifted"] = 1.0
        candidates.append(Candidate((mention.iso, mention.period_start), features, f"lead {mention.iso}", mention))
    published = ctx.document.meta.published
    if published:
        candidates.append(Candidate((published, None), {"published": 1.0, "published_since": float(since)}, "published"))
    elif ctx.anchor is not None:
        value = ctx.anchor.date.isoformat() if ctx.anchor.precision == "day" else str(ctx.anchor.year)
        candidates.append(Candidate((value, None), {"anchor": 1.0, "published_since": float(since)}, "anchor"))
    candidates.append(Candidate(None, {"none": 1.0}, "none"))
    return candidates


def _previous_mention(ctx: Context, dates: DateIndex, sentence_no: int) -> Optional[tuple[int, DateMention]]:
    """The last date named before the sentence (periods and points, not «منذ»)."""
    for number in range(sentence_no - 1, max(-1, sentence_no - 40), -1):
        usable = [m for m in dates.by_sentence[number] if m.role in ("point", "span_end", "from") and m.kind != "same_period"]
        if usable:
            return number, usable[-1]
    return None


def _date_features(ctx: Context, mention: DateMention, prefix: str) -> dict[str, float]:
    """What the date is: a period, a day, a year; relative, a weekday; before or after the article."""
    features = {
        f"{prefix}_period": float(mention.period_start is not None or mention.role == "span_end"),
        f"{prefix}_day": float(len(mention.iso) == 10),
        f"{prefix}_year": float(len(mention.iso) == 4),
        f"{prefix}_relative": float(mention.kind in ("relative", "weekday")),
        f"{prefix}_same_period": float(mention.kind == "same_period"),
    }
    anchor = ctx.anchor
    date = to_date(mention.iso)
    if anchor is not None and date is not None:
        # a budget year under way («موازنة 2018-2019») is not ahead of its own clause's figures
        begins = (mention.period_start or mention.iso) if prefix == "sent" else mention.iso
        features[f"{prefix}_future"] = float(begins[: 4 if anchor.precision == "year" else 10] > _anchor_iso(ctx))
        features[f"{prefix}_old"] = float(date.year < anchor.year - 1)
        published = ctx.document.meta.published or ""
        features[f"{prefix}_covers_published"] = float(len(mention.iso) < 10 and published.startswith(mention.iso))
    return features


def _days_before_article(ctx: Context, mention: DateMention) -> Optional[int]:
    date = to_date(mention.iso) if len(mention.iso) == 10 else None
    return (ctx.anchor.date - date).days if date and ctx.anchor is not None and ctx.anchor.precision == "day" else None


def _anchor_iso(ctx: Context) -> str:
    return ctx.anchor.date.isoformat()[: 4 if ctx.anchor.precision == "year" else 10]


def _topic_shifts(ctx: Context) -> list[int]:
    """Numbers of the sentences that open on another event or subject («إلى ذلك، ...», «من جهة أخرى»:
    words/topic_shift.txt, a leading «و» allowed): a date of the sentences before them is not carried
    past them."""
    phrases = _shift_phrases()
    firsts = {p[0] for p in phrases}
    shifts = []
    for number, (start, _end) in enumerate(ctx.sentences):
        first = ctx.word(start)
        first = first[1:] if first[:1] == "و" and first[1:] in firsts else first
        if first not in firsts:
            continue
        opening = (first, *(ctx.word(k) for k in range(start + 1, min(_end, start + SHIFT_WORDS))))
        if any(opening[:len(p)] == p for p in phrases):
            shifts.append(number)
    return shifts



@lru_cache(maxsize=1)
def _shift_phrases() -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(p.split()) for p in words("topic_shift"))
