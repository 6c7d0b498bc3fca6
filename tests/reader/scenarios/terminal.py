"""The real ``cables`` command in a pseudo-terminal, its screen read back with pyte: keys are sent
as a terminal sends them, and every check waits for what the screen shows (never a fixed time).

The command runs this checkout's code (``PYTHONPATH`` is the checkout), in truecolour, so the
colours of each cell can be read and compared.
"""

from __future__ import annotations

import os
import re
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pexpect
import pyte

ROOT = Path(__file__).resolve().parents[3]
KEYS = {"esc": "\x1b", "enter": "\r", "tab": "\t", "up": "\x1b[A", "down": "\x1b[B", "backspace": "\x7f",
        "end": "\x1b[F", "home": "\x1b[H", "pagedown": "\x1b[6~", "alt+left": "\x1b[1;3D",
        "alt+right": "\x1b[1;3C", "ctrl+p": "\x10", "left": "\x1b[D", "right": "\x1b[C"}
WAIT = 30.0  # seconds before a wait gives up (on a busy 2-core machine): only a failure waits so long
_ID = re.compile(r"\b\d{2}[A-Z][A-Z0-9]+\d\b")


def command() -> list[str]:
    exe = Path(sys.executable).parent / "cables"
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "tui"]


@dataclass(frozen=True)
class Box:
    """A pane drawn with a rounded border: its title and the cells inside the border."""

    title: str
    top: int
    left: int
    bottom: int
    right: int

    @property
    def rows(self) -> range:
        return range(self.top + 1, self.bottom)


class Terminal:
    def __init__(self, args: list[str], cols: int, rows: int, index_dir: Path, data_dir: Path,
                 env: dict[str, str] | None = None) -> None:
        self.cols, self.rows = cols, rows
        self.screen = pyte.Screen(cols, rows)
        self.stream = pyte.ByteStream(self.screen)
        environ = {**os.environ, "TERM": "xterm-256color", "COLORTERM": "truecolor",
                   "CABLES_INDEX_DIR": str(index_dir), "CABLES_DATA_DIR": str(data_dir),
                   "PYTHONPATH": str(ROOT), "COLUMNS": str(cols), "LINES": str(rows), **(env or {})}
        for name in ("TEXTUAL", "NO_COLOR", "TEXTUAL_THEME"):
            environ.pop(name, None)
        cmd = command()
        self.child = pexpect.spawn(cmd[0], cmd[1:] + args, cwd=str(ROOT), env=environ, dimensions=(rows, cols))

    # -- reading the screen --------------------------------------------------------------------

    def pump(self, seconds: float = 0.05) -> None:
        end = time.monotonic() + seconds
        while True:
            try:
                data = self.child.read_nonblocking(1 << 16, timeout=max(0.0, min(0.05, end - time.monotonic())))
                self.stream.feed(data)
            except pexpect.TIMEOUT:
                pass
            except pexpect.EOF:
                return
            if time.monotonic() >= end:
                return

    def lines(self) -> list[str]:
        return list(self.screen.display)

    def text(self) -> str:
        return "\n".join(self.lines())

    def _check(self, check: Callable[[], object]) -> object:
        try:
            return check()
        except (LookupError, ValueError):  # a pane not (yet) on the screen
            return None

    def wait(self, check: Callable[[], object], what: str, seconds: float = WAIT) -> object:
        """Pump the terminal until ``check()`` gives something true, and still does once what
        came next is read (a frame half written is not taken for the screen); return it."""
        end = time.monotonic() + seconds
        while True:
            self.pump(0.05)
            if self._check(check):
                self.pump(0.05)
                found = self._check(check)
                if found:
                    return found
            if time.monotonic() > end or not self.child.isalive():
                raise AssertionError(f"never saw {what}; the screen:\n{self.text()}")

    def wait_for(self, needle: str, seconds: float = WAIT) -> None:
        self.wait(lambda: needle in self.text(), repr(needle), seconds)

    def press(self, *keys: str) -> None:
        """Send keys: names from ``KEYS``, or text sent as typed."""
        for k in keys:
            self.child.send(KEYS.get(k, k))
            if k == "esc":
                self.pump(0.15)  # a lone Esc is told from an escape sequence by the pause after it

    def ready(self, seconds: float = WAIT) -> None:
        """The list is in and the index is up to date: the status line counts what is shown."""
        self.wait(lambda: re.search(r"^ [\d,]+ shown of [\d,]+ ids?\b", self.status())
                  and "indexing" not in self.status(), "the list, fully loaded and indexed", seconds)

    def status(self) -> str:
        return self.lines()[-2]

    def footer(self) -> str:
        return self.lines()[-1]

    def quit(self) -> None:
        self.press("q")
        self.child.expect(pexpect.EOF, timeout=WAIT)
        self.child.close()

    def close(self) -> None:
        if self.child.isalive():
            self.child.terminate(force=True)

    # -- panes ---------------------------------------------------------------------------------

    def boxes(self) -> list[Box]:
        """Every bordered pane on the screen."""
        lines = self.lines()
        out = []
        for y, line in enumerate(lines):
            for m in re.finditer(r"╭─ (.*?) ─*╮", line):
                left, right = m.start(), m.end() - 1
                bottom = next((b for b in range(y + 1, len(lines)) if lines[b][left:left + 1] == "╰"), y + 1)
                out.append(Box(m.group(1).strip(), y, left, bottom, right))
        return out

    def box(self, title: str) -> Box:
        """The pane whose title starts with ``title``."""
        found = [b for b in self.boxes() if b.title.startswith(title)]
        if not found:
            raise LookupError(f"no pane titled {title!r} on the screen")
        return found[0]

    def inside(self, box: Box, y: int) -> str:
        return self.lines()[y][box.left + 1:box.right]

    def cell(self, y: int, x: int) -> pyte.screens.Char:
        return self.screen.buffer[y][x]

    def cursor_rows(self, box: Box) -> list[int]:
        """Rows of a list pane drawn in a background other than the one most of its rows have."""
        bgs = {y: self.cell(y, box.left + 1).bg for y in box.rows if self.inside(box, y).strip()}
        if not bgs:
            return []
        common = Counter(bgs.values()).most_common(1)[0][0]
        return [y for y, bg in bgs.items() if bg != common]

    def highlighted(self, box: Box) -> list[str]:
        """The text of the highlighted rows of a list pane."""
        return [self.inside(box, y) for y in self.cursor_rows(box)]

    def highlighted_id(self, box: Box) -> str | None:
        rows = self.highlighted(box)
        m = _ID.search(rows[0]) if len(rows) == 1 else None
        return m.group() if m else None

    # -- steps a scenario takes ----------------------------------------------------------------

    def opened(self, cable_id: str) -> None:
        """Wait until the cable pane is titled ``cable_id``."""
        self.wait(lambda: any(b.title.split()[0] == cable_id for b in self.boxes()),
                  f"{cable_id} open in the cable pane")

    def on_row(self, cable_id: str) -> None:
        """Wait until the list's one highlighted row is ``cable_id``'s."""
        self.wait(lambda: self.highlighted_id(self.box("cables")) == cable_id, f"{cable_id} highlighted in the list")

    def search_box(self) -> str | None:
        """The text in the search box, when it is open."""
        lines = self.lines()
        for y, line in enumerate(lines[:-1]):
            if line.startswith("▊▔"):
                return lines[y + 1].strip("▊▎ ")
        return None

    def search(self, query: str, found: int) -> None:
        """``/``, the query, Enter; wait for its list (``found`` cables), fully loaded."""
        self.press("/")
        self.wait(lambda: self.search_box() is not None, "the search box")
        self.press(query, "enter")
        # The footer offers Open once the list has the focus again: the next key goes to it.
        self.wait(lambda: self.status().startswith(f" {found:,} shown") and "⏎ Open" in self.footer(),
                  f"the {found:,} cables of {query}, the list focused")

    def viewer(self) -> Box:
        """The cable pane (titled with the open cable's id)."""
        found = [b for b in self.boxes() if b.title != "sections" and not b.title.startswith("cables")]
        if not found:
            raise LookupError("no cable pane on the screen")
        return found[0]

    def top_line(self) -> str:
        """The first line of text in the cable pane."""
        box = self.viewer()
        return self.inside(box, box.top + 1).strip()

