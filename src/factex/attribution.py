"""Who the article attributes a figure to: reporting verbs («أوضح», «كشف», «أفاد» ...), frames
(«حسب», «وفق», «نقلا عن» ...) and participles that carry the same speaker on («موضحة أن»).
A verb with no named subject («وأوضح أن ...») continues the last speaker of the article.

Works on the folded text and tokens of `factex.numbers`; speaker spans are folded offsets.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

from .lexicon import load_table, words
from .normalize import fold, strip_article
from .numbers import Token
from .numbers import word_at as _word

MAX_SPEAKER_WORDS = 7
CLAUSE_BREAKS = frozenset("،,.:;؛!?؟")


@lru_cache(maxsize=None)
def cues() -> dict[str, str]:
    table = {}
    for row in load_table("reporting"):
        cue = fold(row["cue"])
        forms = {cue}
        if row["kind"] == "verb" and not cue.endswith("ت") and not cue.startswith(("ي", "ت")):
            forms.add(cue + "ت")
        for form in list(forms):
            forms |= {"و" + form, "ف" + form}
        for form in forms:
            table[form] = row["kind"]
    return table


@lru_cache(maxsize=None)
def speaker_heads() -> frozenset[str]:
    return frozenset(fold(r["word"]) for r in load_table("speakers"))


@dataclass
class Cue:
    token: int
    kind: str  # verb | participle | frame
    speaker: Optional[tuple[int, int]]  # folded span of the source phrase, after carrying


def _speaker_like(word: str) -> bool:
    heads = speaker_heads()
    return word in heads or (word[:1] in "ول" and word[1:] in heads) or strip_article(word) in heads


def _phrase_after(tokens: list[Token], i: int, end: int, frame: bool) -> list[int]:
    """Token indices of the noun phrase after a cue (empty: no named subject)."""
    k = i + 1
    if frame:
        while k < end and _word(tokens, k) in words("frame_filler"):
            k += 1
    taken: list[int] = []
    while k < end and len(taken) < MAX_SPEAKER_WORDS:
        tok = tokens[k]
        if tok.text in ("في", "ب") and taken and _speaker_like(_word(tokens, k + 1)):
            taken.append(k)  # «مسؤول في وزارة المالية»
            k += 1
            continue
        if tok.kind == "num" or tok.text in CLAUSE_BREAKS or tok.text in words("speaker_stop"):
            break
        if tok.kind == "word" and (tok.text in cues() or (taken and tok.text in words("metric_stops"))):
            break
        if len(taken) == 1 and _definite(_word(tokens, taken[0])) and not _definite(tok.text) and tok.text[:1] not in "لب" and tok.text not in words("same_source"):
            break  # «أكدت الوزارة شفاء 578 حالة»: a definite head takes no indefinite word after it
        taken.append(k)
        k += 1
    while taken and tokens[taken[-1]].kind == "sym":
        taken.pop()
    return taken




def _same_source(tokens: list[Token], phrase: list[int]) -> bool:
    """«أوضح المصدر ذاته»: the source named before."""
    return len(phrase) >= 2 and _word(tokens, phrase[1]) in words("same_source")


def _definite(word: str) -> bool:
    return word.startswith(("ال", "وال", "فال"))


def _subject_before(tokens: list[Token], i: int, start: int) -> list[int]:
    """«أن السيد أخنوش أبرز»: a speaker standing just before its verb."""
    for k in range(i - 1, max(start - 1, i - 4), -1):
        if tokens[k].text in CLAUSE_BREAKS or tokens[k].kind == "num":
            return []
        if _speaker_like(_word(tokens, k)):
            phrase = list(range(k, i))
            while phrase and _word(tokens, phrase[-1]) in words("speaker_stop"):
                phrase.pop()  # «وكانت وزارة الداخلية قد أعلنت»
            return phrase
    return []


def find_cues(tokens: list[Token], sentences: list[tuple[int, int]], is_person=None) -> list[list[Cue]]:
    """Cues of each sentence (token ranges), with every speaker resolved or carried over."""
    last_speaker: Optional[tuple[int, int]] = None
    result: list[list[Cue]] = []
    for start, end in sentences:
        found: list[Cue] = []
        for i in range(start, end):
            kind = cues().get(_word(tokens, i))
            if kind is None:
                continue
            speaker = None
            if kind != "participle":
                phrase = _phrase_after(tokens, i, end, frame=kind == "frame")
                named = phrase and (_speaker_like(_word(tokens, phrase[0])) or _is_person(tokens, phrase, is_person))
                if not named and kind == "frame":
                    continue  # «حسب تركيبة الأسر»: «according to» something that says nothing
                if not named:
                    phrase = _subject_before(tokens, i, start)
                    named = bool(phrase)
                if named and not _same_source(tokens, phrase):
                    speaker = (tokens[phrase[0]].start, tokens[phrase[-1]].end)
            if speaker is None:
                previous = [c.speaker for c in found if c.speaker and c.kind != "frame"]
                speaker = previous[-1] if previous else last_speaker
            elif kind != "frame":
                last_speaker = speaker
            found.append(Cue(i, kind, speaker))
        result.append(found)
    return result


def _is_person(tokens, phrase, is_person) -> bool:
    """Ask the NER only about phrases that could open with a name (not «الحصيلة ...», «إلغاء ...»)."""
    words = [_word(tokens, k) for k in phrase[:4]]
    if is_person is None or not any(w and not _definite(w) and not w.endswith(("ه", "ات")) for w in words):
        return False
    text = " ".join(tokens[k].text for k in phrase[:3])
    return bool(is_person(text))


def source_of(figure_token: int, sentence_cues: list[Cue]) -> Optional[tuple[int, int]]:
    """The nearest cue before the figure in its sentence, else the first after it."""
    before = [c for c in sentence_cues if c.token < figure_token and c.speaker]
    if before:
        return before[-1].speaker
    after = [c for c in sentence_cues if c.token > figure_token and c.speaker]
    return after[0].speaker if after else None
