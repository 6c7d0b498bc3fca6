"""The list each archive was left with: its query and its order, as a researcher comes back to the
search they were working through (mutt keeps a folder's limit and sort the same way).

``views.json`` is ``{archive: {query, sort, reversed}}``, an archive named as in ``positions.json``.
A sort this reader does not know (a file from another version) is read as the date order when it
is restored; the file itself is only checked for its shape here.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from parser.text import terminal_safe

from .errors import WrongShape


@dataclass(frozen=True, slots=True)
class View:
    query: str = ""
    sort: str = "date"
    reversed: bool = False

    @property
    def default(self) -> bool:
        """The list a new archive opens with: nothing worth restoring or saying."""
        return self == View()

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def shape(v: Any) -> dict[str, View]:
    """The views a file holds, or ``WrongShape`` when it is not ``{archive: {query, sort, reversed}}``."""
    if not isinstance(v, dict) or not all(
            isinstance(k, str) and isinstance(w, dict) and isinstance(w.get("query", ""), str)
            and isinstance(w.get("sort", "date"), str) and type(w.get("reversed", False)) is bool
            for k, w in v.items()):
        raise WrongShape("not {archive: {query, sort, reversed}}")
    # Shown in the search box and on the status line: what a file holds is anyone's who could write it.
    return {k: View(terminal_safe(w.get("query", "")), w.get("sort", "date"), w.get("reversed", False))
            for k, w in v.items()}
