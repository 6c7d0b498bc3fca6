"""The Markdown conversion of a cable page (the seed's form): tag links ``[PHUM](#)``, header
lines ending in two spaces, ``¶N.`` paragraph marks. Undo the conversion, then read as text."""

from __future__ import annotations

from ..regex import lazy
from .plaintext import split_text
from .source import Source

_LINK = lazy(r"\[([^\[\]\n]{1,40})\]\(#[^()\n]{0,40}\)")


def looks_like_markdown(text: str) -> bool:
    return "](#" in text[:20000] and bool(_LINK.search(text[:20000]))


def split_markdown(text: str) -> list[Source]:
    plain = _LINK.sub(r"\1", text)
    sources = split_text(plain)
    for s in sources:
        s.source_format = "markdown"
    if len(sources) == 1:
        sources[0].raw = text
    return sources
