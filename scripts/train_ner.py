"""Train factex's Arabic NER (spaCy tok2vec + ner) on ANERcorp, CAMeL Lab splits.

    python scripts/train_ner.py --data ../shared/data/ner/ANERcorp-CamelLabSplits --out models/ner_ar

Steps: read train/test, repair the test file's corrupted tokens from ANERCorp_Benajiba.txt
(see the data README, option b), carve a dev set from the end of train, train with the spaCy
config in models/ner_ar.cfg, evaluate on the repaired and on the unrepaired test file, and
write the pipeline plus metrics.json to --out.
"""
from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import numpy
import spacy
from spacy.tokens import Doc, DocBin, Span
from spacy.training import Example

from factex.ner import KNOWN_FORMS, form_keys, iob_spans  # also registers factex.ArabicHashEmbed.v1

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CONFIG = ROOT / "models" / "ner_ar.cfg"
TRAIN_FILE = "ANERCorp_CamelLab_train.txt"
TEST_FILE = "ANERCorp_CamelLab_test.txt"
ORIGINAL_FILE = "ANERCorp_Benajiba.txt"
LABELS = ("PERS", "LOC", "ORG", "MISC")
VALID_TAGS = {"O"} | {f"{p}-{label}" for p in "BI" for label in LABELS}
DEV_SENTENCES = 400
MAX_TRAIN_TOKENS = 120
SEED = 0

Token = tuple[str, str]  # (word, IOB2 tag)
Sentence = list[Token]


def read_conll(path: Path) -> list[Sentence]:
    """`WORD TAG` per line, blank line between sentences."""
    sentences: list[Sentence] = [[]]
    for line in path.read_text(encoding="utf-8").split("\n"):
        if not line.strip():
            sentences.append([])
            continue
        word, tag = line.split(" ")
        sentences[-1].append((word, tag))
    return [s for s in sentences if s]


def read_original(path: Path) -> list[Token]:
    """ANERCorp_Benajiba.txt with the clean-up CAMeL applied: no U+200F, •/· -> '.', no empty words."""
    tokens = []
    for line in path.read_text(encoding="utf-8").split("\n"):
        fields = line.replace("\u200f", "").replace("•", ".").replace("·", ".").split(" ")
        if fields[0]:
            tokens.append((fields[0], fields[-1]))
    return tokens


def split_after_periods(tokens: list[Token]) -> list[Sentence]:
    """CAMeL's sentence rule: a sentence ends after each run of one or more periods."""
    sentences: list[Sentence] = [[]]
    for i, token in enumerate(tokens):
        sentences[-1].append(token)
        next_word = tokens[i + 1][0] if i + 1 < len(tokens) else None
        if token[0] == "." and next_word != ".":
            sentences.append([])
    return [s for s in sentences if s]


def repair_test(test: list[Sentence], original: list[Token]) -> tuple[list[Sentence], dict]:
    """Put back the original word+tag wherever the test file's word differs from the original.

    The test split is the tail of the original corpus and aligns with it one to one. The
    differing positions are the sentence-initial words (and, in ~30 sentences, a spurious '.'
    standing in for the word after a period), so sentences are re-split with CAMeL's rule.
    """
    tokens = [token for sentence in test for token in sentence]
    reference = original[len(original) - len(tokens):]
    agreeing = sum(t[0] == r[0] for t, r in zip(tokens, reference))
    if len(reference) != len(tokens) or agreeing < 0.9 * len(tokens):
        raise ValueError(f"test file does not align with {ORIGINAL_FILE} ({agreeing}/{len(tokens)} words agree)")
    repaired, replaced, retagged = [], 0, 0
    for token, (word, tag) in zip(tokens, reference):
        if token[0] != word:
            tag = tag if tag in VALID_TAGS else "O"
            replaced += 1
            retagged += tag != token[1]
            token = (word, tag)
        repaired.append(token)
    sentences = split_after_periods(repaired)
    stats = {"words_replaced": replaced, "tags_changed": retagged, "sentences_before": len(test), "sentences_after": len(sentences)}
    return sentences, stats


def cap_length(sentences: list[Sentence], limit: int) -> list[Sentence]:
    """Cut sentences longer than `limit` into pieces, never inside an entity."""
    capped = []
    for sentence in sentences:
        while len(sentence) > limit:
            cut = limit
            while cut > limit // 2 and sentence[cut][1].startswith("I-"):
                cut -= 1
            capped.append(sentence[:cut])
            sentence = sentence[cut:]
        capped.append(sentence)
    return capped


def to_doc(vocab, sentence: Sentence) -> Doc:
    doc = Doc(vocab, words=[word for word, _ in sentence])
    doc.ents = [Span(doc, s, e, label=label) for s, e, label in iob_spans([tag for _, tag in sentence])]
    return doc


# Forms seen at least `min_count` times in the training part: the others, and every form
# at inference time not in this table, share the model's "unknown" embedding.
FORM_COUNTS: Counter[str] = Counter()


def count_forms(sentences: list[Sentence]) -> Counter[str]:
    return Counter(key for sentence in sentences for word, _ in sentence for key in form_keys(word))


@spacy.registry.callbacks("factex.add_known_forms.v1")
def add_known_forms(min_count: int):
    def before_init(nlp):
        table = nlp.vocab.lookups.add_table(KNOWN_FORMS)
        for key, count in FORM_COUNTS.items():
            if count >= min_count:
                table[key] = True

    return before_init


def write_docbin(nlp, sentences: list[Sentence], path: Path) -> Path:
    DocBin(docs=(to_doc(nlp.vocab, s) for s in sentences)).to_disk(path)
    return path


def evaluate(nlp, sentences: list[Sentence]) -> dict:
    """Entity-level (exact span and label) precision/recall/F1, overall and per label."""
    examples = [Example(Doc(nlp.vocab, words=[w for w, _ in s]), to_doc(nlp.vocab, s)) for s in sentences]
    scores = nlp.evaluate(examples)
    support = {label: 0 for label in LABELS}
    for example in examples:
        for ent in example.reference.ents:
            support[ent.label_] += 1
    rounded = lambda prf: {k: round(prf[k], 4) for k in ("p", "r", "f")}  # noqa: E731
    return {
        "overall": {"p": round(scores["ents_p"], 4), "r": round(scores["ents_r"], 4), "f": round(scores["ents_f"], 4),
                    "support": sum(support.values())},
        "per_label": {label: {**rounded(scores["ents_per_type"].get(label, {"p": 0, "r": 0, "f": 0})), "support": support[label]}
                      for label in LABELS},
    }


def train(config: Path, train_path: Path, dev_path: Path, workdir: Path, overrides: dict) -> Path:
    from spacy.cli.train import train as spacy_train

    output = workdir / "training"
    spacy_train(config, output, overrides={"paths.train": str(train_path), "paths.dev": str(dev_path),
                                          "system.seed": SEED, **overrides})
    return output / "model-best"


MODEL_CARD = """# factex Arabic NER model (`ner_ar`)

spaCy {spacy_version} pipeline (`tok2vec` + `ner`, CPU, {megabytes:.1f} MB) built by `make model`
(`scripts/train_ner.py`, config `models/ner_ar.cfg`). Labels: PERS, LOC, ORG, MISC.
`factex.ner.load_ner()` loads it and puts the gazetteer (`src/factex/data/ar/gazetteer.jsonl`) in front.

## Training data, licence and attribution

Trained on **ANERcorp**, CAMeL Lab train/test splits (CC BY-SA 4.0), with the test file's
corrupted sentence-initial words restored from `ANERCorp_Benajiba.txt`. The data is not included
here. As an adaptation of that corpus, this model is shared under **CC BY-SA 4.0**. Please cite:

- Y. Benajiba, P. Rosso, J. M. Benedí Ruiz. ANERsys: An Arabic Named Entity Recognition System
  Based on Maximum Entropy. CICLing 2007.
- O. Obeid et al. CAMeL Tools: An Open Source Python Toolkit for Arabic Natural Language
  Processing. LREC 2020.

## Scores (entity level, exact span and label; see metrics.json)

| test split | P | R | F1 |
| --- | --- | --- | --- |
{score_rows}
"""


def write_model_card(out: Path, metrics: dict) -> None:
    rows = []
    for split in ("test_repaired", "test_unrepaired"):
        for label, prf in [("all", metrics[split]["overall"]), *metrics[split]["per_label"].items()]:
            rows.append(f"| {split.replace('_', ' ')}, {label} | {prf['p']:.3f} | {prf['r']:.3f} | {prf['f']:.3f} |")
    card = MODEL_CARD.format(spacy_version=spacy.__version__, megabytes=metrics["model_bytes"] / 1e6,
                             score_rows="\n".join(rows))
    (out / "README.md").write_text(card, encoding="utf-8")


def seed_everything(seed: int) -> None:
    random.seed(seed)
    numpy.random.seed(seed)
    spacy.util.fix_random_seed(seed)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True, help="folder with the ANERcorp CAMeL Lab split files")
    parser.add_argument("--out", type=Path, required=True, help="where to write the trained pipeline")
    parser.add_argument("--config", type=Path, default=DEFAULT_CONFIG)
    parser.add_argument("--max-steps", type=int, help="override training.max_steps (quick runs)")
    args = parser.parse_args(argv)
    seed_everything(SEED)

    train_sentences = read_conll(args.data / TRAIN_FILE)
    raw_test = read_conll(args.data / TEST_FILE)
    test, repair_stats = repair_test(raw_test, read_original(args.data / ORIGINAL_FILE))
    train_part, dev = train_sentences[:-DEV_SENTENCES], train_sentences[-DEV_SENTENCES:]
    FORM_COUNTS.update(count_forms(train_part))
    print(f"train {len(train_part)} / dev {len(dev)} / test {len(test)} sentences; repair: {repair_stats}")

    overrides = {"training.max_steps": args.max_steps} if args.max_steps else {}
    blank = spacy.blank("ar")
    with tempfile.TemporaryDirectory(prefix="factex-ner-") as tmp:
        workdir = Path(tmp)
        started, started_cpu = time.perf_counter(), time.process_time()
        best = train(args.config,
                     write_docbin(blank, cap_length(train_part, MAX_TRAIN_TOKENS), workdir / "train.spacy"),
                     write_docbin(blank, dev, workdir / "dev.spacy"), workdir, overrides)
        training_seconds = {"wall": round(time.perf_counter() - started), "cpu": round(time.process_time() - started_cpu)}
        nlp = spacy.load(best)
        if args.out.exists():
            shutil.rmtree(args.out)
        nlp.to_disk(args.out)

    metrics = {
        "data": "ANERcorp, CAMeL Lab train/test splits (CC BY-SA 4.0)",
        "test_repaired": evaluate(nlp, test),
        "test_unrepaired": evaluate(nlp, raw_test),
        "dev": evaluate(nlp, dev),
        "test_repair": repair_stats,
        "sentences": {"train": len(train_part), "dev": len(dev), "test": len(test)},
        "training_seconds": training_seconds,
        "model_bytes": sum(path.stat().st_size for path in args.out.rglob("*") if path.is_file()),
        "spacy_version": spacy.__version__,
        "seed": SEED,
    }
    (args.out / "metrics.json").write_text(json.dumps(metrics, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    write_model_card(args.out, metrics)
    print(json.dumps({k: metrics[k] for k in ("test_repaired", "test_unrepaired")}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
