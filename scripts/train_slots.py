"""Learn the weights that choose a slot's value among its candidates, from the development answers.

    python scripts/train_slots.py --shared ../shared [--slot date] [--write]

For every development set (seeds, bench, dev2) it runs factex with a tracer on `slots.ranking`,
matches the facts to the gold answers as `../shared/eval/score.py` does, and labels each candidate
right or wrong (date: the candidate starts with the gold date; source: a gold name occurs in it).
A logistic regression over the candidates' features (scikit-learn) gives one weight per feature;
the candidate with the highest score wins. It is scored by cross-validation over story groups
(articles that share a story are never split between training and test), beside the hand-set
`rules` weights and the ceiling (figures with at least one right candidate). `--write` stores the
weights and the scores under `learned` in models/slots.json.

Needs scikit-learn (`pip install 'factex[train]'`); factex itself only reads the weights.
"""
from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import json
import os
import sys
from collections import defaultdict
from pathlib import Path

import factex
from factex import api
from factex.slots import ranking

SETS = {"seeds": "seeds", "bench": "bench", "dev2": "dev/articles"}
MODEL = Path(__file__).resolve().parents[1] / "models" / "slots.json"


def load_scorer(shared: Path):
    spec = importlib.util.spec_from_file_location("factex_score", shared / "eval" / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def trace_set(folder: Path) -> tuple[list[dict], dict]:
    """Facts of every article of the folder, and the candidates of every choice by (slot, doc, start)."""
    traces: dict = {}

    def tracer(slot, key, candidates, chosen):
        if isinstance(key, tuple):  # (document name, offset of the figure): the slots that can be learned
            traces[(slot, os.path.basename(key[0]), key[1])] = candidates

    ranking.set_tracer(tracer)
    try:
        facts = []
        for path in sorted(folder.iterdir()):
            if path.suffix in (".txt", ".html", ".htm") and not path.name.startswith("."):
                facts += [f.model_dump() for f in api.extract(path)]
    finally:
        ranking.set_tracer(None)
    return facts, traces


def story_groups(golds: list[dict]) -> dict[str, str]:
    """doc -> story group: articles that share a fact_key prefix are one group (union-find)."""
    parent: dict[str, str] = {}

    def find(x):
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    by_prefix = defaultdict(set)
    for g in golds:
        doc = os.path.basename(g["doc"])
        find(doc)
        if g.get("fact_key"):
            by_prefix[g["fact_key"].split(".")[0]].add(doc)
    for docs in by_prefix.values():
        first, *rest = sorted(docs)
        for other in rest:
            parent[find(other)] = find(first)
    return {doc: find(doc) for doc in parent}


def label(slot: str, candidate, gold: dict, scorer) -> bool:
    if candidate.value is None:
        return False
    if slot == "date":
        return str(candidate.value[0] or "").startswith(gold["date"])
    if slot == "source":
        text = scorer.norm(candidate.value)
        return bool(text) and any(scorer.norm(n) in text for n in scorer.as_list(gold.get("source")))
    raise ValueError(slot)


def examples(shared: Path, slot: str, scorer) -> list[dict]:
    """One example per matched gold fact whose slot is scored: its candidates, labels and group."""
    field = {"date": "date", "source": "source"}[slot]
    rows = []
    for name, sub in SETS.items():
        folder = Path(sub) if name == "seeds" else shared / sub
        gold_path = shared / "gold" / f"{name}.facts.jsonl"
        if not folder.is_dir() or not gold_path.exists():
            continue
        golds = scorer.read_jsonl(str(gold_path))
        for g in golds:
            g["value"] = float(g["value"])
        facts, traces = trace_set(folder)
        groups = story_groups(golds)
        pairs, _, _ = scorer.match(golds, facts)
        for i, j in pairs:
            gold, fact = golds[i], facts[j]
            if not gold.get(field):
                continue
            doc = os.path.basename(fact["doc"])
            candidates = traces.get((slot, doc, fact["start"]))
            if not candidates:
                continue
            rows.append({
                "set": name, "doc": doc, "group": f"{name}:{groups.get(doc, doc)}",
                "features": [c.features for c in candidates],
                "names": [c.label for c in candidates], "want": gold.get(field), "sentence": fact["sentence"][:150],
                "labels": [label(slot, c, gold, scorer) for c in candidates],
            })
    return rows


def pick(weights: dict[str, float], features: list[dict]) -> int:
    scores = [sum(weights.get(k, 0.0) * v for k, v in f.items()) for f in features]
    return max(range(len(scores)), key=lambda k: (scores[k], -k))


def accuracy(weights: dict[str, float], rows: list[dict]) -> float:
    return sum(r["labels"][pick(weights, r["features"])] for r in rows) / len(rows) if rows else 0.0


def fit(rows: list[dict], names: list[str], c: float) -> dict[str, float]:
    """Pairwise logistic regression: every right candidate against every wrong one of the same
    figure (each figure weighs 1 in all), so the weights rank candidates within a figure."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    x, y, weight = [], [], []
    for r in rows:
        vectors = [np.array([f.get(n, 0.0) for n in names]) for f in r["features"]]
        right = [v for v, lab in zip(vectors, r["labels"]) if lab]
        wrong = [v for v, lab in zip(vectors, r["labels"]) if not lab]
        if not right or not wrong:
            continue
        share = 1.0 / (len(right) * len(wrong))
        for a in right:
            for b in wrong:
                x += [a - b, b - a]
                y += [1, 0]
                weight += [share, share]
    model = LogisticRegression(C=c, fit_intercept=False, max_iter=5000)
    model.fit(np.array(x), np.array(y), sample_weight=np.array(weight))
    return {n: round(float(w), 4) for n, w in zip(names, model.coef_[0])}


def cross_validate(rows: list[dict], names: list[str], c: float, folds: int = 5) -> tuple[float, dict]:
    from sklearn.model_selection import GroupKFold

    groups = [r["group"] for r in rows]
    right, by_set = 0, defaultdict(lambda: [0, 0])
    for train, test in GroupKFold(n_splits=folds).split(rows, groups=groups):
        weights = fit([rows[k] for k in train], names, c)
        for k in test:
            ok = rows[k]["labels"][pick(weights, rows[k]["features"])]
            right += ok
            by_set[rows[k]["set"]][0] += ok
            by_set[rows[k]["set"]][1] += 1
    return right / len(rows), {s: round(a / n, 4) for s, (a, n) in by_set.items()}


def by_set_accuracy(weights, rows):
    out = defaultdict(lambda: [0, 0])
    for r in rows:
        out[r["set"]][0] += r["labels"][pick(weights, r["features"])]
        out[r["set"]][1] += 1
    return {s: round(a / n, 4) for s, (a, n) in out.items()}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", type=Path, default=Path("../shared"))
    ap.add_argument("--slot", default="date", choices=["date"])
    ap.add_argument("--c", type=float, nargs="*", default=[0.1, 0.3, 1.0, 3.0, 10.0])
    ap.add_argument("--write", action="store_true", help="store the learned weights in models/slots.json")
    ap.add_argument("--errors", action="store_true", help="list the figures the rules weights get wrong")
    ap.add_argument("--detail", default="", help="with --errors: print the candidates of the docs starting with this")
    ap.add_argument("--on-rules", action="store_true", help="learn corrections on top of the rules' score (feature __rules__)")
    args = ap.parse_args(argv)
    os.environ["FACTEX_SLOT_WEIGHTS"] = "rules"  # candidates do not depend on the weights, but the facts do
    scorer = load_scorer(args.shared)
    rows = examples(args.shared, args.slot, scorer)
    rules = ranking.weights(args.slot)
    if args.on_rules:
        for r in rows:
            r["features"] = [{**f, "__rules__": sum(rules.get(k, 0.0) * v for k, v in f.items())} for f in r["features"]]
    names = sorted({n for r in rows for f in r["features"] for n in f})
    ceiling = sum(any(r["labels"]) for r in rows) / len(rows)
    print(f"{args.slot}: {len(rows)} figures, {len({r['group'] for r in rows})} story groups, {len(names)} features")
    print(f"  ceiling (a right candidate exists): {ceiling:.3f}")
    print(f"  rules weights:                      {accuracy(rules, rows):.3f}  {by_set_accuracy(rules, rows)}")
    if args.errors:
        for r in rows:
            k = pick(rules, r["features"])
            if not r["labels"][k]:
                right = [n for n, lab in zip(r["names"], r["labels"]) if lab]
                print(f"{r['doc'][:28]} want={r['want']} got={r['names'][k]} right={right} | {r['sentence']}")
                if args.detail and r["doc"].startswith(args.detail):
                    for name, f, lab in zip(r["names"], r["features"], r["labels"]):
                        score = sum(rules.get(n, 0.0) * v for n, v in f.items())
                        print(f"      {'+' if lab else ' '} {score:6.2f} {name:24} {' '.join(n for n, v in f.items() if v and rules.get(n))}")
    best = None
    for c in args.c:
        cv, per_set = cross_validate(rows, names, c)
        print(f"  learned, C={c:<5} cross-validated:  {cv:.3f}  {per_set}")
        if best is None or cv > best[0]:
            best = (cv, c, per_set)
    cv, c, per_set = best
    weights = fit(rows, names, c)
    print(f"  learned on all, C={c}: in-sample {accuracy(weights, rows):.3f}")
    if args.write:
        model = json.loads(MODEL.read_text(encoding="utf-8")) if MODEL.exists() else {}
        model.setdefault(args.slot, {})["learned"] = {
            "weights": weights,
            "trained": dt.date.today().isoformat(),
            "figures": len(rows),
            "cv_accuracy_by_story_group": round(cv, 4),
            "cv_by_set": per_set,
            "rules_accuracy": round(accuracy(rules, rows), 4),
            "ceiling": round(ceiling, 4),
            "C": c,
            "factex": factex.__version__,
        }
        rules_cv = accuracy(rules, rows)  # the rules have no parameters to fit: their score is their CV score
        model[args.slot]["use"] = "learned" if cv > rules_cv else "rules"
        MODEL.write_text(json.dumps(model, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"  written to {MODEL}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
