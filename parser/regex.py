"""Regular expressions compiled when first used.

The parser holds some 130 patterns, one set for each form a cable comes in (the cable site's
pages, the 1973-79 telegrams, PlusD, csv rows, the reference forms...). Compiling all of them when
the parser is imported was most of what ``cables show`` and ``cables parse`` spent importing it,
while one cable uses a third of them. ``lazy`` gives a stand-in that compiles its pattern on its
first use; a process pays only for the patterns its cables need (docs/performance.md).

A parse makes some hundred calls of patterns per cable, so a call must cost what it did: on first
use the stand-in puts the compiled pattern in its place in the module that made it (the module's
own calls then reach the compiled pattern itself), and keeps the pattern's methods for the modules
that imported the stand-in by name (about 50 ns more a call than the compiled pattern's own).
"""

from __future__ import annotations

import re
import sys
from typing import Any, cast

# What a stand-in takes over from its compiled pattern on first use: every method and attribute.
_TAKEN = ("search", "match", "fullmatch", "finditer", "findall", "sub", "subn", "split", "scanner", "flags",
          "groups", "groupindex")


class _Lazy:
    """A pattern and its flags, compiled on the first use of any method or attribute but
    ``pattern`` (read without compiling: patterns are built from other patterns' text)."""

    def __init__(self, pattern: str, flags: int, home: dict[str, Any]) -> None:
        self.pattern = pattern
        self._flags = flags
        self._home = home  # the globals of the module that made it

    def __getattr__(self, name: str) -> Any:  # only for what the instance does not hold yet
        if name.startswith("__"):
            raise AttributeError(name)
        compiled = re.compile(self.pattern, self._flags)
        for key, value in list(self._home.items()):
            if value is self:
                self._home[key] = compiled
        # The compiled pattern's methods and attributes, kept on the instance, and a class without
        # this hook (a class with ``__getattr__`` slows every lookup on its instances). Two threads
        # at once each compile it, and end with the same.
        for attr in _TAKEN:
            setattr(self, attr, getattr(compiled, attr))
        self.__class__ = _Compiled  # type: ignore[assignment]
        return getattr(compiled, name)

    def __repr__(self) -> str:
        return f"lazy({self.pattern!r}, {self._flags})"


class _Compiled:
    """A stand-in once its pattern is compiled: it holds the compiled pattern's methods."""

    pattern: str
    _flags: int

    def __repr__(self) -> str:
        return f"lazy({self.pattern!r}, {self._flags}), compiled"


def lazy(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile(pattern, flags)``, done when the pattern is first used. Use the result as a
    compiled pattern (its methods and ``pattern``); it is not one for ``isinstance`` or ``re.sub``.
    Call it at a module's top level (the compiled pattern takes its place among the module's names)."""
    return cast("re.Pattern[str]", _Lazy(pattern, flags, sys._getframe(1).f_globals))
