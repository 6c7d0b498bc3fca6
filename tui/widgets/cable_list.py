"""The cable list: a virtual list over any number of cables (Textual's Line API).

Only the entries (archive number, rowid) are held; rows are read from the index a page at a time
as lines are drawn and kept in a small LRU cache, so 250,000 cables cost a list of integers and
the screen's worth of rows.
"""

from __future__ import annotations

import time
from collections import OrderedDict

from rich.text import Text
from textual.cache import LRUCache
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from parser.index import Row
from parser.library import Entry, Library

from ..commands import LIST, bindings
from ..render import class_style

PAGE = 200
CACHE_PAGES = 64
CLASS_SHORT = {"UNCLASSIFIED": "UNCL", "UNCLASSIFIED//FOR OFFICIAL USE ONLY": "UNCL/FOUO",
               "CONFIDENTIAL": "CONF", "CONFIDENTIAL//NOFORN": "CONF/NF", "SECRET": "SECRET",
               "SECRET//NOFORN": "SECR/NF", "LIMITED OFFICIAL USE": "LOU", "TOP SECRET": "TS"}


def short_origin(origin: str | None) -> str:
    """``AMEMBASSY ASTANA`` → ``ASTANA``; the site's ``Embassy Astana`` → ``Astana``."""
    o = origin or ""
    for prefix in ("AMEMBASSY ", "AMCONSUL ", "USMISSION ", "Embassy ", "Consulate ", "Mission "):
        if o.startswith(prefix):
            return o[len(prefix):]
    return o


class CableList(ScrollView, can_focus=True):
    """Date, id, classification, origin and subject of every cable in the current list."""

    BINDINGS = bindings(LIST)
    DEFAULT_CSS = """
    CableList { background: $surface; }
    CableList:focus { background: $surface-lighten-1; }
    """
    cursor: reactive[int] = reactive(0, repaint=False)  # watch_cursor redraws the two lines

    class Highlighted(Message):
        """The cursor moved to ``entry``."""

        def __init__(self, entry: Entry | None) -> None:
            self.entry = entry
            super().__init__()

    class Opened(Message):
        """The user asked to read ``entry``."""

        def __init__(self, entry: Entry) -> None:
            self.entry = entry
            super().__init__()

    def __init__(self, library: Library, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.library = library
        self.entries: list[Entry] = []
        self._pages: OrderedDict[int, dict[Entry, Row]] = OrderedDict()
        self._strips: LRUCache[tuple[int, int, bool, bool], Strip] = LRUCache(1024)  # lines drawn
        self._last_g = 0.0

    # -- data ----------------------------------------------------------------------------------

    def set_entries(self, entries: list[Entry], keep: Entry | None = None) -> None:
        """Show ``entries``; keep the cursor on ``keep`` when it is among them."""
        self.entries = entries
        self._pages.clear()
        self._strips.clear()
        self.virtual_size = Size(self.size.width, len(entries))
        target = 0
        if keep is not None:
            try:
                target = entries.index(keep)
            except ValueError:
                target = 0
        self.cursor = min(target, max(0, len(entries) - 1))
        self._scroll_cursor_into_view()
        self.refresh()

    @property
    def current(self) -> Entry | None:
        return self.entries[self.cursor] if 0 <= self.cursor < len(self.entries) else None

    def row(self, index: int) -> Row | None:
        page = index // PAGE
        rows = self._pages.get(page)
        if rows is None:
            rows = self.library.rows(self.entries[page * PAGE:(page + 1) * PAGE])
            self._pages[page] = rows
            while len(self._pages) > CACHE_PAGES:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(page)
        return rows.get(self.entries[index])

    # -- drawing -------------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        index = self.scroll_offset.y + y
        width = self.size.width
        if index >= len(self.entries):
            return Strip.blank(width, self.rich_style)
        key = (index, width, index == self.cursor, self.has_focus)
        strip = self._strips.get(key)
        if strip is None:
            text = self._line(self.row(index), width)
            if index == self.cursor:
                text.stylize("bold on dark_blue" if self.has_focus else "bold on grey27")
            strip = Strip(list(text.render(self.app.console))).crop_extend(0, width, self.rich_style)
            self._strips[key] = strip
        return strip

    def _line(self, row: Row | None, width: int) -> Text:
        if row is None:
            return Text("…", style="dim")
        cls = row.classification or ""
        t = Text(no_wrap=True, overflow="ellipsis", end="")
        wide = width >= 100
        t.append(f"{(row.date or '')[:10]:<10} ", style="cyan")
        t.append(f"{(row.id or '(no id)')[:18]:<18} ", style="bold")
        short = CLASS_SHORT.get(cls, cls[:9])
        t.append(f"{short:<9}" if wide else f"{short.split('/')[0][:4]:<4}", style=class_style(cls))
        t.append(" ")
        if wide:
            t.append(f"{short_origin(row.origin)[:14]:<14} ", style="green")
        t.append(row.subject or "")
        t.truncate(width, overflow="ellipsis")
        return t

    def on_resize(self) -> None:
        self.virtual_size = Size(self.size.width, len(self.entries))

    # -- moving --------------------------------------------------------------------------------

    def watch_cursor(self, old: int, new: int) -> None:
        top = self.scroll_offset.y
        self._scroll_cursor_into_view()
        if self.scroll_offset.y == top:  # no scroll: only the two lines the cursor left and reached
            for y in (old - top, new - top):
                if 0 <= y < self.size.height:
                    self.refresh_line(y)
        self.post_message(self.Highlighted(self.current))

    def _scroll_cursor_into_view(self) -> None:
        top = self.scroll_offset.y
        height = max(1, self.size.height)
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False, immediate=True)
        elif self.cursor >= top + height:
            self.scroll_to(y=self.cursor - height + 1, animate=False, immediate=True)

    def _move_to(self, index: int) -> None:
        if self.entries:
            self.cursor = max(0, min(len(self.entries) - 1, index))

    def action_cursor(self, delta: int) -> None:
        self._move_to(self.cursor + delta)

    def action_page(self, direction: int) -> None:
        self._move_to(self.cursor + direction * max(1, self.size.height - 1))

    def action_top(self) -> None:
        self._move_to(0)

    def action_gg(self) -> None:
        """``g g``: the second g within a second goes to the top (as in vi and less)."""
        now = time.monotonic()
        if now - self._last_g < 1.0:
            self._move_to(0)
            self._last_g = 0.0
        else:
            self._last_g = now

    def action_bottom(self) -> None:
        self._move_to(len(self.entries) - 1)

    def action_open(self) -> None:
        if self.current is not None:
            self.post_message(self.Opened(self.current))

    def on_click(self, event: object) -> None:
        y = getattr(event, "y", 0)
        self._move_to(self.scroll_offset.y + int(y))
        if getattr(event, "chain", 1) >= 2:
            self.action_open()

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()
