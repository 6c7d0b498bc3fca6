"""The architecture's one rule: the parsing module never imports the interface."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_parser_does_not_import_textual() -> None:
    code = (
        "import sys, pkgutil, importlib, parser\n"
        "for m in pkgutil.walk_packages(parser.__path__, 'parser.'):\n"
        "    importlib.import_module(m.name)\n"
        "bad = sorted(n for n in sys.modules if n == 'textual' or n.startswith(('textual.', 'tui')))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == ""


def test_import_linter_contract() -> None:
    exe = Path(sys.executable).parent / "lint-imports"
    if not exe.exists():
        import pytest

        pytest.skip("import-linter is not installed in this environment")
    r = subprocess.run([str(exe)], capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 0, r.stdout + r.stderr
