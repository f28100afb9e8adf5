"""Errors that are the user's to fix (a mistyped path, an unknown engine, a file that is not facts):
the command line prints the message as one line, `factex: error: MESSAGE`, and exits with status 1."""
from __future__ import annotations

import os
from pathlib import Path


class UserError(Exception):
    """A mistake in what factex was asked to do; the message names what and why."""


def check_out_dir(out: Path, create: bool = True) -> None:
    """An output folder: not a file, created (`create`) and writable."""
    if out.exists() and not out.is_dir():
        raise UserError(f"{out}: exists and is not a folder")
    if not create:
        return
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise UserError(f"{out}: cannot create the folder: {err.strerror or err}") from None
    if not os.access(out, os.W_OK):
        raise UserError(f"{out}: folder not writable")
