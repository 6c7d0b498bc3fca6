"""The reader's main screen: it owns the state (the list, the query, the open cable, the place in
it, history) and decides what the panes' and the index runner's messages mean. The panes get the
open cable through ``data_bind``; the viewer answers where the next paragraph, section or hit is;
the index build runs in ``tui.indexer`` and reports through ``tui.messages``."""

from __future__ import annotations

import gc
import sqlite3
import time
from collections.abc import Callable
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.reactive import reactive
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Footer, Input, Label, Static
from textual.worker import get_current_worker

from parser.cable import Cable
from parser.library import Counts, Entry, Library
from parser.query import SORTS, Query, QueryError, condition, narrowed, parse_query
from parser.snippets import Snippet, hit_terms
from parser.text import terminal_safe
from parser.threads import thread

from ..commands import READER, bindings
from ..data.notes import paragraph_of, part, part_name
from ..data.views import View
from ..history import History, Place
from ..indexer import IndexRunner
from ..messages import IndexDone, IndexProgress
from ..render import HIT_STYLE, paragraph_anchors, subject_text
from ..state import Snapshot, State, archive_name
from ..widgets.cable_list import CableList
from ..widgets.find_box import FindBox
from ..widgets.layout import ReaderHeader
from ..widgets.navigator import Navigator
from ..widgets.search_box import SearchBox
from ..widgets.viewer import Viewer

if TYPE_CHECKING:
    from parser.citation import Asked

    from ..widgets.timeline import Bar
    from .browse import Browsed
    from .export import Job, Target
    from .versions import Chosen

# The pop-up screens, exports, citations, diffs, the timeline's bars and the glossary are imported
# when first used: the reader's first frame waits for every module imported before it.

# The orders ``s`` goes through (``parser.query.SORTS``; oldest first is date order reversed, ``r``).
SORT_ORDER = tuple(s for s in SORTS if s != "oldest")
NARROW = 110  # below this width one pane takes the screen at a time
FIRST_PAGE = 200  # rows read before the first paint (four screens); the rest of a long list follows from a thread
SAVE_EVERY = 2.0  # seconds: the place in the open cable is written at most this often
SAID_FOR = 10.0  # seconds a message (what was copied, what was written) stays on the status line
TOGGLE_SAID_FOR = 4.0  # seconds what a toggle key switched to stays first on it
# The find box's text while it is empty (the key that searches the archive from there: Esc Esc /).
FIND_PLACEHOLDER = "in this cable · Esc Esc /: search the archive · Enter keeps it, Esc: as before, Up: earlier"
CHECKING = "indexing: looking for new and changed files"  # what the index runner does first, at every start
WHY_DELAY = 0.05  # seconds the list's cursor rests on a row before its snippet is made (a held key makes none)


class MainScreen(Screen[None]):
    BINDINGS = bindings(READER)
    AUTO_FOCUS = "#list"  # unless the place restored at the start has put the focus on the cable
    DEFAULT_CSS = """
    MainScreen #panes { height: 1fr; }
    MainScreen CableList { width: 6fr; border: round $primary-darken-2; }
    MainScreen Navigator { width: 2fr; border: round $primary-darken-2; }
    MainScreen Viewer { width: 6fr; border: round $primary-darken-2; }
    MainScreen CableList:focus, MainScreen Navigator:focus, MainScreen Viewer:focus { border: round $accent; }
    MainScreen #search { display: none; }
    MainScreen.searching #search { display: block; }
    MainScreen #status { height: 1; width: 1fr; padding: 0 1; background: $boost; }
    MainScreen #why { height: 2; width: 1fr; padding: 0 1; display: none; }
    MainScreen #findbar { height: 1; display: none; background: $boost; }
    MainScreen.finding #findbar { display: block; }
    MainScreen #findbar Label { padding: 0 1; text-style: bold; }
    MainScreen #find { width: 1fr; }
    MainScreen.single #panes > .pane { display: none; }
    MainScreen.single #panes > .pane.-shown { display: block; width: 1fr; }
    """

    # Bound into the panes, which draw them: a change repaints those, not every widget of the screen.
    cable: reactive[Cable | None] = reactive(None, repaint=False)
    words: reactive[tuple[str, ...]] = reactive(tuple, repaint=False)
    notes: reactive[tuple[tuple[str | None, str], ...]] = reactive(tuple, repaint=False)  # the open cable's notes

    def __init__(self, paths: list[Path], index_dir: Path | None, state: State) -> None:
        super().__init__()
        self.paths = paths
        self.index_dir = index_dir
        self.state = state
        self.library = Library.open(paths, index_dir)
        self.archive_key = "|".join(str(p.resolve()) for p in paths)
        self.archive_names = [archive_name(p) for p in paths]  # each archive's read marks
        self.saved = state.saved(self.archive_names)  # what ``is:read`` and ``has:note`` ask of
        self.current_query: Query = parse_query("", self.saved)
        self.query_error: str | None = None  # what is wrong with the query in the box, if it does not parse
        self.sort = "date"
        self.reversed = False
        self.entry: Entry | None = None
        self.places = History()
        self.digits = ""
        self.indexing = ""
        self.zoomed = False
        self._reads_marked = False  # a cable was marked read since the start (saved again on leaving)
        self._last_reload = 0.0
        self._restored = False
        self._list_generation = 0
        self._runner = IndexRunner(self.library, paths, index_dir)
        self._list_loading = False
        self._ranked_among: int | None = None  # relevance ranks only this many matches (the last)
        self._titled: tuple[str, str] | None = None  # the query and the count the title gave once it was whole
        self._any_year: list[str] = []  # what a ``ref:`` without a year found (``Library.any_year``)
        self._keep: Entry | None = None  # the entry the cursor goes to once the whole list is in
        self._counts = Counts(0, 0, 0)  # what the index holds, as the list counts it
        self._counted = False  # ``_counts`` read from an index whose last build ran to its end
        self._rows = 0  # records indexed so far, while a build runs
        self._status = Text()
        self._before_search = ""  # the query when the search box was opened: Esc goes back to it
        self._before_pane: Widget | None = None
        self._place_dirty = False
        self._place_sent = False  # a write of the place was handed to a thread
        self._view_dirty = False  # the list's query or order changed since ``views.json`` was last handed a write
        self._view_sent = False
        self._unread_view: str | None = None  # why the query the last session left does not read now
        self._from_last = False  # the list's query and order are the last session's, as restored
        self._judging: str | None = None  # the query restored, until its whole list is seen
        self._could_clear: bool | None = False  # whether the footer offers to clear the search now
        self._said: Text | None = None  # what was just done (copied, written), first on the status line
        self._said_timer: object | None = None
        self.why = True  # the words around the hits of the highlighted row, under the list (w)
        self._why_timer: Timer | None = None
        self.why_for: tuple[Entry, str, int] | None = None  # the row, query and width the why line shows
        self._before_find = ""  # the find when the find box was opened: Esc goes back to it
        self._before_find_y = 0.0

    # -- layout --------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield ReaderHeader()
        with Vertical():
            yield SearchBox(placeholder="search: words \"phrases\" -not OR tag:PHUM from:ASTANA date:2009 … "
                                        "(Up: earlier searches; ? lists the language)", id="search")
            with Horizontal(id="panes"):
                yield CableList(self.library, read=self._is_read, id="list", classes="pane -shown")
                yield Navigator(id="navigator", classes="pane")
                yield Viewer(id="viewer", classes="pane")
            yield Static(id="why")
            with Horizontal(id="findbar"):
                yield Label("find:")
                # What it does and how to do the other thing first: a cable restored on a small
                # terminal takes the screen, and / there finds in it, not in the archive.
                yield FindBox(placeholder=FIND_PLACEHOLDER, id="find")
            yield Static(id="status")
        yield Footer()

    def on_mount(self) -> None:
        nav = self.query_one(Navigator)
        viewer = self.query_one(Viewer)
        nav.data_bind(MainScreen.cable)
        viewer.data_bind(MainScreen.cable, MainScreen.words, MainScreen.notes)
        self.watch(self.query_one(CableList), "cursor", self._why_soon, init=False)
        self.query_one(CableList).border_title = "cables"
        nav.border_title = "sections"
        viewer.border_title = "cable"
        for a in self.library.archives:
            if a.reset_reason:
                self.notify(a.reset_reason, severity="warning", timeout=10, markup=False)
        self._rows = self.library.count()  # the cheap count first; the list's own after the first paint
        self._layout(self.app.size.width)
        self.indexing = CHECKING  # before the first list: no total yet
        restored = self._restore_view()
        self.reload()
        if restored is not None:
            self._restored_view(restored)
        self.call_after_refresh(self._count)
        # After the first frame: the index check is a process of its own that starts Python and
        # walks the archive, on the cores the first frame is drawn with.
        self.call_after_refresh(self.build_index)
        self.set_interval(SAVE_EVERY, self._save_place)
        # What exists once the reader is up (modules, widgets, styles) lives until it closes: set
        # apart from the collector, a full collection no longer walks it (tens of ms mid-key).
        self.call_after_refresh(gc.freeze)

    def on_resize(self) -> None:
        self._layout(self.app.size.width)

    def _layout(self, width: int) -> None:
        self.set_class(width < NARROW, "narrow")
        self.set_class(width < NARROW or self.zoomed, "single")
        self._why_shown()

    def _panes(self) -> list[Widget]:
        return [self.query_one(CableList), self.query_one(Navigator), self.query_one(Viewer)]

    def _pane(self) -> Widget | None:
        """The pane that has the focus, if one has."""
        focused = self.focused
        return next((p for p in self._panes() if p is focused), None)

    def show_pane(self, pane: Widget) -> None:
        """Focus ``pane``; on a small terminal, or zoomed, it is the one shown."""
        for p in self._panes():
            p.set_class(p is pane, "-shown")
        self.set_focus(pane)  # now, not after the keys already typed: they go to the pane shown

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        if event.widget is self.focused and event.widget in self._panes() and not event.widget.has_class("-shown"):
            self.show_pane(event.widget)
        self._why_shown()
        self.update_status()

    def action_pane(self, step: int) -> None:
        panes = self._panes()
        current = self._pane() or self._before_pane or panes[0]
        self.show_pane(panes[(panes.index(current) + step) % len(panes)])

    def action_zoom(self) -> None:
        self.zoomed = not self.zoomed
        pane = self._pane() or self.query_one(CableList)
        self.show_pane(pane)
        self._layout(self.app.size.width)
        self.refresh_bindings()
        name = "list" if isinstance(pane, CableList) else "sections" if isinstance(pane, Navigator) else "cable"
        narrow = " (below 110 columns, one at a time)" if self.has_class("narrow") else ""
        self.toggled(f"zoom: the {name} pane alone, the full width (z: every pane)" if self.zoomed else
                     f"zoom off: every pane{narrow}")

    def action_escape(self) -> None:
        if self.digits:
            self.digits = ""
            self.update_status()
        elif isinstance(self._pane(), Navigator | Viewer):
            self.action_focus_list()
        elif self.zoomed:
            self.action_zoom()

    def action_focus_list(self) -> None:
        self.show_pane(self.query_one(CableList))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "jump":
            return bool(self.digits)
        if action == "escape":
            return bool(self.digits) or self.zoomed or isinstance(self._pane(), Navigator | Viewer)
        if action == "clear_search":
            return not self.current_query.empty or self.query_error is not None
        return True

    # -- the list ------------------------------------------------------------------------------

    def reload(self) -> None:
        """Show the list for the current query and sort: its first page at once, the rest from a
        thread (a quarter of a million rows take most of a second to read and order)."""
        self._list_generation += 1
        limit = None if self.reversed else FIRST_PAGE
        entries, complete = self.library.entries_page(self.current_query, sort=self.sort, limit=limit)
        self._list_loading = not complete
        self._ranked_among = None
        self._any_year = self.library.any_year(self.current_query)
        if self.sort == "relevance":  # whether it ranks every match: said after the page is drawn
            self.call_after_refresh(self._note_ranking, self._list_generation)
        cl = self.query_one(CableList)
        if cl.moved:  # the user moved since the last load began: where they went wins
            self._keep = None
        if not complete and self._keep is None and not self._left_at_top(cl):
            self._keep = cl.current  # may lie beyond the first page
        cl.moved = False  # a move from now on wins over ``_keep``
        self._show_entries(entries)
        if not complete:
            # After the frame that shows the first page: the thread would take the interpreter
            # from the drawing of it.
            self.call_after_refresh(self.load_rest, self._list_generation, self.current_query, self.sort)

    def _note_ranking(self, generation: int) -> None:
        if generation == self._list_generation:
            self._ranked_among = self.library.ranked_among(self.current_query)
            self.update_status()

    def _left_at_top(self, cl: CableList) -> bool:
        """A cursor nobody moved, on the top row with no cable open: it stays on the top row, for
        the rows indexed later sort above it (keeping its cable ended a first build mid-archive)."""
        return cl.cursor == 0 and not cl.moved and self.cable is None

    def _show_entries(self, entries: list[Entry]) -> None:
        cl = self.query_one(CableList)
        if self.reversed:
            entries.reverse()
        if cl.moved:  # the user moved while the list loaded: the cursor stays where they took it
            self._keep = None
        keep = self._keep if self._keep is not None and self._keep in entries else (
            None if self._left_at_top(cl) else cl.current)
        building = bool(self.indexing) and self.indexing != CHECKING  # files being read into the index
        empty = "" if entries or self._list_loading else (
            "Nothing matches among the cables indexed so far; the list fills as the index is built."
            if building and not self.current_query.empty else
            "Nothing matches the search (c clears it)." if not self.current_query.empty else
            "No cables indexed yet." if self.indexing else "No cables in this archive.")
        cl.set_entries(entries, keep=keep, empty=empty)
        cl.border_title = Content("cables" if self.current_query.empty else f"cables · {self.current_query.text}")
        self.update_status()
        self._why_shown(later=True)
        self._why_soon()
        if not self._restored and entries:
            self._restored = True
            self.restore_position()
        self._judge_view()

    @work(thread=True, exclusive=True, group="list")
    def load_rest(self, generation: int, query: Query, sort: str) -> None:
        entries, _ = self.library.entries_page(query, sort=sort, own_connection=True)
        self.app.call_from_thread(self._rest_loaded, generation, entries)

    def _rest_loaded(self, generation: int, entries: list[Entry]) -> None:
        if generation == self._list_generation:  # else a newer query or sort has replaced it
            self._list_loading = False
            self._show_entries(entries)
            self._keep = None

    def _count(self) -> None:
        """The list's counts (each reference id once), after the first paint: a grouping of the
        id index, tens of milliseconds on a large archive."""
        self._counts = self.library.counts()
        self._counted = self._counted_before()
        self._rows = self.library.count()
        self.update_status()

    def update_status(self) -> None:
        cl = self.query_one(CableList)
        shown = f"{len(cl.entries):,}{'+' if self._list_loading else ''}"
        # The total once it is known: the index up to date, or complete before this check of it
        # began (a first build's count grows, so none is given while it runs).
        total = self._counts.said if not self.indexing or self._counted else None  # "6,310 cables (6,298 ids)"
        ids = f"{self._counts.cables:,} {'id' if self._counts.cables == 1 else 'ids'}"  # what the list shows
        # The title counts only what is counted (a restart showed "199+", the first page read): while
        # a list is read, the count the same query had (read again as the index is brought up to
        # date), else none but what is being done when that is the index.
        if not self._list_loading:
            self._titled = (self.current_query.text, f"{len(cl.entries):,}" + (f" of {total}" if total else ""))
        listed = self._titled[1] if self._titled and self._titled[0] == self.current_query.text else None
        doing = "checking files" if self.indexing == CHECKING else "indexing" if self.indexing else None
        self.query_one(ReaderHeader).show_sub_title(" · ".join(p for p in (self.library.name, listed or doing) if p))
        status = Text()
        if self._said is not None:
            status.append_text(self._said)
            status.append(" · ")
        hits = self._hits_status()
        reading = isinstance(self._pane(), Viewer) or self.has_class("finding")
        if hits and reading:  # first: what the reader of the cable looks at (a narrow terminal cuts the end)
            status.append_text(hits)
            status.append(" · ")
        if self.query_error is not None:
            status.append(f"query error: {self.query_error}", style="bold red")
            status.append(" · nothing listed until the query reads (Esc: the search before; c: clear it)")
        else:
            status.append(f"{shown} shown" + (f" of {ids}" if total and not self.indexing else ""),
                          style="bold")
            for note in self._any_year:  # before the query (the list's title shows it): why the list is so
                status.append(f" · {terminal_safe(note)}")
            if not self.current_query.empty:  # early: a narrow terminal cuts the end of the line
                status.append(" · query: ")
                status.append(self.current_query.text, style="italic")
                if self._from_last and self.sort == "date" and not self.reversed:
                    status.append(" (restored)")
            if hits and not reading:
                status.append(" · ")
                status.append_text(hits)
            status.append(f" · {self._order()}")
            if self._from_last and (self.sort != "date" or self.reversed):  # once, after the query and the order:
                status.append(" (restored)")  # at 80 columns the line is cut soon after
            if self.sort == "relevance" and (why := self.library.unranked(self.current_query)):
                status.append(f" ({why}: newest first)")
            elif self.sort == "relevance" and self._ranked_among:
                # Short: at 80 columns the line is cut soon after (the README tells of the rest, newest first).
                status.append(f" (last {self._ranked_among:,} ranked)")
            # The archive's count, so said only of the whole archive's list: under a query it told of
            # copies the list may not have. After the order: at 80 columns, what is cut.
            if self._counts.copies and not self.indexing and self.current_query.empty:
                copies = self._counts.copies
                # The list shows each id once; ``v`` lists the copies of the open cable, not these.
                status.append(f" · {copies:,} further {'copy' if copies == 1 else 'copies'} of listed ids")
        if self._counts.skipped and not self.indexing:
            status.append(f" · {self._counts.skipped:,} files skipped (f)")
        if self.indexing:
            status.append(f" · {self.indexing}", style="bold")
        if self.digits:
            status.append(f" · go to ¶{self.digits} (Enter)", style="bold")
        if self.state.error:
            status.append(f" · {self.state.error}", style="bold red")
        if status != self._status:
            self._status = status
            # One line of fixed height, the full width: a new text never needs the screen laid out again.
            self.query_one("#status", Static).update(status, layout=False)

    def _hits_status(self) -> Text | None:
        """"hit 3 of 7" in the open cable (of the find, else of the search's words), or how many
        there are before n is pressed; None without any."""
        viewer = self.query_one(Viewer)
        if self.cable is None:
            return None
        out = Text()
        count = viewer.hit_count
        if viewer.find:
            out.append("find ")
            out.append(f"“{terminal_safe(viewer.find)}”", style="italic")
            out.append(": ")
            if not count:
                out.append("not found", style="bold")
                # What was typed may have been meant for the archive (a field, several words).
                out.append(" in this cable (Esc Esc /: the archive)")
                return out
        elif not count:
            return None
        total = f"{count:,}{'+' if viewer.hits_capped else ''}"
        if 0 <= viewer.hit < count:
            out.append(f"hit {viewer.hit + 1:,} of {total}", style="bold")
        else:
            out.append(f"{total} {'hit' if count == 1 else 'hits'} (n: next)", style="bold")
        return out

    @on(Viewer.HitsChanged)
    def hits_changed(self, event: Viewer.HitsChanged) -> None:
        if event.moved and self._said is not None:  # "copied …" no longer hides the hit gone to
            self._unsay()
        else:
            self.update_status()

    @work(thread=True, exclusive=True, group="index")
    def build_index(self) -> None:
        """Bring the index up to date (``IndexRunner``); the list fills from the index as the rows
        are committed, on each ``IndexProgress``."""
        self._runner.run(self.post_message)

    @on(IndexProgress)
    def index_progress(self) -> None:
        self._rows = self.library.count()
        self.indexing = f"indexing: {self._rows:,} cables so far"
        now = time.monotonic()
        if now - self._last_reload > 1.0:
            self._last_reload = now
            self.reload()
        else:
            self.update_status()

    @on(IndexDone)
    def index_done(self, event: IndexDone) -> None:
        self.indexing = ""
        self._counts = self.library.counts()
        self._counted = True
        self._rows = self.library.count()
        if self.query_error is None:
            self.reload()
        self.update_status()
        if event.returncode:
            last = [line for line in event.error.strip().splitlines() if line.strip()][-1:] or ["unknown error"]
            self.notify(f"indexing stopped: {last[0]}", severity="error", timeout=10, markup=False)

    @on(CableList.Opened)
    def list_opened(self, event: CableList.Opened) -> None:
        self.open_entry(event.entry)
        self.show_pane(self.query_one(Viewer))

    # -- opening cables, the place in them -----------------------------------------------------

    def open_entry(self, entry: Entry, *, record: bool = True, anchor: str | None = None) -> None:
        cable, notice = self.library.read_cable(entry)  # notice: its file changed since it was indexed
        if notice:
            self.notify(notice, severity="warning" if cable else "error", timeout=10, markup=False)
        if cable is None:
            self.notify("that cable can no longer be read from the archive", severity="error")
            return
        viewer = self.query_one(Viewer)
        if record:
            if self.cable is not None:
                self.places.note(viewer.position())  # where the cable being left was read
            self.places.visit(Place(entry, anchor))
        self.entry = entry
        if self.has_class("finding"):
            self._close_find()
        viewer.set_reactive(Viewer.find, "")  # a find is the open cable's: the next starts without one
        self.words = tuple(self.current_query.words())
        self.cable = cable
        self._show_notes()  # after the cable: the notes of this one, never the last one's
        self._title()
        if cable.id:
            self._note_place(anchor or "meta", save=True)
            if self.state.mark_read(self.archive_names[entry[0]], cable.id, save=False):
                self.query_one(CableList).reads_changed(entry)
                self._reads_marked = True
                self._write_state(self.state.snapshot("reads.json"))
        if anchor:
            self._go(anchor)  # now: the cable's first frame is at that part, not its header
        self._select(entry)
        self.update_status()

    def _select(self, entry: Entry) -> None:
        """The list's cursor on ``entry`` when it is listed (a reference followed, a bookmark,
        back): Esc from the cable comes back to its row."""
        cl = self.query_one(CableList)
        if cl.current != entry and entry in cl.entries:
            cl.cursor = cl.entries.index(entry)
            cl.moved = True  # as if the user had moved there: a reload keeps it

    def _go(self, anchor: str) -> bool:
        """Show ``anchor`` of the open cable, the navigator on it."""
        if self.query_one(Viewer).go(anchor):
            self.query_one(Navigator).follow(anchor)
            return True
        return False

    def _title(self) -> None:
        viewer = self.query_one(Viewer)
        name = (self.cable.id or "(no id)") if self.cable else "cable"
        viewer.border_title = Content(f"{name}{' (raw)' if viewer.raw else ''}")

    def _note_place(self, anchor: str, save: bool = False) -> None:
        """Remember ``anchor`` of the open cable as the place to come back to in this archive."""
        if not (self.cable and self.cable.id):
            return
        self.state.remember(self.archive_key, self.cable.id, paragraph_of(anchor), anchor, save=False)
        self._place_dirty = not save
        if save:
            self._place_sent = True
            self._write_state(self.state.snapshot("positions.json"))

    def _save_place(self) -> None:
        if self._place_dirty:
            self._place_dirty = False
            self._place_sent = True
            self._write_state(self.state.snapshot("positions.json"))
        if self._view_dirty:
            self._view_dirty = False
            self._view_sent = True
            self._write_state(self.state.snapshot("views.json"))

    # -- the list's query and order, from one session to the next -------------------------------

    def _note_view(self) -> None:
        """Remember the list's query and order as this archive's, written with the place (at most
        every ``SAVE_EVERY`` seconds, and on leaving): a query typed is not a write a key."""
        text = self.current_query.text if self.query_error is None else self.query_one("#search", SearchBox).value
        if self.state.keep_view(self.archive_key, View(text.strip(), self.sort, self.reversed)):
            self._view_dirty = True
            if self._from_last:
                self._from_last = False
                self.update_status()

    def _restore_view(self) -> View | None:
        """Before the first list: the query (in the search box too) and the order this archive's list
        was left with; None when it was left as a new archive opens. A query that no longer reads
        is kept in the box to mend, and the whole archive is listed (``_restored_view`` says so)."""
        view = self.state.view(self.archive_key)
        if view.default:
            return None
        self.sort = view.sort if view.sort in SORTS else "date"
        self.reversed = view.reversed
        if view.query:
            box = self.query_one("#search", SearchBox)
            with box.prevent(Input.Changed):
                box.value = view.query
            try:
                self.current_query = parse_query(view.query, self.saved)
            except QueryError as e:
                self._unread_view = e.message  # said once the list is shown; the box holds it to mend
        return view

    def _restored_view(self, view: View) -> None:
        """Say what came back from the last session; a search that no longer reads gives way to
        the whole archive, never an empty list to be stuck in (one that finds nothing: ``_judge_view``)."""
        if self._unread_view is not None:
            self.say(f"the last session's search does not read ({self._unread_view}); every cable listed, "
                     f"{self._order()} (/ to mend it)", "bold yellow")
            self._note_view()
            return
        self._from_last = True  # the status line marks the query and the order "(restored)" until either changes
        self.update_status()
        if view.query:
            self._judging = view.query
            self._judge_view()

    def _judge_view(self) -> None:
        """Once the list of the query restored is whole and the index up to date (a first build
        lists nothing yet): a query that finds nothing gives way to the whole archive, and says so."""
        if self._judging is None or self._list_loading or (self.indexing and not self._counted_before()):
            return
        query, self._judging = self._judging, None
        if self.query_one(CableList).entries or self.current_query.text != query or not self.library.count():
            return
        self.current_query = parse_query("", self.saved)
        self.reload()
        self._note_view()
        self.say(f"the last session's search `{query}` finds nothing now; every cable listed, {self._order()}",
                 "bold yellow")

    def _counted_before(self) -> bool:
        """Every archive's index ran to its end before this start (only a check for changes is under way)."""
        return all(a.complete for a in self.library.archives)

    def _order(self) -> str:
        return f"sorted by {self.sort}{' (reversed)' if self.reversed else ''}"

    @work(thread=True, group="state")
    def _write_state(self, snap: Snapshot) -> None:
        """A state file written off the interface's thread (an atomic write waits for the disk:
        opening a cable or searching must not)."""
        self.state.write_snapshot(snap)

    def open_id(self, cable_id: str) -> bool:
        entries = self.library.find(cable_id)
        if not entries:
            self.notify(f"{cable_id} is not in this archive", severity="warning", markup=False)
            return False
        self.open_entry(entries[0])
        if len(entries) > 1:
            self.notify(f"{len(entries)} versions of {cable_id} are in the archive; this is the first", markup=False)
        return True

    def restore_position(self) -> None:
        """Open the cable read last in this archive at the part read last, the list's cursor on it."""
        pos = self.state.positions.get(self.archive_key)
        if not isinstance(pos, dict) or not pos.get("cable"):
            return
        entries = self.library.find(str(pos["cable"]))
        if not entries:
            return
        cl = self.query_one(CableList)
        if entries[0] in cl.entries:
            cl.cursor = cl.entries.index(entries[0])
        else:
            self._keep = entries[0]  # beyond the first page: the cursor goes there when the rest is in
        anchor = pos.get("anchor")
        para = pos.get("paragraph")
        if not isinstance(anchor, str):
            anchor = f"para-{para}" if isinstance(para, int) else None
        self.open_entry(entries[0], anchor=anchor)
        if self.has_class("narrow"):
            self.show_pane(self.query_one(Viewer))  # one pane at a time: the one being read

    @on(Navigator.Chosen)
    def navigator_chosen(self, event: Navigator.Chosen) -> None:
        viewer = self.query_one(Viewer)
        if event.go:  # Enter or l: the cable pane at that part (on a small terminal, in place of the sections)
            self.show_pane(viewer)
        if not viewer.go(event.anchor) and viewer.raw:
            self.notify("that part is not found in the raw text (m: the cable as read)", timeout=3)

    @on(Viewer.Reached)
    def viewer_reached(self, event: Viewer.Reached) -> None:
        self.query_one(Navigator).follow(event.anchor)
        self.places.note(event.anchor)
        self._note_place(event.anchor)

    def on_unmount(self) -> None:
        self._runner.stop()
        if self._place_dirty or self._place_sent:  # now, once more: a write in its thread may not end first
            self.state.write_snapshot(self.state.snapshot("positions.json"))
        if self._view_dirty or self._view_sent:
            self.state.write_snapshot(self.state.snapshot("views.json"))
        if self._reads_marked:  # once more, here: a write in its thread may not end before the process
            self.state.write_snapshot(self.state.snapshot("reads.json"))
        self.library.close()

    # -- search --------------------------------------------------------------------------------

    def action_search(self, select: bool = True) -> None:
        box = self.query_one("#search", SearchBox)
        self._before_search = self.current_query.text if self.query_error is None else box.value
        self._before_pane = self._pane()
        box.start(self.state.search_history(self.archive_key), select)
        self.add_class("searching")
        self.set_focus(box)  # now: what is typed right after / goes into the box

    async def on_key(self, event: events.Key) -> None:
        """The search and find keys, the digits and Enter after them act as they reach the screen,
        in the order typed. Bindings run only once the keys typed before them have gone by: a query
        typed at once after / would be taken for commands, and Enter typed at once after 5 would
        find no digits yet."""
        for box in (self.query_one("#search", SearchBox), self.query_one("#find", FindBox)):
            if self.app.focused is box:  # a character typed before the box had the focus
                if event.is_printable and event.character:
                    event.stop()
                    event.prevent_default()
                    box.insert_text_at_cursor(event.character)
                return
        if self.digits and not any(b.action.partition("(")[0] in ("digit", "jump", "escape")
                                   for b in self._bindings.key_to_bindings.get(event.key, ())):
            # Digits wait for Enter; any other key ends them: an unbound one (F5), or the tail of an
            # escape sequence the terminal sent and Textual did not know (``ESC O 2 P``, shift+F1 in
            # some terminals, comes as alt+O, 2, P) never leaves a stale "go to ¶2".
            self.digits = ""
            self.update_status()
        viewer = self.query_one(Viewer)
        if self.focused is viewer and any(b.action == "screen.find" for b in
                                          viewer._bindings.key_to_bindings.get(event.key, ())):
            event.stop()
            event.prevent_default()
            self.action_find()
            return
        for b in self._bindings.key_to_bindings.get(event.key, ()):
            name = b.action.partition("(")[0]
            if name in ("search", "digit", "jump") and self.check_action(name, ()):
                event.stop()
                event.prevent_default()
                await self.run_action(b.action)
                return

    @on(Input.Changed, "#search")
    def search_changed(self, event: Input.Changed) -> None:
        if event.value != self.current_query.text or self.query_error is not None:
            self.run_query(event.value)

    def run_query(self, text: str) -> bool:
        """Search for ``text``. A query that does not parse empties the list and says what is
        wrong: the rows of the last query never stand as the answer to this one."""
        box = self.query_one("#search", SearchBox)
        cl = self.query_one(CableList)
        try:
            q = parse_query(text, self.saved)
        except QueryError as e:
            self.query_error = f"{e.message} (at character {e.position + 1})"
            box.border_subtitle = Content(self.query_error)
            box.add_class("-invalid")
            self._list_generation += 1  # the rest of the last list, if loading, is not this answer
            self._list_loading = False
            cl.set_entries([], empty=f"The query does not read: {self.query_error}.")
            cl.border_title = Content("cables · query error")
            self.update_status()
            self._why_shown()
            self._clearable()
            self._note_view()
            return False
        self.query_error = None
        box.border_subtitle = ""
        box.remove_class("-invalid")
        self.current_query = q
        self.reload()
        self._clearable()
        self._note_view()
        return True

    def _searched(self, text: str) -> None:
        """Keep ``text`` among this archive's searches, written off the interface's thread."""
        if self.state.searched(self.archive_key, text, save=False):
            self._write_state(self.state.snapshot("searches.json"))

    def _clearable(self) -> None:
        """The footer offers to clear the search only when there is one (it is rebuilt only then)."""
        now = self.check_action("clear_search", ())
        if now != self._could_clear:
            self._could_clear = now
            self.refresh_bindings()

    @on(Input.Submitted, "#search")
    def search_submitted(self, event: Input.Submitted) -> None:
        # The list shown as the query was typed is this query's already: it is not read again.
        same = self.query_error is None and event.value == self.current_query.text
        if not same and not self.run_query(event.value):
            self.app.bell()
            return
        self._searched(event.value)
        self.remove_class("searching")
        self._to_top()

    def _to_top(self) -> None:
        """The list of a new search, its first cable selected (and kept when the rest comes in)."""
        cl = self.query_one(CableList)
        cl.cursor = 0
        self._keep = cl.current if self._list_loading else None
        self.show_pane(cl)

    @on(SearchBox.Cancelled)
    def search_cancelled(self) -> None:
        """Esc in the box: the search as it was before the box was opened."""
        box = self.query_one("#search", SearchBox)
        with box.prevent(Input.Changed):
            box.value = self._before_search
        if self._before_search != self.current_query.text or self.query_error is not None:
            self.run_query(self._before_search)
        self.remove_class("searching")
        pane = self._before_pane
        self.show_pane(pane if pane is not None and pane in self._panes() else self.query_one(CableList))

    def action_clear_search(self) -> None:
        box = self.query_one("#search", SearchBox)
        with box.prevent(Input.Changed):
            box.value = ""
        self.run_query("")
        self.words = ()  # the open cable's hits were the cleared search's words: none now
        self.remove_class("searching")
        if box.has_focus:
            self.show_pane(self.query_one(CableList))
        self.notify("search cleared: every cable listed", timeout=2)

    # -- moving inside the cable ---------------------------------------------------------------

    def _step(self, kinds: tuple[str, ...], direction: int, what: str) -> None:
        viewer = self.query_one(Viewer)
        if not self.cable:
            self.notify("no cable open", timeout=2)
            return
        if not viewer.parts(kinds):
            self.notify(f"this cable has no {what}{' found in the raw text' if viewer.raw else ''}", timeout=2)
            return
        target = viewer.next_part(kinds, direction)
        if target is None:
            self.notify(f"{'last' if direction > 0 else 'first'} of the cable's {what}", timeout=2)
            self.app.bell()
            return
        self._go(target)

    def action_paragraph(self, direction: int) -> None:
        self._step(("para-", "text-"), direction, "paragraphs")

    def action_section(self, direction: int) -> None:
        self._step(("section-",), direction, "sections")

    def action_hit(self, direction: int) -> None:
        viewer = self.query_one(Viewer)
        if not self.cable:
            self.notify("no cable open", timeout=2)
            return
        found = viewer.next_hit(direction)
        if found is None:
            self.notify("no hits in this cable (/ in the cable finds text)" if not viewer.find
                        else "the find is not in this cable", timeout=2)
            return
        k, wrapped = found
        if wrapped and viewer.hit_count > 1:
            self.notify("past the last hit: the first again" if direction > 0 else
                        "before the first hit: the last again", timeout=2)
        viewer.go_hit(k)
        self.query_one(Navigator).follow(viewer.position() or "meta")

    # -- find in the open cable ----------------------------------------------------------------

    def action_find(self) -> None:
        """Open the find box of the open cable (the cable pane shown)."""
        viewer = self.query_one(Viewer)
        if not self.cable:
            self.notify("open a cable first: / in the list searches the archive", timeout=3)
            return
        box = self.query_one("#find", FindBox)
        self._before_find, self._before_find_y = viewer.find, viewer.scroll_y
        with box.prevent(Input.Changed):
            box.value = viewer.find
        box.start(box.history)
        self.query_one("#findbar Label", Label).update(Content(f"find in {self.cable.id or 'the cable'}:"))
        self.show_pane(viewer)
        self.add_class("finding")
        self.set_focus(box)  # now: what is typed right after / goes into the box
        self.update_status()

    @on(Input.Changed, "#find")
    def find_changed(self, event: Input.Changed) -> None:
        """As typed: the hits marked, the first one from where the reader is shown."""
        viewer = self.query_one(Viewer)
        viewer.find = event.value
        if viewer.find and viewer.hit_count:
            viewer.scroll_to(y=self._before_find_y, animate=False, immediate=True)
            found = viewer.next_hit(1)
            if found is not None:
                viewer.go_hit(found[0])
        self.update_status()

    @on(Input.Submitted, "#find")
    def find_submitted(self, event: Input.Submitted) -> None:
        viewer = self.query_one(Viewer)
        box = self.query_one("#find", FindBox)
        if viewer.find and not viewer.hit_count:
            self.app.bell()
        box.remember(event.value)
        self._close_find()

    @on(FindBox.Cancelled)
    def find_cancelled(self) -> None:
        """Esc in the find box: the find as it was before the box was opened, at the same place."""
        viewer = self.query_one(Viewer)
        if viewer.find != self._before_find:
            viewer.find = self._before_find
            viewer.scroll_to(y=self._before_find_y, animate=False, immediate=True)
        self._close_find()

    def _close_find(self) -> None:
        self.remove_class("finding")
        viewer = self.query_one(Viewer)
        if self.app.focused is self.query_one("#find", FindBox):
            self.show_pane(viewer)
        self.update_status()

    # -- why it matched ------------------------------------------------------------------------

    def action_why(self) -> None:
        self.why = not self.why
        self.why_for = None
        self._why_shown()
        self._why_soon()
        words = bool(hit_terms(self.current_query)) and self.query_error is None
        self.toggled("why it matched: shown under the list" + ("" if words else ", for a search with words")
                     if self.why else "why it matched: hidden (w shows it)")

    def _why_wanted(self) -> bool:
        """Whether the line shows: on, a search with words, the list on the screen."""
        cl = self.query_one(CableList)
        return (self.why and self.query_error is None and bool(hit_terms(self.current_query))
                and bool(cl.entries) and (not self.has_class("single") or cl.has_class("-shown")))

    def _why_shown(self, later: bool = False) -> None:
        """Show or hide the why line (its own display: a class of the screen would restyle every
        widget). ``later``: a list's, whose first page reaches the screen first; the line, which
        lays the screen out again, in the frame after (a line going is emptied at once)."""
        why = self.query_one("#why", Static)
        wanted = self._why_wanted()
        if why.display == wanted:
            return
        if later:
            if not wanted:
                why.update("", layout=False)
                self.why_for = None
            self.call_after_refresh(self._why_shown)
            return
        why.display = wanted
        for rack in self.query("ToastRack"):  # the messages above the line while it shows (a class
            rack.set_class(wanted, "-above-why")  # of the rack alone: the screen's would restyle all)

    def _why_soon(self) -> None:
        """Make the highlighted row's snippet once the cursor rests (never on the key's path)."""
        if self._why_timer is not None:
            self._why_timer.stop()
            self._why_timer = None
        if self._why_wanted():
            self._why_timer = self.set_timer(WHY_DELAY, self._why_now)

    def _why_now(self) -> None:
        self._why_timer = None
        entry = self.query_one(CableList).current
        width = 2 * max(20, self.query_one("#why", Static).content_region.width or self.app.size.width - 2)
        if entry is None or not self._why_wanted() or self.why_for == (entry, self.current_query.text, width):
            return
        self.make_why(entry, self.current_query, width)

    @work(thread=True, exclusive=True, group="why")
    def make_why(self, entry: Entry, query: Query, width: int) -> None:
        rows = self.library.rows([entry])
        row = rows.get(entry)
        if row is None:
            return
        label = row.id or "(no id)"
        found = self.library.snippets(query, [row], width - len(label) - 2).get(entry)
        self.app.call_from_thread(self._why_made, entry, query.text, width, label, found)

    def _why_made(self, entry: Entry, query: str, width: int, label: str, found: Snippet | None) -> None:
        if entry != self.query_one(CableList).current or query != self.current_query.text:
            return  # the cursor or the search has moved on: a newer snippet is on its way
        self.why_for = (entry, query, width)
        line = Text(no_wrap=False, overflow="ellipsis")
        line.append(label, style="bold")
        line.append("  ")
        if found is None:
            line.append("no word of the search in its subject or text as indexed (it matched on a field)",
                        style="dim italic")
        else:
            text = Text(found.text)
            for a, b in found.hits:
                text.stylize(HIT_STYLE, a, b)
            line.append_text(text)
        self.query_one("#why", Static).update(line, layout=False)

    def action_digit(self, digit: int) -> None:
        self.digits = (self.digits + str(digit))[-3:]
        self.update_status()

    def action_jump(self) -> None:
        from parser.citation import occurrences

        number, self.digits = self.digits, ""
        self.update_status()
        if not self.cable:
            self.notify("open a cable first", timeout=2)
            return
        if not self._go(f"para-{int(number)}"):
            where = " in the raw text (m: the cable as read)" if self.query_one(Viewer).raw else ""
            if self.cable.partial:  # the source lacks the rest: said, not taken for the whole cable
                where += " (a partial extract: the source has only part of it)"
            self.notify(f"this cable has no paragraph {int(number)}{where}", severity="warning", timeout=3)
        elif (count := occurrences(self.cable, int(number))) > 1:  # short: the line is cut at 80 columns
            self.say(f"¶{int(number)} is written {count} times here: this is the first; ] goes to ¶{int(number)}b",
                     style="bold yellow")

    def action_raw(self) -> None:
        """The raw text, or the cable as read, at the same part."""
        viewer = self.query_one(Viewer)
        anchor = viewer.position()
        viewer.raw = not viewer.raw
        self._title()
        if anchor and anchor != "meta":
            self.call_after_refresh(self._go, anchor)
        self.toggled("raw: the cable's text exactly as found (m: the cable as read)" if viewer.raw else
                 "the cable as read, not raw (m: the text exactly as found)")

    # -- history -------------------------------------------------------------------------------

    def action_back(self) -> None:
        self._travel(-1)

    def action_forward(self) -> None:
        self._travel(1)

    def _travel(self, step: int) -> None:
        if self.cable is not None:
            self.places.note(self.query_one(Viewer).position())
        place = self.places.back() if step < 0 else self.places.forward()
        if place is None:
            self.notify("nothing before this" if step < 0 else "nothing after this", timeout=2)
            return
        self.open_entry(place.entry, record=False, anchor=place.anchor)

    # -- references ----------------------------------------------------------------------------

    def action_references(self) -> None:
        """The cables the REF list names, each with its date and subject where it is in the archives."""
        from .modals import Choice, PickerScreen
        c = self.cable
        if c is None:
            self.notify("open a cable first", timeout=2)
            return
        if not c.references:
            self.notify(f"{c.id or 'this cable'} refers to no other cable (t: its thread, who cites it)",
                        timeout=3, markup=False)
            return
        found = {r.id: self.library.find(r.id)[:1] for r in c.references if r.id}
        rows = self.library.rows([e for entries in found.values() for e in entries])
        choices = []
        for r in c.references:
            label = Text()
            label.append(f"{r.label + '. ' if r.label else ''}{r.text}\n    ")
            row = rows.get(found[r.id][0]) if r.id and found.get(r.id) else None
            if row is not None:
                label.append(f"{(row.date or '')[:10]}  ", style="dim")
                label.append(r.id or "", style="bold cyan")
                label.append("  ")
                label.append_text(subject_text(row.subject))
            else:
                label.append(r.id or "(no cable id read in it)", style="dim")
                label.append("  not in the archives" if r.id else "", style="dim italic")
            choices.append(Choice(r.id or "", label))
        self.app.push_screen(PickerScreen(f"References of {c.id}: {len(c.references)}, "
                                          f"{sum(1 for e in found.values() if e)} in the archives", choices),
                             self._open_choice)

    def action_thread(self) -> None:
        """What the open cable cites and what cites it, followed again, as a tree."""
        from .thread import ThreadScreen
        c = self.cable
        if c is None or not c.id:
            self.notify("open a cable first", timeout=2)
            return
        self.app.push_screen(ThreadScreen(thread(self.library, c.id)), self._open_choice)

    def action_citing(self) -> None:
        from .modals import Choice, PickerScreen
        c = self.cable
        if c is None or not c.id:
            self.notify("open a cable first", timeout=2)
            return
        entries = self.library.citing(c.id)
        rows = self.library.rows(entries)
        choices = [Choice(rows[e].id or "", Text.assemble(f"{(rows[e].date or '')[:10]}  {rows[e].id}  ",
                                                          subject_text(rows[e].subject)))
                   for e in entries if e in rows]
        self.app.push_screen(PickerScreen(f"Cables that cite {c.id}", choices, "no cable here cites it"),
                             self._open_choice)

    def _open_choice(self, value: str | None) -> None:
        if value:
            if self.open_id(value):
                self.show_pane(self.query_one(Viewer))
        elif value == "":
            self.notify("that reference names no cable id", timeout=3)

    # -- list order ----------------------------------------------------------------------------

    def action_sort(self) -> None:
        self.sort = SORT_ORDER[(SORT_ORDER.index(self.sort) + 1) % len(SORT_ORDER)] \
            if self.sort in SORT_ORDER else "date"
        if self.query_error is None:
            self.reload()
        self._note_view()
        following = SORT_ORDER[(SORT_ORDER.index(self.sort) + 1) % len(SORT_ORDER)]
        # The reversal (S) stays with the next order: said, so the message and the status line agree.
        self.toggled(f"now sorted by {self.sort}{' (reversed; S: not)' if self.reversed else ''} (s: by {following})")

    def action_reverse(self) -> None:
        self.reversed = not self.reversed
        if self.query_error is None:
            self.reload()
        self._note_view()
        self.toggled(f"now {'reversed' if self.reversed else 'in its own order again'}: {self._order()}")

    # -- copy, bookmarks, explain, browse, help ------------------------------------------------

    def say(self, message: str, style: str = "bold", seconds: float = SAID_FOR) -> None:
        """``message`` first on the status line for a while (what was copied, what was written,
        what a toggle key switched to: ``toggled``)."""
        self._said = Text(message, style=style)
        if self._said_timer is not None:
            self._said_timer.stop()  # type: ignore[attr-defined]
        self._said_timer = self.set_timer(seconds, self._unsay)
        self.update_status()

    def toggled(self, message: str) -> None:
        """What a toggle key (s, S, z, m, w, b, u) switched to, first on the status line, where
        the eye is after a key: each says it there, none in a pop-up message of its own."""
        self.say(message, seconds=TOGGLE_SAID_FOR)

    def _unsay(self) -> None:
        self._said = None
        self._said_timer = None
        self.update_status()

    def action_copy(self) -> None:
        """Copy the open cable's citation (id, subject, post, date) and, when the viewer is at a
        paragraph, its number, portion marking and text."""
        from parser.citation import Cited, line
        c = self.cable
        if not c:
            self.notify("open a cable first", timeout=2)
            return
        anchor = self.query_one(Viewer).current_anchor or ""
        anchors = paragraph_anchors(c)  # ``para-5b``: the second ¶5, cited as ``cables cite`` names it
        at = anchors.index(anchor) if anchor in anchors else None
        para = c.paragraphs[at] if at is not None else None  # unnumbered: its text and marking, no number
        item = Cited.of(c)
        if para is not None:
            occurrence = sum(1 for q in c.paragraphs[:at] if q.number is not None and q.number == para.number) + 1
            item = replace(item, paragraph=para.number, marking=para.marking, occurrence=occurrence)
        cited = line(item)
        self.app.copy_to_clipboard(cited + (f"\n\n{para.text}" if para is not None else ""))
        where = f" {item.pinpoint()}" if para is not None else ""
        self.say(f"copied the citation of {terminal_safe(c.id or '(no id)')}{where}"
                 + (" and the paragraph's text" if para is not None else ""))

    def action_export(self) -> None:
        from .export import jobs
        from .modals import Choice, PickerScreen
        cl = self.query_one(CableList)
        listed = len(cl.entries) if self.query_error is None else 0
        choices = [Choice(j, Text(j.label)) for j in jobs(listed, self.cable.id if self.cable else None,
                                                          len(self.state.bookmarks), self._list_loading,
                                                          len(self.state.notes.notes))]
        self.app.push_screen(PickerScreen("Export: what, and in which form", choices,
                                          "nothing to export yet: no cable listed, none open, no bookmarks or notes",
                                          enter="choose"), self._export_chosen)

    def _export_chosen(self, job: Job | None) -> None:
        from .export import ExportScreen, default_path
        if job is None:
            return
        name = {"results": self.current_query.text or "all", "cable": self.cable.id if self.cable else "",
                "bookmarks": "bookmarks", "notes": "notes"}.get(job.what, "")
        self.app.push_screen(ExportScreen(job, default_path(job, name or "")), partial(self._export_to, job))

    def _export_to(self, job: Job, target: Target | None) -> None:
        if target is None:
            return
        cl = self.query_one(CableList)
        entries = None if self._list_loading else list(cl.entries)  # else the whole list, read again
        self.say(f"writing {self._fitted(target.path, len('writing …'))}…")
        asked = self.state.asked(job.what) if job.what in ("bookmarks", "notes") else []
        self.write_export(job, target, entries, self.cable, asked, self.current_query, self.sort, self.reversed)

    @work(thread=True, exclusive=True, group="export")
    def write_export(self, job: Job, target: Target, entries: list[Entry] | None, cable: Cable | None,
                     asked: list[Asked], query: Query, sort: str, reverse: bool) -> None:
        """Make the export's text and write it (a long list as JSONL parses every cable: off the
        interface's thread, its progress on the status line)."""
        from parser import export

        from .export import FORM_NAMES
        try:
            text, count = self._export_text(job, entries, cable, asked, query, sort, reverse)
            export.write_file(target.path, text, replace=target.replace)
        except export.ExportError as e:
            self.app.call_from_thread(self._exported, str(e), True)
        except Exception as e:  # noqa: BLE001 - a failure is said, never a traceback
            self.app.call_from_thread(self._exported, f"could not write {target.path}: {e}", True)
        else:
            self.app.call_from_thread(self._exported, f"wrote {count} as {FORM_NAMES[job.form]} to ", False,
                                      target.path)

    def _fitted(self, path: Path, before: int) -> str:
        """``path`` as the status line can show it after ``before`` characters: the folders
        shortened, never the file's name (``short_path``)."""
        from .export import short_path

        width = self.query_one("#status", Static).content_region.width or self.app.size.width - 2
        return short_path(Path(terminal_safe(str(path))), width - before)

    def _exported(self, message: str, failed: bool, path: Path | None = None) -> None:
        """What the export did, first on the status line (``path``: the file written, after ``message``)."""
        message = terminal_safe(message)
        if path is not None:
            message += self._fitted(path, len(message))
        self.say(message, "bold red" if failed else "bold")
        if failed:
            self.notify(message, severity="error", timeout=10, markup=False)

    def _export_text(self, job: Job, entries: list[Entry] | None, cable: Cable | None, asked: list[Asked],
                     query: Query, sort: str, reverse: bool) -> tuple[str, str]:
        """The text of ``job`` and what it holds (``12 cables``)."""
        from parser import export
        from parser.citation import FORMATS as CITATION_FORMATS
        from parser.citation import lookup
        if job.what == "cable":
            if cable is None:
                raise export.ExportError("no cable is open")
            return export.CABLE_WRITERS[job.form](cable), cable.id or "the cable"
        if job.what in ("bookmarks", "notes"):
            cited, _ = lookup(self.library, asked)
            return CITATION_FORMATS[job.form](cited), f"{len(cited):,} citation{'s' if len(cited) != 1 else ''}"
        if entries is None:
            entries, _ = self.library.entries_page(query, sort=sort, own_connection=True)
            if reverse:
                entries.reverse()
        if job.form == "jsonl":
            records = []
            for n, entry in enumerate(entries):
                c = self.library.cable(entry)
                if c is not None:
                    records.append(c.to_dict(paragraphs=False))
                if n % 500 == 499:
                    self.app.call_from_thread(self.say, f"exporting: {n + 1:,} of {len(entries):,} cables read")
            text = export.results_jsonl(records)
            return text, f"{len(records):,} cables"
        rows = []
        for start in range(0, len(entries), 500):
            chunk = entries[start:start + 500]
            found = self.library.rows(chunk)
            rows += [found[e] for e in chunk if e in found]
        title = f"cables: {query.text}" if query.text else "cables: every cable"
        text = export.results_csv(rows) if job.form == "csv" else export.results_markdown(rows, title)
        return text, f"{len(rows):,} cables"

    def action_bookmark(self) -> None:
        c = self.cable
        if not c or not c.id:
            self.notify("open a cable first", timeout=2)
            return
        added = self.state.toggle_bookmark(c.id, c.subject)
        self.toggled(f"{terminal_safe(c.id)} bookmarked (B: your bookmarks)" if added else
                     f"{terminal_safe(c.id)}: bookmark removed (b: again)")

    def action_bookmarks(self) -> None:
        from .modals import BookmarksScreen
        self.app.push_screen(BookmarksScreen(self.state, self._write_note), self._open_choice)

    # -- read marks and notes ------------------------------------------------------------------

    def _is_read(self, archive: int, cable_id: str) -> bool:
        return self.state.reads.is_read(self.archive_names[archive], cable_id)

    def action_toggle_read(self) -> None:
        """The cable under the list's cursor (from the list) or the one open: unread again, or read."""
        cl = self.query_one(CableList)
        entry = cl.current if self._pane() is cl else self.entry
        row = self.library.rows([entry]).get(entry) if entry is not None else None
        if row is None or not row.id:
            self.notify("no cable to mark", timeout=2)
            return
        read = not self._is_read(row.archive, row.id)
        self.state.mark_read(self.archive_names[row.archive], row.id, read)
        cl.reads_changed(entry)
        again = "unread" if read else "read"
        self.toggled(f"{terminal_safe(row.id)} marked {'read' if read else 'unread'} (u: {again} again)")

    def _show_notes(self) -> None:
        c = self.cable
        self.notes = tuple((n.anchor, n.text) for n in self.state.notes.of(c.id)) if c and c.id else ()

    def action_note(self) -> None:
        """A note on the paragraph the cable pane is at (at the header or a heading: on the cable)."""
        c = self.cable
        if not c or not c.id:
            self.notify("open a cable first", timeout=2)
            return
        anchor = part(self.query_one(Viewer).position())
        self._write_note(c.id, lambda: None, anchor)

    def _write_note(self, cable_id: str, done: Callable[[], None], anchor: str | None = None) -> None:
        """Ask for the note on ``anchor`` of ``cable_id`` (None: the cable) in a modal; keep it."""
        from .modals import NoteScreen
        old = self.state.notes.get(cable_id, anchor)

        def keep(text: str | None) -> None:
            if text is None:
                return
            if self.state.write_note(cable_id, anchor, text):
                self.notify(f"note {'kept' if text.strip() else 'removed'}: {cable_id}, {part_name(anchor)}",
                            timeout=2, markup=False)
            if self.cable is not None and self.cable.id == cable_id:
                self._show_notes()
            self.update_status()
            done()

        self.app.push_screen(NoteScreen(f"Note on {cable_id}, {part_name(anchor)}", old.text if old else ""), keep)

    def action_explain(self) -> None:
        from .modals import ExplainScreen
        c = self.cable
        if not c:
            self.notify("open a cable first", timeout=2)
            return
        self.app.push_screen(ExplainScreen(c), self._narrow_to)

    def _narrow_to(self, cond: str | None) -> None:
        if cond:
            self.narrow(cond)

    def action_versions(self) -> None:
        """Every copy of the open cable, each with how it differs from the copy open."""
        from parser.diff import diff_cables

        from .versions import Copy, VersionsScreen
        c = self.cable
        if not c or not c.id:
            self.notify("open a cable first", timeout=2)
            return
        copies = []
        for e, where in self.library.versions(c.id):
            if e == self.entry:
                against = "the copy open"
            else:
                other = self.library.cable(e)
                against = "could not be read again" if other is None else \
                    f"against the copy open: {diff_cables(other, c).summary()}"
            copies.append(Copy(e, where, against))
        self.app.push_screen(VersionsScreen(f"Copies of {c.id} in the archives opened: {len(copies)}", copies,
                                            self.entry), self._version_chosen)

    def _version_chosen(self, chosen: Chosen | None) -> None:
        from parser.diff import diff_cables

        from .versions import DiffScreen
        if chosen is None:
            return
        if chosen.open is not None:
            self.open_entry(chosen.open)
            return
        if chosen.compare is None:
            return
        names = dict(self.library.versions(self.cable.id if self.cable and self.cable.id else ""))
        (a, old), (b, new) = ((e, self.library.cable(e)) for e in chosen.compare)
        if old is None or new is None:
            self.notify("that copy can no longer be read from the archive", severity="error")
            return
        d = diff_cables(old, new, names.get(a, "the first copy"), names.get(b, "the second copy"))
        self.app.push_screen(DiffScreen(f"What changed in {new.id}", d))

    def _browsed_query(self) -> Query:
        """What browsing counts within: the query listed (all cables when it does not read)."""
        return self.current_query if self.query_error is None else parse_query("")

    def _scope(self, q: Query) -> str:
        """What browsing counts, in words: "within 114 results of `torture egypt`"."""
        cl = self.query_one(CableList)
        n = f"{len(cl.entries):,}{'+' if self._list_loading else ''}"
        if q.empty:
            note = " (the query does not read)" if self.query_error is not None else ""
            return f"the whole archive{note}: {n} cable{'' if n == '1' else 's'}"
        return f"within {n} result{'' if n == '1' else 's'} of `{terminal_safe(q.text)}`"

    def action_timeline(self) -> None:
        """The browse screen, Enter on its timeline's bar."""
        self.action_browse(timeline=True)

    def action_browse(self, timeline: bool = False) -> None:
        """The timeline of the current results and the ways to count them (``BrowseScreen``): a
        year a bar, a month a bar when the results span three years or fewer. Counted in a thread
        (a few hundred ms over a quarter of a million cables): the screen keeps drawing."""
        q = self._browsed_query()
        self.count_timeline(q, self._scope(q), timeline)

    @work(thread=True, exclusive=True, group="facets")
    def count_timeline(self, q: Query, scope: str, timeline: bool) -> None:
        from ..widgets.timeline import Bar, periods
        try:
            years = self.library.facet("year", q)
            months = bool(years) and int(years[-1].value) - int(years[0].value) < 3
            found = {f.value: f.count for f in (self.library.facet("month", q) if months else years)}
        except sqlite3.Error as e:
            self.app.call_from_thread(self.notify, f"cannot count the cables: {e}", severity="error", markup=False)
            return
        bars = [Bar(p, condition("date", p), found.get(p, 0)) for p in periods(found, months)]
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show_browse, scope, bars, months, timeline)

    def _show_browse(self, scope: str, bars: list[Bar], months: bool, timeline: bool) -> None:
        from .browse import BrowseScreen
        from .modals import Choice
        skipped = self._counts.skipped
        kinds = [Choice("tag", Text("by tag")), Choice("station", Text("by origin")),
                 Choice("classification", Text("by classification")), Choice("year", Text("by year")),
                 Choice("skipped", Text(f"files skipped, with the reason ({skipped:,})"))]
        self.app.push_screen(BrowseScreen(scope, bars, months, kinds, timeline), self._browsed)

    def _browsed(self, choice: Browsed | None) -> None:
        if choice is None:
            return
        if choice.condition:
            self.narrow(choice.condition)
        elif choice.kind == "skipped":
            self._show_skipped()
        elif choice.kind:
            q = self._browsed_query()
            self.count_facet(q, self._scope(q), choice.kind)

    @work(thread=True, exclusive=True, group="facets")
    def count_facet(self, q: Query, scope: str, kind: str) -> None:
        from parser.glossary import describe_tag

        from .modals import Choice, PickerScreen
        try:
            facets = self.library.facet(kind, q)
        except sqlite3.Error as e:
            self.app.call_from_thread(self.notify, f"cannot count the cables: {e}", severity="error", markup=False)
            return
        width = min(8, max((len(f.value) for f in facets), default=0))  # meanings in one column (codes of 2-4)
        choices = []
        for f in facets:
            label = Text(f"{f.count:>8,}  {f.value}")
            if kind == "tag" and (meaning := describe_tag(f.value)):
                label.append(" " * (width - len(f.value)) + f"  {meaning}", style="dim")
            choices.append(Choice(f.query, label))
        name = {"tag": "Tags", "station": "Origins", "classification": "Classifications", "year": "Years"}[kind]
        screen = PickerScreen(f"{name} {scope} (each count: the cables listed once it is added to the query)",
                              choices, enter="narrow the query to it")
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self.app.push_screen, screen, self._narrow_to)

    def _show_skipped(self) -> None:
        from .modals import TextScreen
        body = Text()
        skipped = self.library.skipped()
        for where, why in skipped:
            body.append(where, style="bold")
            body.append(f"  {why}\n")
        if not skipped:
            body.append("No file was skipped: every file indexed holds cables.", style="dim")
        self.app.push_screen(TextScreen(f"Files skipped ({len(skipped):,}): not listed as cables", body))

    def narrow(self, cond: str) -> None:
        """Add ``cond`` to the query (a value browsed, a bar of the timeline, a code explained; a
        period, a classification or an origin in place of the query's own: ``narrowed``): the
        list narrows at once, and the search box opens on the whole query, the cursor after it,
        to edit it (Enter or Esc goes back to the list; ``c`` clears it)."""
        base = self.current_query.text if self.query_error is None else ""
        done = narrowed(base, cond)
        text = done.text
        box = self.query_one("#search", SearchBox)
        with box.prevent(Input.Changed):
            box.value = text
        if not self.run_query(text):
            return
        self._searched(text)
        self._to_top()
        # Once the pop-up that chose it has given the focus back to where it was (the cable, for ``e``).
        self.call_after_refresh(self._edit_narrowed)
        said = (f"{cond} is in the query already" if text == base else
                f"{cond} in place of {' and '.join(done.replaced)}" if done.replaced else f"{cond} added to the query")
        self.notify(said, timeout=3, markup=False)

    def _edit_narrowed(self) -> None:
        """The search box on the query just narrowed, the cursor after it; Enter or Esc: the list."""
        self.action_search(select=False)
        self._before_pane = self.query_one(CableList)

    def action_help(self) -> None:
        from .modals import HelpScreen
        self.app.push_screen(HelpScreen(getattr(self.app, "keymap", {})))

    def action_quit(self) -> None:
        self.app.exit()

