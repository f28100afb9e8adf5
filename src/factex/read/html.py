"""HTML pages: the main text and metadata by trafilatura, else a plain tag-strip.

    extract_html(page) -> (text, DocumentMeta); strip_tags(page) -> text
"""
from __future__ import annotations

import html as htmllib
import logging
import re
from typing import Optional

from ..schema import DocumentMeta
from .meta import iso_date

log = logging.getLogger(__name__)
_HTML_DROP = re.compile(r"<(script|style|noscript|template|svg|head)\b[^>]*>.*?</\1\s*>", re.S | re.I)
_HTML_COMMENT = re.compile(r"<!--.*?-->", re.S)
_HTML_BLOCK = re.compile(r"<\s*/?\s*(?:p|div|br|li|ul|ol|h[1-6]|tr|table|section|article|header|footer|nav|blockquote|pre|hr)\b[^>]*>", re.I)
_HTML_TAG = re.compile(r"<[^>]*>")
_HTML_TITLE = re.compile(r"<title[^>]*>(.*?)</title\s*>", re.S | re.I)


def extract_html(page: str) -> tuple[str, DocumentMeta]:
    """Main text and metadata of an HTML page: trafilatura, or a plain tag-strip when it fails."""
    try:
        import trafilatura

        result = trafilatura.bare_extraction(
            page, with_metadata=True, include_comments=False, include_tables=True, favor_recall=True,
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception as err:  # deep or broken trees: RecursionError, lxml errors
        log.info("trafilatura failed (%s); stripping tags", type(err).__name__)
        result = None
    if result is not None and (result.text or "").strip():
        meta = DocumentMeta(title=result.title, published=iso_date(result.date), author=result.author,
                            publisher=result.sitename, url=result.url)
        return result.text, meta
    title = _HTML_TITLE.search(page[:100_000])
    return strip_tags(page), DocumentMeta(title=_clean(htmllib.unescape(title.group(1))) if title else None)


def strip_tags(page: str) -> str:
    text = _HTML_COMMENT.sub(" ", page)
    text = _HTML_DROP.sub(" ", text)
    text = _HTML_BLOCK.sub("\n", text)
    text = htmllib.unescape(_HTML_TAG.sub("", text))
    lines = (re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def _clean(text: Optional[str]) -> Optional[str]:
    text = re.sub(r"\s+", " ", text or "").strip()
    return text or None
