"""The cable list: a virtual list over any number of cables (Textual's Line API).

Only the entries (archive number, rowid) are held; rows are read from a ``RowSource`` (the
library) a page at a time as lines are drawn and kept in a small LRU cache, so 250,000 cables cost
a list of integers and the screen's worth of rows.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Protocol

from rich.style import Style
from rich.text import Text
from textual import events
from textual.cache import LRUCache
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.strip import Strip

from parser.index import Row
from parser.library import Entry
from parser.posts import short_origin

from ..commands import LIST, bindings
from ..render import class_style, short_class, subject_text
from .layout import LineView, set_virtual_size

PAGE = 200
CACHE_PAGES = 64
# Columns: date, id, marking (S/NF), post, subject. The id's column holds 95% of the corpus's ids
# (5,990 of 6,310 are 14 characters or fewer; 18 held all but 7, and left the subject 4 fewer at
# every width: 17 at 160 columns). A longer id takes the room its marking leaves in the marking's
# column (a C or an S leaves 5), then the post's (the post's name cut shorter), so the subject
# stays in line; only what no column after it has room for pushes the rest of its row along.
DATE, ID, MARK = 10, 14, 6
POST_MIN, POST_MAX, SUBJECT_MIN = 8, 18, 10


def post_width(width: int) -> int:
    """The post column for a pane ``width`` wide: 0 when the date, id, marking, a post and some
    subject do not all fit; else a third of what is left after the first three, within bounds."""
    left = width - (DATE + 1 + ID + 1 + MARK + 1)
    if left < POST_MIN + 1 + SUBJECT_MIN:
        return 0
    return max(POST_MIN, min(POST_MAX, left // 3))


def _to(t: Text, column: int) -> None:
    """Pad ``t`` to ``column``, at least one space after what it holds: a cell that overran its
    column moves the next one along, no further than it must."""
    t.append(" " * max(1, column - len(t)))


class RowSource(Protocol):
    """What the list reads the rows it draws from (``parser.library.Library``)."""

    def rows(self, entries: list[Entry]) -> dict[Entry, Row]:
        """The rows of ``entries`` (an entry no longer in the index is left out)."""
        ...


class CableList(LineView, can_focus=True):
    """Date, id, classification, origin and subject of every cable in the current list."""

    BINDINGS = bindings(LIST)
    COMPONENT_CLASSES = {"cable-list--cursor", "cable-list--date", "cable-list--post", "cable-list--empty",
                         "cable-list--read"}
    # The theme's cursor colours, its text black or white, whichever reads better on them.
    DEFAULT_CSS = """
    CableList { background: $surface; overflow-x: hidden; }
    CableList:focus { background: $surface-lighten-1; }
    CableList > .cable-list--cursor {
        color: auto 100%; background: $block-cursor-blurred-background; text-style: $block-cursor-blurred-text-style;
    }
    CableList:focus > .cable-list--cursor {
        color: auto 100%; background: $block-cursor-background; text-style: $block-cursor-text-style;
    }
    CableList > .cable-list--date { color: $text-primary; }
    CableList > .cable-list--post { color: $text-success; }
    CableList > .cable-list--empty { color: $text-muted; text-style: italic; }
    CableList > .cable-list--read { color: $text-muted; }
    """
    cursor: reactive[int] = reactive(0, repaint=False)  # watch_cursor redraws the two lines

    class Opened(Message):
        """The user asked to read ``entry``."""

        def __init__(self, entry: Entry) -> None:
            self.entry = entry
            super().__init__()

    def __init__(self, source: RowSource, read: Callable[[int, str], bool] | None = None, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.source = source
        # Whether the cable of (archive number, id) has been read: a look-up in memory, never I/O.
        self.read = read or (lambda archive, cable_id: False)
        self.entries: list[Entry] = []
        self.empty = ""  # what the pane says when the list is empty
        self.moved = False  # the user moved the cursor (since the screen last cleared this)
        self._pages: OrderedDict[int, dict[Entry, Row]] = OrderedDict()
        self._strips: LRUCache[tuple[int, int, bool, bool], Strip] = LRUCache(1024)  # lines drawn
        self._last_g = 0.0

    # -- data ----------------------------------------------------------------------------------

    def set_entries(self, entries: list[Entry], keep: Entry | None = None, empty: str = "") -> None:
        """Show ``entries``; keep the cursor on ``keep`` when it is among them; say ``empty`` when
        there are none."""
        self.entries = entries
        self.empty = empty
        self._pages.clear()
        self._strips.clear()
        # Never wider than the pane (no horizontal scrollbar); the screen is not laid out again for it.
        set_virtual_size(self, Size(0, len(entries)))
        target = 0
        if keep is not None:
            try:
                target = entries.index(keep)
            except ValueError:
                target = 0
        old = self.cursor
        self.cursor = min(target, max(0, len(entries) - 1))
        if self.cursor == old:  # no watch_cursor: the view still has to hold the cursor
            self._scroll_cursor_into_view()
        self.refresh()

    @property
    def current(self) -> Entry | None:
        return self.entries[self.cursor] if 0 <= self.cursor < len(self.entries) else None

    def row(self, index: int) -> Row | None:
        page = index // PAGE
        rows = self._pages.get(page)
        if rows is None:
            rows = self.source.rows(self.entries[page * PAGE:(page + 1) * PAGE])
            self._pages[page] = rows
            while len(self._pages) > CACHE_PAGES:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(page)
        return rows.get(self.entries[index])

    # -- drawing -------------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        index = self.scroll_offset.y + y
        width = self.scrollable_content_region.width  # the vertical scrollbar's columns aside
        if index >= len(self.entries):
            if index == 0 and self.empty:
                text = Text(self.empty, style=self.get_component_rich_style("cable-list--empty"), end="")
                text.truncate(width, overflow="ellipsis")
                return Strip(list(text.render(self.app.console))).crop_extend(0, width, self.rich_style)
            return Strip.blank(width, self.rich_style)
        cursor = index == self.cursor
        key = (index, width, cursor, self.has_focus)
        strip = self._strips.get(key)
        if strip is None:  # the row and its read mark only now: a line drawn before costs a look-up
            row = self.row(index)
            read = row is not None and row.id is not None and self.read(row.archive, row.id)
            base = self.rich_style + self.get_component_rich_style("cable-list--cursor") if cursor else self.rich_style
            text = self._line(row, width, cursor, read)
            strip = Strip(list(text.render(self.app.console))).crop_extend(0, width, base)
            if cursor:  # under the row's own styles: the marking keeps its band on the cursor
                strip = strip.apply_style(self.get_component_rich_style("cable-list--cursor"))
            self._strips[key] = strip
        return strip

    def _line(self, row: Row | None, width: int, cursor: bool = False, read: bool = False) -> Text:
        """One row: date, id, marking, post (where the pane has room), subject cut with "…". On
        the cursor row the columns take the cursor's colours; the marking keeps its own. A cable
        not read yet has its id in bold; one read, its id and subject plain and muted."""
        t = Text(no_wrap=True, overflow="ellipsis", end="")
        if row is None:
            t.append("…", style="dim")
            return t
        def look(name: str) -> Style:  # a column's colour; on the cursor row, the cursor's
            return Style() if cursor else self.get_component_rich_style(name)

        t.append(f"{(row.date or '')[:10]:<{DATE}}", style=look("cable-list--date"))
        _to(t, DATE + 1)
        faded = Style() if cursor or not read else self.get_component_rich_style("cable-list--read")
        t.append(row.id or "", style=faded if read else Style(bold=True))
        _to(t, DATE + 1 + ID + 1)
        mark = short_class(row.classification)
        t.append(mark, style=class_style(row.classification))
        column = DATE + 1 + ID + 1 + MARK + 1
        _to(t, column)
        post = post_width(width)
        if post:
            name = short_origin(row.origin)
            room = max(POST_MIN // 2, column + post - len(t))  # less where the id and marking ran over
            name = name if len(name) <= room else name[:room - 1] + "…"
            t.append(name, style=look("cable-list--post"))
            column += post + 1
            _to(t, column)
        start = len(t)
        t.append_text(subject_text(row.subject))
        if read:
            t.stylize(faded, start)
        t.truncate(width, overflow="ellipsis")
        return t

    def reads_changed(self, entry: Entry | None = None) -> None:
        """A cable was marked read or unread: its line is drawn again (the lines cached are keyed
        without the mark). With no ``entry`` (or one not on screen), every line drawn is forgotten."""
        top = int(self.scroll_offset.y)
        index = next((n for n in range(top, min(len(self.entries), top + self.size.height))
                      if self.entries[n] == entry), None) if entry is not None else None
        if index is None:
            self._strips.clear()
            self.refresh()
            return
        for key in [k for k in self._strips.keys() if k[0] == index]:
            self._strips.discard(key)
        self.refresh_line(index)

    def on_resize(self) -> None:
        self.virtual_size = Size(0, len(self.entries))
        self._strips.clear()
        self._scroll_cursor_into_view()

    # -- moving --------------------------------------------------------------------------------

    def watch_cursor(self, old: int, new: int) -> None:
        top = self.scroll_offset.y
        self._scroll_cursor_into_view()
        if self.scroll_offset.y == top:  # no scroll: only the two lines the cursor left and reached
            height = self.scrollable_content_region.height
            for index in (old, new):  # refresh_line takes the line's index in the list, not on screen
                if top <= index < top + height:
                    self.refresh_line(index)

    def _scroll_cursor_into_view(self) -> None:
        """Scroll so that the cursor's row is among the rows shown (none yet: once the pane is laid out)."""
        height = self.scrollable_content_region.height
        if height <= 0:
            if self.entries:
                self.call_after_refresh(self._scroll_cursor_into_view_once)
            return
        top = self.scroll_offset.y
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False, immediate=True)
        elif self.cursor >= top + height:
            self.scroll_to(y=self.cursor - height + 1, animate=False, immediate=True)

    def _scroll_cursor_into_view_once(self) -> None:
        if self.scrollable_content_region.height > 0:
            self._scroll_cursor_into_view()

    def _move_to(self, index: int) -> None:
        if self.entries:
            self.moved = True
            self.cursor = max(0, min(len(self.entries) - 1, index))

    def action_cursor(self, delta: int) -> None:
        self._move_to(self.cursor + delta)

    def action_page(self, direction: int) -> None:
        self._move_to(self.cursor + direction * max(1, self.scrollable_content_region.height - 1))

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

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)  # rows start inside the border
        if offset is None or offset.y >= self.scrollable_content_region.height:
            return
        self._move_to(self.scroll_offset.y + offset.y)
        if event.chain >= 2:
            self.action_open()

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()
