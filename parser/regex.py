"""Regular expressions compiled when first used.

The parser holds some 130 patterns, one set for each form a cable comes in (the cable site's
pages, the 1973-79 telegrams, PlusD, csv rows, the reference forms...). Compiling all of them when
the parser is imported was most of what ``cables show`` and ``cables parse`` spent importing it,
while one cable uses a third of them. ``lazy`` gives a stand-in that compiles its pattern on the
first call and from then on hands out the compiled pattern's own methods: a call costs what it
did, and a process pays only for the patterns its cables need (docs/performance.md).
"""

from __future__ import annotations

import re
from typing import Any, cast

# What a stand-in takes over from its compiled pattern on first use (anything else is asked of it).
_METHODS = ("search", "match", "fullmatch", "finditer", "findall", "sub", "subn", "split", "scanner")


class _Lazy:
    """A pattern and its flags, compiled on the first use of any method or attribute but
    ``pattern`` (read without compiling: patterns are built from other patterns' text)."""

    def __init__(self, pattern: str, flags: int) -> None:
        self.pattern = pattern
        self._flags = flags
        self._compiled: re.Pattern[str] | None = None

    def __getattr__(self, name: str) -> Any:  # only for what the instance does not hold yet
        if name.startswith("__") or name == "_compiled":
            raise AttributeError(name)
        compiled = self._compiled
        if compiled is None:
            compiled = self._compiled = re.compile(self.pattern, self._flags)
            # The compiled pattern's bound methods, kept on the instance: the next call finds them
            # where it looks first, and this method is never called for them again.
            for method in _METHODS:
                setattr(self, method, getattr(compiled, method))
        return getattr(compiled, name)

    def __repr__(self) -> str:
        return f"lazy({self.pattern!r}, {self._flags})"


def lazy(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile(pattern, flags)``, done when the pattern is first used. Use the result as a
    compiled pattern (its methods and ``pattern``); it is not one for ``isinstance`` or ``re.sub``."""
    return cast("re.Pattern[str]", _Lazy(pattern, flags))
