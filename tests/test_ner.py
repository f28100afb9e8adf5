"""factex.ner: the shipped spaCy model (models/ner_ar) plus the gazetteer ruler."""
from __future__ import annotations

import json

import pytest

from factex import ner

SENTENCES = {
    "كشف رئيس الحكومة عزيز أخنوش، اليوم الخميس بالرباط، أن عدد الأسر المستفيدة من الدعم الاجتماعي المباشر بلغ 3,5 ملايين أسرة.":
        {("عزيز أخنوش", "PERS"), ("رئيس الحكومة", "PERS"), ("الدعم الاجتماعي المباشر", "MISC")},
    "أعلنت وزارة الصحة السعودية تسجيل 1200 إصابة جديدة بفيروس كورونا في الرياض خلال الأسبوع الماضي.":
        {("وزارة الصحة السعودية", "ORG"), ("الرياض", "LOC")},
    "وقال وزير الخارجية الأمريكي جون كيري في مؤتمر صحفي بالقاهرة إن المحادثات مع مصر كانت مثمرة.":
        {("جون كيري", "PERS"), ("مصر", "LOC")},
    "وأفادت المندوبية السامية للتخطيط بأن معدل البطالة في المغرب ارتفع إلى 13 في المائة.":
        {("المندوبية السامية للتخطيط", "ORG"), ("المغرب", "LOC")},
}


def found(text: str) -> set[tuple[str, str]]:
    return {(text[start:end], label) for start, end, label in ner.entities(text)}


def test_pipeline_runs_gazetteer_before_the_model():
    nlp = ner.load_ner()
    assert nlp is ner.load_ner()  # cached
    assert nlp.pipe_names == ["factex_ar_norm", "entity_ruler", "tok2vec", "ner"]
    assert set(nlp.get_pipe("ner").labels) == set(ner.LABELS)


@pytest.mark.parametrize("text", SENTENCES)
def test_finds_persons_organisations_and_places(text):
    assert SENTENCES[text] <= found(text)


def test_entities_are_character_spans_with_known_labels():
    text = next(iter(SENTENCES))
    spans = ner.entities(text)
    assert spans and all(0 <= start < end <= len(text) for start, end, _ in spans)
    assert all(label in ner.LABELS for _, _, label in spans)
    assert all(text[start:end] == text[start:end].strip() for start, end, _ in spans)


def test_gazetteer_file_is_valid():
    entries = ner.read_gazetteer()
    assert len(entries) > 200
    assert all(entry["label"] in ner.LABELS and entry["pattern"].strip() == entry["pattern"] for entry in entries)
    keys = [(entry["pattern"], bool(entry.get("generic"))) for entry in entries]
    assert len(keys) == len(set(keys))


@pytest.mark.parametrize("entry", [e for e in ner.read_gazetteer() if not e.get("generic")], ids=lambda e: e["pattern"])
def test_every_gazetteer_name_is_found_whole(entry):
    text = f"وأضاف {entry['pattern']} في بيان"
    start = text.index(entry["pattern"])
    assert (start, start + len(entry["pattern"]), entry["label"]) in ner.entities(text)


@pytest.mark.parametrize("text, name, label", [
    ("وصرح مصدر من المندوبيه الساميه للتخطيط", "المندوبيه الساميه للتخطيط", "ORG"),  # ة written ه
    ("حسب معطيات للمندوبية السامية للتخطيط", "للمندوبية السامية للتخطيط", "ORG"),  # لل + article
    ("في بلاغ لوزارة الصحة والحماية الاجتماعية", "لوزارة الصحة والحماية الاجتماعية", "ORG"),  # proclitic
    ("المستفيدين من نظام أمو-تضامن", "أمو-تضامن", "MISC"),
    ("المسجلين في AMO-TNS", "AMO-TNS", "MISC"),
    ("عبر السجل الاجتماعي الموحد", "السجل الاجتماعي الموحد", "MISC"),
    ("أعلنت المديرية العامة للأمن الوطني", "المديرية العامة للأمن الوطني", "ORG"),
    ("وأعلنت الهيئة الوطنية للانتخابات النتائج", "الهيئة الوطنية للانتخابات", "ORG"),
])
def test_gazetteer_matches_spelling_and_clitic_variants(text, name, label):
    start = text.index(name)
    assert (start, start + len(name), label) in ner.entities(text)


@pytest.mark.parametrize("phrase, label", [
    ("رئيس الحكومة عزيز أخنوش", "PERS"),
    ("اللجنة", "ORG"),
    ("وزارة الصحة", "ORG"),
    ("المتحدث باسم وزارة الصحة", "PERS"),
    ("المندوبية السامية للتخطيط", "ORG"),
    ("الهيئة الوطنية للانتخابات", "ORG"),
    ("فرنسا", "LOC"),
])
def test_label_of_source_phrases(phrase, label):
    assert ner.label_of(phrase) == label


def test_label_of_without_entity_is_none():
    assert ner.label_of("") is None
    assert ner.label_of("في") is None


def test_model_features_are_pinned():
    """The shipped model was trained on these forms: if this fails, retrain it (make model)."""
    assert [ner.form_keys(word) for word in ("والمندوبية", "للإحصاء", "الأسرة", "مستشفى")] == [
        ("w:والمندوبية", "n:مندوبيه", "s:مندوب"), ("w:للإحصاء", "n:احصاء", "s:احصاء"),
        ("w:الأسرة", "n:اسره", "s:اسر"), ("w:مستشفى", "n:مستشفي", "s:مستشف")]


def test_unseen_words_share_the_unknown_embedding():
    known = ner.load_ner().vocab.lookups.get_table(ner.KNOWN_FORMS)
    assert len(known) > 10_000
    assert ner.word_features("كابوتشيوني", known)[:3] == (ner.UNKNOWN_ID,) * 3
    assert ner.UNKNOWN_ID not in ner.word_features("الحكومة", known)


def test_iob_spans_follows_conlleval():
    assert ner.iob_spans(["B-PERS", "I-PERS", "O", "I-LOC", "B-LOC", "I-ORG"]) == [
        (0, 2, "PERS"), (3, 4, "LOC"), (4, 5, "LOC"), (5, 6, "ORG")]


def test_missing_model_says_how_to_build_it(tmp_path):
    with pytest.raises(FileNotFoundError, match="make model"):
        ner.load_ner(tmp_path / "ner_ar")


def test_models_dir_follows_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("FACTEX_MODELS", str(tmp_path))
    assert ner.models_dir() == tmp_path


def test_shipped_model_is_small_and_measured():
    model = ner.models_dir() / ner.MODEL_NAME
    size = sum(path.stat().st_size for path in model.rglob("*") if path.is_file())
    assert size < 12_000_000
    metrics = json.loads((model / "metrics.json").read_text(encoding="utf-8"))
    assert metrics["test_repaired"]["overall"]["f"] > 0.6
