"""Merging: repeated paragraphs inside an article, and the same statistic across articles.

- collapse_repeats(facts) -> list[Fact]: one fact per figure per article (repeats)
- merge(facts) -> list[Record]: records with status single / corroborated / conflict
- merge_file(facts_path, output_path, workers=...) -> dict: the same from a JSONL file (partitioned)

Modules, in the order data flows: terms (metric phrases to terms), compare (figures, dates, counted
nouns), items (a fact as the merge sees it), similar (same statistic? the edges), cluster (blocking,
union-find, stories, undated mentions), records (status, variants, evidence), series, partitioned
(merge_file: one unit family at a time, in worker processes). README: "Records, statuses and conflicts".
"""
from .compare import date_relation, values_agree
from .partitioned import merge, merge_file
from .repeats import collapse_repeats
from .terms import metric_key

__all__ = ["collapse_repeats", "date_relation", "merge", "merge_file", "metric_key", "values_agree"]
