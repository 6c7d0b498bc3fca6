"""The paragraph viewer: the metadata block, then headings and paragraphs, wrapped to the pane,
search hits highlighted; ``raw`` shows the text exactly as found instead.

The whole cable is one ``Text`` in one widget (mounting a widget per paragraph made opening a long
cable slow); where each part starts is worked out by wrapping the parts at the pane's width.
"""

from __future__ import annotations

import time

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Static

from parser.cable import Cable

from ..commands import VIEWER, bindings
from ..render import Block, blocks, paragraph_anchor

CURRENT_STYLE = "on grey19"


class Viewer(VerticalScroll, can_focus=True):
    BINDINGS = bindings(VIEWER)
    DEFAULT_CSS = """
    Viewer { padding: 0 1; }
    Viewer > #page { width: 100%; }
    """
    cable: reactive[Cable | None] = reactive(None)
    raw: reactive[bool] = reactive(False)
    words: reactive[tuple[str, ...]] = reactive(tuple)

    class Reached(Message):
        """Scrolling brought ``anchor`` to the top of the pane."""

        def __init__(self, anchor: str) -> None:
            self.anchor = anchor
            super().__init__()

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.blocks: list[Block] = []
        self.anchors: list[str] = []
        self.current_anchor: str | None = None  # the part the reader went to or scrolled to last
        self._offsets: dict[str, int] = {}
        self._offsets_width = -1
        self._last_reached = ""

    def compose(self) -> ComposeResult:
        yield Static(Text("Open a cable from the list (Enter).", style="dim"), id="page")

    @property
    def page(self) -> Static:
        return self.query_one("#page", Static)

    def watch_cable(self) -> None:
        self.rebuild()

    def watch_raw(self) -> None:
        self.rebuild()

    def watch_words(self) -> None:
        self.rebuild()

    def rebuild(self) -> None:
        if not self.is_mounted:
            return
        self.blocks, self.anchors, self.current_anchor = [], [], None
        self._offsets_width = -1
        c = self.cable
        page = self.page
        page.set_class(bool(c is not None and self.raw), "raw")
        if c is None:
            page.update(Text("Open a cable from the list (Enter).", style="dim"))
        elif self.raw:
            page.update(Text(c.raw))
        else:
            self.blocks = blocks(c, list(self.words))
            self.anchors = [b.anchor for b in self.blocks]
            self._paint()
        self.scroll_home(animate=False)

    def _paint(self) -> None:
        text = Text()
        for n, b in enumerate(self.blocks):
            if n:
                text.append("\n\n")
            if b.anchor == self.current_anchor and b.kind != "meta":
                part = b.text.copy()
                part.stylize(CURRENT_STYLE)
                text.append_text(part)
            else:
                text.append_text(b.text)
        self.page.update(text)

    def offsets(self) -> dict[str, int]:
        """The first line of each part at the current width."""
        width = self.page.content_region.width or max(10, self.size.width - 3)
        if width != self._offsets_width:
            y = 0
            self._offsets = {}
            for b in self.blocks:
                self._offsets[b.anchor] = y
                y += len(b.text.wrap(self.app.console, width)) + 1
            self._offsets_width = width
        return self._offsets

    def go(self, anchor: str) -> bool:
        """Scroll so that ``anchor`` is at the top; False when the cable has no such part."""
        if anchor not in self.anchors:
            return False
        self.current_anchor = anchor
        self._last_reached = anchor
        self._paint()
        self.scroll_to(y=self.offsets()[anchor], animate=False)
        return True

    def top_anchor(self) -> str | None:
        """The part at the top of the pane."""
        y = self.scroll_y
        best = None
        for a, start in self.offsets().items():
            if start <= y + 1:
                best = a
            else:
                break
        return best or (self.anchors[0] if self.anchors else None)

    def position(self) -> str | None:
        """Where the reader is: the part gone to last, else the part at the top."""
        return self.current_anchor or self.top_anchor()

    def watch_scroll_y(self, old: float, new: float) -> None:
        super().watch_scroll_y(old, new)
        if not self.anchors:
            return
        offsets = self.offsets()
        if self.current_anchor in offsets:
            start = offsets[self.current_anchor]
            if self.scroll_y <= start < self.scroll_y + self.size.height:
                return  # the part gone to is still in view: it stays the position
        anchor = self.top_anchor()
        if anchor and anchor != self._last_reached:
            self._last_reached = anchor
            self.current_anchor = anchor
            self.post_message(self.Reached(anchor))

    _last_g = 0.0

    def action_gg(self) -> None:
        """``g g``: the second g within a second goes to the top."""
        now = time.monotonic()
        if now - self._last_g < 1.0:
            self.scroll_home(animate=False)
            self._last_g = 0.0
        else:
            self._last_g = now

    def on_resize(self) -> None:
        self._offsets_width = -1

    def hits(self) -> list[str]:
        """Anchors of the paragraphs that contain a search word."""
        if not self.cable or not self.words:
            return []
        low = [w.lower() for w in self.words]
        out = []
        for n, p in enumerate(self.cable.paragraphs):
            text = p.text.lower()
            if any(w in text for w in low):
                out.append(paragraph_anchor(p, n))
        return out
