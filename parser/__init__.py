"""cable-reader's shared parsing module: cables, their forms, archives and the index.

Pure Python; never imports textual (a test and an import-linter contract keep it so).

    >>> from parser import parse
    >>> [cable] = parse(open("sample_cables/09ASTANA1104.md").read())
    >>> cable.id, cable.tags[:2]
    ('09ASTANA1104', ['PHUM', 'PREL'])
"""

from .cable import Address, Cable, ExecutiveOrder, Paragraph, ParseWarning, Reference, Section
from .errors import ParseError
from .parsing import DEFAULT, HEAD_ONLY, STRICT, Policy, parse

__all__ = [
    "DEFAULT", "HEAD_ONLY", "STRICT", "Address", "Cable", "ExecutiveOrder", "Paragraph", "ParseError",
    "ParseWarning", "Policy", "Reference", "Section", "parse",
]
