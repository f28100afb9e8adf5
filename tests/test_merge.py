"""Merging: repeated paragraphs, the same statistic across articles, statuses, series, provenance, scale.

The merge cases are data: tests/corpus/merge_cases.json (one case a rule, sentences written for it),
including the cases where a conflict must not be raised (a series, a change «من ... إلى», a sub-total,
another place, a change against a level).
"""
from __future__ import annotations

import importlib.util
import json
import os
import random
import time
from pathlib import Path

import numpy as np
import pytest

from factex.merge import collapse_repeats, date_relation, merge, merge_file, metric_key, values_agree
from factex.schema import Fact, Record

HERE = Path(__file__).parent
ROOT = HERE.parent
SHARED = ROOT.parent / "shared"
CASES = json.loads((HERE / "corpus" / "merge_cases.json").read_text(encoding="utf-8"))["cases"]


def build_facts(case: dict, prefix: str = "") -> tuple[list[Fact], dict[str, str]]:
    """Facts of a case, with offsets found in their sentences; -> (facts, key 'doc#n' -> fact id)."""
    facts, keys = [], {}
    offsets: dict[str, dict[str, int]] = {}
    counts: dict[str, int] = {}
    for raw in case["facts"]:
        doc = prefix + raw["doc"]
        sentences = offsets.setdefault(doc, {})
        if raw["sentence"] not in sentences:
            sentences[raw["sentence"]] = sum(len(s) + 1 for s in sentences)
        base = sentences[raw["sentence"]]
        start = base + raw["sentence"].index(raw["surface"])
        n = counts[doc] = counts.get(doc, -1) + 1
        fields = {k: v for k, v in raw.items() if k not in ("doc", "surface")}
        fact = Fact(id=f"{doc}:{start}", doc=doc, start=start, end=start + len(raw["surface"]), surface=raw["surface"],
                    sentence_start=base, **fields)
        facts.append(fact)
        keys[f"{raw['doc']}#{n}"] = fact.id
    return facts, keys


def record_of(records: list[Record]) -> dict[str, int]:
    return {m.fact_id: k for k, r in enumerate(records) for m in r.mentions}


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_merge_cases(case):
    facts, keys = build_facts(case)
    records = merge(facts)
    where = record_of(records)
    assert sorted(where) == sorted(f.id for f in facts), "every fact is in exactly one record"
    series: dict[str, list[Record]] = {}
    for want in case["records"]:
        ids = [keys[k] for k in want["facts"]]
        got = {where[i] for i in ids}
        assert len(got) == 1, f"{want['facts']} should be one record, got {len(got)}"
        record = records[got.pop()]
        assert sorted(m.fact_id for m in record.mentions) == sorted(ids), "and nothing else in it"
        assert record.status == want["status"]
        for flag in want.get("flags", []):
            assert flag in record.flags
        if "value" in want:
            assert record.value == pytest.approx(want["value"])
        if "date" in want:
            assert record.date == want["date"]
        if "unit" in want:
            assert record.unit == want["unit"]
        if "variants" in want:
            assert sorted(v.value for v in record.variants) == pytest.approx(sorted(want["variants"]))
        if record.status != "single":
            assert record.reason and record.evidence, "a merged record says why its mentions are one statistic"
        if "series" in want:
            series.setdefault(want["series"], []).append(record)
    for members in series.values():
        assert members[0].series_id and {r.series_id for r in members} == {members[0].series_id}
        assert [r.series_index for r in members] == sorted(r.series_index for r in members)


def test_conflict_lists_each_variant_with_its_provenance():
    case = next(c for c in CASES if c["name"].startswith("outlets disagree"))
    facts, _ = build_facts(case)
    (record,) = merge(facts)
    assert record.status == "conflict" and record.articles == 3
    first, second = record.variants  # ordered by support: 14 (two articles) before 9 (one)
    assert (first.value, first.articles, second.value, second.articles) == (14, 2, 9, 1)
    assert first.docs == ["agency.txt", "local.txt"] and first.publishers == ["موقع المدينة", "وكالة الأنباء"]
    assert first.sources == ["مصادر محلية", "وكالة الأنباء"] and second.sources == ["الدفاع المدني"]
    assert (first.first_reported, first.last_reported, second.last_reported) == ("2022-05-03", "2022-05-03", "2022-05-02")
    assert first.most_recent and not second.most_recent, "which variant was reported last"
    assert set(first.metrics) == {"عدد ضحايا انهيار عمارة حي النخيل", "عدد قتلى انهيار عمارة حي النخيل"}
    assert len(first.mentions) == 2 and len(second.mentions) == 1
    assert record.evidence.period == "2022-05-02" and "انهيار" in record.evidence.shared_terms
    assert "14" in record.reason and "9" in record.reason and "disagree" in record.reason
    assert record.value == 14, "the record's value is its best-supported variant's; nothing else is chosen"
    for m in record.mentions:  # provenance of every mention
        assert m.doc and m.sentence and m.end > m.start and m.publisher and m.published


def test_a_yearly_conflict_says_its_period_is_the_year():
    case = next(c for c in CASES if c["name"].startswith("a yearly amount reported at two months"))
    (record,) = merge(build_facts(case)[0])
    assert record.status == "conflict" and record.evidence.period == "2019"
    assert "yearly amount, reported at 2019-03 and 2019-04-20" in record.reason


def test_a_conflict_of_billions_reads_in_digits():
    case = next(c for c in CASES if c["name"].startswith("two articles on one story give a target"))
    record = next(r for r in merge(build_facts(case)[0]) if r.status == "conflict")
    assert "20,000,000,000 in 1 article" in record.reason and "16,000,000,000 in 1 article" in record.reason


def test_corroborated_record_shows_the_agreeing_mentions():
    case = next(c for c in CASES if c["name"].startswith("one death toll in three wordings"))
    facts, _ = build_facts(case)
    (record,) = merge(facts)
    assert record.status == "corroborated" and not record.variants
    assert [m.doc for m in record.mentions] == ["a.txt", "b.txt", "c.txt"]  # in order of publication
    assert (record.articles, record.first_reported, record.last_reported) == (3, "2021-03-14", "2021-03-15")
    assert record.evidence.shared_terms == ["حريق", "خضر", "سوق"] and record.evidence.links


def test_a_record_never_mixes_two_counted_nouns():
    sentence = "ويوجد بين المستفيدين من الدعم الاجتماعي المباشر أكثر من 2,6 مليون {}"
    facts = []
    for n, unit in enumerate(("مسن", "شخص", "طفل", "مواطن")):
        text = sentence.format(unit)
        facts.append(Fact(id=f"d{n}", doc=f"d{n}.txt", value=2.6e6, qualifier="gt", unit=unit, date="2025-08",
                          metric=f"{unit} المستفيدون من الدعم الاجتماعي المباشر", sentence=text,
                          start=text.index("2,6"), end=text.index("2,6") + 3, surface="2,6"))
    records = merge(facts)
    for r in records:
        assert not {"مسن", "طفل"} <= {m.unit for m in r.mentions}
    assert sum(len(r.mentions) for r in records) == 4 and len(records) == 2


def test_every_record_cites_its_mentions():
    facts = [f for n, c in enumerate(CASES) for f in build_facts(c, f"{n}/")[0]]
    for record in merge(facts):
        assert record.record_id and record.mentions
        for m in record.mentions:
            assert m.fact_id and m.doc and m.sentence and m.start < m.end
        if record.status != "conflict":
            assert not record.variants


def test_output_does_not_depend_on_input_order():
    facts = [f for n, c in enumerate(CASES) for f in build_facts(c, f"{n}/")[0]]
    first = [r.model_dump() for r in merge(facts)]
    for seed in range(3):
        shuffled = facts[:]
        random.Random(seed).shuffle(shuffled)
        assert [r.model_dump() for r in merge(shuffled)] == first


def test_record_ids_survive_unrelated_files():
    case = next(c for c in CASES if c["name"].startswith("one death toll in three wordings"))
    facts, _ = build_facts(case)
    before = {r.record_id: sorted(m.fact_id for m in r.mentions) for r in merge(facts)}
    unrelated, _ = build_facts(next(c for c in CASES if c["name"].startswith("outlets disagree")), "other/")
    after = {r.record_id: sorted(m.fact_id for m in r.mentions) for r in merge(unrelated + facts)}
    for rid, members in before.items():
        assert after[rid] == members


def _facts_file(tmp_path) -> tuple[list[Fact], Path]:
    facts = [f for n, c in enumerate(CASES) for f in build_facts(c, f"{n}/")[0]]
    path = tmp_path / "facts.jsonl"
    path.write_text("".join(json.dumps(f.model_dump(mode="json", exclude_none=True), ensure_ascii=False) + "\n"
                            for f in facts), encoding="utf-8")
    return facts, path


def test_merge_file_streams_to_the_same_records(tmp_path):
    facts, path = _facts_file(tmp_path)
    in_memory = [r.model_dump(mode="json", exclude_none=True) for r in merge(facts)]
    out = tmp_path / "records.jsonl"
    summary = merge_file(path, out)
    assert summary["facts"] == len(facts) and summary["records"] == len(in_memory)
    streamed = [Record.model_validate_json(line).model_dump(mode="json", exclude_none=True)
                for line in out.read_text(encoding="utf-8").splitlines()]
    assert streamed == in_memory


def test_output_is_the_same_for_any_partitions_and_workers(tmp_path, monkeypatch):
    from factex.merge import partitioned  # (`factex.merge` itself is the function merge)

    _facts, path = _facts_file(tmp_path)
    merge_file(path, tmp_path / "one.jsonl", partitions=1)
    monkeypatch.setattr(partitioned, "POOL", 0)  # a pool even for a few facts
    for partitions, workers, small in ((3, 1, None), (7, 2, None), (None, 3, None), (7, 2, 0), (None, 3, 0)):
        if small is not None:  # (SMALL 0: a pool of `workers` processes; else this process is one of them)
            monkeypatch.setattr(partitioned, "SMALL", small)
        out = tmp_path / f"p{partitions}-w{workers}-s{small}.jsonl"
        merge_file(path, out, partitions=partitions, workers=workers)
        assert out.read_bytes() == (tmp_path / "one.jsonl").read_bytes()


def test_a_merge_of_few_facts_starts_a_process_for_every_pool_facts_at_most(tmp_path, monkeypatch):
    from factex.merge import partitioned

    facts, path = _facts_file(tmp_path)
    given = []
    schedule = partitioned._schedule
    monkeypatch.setattr(partitioned, "_schedule", lambda jobs, workers, *rest: given.append(workers) or
                        schedule(jobs, workers, *rest))
    monkeypatch.setattr(partitioned, "POOL", len(facts) // 2)  # facts enough for this process and two more
    merge_file(path, tmp_path / "r.jsonl", workers=8)
    monkeypatch.setattr(partitioned, "POOL", len(facts) + 1)  # too few for a pool
    merge_file(path, tmp_path / "r.jsonl", workers=8)
    assert given == [3, 1]


def _whose(job: tuple) -> int:
    if job[0] == "broken.jsonl":
        raise ValueError("a job that fails")
    time.sleep(job[1] if len(job) > 1 else 0)
    return os.getpid()


def test_this_process_runs_the_smallest_jobs_beside_its_pool():
    """A merge of few facts: this process is one of the workers; its pool takes the largest job first,
    this process the smallest ones, and every job runs once."""
    from factex.merge.partitioned import _Jobs, _schedule

    jobs = [(_whose, (f"p{k:02d}.jsonl",)) for k in range(12)]  # (a merge's jobs wait largest first)
    ran = {job[1][0]: pid for job, pid in _schedule(_Jobs(jobs, {}, None), workers=2, helping=True)}
    assert sorted(ran) == [job[1][0] for job in jobs]
    assert ran["p00.jsonl"] != os.getpid() and ran["p11.jsonl"] == os.getpid()
    one = list(_schedule(_Jobs(jobs[:1], {}, None), workers=2, helping=True))  # (one job: no pool)
    assert [pid for _job, pid in one] == [os.getpid()]


def test_a_single_job_is_this_processs_even_beside_a_pool_started_before():
    """merge_file starts the pool before the split: one job is still run here, not by a process that
    may still be starting."""
    from factex.merge.partitioned import _Jobs, _schedule, _Workers

    for _ in range(3):
        ran = list(_schedule(_Jobs([(_whose, ("p0.jsonl",))], {}, None), workers=2, pool=_Workers(1), helping=True))
        assert [pid for _job, pid in ran] == [os.getpid()]


def test_the_pool_is_given_jobs_while_this_process_runs_one():
    """While this process runs a long job, its pool's process is handed the other jobs one by one (it
    does not wait for this process's job to end)."""
    from factex.merge.partitioned import _Jobs, _schedule

    jobs = [(_whose, (f"p{k}.jsonl",)) for k in range(6)] + [(_whose, ("long.jsonl", 2.0))]
    ran = {job[1][0]: pid for job, pid in _schedule(_Jobs(jobs, {}, None), workers=2, helping=True)}
    assert ran.pop("long.jsonl") == os.getpid()
    assert os.getpid() not in ran.values() and len(ran) == 6


class _TornDown:
    """Writes its file when freed: at a worker's teardown, if it has one."""

    def __init__(self, path: str):
        self.path = path

    def __del__(self):
        Path(self.path).write_text("torn down")


_KEPT = []


def _keep_till_the_end(path: str) -> int:
    _KEPT.append(_TornDown(path))
    return os.getpid()


def test_a_pool_process_ends_without_the_interpreters_teardown(tmp_path):
    """Its caches are not freed object by object when its pool shuts down (the merge waited for that)."""
    from factex.merge.partitioned import _Workers

    marker = tmp_path / "marker"
    with _Workers(1) as pool:
        process = pool.slots[0][0]
        assert pool.submit((_keep_till_the_end, str(marker)), fresh=False).result() != os.getpid()
        children = list(process._processes.values())
    assert [child.exitcode for child in children] == [0]
    assert not marker.exists()


def test_a_job_that_fails_in_the_pool_stops_the_merge_with_its_error():
    from factex.merge.partitioned import _Jobs, _schedule

    jobs = [(_whose, ("broken.jsonl",))] + [(_whose, (f"p{k}.jsonl", 0.2)) for k in range(4)]
    with pytest.raises(ValueError, match="a job that fails"):
        list(_schedule(_Jobs(jobs, {}, None), workers=2, helping=True))


def test_a_partition_merged_in_memory_or_through_its_files_gives_the_same_records(tmp_path, monkeypatch):
    from factex.merge import family

    _facts, path = _facts_file(tmp_path)
    merge_file(path, tmp_path / "memory.jsonl")
    monkeypatch.setattr(family, "IN_MEMORY", 0)  # every partition through its scratch files
    merge_file(path, tmp_path / "files.jsonl")
    assert (tmp_path / "files.jsonl").read_bytes() == (tmp_path / "memory.jsonl").read_bytes()


def test_sliced_families_give_the_same_output_for_any_workers(tmp_path, monkeypatch):
    """Families merged a year at a time (slice jobs, then a finish job started as soon as its slices are
    done, beside the other jobs): the same output for one process or a pool."""
    from factex.merge import partitioned

    _facts, path = _facts_file(tmp_path)
    monkeypatch.setattr(partitioned, "SLICE", 3)  # every family of more than 3 facts sliced
    monkeypatch.setattr(partitioned, "SMALL", 0)
    monkeypatch.setattr(partitioned, "POOL", 0)
    monkeypatch.setattr(partitioned, "FRESH", 5)  # and the finish jobs of families over 5 facts in a fresh process
    summary = merge_file(path, tmp_path / "one.jsonl", workers=1)
    assert summary["slices"] > 2
    for partitions, workers in ((2, 2), (5, 3)):
        out = tmp_path / f"p{partitions}-w{workers}.jsonl"
        merge_file(path, out, partitions=partitions, workers=workers)
        assert out.read_bytes() == (tmp_path / "one.jsonl").read_bytes()


def test_bad_facts_file_is_one_line_error(tmp_path):
    from typer.testing import CliRunner

    from factex.cli import app

    path = tmp_path / "facts.jsonl"
    path.write_text('{"doc": "a.txt", "value": 3, "unit": "شخص"}\nnot json at all\n', encoding="utf-8")
    result = CliRunner().invoke(app, ["merge", str(path), "-o", str(tmp_path / "r.jsonl")])
    assert result.exit_code == 1
    assert "facts.jsonl" in result.output and "not a fact" in result.output and "Traceback" not in result.output


def test_cli_merge(tmp_path):
    from typer.testing import CliRunner

    from factex.cli import app

    case = next(c for c in CASES if c["name"].startswith("outlets disagree"))
    facts, _ = build_facts(case)
    path, out = tmp_path / "facts.jsonl", tmp_path / "records.jsonl"
    path.write_text("".join(f.model_dump_json() + "\n" for f in facts), encoding="utf-8")
    result = CliRunner().invoke(app, ["merge", str(path), "-o", str(out), "--workers", "2"])
    assert result.exit_code == 0, result.output
    (record,) = [Record.model_validate_json(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert record.status == "conflict" and len(record.mentions) == 3


# ---------------------------------------------------------------- within one article

PARAGRAPH = "أما برنامج دعم التمدرس فقد استفادت منه قرابة 3 ملايين أسرة، أي نحو 9 ملايين شخص."
OTHER = "وأشارت الوزارة إلى أن قرابة 3 ملايين أسرة تلقت منحة السكن الاجتماعي."


def _fact(sentence: str, base: int, surface: str, value: float, unit: str, metric: str, doc: str = "000.txt") -> Fact:
    start = base + sentence.index(surface)
    return Fact(id=f"{doc}:{start}", doc=doc, value=value, unit=unit, qualifier="approx", metric=metric,
                start=start, end=start + len(surface), surface=surface, sentence=sentence, sentence_start=base)


def test_repeated_paragraph_gives_each_fact_once_with_its_offsets():
    text = PARAGRAPH + "\n" + OTHER + "\nبقلم هند الدبالي\n" + PARAGRAPH
    second = text.rindex(PARAGRAPH)
    facts = [
        _fact(PARAGRAPH, 0, "3 ملايين", 3e6, "أسرة", "الأسر المستفيدة من برنامج دعم التمدرس"),
        _fact(PARAGRAPH, 0, "9 ملايين", 9e6, "شخص", "الأشخاص المستفيدون من برنامج دعم التمدرس"),
        _fact(OTHER, len(PARAGRAPH) + 1, "3 ملايين", 3e6, "أسرة", "الأسر المستفيدة من منحة السكن الاجتماعي"),
        _fact(PARAGRAPH, second, "3 ملايين", 3e6, "أسرة", "الأسر المستفيدة من برنامج دعم التمدرس"),
        _fact(PARAGRAPH, second, "9 ملايين", 9e6, "شخص", "الأشخاص المستفيدون من برنامج دعم التمدرس"),
    ]
    for f in facts:
        assert text[f.start:f.end] == f.surface
    kept = collapse_repeats(facts)
    assert [f.id for f in kept] == [facts[0].id, facts[1].id, facts[2].id]  # 4M twice: two statistics
    assert kept[0].repeats == [(facts[3].start, facts[3].end)]
    assert kept[1].repeats == [(facts[4].start, facts[4].end)]
    assert kept[2].repeats == []
    record = next(r for r in merge(kept) if r.mentions[0].fact_id == facts[0].id)
    assert record.mentions[0].repeats == [(facts[3].start, facts[3].end)]


def test_near_repeated_sentence_is_collapsed_but_one_sentence_is_not():
    edited = PARAGRAPH.replace("أما برنامج", "وبخصوص برنامج")
    a = _fact(PARAGRAPH, 0, "3 ملايين", 3e6, "أسرة", "الأسر المستفيدة")
    b = _fact(edited, 500, "3 ملايين", 3e6, "أسرة", "الأسر المستفيدة")
    assert len(collapse_repeats([a, b])) == 1
    same = "ارتفع عدد المستفيدين من 4 ملايين أسرة في 2023 إلى 4 ملايين أسرة ونصف."
    c = _fact(same, 0, "4 ملايين", 4e6, "أسرة", "الأسر المستفيدة")
    d = Fact(**{**c.model_dump(), "id": "x", "start": same.rindex("4 ملايين"), "end": same.rindex("4 ملايين") + 8})
    assert len(collapse_repeats([c, d])) == 2


def test_seed_000_repeated_paragraphs_give_no_duplicate_facts():
    import factex

    path = ROOT / "seeds" / "000_8abdae56c2938a21.txt"
    assert path.exists(), "seeds/ ships with the project"
    facts = factex.extract(path)
    assert facts, "the seed gave no facts"
    seen = set()
    for f in facts:
        key = (f.value, f.unit, " ".join(f.sentence.split()))
        assert key not in seen, f"duplicate fact {key}"
        seen.add(key)
    assert any(f.repeats for f in facts), "the repeated paragraphs' offsets are kept"


# ---------------------------------------------------------------- the pieces


@pytest.mark.parametrize("a,b,q,agree", [
    (102000, 102000, None, True),  # «102.000 ملف» / «102 ألف ملف»
    (4e6, 3.96e6, "approx", True),  # «حوالي 4 ملايين» / 3,96 مليون
    (656000, 656534, None, True),  # «656 ألف» for 656 534: within 0.5 %
    (1048, 1045, None, True),  # within 0.5 %: the guidelines count them one figure
    (2.9, 2.92, None, False),  # 0.7 % apart: two figures (GUIDELINES, «cannot all be true»)
    (170, 173, None, False),
    (97.08, 97.8, None, False),
    (16, 21, "gt", False),
    (4e6, 3.6e6, None, False),
])
def test_values_agree(a, b, q, agree):
    assert values_agree(a, None, q, b, None, None) is agree
    assert values_agree(b, None, None, a, None, q) is agree


def test_range_and_point():
    assert values_agree(500, 1200, None, 800, None, None)
    assert not values_agree(500, 1200, None, 1500, None, None)


@pytest.mark.parametrize("d1,d2,s1,s2,rel", [
    ("2025-09", "2025-09-17", None, None, "same"), ("2025", "2025-07", None, None, "same"),
    ("2025-08", "2025-09", None, None, "near"), ("2015-07-23", "2015-07-24", None, None, "near"),
    ("2015-07-21", "2015-07-25", None, None, None), ("2024-07", "2025-07", None, None, None),
    (None, None, None, None, "undated"), (None, "2025-09", None, None, None),
    ("2019", "2018-06-16", "2018", None, "within"),  # a day inside a fiscal year 2018-2019
    ("2019", "2018", "2018", None, None),  # the year 2018 is not the fiscal year 2018-2019
])
def test_date_relation(d1, d2, s1, s2, rel):
    assert date_relation(d1, d2, s1, s2) == rel
    assert date_relation(d2, d1, s2, s1) == rel


def test_metric_key_normalises_wording():
    a = metric_key("عدد الأسر المستفيدة من البرنامج", "أسرة")
    b = metric_key("الأسر المستفيدين من برنامج", "أسرة")
    assert a == b and a
    assert metric_key("لقي الأشخاص مصرعهم", "شخص") == metric_key("عدد القتلى", "شخص")
    assert metric_key("حصيلة الشهداء") == metric_key("عدد الضحايا") == metric_key("الوفيات")
    assert metric_key("قيمة الصادرات") == metric_key("حجم الصادرات") == metric_key("مبلغ الصادرات")
    assert metric_key("سعر بنزين 92") != metric_key("سعر بنزين 95"), "numbers in a metric phrase count"
    assert metric_key("عائدات القناة") == metric_key("الإيرادات للقناة") == metric_key("مداخيل القناة")


def test_each_synonym_reads_as_its_class():
    """A word of synonyms.tsv and its class word have one stem: a class written in another form than
    its own stem («إيرادات» for «ايراد») would keep «العائدات» and «الإيرادات» apart."""
    from factex.lexicon import load_table
    from factex.merge.terms import stem
    from factex.normalize import fold

    for row in load_table("synonyms"):
        assert stem(fold(row["word"])) == stem(fold(row["class"])), row


@pytest.mark.parametrize("unit,family,cls", [
    ("شهيد", "person", "قتيل"), ("قتلى", "person", "قتيل"), ("جثة", "person", "قتيل"), ("جرحى", "person", "مصاب"),
    ("شخص", "person", None), ("مواطنين", "person", None), ("مسن", "person", "مسن"), ("USD", "USD", "USD"),
    ("باص", "حافلة", "حافلة"), ("ملف", "ملف", "ملف"),
])
def test_counted_nouns_by_family_and_class(unit, family, cls):
    from factex.merge.compare import unit_key
    from factex.normalize import fold

    assert unit_key(unit) == (fold(family), cls and fold(cls))


def test_the_merge_keeps_its_words_in_tables():
    """Language data lives in data/ar tables read through the lexicon, never in the merge's code."""
    import re as regex

    for path in (ROOT / "src" / "factex" / "merge").glob("*.py"):
        code = "\n".join(line for line in path.read_text(encoding="utf-8").splitlines()
                         if not line.lstrip().startswith("#"))
        code = regex.sub(r'"""[\s\S]*?"""', "", code)  # docstrings may quote examples
        code = regex.sub(r"#.*", "", code)
        assert not regex.search("[\u0621-\u064a]{2,}", code), path.name


def test_bench_merge_small():
    from benchmarks.bench_merge import bench_merge

    result = bench_merge(3000)
    assert result["facts"] == 3000 and result["records"] > 0
    assert result["seconds"] > 0 and result["peak_rss_mb"] > 0 and result["facts_per_s"] > 0


def _scorer():
    path = SHARED / "eval" / "score.py"
    if not path.exists():
        return None
    spec = importlib.util.spec_from_file_location("factex_score", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_seeds_merge_f1(tmp_path):
    scorer = _scorer()
    gold = SHARED / "gold" / "seeds.facts.jsonl"
    if scorer is None or not gold.exists() or not (ROOT / "seeds").exists():
        pytest.skip("../shared (scorer, gold) not present")
    from factex.batch import run

    run([str(ROOT / "seeds")], tmp_path, quiet=True)
    lines = (tmp_path / "facts.jsonl").read_text(encoding="utf-8").splitlines()
    assert lines, "the seeds gave no facts"
    golds = scorer.read_jsonl(str(gold))
    for g in golds:
        g["value"] = float(g["value"])
    preds = scorer.read_jsonl(str(tmp_path / "facts.jsonl"))
    records = scorer.read_jsonl(str(tmp_path / "records.jsonl"))
    result = scorer.score_records(golds, records, preds)
    assert result["merge_f1"] >= 0.9, result
    assert result["merge_precision"] >= 0.95, result


def test_articles_that_share_figures_are_one_story():
    from factex.merge.stories import SharedFigures, StoryAffinity, StoryCounter

    counter = StoryCounter()
    for doc, fam, value in [("a", "person", 52), ("b", "person", 52), ("a", "فرقة", 17), ("b", "فرقة", 17),
                            ("c", "person", 52), ("c", "%", 3.5)]:
        counter.add(doc, fam, value, None)
    pairs, counts = counter.shared()
    ids = counter.ids
    story = StoryAffinity.load(SharedFigures(np.stack([pairs, counts])), ids.values())
    assert story.get(ids["a"], ids["b"]) == 2 and story.same_story(ids["b"], ids["a"])
    assert story.get(ids["a"], ids["c"]) == 0 and not story.same_story(ids["a"], ids["c"])  # one figure: no story
    assert story.neighbours(ids["a"]) == [ids["b"]]


def test_term_ids_do_not_follow_set_order():
    """Blocking keys are made of term ids; ids given in a set's iteration order (which follows the
    process's string hashing) made `factex merge` differ from one run to the next."""
    from factex.merge.blocking import Terms

    words = ["نسبة", "البطالة", "الشباب", "المدن", "الريف", "الإناث", "الذكور", "الخريجين", "العاطلين"]
    one, other = Terms(), Terms()
    one(words)
    other(list(reversed(words)))
    assert one.ids == other.ids


def test_the_vectorised_pair_filters_drop_only_pairs_that_make_no_edge():
    """blocking.Columns.plausible / may_edge restate, over numpy columns, the first rejections of
    similar.edge (counted nouns, agreement, one period or related dates, running totals, one article);
    a pair they drop must be one that edge rejects, for mentions drawn at random."""
    import importlib

    blocking = importlib.import_module("factex.merge.blocking")
    similar = importlib.import_module("factex.merge.similar")
    cluster = importlib.import_module("factex.merge.cluster")
    from factex.merge.items import Item

    rng = random.Random(11)
    dates = [None, "2020", "2020-03", "2020-03-05", "2020-03-07", "2020-03-11", "2020-03-13", "2020-03-20", "2020-04",
             "2020-04-01", "2021-01"]
    metrics = ["عدد القتلى", "عدد قتلى الانفجار في المدينة", "نسبة البطالة", "حصيلة أولية للقتلى", "عدد المصابين", "",
               "الإيرادات السنوية للميناء", "عدد الناخبين المسجلين", "إجمالي عدد الناخبين المقيدين"]  # yearly, registers
    units = ["قتيل", "شخص", "مصاب", "%", "USD", "ناخب"]
    sentences = ["وقالت الوزارة إن الحصيلة بلغت {v} قتيلا", "وكانت الداخلية قد أعلنت مقتل {v} أشخاص منذ بداية العام"]
    rows = []
    for k in range(160):
        value = rng.choice([10, 10, 10.2, 12, 20, 21, 25, 48, 100, 101, 102.5, 104, 250, 5.5])
        rows.append({"id": f"f{k}", "doc": f"d{rng.randrange(12)}", "value": value,
                     "value_max": value * 2 if rng.random() < 0.1 else None,
                     "qualifier": rng.choice([None, None, "approx", "gt"]), "unit": rng.choice(units),
                     "metric": rng.choice(metrics), "date": rng.choice(dates),
                     "period_start": "2020-01" if rng.random() < 0.1 else None,
                     "source": rng.choice([None, "الوزارة", "الشرطة"]), "start": k * 10, "sentence_start": k * 10,
                     "sentence": rng.choice(sentences).format(v=value), "surface": str(value)})
    items = [Item(r, 0, int(r["doc"][1:])) for r in rows]
    cols = blocking.Columns(items)
    i, j = np.triu_indices(len(items), 1)
    codes = blocking.encode(i, j)
    kept = set(cols.may_edge(cols.plausible(codes)).tolist())
    dropped = [(a, b) for a, b in blocking.split(codes) if (a << 32 | b) not in kept]
    assert len(kept) and len(dropped) > len(kept)  # the filters do drop pairs
    for a, b in dropped:
        x, y = items[a], items[b]
        rel = cluster._relation(x, y)  # (a yearly amount's dates relate by their year, a register's by the week)
        for story in (False, True):
            assert similar.edge(x, y, rel, story) is None, (rows[a], rows[b], story)


def test_the_fast_series_paths_restate_similar():
    """series scores millions of pairs of a large family with its own restatement of
    similar.quantity_similarity (context sets made once per record) and filters them in numpy first
    (_plausible); both must agree with similar and compare for mentions drawn at random."""
    import importlib

    series = importlib.import_module("factex.merge.series")
    similar = importlib.import_module("factex.merge.similar")
    compare = importlib.import_module("factex.merge.compare")
    from factex.merge.items import Item
    from factex.merge.records import Rep

    rng = random.Random(5)
    metrics = ["عدد القتلى في المدينة", "عدد قتلى الانفجار في المدينة", "حصيلة قتلى انفجار المدينة", "عدد المصابين",
               "قيمة صادرات القمح", "حجم صادرات القمح الصلب", "عدد الناخبين المسجلين", "عدد الناخبين المسجلبن", ""]
    sentences = ["وقالت الوزارة إن الحصيلة بلغت {v} في المدينة", "وأعلنت الشرطة عن {v} بعد الانفجار في المدينة",
                 "{v}", "وبلغت صادرات القمح {v} خلال العام"]
    rows = [{"id": f"f{k}", "doc": f"d{k}", "value": rng.choice([0, 3, 10, 12, 99, 101, 150, 2000]),
             "unit": rng.choice(["قتيل", "شخص", "مصاب", "طن", "ناخب"]), "metric": rng.choice(metrics),
             "date": "2020-03-01", "start": 0, "sentence_start": 0, "surface": "",
             "sentence": rng.choice(sentences)} for k in range(120)]
    for r in rows:
        r["sentence"] = r["sentence"].format(v=r["value"])
    reps = [Rep(Item(r, 0, k)) for k, r in enumerate(rows)]
    cums = [rng.random() < 0.3 for _ in reps]
    for a, b in zip(reps[::2], reps[1::2]):
        assert series.similarity(a, b, series.terms_of(a), frozenset(tuple(b.mterms)), frozenset(series.context(a)),
                                 series.context(b)) == similar.quantity_similarity(a, b)

    class Stub:
        def __init__(self, rep, cum):
            self.rep, self.cum = rep, cum

    stubs = [Stub(rep, cum) for rep, cum in zip(reps, cums)]
    i, j = np.triu_indices(len(stubs), 1)
    kept = set(series._plausible(series.blocking.encode(i, j), series._columns(stubs)).tolist())
    for a, b in zip(i.tolist(), j.tolist()):
        x, y = stubs[a], stubs[b]
        cheap = compare.units_compatible(x.rep.uclass, y.rep.uclass) and \
            compare.ratio(x.rep.value, y.rep.value) <= 10 and x.cum == y.cum
        assert ((a << 32 | b) in kept) == cheap


def test_sorted_unique_and_membership_match_numpy():
    from factex.merge import blocking

    rng = np.random.default_rng(3)
    codes = rng.integers(0, 1 << 40, 5000) // 7 * 7
    among = np.unique(codes[::3])
    assert np.array_equal(blocking.unique(codes), np.unique(codes))
    runs = np.concatenate([np.sort(codes[:2000]), np.sort(codes[2000:])])
    assert np.array_equal(blocking.unique(runs, runs=True), np.unique(codes))
    assert np.array_equal(blocking.member(codes, among), np.isin(codes, among))
    assert not blocking.member(codes, among[:0]).any()


def test_keys_made_in_bulk_are_each_mentions_keys():
    """blocking.all_mention_keys (numpy, for large families) makes the very keys mention_keys makes one
    mention at a time: the same (code, mention) pairs, posted and queried."""
    from collections import Counter

    from factex.merge import blocking

    rng = random.Random(2)
    dates = [None, "2020", "2020-03", "2020-03-02", "2020-12-30"]
    tids = [sorted(rng.sample(range(40), rng.randrange(0, 11))) for _ in range(300)]
    figures = [(rng.choice(dates), rng.choice([0.0, 3.0, -7.5, 1e6]), rng.choice([None, 9.0])) for _ in tids]
    shorts = [len(t) <= 2 for t in tids]
    post, post_owner, query, query_owner = blocking.all_mention_keys(
        tids, [blocking.suffixes(*f) for f in figures], shorts)
    for bulk, owners, is_query in ((post, post_owner, False), (query, query_owner, True)):
        one_by_one = Counter((code, i) for i, (t, f, s) in enumerate(zip(tids, figures, shorts))
                             for code in blocking.mention_keys(t, *f, s, query=is_query))
        assert Counter(zip(bulk.tolist(), owners.tolist())) == one_by_one


def test_undated_keys_made_in_bulk_are_each_mentions_keys():
    """blocking.all_ever_keys (numpy, for many dated mentions) posts the very keys ever_keys posts one
    mention at a time, ranges (two buckets) and empty wordings included."""
    from collections import Counter

    from factex.merge import blocking

    rng = random.Random(5)
    tids = [sorted(rng.sample(range(40), rng.randrange(0, 6))) for _ in range(300)]
    figures = [(rng.choice([0.0, 3.0, -7.5, 1e6]), rng.choice([None, 9.0, 3.1])) for _ in tids]
    owners = [3 * k + 1 for k in range(len(tids))]
    keys = blocking.all_ever_keys(owners, tids, figures)
    one_by_one = Counter((code, j) for j, t, (value, vmax) in zip(owners, tids, figures)
                         for code in blocking.ever_keys(t, value, vmax, query=False))
    assert Counter(zip(keys.post.tolist(), keys.post_owner.tolist())) == one_by_one


def test_series_keys_made_in_bulk_are_each_records_keys():
    """series._all_keys (numpy, for a family of many records) makes the very keys series._keys makes one
    record at a time, posted and queried: pairs of the first terms, single terms of short wordings."""
    from array import array
    from collections import Counter

    from factex.merge import series

    rng = random.Random(7)
    tids = [sorted(rng.sample(range(60), rng.randrange(0, 12))) for _ in range(300)]
    decades = array("i", [rng.choice([0, 1, 130, 65534]) for _ in tids])
    flat, ends = array("q"), array("q")
    for t in tids:
        flat.extend(t)
        ends.append(len(flat))
    post, owner = series._all_keys(flat, ends, decades)
    query, query_owner = (np.concatenate(part) for part in zip(*series._queried(post, owner)))
    for bulk, owners, is_query in ((post, owner, False), (query, query_owner, True)):
        one_by_one = Counter((code, k) for k, t in enumerate(tids) for code in series._keys(t, decades[k], query=is_query))
        assert Counter(zip(bulk.tolist(), owners.tolist())) == one_by_one


def test_every_cue_opens_with_a_word_the_prefilters_know():
    """items._cue_openers (the words one of which a metric phrase must hold for the running-total,
    per-year and earlier-report patterns to be searched) holds every cue's first word, bare, after a
    clitic and in the feminine: a text the patterns match always holds one."""
    from factex.lexicon import load_table
    from factex.merge import items
    from factex.merge.terms import WORD, prefix_clitics
    from factex.normalize import fold

    cues = items._cues()
    for row in load_table("merge_cues"):
        if row["kind"] not in ("cumulative", "per_year", "earlier", "earlier_aux"):
            continue
        phrase = fold(row["phrase"])
        for clitic in ("", *prefix_clitics()):
            for end in ("", "ه"):
                text = f"عدد الزوار {clitic}{phrase}{end} هذا العام"
                if any(cues[k].search(text) for k in ("cumulative", "per_year", "earlier", "earlier_phrase")):
                    assert not items._cue_openers().isdisjoint(WORD.findall(text)), text



def _spellings(rng: random.Random, n: int) -> list[str]:
    """Words of a few letters, some a letter away from another (near spellings), some long (names)."""
    words = {"".join(rng.choice("بتثجحدر") for _ in range(rng.randrange(3, 10))) for _ in range(n)}
    words |= {w[:k] + rng.choice("سش") + w[k + 1:] for w in sorted(words)[: n // 3] for k in [rng.randrange(len(w))]}
    return sorted(words | {"12345", "2020"})


def test_near_spelled_holds_every_term_near_another():
    """similar.near_spelled (each term compared only with those sharing a letter pair, names all with
    all) finds every term that _near_terms matches with another of the set."""
    from factex.merge.similar import _near_terms, near_spelled

    words = _spellings(random.Random(11), 150)
    found = near_spelled(words)
    for t in words:
        if any(_near_terms(frozenset([t]), frozenset([u])) for u in words if u != t):
            assert t in found, t


def test_series_pairs_ruled_out_in_bulk_could_not_be_one_series():
    """series._reachable (the similarity of candidate pairs bounded with numpy) keeps every pair whose
    similarity reaches SIM_SERIES, and a large family's series edges are the same with it or without."""
    from types import SimpleNamespace

    from factex.merge import series

    rng = random.Random(5)
    words, context_words = _spellings(rng, 40), [f"سياق{k}" for k in range(30)]
    records = []
    for k in range(400):
        mterms = set(rng.sample(words, rng.randrange(1, 6)))
        uclass = rng.choice([None, None, "", "قتيل", "جريح"])  # ("": false, not None: with_noun tells them apart)
        if uclass and rng.random() < 0.3:
            mterms.add(uclass)  # (a counted noun also in the phrase: with_noun adds nothing)
        context = tuple(sorted(rng.sample(context_words, rng.choice([0, 3, 6, 12, 18]))))  # (18: wider than a row)
        rep = SimpleNamespace(mterms=frozenset(mterms), context=context, uclass=uclass, value=rng.choice([90, 100, 120, 5000]))
        records.append(SimpleNamespace(rep=rep, cum=rng.random() < 0.2, min_fid=f"f{k:04d}"))
    codes, columns = series._candidates(records), series._columns(records)
    plausible = series._plausible(codes, columns)
    terms = [series.terms_of(r.rep) for r in records]
    kept = set(series._reachable(plausible, series._Table.of(records, terms)).tolist())
    passing = {code for code, (k, m) in zip(plausible.tolist(), series.blocking.split(plausible))
               if series.similarity(records[k].rep, records[m].rep, terms[k], terms[m], frozenset(records[k].rep.context),
                                    records[m].rep.context) >= series.SIM_SERIES}
    assert passing and passing <= kept < set(plausible.tolist())
    bound, series.BOUND_PAIRS = series.BOUND_PAIRS, 0
    try:
        with_bound = series._edges(records)
    finally:
        series.BOUND_PAIRS = bound
    assert with_bound == series._edges(records)
