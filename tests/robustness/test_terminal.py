"""Terminal and markup: a cable carrying Rich/Textual markup, ANSI and OSC sequences, 8-bit CSI,
bidi controls and very long lines, through ``cables show`` and ``cables search``: no escape byte
from the cable reaches the output, the markup is printed literally. (The reader's panes are
checked in tests/reader/test_safety.py.)

Protections checked: the parser's control-character pass, and printing through ``Text`` (a plain
string would be parsed as markup and ``[/x]`` would raise).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from reader.test_safety import HOSTILE

ROOT = Path(__file__).resolve().parents[2]


def test_show_and_search_print_literally(tmp_path: Path, tally) -> None:  # noqa: ANN001
    archive = tmp_path / "hostile"
    archive.mkdir()
    (archive / "09ASTANA666.txt").write_text(HOSTILE + "x" * 200_000 + "\n", encoding="utf-8")
    env = {**os.environ, "CABLES_INDEX_DIR": str(tmp_path / "ix")}
    for args in (["show", str(archive), "09ASTANA666"], ["show", str(archive), "09ASTANA666", "--text"],
                 ["search", str(archive), "bold"], ["show", str(archive), "09ASTANA666", "--markdown"]):
        r = subprocess.run([sys.executable, "-m", "tui", *args], cwd=ROOT, env=env, capture_output=True)
        out = r.stdout
        ok = (r.returncode == 0 and b"\x1b" not in out and b"\xc2\x9b" not in out and b"\x07" not in out
              and "\u202e".encode() not in out and b"Traceback" not in r.stderr
              and (b"[/x]" in out or args[0] == "search"))
        tally("terminal and markup", "cables show/search on hostile cables").ran(ok)
        assert ok, (args, out[:300], r.stderr[-300:])
