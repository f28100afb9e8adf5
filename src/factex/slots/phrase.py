"""Noun phrases of the article's own words, for the metric slot: where one starts and where it ends.

Arabic carries enough cheap structure for this without a parser:
- the article (ال، وال، بال، لل...) marks definite nouns and their adjectives, so after a definite
  word a bare word starts something else (a verb, a new phrase) unless a preposition joins them
  («الأسطول المغربي للنقل الدولي» goes on, «الأرباح الصافية حققها» stops);
- verbs show themselves by the imperfect prefix يـ, the endings ـت and ـوا, or are listed
  (metric_verbs.tsv, metric_stops.tsv, the reporting cues);
- numbers, clause punctuation, connectives and qualifiers end a phrase; quotes are transparent;
  a relative clause («التي خضعت للتوقيف») may close it.
Every scan is capped, so a phrase costs a few dozen token looks at most.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Optional, Union

import regex

from .. import attribution, dateline, number_tables, numbers, units
from ..context import CLAUSE_BREAKS, Context
from ..lexicon import load_table, metric_verbs, words
from ..normalize import fold

MAX_WORDS = 12  # a metric of more words does not read as a phrase (the scorer's metric_clean)
MAX_PREPOSITIONS = 2  # «المستفيدون من التأمين لفئات المهنيين»: two prepositional phrases at most
MAX_RELATIVE_WORDS = 6
QUOTES = frozenset('"«»“”\'')
ARTICLE = ("ال", "وال", "فال", "بال", "كال", "لل", "ولل", "فلل", "وبال", "فبال")
PRONOUN_SUFFIXES = ("هم", "ها", "ه")
TOLLS = ("killed", "injured", "dead")  # kinds of metric_verbs.tsv that count victims
_WORD_SPLIT = regex.compile(r"[\s\-–_/]+")
Part = Union[str, tuple[int, int]]  # a word of our own («نسبة») or a span of the article's tokens


# ---------------------------------------------------------------- word classes


@lru_cache(maxsize=None)
def heads() -> frozenset[str]:
    return words("metric_heads")


@lru_cache(maxsize=None)
def measures() -> frozenset[str]:
    """Heads that name a quantity of something (عدد، نسبة، قيمة...), not the thing measured."""
    return frozenset(fold(row["word"]) for row in load_table("metric_heads") if row["kind"] == "measure")


def head_of(word: str) -> Optional[str]:
    """The metric head a word names: «نسبة», «النسبة», «ونسبة», «نسبته» -> نسبة (folded)."""
    stem = strip_clitics(word)
    if stem in heads():
        return stem
    for suffix in PRONOUN_SUFFIXES:
        if stem.endswith("ت" + suffix) and stem[: -len(suffix) - 1] + "ه" in heads():
            return stem[: -len(suffix) - 1] + "ه"
        # a folded ه may be a ة («متوسطة»): only ها and هم mark a pronoun on a masculine head
        if suffix != "ه" and stem.endswith(suffix) and stem[: -len(suffix)] in heads():
            return stem[: -len(suffix)]
    return None


def head_at(ctx: Context, k: int) -> Optional[str]:
    """`head_of` the word at k, knowing from the written text that a final ه is a pronoun («مبلغه»)."""
    head = head_of(ctx.word(k))
    if head is None and has_pronoun(ctx, k) and ctx.word(k).endswith("ه"):
        head = head_of(ctx.word(k)[:-1])
    return head


def strip_clitics(word: str) -> str:
    """«والنسبة» -> نسبة, «بنسبة» -> نسبة, «للأجر» -> اجر: article and the clitics before it."""
    for prefix in ARTICLE:
        if word.startswith(prefix) and len(word) - len(prefix) >= 2:
            return word[len(prefix):]
    if word[:1] in "وفبل" and len(word) > 3:
        return word[1:]
    return word


def value_word(word: str) -> Optional[str]:
    """«بنسبة» -> نسبة, «نسبتها» -> نسبة, «بقيمة» -> قيمة: a word that hands the figure a head
    noun; '' for links that name nothing («بمقدار», «قدرها»); None for other words."""
    if word in words("value_link"):
        return ""
    if word[:1] == "ب" and not word.startswith("بال") and word[1:] in measures():
        return word[1:]
    if word.startswith(("وب", "فب")) and word[2:] in measures():
        return word[2:]
    head = head_of(word)
    if head in measures() and head != strip_clitics(word) and not word.startswith(("ال", "وال", "بال", "لل")):
        return head  # a measure with a pronoun: «نسبتها», «قيمته»
    return None


def has_article(word: str) -> bool:
    return word.startswith(ARTICLE) and len(word) >= 4 and word not in ("الي", "الا", "الذي", "التي")


@lru_cache(maxsize=None)
def _qualifier_words() -> frozenset[str]:
    return frozenset(w for phrase, _, _ in numbers.qualifier_phrases() for w in phrase) - words("function")


@lru_cache(maxsize=None)
def stop_words() -> frozenset[str]:
    qualifier_words = frozenset(w for phrase, _, _ in numbers.qualifier_phrases() for w in phrase)
    return (
        words("metric_stops") | words("phrase_stop") | words("topic_opener") | frozenset(attribution.cues())
        | (qualifier_words - words("phrase_preposition"))
    )


@lru_cache(maxsize=8192)
def is_verb(word: str) -> bool:
    """A cheap test: listed verbs, the imperfect يـ, the feminine perfect ـت, the plural ـوا."""
    entry = metric_verbs().get(word)
    if entry is not None:
        return entry[2]
    if word in words("aux_verb"):
        return True
    if word in words("not_verb") or has_article(word):
        return False
    base = word[1:] if word[:1] in "وف" and len(word) > 3 and word[1:] not in words("not_verb") else word
    if base in metric_verbs():
        return metric_verbs()[base][2]
    if base in words("not_verb") or base.startswith("ال"):
        return False
    if base[:2] in ("لي", "لت") and base[1:] in metric_verbs():
        return True
    if base[:1] == "ي" and len(base) >= 4:
        return True
    if base in words("perfect_verb"):
        return True
    if base.endswith("نا") and (base[:-2] in metric_verbs() or base[:-2] in attribution.cues()):
        return True  # «سجلنا», «وصلنا»: a listed verb with «نا»
    if base.endswith("وا") and len(base) >= 4:
        return True
    return base.endswith("ت") and not base.endswith(("ات", "وت", "يت")) and 4 <= len(base) <= 7


def is_copula(word: str) -> bool:
    """«كان», «يكون», «وسيكون»: an auxiliary that is not a passive one («تم», «يجري»)."""
    base = word[1:] if word[:1] in "وف" else word
    return any(w in words("aux_verb") and w not in words("passive_aux") for w in (word, base))


def toll_noun(word: str) -> bool:
    """«مقتل», «وإصابة» without its «و», «المنية»: a word of metric_verbs.tsv that counts victims."""
    return metric_verbs().get(word, ("",))[0] in TOLLS


def verb_of(word: str, kind: str) -> bool:
    """A verb (not a verbal noun) of metric_verbs.tsv of that kind («بلغ»: reach, «تمثل»: share)."""
    entry = metric_verbs().get(word)
    return entry is not None and entry[0] == kind and entry[2]


def listed(word: str, name: str) -> bool:
    """Is the word, as written or without its clitics («وخلف» -> «خلف»), in words/NAME.txt?"""
    return word in words(name) or strip_clitics(word) in words(name)


def joined_in(word: str, name: str, conjunctions: str = "وف") -> bool:
    """Is the word in words/NAME.txt, as written or after a conjunction glued to it («وبينما», «فحصل»)?"""
    return word in words(name) or (word[:1] in conjunctions and word[1:] in words(name))


def toll_verb(word: str) -> bool:
    """«أوقع», «وخلف», «يسفر»: a verb that says an event left victims (words/toll_result_verb.txt)."""
    return listed(word, "toll_result_verb")


@lru_cache(maxsize=8192)
def breaks(word: str) -> bool:
    """Does this word end a noun phrase (a verb, a connective, a value word, a qualifier...)?"""
    if word in words("relative") or word in words("phrase_preposition"):
        return False
    if word in stop_words() or is_verb(word) or value_word(word) is not None:
        return True
    if word[:1] == "ب" and metric_verbs().get(word) is not None:
        return True  # «بزيادة», «بارتفاع»: the change named by the figure
    rest = word[1:] if word[:1] in "وف" and len(word) >= 3 else ""  # «وخمسة», «وإصابة 17 آخرين»: the next item
    if rest and (rest in stop_words() or is_verb(rest) or rest in number_tables.count_words() or toll_noun(rest) or
                 (toll_verb(rest) and word not in words("not_verb"))):  # («وخلف التفجير 200 جريح»: a new clause)
        return True
    return word[:1] in "بل" and len(word) > 3 and word[1:] in stop_words()


def is_word(ctx: Context, k: int) -> bool:
    return 0 <= k < len(ctx.tokens) and ctx.tokens[k].kind == "word"


def is_quote(ctx: Context, k: int) -> bool:
    return 0 <= k < len(ctx.tokens) and ctx.tokens[k].kind == "sym" and ctx.tokens[k].text in QUOTES


def can_start(ctx: Context, k: int) -> bool:
    """Can a noun phrase start at token k? A word that is no particle, verb or preposition."""
    if not is_word(ctx, k) or ctx.is_date_token(k):
        return False
    word = ctx.word(k)
    if breaks(word) or word in words("phrase_preposition") or word in words("relative") or word in words("function"):
        return False
    if word in words("pronoun_pp") or word in words("demonstrative") or _measure_word(word):
        return False
    if word[:1] in "وف" and (word[1:] in words("phrase_preposition") or word[1:] in words("function")):
        return False  # «وفي», «وعلى», «ولدينا»: a preposition or a particle with its conjunction
    return word not in ("او", "و")


def _measure_word(word: str) -> bool:
    """A currency, scale or percent word («دولار», «مليون», «المائة»): the tail of a figure."""
    return (
        word in units.currencies() or word in numbers.scales() or word in numbers.number_words()
        or word in words("percent_word") or word in words("percent_glued")
    )


def _joins_name(ctx: Context, k: int) -> bool:
    """«أمو-تضامن», «فاس-سايس»: a hyphen glued between two words."""
    tokens = ctx.tokens
    return (
        tokens[k].text in "-–" and 0 < k < len(tokens) - 1 and tokens[k - 1].kind == "word" and tokens[k + 1].kind == "word"
        and tokens[k - 1].end == tokens[k].start and tokens[k].end == tokens[k + 1].start
    )


def _opens_object(ctx: Context, k: int, stop: int) -> bool:
    """Can the object of a preposition start at k? «من هذه الفئة» yes, «إلى غاية» (a date) no."""
    word = ctx.word(k)
    if word in words("limit") or strip_clitics(word) in _qualifier_words() or (toll_noun(word) and not word.endswith("ات")):
        return False  # «إلى غاية» (a date), «على الأقل» (a qualifier), «أسفر الهجوم عن مقتل» (a toll; not «بلاغات عن إصابات»)
    if word in words("demonstrative"):
        return k + 1 < stop and has_article(ctx.word(k + 1))
    return can_start(ctx, k)


def name_number(ctx: Context, k: int) -> bool:
    """«بنزين 92», «كوفيد 19»: a small whole number between words that is part of a name."""
    tok = ctx.tokens[k]
    if not tok.text.isdigit() or len(tok.text) > 3 or not is_word(ctx, k - 1) or ctx.is_date_token(k) or ctx.word(k - 1) == "و":
        return False  # (not «3 ضباط و5 من أفراد الشرطة»: after «و» a number counts)
    if ctx.word(k - 1) in words("numbered_name"):
        return True  # «ستوكس 600 بنسبة 1%»: an index's number, whatever follows it
    following = ctx.word(k + 1)
    if not is_word(ctx, k + 1):  # «طائرة بوينغ 737، التي ...»: a name ends the clause after a bare noun
        ends = k + 1 >= len(ctx.tokens) or ctx.tokens[k + 1].text in CLAUSE_BREAKS
        return ends and _names_by_number(ctx.word(k - 1))
    if following in numbers.scales() or following in words("percent_word") or following in words("percent_glued"):
        return False
    if share_base_at(ctx, k + 1):
        return False  # «ونجح 300 من أصل 500 طالب»: a part of a total, not a name
    if following == "في" and ctx.word(k + 2) in words("percent_word"):
        return False  # «40 في المائة»
    return units.lookup([following]) is None and (has_article(following) or not breaks(following)) and _names_by_number(ctx.word(k - 1))


def _names_by_number(word: str) -> bool:
    """«بنزين», «كوفيد»: a bare noun that a number after it may name, not a measure or a verb."""
    return not (
        has_article(word) or word.endswith(PRONOUN_SUFFIXES) or breaks(word) or head_of(word) is not None
        or word in words("function") or word in words("phrase_preposition") or units.is_unit_word(word)
        or word in numbers.number_words() or _measure_word(word)
    )


def _next_word(ctx: Context, k: int, stop: int) -> int:
    while k < stop and is_quote(ctx, k):
        k += 1
    return k


# ---------------------------------------------------------------- phrases


def extend(ctx: Context, start: int, stop: int, limit: int = MAX_WORDS, relative: bool = True) -> int:
    """Index of the last token of the noun phrase that starts at `start`, before token `stop`."""
    last, taken, prepositions = start, 1, 0
    definite = _definite(ctx, start)
    after_preposition = False
    k = start + 1
    while k < stop and taken < limit:
        tok = ctx.tokens[k]
        if tok.kind == "sym":
            if tok.text in QUOTES or _joins_name(ctx, k):
                k += 1
                continue
            break
        if tok.kind == "num":
            if not name_number(ctx, k):
                break
            last, k = k, k + 1
            continue
        if ctx.is_date_token(k) or share_base_at(ctx, k):
            break
        word = tok.text
        if word in words("relative"):
            if relative and not after_preposition:
                last = relative_clause(ctx, k, stop, min(MAX_RELATIVE_WORDS, limit - taken), last)
            break
        if word in words("pronoun_pp"):  # «المبلغ المتحصل عليه»
            prepositions += 1
            if prepositions > MAX_PREPOSITIONS:
                break
            last, taken, k, definite, after_preposition = k, taken + 1, k + 1, True, False
            continue
        if word == "من" and ctx.word(k + 1) == "قبل" and k + 2 < stop and can_start(ctx, k + 2) and prepositions < MAX_PREPOSITIONS:
            prepositions, taken, after_preposition, k = prepositions + 1, taken + 2, True, k + 2  # «من قبل البنوك»
            continue
        if word == "من" and k + 1 < stop and is_word(ctx, k + 1) and is_verb(ctx.word(k + 1)):
            if relative and not after_preposition:  # «عدد من أدلوا بأصواتهم»: «من» as a relative pronoun
                last = relative_clause(ctx, k, stop, min(MAX_RELATIVE_WORDS, limit - taken), last, free=True)
            break
        if word in words("phrase_preposition"):
            following = _next_word(ctx, k + 1, stop)
            if prepositions >= MAX_PREPOSITIONS or following >= stop or not _opens_object(ctx, following, stop):
                break
            prepositions, taken, after_preposition = prepositions + 1, taken + 1, True
            k += 1
            continue
        if breaks(word) and not (k + 1 < stop and _tamyiz(word, ctx.word(k + 1))):
            break  # not «الأقل استخداما»
        if word == "او":  # «المنتهية أو المتوقفة»: coordination of definite words
            following = _next_word(ctx, k + 1, stop)
            nxt = ctx.word(following) if following < stop else ""
            if not has_article(nxt) or head_of(nxt) is not None or breaks(nxt):
                break
            taken, k = taken + 1, k + 1
            continue
        if word.startswith(("وال", "ولل", "وبال")):
            if head_of(word) is not None:
                break  # «وعدد», «والنسبة»: the next item of a list
        elif (
            word[:1] == "و" and len(word) > 3 and definite and not after_preposition and head_of(word) is None
            and metric_verbs().get(word) is None and word[1:] not in numbers.number_words() and word[1:] not in words("not_verb") and word[1:] not in words("function") and word[1:] not in words("demonstrative")
        ):
            pass  # «حالات النهب واقتحام مؤسسات إعلامية»: a coordinated noun in construct
        elif definite and not after_preposition and not has_article(word) and word not in words("phrase_apposite") and not _tamyiz(ctx.word(last), word) \
                and (ctx.word(last) not in words("named_head") or units.is_unit_word(word)):
            if not (word[:1] in "بل" and len(word) > 3 and not breaks(word[1:])):
                break  # a bare word after a definite one starts something else
            prepositions += 1
            if prepositions > MAX_PREPOSITIONS:
                break
        elif not definite and not after_preposition and not has_article(word) and _accusative(word) and not _accusative(ctx.word(last)):
            break  # «المصارف كافة أرباحا»: an indefinite accusative opens the object
        definite = _definite(ctx, k)
        after_preposition = False
        last, taken, k = k, taken + 1, k + 1
    while last > start and (not is_word(ctx, last) and not ctx.tokens[last].kind == "num" or _dangling(ctx.word(last))):
        last -= 1
    return last


def _tamyiz(previous: str, word: str) -> bool:
    """«الأقل استخداما», «الأكثر انتهاكا»: a superlative and the accusative that specifies it."""
    return len(previous) in (5, 6) and previous.startswith("الا") and _accusative(word)


def _accusative(word: str) -> bool:
    """«أرباحا», «مشروعا»: the written ending of an indefinite accusative."""
    return len(word) >= 5 and word.endswith("ا") and not word.endswith(("اا", "يا", "وا")) and not own_alif(word)


def own_alif(word: str) -> bool:
    """«سويسرا», «وفرنسا», «كاميرا»: a final «ا» that is the word's own, not an accusative ending."""
    return word in words("own_alif") or (word[:1] in "وفبل" and word[1:] in words("own_alif"))


def _definite(ctx: Context, k: int) -> bool:
    """A word with the article, or a noun with a pronoun («أرباحه»: ه as written, not a folded ة)."""
    word = ctx.word(k)
    return has_article(word) or has_pronoun(ctx, k)


def has_pronoun(ctx: Context, k: int) -> bool:
    word = ctx.word(k)
    if len(word) <= 4 or not word.endswith(PRONOUN_SUFFIXES) or word in words("function") or _definite_word(word):
        return False  # «الأسهم», «المساهم»: a definite noun takes no pronoun, its «ـهم» is its own
    return not ctx.words(k, k).endswith("ة")


def _definite_word(word: str) -> bool:
    return has_article(word) or word.startswith("لل") or (word[:1] in "وفبك" and has_article(word[1:]))


def _dangling(word: str) -> bool:
    """A word no phrase ends with: a particle, a preposition, a relative pronoun, «كل», the «بين» of a
    range, or a word that opens a date («العدد بنهاية 2015» -> «العدد»: date_prepositions.tsv, with a
    clitic or not)."""
    return word in words("function") or word in words("phrase_preposition") or word in words("relative") or \
        word in ("او", "و", "كل") or word in words("between") or word in words("date_prepositions") or \
        (word[:1] in "وبل" and word[1:] in words("date_prepositions"))


def after_word(ctx: Context, first: int, table: str) -> bool:
    """Is the word before the token `first` in the word list `table`, qualifier words skipped («إلى نحو
    13.2 مليار»: after «إلى»)?"""
    k = first - 1
    if ctx.word(k) in words(table):
        return True
    while k >= 0 and ctx.word(k) in _all_qualifier_words():
        k -= 1
    return ctx.word(k) in words(table)


@lru_cache(maxsize=None)
def _all_qualifier_words() -> frozenset[str]:
    return frozenset(w for phrase_, _, _ in numbers.qualifier_phrases() for w in phrase_)


def share_base_at(ctx: Context, k: int) -> bool:
    """«من أصل 60 مليونا», «من مجموع 120 مقعدا» at k: the total, a figure of its own, that the figure
    before is a part of (not «من إجمالي الناتج»: the whole a share is of)."""
    if ctx.word(k) != "من" or ctx.word(k + 1) not in words("share_base") or k + 2 >= len(ctx.tokens):
        return False
    return ctx.tokens[k + 2].kind == "num" or value_word(ctx.word(k + 2)) is not None


def relative_clause(ctx: Context, k: int, stop: int, limit: int, last: int, free: bool = False) -> int:
    """«التي خضعت للتوقيف»: the relative pronoun at k and a few words after it, up to a break. A clause too
    long is cut before a cause («جراء ...»), or, `free` («عدد من تقدموا ...»: the clause is all the phrase
    says), before its first prepositional phrase, its verb alone at least."""
    least = 1 if free else 2  # words a clause cut short keeps at least
    end, taken, before_cause, cut_words, j = k, 0, None, 0, k + 1
    while j < stop and taken < limit:
        tok = ctx.tokens[j]
        if tok.kind != "word":
            if tok.kind == "sym" and tok.text in QUOTES:
                j += 1
                continue
            break
        word = tok.text
        if ctx.is_date_token(j) or joined_in(word, "relative", "و"):
            break  # «يدخنون في المرحلة الثانوية والذين ...»: another clause
        if share_base_at(ctx, j) or value_word(word) is not None:
            break  # «أدلوا بأصواتهم من أصل 60 مليونا»: the total, another figure's
        if taken >= 2 and word in words("complementizer"):
            break  # «من الذين شملهم المسح إنهم ...»: what they said, not who they are (but «من يشتبه بأنهم ...»)
        if word in words("future_particle") and is_verb(ctx.word(j + 1)):
            j += 1  # «شركات كانت قد تكبدت خسائر»: the particle of the verb after it
            continue
        if word in stop_words() and not is_verb(word) and word not in words("phrase_preposition"):
            break
        if taken and is_verb(word) and not is_verb(ctx.word(end)) and word not in words("aux_verb") and ctx.word(end) not in words("aux_verb"):
            break  # «ممن يدخنون في المدارس بدأوا قبل ...»: the main verb after the clause
        if taken >= least and (word in words("event_preposition") or (free and _opens_pp(word))) and (
                before_cause is None or cut_words < 2 <= taken):  # (the first cut after two words, or else after one)
            before_cause, cut_words = end, taken  # «فقدوا أعمالهم جراء مصادرة ...»: where a clause too long may end
        end, taken, j = j, taken + 1, j + 1
    cut = j < stop and taken >= limit and ctx.tokens[j].kind == "word" and not breaks(ctx.word(j))
    end = before_cause if cut else end  # a clause too long to take whole: its part before a cause, or none
    if end is None:
        return last
    while end > k and (_dangling(ctx.word(end)) or (ctx.word(end) in stop_words() and not is_verb(ctx.word(end)))
                       or ctx.word(end) in words("aux_verb")):  # («شركات كانت»: a copula says nothing alone)
        end -= 1
    return last if end == k or (cut and end - k < least) else end


def _opens_pp(word: str) -> bool:
    """A preposition, or a word with a glued one and the article («للحصول», «بالمستشفى»)."""
    return word in words("phrase_preposition") or word.startswith(("لل", "بال"))


def ending_at(ctx: Context, end: int, floor: int, limit: int = MAX_WORDS) -> Optional[int]:
    """Start of the noun phrase that ends at token `end` («عدد الوثائق المسحوبة» before a figure)."""
    while end >= floor and is_quote(ctx, end):
        end -= 1
    if end < floor or not is_word(ctx, end) or _dangling(ctx.word(end)) or breaks(ctx.word(end)):
        return None
    k, relative_at = end, end + 1
    while k > floor and end - k < limit + 3:
        prev = k - 1
        if is_quote(ctx, prev):
            k = prev
            continue
        tok = ctx.tokens[prev]
        if tok.kind == "num":
            if not name_number(ctx, prev):
                break
        elif tok.kind == "sym" and _joins_name(ctx, prev):
            pass
        elif tok.kind != "word" or ctx.is_date_token(prev):
            break
        elif tok.text in words("relative") or (tok.text == "من" and is_verb(ctx.word(prev + 1))):
            relative_at = prev  # «المركبات التي خضعت للتوقيف»: the phrase starts before the pronoun
        elif tok.text == "قبل" and prev - 1 >= floor and ctx.word(prev - 1) == "من":
            k = prev - 1  # «البطاقات المصدرة من قبل البنوك»
            continue
        elif breaks(tok.text) and not _in_relative_clause(ctx, prev) and not _tamyiz(tok.text, ctx.word(prev + 1)):
            break  # «بنزين 80 الأكثر استهلاكا»: a superlative goes on with its accusative
        elif tok.text[:1] == "ل" and dateline.agency_kind(tok.text[1:]) in ("agency", "outlet"):
            break  # «في استطلاع لرويترز صافي ربح»: what the agency's poll gives starts after it
        k = prev
    for s in range(k, min(relative_at, end + 1)):
        if can_start(ctx, s) and extend(ctx, s, end + 1) >= end:
            if s > 0 and (ctx.tokens[s - 1].kind == "num" or ctx.word(s - 1) in numbers.number_words()):
                return _next_item(ctx, s, end)  # «خمس سنوات وبالغرامة التي ...»: the next item
            return _after_speaker(ctx, s, end)
    if relative_at > end:
        for s in range(k, end + 1):
            if can_start(ctx, s) and extend(ctx, s, end + 1) >= end:
                return s
    return None


def _next_item(ctx: Context, start: int, end: int) -> int:
    """«34 كيلومترا وتعميق المجرى»: after a figure's unit, a word with «و» opens the next item."""
    for s in range(start + 1, end + 1):
        if ctx.word(s)[:1] == "و" and can_start(ctx, s) and extend(ctx, s, end + 1) >= end:
            return s
    return start


def _after_speaker(ctx: Context, start: int, end: int) -> int:
    """«وأشار المرصد إلى ارتفاع العدد»: after a reporting verb, the phrase up to its preposition is the
    speaker; what is measured starts after it."""
    before = ctx.word(start - 1)
    if before not in attribution.cues() or before in metric_verbs():
        return start
    for j in range(start + 1, end):
        if ctx.word(j) in words("phrase_preposition") and can_start(ctx, j + 1):
            return j + 1
    return start


def _in_relative_clause(ctx: Context, k: int) -> bool:
    """Is the verb at k the first or second word of a relative clause («التي تم تسجيلها», «من أدلوا»)?"""
    if not is_verb(ctx.word(k)) and ctx.word(k) not in words("pronoun_pp"):
        return False
    return any(ctx.word(j) in words("relative") or (ctx.word(j) == "من" and is_verb(ctx.word(j + 1))) for j in (k - 1, k - 2))


def _trailing_time(kept: list[str]) -> bool:
    """«عدد الأسهم المتداولة اليوم»: a time word after a definite word says when, not what (not «تداولات اليوم»)."""
    return len(kept) > 2 and fold(kept[-1]) in words("trailing_time") and has_article(fold(kept[-2]))


def render(ctx: Context, parts: list[Part]) -> str:
    """The phrase as text: our own words as given, the article's spans as written (quotes dropped),
    a conjunction or preposition glued to the first word of the phrase dropped."""
    out: list[str] = []
    for part in parts:
        if isinstance(part, str):
            if part:
                out.extend(part.split())
            continue
        first, last = part
        text = ctx.words(first, last).split()
        if not text:
            continue
        text[0] = bare(text[0])
        out.extend(text)
    words_ = [w for w in out if any(ch.isalnum() for ch in w)]
    kept, count = [], 0
    for word in words_:  # «أمو-تضامن» counts as two words, as a reader (and the scorer) counts them
        count += len([p for p in _WORD_SPLIT.split(word) if p])
        if count > MAX_WORDS:
            break
        kept.append(word)
    while len(kept) > 1 and (_dangling(fold(kept[-1]).strip("()")) or _trailing_time(kept)):
        kept.pop()
    text = " ".join(kept)
    return text + ")" if text.count("(") > text.count(")") else text


def bare(word: str) -> str:
    """«والمشاريع» -> «المشاريع», «للمقاولات» -> «المقاولات», «وعدد» -> «عدد»: the first word of a
    phrase loses the conjunction or preposition glued to it."""
    folded = fold(word)
    letters = _letter_offsets(word)
    if len(letters) != len(folded):
        return word
    if folded.startswith(("وبال", "فبال", "وكال")) and len(folded) > 6:
        return word[letters[2]:]  # «وبالغرامة» -> «الغرامة»
    if folded.startswith(("وال", "فال", "بال", "كال")) and len(folded) > 5:
        return word[letters[1]:]
    if folded.startswith(("ولل", "فلل")) and len(folded) > 5:
        return "ال" + word[letters[3]:]
    if folded.startswith("لل") and len(folded) > 4:
        return "ال" + word[letters[2]:]
    if folded[:1] in "وف" and len(folded) > 3 and (head_of(folded[1:]) or folded[1:] in units.counted_nouns()):
        return word[letters[1]:]
    if folded[:1] in "بل" and any(folded[1:] in table for table in (heads(), words("topic_head"), words("place_head"), words("entity_noun"))):
        return word[letters[1]:]  # «بطاقة إضافية» -> «طاقة إضافية», «بنظام» -> «نظام»
    return word


def _letter_offsets(word: str) -> list[int]:
    """Offsets of the characters of `word` that survive folding (diacritics and tatweel do not)."""
    return [i for i, ch in enumerate(word) if fold(ch)]
