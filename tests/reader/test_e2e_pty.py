"""The real ``cables`` command in a pseudo-terminal: keys typed, the screen read back with pyte."""

from __future__ import annotations

import os
import shutil
import sys
import time
from pathlib import Path

import pexpect
import pyte
import pytest

from .test_safety import HOSTILE

ROOT = Path(__file__).resolve().parents[2]
COLS, ROWS = 140, 40


def _command() -> list[str]:
    exe = Path(sys.executable).parent / "cables"
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "tui"]


class Terminal:
    def __init__(self, tmp: Path, archive: Path) -> None:
        self.screen = pyte.Screen(COLS, ROWS)
        self.stream = pyte.ByteStream(self.screen)
        env = {**os.environ, "TERM": "xterm-256color", "CABLES_INDEX_DIR": str(tmp / "ix"),
               "CABLES_DATA_DIR": str(tmp / "data"), "COLUMNS": str(COLS), "LINES": str(ROWS)}
        env.pop("TEXTUAL", None)
        cmd = _command()
        self.raw = b""
        self.child = pexpect.spawn(cmd[0], cmd[1:] + [str(archive)], cwd=str(ROOT), env=env,
                                   dimensions=(ROWS, COLS))

    def pump(self, seconds: float = 0.3) -> None:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            try:
                data = self.child.read_nonblocking(65536, timeout=0.05)
            except pexpect.TIMEOUT:
                continue
            except pexpect.EOF:
                return
            self.raw += data
            self.stream.feed(data)

    def text(self) -> str:
        return "\n".join(self.screen.display)

    def wait_for(self, needle: str, seconds: float = 30) -> None:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            self.pump(0.2)
            if needle in self.text():
                return
        raise AssertionError(f"{needle!r} never appeared; screen:\n{self.text()}")

    def send(self, keys: str) -> None:
        self.child.send(keys)
        self.pump(0.3)


# An escape sequence that sets the terminal's title, in the archive's folder name (shown in the
# header line) and in a cable's subject and text (shown in the list and the viewer): it must reach
# the terminal as none of these.
OWNED = "\x1b]0;owned\x07"


@pytest.mark.skipif(shutil.which("sh") is None, reason="needs a POSIX system")
def test_read_jump_search_follow_reference_and_quit(tmp_path: Path) -> None:
    archive = tmp_path / f"samples{OWNED}"
    shutil.copytree(ROOT / "sample_cables", archive)
    (archive / "09ASTANA666.txt").write_text(HOSTILE.replace("SUBJECT: ", f"SUBJECT: {OWNED}"), encoding="utf-8")
    t = Terminal(tmp_path, archive)
    try:
        t.wait_for("09ASTANA1212")
        t.wait_for("14 shown")
        t.wait_for("samples]0;owned")  # the header line names the folder, without its escape bytes
        t.send("/")
        for ch in "id:09ASTANA1212":
            t.send(ch)
        t.send("\r")
        t.send("\r")  # open it
        t.wait_for("KAZAKHSTAN: TORTURE COALITION")
        t.send("5")
        t.send("\r")
        t.wait_for("A contact in the Ministry")
        t.send("r")
        t.wait_for("References of 09ASTANA1212")
        t.send("\r")  # A. ASTANA 1104
        t.wait_for("─ 09ASTANA1104 ─")
        t.wait_for("ALMATY NOTES")
        t.send("\x7f")  # backspace: back
        t.wait_for("─ 09ASTANA1212 ─")
        t.send("\x1b")  # to the list
        t.send("/")
        for ch in "id:09ASTANA666":
            t.send(ch)
        t.send("\r")
        t.send("\r")  # open the hostile cable
        t.wait_for("─ 09ASTANA666 ─")
        t.wait_for("CLICK ME")
        t.send("q")
        t.child.expect(pexpect.EOF, timeout=60)  # only a failure waits so long (a busy machine)
        t.raw += t.child.before  # what it wrote on its way out (the terminal's reset) was read by expect
    finally:
        if t.child.isalive():
            t.child.terminate(force=True)
    t.child.close()
    assert t.child.exitstatus == 0
    # The terminal is left as it was: alternate screen left, cursor shown again.
    assert b"\x1b[?1049l" in t.raw and b"\x1b[?25h" in t.raw
    # No byte from a cable or a folder's name drove the terminal: no OSC title set by them.
    assert t.raw.count(b"]0;owned") >= 2 and b"\x1b]0;owned" not in t.raw
