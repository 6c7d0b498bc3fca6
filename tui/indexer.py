"""Bringing the index up to date while the reader runs, and telling the screen how it goes.

The build runs in a ``cables index`` process of its own (parsing on every core; the reader's
interpreter stays free to draw). That process writes a progress line to its stdout now and then
(``--progress-lines``); the runner reads them as they come and posts ``IndexProgress``, then
``IndexDone`` when the process ends. An archive indexed in memory (no index folder could be used)
has no file to share with another process: it is built here, in the calling thread.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import IO

from textual.message import Message

from parser.library import Library

from .messages import IndexDone, IndexProgress

OPTION = "--progress-lines"  # the hidden option of ``cables index`` that writes the lines below
PREFIX = "progress"
EVERY = 0.25  # seconds: a progress line at most this often (the last one always)


class ProgressLines:
    """The writing side, in the ``cables index`` process: ``progress DONE TODO CABLES`` lines."""

    def __init__(self, out: IO[str]) -> None:
        self.out = out
        self._last = 0.0

    def __call__(self, done: int, todo: int, cables: int) -> None:
        now = time.monotonic()
        if now - self._last >= EVERY or done >= todo:
            self._last = now
            self.out.write(f"{PREFIX} {done} {todo} {cables}\n")
            self.out.flush()


def read_progress(line: str) -> IndexProgress | None:
    """A progress line as its message; None for any other line (the build's summary)."""
    parts = line.split()
    if len(parts) == 4 and parts[0] == PREFIX and all(p.isdigit() for p in parts[1:]):
        return IndexProgress(int(parts[1]), int(parts[2]), int(parts[3]))
    return None


class IndexRunner:
    """Runs one index build for ``library``'s archives; ``run`` blocks (call it from a thread
    worker) and posts the messages; ``stop`` ends the build from any thread."""

    def __init__(self, library: Library, paths: list[Path], index_dir: Path | None) -> None:
        self.library = library
        self.paths = paths
        self.index_dir = index_dir
        self._proc: subprocess.Popen[str] | None = None
        self._stopped = False

    def command(self) -> list[str]:
        cmd = [sys.executable, "-m", "tui", "index", OPTION, *map(str, self.paths)]
        if self.index_dir:
            cmd += ["--index-dir", str(self.index_dir)]
        return cmd

    def run(self, post: Callable[[Message], object]) -> None:
        if any(a.in_memory for a in self.library.archives):
            def progress(done: int, todo: int, cables: int) -> None:
                post(IndexProgress(done, todo, cables))

            for a in self.library.archives:
                a.update(progress, workers=1)
            post(IndexDone(0))
            return
        # Its errors go to a file, read once it ends: a pipe nobody reads while the progress is
        # read could fill and stop the build.
        with tempfile.TemporaryFile("w+", encoding="utf-8", errors="replace") as errors:
            proc = subprocess.Popen(self.command(), stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                    stderr=errors, text=True, errors="replace")
            self._proc = proc
            if self._stopped:  # stopped while it started
                proc.terminate()
            assert proc.stdout is not None
            for line in proc.stdout:  # ends when the process does (or is stopped)
                message = read_progress(line)
                if message is not None:
                    post(message)
            returncode = proc.wait()
            if self._stopped:
                return
            errors.seek(0)
            post(IndexDone(returncode, errors.read()))

    def stop(self) -> None:
        """End the build: one outliving the reader would hold the index."""
        self._stopped = True
        proc = self._proc
        if proc is not None and proc.poll() is None:
            proc.terminate()
