"""Small screens over the reader: help (made from the command table), a picker, the bookmarks, a
note being written, a page of text, the explanation of a cable's codes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static, TextArea
from textual.widgets.option_list import Option

from parser.cable import Cable
from parser.glossary import explain_cable
from parser.query import EXAMPLES, SYNTAX, condition
from parser.text import terminal_safe

from ..commands import ALL, BOOKMARKS, NOTE, bindings
from ..data.notes import lines
from ..helptext import key_rows
from ..render import NOTE_MARK, subject_text
from ..state import State
from ..widgets.choices import Choices

T = TypeVar("T")

# Not scoped (``SCOPED_CSS = False``): a scoped rule would need a ModalScreen inside the screen
# and match nothing. Named for our pop-ups alone, so Textual's own (the palette) keep their looks.
MODAL_CSS = """
HelpScreen, PickerScreen, TextScreen, BrowseScreen, ExplainScreen, NoteScreen, ExportScreen { align: center middle; }
HelpScreen > Vertical, PickerScreen > Vertical, TextScreen > Vertical, BrowseScreen > Vertical,
ExplainScreen > Vertical, NoteScreen > Vertical, ExportScreen > Vertical {
    width: 100%; max-width: 110; height: 100%; max-height: 40; border: thick $primary; padding: 0 1;
    background: $surface;
    border-subtitle-color: $text-muted; border-subtitle-style: not bold;
}
HelpScreen .title, PickerScreen .title, TextScreen .title, BrowseScreen .title,
ExplainScreen .title, NoteScreen .title, ExportScreen .title { text-style: bold; padding-bottom: 1; }
NoteScreen > Vertical { max-height: 20; }
/* The list takes the room under the title: at its default height (the box's whole height) its last
   rows were cut off by the box, where End could not bring them into view. */
PickerScreen OptionList, ExplainScreen OptionList { height: 1fr; }
NoteScreen TextArea { height: 1fr; }
"""
SCROLL_KEYS = "↑↓ PgUp PgDn scroll · Esc close"  # what the bottom border of a page of text says


def keys_line(container: Vertical, keys: str) -> None:
    """Say on the pop-up's bottom border which keys work in it: every pop-up closes with Esc."""
    container.border_subtitle = Text(keys)


class HelpScreen(ModalScreen[None]):
    """Every key, grouped by where it works, and the query language: from the tables the bindings
    and the search come from (``tui.helptext``)."""

    DEFAULT_CSS = MODAL_CSS
    SCOPED_CSS = False
    BINDINGS = [Binding("escape,q,question_mark", "dismiss", "Close", id="help.close")]

    def __init__(self, keymap: dict[str, str]) -> None:
        super().__init__()
        self.keymap = keymap

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            keys_line(box, SCROLL_KEYS)
            yield Static(Text("cable-reader: keys, then the query language (Esc closes; every command is also "
                              "in the palette, ctrl+p)"), classes="title")
            with VerticalScroll():
                yield Static(self._table(ids=self.app.size.width >= 110))  # narrow: room for what keys do
                yield Static(self._query(), id="query-language")

    def on_mount(self) -> None:
        self.query_one(VerticalScroll).focus()  # the keys scroll it: down, page down, end

    def _table(self, ids: bool = True) -> Table:
        """Every key; with each command's id (what ``keymap.json`` rebinds) where there is room."""
        table = Table(show_edge=False, expand=True, header_style="bold")
        table.add_column("where", style="dim", no_wrap=True)
        table.add_column("keys", style="bold cyan", no_wrap=True)
        table.add_column("does")
        if ids:
            table.add_column("id", style="dim", no_wrap=True)
        for r in key_rows(self.keymap):
            table.add_row(Text(r.where), Text(r.keys), Text(r.does), *([Text(r.id)] if ids else []))
        return table

    @staticmethod
    def _query() -> Group:
        table = Table(show_edge=False, expand=True, header_style="bold",
                      title="The query language (/ opens the search box)", title_justify="left")
        table.add_column("you write", style="bold cyan")
        table.add_column("finds")
        for written, finds in SYNTAX:
            table.add_row(Text(", ".join(written)), Text(finds))
        examples = Text("\nExamples:\n", style="bold")
        for example in EXAMPLES:
            examples.append(f"  {example}\n", style="not bold cyan")
        return Group(table, examples)


@dataclass(frozen=True, slots=True)
class Choice(Generic[T]):
    """One line of a picker: what it shows, and what choosing it gives."""

    value: T
    label: Text


class PickerScreen(ModalScreen[T | None]):
    """Choose one of ``choices``; dismisses with its value, or None on Esc. ``enter`` says what
    Enter does with the line chosen (on the bottom border)."""

    DEFAULT_CSS = MODAL_CSS
    SCOPED_CSS = False
    BINDINGS = [Binding("escape", "cancel", "Close", id="picker.close")]

    def __init__(self, title: str, choices: list[Choice[T]], empty: str = "nothing here", enter: str = "open") -> None:
        super().__init__()
        self.title_text = title
        self.choices = choices
        self.empty = empty
        self.enter = enter

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            keys_line(box, f"↑↓ j k move · Enter {self.enter} · Esc close" if self.choices else "Esc close")
            yield Static(Text(self.title_text), classes="title")
            if self.choices:
                yield Choices(*[Option(c.label, id=str(n)) for n, c in enumerate(self.choices)])
            else:
                yield Static(Text(self.empty, style="dim"))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.choices[int(event.option.id or 0)].value)

    def action_cancel(self) -> None:
        self.dismiss(None)


class BookmarksScreen(PickerScreen[str]):
    """The bookmarks, each with its cable's note: Enter opens one, ``a`` writes its note, ``d``
    removes it. ``write_note(id, done)`` asks for the note (``done`` is called once it is kept)."""

    BINDINGS = bindings(BOOKMARKS)

    def __init__(self, state: State, write_note: Callable[[str, Callable[[], None]], None]) -> None:
        super().__init__("Bookmarks", self._choices(state), "no bookmarks yet (b bookmarks a cable)",
                         enter="open · a note · d remove")
        self.state = state
        self.write_note = write_note

    @staticmethod
    def _choices(state: State) -> list[Choice[str]]:
        out = []
        for b in state.bookmarks:
            label = Text.assemble(f"{b['id']}  ", subject_text(b.get("subject")))
            note = state.notes.get(b["id"], None)
            if note is not None:
                first = lines(note.text)
                label.append(f"\n  {NOTE_MARK}{first[0]}{' …' if len(first) > 1 else ''}", style="italic")
            out.append(Choice(b["id"], label))
        return out

    def _current(self) -> str | None:
        options = self.query(OptionList)
        index = options.first().highlighted if options else None
        return self.choices[index].value if index is not None and index < len(self.choices) else None

    def _refill(self, index: int) -> None:
        self.choices = self._choices(self.state)
        ol = self.query_one(OptionList)
        ol.clear_options()
        ol.add_options([Option(c.label, id=str(n)) for n, c in enumerate(self.choices)])
        if self.choices:
            ol.highlighted = min(index, len(self.choices) - 1)
        else:
            self.query_one(".title", Static).update(Text("Bookmarks: none left (b bookmarks a cable)"))

    def action_remove(self) -> None:
        cable_id = self._current()
        if cable_id is None:
            return
        index = self.query_one(OptionList).highlighted or 0
        self.state.remove_bookmark(cable_id)
        self._refill(index)
        self.notify(f"{cable_id}: bookmark removed", timeout=2, markup=False)

    def action_note(self) -> None:
        cable_id = self._current()
        if cable_id is not None:
            index = self.query_one(OptionList).highlighted or 0
            self.write_note(cable_id, lambda: self._refill(index))


class NoteScreen(ModalScreen[str | None]):
    """A note written in a text area: dismisses with its text (Ctrl+S), or None (Esc)."""

    DEFAULT_CSS = MODAL_CSS
    SCOPED_CSS = False
    BINDINGS = bindings(NOTE)

    def __init__(self, title: str, text: str) -> None:
        super().__init__()
        self.title_text = title
        self.text = text

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            keys_line(box, "Ctrl+S save (empty: removed) · Esc cancel")
            yield Static(Text(self.title_text), classes="title")
            yield TextArea(self.text, soft_wrap=True, tab_behavior="focus", show_line_numbers=False, id="note")

    def on_mount(self) -> None:
        area = self.query_one(TextArea)
        area.focus()
        area.move_cursor(area.document.end)

    def on_key(self, event: events.Key) -> None:
        """A character typed before the text area had the focus goes into it, in the order typed."""
        area = self.query_one(TextArea)
        if self.focused is not area and event.is_printable and event.character:
            event.stop()
            event.prevent_default()
            area.insert(event.character)

    def action_save(self) -> None:
        self.dismiss(self.query_one(TextArea).text)

    def action_cancel(self) -> None:
        self.dismiss(None)


class TextScreen(ModalScreen[None]):
    """A page of text (the files skipped)."""

    DEFAULT_CSS = MODAL_CSS
    SCOPED_CSS = False
    BINDINGS = [Binding("escape,q,e", "dismiss", "Close", id="text.close")]

    def __init__(self, title: str, body: RenderableType) -> None:
        super().__init__()
        self.title_text = title
        self.body = body

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            keys_line(box, SCROLL_KEYS)
            yield Static(Text(self.title_text), classes="title")
            with VerticalScroll():
                yield Static(self.body)



@dataclass(frozen=True, slots=True)
class Explained:
    """One row of the explain screen: a code and its reading, and the condition that narrows the
    list to the cables that share it (None: the code narrows nothing)."""

    code: str
    reading: Text
    condition: str | None


class ExplainScreen(ModalScreen[str | None]):
    """Every code on the cable with its readings: a thin layer over the one explainer's rows, the
    same rows ``cables explain`` prints for each code, then the post that sent it. Rows are chosen
    as in a picker: Enter on a tag, the origin, the classification or a caveat dismisses with its
    condition (``tag:PHUM``), for the list to narrow to it."""

    DEFAULT_CSS = MODAL_CSS
    SCOPED_CSS = False
    BINDINGS = [Binding("escape,q,e", "cancel", "Close", id="text.close")]

    def __init__(self, cable: Cable) -> None:
        super().__init__()
        self.title_text = f"The codes of {cable.id}"
        self.plain = self.readings(cable).plain  # what the page says, a line a code
        self.rows = self.explained(cable)

    @staticmethod
    def explained(c: Cable) -> list[Explained]:
        """The rows: each code's readings with what it narrows to, then the origin."""
        header = c.header_text.splitlines()
        out = []
        for r in explain_cable(c):
            code = r.code
            if code in c.tags:
                cond: str | None = condition("tag", code)
            elif code == c.classification:
                cond = condition("class", code)
            elif code in c.caveats:
                cond = condition("caveat", code)
            elif c.station and any(line.startswith(f"DE {code}") for line in header):  # the sender's indicator
                cond = condition("from", c.station)
            else:
                cond = None
            out.append(Explained(terminal_safe(code), Text(terminal_safe(r.text()),
                                                           style="" if r.meaning is not None else "dim italic"), cond))
        if c.station or c.origin:
            sender = terminal_safe(c.origin or c.station or "")
            cond = condition("from", c.station) if c.station else condition("from", sender)
            out.append(Explained(terminal_safe(c.station or "from"), Text(f"sent from {sender} (the origin)"), cond))
        return out

    @staticmethod
    def readings(c: Cable) -> Text:
        """Each code and its reading on a line, as ``cables explain`` prints them."""
        t = Text()
        for r in explain_cable(c):
            t.append(f"{terminal_safe(r.code):<16}", style="bold cyan")
            t.append(" ")
            t.append(f"{terminal_safe(r.text())}\n", style="" if r.meaning is not None else "dim italic")
        t.rstrip()
        return t

    def compose(self) -> ComposeResult:
        width = min(24, max([16, *(len(r.code) for r in self.rows)]))
        with Vertical() as box:
            keys_line(box, "↑↓ j k move · Enter on a tag, origin or class narrows to it · Esc close")
            yield Static(Text(self.title_text), classes="title")
            yield Choices(*[Option(self._row(r, width), id=str(n)) for n, r in enumerate(self.rows)])

    @staticmethod
    def _row(r: Explained, width: int) -> Table:
        """A code and its reading in two columns: a long reading wraps under itself (a hanging
        indent), not back under the codes; what Enter narrows to after it."""
        table = Table.grid(padding=(0, 1))
        table.add_column(style="bold cyan", no_wrap=True, width=width)
        table.add_column(ratio=1)
        reading = r.reading.copy()
        if r.condition:
            reading.append(f"  → {r.condition}", style="dim cyan")
        table.add_row(Text(r.code), reading)
        return table

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        row = self.rows[int(event.option.id or 0)]
        if row.condition:
            self.dismiss(row.condition)
        else:
            self.notify("only a tag, the origin, the classification or a caveat narrows the list", timeout=3)

    def action_cancel(self) -> None:
        self.dismiss(None)


__all__ = ["ALL", "BookmarksScreen", "Choice", "ExplainScreen", "Explained", "HelpScreen", "NoteScreen", "PickerScreen",
           "TextScreen"]
