"""Shares and the groups after «من», for the metric slot (slots/metric.py): «42% من أسطول سيارات الأجرة» is a
share of the group named after «من», «27% ممن يدخنون» of those a clause names; after a verb of obtaining the
subject is whose share it is («ونال المرشح 24% من نوايا التصويت» -> «نسبة نوايا التصويت (المرشح)»), after a
verb of reach a share of a whole names part and whole («نسبة الصادرات النفطية من إجمالي الصادرات»).
"""
from __future__ import annotations

from functools import lru_cache
from typing import Optional

from .. import numbers
from ..context import Context, Draft
from ..lexicon import words
from ..reporting import cues
from ..normalize import fold, strip_article, without_conjunction
from . import clause, phrase
from . import metric_reading as reading_
from . import metric_render as render_

Span = tuple[int, int]


def partitive_after(ctx: Context, draft: Draft) -> Optional[Span]:
    """«42 بالمائة من أسطول سيارات الأجرة»: a share of the group named after «من»; «27% ممن يدخنون
    في المرحلة الثانوية»: of those the relative clause says."""
    k = _past_qualifier(ctx, draft.unit_last + 1)
    if ctx.word(k) in words("partitive_relative") and phrase.is_word(ctx, k + 1) and phrase.is_verb(ctx.word(k + 1)):
        end = clause.verb_clause(ctx, k + 1, draft.sentence[1])
        return (k, end) if end > k else None
    if ctx.word(k) == "من" and ctx.word(k + 1) in words("relative"):  # «43% من الذين شملهم المسح»
        end = phrase.relative_clause(ctx, k + 1, draft.sentence[1], phrase.MAX_RELATIVE_WORDS, k + 1)
        return (k + 1, end) if end > k + 1 else None
    doers = _doers_after(ctx, draft, k)
    if doers is not None:
        return doers
    group = _group_after_from(ctx, k, draft.sentence[1])
    return (group[0], max(group[1], clause.verb_clause(ctx, group[1] + 1, draft.sentence[1]))) if group else None


def share_of_group(ctx: Context, draft: Draft, reading: reading_.Reading) -> bool:
    """A share of the group named after «من», read against the subject before it: of a whole, after a
    verb of reach, the subject is the part («بلغت الصادرات النفطية 70% من إجمالي الصادرات» -> «نسبة
    الصادرات النفطية من إجمالي الصادرات»); of a group, after a verb of obtaining, the subject is whose
    share it is («ونال المرشح 24% من نوايا التصويت» -> «نسبة نوايا التصويت (المرشح)»). Sets the
    reading and says whether it did."""
    group = _whole_after(ctx, draft)
    first, last = reading.subject
    head = phrase.head_at(ctx, first)
    if group is None or phrase.has_pronoun(ctx, group[0]):
        return False  # «فقدت الأسهم 20% من قيمتها»: the subject's own
    if head in words("multiple_head"):
        reading.owner, reading.subject = reading.subject, None  # «مكرر ربحية 74% من الشركات»: a share of the companies
        return True
    if strip_article(ctx.word(group[0])) in words("share_base"):
        if (last - first) + (group[1] - group[0]) + 4 > phrase.MAX_WORDS:
            return False  # «نسبة <part> من <whole>» would not read as a phrase
        level = head in phrase.measures() and last > first  # «نسبة المنتجات المحلية 8% من إجمالي ...»
        reading.share = level or _after_level_verb(ctx, first, draft.sentence[0])
        if reading.share:
            return True  # (else «وفاز المرشح بنسبة 97% من إجمالي الأصوات»: whose share, as of a group)
    verb = next((k for k in range(max(first - 1, draft.sentence[0]), draft.figure.first_token) if _obtains(ctx.word(k))), None)
    if verb is None or head in phrase.measures():
        return False
    if verb == first:  # «وفاز رئيس البلدية بنسبة 61% ...»: the verb opens the subject
        agent = (first + 1, last) if last > first and phrase.can_start(ctx, first + 1) else None
    else:  # «فوز المرشح بولاية ثانية محققا 88% ...», «وحصل الحزب على 38% ...»
        agent = (first, min(last, verb - 1)) if verb > first else reading.subject
    reading.owner, reading.subject = agent, None
    if reading.head == fold(render_.word_for("share")):
        reading.head = ""  # («بنسبة»: the share of the group says it)
    return True


def of_whole(ctx: Context, draft: Draft, share: str) -> str:
    """«نسبة الودائع تحت الطلب» + «من حجم الودائع»: a share's phrase with the whole after «من» that the
    figure is a share of, when it reads as a phrase."""
    group = _whole_after(ctx, draft)
    if group is None or "(" in share or phrase.has_pronoun(ctx, group[0]):
        return share
    whole = phrase.render(ctx, [group])
    return f"{share} من {whole}" if whole and len(share.split()) + len(whole.split()) < phrase.MAX_WORDS else share


def without_count_word(ctx: Context, group: Span) -> Span:
    """«عدد الأصوات» -> «الأصوات», «إجمالي الأصوات» -> «الأصوات»: a share of a count (or of a total) is a
    share of what it counts."""
    first, last = group
    word = strip_article(ctx.word(first))
    if last > first and (word == fold(render_.word_for("count")) or word in words("share_base")):
        return first + 1, last
    return group


def _obtains(word: str) -> bool:
    return phrase.joined_in(word, "obtain_verb")


def _after_level_verb(ctx: Context, first: int, floor: int) -> bool:
    """After a verb of reach that says what a subject amounts to («بلغت», «يساوي»), not one of
    obtaining («حقق», «سجل»)?"""
    k = reading_.skip_marks(ctx, first - 1, floor)
    return k >= floor and phrase.verb_of(ctx.word(k), "reach") and not _obtains(ctx.word(k))


def _whole_after(ctx: Context, draft: Draft) -> Optional[Span]:
    """The group «من» opens right after the figure and its unit («70% من إجمالي الصادرات»)."""
    return _group_after_from(ctx, _past_qualifier(ctx, draft.unit_last + 1), draft.sentence[1])


def _group_after_from(ctx: Context, k: int, stop: int) -> Optional[Span]:
    """«من إجمالي صادرات المملكة»: the group «من» at k opens (not «من أصل» ...), up to 8 words."""
    if ctx.word(k) != "من" or not phrase.can_start(ctx, k + 1) or phrase.share_base_at(ctx, k):
        return None
    end = phrase.extend(ctx, k + 1, stop, limit=8)
    relative = next((j for j in range(k + 2, end + 1) if ctx.word(j) in words("relative")), None)
    if relative is not None and phrase.metric_verbs().get(ctx.word(relative + 1)) is not None and \
            any(ctx.tokens[j].kind == "num" for j in range(end + 1, min(stop, end + 5) + 1)):
        end = relative - 1  # «من عدد الطلبات التي بلغ عددها 1.3 مليون»: the clause is another figure's
    return k + 1, end


def share_of(ctx: Context, draft: Draft, part: Span, part_words: list) -> list:
    """«تمثل الصادرات النفطية 70% من إجمالي صادرات المملكة»: the share of the part (read before the
    figure) in the whole after «من»: «نسبة الصادرات النفطية من إجمالي صادرات المملكة»; [] without one."""
    k = _past_qualifier(ctx, draft.unit_last + 1)
    whole = _group_after_from(ctx, k, draft.sentence[1]) if draft.figure.percent and part[1] < k else None
    if whole is None:
        return []
    share = render_.word_for("share")
    lead = "" if phrase.head_at(ctx, part[0]) == fold(share) else share  # «وتشكل نسبة الشركات ...»: said once
    return [lead, *part_words, "من", whole]


def verb_share(ctx: Context, draft: Draft, floor: int) -> Optional[list]:
    """«واستقى 34% من العينة معلوماتهم من الأصدقاء», «ويرى 60% من السكان أن الخدمات تحسنت»: a share of a
    group that the verb before the figure (not one of measure: «بلغ», «ارتفع») says what it did or thinks:
    the parts of «نسبة من يعاني من الأطفال من السمنة»; None otherwise."""
    if not draft.figure.percent:
        return None
    verb = numbers.qualifier_before(ctx.tokens, draft.figure.first_token)[1] - 1
    word = ctx.word(verb)
    bare = without_conjunction(word)
    before = reading_.skip_marks(ctx, verb - 1, floor)
    if (before >= floor and phrase.is_word(ctx, before)) or not phrase.is_word(ctx, verb) or not _opens_as_verb(word, bare):
        return None  # (the clause's first word: «واستقى 34%», «وأردف: "استقى 34%»: a verb-first sentence)
    group = _group_after_from(ctx, _past_qualifier(ctx, draft.unit_last + 1), draft.sentence[1])
    if group is None:
        return None
    group = (group[0], next((j - 1 for j in range(group[0] + 1, group[1] + 1) if ctx.word(j) in words("phrase_preposition")),
                            group[1]))  # «من الأطفال من السمنة»: the group, then what is said of it
    said = end = group[1] + 1
    room = min(SAID_WORDS, phrase.MAX_WORDS - 4 - (group[1] - group[0]))
    while end < draft.sentence[1] and end - said < room and phrase.is_word(ctx, end):
        end += 1
    if end == said:
        return None
    written = ctx.words(verb, verb)
    return [f"{render_.word_for('share')} من", written[1:] if bare != word else written, "من", group, (said, end - 1)]


SAID_WORDS = 6  # the words after the group that say what its share did or thinks


def _opens_as_verb(word: str, bare: str) -> bool:
    """A verb of doing or saying that opens a clause before a share («استقى», «يشاهد», «قال»), not a verb of
    measure («بلغ», «ارتفع», «حصل»), a particle («فإن») or a noun («تلاشي»)."""
    if word in phrase.metric_verbs() or bare in phrase.metric_verbs() or _obtains(word) or word in words("aux_verb") \
            or bare in words("complementizer") or word in words("complementizer"):
        return False
    return phrase.is_verb(word) or bare in cues() or _tenth_form_perfect(bare)


def _tenth_form_perfect(word: str) -> bool:
    """«استخدم», «استقى»: the perfect of a verb of the form استفعل (its noun «استخدام» is longer)."""
    return word.startswith("است") and len(word) in (5, 6) and not word.endswith(("ه", "ا"))


def _doers_after(ctx: Context, draft: Draft, k: int) -> Optional[Span]:
    """«أن 62% يفضلون السفر صيفا», «فإن 30% لا يثقون بالحكومة»: a share that a verb's clause is said of,
    where the share opens what is reported (after «أن/إن», «هناك», or «و» in a list of them): those who do it."""
    before = reading_.skip_marks(ctx, numbers.qualifier_before(ctx.tokens, draft.figure.first_token)[1] - 1, draft.sentence[0])
    if ctx.word(before) not in words("complementizer") and ctx.word(before) not in words("share_opener"):
        return None
    verb = k + (ctx.word(k) in words("negation"))
    end = clause.verb_clause(ctx, verb, draft.sentence[1])
    said = verb + 1 < len(ctx.tokens) and (ctx.tokens[verb + 1].text == ":" or ctx.word(verb + 1) in words("complementizer"))  # «3% قالوا: إنهم ...»
    return (k, end) if end >= verb and not said else None


def those_who(ctx: Context, group: Span) -> str:
    """«من» before a group that is a verb's clause («نسبة من يفضلون السفر»), else nothing."""
    return "من" if phrase.is_verb(ctx.word(group[0])) or ctx.word(group[0]) in words("negation") else ""


def _past_qualifier(ctx: Context, k: int) -> int:
    """The token after a qualifier or an adverb that follows a figure («1840 على الأقل من ...», «42 في
    المائة فقط من ...»: words/figure_adverb.txt)."""
    for words_, _, where in numbers.qualifier_phrases():
        if where == "after" and all(ctx.word(k + i) == w for i, w in enumerate(words_)):
            return k + len(words_)
    for adverb in _figure_adverbs():
        if all(ctx.word(k + i) == w for i, w in enumerate(adverb)):
            return k + len(adverb)
    return k


@lru_cache(maxsize=1)
def _figure_adverbs() -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(p.split()) for p in words("figure_adverb"))
