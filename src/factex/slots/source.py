"""The source slot: who the article attributes a figure to. The attribution cues of each sentence
(`factex.attribution`) are resolved once per article, with the NER telling named speakers apart;
a figure takes the nearest cue before it in its sentence, else the first after it.
"""
from __future__ import annotations

import bisect
from functools import lru_cache
from typing import Optional

from .. import attribution
from ..context import Context

_NAMED: dict[str, bool] = {}  # phrase -> does the NER see a PERS/ORG in it (phrases repeat a lot)


def article_cues(ctx: Context) -> list[list[attribution.Cue]]:
    """The cues of every sentence, speakers resolved or carried over."""
    return attribution.find_cues(ctx.tokens, ctx.sentences, _person_detector(ctx))


def source_span(figure_token: int, sentence_cues: list[attribution.Cue]) -> Optional[tuple[int, int]]:
    return attribution.source_of(figure_token, sentence_cues)


def source_text(ctx: Context, span: Optional[tuple[int, int]]) -> Optional[str]:
    if not span:
        return None
    first = bisect.bisect_left(ctx.starts, span[0])
    last = bisect.bisect_left(ctx.starts, span[1]) - 1
    return ctx.words(first, last) or None


@lru_cache(maxsize=1)
def _ner():
    try:
        from .. import ner

        return ner
    except Exception:  # the NER model is optional for extraction
        return None


def _person_detector(ctx: Context):
    """A cached PERS/ORG test for speaker phrases. The phrases the article will ask about are
    collected in a dry run first and tagged in one batch (`nlp.pipe`)."""
    module = _ner()
    if module is None or not hasattr(module, "labels_of"):
        return None
    asked: list[str] = []
    attribution.find_cues(ctx.tokens, ctx.sentences, lambda text: asked.append(text) or False)
    fresh = list(dict.fromkeys(t for t in asked if t not in _NAMED))
    if fresh:
        try:
            labels = module.labels_of(fresh)
        except Exception:  # no model: speakers come from the tables alone
            labels = [None] * len(fresh)
        if len(_NAMED) > 100_000:
            _NAMED.clear()
        _NAMED.update((t, label in ("PERS", "ORG")) for t, label in zip(fresh, labels))
    return lambda text: _NAMED.get(text, False)


@lru_cache(maxsize=8192)
def label(source: Optional[str]) -> Optional[str]:
    """PERS / ORG of a source phrase, when the NER knows."""
    if not source:
        return None
    module = _ner()
    if module is None or not hasattr(module, "label_of"):
        return None
    try:
        return module.label_of(source)
    except Exception:
        return None
