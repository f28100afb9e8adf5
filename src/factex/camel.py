"""Optional camel-tools backend (`pip install 'factex[camel]'`): BERT NER and morphology.

camel-tools reads its models from its data folder ($CAMELTOOLS_DATA, else ~/.camel_tools),
installed by the user with `camel_data -i ner-arabert` / `camel_data -i light`. Importing
camel_tools.ner or camel_tools.morphology.database downloads camel's data catalogue when
that folder has none, so factex checks first and raises `CamelDataMissing` instead:
factex never downloads anything.
"""
from __future__ import annotations

import importlib
import importlib.util
import os
import sys
from functools import lru_cache
from pathlib import Path
from typing import Optional

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

from .gazetteer import add_gazetteer, iob_spans

CAMEL_NER = "factex_camel_ner"
WINDOW_WORDS = 100  # camel's BERT NER truncates its input at 256 word pieces


class CamelDataMissing(RuntimeError):
    """camel-tools is installed but the data it needs is not on this machine."""


def camel_data_dir() -> Path:
    """The folder camel-tools reads its data from (posix layout)."""
    return Path(os.environ.get("CAMELTOOLS_DATA") or Path.home() / ".camel_tools").expanduser()


def import_camel(module: str):
    """Import a camel_tools module, refusing the catalogue download its import would trigger."""
    if importlib.util.find_spec("camel_tools") is None:
        raise ImportError("camel-tools is not installed: pip install 'factex[camel]'")
    if "camel_tools.data" not in sys.modules and not (camel_data_dir() / "catalogue.json").is_file():
        raise CamelDataMissing(f"no camel-tools data catalogue in {camel_data_dir()}: install camel data "
                               "(e.g. `camel_data -i light`) or set CAMELTOOLS_DATA to the folder that holds it")
    return importlib.import_module(module)


@lru_cache(maxsize=4)
def load_analyzer(db_path: str | Path, backoff: str = "NONE"):
    """A camel-tools morphological `Analyzer` over the text database at `db_path` (e.g. calima-msa-r13.db)."""
    database = import_camel("camel_tools.morphology.database")
    analyzer = import_camel("camel_tools.morphology.analyzer")
    return analyzer.Analyzer(database.MorphologyDB(str(db_path), flags="a"), backoff=backoff)


def ner_model_dir(model_path: Optional[str | Path] = None) -> Path:
    """The fine-tuned BERT folder: `model_path`, else camel's default NER dataset (ner-arabert)."""
    if model_path is None:
        catalogue = import_camel("camel_tools.data").CATALOGUE
        component = catalogue.components.get("NamedEntityRecognition")
        if component is None:
            raise CamelDataMissing("camel-tools' catalogue lists no NER model: run `camel_data -i ner-arabert`")
        model_path = component.datasets[component.default].path
    path = Path(model_path)
    # Checked here because transformers would read a missing local path as a Hub model id.
    if not (path / "config.json").is_file():
        raise CamelDataMissing(f"no camel-tools NER model at {path}: run `camel_data -i ner-arabert`")
    return path


class CamelNER:
    """spaCy component: camel-tools' NERecognizer labels the tokens that earlier components left unlabelled."""

    def __init__(self, model_path: Optional[str] = None):
        ner = import_camel("camel_tools.ner")
        self.recognizer = ner.NERecognizer(str(ner_model_dir(model_path)), use_gpu=False)

    def __call__(self, doc: Doc) -> Doc:
        positions = [token.i for token in doc if not token.is_space]
        windows = [positions[i:i + WINDOW_WORDS] for i in range(0, len(positions), WINDOW_WORDS)]
        predicted = self.recognizer.predict([[doc[i].text for i in window] for window in windows]) if windows else []
        taken = {i for ent in doc.ents for i in range(ent.start, ent.end)}
        new = []
        for window, tags in zip(windows, predicted):
            if len(tags) != len(window):  # a word with no BERT word piece: camel drops its label
                continue
            for start, end, label in iob_spans(tags):
                span = Span(doc, window[start], window[end - 1] + 1, label=label)
                if not taken.intersection(range(span.start, span.end)):
                    new.append(span)
        doc.ents = [*doc.ents, *new]
        return doc


@Language.factory(CAMEL_NER, default_config={"model_path": None})
def make_camel_ner(nlp: Language, name: str, model_path: Optional[str]) -> CamelNER:
    return CamelNER(model_path)


def camel_ner_pipeline(model_path: Optional[str | Path] = None) -> Language:
    """Blank Arabic pipeline: factex's gazetteer first, then camel-tools' NER for the rest."""
    nlp = add_gazetteer(spacy.blank("ar"))
    nlp.add_pipe(CAMEL_NER, config={"model_path": str(model_path) if model_path else None})
    return nlp
