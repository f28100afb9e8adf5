"""Where factex's shipped files are: the models/ folder (NER model, slot weights)."""
from __future__ import annotations

import os
from pathlib import Path


def models_dir() -> Path:
    """$FACTEX_MODELS, else the models/ folder inside the installed wheel, else the repo's models/."""
    if os.environ.get("FACTEX_MODELS"):
        return Path(os.environ["FACTEX_MODELS"])
    packaged = Path(__file__).resolve().parent / "models"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "models"
