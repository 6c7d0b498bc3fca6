"""Exporting from the reader (``x``): what can be written (the results, the open cable, the
bookmarks, each in its formats) and the pop-up that asks for the file's name. The formats are
``parser.export`` and ``parser.citation``; the main screen writes the file.

The name offered is in the user's documents folder (platformdirs' ``user_documents_dir``); a file
already there is replaced only when Enter is pressed a second time on the same name.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

import platformdirs
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from parser.text import terminal_safe

from .modals import MODAL_CSS


@dataclass(frozen=True, slots=True)
class Job:
    """One export: ``what`` (results, cable, bookmarks, notes), its format, the name's extension, and the
    line the picker shows."""

    what: str
    form: str
    ext: str
    label: str


def jobs(results: int, cable_id: str | None, bookmarks: int, more: bool = False, notes: int = 0) -> list[Job]:
    """Every export there is something for: the list's ``results`` (``more``: the rest of it still
    loading), the open cable, the bookmarks, the notes."""
    out = []
    if results:
        n = f"the {results:,}{'+' if more else ''} cables listed"
        out += [Job("results", "csv", "csv", f"{n} as CSV (date, id, classification, origin, subject)"),
                Job("results", "jsonl", "jsonl", f"{n} as JSONL (the parse of each, without its paragraphs)"),
                Job("results", "md", "md", f"{n} as Markdown (a table)")]
    if cable_id:
        out += [Job("cable", "md", "md", f"{cable_id} as Markdown"),
                Job("cable", "txt", "txt", f"{cable_id} as text (as read: head fields, sections, paragraphs)")]
    for what, count, noun, each in (("bookmarks", bookmarks, "bookmark", ""),
                                    ("notes", notes, "note", ", each with its note")):
        if count:  # what cites cables: the same three forms
            n = f"your {count:,} {noun}{'s' if count != 1 else ''}"
            out += [Job(what, "bibtex", "bib", f"{n} as BibTeX citations{each}"),
                    Job(what, "csl-json", "json", f"{n} as CSL-JSON citations{each or ' (Zotero, pandoc)'}"),
                    Job(what, "text", "txt", f"{n} as citation lines{each}")]
    return out


# What the status line calls each format once the file is written.
FORM_NAMES = {"csv": "CSV", "jsonl": "JSONL", "md": "Markdown", "txt": "text", "bibtex": "BibTeX",
              "csl-json": "CSL-JSON", "text": "citation lines"}

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def default_path(job: Job, name: str) -> Path:
    """``~/Documents/cables-<name>.<ext>``: ``name`` (a query, a cable id) made a file name."""
    stem = _UNSAFE.sub("-", name).strip("-.")[:60] or job.what
    folder = Path(platformdirs.user_documents_dir())
    return folder / f"cables-{stem}.{job.ext}"


def chosen_path(value: str) -> Path:
    """The name typed: ``~`` is the home folder; a relative name is in the documents folder."""
    path = Path(os.path.expanduser(value.strip()))
    return path if path.is_absolute() else Path(platformdirs.user_documents_dir()) / path


def short_path(path: Path, room: int) -> str:
    """``path`` in at most ``room`` characters where that can be, for a status line: the home
    folder as ``~``, then the folders nearest the file kept and those above them made ``…``. The
    file's name is never cut (a name longer than ``room`` is given whole)."""
    text = str(path)
    home = Path.home()
    if path.is_relative_to(home) and home != Path(home.anchor):
        text = str(Path("~") / path.relative_to(home))
    if len(text) <= room or len(Path(text).parts) < 3:
        return text
    head, *folders, name = Path(text).parts
    kept: list[str] = []
    while folders and len(os.path.join(head, "…", folders[-1], *kept, name)) <= room:
        kept.insert(0, folders.pop())
    return os.path.join(head, "…", *kept, name) if len(os.path.join(head, "…", name)) <= room else f"…/{name}"


@dataclass(frozen=True, slots=True)
class Target:
    """Where the user chose to write, and whether they said to replace what is there."""

    path: Path
    replace: bool


class ExportScreen(ModalScreen["Target | None"]):
    """The name of the file to write: Enter writes it, Esc leaves. A file already there is named
    in red, and a second Enter on the same name replaces it."""

    DEFAULT_CSS = MODAL_CSS + """
    ExportScreen > Vertical { height: auto; }
    ExportScreen #export-said { height: auto; padding-top: 1; }
    """
    SCOPED_CSS = False
    BINDINGS = [Binding("escape", "cancel", "Close", id="export.close")]

    def __init__(self, job: Job, path: Path) -> None:
        super().__init__()
        self.job = job
        self.path = path
        self._confirm: Path | None = None  # the existing file a second Enter replaces

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_subtitle = Text("Enter write · Esc close")
            yield Static(Text(f"Write {self.job.label} to:"), classes="title")
            yield Input(str(self.path), id="export-path", select_on_focus=False)
            yield Static(Text("A name without a folder goes in your documents folder; ~ is your home.",
                              style="dim"), id="export-said")

    def on_mount(self) -> None:
        box = self.query_one("#export-path", Input)
        box.focus()
        box.cursor_position = len(box.value)

    def _say(self, text: str, style: str = "") -> None:
        self.query_one("#export-said", Static).update(Text(terminal_safe(text), style=style))

    @on(Input.Changed, "#export-path")
    def changed(self) -> None:
        if self._confirm is not None:
            self._confirm = None
            self._say("")

    @on(Input.Submitted, "#export-path")
    def submitted(self, event: Input.Submitted) -> None:
        if not event.value.strip():
            self._say("Give a file name.", "bold red")
            return
        path = chosen_path(event.value)
        if os.path.isdir(path):
            self._say(f"{path} is a folder: give a file name in it.", "bold red")
            return
        if os.path.lexists(path) and self._confirm != path:
            self._confirm = path
            self._say(f"{path} exists. Enter again to replace it, or change the name.", "bold red")
            return
        self.dismiss(Target(path, replace=self._confirm == path))

    def action_cancel(self) -> None:
        self.dismiss(None)
