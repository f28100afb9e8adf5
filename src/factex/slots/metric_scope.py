"""Scope for the metric slot (slots/metric.py): where a toll happened, and which named entity a
generic noun of the metric stands for («أرباح الشركة» after «شركة الاتصالات السعودية» was named).
Every scan is capped.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Optional

from .. import numbers, units
from ..context import CLAUSE_BREAKS, Context, Draft
from ..lexicon import load_table, words
from ..normalize import fold, strip_article, without_conjunction
from . import metric_reading as reading_
from . import metric_render as render_
from . import clause, phrase
from . import unit as unit_slot

Span = tuple[int, int]
PLACE_SCAN = 30  # tokens looked at either side of a toll for where it happened
PLACE_WORDS = 5
ANAPHOR_SCAN = 120  # tokens looked back for the name a generic noun («الشركة») stands for
NAME_WORDS = 4
MAX_ITEM_GAP = 6  # words between a list item's opening phrase and its figure («دون احتساب العلاوات سيصبح»)
ELLIPSIS_SCAN = 40  # tokens looked back for the figure a list item takes its metric from
POSSESSOR_SCAN = 12  # tokens looked back for the possessed noun a metric was named from


def toll_place(ctx: Context, draft: Draft, counted: Optional[Span]) -> Optional[Span]:
    """Where a toll happened when nothing follows its counted noun: a place noun before the figure
    in its sentence («استهدف التفجير منطقة السوق القديمة، حيث أدى ... إلى مقتل 11 شخصا»), else the
    nearest «في» phrase before it («انفجرت عبوة في حي الزهور، ما أدى إلى مقتل 6»), else a place
    noun after it in its clause or a clause of its event («قتل 5 جنود، في تفجير ... في منطقة الوادي»)."""
    lo, hi = draft.sentence
    first = draft.figure.first_token
    nearest = None
    for k in range(first - 1, max(lo, first - PLACE_SCAN) - 1, -1):
        if _place_word(ctx.word(k)):
            return k, _before_verb(ctx, k, phrase.extend(ctx, k, first, limit=PLACE_WORDS))
        if nearest is None and ctx.word(k) == "في" and phrase.can_start(ctx, k + 1) and not _institution(ctx.word(k + 1)) and \
                not phrase.toll_noun(ctx.word(k + 1)):  # not «تسبب غرقها في مقتل 800 مهاجر»: the toll itself
            end = _before_verb(ctx, k + 1, phrase.extend(ctx, k + 1, first, limit=PLACE_WORDS))
            timed = reading_.time_word(ctx.word(k + 1)) or reading_.time_phrase(ctx, k + 1, end)
            nearest = None if timed else (k + 1, end)  # not «في وقت سابق»
    if nearest is not None:
        return nearest
    after = (counted[1] if counted else draft.unit_last) + 1
    for k in range(after, min(hi, after + PLACE_SCAN)):
        if _place_word(ctx.word(k)):
            return k, phrase.extend(ctx, k, hi, limit=PLACE_WORDS)
        if ctx.tokens[k].text in CLAUSE_BREAKS and ctx.word(k + 1) not in words("event_preposition"):
            break  # «وجرح سبعة، في تفجير ... في منطقة الوادي» goes on; «، اصطدم بزورق ...» is another clause
    return None


def _before_verb(ctx: Context, start: int, end: int) -> int:
    """«في حداد بسبب عمل إرهابي [أوقع] 30 قتيلا», «في سلسلة الهجمات [التي أودت بحياة] 300 شخص»: a place
    phrase stops before the verb that left the toll (its toll noun and a relative pronoun before it)."""
    def of_toll(word: str) -> bool:
        entry = phrase.metric_verbs().get(word)
        return phrase.toll_verb(word) or phrase.is_verb(word) or (entry is not None and entry[0] in phrase.TOLLS)
    while end > start and of_toll(ctx.word(end)):
        end -= 1
        if ctx.word(end) in words("relative") and end > start:
            end -= 1
    return end


def with_entity(ctx: Context, metric: str, entity: Optional[Span], speaker) -> str:
    """«أرباح صافية» + «(أداء بنك الخليج)»: the entity the sentence is about, when the metric lacks it
    and it is not who gives the figure."""
    if entity is None or not metric or _is_speaker(ctx, entity, speaker) or phrase.toll_noun(ctx.word(entity[1])) and entity[0] == entity[1]:
        return metric  # not who gives it, nor «وافت المنية»
    text = phrase.render(ctx, [entity])
    if not text or render_.overlaps(text, metric) or len(metric.split()) + len(text.split()) > phrase.MAX_WORDS:
        return metric
    return f"{metric} ({text})"


def not_the_possessor(ctx: Context, draft: Draft, metric: str, entity: Span) -> bool:
    """«أن يؤدي المصنع الجديد ... إلى زيادة مبيعاتها», «إن الميناء حقق ...، إذ بلغت إيراداتها»: the metric
    is named from a noun whose feminine pronoun («ـها») cannot stand for the entity, the subject of a
    masculine verb before or after it (a feminine verb agrees with a feminine noun and with things in
    the plural: «حققت البنوك»)."""
    if _possessive_suffix(ctx, draft, metric) != "ها":
        return False
    before = reading_.skip_marks(ctx, entity[0] - 1, draft.sentence[0])
    after = entity[1] + 1
    return (before >= draft.sentence[0] and _masculine_verb(ctx.word(before))) or \
        (after < draft.sentence[1] and _masculine_verb(ctx.word(after)))


def _masculine_verb(word: str) -> bool:
    """«يؤدي», «حقق»: a verb of a masculine singular subject (not «تؤدي», «حققت», «حققوا»; a «تـ» may open
    either: «تراجع»)."""
    if not phrase.is_verb(word):
        return False
    base = without_conjunction(word)
    return base[:1] == "ي" or not (base[:1] in "تن" or base.endswith(("ت", "وا", "نا")))


def _possessive_suffix(ctx: Context, draft: Draft, metric: str) -> Optional[str]:
    """The pronoun on the word of the sentence a noun of the metric was read from («مبيعاتها» for
    «زيادة المبيعات السنوية»), or None."""
    named = {strip_article(fold(w)) for w in metric.split()}
    start = draft.figure.first_token
    for k in range(start - 1, max(draft.sentence[0], start - POSSESSOR_SCAN) - 1, -1):
        if phrase.is_word(ctx, k) and phrase.has_pronoun(ctx, k) and \
                strip_article(fold(render_.without_pronoun(ctx, k))) in named:
            word = fold(ctx.word(k))
            return next(s for s in phrase.PRONOUN_SUFFIXES if word.endswith(s))
    return None


def _is_speaker(ctx: Context, entity: Span, speaker) -> bool:
    """«وأعلنت الشرطة إنقاذ 5 أشخاص»: the sentence's subject has the words of the figure's source
    (who gives the figure), not of what the figure is about."""
    if speaker is None or not speaker.tokens:
        return False
    said = {phrase.strip_clitics(ctx.word(k)) for k in speaker.tokens}
    return all(phrase.strip_clitics(ctx.word(k)) in said for k in range(entity[0], entity[1] + 1) if ctx.tokens[k].kind == "word")


def recorder_as_owner(ctx: Context, draft: Draft, reading: reading_.Reading) -> None:
    """«سجلت وزارة الصحة 12 حالة جديدة», «رصد المركز 87 انتهاكا»: after a verb of recording, an institution
    or a place is who recorded the counted noun written after the figure, not what the figure measures
    («سجل المؤشر 7000 نقطة»): the subject becomes the owner; the counted phrase is the metric."""
    if reading.subject is None or reading.head or reading.change or draft.figure.percent or draft.unit is None \
            or draft.unit.kind != "count" or draft.unit_last <= draft.figure.last_token:
        return
    first = reading.subject[0]
    verb = ctx.word(reading_.skip_marks(ctx, first - 1, draft.sentence[0]))
    if not phrase.listed(verb, "record_verb"):
        return
    if _institution(ctx.word(first)) or _place_word(ctx.word(first)):
        reading.owner, reading.subject = reading.subject, None


def _institution(word: str) -> bool:
    """«وزارة», «الهيئة», «المستشفى»...: the head of a speaker phrase names who, not where."""
    return phrase.strip_clitics(word) in _speaker_heads()


@lru_cache(maxsize=None)
def _speaker_heads() -> frozenset[str]:
    return frozenset(phrase.strip_clitics(fold(row["word"])) for row in load_table("speakers"))


def _place_word(word: str) -> bool:
    """«منطقة», «بمنطقة», «المدينة»: a noun that names a place."""
    return phrase.strip_clitics(word) in words("place_head")


def named(ctx: Context, draft: Draft, metric: str) -> str:
    """«أرباح صافية للشركة» -> «أرباح صافية لشركة الاتصالات السعودية»: a generic noun of an entity
    («الشركة», «البنك») standing alone in the metric, replaced by the name it had last, in this
    sentence or the ones just before."""
    tokens = metric.split()
    for i, word in enumerate(tokens):
        generic = _generic_entity(word, tokens[i + 1] if i + 1 < len(tokens) else "")
        if generic is None:
            continue
        name = _name_before(ctx, generic, draft.figure.first_token)
        if name is None:
            continue
        text = ctx.words(*name).split()
        text[0] = _unglued(text[0])
        replaced = [*tokens[:i], _with_clitic(word, " ".join(text)), *tokens[i + 1:]]
        if len(" ".join(replaced).split()) <= phrase.MAX_WORDS:
            return " ".join(replaced)
    return metric


def last_entity(ctx: Context, draft: Draft, before: int) -> Optional[str]:
    """«... بنك الكويت الوطني ... حين بلغت أرباحه»: the entity last named before token `before`, whose a
    possessive pronoun is («بنك الكويت الوطني»), or None."""
    for k in range(before - 1, max(0, before - ANAPHOR_SCAN) - 1, -1):
        stem = phrase.strip_clitics(ctx.word(k)) if phrase.is_word(ctx, k) else ""
        if stem not in words("entity_noun"):
            continue
        name = _name_at(ctx, k, before)
        if name is not None:
            text = ctx.words(*name).split()
            return " ".join([_unglued(text[0]), *text[1:]])
    return None


def _generic_entity(word: str, following: str) -> Optional[str]:
    """The stem of «الشركة», «للبنك», «(الشركة)» when nothing names it after (no definite adjective)."""
    folded = fold(word.strip("()"))
    if not phrase.has_article(folded):
        return None
    stem = phrase.strip_clitics(folded)
    if stem not in words("entity_noun"):
        return None
    after = fold(following.strip("()"))
    return None if (phrase.has_article(after) and not word.endswith(")")) else stem


def _name_before(ctx: Context, stem: str, before: int) -> Optional[Span]:
    """The last name headed by `stem` within ANAPHOR_SCAN tokens before token `before`."""
    for k in range(before - 1, max(0, before - ANAPHOR_SCAN) - 1, -1):
        if phrase.is_word(ctx, k) and stem in (ctx.word(k), phrase.strip_clitics(ctx.word(k))):  # «وزارة» is no و + زارة
            name = _name_at(ctx, k, before)
            if name is not None:
                return name
    return None


def entity_named_before(ctx: Context, word: str, following: str, before: int) -> Optional[str]:
    """«وأعلنت الوزارة» -> «وزارة الداخلية التركية»: the full name of a generic entity noun, when the
    article named it within reach before token `before`."""
    stem = _generic_entity(word, following)
    if stem is None:
        return None
    name = _name_before(ctx, stem, before)
    if name is None:
        return None
    text = ctx.words(*name).split()
    return " ".join([_unglued(text[0]), *text[1:]])


def _name_at(ctx: Context, k: int, stop: int) -> Optional[Span]:
    """«البنك الوطني الساحلي», «مصرف النور»: the name the entity noun at k heads (before `stop`), or None."""
    end = k
    while end + 1 < stop and end - k < NAME_WORDS - 1 and _name_word(ctx, end + 1, ctx.word(k), ctx.word(end)):
        end += 1
    return (k, end) if end > k else None


def _name_word(ctx: Context, k: int, head: str, previous: str) -> bool:
    """A word that goes on the name of `head` after `previous`: definite adjectives after a definite
    word («البنك الوطني الساحلي», «شركة الأسمنت الوطنية»), a name after a bare head («مصرف النور»)."""
    if not phrase.is_word(ctx, k) or ctx.is_date_token(k):
        return False
    word = ctx.word(k)
    if phrase.breaks(word) or word in words("phrase_preposition") or word in words("function") or word in words("relative"):
        return False
    if phrase.has_article(previous):  # not «أرباح البنك الأهلي الصافية»: a feminine adjective of another noun
        agrees = head.endswith(("ه", "ات")) or not word.endswith("ه")
        return agrees and phrase.has_article(word) and not word.startswith(("لل", "بال", "وال", "فال"))
    return not word.startswith(("لل", "بال", "وال", "فال")) and word[:1] not in "بلو" and not word.endswith(("ها", "هم"))


def _unglued(word: str) -> str:
    """«لهيئة» -> «هيئة», «للبنك» -> «البنك», «والشركة» -> «الشركة»: the name without what joins it."""
    folded = fold(word)
    if len(folded) != len(word):
        return word  # written with diacritics: left as it is
    for prefix in ("ولل", "فلل", "لل"):
        if folded.startswith(prefix) and len(folded) > len(prefix) + 1:
            return "ال" + word[len(prefix):]
    for prefix in ("وبال", "بال", "وال", "فال"):
        if folded.startswith(prefix) and len(folded) > len(prefix) + 1:
            return word[len(prefix) - 2:]
    if folded[:1] in "وبل" and folded[1:] in words("entity_noun"):
        return word[1:]
    return word


def _with_clitic(word: str, name: str) -> str:
    """«للشركة» + «شركة الاتصالات» -> «لشركة الاتصالات»; «الشركة» -> «شركة الاتصالات»."""
    bracket_open, bracket_close = word.startswith("("), word.endswith(")")
    bare = word.strip("()")
    folded = fold(bare)
    lam = folded.startswith("لل")
    if lam:
        name = ("ل" + name[1:]) if fold(name).startswith("ال") else "ل" + name
    return ("(" if bracket_open else "") + name + (")" if bracket_close else "")


def list_item(ctx: Context, draft: Draft, reading: reading_.Reading, floor: int) -> Optional[tuple[Span, str, Span]]:
    """«... للأجر في قطاع الخدمات 3150 دينارا، وفي قطاع الزراعة 2240 دينارا», «37% من المشاركين
    في فنادق، قابلهم 26% في شقق»: a figure of a list whose own words only say where or on
    what; the previous figure's number tokens, the preposition and its object. None for others."""
    previous = previous_figure(ctx, draft)
    if previous is None or unit_slot.whole_before(ctx, draft.figure) is not None:
        return None  # («وفي المستشفى عدد من الحالات منها ثلاث»: a part of the noun before it, no list item)
    if _counts_another_noun(ctx, draft, previous):
        return None  # «15 قتيلا و40 جريحا في السوق»: the injured, not the dead in the market
    pp = _pp_opening(ctx, draft, reading, floor, previous) or _pp_after(ctx, draft, reading)
    return (previous, *pp) if pp is not None else None


def _counts_another_noun(ctx: Context, draft: Draft, previous: Span) -> bool:
    """Is the figure joined by «و» to the one before, or in a clause of its own («فيما فقد 420 من العمال»),
    with a counted noun of its own, another than that one's (not «3000 شخص ... و540 مهاجرا»: a generic
    noun, nor «6 قتلى بينهم 4 أطفال»: a part)?"""
    if draft.unit is None or draft.unit.kind != "count" or draft.unit_last <= draft.figure.last_token:
        return False
    first = draft.figure.first_token
    joined = ctx.tokens[first].text[:1] == "و" or ctx.word(reading_.skip_marks(ctx, first - 1, 0)) == "و" or \
        any(_opens_clause(ctx.word(k)) for k in range(previous[1] + 1, first))
    before = units.noun_unit(ctx.word(previous[1] + 1))
    return joined and before is not None and before != draft.unit.name and fold(before) not in words("generic_count")


def _opens_clause(word: str) -> bool:
    """«فيما», «وبينما», «حيث»: a word opening a clause of its own (words/clause_opener.txt)."""
    return phrase.joined_in(word, "clause_opener", "و")


def part_of_whole(ctx: Context, draft: Draft) -> Optional[tuple[str, str, Span]]:
    """«عدد من الحالات منها ثلاث في حالة حرجة»: a part of the counted noun named before the pronoun, said
    where or how by the prepositional phrase after it -> («عدد الحالات», «في», its object)."""
    k = unit_slot.whole_before(ctx, draft.figure)
    pp = _pp_of_part(ctx, draft) if k is not None else None
    if pp is None:
        return None
    whole = f"{render_.word_for('count')} {render_.with_article(phrase.bare(ctx.words(k, k)))}"
    return whole, *pp


def _pp_of_part(ctx: Context, draft: Draft) -> Optional[tuple[str, Span]]:
    k = max(draft.unit_last, draft.figure.last_token) + 1
    lo, hi = draft.sentence
    if ctx.word(k) not in words("list_preposition") or not phrase.can_start(ctx, k + 1) or ctx.is_date_token(k + 1):
        return None
    end = phrase.extend(ctx, k + 1, hi, limit=PLACE_WORDS)
    return None if reading_.time_phrase(ctx, k + 1, end) else (ctx.words(k, k), (k + 1, end))


def with_pp(base: str, preposition: str, object_text: str) -> str:
    """«الحد الأدنى للأجر في قطاع الخدمات» + «في قطاع الزراعة» -> «الحد الأدنى للأجر في قطاع الزراعة»."""
    core = base.split("(")[0].split()
    cut = next((i for i in range(len(core) - 1, 0, -1) if fold(core[i]) in words("list_preposition")), len(core))
    text = " ".join([*core[:cut], preposition, object_text])
    return text if len(text.split()) <= phrase.MAX_WORDS else base


def _pp_opening(ctx: Context, draft: Draft, reading: reading_.Reading, floor: int, previous: Span) -> Optional[tuple[str, Span]]:
    """«، وفي قطاع الزراعة سيصبح 2240 دينارا», «وعلى السكن والمواصلات 13%»: a clause opened by «و» and a
    preposition, with no measured subject of its own."""
    after = _item_after_figure(ctx, draft, floor, previous)
    k = after or (floor if phrase.is_word(ctx, floor) else floor + 1)
    word = ctx.word(k)
    if word[:1] != "و" or word[1:] not in words("list_preposition") or not phrase.can_start(ctx, k + 1):
        return None
    read_from_unit = after is not None and reading.subject is not None and after - 3 <= reading.subject[0] <= after
    if reading.subject is not None and not read_from_unit and (reading.subject[0] < k or phrase.head_of(ctx.word(reading.subject[0])) is not None):
        return None  # «وفي المغرب بلغ عدد السياح 3 ملايين»: a subject of its own
    end = phrase.extend(ctx, k + 1, draft.figure.first_token, limit=PLACE_WORDS)
    between = range(end + 1, draft.figure.first_token)
    if len(between) > MAX_ITEM_GAP or any(not phrase.is_word(ctx, j) or _other_verb(ctx.word(j)) for j in between):
        return None  # «وفي مسح ميداني خلص إلى موافقة 67% ...»: a clause of its own
    written = ctx.words(k, k)
    return (written[1:] if fold(written[:1]) == "و" else ctx.tokens[k].text[1:]), (k + 1, end)


def _item_after_figure(ctx: Context, draft: Draft, floor: int, previous: Span) -> Optional[int]:
    """«بنسبة 5.2% وفي فرنسا بنسبة 6.1%»: an item opened by «و» and a preposition right after the
    previous figure (its number tokens) and its unit, with no comma between; the token of «وفي»."""
    if previous[0] < floor:
        return None
    k = previous[1] + 1
    while k < draft.figure.first_token and k - previous[1] <= 3 and not (ctx.word(k)[:1] == "و" and ctx.word(k)[1:] in words("list_preposition")):
        if phrase.is_word(ctx, k) and not (units.is_unit_word(ctx.word(k)) or ctx.word(k) in words("percent_word") or ctx.word(k) == "في"):
            return None
        k += 1
    return k if k < draft.figure.first_token and k - previous[1] <= 3 else None


def _other_verb(word: str) -> bool:
    """A verb that does not introduce a figure («خلص», «يسافرون»), unlike «سيصبح», «بلغ»."""
    return phrase.is_verb(word) and word not in phrase.metric_verbs()


def _pp_after(ctx: Context, draft: Draft, reading: reading_.Reading) -> Optional[tuple[str, Span]]:
    """«قابلهم 26% في شقق، ...», «4 في جدة وواحدة في تبوك»: a figure followed by a short
    prepositional phrase that ends its clause, with no measured subject before it."""
    if not _weak(ctx, reading):
        return None
    k = max(draft.unit_last, draft.figure.last_token) + 1
    if ctx.word(k) in words("partitive_pronoun"):
        k += 1
    lo, hi = draft.sentence
    if ctx.word(k) not in words("list_preposition") or not phrase.can_start(ctx, k + 1) or ctx.is_date_token(k + 1):
        return None
    end = phrase.extend(ctx, k + 1, hi, limit=PLACE_WORDS)
    if ctx.word(end + 1)[:1] == "و" and phrase.is_word(ctx, end + 1) and _item_ends(ctx, end + 2, hi) and ctx.tokens[end + 2].kind != "num":
        end += 1  # «عند أقارب ومعارف»: an indefinite coordinated noun
    if reading_.time_phrase(ctx, k + 1, end) or not _item_ends(ctx, end + 1, hi):
        return None
    return ctx.words(k, k), (k + 1, end)


def _weak(ctx: Context, reading: reading_.Reading) -> bool:
    """No subject, or a bare word that names nothing measured («قابلهم», «كورونا»)."""
    if reading.head or reading.toll or reading.change:
        return False
    if reading.subject is None:
        return True
    first, last = reading.subject
    return first == last and not phrase.has_article(ctx.word(first)) and phrase.head_of(ctx.word(first)) is None


def _item_ends(ctx: Context, k: int, hi: int) -> bool:
    """The list item ends at k: a clause break, the sentence's end, or the next item («وواحدة», «و 9%»)."""
    if k >= hi or (ctx.tokens[k].kind == "sym" and ctx.tokens[k].text not in "()«»\"'“”"):
        return True  # «،», «.», «؛»
    word = ctx.word(k)
    if ctx.tokens[k].kind == "num":
        return True
    return word[:1] == "و" and (word[1:] in numbers.number_words() or (word == "و" and k + 1 < hi and ctx.tokens[k + 1].kind == "num"))


def previous_figure(ctx: Context, draft: Draft) -> Optional[Span]:
    """The number tokens of the figure before this one in its sentence (not a date or a name number)."""
    lo = max(draft.sentence[0], draft.figure.first_token - ELLIPSIS_SCAN)
    for k in range(draft.figure.first_token - 1, lo - 1, -1):
        number = ctx.tokens[k].kind == "num" or ctx.word(k) in numbers.number_words() or ctx.word(k)[1:] in numbers.number_words()
        if not number or ctx.is_date_token(k) or (ctx.tokens[k].kind == "num" and phrase.name_number(ctx, k)):
            continue
        first = k
        while first - 1 >= lo and (ctx.tokens[first - 1].kind == "num" or ctx.word(first - 1) in numbers.scales()):
            first -= 1
        while k + 1 < draft.figure.first_token and ctx.word(k + 1) in numbers.scales():
            k += 1
        return first, k
    return None


def elliptic_item(ctx: Context, draft: Draft) -> Optional[tuple[Span, Span]]:
    """«باعت الشركة 40 ألف سيارة و12 ألفا صدرت إلى الخارج»: a count that leaves its noun to the figure
    before it and says in a verb clause of its own what it did -> (that figure's noun, the clause)."""
    if draft.unit is None or draft.unit.kind != "count" or draft.unit_last > draft.figure.last_token:
        return None
    k = draft.figure.last_token + 1
    end = clause.verb_clause(ctx, k, draft.sentence[1]) if k < draft.sentence[1] else k - 1
    previous = previous_figure(ctx, draft) if end >= k else None
    if previous is None or units.noun_unit(ctx.word(previous[1] + 1)) != draft.unit.name:
        return None
    return (previous[1] + 1, previous[1] + 1), (k, end)


def ranked(ctx: Context, draft: Draft, reading: reading_.Reading) -> None:
    """A ranked list of a market report. «سجل سهم الفنادق أعلى نسبة ارتفاع بواقع 2.50%»: a subject that is
    only a superlative and a measure (أعلى نسبة) is the rank; the noun phrase before it is the subject.
    «... تلاه سهم المصرف بواقع 1.59%»: a subject opened by «تلاه» (followed by) is the list's next item."""
    if reading.subject is None:
        _reached_level(ctx, draft, reading)
        return
    first, last = reading.subject
    if last == first + 1 and ctx.word(first) in words("superlative") and phrase.head_of(ctx.word(last)) is not None:
        start = phrase.ending_at(ctx, first - 1, draft.sentence[0])
        if start is not None:
            reading.subject = (start, first - 1)
        return
    _next_in_list(ctx, draft, reading)


def _reached_level(ctx: Context, draft: Draft, reading: reading_.Reading) -> None:
    """«سجل سعر سهم الفنادق أعلى نسبة ارتفاع بواقع 2.50% وصولا إلى سعر 0.820 دينار»: the level the rise
    reached is the measure named before the figure (سعر) of the ranked subject (سعر سهم الفنادق)."""
    k = draft.figure.first_token - 1
    head = phrase.head_of(ctx.word(k)) if k > draft.sentence[0] else None
    if head is None or ctx.word(k - 1) not in words("to"):
        return
    figures = 0
    for j in range(k - 2, max(draft.sentence[0], k - ELLIPSIS_SCAN) - 1, -1):
        figures += ctx.tokens[j].kind == "num"
        if figures > 1 or ctx.word(j) in words("list_follower"):
            return  # (the change's own figure only: an item further back is another's)
        if ctx.tokens[j].kind != "word":
            continue
        if ctx.word(j) in words("superlative"):
            start = phrase.ending_at(ctx, j - 1, draft.sentence[0])
            if start is not None:
                reading.subject = (start, j - 1)
                reading.head = "" if phrase.head_of(ctx.word(start)) == head else head
            return


def _next_in_list(ctx: Context, draft: Draft, reading: reading_.Reading) -> None:
    """The verb of «تلاه سهم المصرف» is dropped from the subject, which takes the change named before it
    in the sentence (ارتفاع) as its own."""
    if ctx.word(reading.subject[0]) not in words("list_follower"):
        return
    first, last = reading.subject
    if first == last:
        return
    reading.subject = (first + 1, last)
    if reading.change or not reading.amount:
        return
    for k in range(first - 1, max(draft.sentence[0], first - ELLIPSIS_SCAN) - 1, -1):
        entry = phrase.metric_verbs().get(ctx.word(k))
        if entry is not None and entry[0] in ("up", "down"):
            reading.change = entry[1]
            return
