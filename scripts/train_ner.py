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
from pathlib import Path

import numpy
import spacy
from spacy.tokens import Doc, DocBin, Span
from spacy.training import Example

from factex.ner import iob_spans  # also registers the factex_ar_norm component the config names

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


# Mention swap (Dai & Adel 2020): each training sentence is also seen, with probability
# `level`, with every entity replaced by a random train mention of the same label, so that
# the model learns the contexts of names instead of memorising the names themselves.
MENTIONS: dict[str, list[list[str]]] = {}
SWAP_RANDOM = random.Random(SEED)


def collect_mentions(sentences: list[Sentence]) -> dict[str, list[list[str]]]:
    mentions: dict[str, list[list[str]]] = {label: [] for label in LABELS}
    for sentence in sentences:
        for start, end, label in iob_spans([tag for _, tag in sentence]):
            mentions[label].append([word for word, _ in sentence[start:end]])
    return mentions


@spacy.registry.augmenters("factex.mention_swap.v1")
def mention_swap(level: float):
    def augment(nlp, example):
        yield example
        reference = example.reference
        if not reference.ents or SWAP_RANDOM.random() >= level:
            return
        words, spans, cursor = [], [], 0
        for ent in reference.ents:
            words += [token.text for token in reference[cursor:ent.start]]
            mention = SWAP_RANDOM.choice(MENTIONS[ent.label_])
            spans.append((len(words), len(words) + len(mention), ent.label_))
            words += mention
            cursor = ent.end
        words += [token.text for token in reference[cursor:]]
        swapped = Doc(nlp.vocab, words=words)
        swapped.ents = [Span(swapped, start, end, label=label) for start, end, label in spans]
        yield Example(Doc(nlp.vocab, words=words), swapped)

    return augment


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
    MENTIONS.update(collect_mentions(train_part))
    print(f"train {len(train_part)} / dev {len(dev)} / test {len(test)} sentences; repair: {repair_stats}")

    overrides = {"training.max_steps": args.max_steps} if args.max_steps else {}
    blank = spacy.blank("ar")
    with tempfile.TemporaryDirectory(prefix="factex-ner-") as tmp:
        workdir = Path(tmp)
        started = time.perf_counter()
        best = train(args.config,
                     write_docbin(blank, cap_length(train_part, MAX_TRAIN_TOKENS), workdir / "train.spacy"),
                     write_docbin(blank, dev, workdir / "dev.spacy"), workdir, overrides)
        training_seconds = round(time.perf_counter() - started)
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
        "spacy_version": spacy.__version__,
        "seed": SEED,
    }
    (args.out / "metrics.json").write_text(json.dumps(metrics, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(json.dumps({k: metrics[k] for k in ("test_repaired", "test_unrepaired")}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
