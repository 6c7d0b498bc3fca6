"""The lint tools of ``tests/unit/test_lint.py`` run as processes of their own, started as soon as
the suite knows it will check them (``tests/conftest.py``): mypy takes tens of seconds on a fresh
clone, and so runs on the second core while the rest of the suite runs on the first."""

from __future__ import annotations

import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
TOOLS = {"ruff": ["check", "parser", "tui", "tests", "bench"], "mypy": []}


@dataclass
class Run:
    """A tool started in the background; its output goes to a file (a pipe left unread would fill
    and stop it)."""

    process: subprocess.Popen[bytes]
    output: tempfile._TemporaryFileWrapper[bytes]

    def result(self, timeout: float = 600) -> tuple[int, str]:
        """The tool's exit status and its output, once it has ended."""
        code = self.process.wait(timeout=timeout)
        self.output.seek(0)
        return code, self.output.read().decode("utf-8", "replace")


_RUNS: dict[str, Run] = {}


def exe(tool: str) -> Path:
    return BIN / tool


def start(tool: str) -> Run | None:
    """Start ``tool`` (once per session); None where it is not installed."""
    if tool not in _RUNS:
        if not exe(tool).exists():
            return None
        out = tempfile.TemporaryFile()
        _RUNS[tool] = Run(subprocess.Popen([str(exe(tool)), *TOOLS[tool]], cwd=ROOT, stdout=out,
                                           stderr=subprocess.STDOUT), out)
    return _RUNS[tool]


def stop_all() -> None:
    """End any tool still running (the session ended before its test looked) and close its file."""
    for run in _RUNS.values():
        if run.process.poll() is None:
            run.process.kill()
            run.process.wait()
        run.output.close()
    _RUNS.clear()
