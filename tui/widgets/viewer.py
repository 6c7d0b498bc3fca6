"""The paragraph viewer: the metadata block, then headings and paragraphs, wrapped to the pane,
search hits highlighted; ``raw`` shows the text exactly as found instead."""

from __future__ import annotations

from rich.text import Text
from textual.containers import VerticalScroll
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Static

from parser.cable import Cable

from ..commands import VIEWER, bindings
from ..render import blocks


class Viewer(VerticalScroll, can_focus=True):
    BINDINGS = bindings(VIEWER)
    DEFAULT_CSS = """
    Viewer { padding: 0 1; }
    Viewer > Static { margin-bottom: 1; }
    Viewer > .heading { margin-top: 1; }
    Viewer > .meta { border-bottom: solid $primary; padding-bottom: 1; }
    Viewer > .current { background: $boost; }
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
        self.anchors: list[str] = []
        self.parts: dict[str, Static] = {}
        self._last_reached = ""
        self.current_anchor: str | None = None  # the part the reader went to or scrolled to last

    def watch_cable(self) -> None:
        self.rebuild()

    def watch_raw(self) -> None:
        self.rebuild()

    def watch_words(self) -> None:
        self.rebuild()

    def rebuild(self) -> None:
        self.remove_children()
        self.anchors = []
        self.parts = {}
        self.current_anchor = None
        c = self.cable
        if c is None:
            self.mount(Static(Text("Open a cable from the list (Enter).", style="dim")))
            return
        if self.raw:
            self.mount(Static(Text(c.raw), classes="raw"))
            self.anchors = []
        else:
            for b in blocks(c, list(self.words)):
                self.parts[b.anchor] = Static(b.text, classes=b.kind)
                self.anchors.append(b.anchor)
            self.mount_all(list(self.parts.values()))
        self.scroll_home(animate=False)

    def go(self, anchor: str) -> bool:
        """Scroll so that ``anchor`` is at the top; False when the cable has no such part."""
        widget = self.parts.get(anchor)
        if widget is None:
            return False
        for w in self.query(".current"):
            w.remove_class("current")
        if anchor != "meta":
            widget.add_class("current")
        self.scroll_to_widget(widget, top=True, animate=False)
        self._last_reached = anchor
        self.current_anchor = anchor
        return True

    def top_anchor(self) -> str | None:
        """The part at the top of the pane."""
        y = self.scroll_y
        best = None
        for a in self.anchors:
            w = self.parts[a]
            if w.virtual_region.y <= y + 1:
                best = a
            else:
                break
        return best or (self.anchors[0] if self.anchors else None)

    def watch_scroll_y(self, old: float, new: float) -> None:
        super().watch_scroll_y(old, new)
        current = self.parts.get(self.current_anchor or "")
        if current is not None:
            region = current.virtual_region
            if region.y < self.scroll_y + self.size.height and region.bottom > self.scroll_y:
                return  # the part gone to is still in view: it stays the position
        anchor = self.top_anchor()
        if anchor and anchor != self._last_reached:
            self._last_reached = anchor
            self.current_anchor = anchor
            self.post_message(self.Reached(anchor))

    def position(self) -> str | None:
        """Where the reader is: the part gone to last, else the part at the top."""
        return self.current_anchor or self.top_anchor()

    def hits(self) -> list[str]:
        """Anchors of the paragraphs that contain a search word."""
        if not self.cable or not self.words:
            return []
        low = [w.lower() for w in self.words]
        out = []
        for n, p in enumerate(self.cable.paragraphs):
            text = p.text.lower()
            if any(w in text for w in low):
                out.append(f"para-{p.number}" if p.number is not None else f"text-{n}")
        return out
