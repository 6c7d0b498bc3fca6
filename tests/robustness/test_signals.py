"""Terminal and signals: the reader leaves as ``q`` leaves it (its place saved, the terminal
restored) on SIGTERM, SIGHUP and SIGQUIT, and when its terminal goes away without a signal; without a
terminal it refuses to start; a full disk during ``cables index`` ends with a message.

Before, a reader whose terminal was closed without a signal ran on at 96% CPU until killed by hand,
``cables ARCHIVE </dev/null >file`` spun for ever, the three signals left the terminal in the reader's
modes (alternate screen, mouse tracking, hidden cursor) and lost the place, and a full disk printed a
traceback. Protections checked: the signal handlers and the terminal check in ``tui/app.py``, the
terminal check in ``cmd_read``, the command line's handling of SQLite's "database or disk is full".
"""

from __future__ import annotations

import fcntl
import json
import os
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pyte
import pytest

from parser.index import ArchiveIndex
from robustness.cli import ROOT, SAMPLES, Terminal, cables
from tui import cli

RESTORED = (b"\x1b[?1049l", b"\x1b[?1000l", b"\x1b[?25h")  # alternate screen left, mouse off, cursor shown
KEY = str(SAMPLES.resolve())  # the sample archive's key in positions.json


# The place the reader saves as it leaves: the cable opened, and the paragraph at the top of the
# viewer once it has been scrolled (to its end here, on a terminal too small to show it whole). The
# cable is saved as it is opened; the paragraph only as the reader leaves.
COLS, ROWS = 100, 16
KEYS = ("/", *"id:09ASTANA1212", "\r", "\r")


def _scroll_a_cable(t: Terminal) -> None:
    t.wait_for("09ASTANA1212")
    for keys in KEYS:
        t.child.send(keys)
        t.pump(0.05)
    t.wait_for("─ 09ASTANA1212 ─")
    for _ in range(50):  # G goes to the end of what is laid out so far: again, until its last line shows
        t.child.send("G")
        t.pump(0.2)
        if "HOAGLAND" in t.text():
            break
    t.wait_for("HOAGLAND", 1)
    t.pump(0.5)


def _saved_on_leaving(data: Path) -> bool:
    place = json.loads((data / "positions.json").read_text()).get(KEY, {})
    return place.get("cable") == "09ASTANA1212" and isinstance(place.get("paragraph"), int)


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT], ids=lambda s: s.name)
def test_a_signal_ends_the_reader_as_q_does(tmp_path: Path, tally, sig: signal.Signals) -> None:  # noqa: ANN001
    env = {"CABLES_INDEX_DIR": str(tmp_path / "ix"), "CABLES_DATA_DIR": str(tmp_path / "data")}
    t = Terminal(str(SAMPLES), env=env, cols=COLS, rows=ROWS)
    with tally("terminal and signals", "SIGTERM, SIGHUP, SIGQUIT: place saved, terminal restored").case():
        try:
            _scroll_a_cable(t)
            os.kill(t.child.pid, sig)
            status = t.finish(10)
        finally:
            if t.child.isalive():
                t.child.terminate(force=True)
        assert status == 128 + sig, status  # it left by itself, saying why
        tail = t.raw[-400:]
        assert all(s in tail for s in RESTORED), tail
        assert _saved_on_leaving(tmp_path / "data")


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads a process's CPU time from /proc")
def test_a_closed_terminal_ends_the_reader(tmp_path: Path, tally) -> None:  # noqa: ANN001
    """The terminal goes away without a signal (the reader is not its session's leader, as under a
    killed tmux server): the reader leaves within seconds, its place saved, instead of spinning."""
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLS, 0, 0))
    env = {**os.environ, "TERM": "xterm-256color", "CABLES_INDEX_DIR": str(tmp_path / "ix"),
           "CABLES_DATA_DIR": str(tmp_path / "data")}
    env.pop("TEXTUAL", None)
    proc = subprocess.Popen([sys.executable, "-m", "tui", str(SAMPLES)], cwd=ROOT, env=env, stdin=slave,
                            stdout=slave, stderr=slave, start_new_session=True)  # a session without a terminal
    os.close(slave)
    screen = pyte.Screen(COLS, ROWS)
    stream = pyte.ByteStream(screen)

    def pump(seconds: float) -> None:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            if select.select([master], [], [], 0.02)[0]:
                stream.feed(os.read(master, 65536))

    def until(needle: str, seconds: float = 60) -> None:
        end = time.monotonic() + seconds
        while needle not in "\n".join(screen.display) and time.monotonic() < end:
            pump(0.1)
        assert needle in "\n".join(screen.display), "\n".join(screen.display)

    with tally("terminal and signals", "a terminal closed without a signal: the reader leaves").case():
        try:
            until("09ASTANA1212")
            for keys in KEYS:
                os.write(master, keys.encode())
                pump(0.05)
            until("─ 09ASTANA1212 ─")
            for _ in range(50):  # as in _scroll_a_cable
                os.write(master, b"G")
                pump(0.2)
                if "HOAGLAND" in "\n".join(screen.display):
                    break
            until("HOAGLAND", 1)
            pump(0.5)
            cpu = _cpu_seconds(proc.pid)
            os.close(master)  # the terminal goes away
            master = -1
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                spent = _cpu_seconds(proc.pid) - cpu
                raise AssertionError(f"still running 10 s after its terminal closed ({spent:.1f} s of CPU)") from None
            assert _saved_on_leaving(tmp_path / "data")
        finally:
            if master >= 0:
                os.close(master)
            if proc.poll() is None:
                proc.kill()
                proc.wait()


@pytest.mark.parametrize("which", ["stdin", "stdout", "both"])
def test_without_a_terminal_the_reader_refuses(tmp_path: Path, tally, which: str) -> None:  # noqa: ANN001
    """``cables ARCHIVE </dev/null >file`` drew into the file and spun at 97% CPU for ever."""
    env = {**os.environ, "CABLES_INDEX_DIR": str(tmp_path / "ix"), "CABLES_DATA_DIR": str(tmp_path / "data")}
    with tally("terminal and signals", "no terminal: the reader refuses with a message").case():
        if which == "stdout":  # input from a terminal, output to a file
            t = Terminal(str(SAMPLES), env={**env, "PYTHONUNBUFFERED": "1"})
            t.child.close()  # only to get a terminal for stdin: the run below is the test
            master, slave = os.openpty()
            with open(tmp_path / "out", "wb") as out:
                proc = subprocess.Popen([sys.executable, "-m", "tui", str(SAMPLES)], cwd=ROOT, env=env, stdin=slave,
                                        stdout=out, stderr=subprocess.PIPE)
                os.close(slave)
                try:
                    _, stderr = proc.communicate(timeout=30)
                finally:
                    os.close(master)
                    if proc.poll() is None:
                        proc.kill()
            code = proc.returncode
        else:
            stdin = subprocess.DEVNULL if which != "stdout" else None
            r = cables(str(SAMPLES), env=env, timeout=30, stdin=stdin)  # stdout: a pipe
            code, stderr = r.returncode, r.stderr
        assert code == 2 and b"needs a terminal" in stderr and b"Traceback" not in stderr, stderr[-500:]


def test_a_full_disk_during_cables_index(tmp_path: Path, monkeypatch, capsys, tally) -> None:  # noqa: ANN001
    """SQLite's "database or disk is full" (here: the index may grow to 40 pages, as a full disk
    stops it) ends ``cables index`` with a message and exit status 1; once there is room again the
    next run completes the index."""
    sys.path.insert(0, str(ROOT / "bench"))
    from make_corpus import make

    archive = tmp_path / "synthetic"
    make(300, archive, "text", seed=3, quiet=True)
    ix_dir = tmp_path / "ix"
    real = ArchiveIndex._connect

    def full(self: ArchiveIndex):  # noqa: ANN202
        db = real(self)
        db.execute("PRAGMA max_page_count=40")
        return db

    with tally("terminal and signals", "a full disk during cables index: a message, then recovery").case():
        monkeypatch.setattr(ArchiveIndex, "_connect", full)
        code = cli.main(["index", str(archive), "--index-dir", str(ix_dir)])
        err = capsys.readouterr().err
        assert code == 1 and "the disk is full" in err and "Traceback" not in err, err
        monkeypatch.setattr(ArchiveIndex, "_connect", real)
        assert cli.main(["index", str(archive), "--index-dir", str(ix_dir)]) == 0
        ix = ArchiveIndex(archive, ix_dir)
        assert ix.count() == 300 and ix.complete and ix.reset_reason is None
        ix.close()
