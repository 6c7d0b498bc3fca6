"""Running the real ``cables`` command in the robustness tests, and what its output must never hold."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "sample_cables"
# A folder or file name that writes the clipboard (OSC 52), makes a link (markup), reverses the line
# (bidi) and starts a colour (8-bit CSI), if any of it reaches the terminal as it is.
HOSTILE_NAME = "x\x1b]52;c;b3duZWQ=\x07[link=https:example.com]CLICKME\u202e\x9b31m\x1b[2Jy"  # no "/": a name
# What must never reach the terminal from a name, an index or a state file: ESC, BEL, the 8-bit CSI
# (UTF-8 encoded), bidi controls; and the hyperlink the markup would have made (OSC 8).
FORBIDDEN = (b"\x1b", b"\x07", b"\xc2\x9b", "\u202e".encode(), b"]8;")


def cables(*args: str, env: dict[str, str] | None = None, timeout: float = 120,
           stdin: int | None = subprocess.DEVNULL) -> subprocess.CompletedProcess[bytes]:
    """``cables ARGS`` run as a user runs it, with its output captured (a pipe: no terminal)."""
    return subprocess.run([sys.executable, "-m", "tui", *args], cwd=ROOT, env={**os.environ, **(env or {})},
                          capture_output=True, timeout=timeout, stdin=stdin)


def safe(data: bytes) -> bool:
    """No byte that drives a terminal, and no traceback."""
    return not any(f in data for f in FORBIDDEN) and b"Traceback" not in data


# Sequences a hostile name or index would put on a terminal: in a pseudo-terminal the command's own
# colours and modes are escape sequences too, so these (the payload's own) are looked for instead.
PAYLOAD = (b"\x1b]52;c;b3duZWQ=", b"\x1b]8;", b"\x1b[2Jy", "\u202e".encode(), b"\xc2\x9b31m")


def payload_free(data: bytes) -> bool:
    return not any(p in data for p in PAYLOAD) and b"Traceback" not in data


class Terminal:
    """``cables ARGS`` in a pseudo-terminal (pexpect), its screen read back with pyte; ``raw`` is
    every byte it wrote, as a terminal receives them."""

    def __init__(self, *args: str, env: dict[str, str], cols: int = 140, rows: int = 40) -> None:
        import pexpect
        import pyte

        self.screen = pyte.Screen(cols, rows)
        self.stream = pyte.ByteStream(self.screen)
        self.raw = b""
        full = {**os.environ, "TERM": "xterm-256color", "COLUMNS": str(cols), "LINES": str(rows), **env}
        full.pop("TEXTUAL", None)
        self.child = pexpect.spawn(sys.executable, ["-m", "tui", *args], cwd=str(ROOT), env=full,
                                   dimensions=(rows, cols))

    def pump(self, seconds: float = 0.2) -> bool:
        """Read for ``seconds``; False once the command has ended and everything is read."""
        import pexpect

        end = time.monotonic() + seconds
        while time.monotonic() < end:
            try:
                data = self.child.read_nonblocking(65536, timeout=0.05)
            except pexpect.TIMEOUT:
                continue
            except pexpect.EOF:
                return False
            self.raw += data
            self.stream.feed(data)
        return True

    def text(self) -> str:
        return "\n".join(self.screen.display)

    def wait_for(self, needle: str, seconds: float = 60) -> None:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            alive = self.pump(0.1)
            if needle in self.text():
                return
            if not alive:
                break
        raise AssertionError(f"{needle!r} never appeared; screen:\n{self.text()}")

    def wait_raw(self, needle: bytes, seconds: float = 60) -> None:
        """Wait for bytes in what it wrote (whatever the screen made of them)."""
        end = time.monotonic() + seconds
        while needle not in self.raw and time.monotonic() < end:
            if not self.pump(0.1):
                break
        assert needle in self.raw, f"{needle!r} never written; screen:\n{self.text()}"

    def finish(self, seconds: float = 30) -> int | None:
        """Read to the end; the exit status (None if it had to be killed)."""
        end = time.monotonic() + seconds
        while time.monotonic() < end and self.pump(0.1):
            pass
        if self.child.isalive():
            self.child.terminate(force=True)
            return None
        self.child.close()
        return self.child.exitstatus if self.child.exitstatus is not None else -(self.child.signalstatus or 0)
