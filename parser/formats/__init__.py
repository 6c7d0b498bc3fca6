"""The forms a cable comes in. Each module turns one form into :class:`Source` records (routing
header text, body text, the metadata the form carries); :func:`split` picks the module.

Forms: ``page`` (the cable site's HTML page), ``markdown`` (the page converted to Markdown),
``text`` (plain text, with or without the teletype header or a metadata prefix), ``csv`` (rows of
the 2011 ``cables.csv`` release), ``json`` (cable-search API answers, JSON or JSONP), ``nara`` (the
National Archives' 1973-79 text files) and ``plusd`` (a PlusD page copied as text).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .source import Source

if TYPE_CHECKING:
    from .detect import split

__all__ = ["Source", "split"]


def __getattr__(name: str) -> Any:
    """``split`` (every form's module) is imported when first asked for: reading an archive's csv
    rows (:mod:`parser.archive`) needs only its own form."""
    if name == "split":
        from .detect import split

        return split
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
