"""Back and forward through the cables opened in a session, each with the part of it being read,
so going back returns to the paragraph you left (as a browser returns to where the page was)."""

from __future__ import annotations

from dataclasses import dataclass

from parser.library import Entry


@dataclass(slots=True)
class Place:
    """A cable of the list and the part of it being read (a viewer anchor; None: its top)."""

    entry: Entry
    anchor: str | None = None


class History:
    """The places visited, oldest first, and where in them we are."""

    def __init__(self, limit: int = 500) -> None:
        self.limit = limit
        self._places: list[Place] = []
        self._at = -1

    @property
    def current(self) -> Place | None:
        return self._places[self._at] if 0 <= self._at < len(self._places) else None

    def visit(self, place: Place) -> None:
        """A new place: what was forward of here is dropped."""
        self._places = self._places[: self._at + 1] + [place]
        self._places = self._places[-self.limit:]
        self._at = len(self._places) - 1

    def note(self, anchor: str | None) -> None:
        """Where the reader now is in the current place."""
        if self.current is not None and anchor:
            self.current.anchor = anchor

    def back(self) -> Place | None:
        if self._at <= 0:
            return None
        self._at -= 1
        return self._places[self._at]

    def forward(self) -> Place | None:
        if self._at + 1 >= len(self._places):
            return None
        self._at += 1
        return self._places[self._at]
