"""Every reader command once: its id, key, action and help. Bindings, the command palette and the
help screen are all made from this table, and a keymap file can rebind any id.

A keymap is ``keymap.json`` in the user config folder: ``{"reader.bookmark": "ctrl+b"}``.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs
from textual.binding import Binding, BindingType

from parser.archive import read_regular
from parser.text import terminal_safe


@dataclass(frozen=True, slots=True)
class Command:
    id: str
    key: str
    action: str
    description: str
    help: str
    show: bool = True
    priority: bool = False

    def binding(self) -> Binding:
        return Binding(self.key, self.action, self.description, show=self.show, priority=self.priority,
                       tooltip=self.help, id=self.id)


# Commands of the reader's main screen (they work from any pane). The footer shows them in this
# order, after the focused pane's own.
READER: tuple[Command, ...] = (
    Command("reader.escape", "escape", "escape", "List",
            "Back to the list from the sections or the cable; forget typed digits; leave a zoom"),
    Command("reader.next_pane", "tab", "pane(1)", "Pane",
            "The next pane: list, sections, cable (on a small terminal, or zoomed, it takes the screen)"),
    Command("reader.prev_pane", "shift+tab", "pane(-1)", "Previous pane", "The previous pane", show=False),
    Command("reader.search", "slash", "search", "Search",
            "Narrow the list with the query language (in the cable pane, / finds in the cable: Esc, then /, "
            "searches the archive)"),
    Command("reader.clear", "c", "clear_search", "Clear", "Clear the search: the whole archive again"),
    Command("reader.zoom", "z", "zoom", "Zoom", "The focused pane alone, the full width; again: every pane"),
    Command("reader.help", "question_mark", "help", "Help", "Every key, and the query language"),
    Command("reader.quit", "q", "quit", "Quit", "Leave the reader; the terminal is restored"),
    Command("reader.next_para", "right_square_bracket", "paragraph(1)", "Next ¶",
            "Next paragraph of the open cable (in the raw text too)"),
    Command("reader.prev_para", "left_square_bracket", "paragraph(-1)", "Prev ¶",
            "Previous paragraph of the open cable", show=False),
    Command("reader.next_section", "right_curly_bracket", "section(1)", "Next section",
            "Next section of the open cable", show=False),
    Command("reader.prev_section", "left_curly_bracket", "section(-1)", "Prev section",
            "Previous section of the open cable", show=False),
    Command("reader.next_hit", "n", "hit(1)", "Next hit",
            "Next hit in the open cable: of the find (/ in the cable), else of the search's words; the status "
            "line counts them (hit 3 of 7); after the last, the first", show=False),
    Command("reader.prev_hit", "N", "hit(-1)", "Prev hit", "Previous hit in the open cable; before the first, the last",
            show=False),
    Command("reader.references", "r", "references", "Refs",
            "The cables this one refers to, with date, subject and whether they are in the archives"),
    Command("reader.citing", "R", "citing", "Cited by", "The cables in the archive that cite this one",
            show=False),
    Command("reader.back", "backspace,alt+left", "back", "Back",
            "Back to the cable opened before, at the paragraph you were reading", show=False),
    Command("reader.forward", "alt+right", "forward", "Forward", "Forward again", show=False),
    Command("reader.sort", "s", "sort", "Sort", "Sort the list by date, relevance, id, origin or classification"),
    Command("reader.reverse", "S", "reverse", "Reverse", "Reverse the list's order", show=False),
    Command("reader.raw", "m", "raw", "Raw", "The cable's text exactly as found, or back"),
    Command("reader.copy", "y", "copy", "Copy",
            "Copy the cable's citation (id, subject, post, date) and the paragraph you are at (¶N, its marking, "
            "its text)"),
    Command("reader.bookmark", "b", "bookmark", "Bookmark", "Bookmark the open cable, or remove it", show=False),
    Command("reader.bookmarks", "B", "bookmarks", "Bookmarks", "Your bookmarks", show=False),
    Command("reader.explain", "e", "explain", "Explain",
            "What the codes of the open cable mean; Enter on a tag, the origin or the classification narrows the "
            "query to it"),
    Command("reader.versions", "v", "versions", "Versions",
            "Every copy of this cable in the archives; Space marks two to compare, d compares one with the open "
            "copy: what changed, paragraph by paragraph", show=False),
    Command("reader.browse", "f", "browse", "Browse",
            "Count the current results (the archive without a query) by tag, origin, classification, year; "
            "choosing one adds it to the query; the files skipped"),
    Command("reader.jump", "enter", "jump", "Jump", "After digits: jump to that paragraph", show=False,
            priority=True),
    # Reference threads and version diffs.
    Command("reader.thread", "t", "thread", "Thread",
            "The thread: what this cable cites and what cites it, and on, as a tree; Enter opens a cable",
            show=False),
    Command("reader.timeline", "T", "timeline", "Timeline",
            "The current results a year (a month when they span three years or fewer) as bars; ←→ and Enter "
            "narrow the query to a period", show=False),
    # Read marks and notes (``tui.data``).
    Command("reader.unread", "u", "toggle_read", "Unread",
            "Mark the cable unread again (in the list: the one under the cursor), or read", show=False),
    Command("reader.note", "a", "note", "Note",
            "Write a note on the paragraph you are at (at the top of the cable: on the cable)"),
    # Why a cable matched.
    Command("reader.why", "w", "why", "Why",
            "Why the highlighted cable matched: the line of the words around its hits under the list, shown "
            "for a search with words; hides it, and again shows it", show=False),
)
READER += tuple(Command(f"reader.digit{d}", str(d), f"digit({d})", f"{d}", "Type a paragraph number", show=False)
                for d in range(10))
READER += (
    Command("reader.export", "x", "export", "Export",
            "Write the list, the open cable or your bookmarks to a file: CSV, JSONL, Markdown, text, BibTeX, "
            "CSL-JSON", show=False),
)

# Moving in the cable list (the list pane's own keys).
LIST: tuple[Command, ...] = (
    Command("list.down", "down,j", "cursor(1)", "Down", "Next cable", show=False),
    Command("list.up", "up,k", "cursor(-1)", "Up", "Previous cable", show=False),
    Command("list.page_down", "pagedown,ctrl+d", "page(1)", "Page down", "A page down", show=False),
    Command("list.page_up", "pageup,ctrl+u", "page(-1)", "Page up", "A page up", show=False),
    Command("list.top", "home", "top", "Top", "First cable", show=False),
    Command("list.gg", "g", "gg", "Top (g g)", "g twice: first cable", show=False),
    Command("list.bottom", "end,G", "bottom", "Bottom", "Last cable", show=False),
    Command("list.open", "enter,l", "open", "Open", "Open the cable and move to it"),
)

# Moving in the section navigator (besides the tree's own up, down and Enter).
NAVIGATOR: tuple[Command, ...] = (
    Command("navigator.down", "j", "cursor_down", "Down", "Next part of the cable; the cable follows", show=False),
    Command("navigator.up", "k", "cursor_up", "Up", "Previous part of the cable; the cable follows", show=False),
    Command("navigator.open", "enter,l", "select_cursor", "Go", "Show that part in the cable pane and move there",
            show=False),
)

# Reading in the viewer.
VIEWER: tuple[Command, ...] = (
    Command("viewer.down", "down,j", "scroll_down", "Down", "Scroll down", show=False),
    Command("viewer.up", "up,k", "scroll_up", "Up", "Scroll up", show=False),
    Command("viewer.page_down", "pagedown,ctrl+d", "page_down", "Page down", "A page down", show=False),
    Command("viewer.page_up", "pageup,ctrl+u", "page_up", "Page up", "A page up", show=False),
    Command("viewer.top", "home", "scroll_home", "Top", "Top of the cable", show=False),
    Command("viewer.gg", "g", "gg", "Top (g g)", "g twice: top of the cable", show=False),
    Command("viewer.bottom", "end,G", "scroll_end", "Bottom", "End of the cable", show=False),
    Command("viewer.list", "h", "screen.focus_list", "List", "Back to the list", show=False),
    # Find in the open cable (from the list, / searches the archive).
    Command("viewer.find", "slash", "screen.find", "Find",
            "In the cable pane: find in the open cable as you type (plain text, any case); n, N: from hit to "
            "hit; an empty find clears it. To search the archive instead: Esc Esc / (out of the box, to the "
            "list, the search)"),
)

# Typing a query in the search box.
SEARCH: tuple[Command, ...] = (
    Command("search.submit", "enter", "submit", "Search", "Run the query; to the list, its first cable selected",
            show=False),
    Command("search.cancel", "escape", "cancel", "Cancel", "Leave the box; the search stays as it was before",
            show=False),
    Command("search.older", "up", "history(-1)", "Older", "The query searched before (kept for each archive)",
            show=False),
    Command("search.newer", "down", "history(1)", "Newer", "The query searched after", show=False),
)

# The list of bookmarks (``B``).
BOOKMARKS: tuple[Command, ...] = (
    Command("bookmarks.note", "a", "note", "Note", "Write the bookmarked cable's note"),
    Command("bookmarks.remove", "d,delete", "remove", "Remove", "Remove the bookmark"),
)

# Writing a note (``a``).
NOTE: tuple[Command, ...] = (
    Command("note.save", "ctrl+s", "save", "Save", "Keep the note (an empty note is removed)"),
    Command("note.cancel", "escape", "cancel", "Cancel", "Leave the note as it was"),
)

# Typing in the find box of the open cable.
FIND: tuple[Command, ...] = (
    Command("find.submit", "enter", "submit", "Find", "Keep the find and read on: n, N go from hit to hit",
            show=False),
    Command("find.cancel", "escape", "cancel", "Cancel", "Leave the box; the find stays as it was before",
            show=False),
    Command("find.older", "up", "history(-1)", "Older", "The text found before (in this session)", show=False),
    Command("find.newer", "down", "history(1)", "Newer", "The text found after", show=False),
)

# A pop-up's list of choices (the codes of a cable, a picker, the copies, the facets): j and k as
# in the cable list, besides the arrows.
CHOICES: tuple[Command, ...] = (
    Command("choices.down", "j", "cursor_down", "Down", "Next choice", show=False),
    Command("choices.up", "k", "cursor_up", "Up", "Previous choice", show=False),
)

# Commands of a pane's own that the palette offers as well (they act from any pane).
PALETTE_EXTRA: tuple[Command, ...] = tuple(c for c in VIEWER if c.id == "viewer.find")

ALL = READER + LIST + NAVIGATOR + VIEWER + SEARCH + FIND + BOOKMARKS + NOTE + CHOICES


def bindings(commands: tuple[Command, ...]) -> list[BindingType]:
    return [c.binding() for c in commands]


def keymap_path() -> Path:
    return Path(platformdirs.user_config_dir("cable-reader")) / "keymap.json"


def read_keymap() -> tuple[dict[str, str], str | None]:
    """The user's rebindings, and a notice when the file is there but cannot be used (not JSON, not
    an object of strings, or not a regular file: a FIFO is never waited on); the keys are then the
    defaults. The file is the user's own: it is left as it is."""
    path = keymap_path()
    if not os.path.lexists(path):
        return {}, None
    try:
        data = json.loads(read_regular(path, 1024 * 1024).decode("utf-8"))
        if not isinstance(data, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in data.items()):
            raise ValueError("not an object of command ids and keys")
    except (OSError, ValueError, RecursionError) as e:
        why = e.strerror if isinstance(e, OSError) and e.strerror else str(e)
        return {}, terminal_safe(f"{path} is not used ({why}); the keys are the defaults")
    return data, None
