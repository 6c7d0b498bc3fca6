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


def test_hostile_member_names_are_printed_without_their_controls(tmp_path: Path, tally) -> None:  # noqa: ANN001
    """A tar's member names are the archive's, not the user's: an escape sequence in one reaches no
    output (``cables index -v`` lists skipped members; the reader's list of copies names files)."""
    import io
    import tarfile

    from parser.library import Library

    evil = "\x1b]0;owned\x07\x1b[2J\u202e\x9b31m"
    path = tmp_path / "evil.tar"
    seed = (ROOT / "sample_cables" / "09ASTANA1104.md").read_bytes()
    with tarfile.open(path, "w", format=tarfile.PAX_FORMAT) as tar:
        for name, data in ((f"cables/{evil}a.md", seed), (f"cables/{evil}b.md", seed), (f"{evil}.pdf", b"%PDF")):
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    env = {**os.environ, "CABLES_INDEX_DIR": str(tmp_path / "ix")}
    r = subprocess.run([sys.executable, "-m", "tui", "index", "-v", str(path)], cwd=ROOT, env=env, capture_output=True)
    listed = r.returncode == 0 and b"owned" in r.stdout and b".pdf: not a cable file type" in r.stdout
    lib = Library.open([path], tmp_path / "ix")
    where = [w for _, w in lib.versions("09ASTANA1104")]
    lib.close()
    outputs = [r.stdout, r.stderr, "\n".join(where).encode()]
    ok = listed and len(where) == 2 and not any(
        b"\x1b" in o or b"\x07" in o or b"\xc2\x9b" in o or "\u202e".encode() in o for o in outputs)
    tally("terminal and markup", "hostile member names in listings").ran(ok, 2)
    assert ok, (r.stdout[-300:], r.stderr[-300:], where)
