"""Decide which form a text is in and split it into cables."""

from __future__ import annotations

from .csvrows import looks_like_csv, split_csv
from .jsonapi import looks_like_json, split_json
from .markdown import looks_like_markdown, split_markdown
from .nara import looks_like_nara, split_nara
from .page import looks_like_page, split_page
from .plaintext import split_text
from .plusd import looks_like_plusd, split_plusd
from .source import Source


def detect(text: str, name: str | None = None) -> str:
    """The form of ``text``: ``page``, ``json``, ``csv``, ``nara``, ``plusd``, ``markdown`` or ``text``."""
    if looks_like_page(text):
        return "page"
    if looks_like_json(text):
        return "json"
    if looks_like_csv(text, name):
        return "csv"
    if looks_like_nara(text):
        return "nara"
    if looks_like_plusd(text):
        return "plusd"
    if looks_like_markdown(text):
        return "markdown"
    return "text"


def split(text: str, name: str | None = None, form: str | None = None) -> list[Source]:
    """The cables of ``text``, read as ``form`` (detected when not given)."""
    form = form or detect(text, name)
    if form == "page":
        return split_page(text)
    if form == "json":
        return split_json(text, name)
    if form == "csv":
        return split_csv(text)
    if form == "nara":
        return split_nara(text)
    if form == "plusd":
        return split_plusd(text)
    if form == "markdown":
        return split_markdown(text)
    return split_text(text)
