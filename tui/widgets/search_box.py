"""The search box over the list: the query language typed, with the queries searched before."""

from __future__ import annotations

from textual.message import Message
from textual.widgets import Input

from ..commands import SEARCH, bindings


class SearchBox(Input):
    """The query box: Enter runs the query, Esc leaves it as it was, Up and Down go through the
    queries searched before in this archive."""

    BINDINGS = bindings(SEARCH)

    class Cancelled(Message):
        """The user left the box without searching."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.history: list[str] = []
        self._at: int | None = None  # the query of ``history`` shown; None: the one being typed
        self._draft = ""

    def start(self, history: list[str], select: bool = True) -> None:
        """Ready the box for typing: the query in it selected (typing replaces it), or, not
        ``select``, the cursor after it (typing adds to it: a query just narrowed)."""
        self.history = history
        self._at = None
        self.select_on_focus = select
        if not select:
            self.cursor_position = len(self.value)

    def action_cancel(self) -> None:
        self.post_message(self.Cancelled())

    def action_history(self, step: int) -> None:
        if not self.history:
            self.app.bell()
            return
        if self._at is None:
            self._draft = self.value
            at = len(self.history) + step
        else:
            at = self._at + step
        if at < 0:
            self.app.bell()
            return
        if at >= len(self.history):
            self._at, self.value = None, self._draft
        else:
            self._at, self.value = at, self.history[at]
        self.cursor_position = len(self.value)
