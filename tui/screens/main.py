"""The reader's main screen: it owns the state (the list, the query, the open cable, the place in
it, history) and decides what the panes' and the index runner's messages mean. The panes get the
open cable through ``data_bind``; the viewer answers where the next paragraph, section or hit is;
the index build runs in ``tui.indexer`` and reports through ``tui.messages``."""

from __future__ import annotations

import gc
import time
from pathlib import Path

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.reactive import reactive
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Footer, Header, Input, Label, Static

from parser.cable import Cable
from parser.glossary import describe_tag
from parser.library import Counts, Entry, Library
from parser.query import SORTS, Query, QueryError, parse_query
from parser.snippets import Snippet, hit_terms
from parser.text import terminal_safe

from ..commands import READER, bindings
from ..history import History, Place
from ..indexer import IndexRunner
from ..messages import IndexDone, IndexProgress
from ..render import HIT_STYLE, citation, subject_text
from ..state import State
from ..widgets.cable_list import CableList
from ..widgets.find_box import FindBox
from ..widgets.navigator import Navigator
from ..widgets.search_box import SearchBox
from ..widgets.viewer import Viewer
from .modals import Choice, ExplainScreen, HelpScreen, PickerScreen, TextScreen

# The orders ``s`` goes through (``parser.query.SORTS``; oldest first is date order reversed, ``r``).
SORT_ORDER = tuple(s for s in SORTS if s != "oldest")
NARROW = 110  # below this width one pane takes the screen at a time
FIRST_PAGE = 1000  # rows read before the first paint; the rest of a long list follows from a thread
SAVE_EVERY = 2.0  # seconds: the place in the open cable is written at most this often
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
    MainScreen.why #why { display: block; }
    MainScreen #findbar { height: 1; display: none; background: $boost; }
    MainScreen.finding #findbar { display: block; }
    MainScreen #findbar Label { padding: 0 1; text-style: bold; }
    MainScreen #find { width: 1fr; }
    MainScreen.single #panes > .pane { display: none; }
    MainScreen.single #panes > .pane.-shown { display: block; width: 1fr; }
    """

    cable: reactive[Cable | None] = reactive(None)
    words: reactive[tuple[str, ...]] = reactive(tuple)

    def __init__(self, paths: list[Path], index_dir: Path | None, state: State) -> None:
        super().__init__()
        self.paths = paths
        self.index_dir = index_dir
        self.state = state
        self.library = Library.open(paths, index_dir)
        self.archive_key = "|".join(str(p.resolve()) for p in paths)
        self.current_query: Query = parse_query("")
        self.query_error: str | None = None  # what is wrong with the query in the box, if it does not parse
        self.sort = "date"
        self.reversed = False
        self.entry: Entry | None = None
        self.places = History()
        self.digits = ""
        self.indexing = ""
        self.zoomed = False
        self._last_reload = 0.0
        self._restored = False
        self._list_generation = 0
        self._runner = IndexRunner(self.library, paths, index_dir)
        self._list_loading = False
        self._keep: Entry | None = None  # the entry the cursor goes to once the whole list is in
        self._counts = Counts(0, 0, 0)  # what the index holds, as the list counts it
        self._counted = False  # ``_counts`` read from an index whose last build ran to its end
        self._rows = 0  # records indexed so far, while a build runs
        self._status = Text()
        self._before_search = ""  # the query when the search box was opened: Esc goes back to it
        self._before_pane: Widget | None = None
        self._place_dirty = False
        self._could_clear: bool | None = False  # whether the footer offers to clear the search now
        self.why = True  # the words around the hits of the highlighted row, under the list (w)
        self._why_timer: Timer | None = None
        self.why_for: tuple[Entry, str, int] | None = None  # the row, query and width the why line shows
        self._before_find = ""  # the find when the find box was opened: Esc goes back to it
        self._before_find_y = 0.0

    # -- layout --------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical():
            yield SearchBox(placeholder="search: words \"phrases\" -not OR tag:PHUM from:ASTANA date:2009 … "
                                        "(Up: earlier searches; ? lists the language)", id="search")
            with Horizontal(id="panes"):
                yield CableList(self.library, id="list", classes="pane -shown")
                yield Navigator(id="navigator", classes="pane")
                yield Viewer(id="viewer", classes="pane")
            yield Static(id="why")
            with Horizontal(id="findbar"):
                yield Label("find:")
                yield FindBox(placeholder="plain text, any case (Enter: keep; Esc: as before; Up: earlier finds)",
                              id="find")
            yield Static(id="status")
        yield Footer()

    def on_mount(self) -> None:
        nav = self.query_one(Navigator)
        viewer = self.query_one(Viewer)
        nav.data_bind(MainScreen.cable)
        viewer.data_bind(MainScreen.cable, MainScreen.words)
        self.watch(self.query_one(CableList), "cursor", self._why_soon, init=False)
        self.query_one(CableList).border_title = "cables"
        nav.border_title = "sections"
        viewer.border_title = "cable"
        for a in self.library.archives:
            if a.reset_reason:
                self.notify(a.reset_reason, severity="warning", timeout=10, markup=False)
        self._rows = self.library.count()  # the cheap count first; the list's own after the first paint
        self._layout(self.app.size.width)
        self.indexing = "indexing: looking for new and changed files"  # before the first list: no total yet
        self.reload()
        self.call_after_refresh(self._count)
        self.build_index()
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
        self.show_pane(self._pane() or self.query_one(CableList))
        self._layout(self.app.size.width)
        self.refresh_bindings()

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
        empty = "" if entries or self._list_loading else (
            "Nothing matches the search (c clears it)." if not self.current_query.empty else
            "No cables indexed yet." if self.indexing else "No cables in this archive.")
        cl.set_entries(entries, keep=keep, empty=empty)
        cl.border_title = Content("cables" if self.current_query.empty else f"cables · {self.current_query.text}")
        self.update_status()
        self._why_shown()
        self._why_soon()
        if not self._restored and entries:
            self._restored = True
            self.restore_position()

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
        self._counted = all(a.complete for a in self.library.archives)
        self._rows = self.library.count()
        self.update_status()

    def update_status(self) -> None:
        cl = self.query_one(CableList)
        shown = f"{len(cl.entries):,}{'+' if self._list_loading else ''}"
        # The total once it is known: the index up to date, or complete before this check of it
        # began (a first build's count grows, so none is given while it runs).
        total = f"{self._counts.cables:,}" if not self.indexing or self._counted else None
        self.app.sub_title = f"{self.library.name} · {shown}" + (f" / {total}" if total else "")
        status = Text()
        hits = self._hits_status()
        reading = isinstance(self._pane(), Viewer) or self.has_class("finding")
        if hits and reading:  # first: what the reader of the cable looks at (a narrow terminal cuts the end)
            status.append_text(hits)
            status.append(" · ")
        if self.query_error is not None:
            status.append(f"query error: {self.query_error}", style="bold red")
            status.append(" · nothing listed until the query reads (Esc: the search before; c: clear it)")
        else:
            status.append(f"{shown} shown" + (f" of {total} cables" if total and not self.indexing else ""),
                          style="bold")
            if not self.current_query.empty:  # early: a narrow terminal cuts the end of the line
                status.append(" · query: ")
                status.append(self.current_query.text, style="italic")
            if hits and not reading:
                status.append(" · ")
                status.append_text(hits)
            status.append(f" · sorted by {self.sort}{' (reversed)' if self.reversed else ''}")
            if self.sort == "relevance" and not self.current_query.words():
                status.append(" (no words to rank by: newest first)")
            if self._counts.copies and not self.indexing:  # after the order: at 80 columns, what is cut
                copies = self._counts.copies
                status.append(f" · {copies:,} more {'copy' if copies == 1 else 'copies'} (v)")
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
    def hits_changed(self) -> None:
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
        self._title()
        if cable.id:
            self._note_place(anchor or "meta", save=True)
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
        para = int(anchor[5:]) if anchor.startswith("para-") and anchor[5:].isdigit() else None
        if save:
            self.state.remember(self.archive_key, self.cable.id, para, anchor)
            self._place_dirty = False
        else:
            self.state.positions[self.archive_key] = {"cable": self.cable.id, "paragraph": para, "anchor": anchor}
            self._place_dirty = True

    def _save_place(self) -> None:
        pos = self.state.positions.get(self.archive_key)
        if self._place_dirty and isinstance(pos, dict) and pos.get("cable"):
            self._place_dirty = False
            self.state.remember(self.archive_key, str(pos["cable"]), pos.get("paragraph"), pos.get("anchor"))

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
        self._save_place()
        self.library.close()

    # -- search --------------------------------------------------------------------------------

    def action_search(self) -> None:
        box = self.query_one("#search", SearchBox)
        self._before_search = self.current_query.text if self.query_error is None else box.value
        self._before_pane = self._pane()
        box.start(self.state.search_history(self.archive_key))
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
            q = parse_query(text)
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
            return False
        self.query_error = None
        box.border_subtitle = ""
        box.remove_class("-invalid")
        self.current_query = q
        self.reload()
        self._clearable()
        return True

    def _clearable(self) -> None:
        """The footer offers to clear the search only when there is one (it is rebuilt only then)."""
        now = self.check_action("clear_search", ())
        if now != self._could_clear:
            self._could_clear = now
            self.refresh_bindings()

    @on(Input.Submitted, "#search")
    def search_submitted(self, event: Input.Submitted) -> None:
        if not self.run_query(event.value):
            self.app.bell()
            return
        self.state.searched(self.archive_key, event.value)
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
        if not hit_terms(self.current_query) or self.query_error is not None:
            self.notify(f"why it matched: {'on' if self.why else 'off'} (shown for a search with words)", timeout=3)

    def _why_wanted(self) -> bool:
        """Whether the line shows: on, a search with words, the list on the screen."""
        cl = self.query_one(CableList)
        return (self.why and self.query_error is None and bool(hit_terms(self.current_query))
                and bool(cl.entries) and (not self.has_class("single") or cl.has_class("-shown")))

    def _why_shown(self) -> None:
        self.set_class(self._why_wanted(), "why")

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
        number, self.digits = self.digits, ""
        self.update_status()
        if not self.cable:
            self.notify("open a cable first", timeout=2)
            return
        if not self._go(f"para-{int(number)}"):
            where = " in the raw text (m: the cable as read)" if self.query_one(Viewer).raw else ""
            self.notify(f"this cable has no paragraph {int(number)}{where}", severity="warning", timeout=3)

    def action_raw(self) -> None:
        """The raw text, or the cable as read, at the same part."""
        viewer = self.query_one(Viewer)
        anchor = viewer.position()
        viewer.raw = not viewer.raw
        self._title()
        if anchor and anchor != "meta":
            self.call_after_refresh(self._go, anchor)

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
        c = self.cable
        if c is None:
            self.notify("open a cable first", timeout=2)
            return
        choices = []
        for r in c.references:
            label = Text()
            label.append(f"{r.label + '. ' if r.label else ''}{r.text}")
            found = bool(r.id and self.library.find(r.id))
            label.append(f"  {r.id or '(no id)'}", style="cyan" if found else "dim")
            label.append("" if found else "  not in this archive", style="dim italic")
            choices.append(Choice(r.id or "", label))
        self.app.push_screen(PickerScreen(f"References of {c.id}", choices, "this cable cites no other cable"),
                             self._open_choice)

    def action_citing(self) -> None:
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
        self.notify(f"sorted by {self.sort}", timeout=2)

    def action_reverse(self) -> None:
        self.reversed = not self.reversed
        if self.query_error is None:
            self.reload()

    # -- copy, bookmarks, explain, browse, help ------------------------------------------------

    def action_copy(self) -> None:
        if not self.cable:
            self.notify("open a cable first", timeout=2)
            return
        text = f"{self.cable.id}\n{citation(self.cable)}"
        self.app.copy_to_clipboard(text)
        self.notify(Text(citation(self.cable)).plain, title="copied", timeout=4, markup=False)

    def action_bookmark(self) -> None:
        c = self.cable
        if not c or not c.id:
            self.notify("open a cable first", timeout=2)
            return
        added = self.state.toggle_bookmark(c.id, c.subject)
        self.notify(f"{c.id} {'bookmarked' if added else 'bookmark removed'}", timeout=2, markup=False)
        self.update_status()

    def action_bookmarks(self) -> None:
        choices = [Choice(b["id"], Text.assemble(f"{b['id']}  ", subject_text(b.get("subject"))))
                   for b in self.state.bookmarks]
        self.app.push_screen(PickerScreen("Bookmarks", choices, "no bookmarks yet (b bookmarks a cable)"),
                             self._open_choice)

    def action_explain(self) -> None:
        c = self.cable
        if not c:
            self.notify("open a cable first", timeout=2)
            return
        self.app.push_screen(ExplainScreen(c))

    def action_versions(self) -> None:
        c = self.cable
        if not c or not c.id:
            self.notify("open a cable first", timeout=2)
            return
        copies = self.library.versions(c.id)
        choices = [Choice(e, Text(f"{'→ ' if e == self.entry else '  '}{where}")) for e, where in copies]
        self.app.push_screen(PickerScreen(f"Copies of {c.id}", choices), self._open_version)

    def _open_version(self, entry: Entry | None) -> None:
        if entry is not None:
            self.open_entry(entry)

    def action_browse(self) -> None:
        skipped = self._counts.skipped
        kinds = [Choice("tag", Text("by tag")), Choice("station", Text("by origin")),
                 Choice("classification", Text("by classification")), Choice("year", Text("by year")),
                 Choice("skipped", Text(f"files skipped, with the reason ({skipped:,})"))]
        self.app.push_screen(PickerScreen("Browse the archive", kinds, enter="choose"), self._browse_kind)

    def _browse_kind(self, kind: str | None) -> None:
        if not kind:
            return
        if kind == "skipped":
            self._show_skipped()
            return
        facets = self.library.facet(kind)
        width = min(8, max((len(f.value) for f in facets), default=0))  # meanings in one column (codes of 2-4)
        choices = []
        for f in facets:
            label = Text(f"{f.count:>8,}  {f.value}")
            if kind == "tag" and (meaning := describe_tag(f.value)):
                label.append(" " * (width - len(f.value)) + f"  {meaning}", style="dim")
            choices.append(Choice(f.query, label))
        self.app.push_screen(PickerScreen(f"Browse by {kind} (each count: the cables its search lists)", choices,
                                         enter="search"), self._browse_value)

    def _show_skipped(self) -> None:
        body = Text()
        skipped = self.library.skipped()
        for where, why in skipped:
            body.append(where, style="bold")
            body.append(f"  {why}\n")
        if not skipped:
            body.append("No file was skipped: every file indexed holds cables.", style="dim")
        self.app.push_screen(TextScreen(f"Files skipped ({len(skipped):,}): not listed as cables", body))

    def _browse_value(self, query: str | None) -> None:
        if query:
            box = self.query_one("#search", SearchBox)
            with box.prevent(Input.Changed):
                box.value = query
            if self.run_query(query):
                self.state.searched(self.archive_key, query)
                self._to_top()

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen(getattr(self.app, "keymap", {})))

    def action_quit(self) -> None:
        self.app.exit()

