"""The find box of the open cable (``/`` in the cable pane, as in less and mutt's pager): what is
typed is found in the cable as it is typed; Up and Down go through the finds of this session."""

from __future__ import annotations

from textual.message import Message

from ..commands import FIND, bindings
from .search_box import SearchBox

MAX_FIND = 200  # characters: a find is a word or a phrase, never a document


class FindBox(SearchBox):
    """Enter keeps the find, Esc leaves the box with the find as it was (``SearchBox``'s history)."""

    BINDINGS = bindings(FIND)

    class Cancelled(Message):
        """The user left the box without keeping what was typed."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(max_length=MAX_FIND, compact=True, **kwargs)

    def remember(self, text: str) -> None:
        """Keep ``text`` as the newest find (once)."""
        if text.strip():
            self.history = [t for t in self.history if t != text][-49:] + [text]
