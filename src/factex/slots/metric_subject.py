"""The subject read before a figure, weighed for the metric slot (slots/metric.py): a subject that names
nothing measured gives way to an agent (the owner), a head measure, a change, or the action done to the
counted noun («تسريح 350 صحفيا» -> «تسريح صحفي»); a label naming what is counted («حالات التسمم 22
حالة») stays.
"""
from __future__ import annotations

from .. import numbers
from ..context import Context, Draft
from ..normalize import fold
from ..numbers import Figure
from . import metric_around as around_
from . import metric_reading as reading_
from . import metric_share as share_
from . import metric_render as render_
from . import phrase


def drop_weak_subject(ctx: Context, draft: Draft, reading: reading_.Reading, counted) -> None:
    """A subject that names nothing measured gives way: a bare measure («تجاوزت نسبة 50%» looks for
    what it is a share of), a verbal noun of change («سجلت نموا بلغ 6.5%»), an action done to a
    counted noun («تم تأهيل 14 مدرسة»); not the part a verb of share names («تمثل الصادرات 70% من ...»)."""
    if reading.subject is None or reading.share:
        return
    first, last = reading.subject
    word = ctx.word(first)
    head = phrase.head_at(ctx, first)
    if draft.figure.percent and share_.share_of_group(ctx, draft, reading):
        return
    entry = phrase.metric_verbs().get(word)
    agent = around_.without_opening_verb(ctx, reading.subject, draft.sentence[0]) if counted is not None else reading.subject
    if reading.adjacent and not reading.head and head not in phrase.measures() and (around_.after_generic_verb(ctx, first, draft.figure.percent) or agent != reading.subject):
        reading.owner, reading.subject = agent, None  # «حررت المصالح الأمنية 12 ألف مخالفة», «حصد الحزب 85 مقعدا»: an agent
    elif first == last and head in phrase.measures() and not phrase.has_pronoun(ctx, first):
        # «انتقل العدد من ...» refers back; «عدد 384 بلاغا» just counts
        reading.head, reading.subject, reading.anaphor = reading.head or head, None, not reading.adjacent
    elif entry is not None and not entry[2] and entry[0] in ("up", "down") and first == last:
        reading.change, reading.subject = reading.change or entry[1], None
        reading.amount = reading.amount or draft.figure.percent
    elif (counted is not None or (draft.figure.percent and share_.partitive_after(ctx, draft))) and not _is_label(ctx, reading, draft):
        reading.subject = None
        lead = ctx.word(last)
        if reading.change and reading.adjacent and not phrase.has_article(lead) and counted is not None:
            # «ارتفعت مبيعات 17 شركة» -> «ارتفاع مبيعات شركة»: the change of what the counted noun owns
            reading.action, reading.change = f"{render_.display(reading.change)} {phrase.render(ctx, [(first, last)])}", ""
        elif first == last and reading.adjacent and not phrase.has_article(word) and head is None:
            reading.action = around_.state_noun(word) or _action_word(ctx, first)  # «تسريح 350 صحفيا» -> «تسريح صحفي»
        elif reading.adjacent and _with_preposition(lead) and not phrase.has_article(lead):
            reading.action = _action_word(ctx, last)  # «متهما الميليشيات باختطاف 12 صحفيا» -> «اختطاف صحفي»
        elif reading.owner is None and phrase.has_article(ctx.word(last)):
            reading.owner = around_.without_opening_verb(ctx, (first, last), draft.sentence[0])  # «أدى فريضة الحج هذا العام 1,8 مليون حاج» -> «حاج (فريضة الحج)»
    elif (
        counted is not None and counted[1] > counted[0] and not reading.adjacent and head in phrase.measures() and last > first
        and not phrase.has_article(ctx.word(first + 1)) and not around_.mentions_unit(ctx, reading.subject, draft)
    ):
        reading.subject = None  # «ارتفع عدد مرافق الإيواء ليصل إلى 11 مخيما مؤقتا»: the figure counts its own noun


def _action_word(ctx: Context, k: int) -> str:
    """«باختطاف» -> «اختطاف», «تجهيز وتوزيع 9 قوافل» -> «توزيع»: the verbal noun acting on the counted noun,
    without its preposition or the «و» of a second one (تفعيل، إفعال، افتعال...)."""
    text = phrase.bare(ctx.words(k, k))
    text = text[1:] if fold(text)[:1] == "و" and fold(text)[1:2] in "تا" and len(fold(text)) >= 6 else text
    return text[1:] if _with_preposition(fold(text)) else text


def _with_preposition(folded: str) -> bool:
    """«باختطاف», «برصيد», «بقدرة»: «ب/ل» before a noun; not the first letter of a name, which a noun
    after them hardly ever is when it opens with «ي» («بينتيكي», «بيللو»: an imperfect verb or a name)."""
    return folded[:1] in "بل" and len(folded) > 4 and not folded.startswith("لل") and folded[1:2] != "ي"


def _is_label(ctx: Context, reading: reading_.Reading, draft: Draft) -> bool:
    """Does the subject name what the figure counts («عدد الملفات», «حالات التسمم 22 حالة»)
    rather than an action done to it («تأهيل 14 مدرسة», «تعزيز موارده بـ 800 وظيفة»)?"""
    first, last = reading.subject
    if phrase.head_at(ctx, first) in phrase.measures() or around_.mentions_unit(ctx, (first, last), draft):
        return True
    if reading.reached or reading.unit_of is not None:
        return True  # «صادرات القمح المتوقع أن تبلغ 2.5 مليون طن», «5 حالات عدوى بنسبة 4%»
    return reading.adjacent and phrase.has_article(ctx.word(last)) and not _governed(ctx, draft.figure)


def _governed(ctx: Context, figure: Figure) -> bool:
    """«بأكثر من 800 وظيفة», «بـ 45 مليون»: a preposition glued before the figure or its qualifier."""
    _, first = numbers.qualifier_before(ctx.tokens, figure.first_token)
    for k in (first, reading_.skip_marks(ctx, first - 1, 0)):
        word = ctx.word(k)
        if word in ("ب", "بـ", "ل") or (word[:1] in "بل" and reading_.is_qualifier_word(word)):
            return True
    return False
