"""The spaCy components: each added to a blank pipeline puts its results on the Doc."""
import spacy

import factex.pipeline  # noqa: F401  (registers the factories)

TEXT = "أعلنت الوزارة أمس أن عدد المستفيدين من المنحة بلغ 4 ملايين أسرة في النصف الأول من العام الجاري. وأضافت أن 300 ألف ملف تمت معالجتها."
META = {"published": "2025-08-02", "publisher": "test"}


def run(*pipes):
    nlp = spacy.blank("ar")
    for pipe in pipes:
        nlp.add_pipe(pipe)
    doc = nlp.make_doc(TEXT)
    doc._.factex_meta = META
    for _, component in nlp.pipeline:
        doc = component(doc)
    return doc


def test_normalizer_folds_tokens_and_analyses_once():
    doc = run("factex_normalizer")
    assert [t.norm_ for t in doc if t.text == "أعلنت"] == ["اعلنت"]
    assert doc._.factex is not None and doc._.factex.anchor.date.isoformat() == "2025-08-02"
    sentences = doc.spans["factex_sentences"]
    assert len(sentences) == 2 and sentences[1].text.startswith("وأضافت")


def test_figures_are_marked_with_doc_offsets():
    doc = run("factex_normalizer", "factex_figures")
    values = [f.value for f in doc._.figures]
    assert values == [4_000_000, 300_000]
    first = doc._.figures[0]
    assert TEXT[first.start : first.end] == "4 ملايين"
    assert [s.text for s in doc.spans["factex_figures"]] == ["4 ملايين", "300 ألف"]


def test_facts_fill_every_slot():
    doc = run("factex_normalizer", "factex_figures", "factex_facts")
    fact = doc._.facts[0]
    assert (fact.value, fact.unit, fact.date, fact.period_start) == (4_000_000, "أسرة", "2025-06", "2025-01")
    assert fact.source == "الوزارة"
    assert [s.label_ for s in doc.spans["factex_facts"]] == ["FACT", "FACT"]
    assert doc._.figures[0].qualifier is None  # the slots do not write into the Doc's figures


def test_facts_alone_analyse_the_doc_themselves():
    doc = run("factex_facts")
    assert [f.value for f in doc._.facts] == [4_000_000, 300_000]
