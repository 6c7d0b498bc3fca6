"""Small screens over the reader: help (made from the command table), a picker, a page of text, the
explanation of a cable's codes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from parser.cable import Cable
from parser.glossary import explain_cable
from parser.query import EXAMPLES, SYNTAX
from parser.text import terminal_safe

from ..commands import ALL
from ..helptext import key_rows

T = TypeVar("T")

MODAL_CSS = """
ModalScreen { align: center middle; }
ModalScreen > Vertical { width: 90%; max-width: 110; height: 80%; border: thick $primary; background: $surface;
                         padding: 0 1; }
ModalScreen .title { text-style: bold; padding-bottom: 1; }
"""


class HelpScreen(ModalScreen[None]):
    """Every key, grouped by where it works, and the query language: from the tables the bindings
    and the search come from (``tui.helptext``)."""

    DEFAULT_CSS = MODAL_CSS
    BINDINGS = [Binding("escape,q,question_mark", "dismiss", "Close", id="help.close")]

    def __init__(self, keymap: dict[str, str]) -> None:
        super().__init__()
        self.keymap = keymap

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text("cable-reader: keys, then the query language (Esc closes; every command is also "
                              "in the palette, ctrl+p)"), classes="title")
            with VerticalScroll():
                yield Static(self._table())
                yield Static(self._query(), id="query-language")

    def on_mount(self) -> None:
        self.query_one(VerticalScroll).focus()  # the keys scroll it: down, page down, end

    def _table(self) -> Table:
        table = Table(show_edge=False, expand=True, header_style="bold")
        table.add_column("where", style="dim", no_wrap=True)
        table.add_column("keys", style="bold cyan", no_wrap=True)
        table.add_column("does")
        table.add_column("id", style="dim", no_wrap=True)
        for r in key_rows(self.keymap):
            table.add_row(Text(r.where), Text(r.keys), Text(r.does), Text(r.id))
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
    """Choose one of ``choices``; dismisses with its value, or None on Esc."""

    DEFAULT_CSS = MODAL_CSS
    BINDINGS = [Binding("escape", "cancel", "Close", id="picker.close")]

    def __init__(self, title: str, choices: list[Choice[T]], empty: str = "nothing here") -> None:
        super().__init__()
        self.title_text = title
        self.choices = choices
        self.empty = empty

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(self.title_text), classes="title")
            if self.choices:
                yield OptionList(*[Option(c.label, id=str(n)) for n, c in enumerate(self.choices)])
            else:
                yield Static(Text(self.empty, style="dim"))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.choices[int(event.option.id or 0)].value)

    def action_cancel(self) -> None:
        self.dismiss(None)


class TextScreen(ModalScreen[None]):
    """A page of text (the explanation of a cable's codes)."""

    DEFAULT_CSS = MODAL_CSS
    BINDINGS = [Binding("escape,q,e", "dismiss", "Close", id="text.close")]

    def __init__(self, title: str, body: Text) -> None:
        super().__init__()
        self.title_text = title
        self.body = body

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(self.title_text), classes="title")
            with VerticalScroll():
                yield Static(self.body)



class ExplainScreen(TextScreen):
    """Every code on the cable with its readings: a thin layer over the one explainer's rows, the
    same rows ``cables explain`` prints for each code."""

    def __init__(self, cable: Cable) -> None:
        super().__init__(f"The codes of {cable.id}", self.readings(cable))

    @staticmethod
    def readings(c: Cable) -> Text:
        t = Text()
        for r in explain_cable(c):
            t.append(f"{terminal_safe(r.code):<16}", style="bold cyan")
            t.append(" ")
            t.append(f"{terminal_safe(r.text())}\n", style="" if r.meaning is not None else "dim italic")
        t.rstrip()
        return t


__all__ = ["ALL", "Choice", "ExplainScreen", "HelpScreen", "PickerScreen", "TextScreen"]
