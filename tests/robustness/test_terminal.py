"""Terminal and markup: a cable carrying Rich/Textual markup, ANSI and OSC sequences, 8-bit CSI,
bidi controls and very long lines, through ``cables show`` and ``cables search``: no escape byte
from the cable reaches the output, the markup is printed literally. (The reader's panes are
checked in tests/reader/test_safety.py.)

Protections checked: the parser's control-character pass, and printing through ``Text`` (a plain
string would be parsed as markup and ``[/x]`` would raise).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from reader.test_safety import HOSTILE

from robustness.cli import HOSTILE_NAME, PAYLOAD, Terminal, cables, payload_free, safe

ROOT = Path(__file__).resolve().parents[2]


def test_show_and_search_print_literally(tmp_path: Path, tally) -> None:  # noqa: ANN001
    archive = tmp_path / "hostile"
    archive.mkdir()
    (archive / "09ASTANA666.txt").write_text(HOSTILE + "x" * 200_000 + "\n", encoding="utf-8")
    env = {**os.environ, "CABLES_INDEX_DIR": str(tmp_path / "ix")}
    for args in (["show", str(archive), "09ASTANA666"], ["show", str(archive), "09ASTANA666", "--text"],
                 ["search", str(archive), "bold"], ["show", str(archive), "09ASTANA666", "--markdown"],
                 ["search", str(archive), "bold", "--format", "md"], ["cite", str(archive), "09ASTANA666"],
                 ["cite", str(archive), "09ASTANA666", "--format", "bibtex"]):
        with tally("terminal and markup", "cables show/search on hostile cables").case():
            r = subprocess.run([sys.executable, "-m", "tui", *args], cwd=ROOT, env=env, capture_output=True)
            out = r.stdout
            assert r.returncode == 0 and b"Traceback" not in r.stderr, (args, r.stderr[-300:])
            assert b"\x1b" not in out and b"\xc2\x9b" not in out and b"\x07" not in out, (args, out[:300])
            shown = out.replace(b"\\[", b"[").replace(b"\\]", b"]")  # Markdown writes a bracket \[
            assert "\u202e".encode() not in out and (b"[/x]" in shown or args[0] == "search"), (args, out[:300])


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
    with tally("terminal and markup", "hostile member names in listings").case(2):
        r = subprocess.run([sys.executable, "-m", "tui", "index", "-v", str(path)], cwd=ROOT, env=env,
                           capture_output=True)
        assert r.returncode == 0 and b"owned" in r.stdout and b".pdf: not a cable file type" in r.stdout, r.stdout
        lib = Library.open([path], tmp_path / "ix")
        where = [w for _, w in lib.versions("09ASTANA1104")]
        lib.close()
        assert len(where) == 2, where
        for o in (r.stdout, r.stderr, "\n".join(where).encode()):
            assert not (b"\x1b" in o or b"\x07" in o or b"\xc2\x9b" in o or "\u202e".encode() in o), o[-300:]


# -- every print path, with a name or an index that carries escape sequences and markup --------------
# A folder named with ``ESC ] 52 ; c ; …`` wrote the user's clipboard through the reader's header
# line, and reached the terminal raw through each line below; a name with ``[link=…]`` made the
# progress line print a hyperlink. One function (``parser.text.terminal_safe``) makes each safe.

@pytest.fixture
def hostile(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """A folder with that name holding the seed cable, and an index folder with it too."""
    root = tmp_path / HOSTILE_NAME
    root.mkdir()
    shutil.copy(ROOT / "sample_cables" / "09ASTANA1104.md", root / f"{HOSTILE_NAME}.md")
    return root, {"CABLES_INDEX_DIR": str(tmp_path / f"ix-{HOSTILE_NAME}"), "CABLES_DATA_DIR": str(tmp_path / "d")}


PRINT_PATHS = {
    "cables index: the archive and index paths": lambda root: ["index", "-v", str(root)],
    "cables parse: from NAME": lambda root: ["parse", str(root / f"{HOSTILE_NAME}.md")],
    "cables parse: no such file": lambda root: ["parse", str(root / f"{HOSTILE_NAME}-gone.txt")],
    "cables search: a missing archive": lambda root: ["search", str(root) + "-gone", "x"],
    "the reader: a missing archive": lambda root: [str(root) + "-gone"],
    "cables explain: the code echoed": lambda root: ["explain", HOSTILE_NAME],
    "cables show: the id not found": lambda root: ["show", str(root), HOSTILE_NAME],
    "cables search: a bad query echoed": lambda root: ["search", str(root), f"date:{HOSTILE_NAME}"],
    "cables diff: the id not found": lambda root: ["diff", str(root), HOSTILE_NAME],
    "cables diff: one copy, where it is": lambda root: ["diff", str(root), "09ASTANA1104"],
}


@pytest.mark.parametrize("path", list(PRINT_PATHS))
def test_each_print_path_shows_outside_strings_safely(hostile, tally, path: str) -> None:  # noqa: ANN001
    root, env = hostile
    with tally("terminal and markup", "print paths of the command line with a hostile name").case():
        r = cables(*PRINT_PATHS[path](root), env=env)
        assert safe(r.stdout) and safe(r.stderr), (r.stdout[-400:], r.stderr[-400:])
        assert r.stdout or r.stderr  # it said something
        shown = (r.stdout + r.stderr).replace(b"\n", b"")  # as the console wrapped it
        assert b"[link=https:example.com]CLICKME" in shown  # the name as written, less its controls


def test_a_bad_querys_caret_stays_under_its_character(tmp_path: Path, tally) -> None:  # noqa: ANN001
    with tally("terminal and markup", "print paths of the command line with a hostile name").case():
        r = cables("search", str(ROOT / "sample_cables"), "a\x1b[31m b date:2009-13", env={
            "CABLES_INDEX_DIR": str(tmp_path / "ix")})
        assert r.returncode == 2 and safe(r.stderr), r.stderr
        echo, caret = r.stderr.decode().splitlines()[-2:]
        assert echo[caret.index("^"):].startswith("2009-13")  # under the value that is wrong


def _tamper(index_dir: Path, archive: Path) -> None:
    from parser.index import ArchiveIndex

    ix = ArchiveIndex(archive, index_dir)
    ix.db.execute("UPDATE cables SET subject=?, origin=?", (f"TAMPERED {HOSTILE_NAME}", HOSTILE_NAME))
    ix.db.commit()
    ix.close()


def test_search_output_from_a_tampered_index(tmp_path: Path, tally) -> None:  # noqa: ANN001
    """The index file is anyone's who could write its folder: its subjects are printed safely."""
    env = {"CABLES_INDEX_DIR": str(tmp_path / "ix")}
    archive = ROOT / "sample_cables"
    assert cables("index", str(archive), env=env).returncode == 0
    _tamper(tmp_path / "ix", archive)
    with tally("terminal and markup", "cables search over a tampered index").case(2):
        r = cables("search", str(archive), "almaty", env=env)  # piped: fields separated by tabs
        assert r.returncode == 0 and b"TAMPERED" in r.stdout and safe(r.stdout) and safe(r.stderr), r.stdout
        t = Terminal("search", str(archive), "almaty", env=env)  # a terminal: the table
        assert t.finish() == 0 and "TAMPERED" in t.text() and payload_free(t.raw), t.raw[-500:]


def test_the_progress_line_prints_a_name_as_written(tmp_path: Path, tally) -> None:  # noqa: ANN001
    """``[link=…]`` in a folder's name made the progress line print a hyperlink (OSC 8)."""
    root = tmp_path / "[link=https:__example.com]CLICKME[_link]"
    root.mkdir()
    for f in (ROOT / "sample_cables").glob("*.txt"):
        shutil.copy(f, root)
    with tally("terminal and markup", "the progress line with a hostile name").case():
        t = Terminal("index", str(root), env={"CABLES_INDEX_DIR": str(tmp_path / "ix")})
        assert t.finish() == 0
        assert b"indexing [link=https:__example.com]CLICKME" in t.raw  # the progress line, as written
        assert payload_free(t.raw), t.raw[:500]


def test_the_readers_header_line_shows_a_name_safely(hostile, tally) -> None:  # noqa: ANN001
    """The reader's header line (the sub-title names the archives) and everything else it draws."""
    root, env = hostile
    with tally("terminal and markup", "the reader on a folder with a hostile name").case():
        t = Terminal(str(root), env=env)
        try:
            t.wait_raw(b"09ASTANA1104")  # the list is drawn (the screen may be garbled: the raw bytes are read)
            t.wait_raw(b"CLICKME")  # the header line names the folder
            t.pump(0.5)
            t.child.send("q")
            assert t.finish() == 0
        finally:
            if t.child.isalive():
                t.child.terminate(force=True)
        assert payload_free(t.raw), [t.raw[max(0, t.raw.find(p) - 80):t.raw.find(p) + 40] for p in PAYLOAD
                                     if p in t.raw]


def test_terminal_safe_leaves_no_character_that_drives_a_terminal(tally) -> None:  # noqa: ANN001
    """The one function every print path uses: over every code point, and a name as a file system gives it."""
    from parser.text import terminal_safe

    drives = {chr(c) for c in range(0x20)} | {chr(c) for c in range(0x7F, 0xA0)} | set(
        "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u2028\u2029")
    with tally("terminal and markup", "terminal_safe over every code point").case():
        every = "".join(chr(c) for c in range(0x110000))
        assert not set(terminal_safe(every)) & drives
        assert not any("\ud800" <= ch <= "\udfff" for ch in terminal_safe(every))  # none a terminal could write
        assert terminal_safe(b"caf\xe9 \x1b[31m\tx\n\ny".decode("utf-8", "surrogateescape")) == "caf\ufffd [31m x y"
        assert terminal_safe("[bold]as  written[/bold] ¶ Ω") == "[bold]as  written[/bold] ¶ Ω"
        assert terminal_safe(None) == "None" and terminal_safe(3) == "3"
