"""Who the article attributes a figure to: reporting verbs («أوضح», «كشف», «أفاد» ...), frames
(«حسب», «وفق», «نقلا عن», «وجاء في» ...) and participles that carry the same speaker on («موضحة أن»),
found in every sentence with their speaker phrase (`factex.slots.speaker`).

A verb with no subject («وأوضح أن ...») continues the last speaker; a participle the subject of the
verb opening its sentence («ترأس الوزير اجتماعا، مشيرا إلى ...»); «المصدر ذاته» is the last source
named. Any verb whose subject is a document opens a report of it («وفصّل تقرير المركز ...»).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from .lexicon import words
from .numbers import Token
from .numbers import word_at as _word
from .reporting import cue_table, cues, listed  # noqa: F401  (cues: the cue words, for the other slots)
from .slots.speaker import (OPENING_QUOTES, PersonTest, Speaker, complement_follows, document_opening,
                            frame_source, opening, opening_subject, read_phrase, subject_before,
                            subject_opening, subject_topic, verb_subject)


@dataclass
class Cue:
    token: int
    kind: str  # verb | participle | frame
    speaker: Optional[Speaker]  # after carrying
    named: bool = False  # the speaker is named at the cue, not carried from an earlier one


def find_cues(tokens: list[Token], sentences: list[tuple[int, int]], is_person: Optional[PersonTest] = None) -> list[list[Cue]]:
    """Cues of each sentence (token ranges), with every speaker resolved or carried over."""
    last_verb: Optional[Speaker] = None  # a verb without subject continues it
    last_any: Optional[Speaker] = None  # «المصدر ذاته» points to it
    result: list[list[Cue]] = []
    table = cue_table()
    for start, end in sentences:
        found: list[Cue] = []
        document_verb = document_opening(tokens, start, end)
        for i in range(start, end):
            kind = table.get(tokens[i].text) if i != document_verb else "verb"
            if kind is None or tokens[i].kind != "word":
                continue
            if i > start and listed(_word(tokens, i - 1), "cue_negation"):
                continue  # «طلب عدم ذكر اسمه»
            if kind in ("verb", "verb_that") and i > start and listed(_word(tokens, i - 1), "relative"):
                continue  # «درجة الحرارة التي سجلت ...»: a relative clause reports nothing
            if kind == "verb_that":
                if not _verb_that_applies(tokens, i, start, end):
                    continue
                kind = "verb"
            if kind == "participle" and not _participle_applies(tokens, i, end):
                continue
            speaker = None
            if kind == "frame":
                speaker = frame_source(tokens, i, end, is_person)
                if speaker is None:
                    continue  # «حسب تركيبة الأسر»: «according to» something that says nothing
            elif kind == "verb":
                speaker = (verb_subject(tokens, i, end, is_person) or subject_opening(tokens, i, start)
                           or subject_before(tokens, i, start) or subject_topic(tokens, i, start))
            named = speaker is not None
            if speaker is not None and _same_source(tokens, speaker):
                speaker = last_any or speaker
            if speaker is None:
                speaker = _carried(tokens, found, start, end, kind, last_verb, is_person)
            elif not speaker.weak:
                last_any = speaker
                if kind != "frame":
                    last_verb = speaker
            found.append(Cue(i, kind, speaker, named))
        result.append(found)
    return result


def _carried(tokens: list[Token], found: list[Cue], start: int, end: int, kind: str,
             last_verb: Optional[Speaker], is_person: Optional[PersonTest]) -> Optional[Speaker]:
    """The speaker of a cue without subject: a speaker named earlier in the sentence, else (for a
    participle) the subject of the verb opening the sentence, else the last speaker."""
    speaking = [c for c in found if c.speaker and c.kind != "frame" and not c.speaker.weak]
    named = [c.speaker for c in speaking if c.named]
    if named:
        return named[-1]
    if kind == "participle":
        subject = opening_subject(tokens, start, end, is_person)
        if subject:
            return subject
    return speaking[-1].speaker if speaking else last_verb


def _verb_that_applies(tokens: list[Token], i: int, start: int, end: int) -> bool:
    """«وبين أن», «وبين المتحدث أن», «نقلت الوكالة عن مصادر أن» — not «بين الحكومة والنقابات، على أنه»."""
    if i + 1 < end and listed(tokens[i + 1].text, "complementizer"):
        return True
    opens = tokens[i].text[:1] in "وف" or i == opening(tokens, start, end)
    return opens and complement_follows(tokens, read_phrase(tokens, i + 1, end)[1], end)


def _participle_applies(tokens: list[Token], i: int, end: int) -> bool:
    """«مشيرا إلى», «مؤكدا أن», «قائلا:» — not «حالة مؤكدة بكورونا»."""
    if i + 1 >= end:
        return False
    nxt = tokens[i + 1].text
    return nxt == ":" or nxt in OPENING_QUOTES or listed(nxt, "complementizer") or listed(nxt, "participle_next")


def _same_source(tokens: list[Token], speaker: Speaker) -> bool:
    """«أوضح المصدر ذاته»: the source named before."""
    return len(speaker.tokens) >= 2 and _word(tokens, speaker.tokens[1]) in words("same_source")
