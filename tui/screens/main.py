"""The reader's main screen: it owns the state (the list, the open cable, history) and decides
what the panes' messages mean. The panes get the open cable through ``data_bind``."""

from __future__ import annotations

import gc
import subprocess
import sys
import time
from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, Static
from textual.worker import get_current_worker

from parser.cable import Cable
from parser.glossary import describe_tag
from parser.library import Entry, Library
from parser.query import Query, QueryError, parse_query

from ..commands import READER, bindings
from ..render import citation
from ..state import State
from ..widgets.cable_list import CableList
from ..widgets.navigator import Navigator
from ..widgets.viewer import Viewer
from .modals import HelpScreen, PickerScreen, TextScreen

SORT_ORDER = ("date", "id", "origin", "classification")
NARROW = 110
FIRST_PAGE = 1000  # rows read before the first paint; the rest of a long list follows from a thread


class MainScreen(Screen[None]):
    BINDINGS = bindings(READER)
    DEFAULT_CSS = """
    MainScreen #panes { height: 1fr; }
    MainScreen CableList { width: 5fr; border: round $primary-darken-2; }
    MainScreen Navigator { width: 2fr; border: round $primary-darken-2; }
    MainScreen Viewer { width: 6fr; border: round $primary-darken-2; }
    MainScreen CableList:focus, MainScreen Navigator:focus, MainScreen Viewer:focus { border: round $accent; }
    MainScreen #search { display: none; }
    MainScreen.searching #search { display: block; }
    MainScreen #status { height: 1; width: 1fr; padding: 0 1; background: $boost; }
    MainScreen.narrow Navigator { display: none; }
    MainScreen.narrow Viewer { display: none; }
    MainScreen.narrow.reading Viewer { display: block; }
    MainScreen.narrow.reading CableList { display: none; }
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
        self.sort = "date"
        self.reversed = False
        self.entry: Entry | None = None
        self.history: list[Entry] = []
        self.history_pos = -1
        self.digits = ""
        self.indexing = ""
        self._last_reload = 0.0
        self._restored = False
        self._list_generation = 0
        self._index_proc: subprocess.Popen[str] | None = None
        self._list_loading = False
        self._keep: Entry | None = None  # the entry the cursor goes to once the whole list is in
        self._total = 0  # cables in the library: counted at the start and as the index grows
        self._status = Text()

    # -- layout --------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical():
            yield Input(placeholder="search: words \"phrases\" -not OR tag:PHUM from:ASTANA date:2009 …",
                        id="search")
            with Horizontal(id="panes"):
                yield CableList(self.library, id="list")
                yield Navigator(id="navigator")
                yield Viewer(id="viewer")
            yield Static(id="status")
        yield Footer()

    def on_mount(self) -> None:
        nav = self.query_one(Navigator)
        viewer = self.query_one(Viewer)
        nav.data_bind(MainScreen.cable)
        viewer.data_bind(MainScreen.cable, MainScreen.words)
        self.query_one(CableList).border_title = "cables"
        nav.border_title = "sections"
        viewer.border_title = "cable"
        for a in self.library.archives:
            if a.reset_reason:
                self.notify(a.reset_reason, severity="warning", timeout=10, markup=False)
        self._total = self.library.count()  # counted again only as the index grows: not free
        self.reload()
        self.query_one(CableList).focus()
        self._layout(self.app.size.width)
        self.build_index()
        # What exists once the reader is up (modules, widgets, styles) lives until it closes: set
        # apart from the collector, a full collection no longer walks it (tens of ms mid-key).
        self.call_after_refresh(gc.freeze)

    def on_resize(self) -> None:
        self._layout(self.app.size.width)

    def _layout(self, width: int) -> None:
        self.set_class(width < NARROW, "narrow")

    # -- the list ------------------------------------------------------------------------------

    def reload(self) -> None:
        """Show the list for the current query and sort: its first page at once, the rest from a
        thread (a quarter of a million rows take most of a second to read and order)."""
        self._list_generation += 1
        limit = None if self.reversed else FIRST_PAGE
        entries, complete = self.library.entries_page(self.current_query, self.sort, limit)
        self._list_loading = not complete
        if not complete and self._keep is None:
            self._keep = self.query_one(CableList).current  # may lie beyond the first page
        self._show_entries(entries)
        if not complete:
            # After the frame that shows the first page: the thread would take the interpreter
            # from the drawing of it.
            self.call_after_refresh(self.load_rest, self._list_generation, self.current_query, self.sort)

    def _show_entries(self, entries: list[Entry]) -> None:
        cl = self.query_one(CableList)
        if self.reversed:
            entries.reverse()
        keep = self._keep if self._keep is not None and self._keep in entries else cl.current
        cl.set_entries(entries, keep=keep)
        self.update_status()
        if not self._restored and entries:
            self._restored = True
            self.restore_position()

    @work(thread=True, exclusive=True, group="list")
    def load_rest(self, generation: int, query: Query, sort: str) -> None:
        entries, _ = self.library.entries_page(query, sort, own_connection=True)
        self.app.call_from_thread(self._rest_loaded, generation, entries)

    def _rest_loaded(self, generation: int, entries: list[Entry]) -> None:
        if generation == self._list_generation:  # else a newer query or sort has replaced it
            self._list_loading = False
            self._show_entries(entries)
            self._keep = None

    def update_status(self) -> None:
        cl = self.query_one(CableList)
        total = self._total
        shown = len(cl.entries)
        self.app.sub_title = f"{self.library.name} · {shown:,} / {total:,}"
        status = Text()
        status.append(f"{shown:,}{'+' if self._list_loading else ''} shown of {total:,} cables", style="bold")
        status.append(f" · sorted by {self.sort}{' (reversed)' if self.reversed else ''}")
        if not self.current_query.empty:
            status.append(" · query: ")
            status.append(self.current_query.text, style="italic")
        if self.indexing:
            status.append(f" · {self.indexing}", style="yellow")
        if self.digits:
            status.append(f" · go to ¶{self.digits} (Enter)", style="bold cyan")
        if self.state.error:
            status.append(f" · {self.state.error}", style="red")
        if status != self._status:
            self._status = status
            # One line of fixed height, the full width: a new text never needs the screen laid out again.
            self.query_one("#status", Static).update(status, layout=False)

    @work(thread=True, exclusive=True, group="index")
    def build_index(self) -> None:
        """Bring the index up to date in a ``cables index`` process of its own (parsing on every
        core); the list fills from the index as the rows are committed."""
        if any(a.in_memory for a in self.library.archives):
            # No index folder to share with another process: index here, into memory.
            def progress(done: int, todo: int, cables: int) -> None:
                self.app.call_from_thread(self.index_progress)

            for a in self.library.archives:
                a.update(progress, workers=1)
            self.app.call_from_thread(self.index_done, 0, "")
            return
        cmd = [sys.executable, "-m", "tui", "index", *map(str, self.paths)]
        if self.index_dir:
            cmd += ["--index-dir", str(self.index_dir)]
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                stderr=subprocess.PIPE, text=True)
        self._index_proc = proc
        worker = get_current_worker()
        while proc.poll() is None:
            if worker.is_cancelled:
                proc.terminate()
                return
            time.sleep(0.5)
            self.app.call_from_thread(self.index_progress)
        error = proc.stderr.read() if proc.stderr else ""
        self.app.call_from_thread(self.index_done, proc.returncode, error)

    def index_progress(self) -> None:
        self._total = self.library.count()
        self.indexing = f"indexing: {self._total:,} cables so far"
        now = time.monotonic()
        if now - self._last_reload > 1.0:
            self._last_reload = now
            self.reload()
        else:
            self.update_status()

    def index_done(self, returncode: int, error: str) -> None:
        self.indexing = ""
        self._total = self.library.count()
        self.reload()
        if returncode:
            last = [line for line in error.strip().splitlines() if line.strip()][-1:] or ["unknown error"]
            self.notify(f"indexing stopped: {last[0]}", severity="error", timeout=10, markup=False)

    @on(CableList.Opened)
    def list_opened(self, event: CableList.Opened) -> None:
        self.open_entry(event.entry)
        self.add_class("reading")
        self.query_one(Viewer).focus()

    # -- opening cables ------------------------------------------------------------------------

    def open_entry(self, entry: Entry, *, record: bool = True, anchor: str | None = None) -> None:
        cable, notice = self.library.read_cable(entry)  # notice: its file changed since it was indexed
        if notice:
            self.notify(notice, severity="warning" if cable else "error", timeout=10, markup=False)
        if cable is None:
            self.notify("that cable can no longer be read from the archive", severity="error")
            return
        self.entry = entry
        self.words = tuple(self.current_query.words())
        self.cable = cable
        viewer = self.query_one(Viewer)
        viewer.border_title = cable.id or "cable"
        if record:
            self.history = self.history[: self.history_pos + 1] + [entry]
            self.history_pos = len(self.history) - 1
        if cable.id:
            self.state.visited(cable.id)
            self.state.remember(self.archive_key, cable.id, None)
        if anchor:
            self.call_after_refresh(viewer.go, anchor)
        self.update_status()

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
        pos = self.state.positions.get(self.archive_key)
        if not pos:
            return
        entries = self.library.find(str(pos.get("cable", "")))
        if entries:
            cl = self.query_one(CableList)
            if entries[0] in cl.entries:
                cl.cursor = cl.entries.index(entries[0])
            else:
                self._keep = entries[0]  # beyond the first page: the cursor goes there when the rest is in
            para = pos.get("paragraph")
            self.open_entry(entries[0], anchor=f"para-{para}" if para else None)

    @on(Navigator.Chosen)
    def navigator_chosen(self, event: Navigator.Chosen) -> None:
        self.query_one(Viewer).go(event.anchor)

    @on(Viewer.Reached)
    def viewer_reached(self, event: Viewer.Reached) -> None:
        self.query_one(Navigator).follow(event.anchor)
        if event.anchor.startswith("para-") and self.cable and self.cable.id:
            self.state.positions[self.archive_key] = {"cable": self.cable.id,
                                                       "paragraph": int(event.anchor[5:])}

    def on_unmount(self) -> None:
        if self._index_proc is not None and self._index_proc.poll() is None:
            self._index_proc.terminate()  # an index build outliving the reader would hold the index
        pos = self.state.positions.get(self.archive_key)
        if pos:
            self.state.remember(self.archive_key, pos["cable"], pos.get("paragraph"))
        self.library.close()

    # -- search --------------------------------------------------------------------------------

    def action_search(self) -> None:
        self.add_class("searching")
        self.query_one("#search", Input).focus()

    @on(Input.Changed, "#search")
    def search_changed(self, event: Input.Changed) -> None:
        self.run_query(event.value, quiet=True)

    def run_query(self, text: str, quiet: bool = False) -> bool:
        box = self.query_one("#search", Input)
        try:
            q = parse_query(text)
        except QueryError as e:
            box.border_subtitle = Content(f"{e.message} (at {e.position + 1})")
            box.add_class("-invalid")
            return False
        box.border_subtitle = ""
        box.remove_class("-invalid")
        self.current_query = q
        self.reload()
        return True

    @on(Input.Submitted, "#search")
    def search_submitted(self, event: Input.Submitted) -> None:
        if self.run_query(event.value):
            cl = self.query_one(CableList)
            cl.cursor = 0
            cl.focus()
            self.remove_class("reading")

    def on_key(self, event: object) -> None:
        key = getattr(event, "key", "")
        box = self.query_one("#search", Input)
        if key == "escape":
            if box.has_focus or self.has_class("searching"):
                box.value = ""
                self.run_query("")
                self.remove_class("searching")
                self.query_one(CableList).focus()
            elif self.has_class("reading"):
                self.remove_class("reading")
                self.query_one(CableList).focus()
            if self.digits:
                self.digits = ""
                self.update_status()

    # -- moving inside the cable ---------------------------------------------------------------

    def _step(self, prefix: tuple[str, ...], direction: int) -> None:
        viewer = self.query_one(Viewer)
        anchors = [a for a in viewer.anchors if a.startswith(prefix)]
        if not anchors:
            self.notify("no more" if self.cable else "no cable open", timeout=2)
            return
        pos = viewer.index_of(viewer.position() or "")
        if direction > 0:
            target = next((a for a in anchors if viewer.index_of(a) > pos), None)
        else:
            target = next((a for a in reversed(anchors) if viewer.index_of(a) < pos), None)
        if target is None:
            self.app.bell()
            return
        viewer.go(target)
        self.query_one(Navigator).follow(target)

    def action_paragraph(self, direction: int) -> None:
        self._step(("para-", "text-"), direction)

    def action_section(self, direction: int) -> None:
        self._step(("section-",), direction)

    def action_hit(self, direction: int) -> None:
        viewer = self.query_one(Viewer)
        hits = viewer.hits()
        if not hits:
            self.notify("no search hits in this cable", timeout=2)
            return
        current = viewer.position() or ""
        order = viewer.anchors
        pos = order.index(current) if current in order else -1
        if direction > 0:
            target = next((a for a in hits if order.index(a) > pos), hits[0])
        else:
            target = next((a for a in reversed(hits) if order.index(a) < pos), hits[-1])
        viewer.go(target)

    def action_digit(self, digit: int) -> None:
        self.digits = (self.digits + str(digit))[-3:]
        self.update_status()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "jump":
            return bool(self.digits)
        return True

    def action_jump(self) -> None:
        number, self.digits = self.digits, ""
        self.update_status()
        if not self.cable:
            self.notify("open a cable first", timeout=2)
            return
        anchor = f"para-{int(number)}"
        if self.query_one(Viewer).go(anchor):
            self.query_one(Navigator).follow(anchor)
        else:
            self.notify(f"this cable has no paragraph {int(number)}", severity="warning", timeout=3)

    def action_raw(self) -> None:
        viewer = self.query_one(Viewer)
        viewer.raw = not viewer.raw
        viewer.border_title = f"{self.cable.id if self.cable else 'cable'}{' (raw)' if viewer.raw else ''}"

    # -- history -------------------------------------------------------------------------------

    def action_back(self) -> None:
        if self.history_pos > 0:
            self.history_pos -= 1
            self.open_entry(self.history[self.history_pos], record=False)
        else:
            self.notify("nothing before this", timeout=2)

    def action_forward(self) -> None:
        if self.history_pos + 1 < len(self.history):
            self.history_pos += 1
            self.open_entry(self.history[self.history_pos], record=False)
        else:
            self.notify("nothing after this", timeout=2)

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
            choices.append((r.id or "", label))
        self.app.push_screen(PickerScreen(f"References of {c.id}", choices, "this cable cites no other cable"),
                             self._open_choice)

    def action_citing(self) -> None:
        c = self.cable
        if c is None or not c.id:
            self.notify("open a cable first", timeout=2)
            return
        entries = self.library.citing(c.id)
        rows = self.library.rows(entries)
        choices = [(rows[e].id or "", Text(f"{(rows[e].date or '')[:10]}  {rows[e].id}  {rows[e].subject or ''}"))
                   for e in entries if e in rows]
        self.app.push_screen(PickerScreen(f"Cables that cite {c.id}", choices, "no cable here cites it"),
                             self._open_choice)

    def _open_choice(self, value: str | None) -> None:
        if value:
            if self.open_id(value):
                self.add_class("reading")
                self.query_one(Viewer).focus()
        elif value == "":
            self.notify("that reference names no cable id", timeout=3)

    # -- list order ----------------------------------------------------------------------------

    def action_sort(self) -> None:
        self.sort = SORT_ORDER[(SORT_ORDER.index(self.sort) + 1) % len(SORT_ORDER)] \
            if self.sort in SORT_ORDER else "date"
        self.reload()
        self.notify(f"sorted by {self.sort}", timeout=2)

    def action_reverse(self) -> None:
        self.reversed = not self.reversed
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
        choices = [(b["id"], Text(f"{b['id']}  {b.get('subject', '')}")) for b in self.state.bookmarks]
        self.app.push_screen(PickerScreen("Bookmarks", choices, "no bookmarks yet (b bookmarks a cable)"),
                             self._open_choice)

    def action_explain(self) -> None:
        c = self.cable
        if not c:
            self.notify("open a cable first", timeout=2)
            return
        self.app.push_screen(TextScreen(f"The codes of {c.id}", explain_cable(c)))

    def action_versions(self) -> None:
        c = self.cable
        if not c or not c.id:
            self.notify("open a cable first", timeout=2)
            return
        copies = self.library.versions(c.id)
        choices = [(f"{e[0]}:{e[1]}", Text(f"{'→ ' if e == self.entry else '  '}{where}")) for e, where in copies]
        self.app.push_screen(PickerScreen(f"Copies of {c.id}", choices), self._open_version)

    def _open_version(self, value: str | None) -> None:
        if value:
            n, rowid = value.split(":")
            self.open_entry((int(n), int(rowid)))

    def action_browse(self) -> None:
        kinds = [("tag", Text("by tag")), ("station", Text("by origin")),
                 ("classification", Text("by classification")), ("year", Text("by year"))]
        self.app.push_screen(PickerScreen("Browse the archive", kinds), self._browse_kind)

    def _browse_kind(self, kind: str | None) -> None:
        if not kind:
            return
        counts: dict[str, int] = {}
        for a in self.library.archives:
            for value, n in a.facet(kind):
                counts[value] = counts.get(value, 0) + n
        field = {"tag": "tag", "station": "from", "classification": "class", "year": "date"}[kind]
        choices = []
        width = min(8, max(map(len, counts), default=0))  # the meanings in one column (most codes are 2-4 long)
        for value, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]) if kind != "year" else (kv[0], 0)):
            label = Text(f"{n:>8,}  {value}")
            if kind == "tag" and (meaning := describe_tag(value)):
                label.append(" " * (width - len(value)) + f"  {meaning}", style="dim")
            value_q = f'"{value}"' if " " in value else value
            choices.append((f"{field}:{value_q}", label))
        self.app.push_screen(PickerScreen(f"Browse by {kind}", choices), self._browse_value)

    def _browse_value(self, query: str | None) -> None:
        if query:
            box = self.query_one("#search", Input)
            self.add_class("searching")
            box.value = query
            self.run_query(query)
            self.query_one(CableList).focus()

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen(getattr(self.app, "keymap", {})))

    def action_quit(self) -> None:
        self.app.exit()

    def action_focus_list(self) -> None:
        self.remove_class("reading")
        self.query_one(CableList).focus()


def explain_cable(c: Cable) -> Text:
    """Every code on the cable with its readings: a thin layer over the one explainer's rows, the
    same rows ``cables explain`` prints for each code."""
    from parser.glossary import explain_cable as cable_readings
    from parser.text import clean_line

    t = Text()
    for r in cable_readings(c):
        t.append(f"{clean_line(r.code):<16}", style="bold cyan")
        t.append(" ")
        t.append(f"{clean_line(r.text())}\n", style="" if r.meaning is not None else "dim italic")
    t.rstrip()
    return t
