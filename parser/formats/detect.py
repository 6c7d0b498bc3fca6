"""Decide which form a text is in and split it into cables.

Each form's module is imported when a text is first tried as that form: a cable site's page, the
form nearly every archive is in, loads neither the 1970s forms nor PlusD, csv or JSON (the
``cables show`` and ``cables parse`` of one file pay for their own form only).
"""

from __future__ import annotations

from .source import Source


def detect(text: str, name: str | None = None) -> str:
    """The form of ``text``: ``page``, ``json``, ``csv``, ``nara``, ``plusd``, ``markdown`` or ``text``.

    Before a form's module is imported to ask it, a test of what every text of that form holds
    (nothing its own test would accept fails it) passes a text plainly not in it by."""
    from .page import looks_like_page

    if looks_like_page(text):
        return "page"
    head = text.lstrip()[:200]
    if head.startswith("[") or "{" in head:  # an object or array, or a JSONP call of one
        from .jsonapi import looks_like_json

        if looks_like_json(text):
            return "json"
    if text.lstrip("\ufeff").startswith('"'):  # a row's first quoted field
        from .csvrows import looks_like_csv

        if looks_like_csv(text, name):
            return "csv"
    if "Message Attributes" in text:
        from .nara import looks_like_nara

        if looks_like_nara(text):
            return "nara"
    if "Canonical ID:" in text[:8000]:
        from .plusd import looks_like_plusd

        if looks_like_plusd(text):
            return "plusd"
    from .markdown import looks_like_markdown

    if looks_like_markdown(text):
        return "markdown"
    return "text"


def split(text: str, name: str | None = None, form: str | None = None) -> list[Source]:
    """The cables of ``text``, read as ``form`` (detected when not given)."""
    form = form or detect(text, name)
    if form == "page":
        from .page import split_page

        return split_page(text)
    if form == "json":
        from .jsonapi import split_json

        return split_json(text, name)
    if form == "csv":
        from .csvrows import split_csv

        return split_csv(text)
    if form == "nara":
        from .nara import split_nara

        return split_nara(text)
    if form == "plusd":
        from .plusd import split_plusd

        return split_plusd(text)
    if form == "markdown":
        from .markdown import split_markdown

        return split_markdown(text)
    from .plaintext import split_text

    return split_text(text)
