"""Benchmark of the merge stage on synthetic facts: `bench_merge(n_facts) -> dict`.

The facts look like the extractor's output at scale: stories (an event on a day) reported by one to
five outlets, each outlet wording the metric phrase its own way (words dropped, added, reordered),
some figures rounded or qualified, a few disagreeing, some undated, and follow-up stories on the same
subject at later dates (series). Units follow a skewed distribution (persons and percentages are
common), values are mostly small counts with a long tail.

    python -m benchmarks.bench_merge --facts 1000000
    python -m benchmarks.bench_merge --file out/facts.jsonl   # a real run's facts
"""
from __future__ import annotations

import argparse
import itertools
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Iterator, Optional

_WORDS = """الصحة التعليم النقل السكن الفلاحة الصناعة السياحة الطاقة المياه الكهرباء البترول الغاز الحبوب القمح الأسمنت
الموانئ المطارات الطرق السكك الحدود الجمارك الضرائب الميزانية الديون القروض الودائع الاستثمار الصادرات الواردات
الأسعار الرواتب الأجور البطالة التشغيل التقاعد الضمان التأمين الدعم المنح القطاع الخاص العام الوطني الجهوي المحلي
البلدي الحضري القروي الجنوب الشمال الشرق الغرب العاصمة المدينة الإقليم المحافظة الولاية المنطقة الجامعة المدرسة
المستشفى المركز الصندوق البرنامج المشروع المخطط الحملة المبادرة الشركة البنك المؤسسة الوكالة الهيئة الوزارة
اللجنة المجلس البرلمان الحكومة الشرطة الدفاع الإنقاذ الحريق الفيضان الزلزال الحادث الانفجار المركب الحافلة القطار
الطائرة الشاحنة السيارة الدراجة المرور المخالفات الحوادث الوفيات الإصابات الأمراض الفيروس اللقاح المرضى الأطباء
الممرضين الأسرة الأطفال النساء الشباب المسنين الطلبة التلاميذ الأساتذة العمال الموظفين المستفيدين المسجلين
الناخبين الأصوات المقاعد المرشحين الأحزاب الجمعيات النقابات الإنتاج الاستهلاك التصدير التوزيع النمو التضخم العجز
الفائض الاحتياطي الرصيد الأرباح الخسائر المبيعات العائدات المداخيل النفقات الاعتمادات الموارد البشرية المالية
الرقمية الإلكترونية الخدمات الشبكة الهاتف الإنترنت المياه العادمة النفايات البيئة الغابات الصيد البحري الموسم
الفلاحي الحصاد المطر الجفاف السدود الري الأراضي العقار البناء الأشغال الطرقات الجسور الأنفاق الملاعب الثقافة""".split()
_HEADS = ["عدد", "نسبة", "قيمة", "حجم", "مجموع", "إجمالي", "معدل", "كلفة", "حصيلة", ""]
_UNITS = [("شخص", 20), ("%", 18), ("MAD", 6), ("SAR", 5), ("EGP", 4), ("USD", 4), ("حالة", 5), ("قتيل", 3),
          ("مصاب", 3), ("أسرة", 3), ("طفل", 2), ("تلميذ", 2), ("مستفيد", 3), ("ملف", 1), ("مشروع", 2),
          ("سيارة", 1), ("مخالفة", 1), ("طن", 2), ("سرير", 1), ("منصب", 1), ("صوت", 1), ("ناخب", 1), ("مسافر", 1),
          ("سائح", 1), ("حادثة", 2), ("بلاغ", 1), ("رحلة", 1), ("مدرسة", 1), ("شركة", 1), ("موظف", 1)]
_FILLER = "وقال المسؤول إن في إطار حسب بلاغ رسمي أمس خلال الأسبوع الماضي وأضاف أن الوزارة أعلنت".split()
_PUBLISHERS = [f"outlet-{k:03d}" for k in range(300)]


def _value(rng: random.Random, unit: str) -> float:
    if unit == "%":
        return round(rng.uniform(0.5, 99.0), rng.choice((0, 0, 1, 2)))
    r = rng.random()
    if r < 0.45:
        return float(rng.randint(1, 60))
    if r < 0.75:
        return float(rng.randint(60, 20000))
    digits = rng.choice((1, 2, 2, 3, 4))
    mag = 10 ** rng.randint(4, 10)
    return float(round(rng.uniform(1, 10), digits - 1) * mag)


def _phrase(rng: random.Random, words: list[str], extra: str) -> str:
    words = list(words)
    if len(words) > 2 and rng.random() < 0.4:
        words.pop(rng.randrange(len(words)))
    if rng.random() < 0.3:
        words.insert(rng.randrange(len(words) + 1), extra)
    if rng.random() < 0.2:
        rng.shuffle(words)
    return " ".join(words)


_LETTERS = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"


def _vocabulary(rng: random.Random, size: int = 20_000) -> tuple[list[str], list[float]]:
    """Common words of the list above, then a long tail of pseudo-words; cumulative Zipf weights."""
    tail = {"".join(rng.choice(_LETTERS) for _ in range(rng.randint(3, 6))) for _ in range(size)}
    words = _WORDS + sorted(tail - set(_WORDS))
    return words, list(itertools.accumulate(1.0 / (rank + 10) for rank in range(len(words))))


def synthetic_facts(n_facts: int, seed: int = 7) -> Iterator[dict]:
    """Yield `n_facts` fact dicts (the facts.jsonl format) grouped in articles."""
    rng = random.Random(seed)
    vocab, vweights = _vocabulary(rng)

    def words(k: int) -> list[str]:
        return rng.choices(vocab, cum_weights=vweights, k=k)

    units, weights = zip(*_UNITS)
    start = date(2014, 1, 1)
    subjects: list[tuple] = []
    made = doc_no = 0
    while made < n_facts:
        if subjects and rng.random() < 0.15:  # a follow-up on an earlier subject: a series
            topic, figures, day = rng.choice(subjects)
            day = day + timedelta(days=rng.randint(20, 400))
            figures = [(h, u, v * rng.uniform(0.9, 1.6) if rng.random() < 0.8 else v) for h, u, v in figures]
        else:
            topic = words(3)
            day = start + timedelta(days=rng.randint(0, 6 * 365))
            figures = []
            for _ in range(rng.randint(1, 8)):
                unit = rng.choices(units, weights)[0]
                head = rng.choice(_HEADS)
                figures.append(([w for w in [head, *rng.sample(topic, 2), *words(rng.randint(1, 3))] if w], unit,
                                _value(rng, unit)))
            if len(subjects) < 50_000:
                subjects.append((topic, figures, day))
        outlets = rng.choices((1, 2, 3, 4, 5), (50, 25, 12, 8, 5))[0]
        for pub in rng.sample(_PUBLISHERS, outlets):
            doc_no += 1
            doc = f"{doc_no:08d}_{pub}.txt"
            published = (day + timedelta(days=rng.choice((0, 0, 0, 1)))).isoformat()
            undated = rng.random() < 0.08
            offset = 0
            for k, (words_, unit, value) in enumerate(figures):
                if rng.random() < 0.2:
                    continue
                qualifier = None
                v = value
                r = rng.random()
                if r < 0.03:
                    v = value * rng.choice((0.8, 0.9, 1.15, 1.3))  # a disagreeing outlet
                elif r < 0.15:
                    qualifier = rng.choice(("approx", "gt"))
                metric = _phrase(rng, words_, words(1)[0])
                surface = f"{v:g}"
                sentence = " ".join([rng.choice(_FILLER), *words(2), metric, surface, unit, *words(2),
                                     *rng.sample(_FILLER, 3)])
                pos = sentence.index(surface)
                fact = {
                    "id": f"{doc_no:08d}-{k}", "doc": doc, "value": v, "qualifier": qualifier, "unit": unit,
                    "metric": metric, "date": None if undated else day.isoformat(), "source": None,
                    "publisher": pub, "published": None if undated else published,
                    "start": offset + pos, "end": offset + pos + len(surface), "surface": surface,
                    "sentence": sentence, "sentence_start": offset,
                }
                offset += len(sentence) + 1
                yield {k2: v2 for k2, v2 in fact.items() if v2 is not None}
                made += 1
                if made >= n_facts:
                    return


def write_synthetic(path, n_facts: int, seed: int = 7) -> int:
    n = 0
    with open(path, "w", encoding="utf-8") as fh:
        for fact in synthetic_facts(n_facts, seed):
            fh.write(json.dumps(fact, ensure_ascii=False) + "\n")
            n += 1
    return n


_CHILD = """
import json, resource, sys
from factex.merge import merge_file
out = merge_file(sys.argv[1], sys.argv[2], workers=int(sys.argv[3]))
own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
out["peak_rss_mb"] = round(max(own.ru_maxrss, kids.ru_maxrss) / 1024, 1)
out["cpu_seconds"] = round(own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime, 1)
print(json.dumps(out))
"""


def bench_merge(n_facts: int = 1_000_000, workers: Optional[int] = None, seed: int = 7, tmp_dir=None) -> dict:
    """Merge `n_facts` synthetic facts with merge_file in a fresh process (`workers`: default up to 2);
    -> seconds (wall), cpu_seconds, peak RSS (MB, largest process), facts/s, records, conflicts."""
    with tempfile.TemporaryDirectory(prefix="factex-bench-merge-", dir=tmp_dir) as tmp:
        facts = Path(tmp) / "facts.jsonl"
        t0 = time.perf_counter()
        write_synthetic(facts, n_facts, seed)
        generated = time.perf_counter() - t0
        result = merge_facts_file(facts, workers, tmp)
    return {**result, "generate_seconds": round(generated, 1)}


def merge_facts_file(facts: Path, workers: Optional[int] = None, tmp_dir=None) -> dict:
    """Merge a facts JSONL file (synthetic, or a real run's facts.jsonl) with merge_file in a fresh
    process; -> seconds, cpu_seconds, peak RSS (MB, largest process), facts/s, records, conflicts."""
    workers = workers or min(2, os.cpu_count() or 1)
    with tempfile.TemporaryDirectory(prefix="factex-bench-merge-", dir=tmp_dir) as tmp:
        args = [sys.executable, "-c", _CHILD, str(facts), str(Path(tmp) / "records.jsonl"), str(workers)]
        proc = subprocess.run(args, capture_output=True, text=True, check=True, env={**os.environ})
        result = json.loads(proc.stdout.strip().splitlines()[-1])
    seconds = result.pop("seconds")
    return {"n_facts": result["facts"], "workers": workers, "seconds": seconds, "peak_rss_mb": result.pop("peak_rss_mb"),
            "facts_per_s": round(result["facts"] / seconds) if seconds else None,
            "input_mb": round(facts.stat().st_size / 2**20, 1), **result}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--facts", type=int, default=1_000_000)
    ap.add_argument("--workers", type=int, default=None)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--file", type=Path, help="merge this facts JSONL (e.g. a run's facts.jsonl) instead of synthetic facts")
    a = ap.parse_args(argv)
    result = merge_facts_file(a.file, a.workers) if a.file else bench_merge(a.facts, a.workers, a.seed)
    print(json.dumps(result, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
