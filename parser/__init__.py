"""cable-reader's shared parsing module: cables, their forms, archives and the index.

Pure Python; never imports textual (a test and an import-linter contract keep it so).

    >>> from parser import parse
    >>> [cable] = parse(open("sample_cables/09ASTANA1104.md").read())
    >>> cable.id, cable.tags[:2]
    ('09ASTANA1104', ['PHUM', 'PREL'])
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .errors import ParseError

if TYPE_CHECKING:
    from .cable import Address, Cable, ExecutiveOrder, Paragraph, ParseWarning, Reference, Section
    from .parsing import DEFAULT, HEAD_ONLY, STRICT, Policy, parse

__all__ = [
    "DEFAULT", "HEAD_ONLY", "STRICT", "Address", "Cable", "ExecutiveOrder", "Paragraph", "ParseError",
    "ParseWarning", "Policy", "Reference", "Section", "parse",
]


_CABLE = ("Address", "Cable", "ExecutiveOrder", "Paragraph", "ParseWarning", "Reference", "Section")


def __getattr__(name: str) -> Any:
    """The parser itself, and the cable model, are imported when first asked for: ``parser.index``,
    ``parser.query`` or ``parser.glossary`` alone (``cables search``, ``explain``) need none of its
    forms and regexes, nor the model's dataclasses."""
    if name in ("DEFAULT", "HEAD_ONLY", "STRICT", "Policy", "parse"):
        from . import parsing

        value = globals()[name] = getattr(parsing, name)
        return value
    if name in _CABLE:
        from . import cable

        value = globals()[name] = getattr(cable, name)
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
