"""The copies of a cable in the archives opened (``v``), and what changed between two of them."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from parser.diff import CableDiff
from parser.library import Entry

from ..diffview import diff_text
from ..widgets.choices import Choices
from .modals import TextScreen, keys_line

# The looks of ``tui.screens.modals``' pop-ups, for a pop-up named in place of POPUP.
POPUP_CSS = """
POPUP { align: center middle; }
POPUP > Vertical {
    width: 100%; max-width: 110; height: 100%; max-height: 40; border: thick $primary; padding: 0 1;
    background: $surface;
    border-subtitle-color: $text-muted; border-subtitle-style: not bold;
}
POPUP .title { text-style: bold; padding-bottom: 1; }
"""


@dataclass(frozen=True, slots=True)
class Copy:
    """A copy of the cable: where it is, where it was found, and how it differs from the open copy."""

    entry: Entry
    where: str
    against_open: str  # "the copy open", or the diff's summary against it


@dataclass(frozen=True, slots=True)
class Chosen:
    """What the versions pop-up was closed with: a copy to open, or two to compare (from, to)."""

    open: Entry | None = None
    compare: tuple[Entry, Entry] | None = None


class VersionsScreen(ModalScreen[Chosen | None]):
    """Every copy; Enter opens one, Space marks two to compare (the first marked is the older side),
    ``d`` compares the copy under the cursor with the copy open."""

    DEFAULT_CSS = POPUP_CSS.replace("POPUP", "VersionsScreen")
    SCOPED_CSS = False
    BINDINGS = [
        Binding("escape", "cancel", "Close", id="versions.close"),
        Binding("space", "mark", "Mark to compare", id="versions.mark"),
        Binding("d", "compare_open", "Compare with the open copy", id="versions.compare"),
    ]

    def __init__(self, title: str, copies: list[Copy], current: Entry | None) -> None:
        super().__init__()
        self.title_text = title
        self.copies = copies
        self.current = current
        self.marked: list[int] = []

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            keys_line(box, "↑↓ move · Enter open · Space mark two to compare · d compare with the open copy · "
                            "Esc close" if len(self.copies) > 1 else "Enter open · Esc close")
            yield Static(Text(self.title_text), classes="title")
            yield Choices(*[Option(self._label(n), id=str(n)) for n in range(len(self.copies))])
            if len(self.copies) < 2:
                yield Static(Text("Only one copy is in the archives opened: nothing to compare it with "
                                  "(an older release, such as older-builds.tar.xz, opened beside the archive "
                                  "may hold another).", style="dim"))

    def _label(self, n: int) -> Text:
        c = self.copies[n]
        t = Text()
        mark = f"[{self.marked.index(n) + 1}] " if n in self.marked else "    "
        t.append(mark, style="bold yellow")
        t.append("→ " if c.entry == self.current else "  ", style="bold")
        t.append(c.where)
        t.append(f"\n      {c.against_open}", style="dim")
        return t

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(Chosen(open=self.copies[int(event.option.id or 0)].entry))

    def _highlighted(self) -> int | None:
        return self.query_one(OptionList).highlighted

    def action_mark(self) -> None:
        n = self._highlighted()
        if n is None:
            return
        if n in self.marked:
            self.marked.remove(n)
        else:
            self.marked.append(n)
        ol = self.query_one(OptionList)
        for i in range(len(self.copies)):
            ol.replace_option_prompt_at_index(i, self._label(i))
        if len(self.marked) == 2:
            a, b = self.marked
            self.dismiss(Chosen(compare=(self.copies[a].entry, self.copies[b].entry)))
        elif len(self.copies) < 2:
            self.notify("there is no other copy to compare it with", timeout=3)

    def action_compare_open(self) -> None:
        n = self._highlighted()
        if n is None or self.current is None or self.copies[n].entry == self.current:
            self.notify("move to another copy first: d compares it with the copy open", timeout=3)
            return
        self.dismiss(Chosen(compare=(self.copies[n].entry, self.current)))

    def action_cancel(self) -> None:
        self.dismiss(None)


class DiffScreen(TextScreen):
    """What changed between two copies, paragraph by paragraph."""

    def __init__(self, title: str, d: CableDiff) -> None:
        super().__init__(title, diff_text(d, marks=True))  # marked too: legible without colour
        self.diff = d



__all__ = ["Chosen", "Copy", "DiffScreen", "VersionsScreen"]
