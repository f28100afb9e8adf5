"""Choosing a slot's value among candidates by a linear score.

A slot module generates candidates (every date of the article with its role, every speaker...),
each with a few named features (0/1 or small numbers: «same clause», «before the figure»,
«distance in sentences»...). The candidate with the highest score Σ weight·feature wins; a
candidate `None` (the slot stays empty) competes like any other.

Weights per slot come from `models/slots.json`: `rules` (set by hand, what the rules say) and
`learned` (fitted on the development answers by `scripts/train_slots.py`, cross-validated by
story group); `use` names the one that scored better under that cross-validation, and
`FACTEX_SLOT_WEIGHTS=rules|learned` overrides it. A tracer, when set, sees every
choice: that is how the training script collects candidates with their features.
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Callable, Optional

from ..resources import models_dir



@dataclass
class Candidate:
    value: Any  # what the slot takes when this candidate wins (None: the slot stays empty)
    features: dict[str, float] = field(default_factory=dict)
    label: str = ""  # a short description, for tracing and explanations
    mention: Any = None  # what the candidate was made from (a date mention, a cue...)


Tracer = Callable[[str, Any, list[Candidate], Optional[Candidate]], None]
_tracer: Optional[Tracer] = None


def set_tracer(tracer: Optional[Tracer]) -> None:
    """Call tracer(slot, key, candidates, chosen) on every choice (None: stop)."""
    global _tracer
    _tracer = tracer


@lru_cache(maxsize=None)
def _model() -> dict:
    path = models_dir() / "slots.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


def weights(slot: str) -> dict[str, float]:
    """The slot's weights: those its entry says to `use` (the better of rules and learned under
    cross-validation), unless FACTEX_SLOT_WEIGHTS=rules|learned asks for the other."""
    entry = _model().get(slot, {})
    kind = os.environ.get("FACTEX_SLOT_WEIGHTS") or entry.get("use", "rules")
    chosen = entry.get(kind) or entry.get("rules") or {}
    return chosen.get("weights", chosen)


def score(slot: str, candidate: Candidate) -> float:
    w = weights(slot)
    return sum(w.get(name, 0.0) * value for name, value in candidate.features.items())


def choose(slot: str, candidates: list[Candidate], key: Any = None) -> Optional[Candidate]:
    """The best candidate (the first of equals), or None when there is none."""
    best, best_score = None, float("-inf")
    for candidate in candidates:
        s = score(slot, candidate)
        if s > best_score:
            best, best_score = candidate, s
    if _tracer is not None:
        _tracer(slot, key, candidates, best)
    return best
