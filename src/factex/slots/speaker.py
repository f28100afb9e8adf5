"""The speaker phrase after a reporting cue, read as a noun phrase (see `factex.attribution`):

- «قال X إن/: ...»: whatever stands between the verb and «إن» is its subject, a bare name included;
  without «إن» the phrase ends where a definite phrase meets an indefinite word (the object:
  «أعلنت الوزارة تسجيل 120 حالة»), unless it begins with a title or an institution;
- an appositive between commas joins it: «قال وزير الاقتصاد، سامي الخطيب، إن» → وزير الاقتصاد سامي الخطيب;
- a quoted name is part of it: «أكدت قناة "إن تي في" التلفزيونية»; the medium spoken to is not:
  «قال أحد الشهود لرويترز»;
- a document speaks for its issuer: «تقرير صادر عن البنك الدولي», «بلاغ للمديرية العامة» → the issuer;
  statistics («الإحصائيات», «الأرقام») are no source by themselves: their publisher is
  («إحصاءات البنك المركزي» → البنك المركزي), else the speaker is marked weak;
- a long phrase loses its locatives and courtesy titles (≤ 8 words where it can, never over 10).

Works on the folded tokens of `factex.numbers`; a speaker is the tuple of its token indices.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, Optional

from ..dateline import agency_kind
from ..lexicon import load_table, load_weekdays
from ..normalize import fold, strip_article
from ..numbers import Token
from ..numbers import word_at as _word
from ..reporting import SPEAKER_KINDS, cue_kind, cues, head_kind, heads, listed, names_speaker, places

MAX_SPEAKER_WORDS = 12  # read this far («المتحدث الرسمي لإدارة ... بمنطقة الجوف سعد ناصر العتيبي»)
SHORT_SPEAKER_WORDS = 8  # then shortened: locatives and courtesy titles dropped
LONGEST_SPEAKER_WORDS = 10
COMPLEMENT_REACH = 8  # tokens between a subject and its «أن» («قال الوزير في تصريحات هاتفية للإذاعة:»)
APPOSITIVE_WORDS = 5
SUBJECT_REACH = 4  # words before a speaker's word that may open its noun phrase («منظمة الصحة العالمية»)
TOPIC_WORDS = 6  # a fronted topic that names a speaker («بالنسبة لبنك الكويت الوطني») is this short
QUOTED_NAME_WORDS = 6
TITLE_REACH = 4  # «مصطفى الخلفي الوزير المكلف ...»: a title within the first words makes a name a speaker
CLAUSE_BREAKS = frozenset("،,.:;؛!?؟")
OPENING_QUOTES = {"«": "»", '"': '"', "“": "”"}

PersonTest = Callable[[str], bool]


@dataclass(frozen=True)
class Speaker:
    tokens: tuple[int, ...]  # token indices of the phrase, in order (an appositive may skip a comma)
    weak: bool = False  # statistics that name no publisher («أظهرت الإحصائيات»)
    clitic: bool = False  # the first word carries ل or و: «لوزارة الصحة», «ومصادر طبية» read without it


def _closing_quote(tokens: list[Token], k: int, end: int) -> Optional[int]:
    close = OPENING_QUOTES[tokens[k].text]
    for j in range(k + 1, min(end, k + QUOTED_NAME_WORDS + 2)):
        if tokens[j].text == close:
            return j
    return None


def _other_side(tokens: list[Token], k: int) -> bool:
    """«ناحية أخرى», «جهة أخرى», «جانب آخر» (after «من»: on the other hand)."""
    return listed(_word(tokens, k), "other_side") and fold(_word(tokens, k + 1)).startswith("اخر")


def _addressee(tokens: list[Token], k: int, end: int) -> bool:
    """«لرويترز», «لوكالة ...», «لـ«الشرق الأوسط»»: the medium a speaker talks to ends the phrase, and
    so does a group addressed («لعدد من الحاضرين»)."""
    w = tokens[k].text
    if w == "ل":
        return True
    if not w.startswith("ل") or len(w) < 4:
        return False
    rest = "ا" + w[1:] if w.startswith("لل") else w[1:]
    nxt = tokens[k + 1].text if k + 1 < end else ""
    return listed(rest, "media") or agency_kind(rest) == "agency" or nxt in OPENING_QUOTES or (
        listed(rest, "count_head") and nxt == "من")


def _after_addressee(tokens: list[Token], k: int, end: int) -> int:
    """«وقال لـ«الشرق الأوسط» مصدر ...», «وقال لرويترز إن»: the medium spoken to right after the verb
    is skipped (the speaker, if named, follows it)."""
    if k >= end or not _addressee(tokens, k, end):
        return k
    if k + 1 < end and tokens[k + 1].text in OPENING_QUOTES:
        close = _closing_quote(tokens, k + 1, end)
        return close + 1 if close is not None else k
    w = tokens[k].text
    if agency_kind("ا" + w[1:] if w.startswith("لل") else w[1:]) == "agency":
        return k + 1  # «لرويترز»
    return read_phrase(tokens, k, end)[1]  # «لوسائل إعلام محلية ودولية»


def read_phrase(tokens: list[Token], k: int, end: int, limit: int = MAX_SPEAKER_WORDS) -> tuple[list[int], int, bool]:
    """Token indices of the noun phrase from k, the index where it stopped, and whether it is a
    quoted name only («بحسب "الفرنسية"»)."""
    taken: list[int] = []
    quoted = False
    while k < end and len(taken) < limit:
        tok = tokens[k]
        if tok.kind == "sym":
            if tok.text in OPENING_QUOTES:
                close = _closing_quote(tokens, k, end)
                inner = [j for j in range(k + 1, close) if tokens[j].kind != "sym"] if close else []
                if not inner:
                    break
                quoted = quoted or not taken
                taken += inner
                k = close + 1
                continue
            if tok.text == "-" and taken and k + 1 < end and tokens[k + 1].start == tok.end == tokens[k - 1].end + 1:
                k += 1  # «فاس-سايس»
                continue
            if tok.text == "/" and taken and listed(tokens[taken[-1]].text, "name_title"):
                k += 1  # «الدكتور / زهير ميمني»
                continue
            break
        if tok.kind == "num":
            break
        w = tok.text
        if taken and taken[-1] == k - 1 and listed(tokens[k - 1].text, "name_particle"):
            taken.append(k)  # «سعيد بن علي»: the word after «بن», «آل» is a name, whatever it looks like
            k += 1
            continue
        if w in ("في", "ب", "من") and taken and names_speaker(_word(tokens, k + 1)):
            taken.append(k)  # «مسؤول في وزارة المالية», not «المركز في تقرير», «الوزارة من جهتها»
            k += 1
            continue
        if w == "من" and taken and (_word(tokens, k + 1).endswith(("ها", "هم")) or _other_side(tokens, k + 1)):
            break  # «شركة هامتونز من أبحاثها أن»: from its research; «من ناحية أخرى»: not part of its name
        if listed(w, "speaker_stop") or listed(w, "clause_adverb") or w in load_weekdays() or (taken and (w in cues() or listed(w, "metric_stops") or _addressee(tokens, k, end))):
            break
        if taken and _opens_what_is_said(w, _word(tokens, k + 1)):
            break
        if taken and listed(w, "relay_verb") and _word(tokens, k + 1) == "عن":
            break  # «وكانت الصحيفة نقلت عن مصادر»: the verb after its subject
        if taken and w.endswith("ا") and head_kind(w) == "document":
            break  # «وأصدرت الوزارة بيانا»: the document it issued, its object
        if taken and head_kind(tokens[taken[0]].text) in ("data", "document") and _perfect_feminine(w) and not listed(w, "issuer_marker"):
            break  # «أظهرت بيانات نشرت اليوم»: a verb of the data, not a name
        if taken and strip_article(w) in _change_nouns():
            break  # «أظهرت بيانات نمو المبيعات ...»: what the data show, not who issued them
        if taken and listed(w[2:] if w.startswith("ال") else w, "metric_heads") and _ends_name(tokens[taken[-1]].text):
            break  # «وقدرت الوزارة العجز المتوقع بـ», «الهيئة العامة للإحصاء عدد السكان»: the measure after a name
        if taken and w.startswith("لل") and not definite(tokens[taken[-1]].text) and all(head_kind(tokens[j].text) is None for j in taken):
            break  # «قال أبوت للبرلمان»: after a name, «لل...» is whom he spoke to
        if taken and listed(w, "time_year") and listed(_word(tokens, k + 1), "time_relative"):
            break  # «قالت الرابطة العام الماضي إن»
        taken.append(k)
        k += 1
        quoted = False  # a name with more words than its quoted part («"كونا" الكويتية»)
    if len(taken) >= limit:
        taken = _whole_names(tokens, taken)  # «... الدكتور زهير عبد [الرحيم]»: cut by the limit
    while taken and (tokens[taken[-1]].kind == "sym" or len(tokens[taken[-1]].text) < 2 or tokens[taken[-1]].text in ("ال", "من", "في")):
        taken.pop()  # «التقرير الـ», «المهندس ... من [جانبه]»
    return taken, k, quoted and bool(taken)


def _opens_what_is_said(word: str, following: str) -> bool:
    """«وفقا لصحيفة فرنسية فإن فريقا من ...»: «ف» + «إن» before a noun phrase; not the «فان» of a Dutch
    name («لويس فان جال»), which folds alike but is followed by a bare name."""
    if word[:1] != "ف" or not listed(word[1:], "complementizer"):
        return False
    return following.startswith("ال") or following.endswith("ا") or listed(following, "function")


def complement_follows(tokens: list[Token], k: int, end: int) -> bool:
    """«... إن/أن/:» within reach: the words before it are the verb's subject."""
    j, reach = k, min(end, k + COMPLEMENT_REACH)
    while j < reach:
        tok = tokens[j]
        if tok.text == ":" or listed(tok.text, "complementizer"):
            return True
        if tok.text in OPENING_QUOTES and _closing_quote(tokens, j, end) is None:
            return True  # a quotation opens (a short quoted term would close within a few words)
        if _addressee(tokens, j, end):
            after = max(_after_addressee(tokens, j, end), j + 1)  # «الدهمشي، لـ "سبق" أنه»
            j, reach = after, min(end, reach + after - j)
            continue
        if tok.kind == "num" or tok.text in ".؟!" or (tok.kind == "word" and tok.text in cues() and _word(tokens, j - 1) != "في"):
            return False  # (not «في تصريح خاص:»)
        j += 1
    return False


def definite(word: str) -> bool:
    return word.startswith(("ال", "وال", "فال"))


def _ends_name(word: str) -> bool:
    """A word that closes a name («الوزارة», «للإحصاء»): no measure may follow it inside the name."""
    return (definite(word) or word.startswith("لل")) and not listed(word, "name_title")


def _nisba(word: str) -> bool:
    """«الوطني», «التركية», «وطبية»: an adjective of relation."""
    return word.endswith(("ي", "يه", "يين", "يون")) and len(word) > 4


def _genitive(word: str, following: str) -> bool:
    """«للهجرة», «بالمنطقة», «لوزارة», «لمكافحة التدخين», «باسم الجيش»: ل/ب glued to a definite noun,
    a head or a noun in construct (not the verb of «... للهجرة لقي أكثر من»)."""
    if word.startswith(("لل", "بال")) or listed(word, "speaker_link"):
        return True
    return word[:1] in "لب" and (head_kind(word) is not None or word[1:] in places() or definite(following))


def _cut_at_object(tokens: list[Token], phrase: list[int]) -> list[int]:
    """«الوزارة تسجيل», «خطة الموازنة العراقية وصول العائدات»: a definite word followed by an
    indefinite one ends the phrase there (not «للبنك», «ذاته», «الملك سعود»); so does a definite
    noun after the relation adjective closing a name («بنك الكويت الوطني التحسن»)."""
    for n in range(1, len(phrase)):
        before, word = _word(tokens, phrase[n - 1]), _word(tokens, phrase[n])
        if n >= 2 and _nisba(before) and definite(before) and not head_kind(before) and word.startswith("ال") and not _nisba(word) and not head_kind(word) and not listed(word, "name_title"):
            return phrase[:n]
        following = _word(tokens, phrase[n + 1]) if n + 1 < len(phrase) else ""
        if n >= 2 and listed(_word(tokens, phrase[n - 2]), "name_particle") and not definite(word) and word.endswith("ا") and len(word) > 3:
            return phrase[:n]  # «الشيخ خليفة بن زايد آل نهيان مرسوما»: the name ends, its object follows
        if definite(before) and word and not definite(word) and not _genitive(word, following) and not listed(word, "same_source") \
                and not listed(before, "name_particle"):  # («آل نهيان»: «آل» folds like «ال»)
            if not listed(before, "name_title"):  # «جامعة الملك سعود»
                return phrase[:n]
    return phrase


def _appositive(tokens: list[Token], stop: int, end: int, verb: int = -1) -> list[int]:
    """«وزير الاقتصاد، سامي الخطيب، إن»: the words between two commas, when «إن» or an
    adverbial («في بيان», «أمس») follows the second."""
    if stop >= end or tokens[stop].text not in "،," or _addressee(tokens, stop + 1, end) or (
            _word(tokens, stop + 1) == "من" and _other_side(tokens, stop + 2)):
        return []  # «عدد من المواطنين، لـ«الشرق الأوسط»، إن»: whom they told; «، من ناحية أخرى،»
    inner, k, _ = read_phrase(tokens, stop + 1, end, APPOSITIVE_WORDS + 1)
    if not inner or len(inner) > APPOSITIVE_WORDS or k >= end or tokens[k].text not in "،,":
        return []
    after = _word(tokens, _after_addressee(tokens, k + 1, end))  # («، لـ "سبق" أنه»)
    if k + 1 == verb or listed(after, "complementizer") or listed(after, "speaker_stop"):
        return inner
    return []


def _head_index(tokens: list[Token], phrase: list[int]) -> int:
    """The head word's position: after «أحد/بعض/أحدث» («أحد الشهود», «أحدث معطيات»)."""
    return 1 if len(phrase) > 1 and listed(_word(tokens, phrase[0]), "speaker_quantifier") else 0


def _issuer(tokens: list[Token], phrase: list[int], stop: int, end: int) -> Optional[Speaker]:
    """The issuer of a document or of statistics: «صادر عن X», «أعدها X», «للبنك X», «إحصاءات البنك X»."""
    h = _head_index(tokens, phrase)
    for n in range(h + 1, len(phrase)):
        w = _word(tokens, phrase[n])
        if listed(w, "issuer_marker"):
            rest = phrase[n + 1 :]
            while rest and _word(tokens, rest[0]) in ("به", "بها", "من", "عن"):
                rest = rest[1:]  # «دراسة قام بها مركز ...», «تقرير صدر من منظمة ...»
            explicit = False
            while not rest and stop < end and listed(_word(tokens, stop), "clause_adverb"):
                stop += 1  # «تقرير صدر حديثا عن ...»
            if not rest and stop < end and _word(tokens, stop) in ("عن", "من"):
                rest, stop, _ = read_phrase(tokens, stop + 1, end)
                explicit = True
            elif not rest and stop < end and names_speaker(_word(tokens, stop)):
                clitic = _has_clitic(_word(tokens, stop))  # «تقرير صادر مؤخرا للمركز ...», «أصدرته مؤخرا وكالة ...»
                rest, stop, _ = read_phrase(tokens, stop, end)
                return Speaker(tuple(shorten(tokens, rest)), clitic=clitic) if rest else Speaker(tuple(phrase[:n]))
            if rest and not complement_follows(tokens, stop, end):
                rest = _cut_at_object(tokens, rest)
            if rest and (explicit or _names_someone(tokens, rest)):
                return Speaker(tuple(shorten(tokens, rest)))
            return Speaker(tuple(phrase[:n]), weak=head_kind(_word(tokens, phrase[h])) == "data" and n == h + 1)
        if names_speaker(w) and (n == h + 1 or w.startswith("ل")):
            return Speaker(tuple(phrase[n:]), clitic=_has_clitic(w))
    if stop < end and _word(tokens, stop) == "عن" and h + 1 < len(phrase) and listed(_word(tokens, phrase[-1]), "issuer_marker"):
        rest, _, _ = read_phrase(tokens, stop + 1, end)
        return Speaker(tuple(rest)) if rest else None
    return None


def shorten(tokens: list[Token], phrase: list[int]) -> list[int]:
    """A long speaker phrase without its locatives and courtesy titles: «المتحدث الرسمي لهيئة الهلال
    الأحمر بمنطقة تبوك خالد العنزي» -> «المتحدث الرسمي لهيئة الهلال الأحمر خالد العنزي»."""
    phrase = list(phrase)
    n = 1
    while len(phrase) > SHORT_SPEAKER_WORDS and n < len(phrase) - 1:
        run = _locative_end(tokens, phrase, n)
        if run > n:
            del phrase[n:run]  # «بمنطقة المدينة المنورة», «بالقصيم», «بالإنابة»
        else:
            n += 1
    for n in range(len(phrase) - 2, 0, -1):
        if len(phrase) > SHORT_SPEAKER_WORDS and listed(_word(tokens, phrase[n]), "honorific"):
            del phrase[n]
    if len(phrase) > LONGEST_SPEAKER_WORDS:
        heads_at = [n for n in range(2, LONGEST_SPEAKER_WORDS + 1) if names_speaker(_word(tokens, phrase[n]))]
        phrase = _whole_names(tokens, phrase[: heads_at[-1]] if heads_at else phrase[:LONGEST_SPEAKER_WORDS])
    return phrase


def _perfect_feminine(word: str) -> bool:
    """«نشرت», «أجريت»: a perfect verb in the feminine, no noun of a name (not «الـ...», not «...ات»)."""
    return word.endswith("ت") and not word.endswith(("ات", "وت")) and not definite(word) and 4 <= len(word) <= 6


def _whole_names(tokens: list[Token], phrase: list[int]) -> list[int]:
    """A phrase cut short, without a name's particle or a title left at its end («زهير عبد [الرحمن]» ->
    «زهير», «الناطق الإعلامي بشرطة المنطقة العقيد [دكتور ...]» -> «الناطق الإعلامي بشرطة المنطقة»)."""
    while len(phrase) > 1 and (listed(_word(tokens, phrase[-1]), "name_particle") or listed(_word(tokens, phrase[-1]), "name_title")):
        phrase = phrase[:-1]
    return phrase


def _locative_end(tokens: list[Token], phrase: list[int], n: int) -> int:
    """End of the locative starting at phrase[n] («بمنطقة تبوك», «بالمنطقة», «بالقصيم»), or n."""
    w = _word(tokens, phrase[n])
    if not w.startswith("ب") or len(w) < 4:
        return n
    rest = w[1:]
    if rest in places() or strip_article(rest) in places():
        return n + 1
    if not (listed(rest, "locative") or listed("ال" + rest, "locative")):
        return n
    k = n + 1
    while k < len(phrase) - 1:
        nxt = _word(tokens, phrase[k])
        if not (nxt in places() or (definite(nxt) and not listed(nxt, "name_title") and not head_kind(nxt))):
            break
        k += 1
    return k


def _names_someone(tokens: list[Token], phrase: list[int]) -> bool:
    """«مركز الدراسات», «وزارة الصحة»: a title or an institution within the first words (not «عام 2002»)."""
    return any(names_speaker(_word(tokens, k)) for k in phrase[:TITLE_REACH])


def _named_speaker(tokens: list[Token], phrase: list[int], stop: int, end: int, quoted: bool,
                   is_person: Optional[PersonTest], complement: bool) -> Optional[Speaker]:
    """The speaker a phrase names, or None when it names no one («حسب تركيبة الأسر»)."""
    if not phrase or (len(phrase) == 1 and listed(_word(tokens, phrase[0]), "speaker_quantifier")):
        return None  # «أكد أحد ...» cut short
    h = _head_index(tokens, phrase)
    kind = head_kind(_word(tokens, phrase[h]))
    if kind in ("document", "data"):
        issuer = _issuer(tokens, phrase, stop, end)
        if issuer:
            return issuer
        # «الإحصائيات» alone names no one; «النتائج الرسمية», «معطيات رسمية» point to an authority
        return Speaker(tuple(phrase), weak=kind == "data" and len(phrase) == h + 1)
    # «مصطفى الخلفي الوزير ...»: a name, then a definite title (not the genitive of «صافي أرباح شركة»)
    titled = not definite(_word(tokens, phrase[0])) and any(
        names_speaker(w) and definite(w) for w in (_word(tokens, k) for k in phrase[h + 1 : h + TITLE_REACH]))
    if kind in SPEAKER_KINDS or quoted or complement or titled or _is_person(tokens, phrase, is_person):
        return Speaker(tuple(shorten(tokens, phrase)), clitic=_has_clitic(_word(tokens, phrase[0])))
    return None


def _is_person(tokens: list[Token], phrase: list[int], is_person: Optional[PersonTest]) -> bool:
    """Ask the NER only about phrases that could open with a name (not «الحصيلة ...», «إلغاء ...»)."""
    ws = [_word(tokens, k) for k in phrase[:4]]
    if is_person is None or not any(w and not definite(w) and not w.endswith(("ه", "ات")) for w in ws):
        return False
    return bool(is_person(" ".join(tokens[k].text for k in phrase[:3])))


def verb_subject(tokens: list[Token], i: int, end: int, is_person: Optional[PersonTest] = None) -> Optional[Speaker]:
    """The subject named after the reporting verb at i, or None."""
    k = i + 1
    while k < end and listed(_word(tokens, k), "verb_filler"):
        k += 1  # «ذكر ذلك المتحدث الرسمي»
    k = _after_addressee(tokens, k, end)
    phrase, stop, quoted = read_phrase(tokens, k, end)
    extra = _appositive(tokens, stop, end) if phrase else []
    if extra:
        phrase, stop = phrase + extra, extra[-1] + 2
    if phrase and stop < end and tokens[stop].text == "عن" and listed(_word(tokens, i), "relay_verb"):
        quoted_speaker = verb_subject(tokens, stop, end, is_person)
        if quoted_speaker is not None:
            return quoted_speaker  # «نقلت الوكالة عن المدير قوله إن»: the one quoted, not who relays it
    complement = bool(phrase) and complement_follows(tokens, stop, end)
    if quoted and not complement:
        return None  # «يقول "الشعب اختار الرئيس"»: the words said, not who says them
    if phrase and not complement:
        phrase = _cut_at_object(tokens, phrase)
    return _named_speaker(tokens, phrase, stop, end, quoted, is_person, complement)


def frame_source(tokens: list[Token], i: int, end: int, is_person: Optional[PersonTest] = None) -> Optional[Speaker]:
    """The source after «حسب/وفق/نقلا عن/وجاء في», or None («حسب تركيبة الأسر» names no one)."""
    k, relay = i + 1, False
    while k < end and (listed(_word(tokens, k), "frame_filler") or _clitic_filler(_word(tokens, k)) or _reporting_verb(_word(tokens, k))):
        if relay and listed(_word(tokens, k), "verb_filler"):
            return None  # «بحسب ما نقلت عنه الوكالة»: the one quoted was named before, not the agency
        relay = relay or listed(_word(tokens, k), "relay_verb")
        k += 1  # «وفق ما أظهرته بيانات الإدارة», «حسب ما أعلنه المدير»
    phrase, stop, quoted = read_phrase(tokens, k, end)
    if relay and phrase and stop < end and tokens[stop].text == "عن":
        quoted_speaker = verb_subject(tokens, stop, end, is_person)
        if quoted_speaker is not None:
            return quoted_speaker  # «وفق ما نقلت الصحيفة عن مسؤول»: the one quoted
    phrase = _cut_at_object(tokens, phrase)
    speaker = _named_speaker(tokens, phrase, stop, end, quoted, is_person, False)
    if speaker and speaker.tokens[:1] == tuple(phrase[:1]) and _has_clitic(_word(tokens, phrase[0])):
        return Speaker(speaker.tokens, speaker.weak, clitic=True)  # «وفقا لوزارة الصحة»
    return speaker


def _reporting_verb(word: str) -> bool:
    """A reporting verb, also with its object pronoun («أعلنه», «ذكرتها», «نقلته»): after «حسب ما» a verb
    that otherwise needs «أن» («نقل») reports too."""
    stem = word[:-2] if word.endswith("ها") else word[:-1] if word.endswith("ه") else word
    return cue_kind(word) in ("verb", "verb_that") or (len(stem) >= 3 and cue_kind(stem) in ("verb", "verb_that"))


def _has_clitic(word: str) -> bool:
    """«لوزارة», «للبنك», «ومصادر» (not «لجنة», «وزارة»): ل or و glued to a speaker's first word."""
    if word.startswith("لل"):
        return len(word) > 4
    return word[:1] in "لو" and len(word) > 3 and word not in heads() and (
        word[1:] in heads() or strip_article(word[1:]) in heads() or agency_kind(word[1:]) is not None)


def _clitic_filler(word: str) -> bool:
    """«لآخر إحصاءات»: a filler with ل glued to it."""
    return len(word) > 2 and word[0] == "ل" and listed(word[1:], "frame_filler")


def subject_before(tokens: list[Token], i: int, start: int) -> Optional[Speaker]:
    """«أن السيد العلوي أبرز», «وكانت وزارة الداخلية قد أعلنت»: a speaker standing just before its verb."""
    for k in range(i - 1, max(start - 1, i - 4), -1):
        if tokens[k].text in CLAUSE_BREAKS or tokens[k].kind == "num":
            return None
        if names_speaker(_word(tokens, k)):
            first = _noun_phrase_start(tokens, k, start)
            if first is None or (_records(tokens, i) and _after_topic_opener(tokens, first, start)):
                return None  # «أما أسعار مجموعة النقل فقد سجلت»: the prices' own change, no one's report
            k, phrase = first, list(range(first, i))  # «منظمة الصحة العالمية قد قدرت», not «الصحة العالمية»
            while phrase and (listed(_word(tokens, phrase[-1]), "speaker_stop") or listed(_word(tokens, phrase[-1]), "clause_adverb")):
                phrase.pop()
            return Speaker(tuple(phrase), clitic=_has_clitic(_word(tokens, k))) if phrase else None
    return None


def subject_topic(tokens: list[Token], i: int, start: int) -> Optional[Speaker]:
    """«أما مصرف النور فقد أعلن ...», «وبالنسبة لبنك الساحل الوطني، فقد أعلن ...»: a verb with no subject
    of its own after the sentence's fronted topic (words/topic_opener.txt) reports the topic's words; a
    verb of recording does not («أما أسعار مجموعة النقل فقد سجلت انخفاضا»: the topic's own change)."""
    if _records(tokens, i):
        return None
    k = i - 1
    while k > start and (tokens[k].text in CLAUSE_BREAKS or listed(_word(tokens, k), "speaker_stop")
                         or listed(_word(tokens, k), "verb_aux")):
        k -= 1
    opener = next((j for j in range(k, max(start - 1, k - TOPIC_WORDS - 1), -1)
                   if listed(_word(tokens, j), "topic_opener")), None)
    if opener is None or opener >= k or any(tokens[j].text in CLAUSE_BREAKS or tokens[j].kind == "num"
                                            for j in range(opener + 1, k + 1)):
        return None
    first = opener + 1
    word = _word(tokens, first)
    clitic = word[:1] == "ل" and len(word) > 3 and names_speaker(word[1:] if not word.startswith("لل") else "ال" + word[2:])
    if not (names_speaker(word) or clitic):
        return None
    return Speaker(tuple(range(first, k + 1)), clitic=clitic)


def _noun_phrase_start(tokens: list[Token], k: int, start: int) -> Optional[int]:
    """Where the noun phrase of the speaker's word k begins: back over the definite words and speakers'
    heads before it («منظمة الصحة العالمية», «وزارة الدفاع الجزائرية»; SUBJECT_REACH at most); None when
    a measure heads it («أسعار مجموعة النقل»: metric_heads.tsv), whose phrase names what changed."""
    first = k
    while first > start and k - first < SUBJECT_REACH and tokens[first - 1].kind == "word":
        word = _word(tokens, first - 1)
        if strip_article(word) in _metric_heads():
            return None
        if not (names_speaker(word) or definite(word)) or listed(word, "speaker_stop"):
            break
        first -= 1
    return first


def _records(tokens: list[Token], i: int) -> bool:
    word = _word(tokens, i)
    return listed(word, "record_verb") or (word[:1] in "وف" and listed(word[1:], "record_verb"))


def _after_topic_opener(tokens: list[Token], first: int, start: int) -> bool:
    """«أما مجموعة النقل», «وبالنسبة لمجموعة خدمات الصحة»: the phrase is the sentence's fronted topic."""
    return any(listed(_word(tokens, j), "topic_opener") for j in range(max(start, first - 3), first))


@lru_cache(maxsize=1)
def _metric_heads() -> frozenset:
    return frozenset(fold(row["word"]) for row in load_table("metric_heads"))


def subject_opening(tokens: list[Token], i: int, start: int) -> Optional[Speaker]:
    """«وكان رئيس الوزراء، سالم العلي، قال ...»: the subject opening the sentence, before its verb."""
    k = opening(tokens, start, i)
    if k == start or k >= i or not names_speaker(_word(tokens, k)):
        return None
    phrase, stop, _ = read_phrase(tokens, k, i)
    extra = _appositive(tokens, stop, i + 1, verb=i)
    if extra:
        phrase, stop = phrase + extra, extra[-1] + 2
    between = [j for j in range(stop, i) if tokens[j].text not in "،," and not listed(tokens[j].text, "verb_aux")]
    return Speaker(tuple(phrase)) if phrase and not between else None


def opening(tokens: list[Token], start: int, end: int) -> int:
    """Index of the verb opening the sentence, after «وقد/وكانت/كما»."""
    k = start
    while k < end and (tokens[k].kind == "sym" or listed(_word(tokens, k), "verb_aux")):
        k += 1
    return k


def document_opening(tokens: list[Token], start: int, end: int) -> Optional[int]:
    """«وفصل تقرير المركز ...», «ومضى التقرير ...»: any verb whose subject is a document opens a
    report of it; returns the verb's index."""
    k = opening(tokens, start, end)
    if k + 1 >= end or tokens[k].kind != "word" or tokens[k].text in cues():
        return None
    nxt = k + 1 + (1 if listed(_word(tokens, k + 1), "speaker_quantifier") else 0)
    return k if head_kind(_word(tokens, nxt)) == "document" else None


def opening_subject(tokens: list[Token], start: int, end: int, is_person) -> Optional[Speaker]:
    """The subject of the verb opening the sentence («ترأس الوزير اجتماعا، مشيرا إلى ...»)."""
    k = opening(tokens, start, end)
    if k > start and k < end and tokens[k - 1].kind == "word" and names_speaker(_word(tokens, k)):
        return verb_subject(tokens, k - 1, end, is_person)  # «وكانت الوزارة قد أصدرت بيانا، مشيرة إلى»
    if k + 1 >= end or tokens[k].kind != "word" or head_kind(tokens[k].text):
        return None
    if not (names_speaker(_word(tokens, k + 1)) or head_kind(_word(tokens, k + 1)) == "document"):
        return None
    return verb_subject(tokens, k, end, is_person)


@lru_cache(maxsize=1)
def _change_nouns() -> frozenset:
    """«نمو», «ارتفاع», «تراجع»: the verbal nouns of a rise or fall (metric_verbs.tsv)."""
    rows = [r for r in load_table("metric_verbs") if r["kind"] in ("up", "down")]
    return frozenset(fold(w) for r in rows for w in [r["noun"], *r["noun_forms"].split(",")] if w)
