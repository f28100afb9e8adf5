"""The public schema: pydantic models for documents, facts and merged records.

Data flows one way: text -> Document -> Fact (one per mention of a figure) -> Record
(facts of several mentions merged). `factex schema` prints the JSON Schema of each.
"""
from __future__ import annotations

from typing import Literal, Optional

from pydantic import BaseModel, ConfigDict, Field

from .ids import stable_id  # noqa: F401 (schema.stable_id: the ids of documents, facts and records)

Qualifier = Optional[Literal["approx", "gt", "lt"]]
Status = Literal["single", "corroborated", "conflict"]


class DocumentMeta(BaseModel):
    """What is known about an article. Given metadata (sidecar, record) wins over guesses."""

    model_config = ConfigDict(extra="ignore")

    title: Optional[str] = None
    published: Optional[str] = Field(None, description="ISO date of publication (or of the event reported)")
    publisher: Optional[str] = None
    author: Optional[str] = None
    url: Optional[str] = None
    country: Optional[str] = Field(None, description="ISO 3166 alpha-2, used to resolve ريال/دينار/جنيه")


class Document(BaseModel):
    """One input article, as read. Offsets of facts refer to `text`."""

    id: str = Field(description="stable id: hash of the doc name and its text")
    doc: str = Field(description="path relative to the input folder (or the record id)")
    path: Optional[str] = Field(None, description="file the article was read from")
    meta: DocumentMeta = Field(default_factory=DocumentMeta)
    text: str = Field("", description="the text that offsets refer to")
    body_start: int = Field(0, description="start of the article body inside `text` (web chrome before it)")
    body_end: Optional[int] = Field(None, description="end of the article body (None: end of text)")
    encoding: Optional[str] = None
    status: Literal["ok", "error"] = "ok"
    error: Optional[str] = None
    warnings: Optional[list[str]] = Field(None, description="problems that did not stop reading (bad bytes replaced, bad sidecar)")

    @property
    def body(self) -> str:
        return self.text[self.body_start : self.body_end]


class Fact(BaseModel):
    """One mention of a statistic in one article (the gold format of GUIDELINES.md)."""

    model_config = ConfigDict(extra="ignore")

    id: str = Field(description="stable id: doc id + offsets")
    doc: str
    doc_id: Optional[str] = None
    value: float
    value_max: Optional[float] = None
    qualifier: Qualifier = None
    unit: Optional[str] = Field(None, description="ISO 4217 code, '%', or the counted noun (singular indefinite)")
    metric: Optional[str] = None
    date: Optional[str] = Field(None, description="ISO YYYY, YYYY-MM or YYYY-MM-DD")
    period_start: Optional[str] = None
    source: Optional[str] = Field(None, description="who the article attributes the figure to")
    source_label: Optional[str] = Field(None, description="PERS / ORG / DOC (a report, statement) when known")
    publisher: Optional[str] = None
    published: Optional[str] = None
    start: int = Field(description="character offset of the value expression in the document text")
    end: int
    surface: str = Field("", description="text[start:end]")
    sentence: str = ""
    sentence_start: int = 0
    repeats: list[tuple[int, int]] = Field(
        default_factory=list, description="offsets of the same figure in repeated paragraphs of the same article"
    )


class Mention(BaseModel):
    """A fact as it appears inside a record: enough to find it again and to cite it."""

    model_config = ConfigDict(extra="ignore")

    fact_id: str
    doc: str
    value: float
    value_max: Optional[float] = None
    qualifier: Qualifier = None
    unit: Optional[str] = None
    metric: Optional[str] = Field(None, description="the metric phrase as extracted from this article")
    date: Optional[str] = None
    start: int
    end: int
    sentence: str = ""
    publisher: Optional[str] = None
    published: Optional[str] = None
    source: Optional[str] = None
    repeats: list[tuple[int, int]] = Field(default_factory=list, description="other offsets of the same fact in the same article")


class Variant(BaseModel):
    """One of the disagreeing values of a conflict record, with who reports it (its support)."""

    value: float
    value_max: Optional[float] = None
    qualifier: Qualifier = None
    docs: list[str]
    sources: list[str] = Field(default_factory=list)
    publishers: list[str] = Field(default_factory=list)
    published: list[str] = Field(default_factory=list)
    dates: list[str] = Field(default_factory=list, description="the dates the articles give this value for")
    articles: Optional[int] = Field(None, description="how many articles report this value (variants are ordered by it)")
    metrics: list[str] = Field(default_factory=list, description="the wordings of the metric that go with this value")
    first_reported: Optional[str] = Field(None, description="the earliest publication date among its articles")
    last_reported: Optional[str] = Field(None, description="the latest publication date among its articles")
    most_recent: Optional[bool] = Field(None, description="true for the variant reported last (ties: all of them)")
    mentions: list[str] = Field(default_factory=list, description="fact_id of each mention that gives this value")


class Evidence(BaseModel):
    """Why mentions were judged one statistic for one period."""

    shared_terms: list[str] = Field(default_factory=list, description="metric terms (stems) the mentions' wordings share")
    period: Optional[str] = Field(None, description="the period all the dated mentions fall in")
    links: list[str] = Field(default_factory=list, description="how mentions were joined, e.g. 'agreeing figures, "
                             "similar wording', 'the same specific figure', 'the same figure in articles on one story'")


class Record(BaseModel):
    """A statistic as reported by one or more articles."""

    record_id: str = Field(description="stable: depends on the metric key, unit and period only")
    status: Status
    metric: Optional[str] = None
    metric_key: str = ""
    unit: Optional[str] = None
    date: Optional[str] = None
    period_start: Optional[str] = None
    value: float = Field(description="the value of the single or agreed figure; the first variant's in a conflict")
    value_max: Optional[float] = None
    qualifier: Qualifier = None
    variants: list[Variant] = Field(default_factory=list, description="conflict only: each disagreeing value")
    series_id: Optional[str] = Field(None, description="records of the same metric at other dates share it")
    series_index: Optional[int] = Field(None, description="position of this record in its series, in time order (0: earliest)")
    flags: list[str] = Field(default_factory=list, description="e.g. 'cumulative_decrease'")
    articles: Optional[int] = Field(None, description="how many articles report this statistic")
    first_reported: Optional[str] = Field(None, description="the earliest publication date among its articles")
    last_reported: Optional[str] = Field(None, description="the latest publication date among its articles")
    reason: Optional[str] = Field(None, description="why the mentions were judged one statistic for one period, "
                                  "and for a conflict what they disagree on (nothing is chosen for the user)")
    evidence: Optional[Evidence] = None
    mentions: list[Mention]


MODELS = {"document": Document, "fact": Fact, "record": Record}
