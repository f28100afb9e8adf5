"""The source slot: who the article attributes a figure to.

The attribution cues of every sentence (`factex.attribution`) are resolved once per article, with
the NER telling named speakers apart (batched: one `nlp.pipe` call per article). Each figure then
chooses (`slots.ranking`, weights under "source" in models/slots.json) among:

- the nearest cue before it in its sentence, else the first after it (`cue_before`, `cue_after`);
  statistics that name no publisher («أظهرت الإحصائيات») are `weak`;
- the speaker of the quotation it stands in («قال الوزير: "... 5 ... . ... 7 ..."», `quote`);
- the source carried from the earlier sentences (`carried`): a report or an official goes on
  speaking in the sentences that follow without a new verb;
- the article's first source, named in its first sentences, for figures of the lead before it (`first`);
- the agency of the dateline («عمّان 3-5-2016 (بترا) -», `agency`);
- nobody (`none`).
"""
from __future__ import annotations

import bisect
import itertools
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Optional

from .. import attribution
from ..attribution import Cue, Speaker
from ..context import Context
from .. import lexicon
from ..dateline import agency_kind, find_dateline
from ..normalize import fold
from ..reporting import label_of_head
from . import metric_scope as scope_
from . import ranking

_NAMED: dict[str, bool] = {}  # phrase -> does the NER see a PERS/ORG in it (phrases repeat a lot)
QUOTE_MIN_WORDS = 4  # shorter quotes are names or terms («قناة "إن تي في"»), not someone's words
QUOTE_CUE_REACH = 14  # tokens from a reporting cue to the quotation it opens
QUOTE_CUE_AFTER = 4  # tokens from a closing quote to «قال الوزير»
LEAD_SENTENCES = 4  # the article's first source speaks for the lead when named in its first sentences
LEAD_FRAME_TOKENS = 3  # ... by a verb, or by a frame («حسب») within this many tokens of its sentence's start

# The rules' weights (models/slots.json holds the same under "source": {"rules": ...}).
DEFAULT_WEIGHTS = {"quote": 11.0, "cue_before": 10.0, "cue_after": 8.0, "weak": -7.0, "carried": 5.0,
                   "first": 2.5, "agency": 2.0, "none": 0.0}


@dataclass
class SentenceSources:
    """What the figures of one sentence may be attributed to."""

    cues: list[Cue]
    carried: Optional[Speaker] = None  # the last source named in the earlier sentences
    carried_paragraphs: int = 0  # how many paragraphs back it was named
    first: Optional[tuple[int, Speaker]] = None  # the article's first source and where it is named
    agency: Optional[Speaker] = None  # the dateline's agency
    quotes: list[tuple[int, int, Speaker]] = field(default_factory=list)  # (open, close, speaker)


def article_cues(ctx: Context, cue_lists: list[list[Cue]]) -> list[SentenceSources]:
    """The candidate sources of every sentence of the article, from its cues (`find_cues(ctx).lists`)."""
    quotes = _quotations(ctx, cue_lists)
    agency = _dateline_agency(ctx)
    first = next(((c.token, c.speaker) for cues, (start, _end) in zip(cue_lists[:LEAD_SENTENCES], ctx.sentences)
                  for c in cues if c.named and c.speaker and not c.speaker.weak and not _trailing_frame(ctx, c, start)), None)
    result: list[SentenceSources] = []
    carried: Optional[Speaker] = None
    carried_paragraph = 0
    q = 0
    for index, cues in enumerate(cue_lists):
        start, end = ctx.sentences[index]
        while q < len(quotes) and quotes[q][1] < start:
            q += 1
        here = list(itertools.takewhile(lambda quote: quote[0] < end, itertools.islice(quotes, q, None)))
        paragraph = ctx.paragraphs[index]
        result.append(SentenceSources(cues, carried, paragraph - carried_paragraph, first, agency, here))
        for cue in cues:
            if cue.named and cue.speaker and not cue.speaker.weak:
                carried, carried_paragraph = cue.speaker, paragraph
    return result


def _trailing_frame(ctx: Context, cue: Cue, sentence_start: int) -> bool:
    """«... 13.2 في المائة، وفقا لإحصاءات المنظمة»: a «حسب/وفق» late in its sentence attributes that
    sentence's figures, not the lead's; one that opens its sentence («وجاء في البيان») may, and so may
    a news agency or outlet that carries the story («حسب رويترز», «بحسب موقع ...»)."""
    if cue.kind != "frame" or cue.token - sentence_start <= LEAD_FRAME_TOKENS:
        return False
    said = [fold(ctx.word(k)) for k in cue.speaker.tokens]
    return not any(w in _media_heads() or agency_kind(w) or agency_kind(w[1:]) for w in said)


@lru_cache(maxsize=1)
def _media_heads() -> frozenset:
    return frozenset(fold(w) for w in lexicon.words("media"))


def source_span(figure_token: int, sources: SentenceSources) -> Optional[Speaker]:
    """The chosen source of the figure at `figure_token`."""
    chosen = ranking.choose("source", candidates(figure_token, sources), key=figure_token)
    return chosen.value if chosen else None


def candidates(figure_token: int, sources: SentenceSources) -> list[ranking.Candidate]:
    found: list[ranking.Candidate] = []
    quote = next((s for a, b, s in sources.quotes if a < figure_token < b), None)
    if quote:
        found.append(ranking.Candidate(quote, {"quote": 1.0}, "quote"))
    before = [c for c in sources.cues if c.token < figure_token and c.speaker]
    after = [c for c in sources.cues if c.token > figure_token and c.speaker]
    if before:
        found.append(_cue_candidate(_nearest(before), "cue_before"))
    if after:
        found.append(_cue_candidate(after[0], "cue_after"))
    if sources.carried:
        found.append(ranking.Candidate(sources.carried, {"carried": 1.0, "paragraphs_back": float(sources.carried_paragraphs)}, "carried"))
    if sources.first and sources.first[0] > figure_token:
        found.append(ranking.Candidate(sources.first[1], {"first": 1.0}, "first"))
    if sources.agency:
        found.append(ranking.Candidate(sources.agency, {"agency": 1.0}, "agency"))
    found.append(ranking.Candidate(None, {"none": 1.0}, "none"))
    if not ranking.weights("source"):  # no weights file: the rules' order, the first one wins
        found.sort(key=lambda c: -sum(DEFAULT_WEIGHTS.get(k, 0.0) * v for k, v in c.features.items()))
    return found


def _nearest(before: list[Cue]) -> Cue:
    """The nearest cue before the figure, passing over weak ones when a stronger one is in the sentence."""
    strong = [c for c in before if not c.speaker.weak]
    return strong[-1] if strong else before[-1]


def _cue_candidate(cue: Cue, name: str) -> ranking.Candidate:
    features = {name: 1.0}
    if cue.speaker.weak:
        features["weak"] = 1.0
    return ranking.Candidate(cue.speaker, features, f"{name}:{cue.kind}")


def source_text(ctx: Context, speaker: Optional[Speaker]) -> Optional[str]:
    """The source as written: the speaker's words, without the ل of «لوزارة الصحة»."""
    if not speaker or not speaker.tokens:
        return None
    said = list(speaker.tokens)
    while len(said) > 1 and ctx.word(said[-1]) in lexicon.words("phrase_preposition"):
        said.pop()  # «مسؤول كبير في [بنك ...]»: a name cut after its preposition
    runs: list[list[int]] = []
    for k in said:
        if runs and k == runs[-1][-1] + 1:
            runs[-1].append(k)
        elif runs and all(ctx.tokens[j].kind == "sym" for j in range(runs[-1][-1] + 1, k)):
            runs[-1].extend(range(runs[-1][-1] + 1, k + 1))  # «"إن تي في"»: quotes inside the phrase
        else:
            runs.append([k])
    text = " ".join(ctx.words(run[0], run[-1]) for run in runs)
    if speaker.clitic:
        text = _drop_clitic(text)
    if len(speaker.tokens) == 1:  # «وأعلنت الوزارة»: the ministry the article named before
        k = speaker.tokens[0]
        following = ctx.tokens[k + 1].text if k + 1 < len(ctx.tokens) else ""
        text = scope_.entity_named_before(ctx, ctx.tokens[k].text, following, k) or text
    return " ".join(w for w in text.replace("،", " ").split() if w not in ("-", "–", "/")) or None


def _drop_clitic(text: str) -> str:
    """«للبنك المركزي» -> «البنك المركزي», «لوزارة» -> «وزارة», «ومصادر» -> «مصادر» (the spelling kept);
    «لليلى منصور» -> «ليلى منصور»: a name that begins with ل (no head the tables know, no definite word
    after it) keeps its letter."""
    if text.startswith("لل"):
        words = text.split()
        definite = "ال" + text[2:]
        if len(words) >= 2 and label_of_head(fold(definite.split()[0])) is None and \
                not any(fold(w).startswith("ال") for w in words[1:]):
            return text[1:]
        return definite
    return text[1:] if text[:1] in ("ل", "و") else text


def _quotations(ctx: Context, cue_lists: list[list[Cue]]) -> list[tuple[int, int, Speaker]]:
    """Quotations (token spans of «...» or "...") with the speaker whose words they are."""
    spans: list[tuple[int, int]] = []
    opened, closer = None, ""
    for index, (start, end) in enumerate(ctx.sentences):
        if index and ctx.paragraphs[index] != ctx.paragraphs[index - 1]:
            opened = None  # a quotation never runs past its paragraph
        for k in range(start, end):
            tok = ctx.tokens[k]
            if tok.kind != "sym":
                continue
            if opened is None and tok.text in attribution.OPENING_QUOTES:
                opened, closer = k, attribution.OPENING_QUOTES[tok.text]
            elif opened is not None and tok.text == closer:
                if sum(1 for j in range(opened + 1, k) if ctx.tokens[j].kind == "word") >= QUOTE_MIN_WORDS:
                    spans.append((opened, k))
                opened = None
    if not spans:
        return []
    speaking = [c for cues in cue_lists for c in cues if c.kind != "frame" and c.speaker]
    tokens_at = [c.token for c in speaking]
    quotes = []
    for a, b in spans:
        i = bisect.bisect_left(tokens_at, a) - 1
        speaker = speaking[i].speaker if i >= 0 and a - tokens_at[i] <= QUOTE_CUE_REACH else None
        if speaker is None:
            j = bisect.bisect_right(tokens_at, b)
            if j < len(speaking) and tokens_at[j] - b <= QUOTE_CUE_AFTER:
                speaker = speaking[j].speaker
        if speaker is not None:
            quotes.append((a, b, speaker))
    return quotes


def _dateline_agency(ctx: Context) -> Optional[Speaker]:
    found = find_dateline(ctx.norm.text)
    if not found or not found.agency_span:
        return None
    a, b = found.agency_span
    first = ctx.token_at(a)
    taken = tuple(k for k in range(first, len(ctx.tokens)) if ctx.tokens[k].start < b and ctx.tokens[k].kind == "word")
    return Speaker(taken) if taken else None


@lru_cache(maxsize=1)
def _ner():
    try:
        from .. import ner

        return ner
    except Exception:  # the NER model is optional for extraction
        return None


@dataclass
class CuePass:
    """The source cues of an article (`lists`, one per sentence), the speaker phrases it asked the NER
    about (`asked`), those the NER had not seen yet (`fresh`), and those it names (`named`, once resolved)."""

    lists: list[list[Cue]]
    asked: list[str]
    fresh: list[str]
    named: frozenset = frozenset()


def find_cues(ctx: Context) -> CuePass:
    """The cues of the article, with a PERS/ORG test for speaker phrases the tables do not know: a first
    pass, the phrases it asked about and the NER has not seen tagged in one batch, the cues read again
    only when the NER names one of them."""
    found = first_cue_pass(ctx)
    name_phrases(found.fresh)
    return resolved_cues(ctx, found)


def first_cue_pass(ctx: Context) -> CuePass:
    """The article's cues with the speakers the NER has already told about; then `name_phrases(fresh)`
    (for many articles at once, best) and `resolved_cues`."""
    module = _ner()
    if module is None or not hasattr(module, "labels_of"):
        return CuePass(attribution.find_cues(ctx.tokens, ctx.sentences, None), [], [])
    asked: list[str] = []

    def known(text: str) -> bool:
        asked.append(text)
        return bool(_NAMED.get(text))

    lists = attribution.find_cues(ctx.tokens, ctx.sentences, known)
    asked = list(dict.fromkeys(asked))
    return CuePass(lists, asked, [t for t in asked if t not in _NAMED])


def name_phrases(phrases: list[str]) -> None:
    """Does each phrase name a person or an organisation? The NER tags those it has not seen in one
    batch: its cost is mostly per call, so the phrases of many articles are best asked at once."""
    fresh = [t for t in dict.fromkeys(phrases) if t not in _NAMED]
    module = _ner()
    if not fresh or module is None or not hasattr(module, "labels_of"):
        return
    try:
        labels = module.labels_of(fresh)
    except Exception:  # no model: speakers come from the tables alone
        labels = [None] * len(fresh)
    if len(_NAMED) + len(fresh) > 100_000:
        _NAMED.clear()
    _NAMED.update((t, label in ("PERS", "ORG")) for t, label in zip(fresh, labels))


def resolved_cues(ctx: Context, found: CuePass) -> CuePass:
    """The first pass's cues, read again when the NER named one of the phrases that pass did not know."""
    name_phrases([t for t in found.asked if t not in _NAMED])  # (the bounded cache may have dropped some since)
    named = frozenset(t for t in found.asked if _NAMED.get(t))
    if not any(t in named for t in found.fresh):
        return CuePass(found.lists, found.asked, found.fresh, named)
    return CuePass(attribution.find_cues(ctx.tokens, ctx.sentences, lambda text: _NAMED.get(text, False)),
                   found.asked, found.fresh, named)


_NER_LABELS: dict[str, Optional[str]] = {}  # source phrase -> the NER's label (phrases repeat a lot)


def labels(sources: list[Optional[str]], named: frozenset = frozenset()) -> list[Optional[str]]:
    """`label` of many source phrases: from the tables, else from the NER (in one batch) for those whose
    first words the article's cue pass found a name in (`named`, CuePass.named): others have no PERS/ORG
    to find. A label depends on the article alone, never on the articles read before it."""
    keys = {s: " ".join(fold(s).split()[:3]) for s in dict.fromkeys(sources) if s and _table_label(s) is None}
    keys = {s: k for s, k in keys.items() if k in named}
    ask = [s for s in keys if s not in _NER_LABELS]
    module = _ner()
    if ask and module is not None and hasattr(module, "labels_of"):
        try:
            found = module.labels_of(ask)
        except Exception:  # no model: labels come from the tables alone
            found = [None] * len(ask)
        if len(_NER_LABELS) > 100_000:
            _NER_LABELS.clear()
        _NER_LABELS.update(zip(ask, found))
    return [None if not s else _table_label(s) or (_NER_LABELS.get(s) if s in keys else None) for s in sources]


@lru_cache(maxsize=50_000)
def _table_label(source: str) -> Optional[str]:
    return _label_from_tables(source)


def _label_from_tables(source: str) -> Optional[str]:
    words = fold(source).split()
    if len(words) > 1 and words[0] in lexicon.words("speaker_quantifier"):
        words = words[1:]  # «أحد الشهود»
    return label_of_head(words[0]) if words else None


@lru_cache(maxsize=8192)
def label(source: Optional[str]) -> Optional[str]:
    """PERS / ORG / DOC of a source phrase: from its head word when the tables know it
    («الوزير ...» PERS, «وزارة ...» ORG, «التقرير» DOC), else from the NER."""
    if not source:
        return None
    known = _label_from_tables(source)
    if known:
        return known
    module = _ner()
    if module is None or not hasattr(module, "label_of"):
        return None
    try:
        return module.label_of(source)
    except Exception:
        return None
