"""The Jinja2 environment of the report: templates shipped in this package, autoescaping on.

Every {{ value }} goes through `_finalize` before it is escaped: None prints nothing, and bidi
embedding/override/isolate controls in text are shown as [U+202E] instead of reordering the page.
"""
from __future__ import annotations

from functools import lru_cache

from jinja2 import Environment, PackageLoader

from . import views


def _finalize(value):
    """Every {{ value }}: None prints nothing; text shows its bidi controls (then autoescape escapes it)."""
    if value.__class__ is str:  # plain text (Markup, a str subclass, is already safe)
        return views.visible_controls(value) if views.has_controls(value) else value
    return "" if value is None else value


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(loader=PackageLoader("factex.report", "templates"), autoescape=True, finalize=_finalize,
                      trim_blocks=True, lstrip_blocks=True)
    env.filters["num"] = views.number_text
    env.filters["web_url"] = views.web_url
    return env
