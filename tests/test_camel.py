"""factex's optional camel-tools backend. Skipped unless camel-tools is installed (factex[camel]);
with FACTEX_REQUIRE_CAMEL=1 (as in .ci/run) a missing camel-tools fails them instead.

No camel data is needed: the tests point CAMELTOOLS_DATA at a folder with an empty catalogue
(so importing camel-tools downloads nothing) and build a tiny morphology database and a tiny
random BERT in tmp folders to exercise factex's loading code.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

if os.environ.get("FACTEX_REQUIRE_CAMEL"):  # CI (.ci/run) installs factex[camel]: these tests must run
    import camel_tools  # noqa: F401
else:
    pytest.importorskip("camel_tools")

from factex import camel  # noqa: E402
from factex.normalize import fold  # noqa: E402

NER_LABELS = ["B-LOC", "B-ORG", "B-PERS", "B-MISC", "I-LOC", "I-ORG", "I-PERS", "I-MISC", "O"]
ARABIC_LETTERS = "ءآأؤإئابةتثجحخدذرزسشصضطظعغفقكلمنهوىي"

# camel's text database format: DEFINES, DEFAULTS, ORDER, TOKENIZATIONS, STEMBACKOFF, then
# tab-separated PREFIXES / SUFFIXES / STEMS (form, category, feature:value ...) and the
# category compatibility tables AB (prefix-stem), BC (stem-suffix), AC (prefix-suffix).
# Stems are keyed by their normalised form (ة -> ه), as camel's Analyzer normalises input words.
TINY_DB = """###DEFINES###
DEFINE pos pos:noun pos:noun_prop pos:punc pos:digit pos:foreign
DEFINE diac diac:*open*
DEFINE lex lex:*open*
DEFINE bw bw:*open*
DEFINE gloss gloss:*open*
###DEFAULTS###
DEFAULT pos:noun diac:- lex:- bw:- gloss:-
DEFAULT pos:punc diac:- lex:- bw:- gloss:-
DEFAULT pos:digit diac:- lex:- bw:- gloss:-
DEFAULT pos:foreign diac:- lex:- bw:- gloss:-
###ORDER###
ORDER pos diac lex bw gloss
###TOKENIZATIONS###
###STEMBACKOFF###
###PREFIXES###
\tPref-0\t
ال\tPref-Al\tdiac:ال bw:Al/DET
وال\tPref-WaAl\tdiac:وَال bw:wa/CONJ+Al/DET
###SUFFIXES###
\tSuff-0\t
###STEMS###
مكتبه\tN\tdiac:مَكْتَبَة lex:مَكْتَبَة_1 bw:maktabap/NOUN pos:noun gloss:library
وزاره\tN\tdiac:وِزارَة lex:وِزارَة_1 bw:wizArap/NOUN pos:noun gloss:ministry
###TABLE AB###
Pref-0 N
Pref-Al N
Pref-WaAl N
###TABLE BC###
N Suff-0
###TABLE AC###
Pref-0 Suff-0
Pref-Al Suff-0
Pref-WaAl Suff-0
"""


@pytest.fixture(scope="session", autouse=True)
def offline_camel_data(tmp_path_factory):
    """An empty camel catalogue, unless the user has real camel data: importing camel downloads nothing."""
    if "camel_tools.data" in sys.modules or (camel.camel_data_dir() / "catalogue.json").is_file():
        yield
        return
    folder = tmp_path_factory.mktemp("camel_data")
    (folder / "catalogue.json").write_text(json.dumps({"version": "1.6", "packages": {}, "components": {}}))
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CAMELTOOLS_DATA", str(folder))
        yield


@pytest.fixture
def tiny_db(tmp_path) -> Path:
    path = tmp_path / "tiny.db"
    path.write_text(TINY_DB, encoding="utf-8")
    return path


def test_morphology_db_loads_through_factex(tiny_db):
    analyzer = camel.load_analyzer(tiny_db)
    [analysis] = analyzer.analyze("والمَكتبة")
    assert analysis["lex"] == "مَكْتَبَة"
    assert analysis["bw"] == "wa/CONJ+Al/DET+maktabap/NOUN"
    assert [a["gloss"] for a in analyzer.analyze("الوزارة")] == ["ministry"]
    assert analyzer.analyze("كتاب") == []
    assert camel.load_analyzer(tiny_db) is analyzer  # cached


def test_camel_normalisers_agree_with_fold():
    from camel_tools.utils.dediac import dediac_ar
    from camel_tools.utils.normalize import normalize_alef_ar, normalize_alef_maksura_ar, normalize_teh_marbuta_ar

    cases = ["أحمد", "إسلام", "آمال", "ٱلمدينة", "مستشفى", "المدرسة", "مُحَمَّدٌ", "الإحصاءات الرسميّة", "إلى مكة المكرمة",
             "سُئِلَ", "مؤسسة", "قرآن", "AMO 2024"]
    for text in cases:
        camel_form = dediac_ar(normalize_teh_marbuta_ar(normalize_alef_maksura_ar(normalize_alef_ar(text))))
        assert camel_form == fold(text), text


def test_camel_analyzer_input_map_agrees_with_fold():
    from camel_tools.morphology.analyzer import DEFAULT_NORMALIZE_MAP
    from camel_tools.utils.dediac import dediac_ar

    for text in ["العربيـــة", "أُسْرَةٌ", "إحصائيّات", "مستوى", "آلاف"]:
        assert DEFAULT_NORMALIZE_MAP.map_string(dediac_ar(text)) == fold(text), text


def test_import_never_downloads_the_catalogue(tmp_path):
    code = ("import factex.camel as c\n"
            "try:\n    c.import_camel('camel_tools.morphology.database')\n"
            "except c.CamelDataMissing:\n    print('refused')\n")
    env = {**os.environ, "CAMELTOOLS_DATA": str(tmp_path)}
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)
    assert result.stdout.strip() == "refused", result.stderr
    assert not (tmp_path / "catalogue.json").exists()


def test_missing_ner_model_is_a_clear_error(tmp_path):
    with pytest.raises(camel.CamelDataMissing, match="camel_data -i ner-arabert"):
        camel.ner_model_dir(tmp_path)


@pytest.fixture(scope="module")
def tiny_bert(tmp_path_factory) -> Path:
    """A random 1-layer BERT token classifier with camel's NER labels, saved like camel's ner-arabert."""
    transformers = pytest.importorskip("transformers")
    folder = tmp_path_factory.mktemp("tiny_bert")
    vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", *ARABIC_LETTERS, *(f"##{c}" for c in ARABIC_LETTERS), "،", ".", "-"]
    (folder / "vocab.txt").write_text("\n".join(vocab) + "\n", encoding="utf-8")
    config = transformers.BertConfig(vocab_size=len(vocab), hidden_size=16, num_hidden_layers=1, num_attention_heads=2,
                                     intermediate_size=32, id2label=dict(enumerate(NER_LABELS)),
                                     label2id={label: i for i, label in enumerate(NER_LABELS)})
    transformers.BertForTokenClassification(config).save_pretrained(folder)
    transformers.BertTokenizer(str(folder / "vocab.txt"), do_lower_case=False).save_pretrained(folder)
    return folder


def test_camel_ner_backend_runs_behind_the_gazetteer(tiny_bert):
    from factex import ner

    nlp = ner.load_ner(tiny_bert, backend="camel")
    assert nlp.pipe_names == ["factex_ar_norm", "entity_ruler", camel.CAMEL_NER]
    text = "أعلنت وزارة الصحة المغربية أن 1200 شخص استفادوا من البرنامج في الرباط."
    doc = nlp(text)
    assert ("وزارة الصحة المغربية", "ORG") in {(ent.text, ent.label_) for ent in doc.ents}  # from the gazetteer
    assert all(ent.label_ in ner.LABELS for ent in doc.ents)  # the random BERT adds arbitrary, well-formed spans
