"""Stable ids: short hashes of what they name, not of run order or process (a module of its own: the
merge needs them without the pydantic schema)."""
from __future__ import annotations

import hashlib


def stable_id(*parts: object, size: int = 16) -> str:
    """A short hex id that depends only on `parts` (not on run order or process)."""
    text = "\x1f".join("" if p is None else str(p) for p in parts)
    return hashlib.blake2b(text.encode("utf-8"), digest_size=size // 2).hexdigest()
