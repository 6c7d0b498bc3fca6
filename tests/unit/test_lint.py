"""The code stays ruff and mypy clean (both are test dependencies)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


@pytest.mark.parametrize("tool,args", [("ruff", ["check", "parser", "tui", "tests", "bench"]), ("mypy", [])])
def test_clean(tool: str, args: list[str]) -> None:
    exe = BIN / tool
    if not exe.exists():
        pytest.skip(f"{tool} is not installed in this environment")
    r = subprocess.run([str(exe), *args], capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-2000:]
