"""Shared helper for the example corpora under tests/corpus/ (one TSV per rule family)."""
from pathlib import Path

import pytest

CORPUS = Path(__file__).parent / "corpus"


def load_corpus(name: str) -> list:
    """Rows of tests/corpus/<name> as pytest params (dicts keyed by the header), id = line number.

    Lines starting with # and blank lines are skipped; missing trailing cells are empty strings;
    a non-empty `xfail` cell marks the row as a known failure (strict: a row that passes must lose its mark).
    """
    header, params = None, []
    for number, line in enumerate((CORPUS / name).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if header is None:
            header = cells
            continue
        row = dict(zip(header, cells + [""] * (len(header) - len(cells))))
        if "text" in row:
            row["text"] = row["text"].replace("\\n", "\n")  # a written \n starts a new line (headline, lead)
        marks = [pytest.mark.xfail(reason=row["xfail"], strict=True)] if row.get("xfail") else []
        params.append(pytest.param(row, id=f"L{number}", marks=marks))
    return params
