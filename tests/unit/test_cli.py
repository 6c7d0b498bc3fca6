"""The ``cables`` command line: subcommands, exit codes, help, messages (never a traceback)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from .teletype import DUAL_PRECEDENCE

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "sample_cables"


def cables(*args: str, index_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CABLES_INDEX_DIR": str(index_dir)}
    return subprocess.run([sys.executable, "-m", "tui", *args], capture_output=True, text=True, cwd=ROOT,
                          env=env, timeout=120)


@pytest.fixture
def ixdir(tmp_path: Path) -> Path:
    return tmp_path / "ix"


def test_search_table_and_exit_codes(ixdir: Path) -> None:
    r = cables("search", str(SAMPLES), "tag:PHUM torture", index_dir=ixdir)
    assert r.returncode == 0, r.stderr
    assert "09ASTANA1212" in r.stdout and "Traceback" not in r.stderr
    # Piped (as here), each cable is one line of tab-separated fields, the whole subject last.
    [row] = [line.split("\t") for line in r.stdout.splitlines() if "09ASTANA1212" in line]
    assert row == ["2009-07-24", "09ASTANA1212", "CONFIDENTIAL", "AMEMBASSY ASTANA",
                   "KAZAKHSTAN: TORTURE COALITION MEETS PROSECUTORS, ASKS FOR ACCESS TO DETENTION CELLS"]
    r = cables("search", str(SAMPLES), "nothingmatchesthis", index_dir=ixdir)
    assert r.returncode == 1 and "nothing found" in r.stderr
    # The csv copy of 09ASTANA1104 is found and not shown twice: the count says why one is missing.
    r = cables("search", str(SAMPLES), "id:09ASTANA1104", index_dir=ixdir)
    assert "1 shown of 2 found (1 of them further copy of ids shown) in 14 cables (13 ids)" in r.stderr, r.stderr
    # A REF as cables write it, without the year: in any year; none cited so is said, not silence.
    r = cables("search", str(SAMPLES), "ref:ASTANA1212", index_dir=ixdir)
    assert r.returncode == 0 and {"09DUSHANBE998", "09TASHKENT877"} <= set(r.stdout.split()), r.stderr
    r = cables("search", str(SAMPLES), "ref:ASTANA9999", index_dir=ixdir)
    assert r.returncode == 1 and "no cable cites ASTANA9999 in any year" in r.stderr
    r = cables("search", str(SAMPLES), 'date:2009-13 "open', index_dir=ixdir)
    assert r.returncode == 2 and "bad query" in r.stderr and "Traceback" not in r.stderr
    for limit in ("0", "-3", "ten"):
        r = cables("search", str(SAMPLES), "torture", "--limit", limit, index_dir=ixdir)
        assert r.returncode == 2 and "--limit" in r.stderr and "Traceback" not in r.stderr


def test_search_jsonl_has_parse_keys_without_paragraphs(ixdir: Path) -> None:
    r = cables("search", str(SAMPLES), "id:09ASTANA1104", "--jsonl", index_dir=ixdir)
    [line] = r.stdout.strip().split("\n")
    d = json.loads(line)
    assert d["id"] == "09ASTANA1104" and "paragraphs" not in d and d["tags"][0] == "PHUM"


def test_show_forms(ixdir: Path) -> None:
    r = cables("show", str(SAMPLES), "09astana1104", index_dir=ixdir)
    assert r.returncode == 0 and "HOAGLAND" in r.stdout and "Human Rights" in r.stdout
    assert "[PHUM](#)" not in r.stdout
    raw = cables("show", str(SAMPLES), "09ASTANA1104", "--text", index_dir=ixdir).stdout
    assert "[PHUM](#)" in raw  # the raw text exactly as found, markup and all
    js = json.loads(cables("show", str(SAMPLES), "09ASTANA1104", "--json", index_dir=ixdir).stdout)
    assert js["signature"] == "HOAGLAND"
    md = cables("show", str(SAMPLES), "09ASTANA1104", "--markdown", index_dir=ixdir).stdout
    assert "## DIRTY ROAD POLICE EXPOSED" in md
    assert cables("show", str(SAMPLES), "99NOWHERE1", index_dir=ixdir).returncode == 1


def test_show_gives_a_dual_precedence_whole(tmp_path: Path, ixdir: Path) -> None:
    # ``O P 011212Z AUG 06``: the header said IMMEDIATE alone, the information addressees' PRIORITY lost.
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "06DUSHANBE1464.txt").write_text(DUAL_PRECEDENCE.format(prec="O P"), encoding="utf-8")
    r = cables("show", str(tmp_path / "a"), "06DUSHANBE1464", index_dir=ixdir)
    assert r.returncode == 0, r.stderr
    assert "Precedence     IMMEDIATE for the action addressees, PRIORITY for the information addressees\n" in r.stdout
    assert json.loads(cables("show", str(tmp_path / "a"), "06DUSHANBE1464", "--json",
                             index_dir=ixdir).stdout)["info_precedence"] == "PRIORITY"


def test_index_summary_and_verbose(tmp_path: Path, ixdir: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "x.txt").write_bytes(b"\x00\x01binary")
    (tmp_path / "a" / "n.pdf").write_bytes(b"%PDF")
    r = cables("index", str(tmp_path / "a"), "-v", index_dir=ixdir)
    assert r.returncode == 0
    assert "binary (not text)" in r.stdout and "not a cable file type" in r.stdout


def test_missing_archive_is_a_usage_error(ixdir: Path) -> None:
    r = cables("search", "/no/such/place", "x", index_dir=ixdir)
    assert r.returncode == 2 and "no such file or folder" in r.stderr


def test_help_teaches() -> None:
    r = subprocess.run([sys.executable, "-m", "tui", "--help"], capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 0 and "cables search ARCHIVE... QUERY" in r.stdout and "Exit codes" in r.stdout
    assert "``" not in r.stdout and "terminal_safe" not in r.stdout  # words for users, not the code's
    r = subprocess.run([sys.executable, "-m", "tui", "search", "--help"], capture_output=True, text=True, cwd=ROOT)
    assert "example" in r.stdout


def test_explain_every_code_of_the_seed() -> None:
    codes = ["PHUM", "PREL", "PGOV", "KDEM", "KCRM", "KZ", "RUEHTA", "RUEHC", "O", "IMMEDIATE", "UNCLASSIFIED",
             "SIPDIS", "12958", "S//NF", "1.4(d)"]
    r = subprocess.run([sys.executable, "-m", "tui", "explain", *codes], capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 0, r.stdout
    assert "PHUM  subject tag: Human Rights" in r.stdout
    assert "RUEHTA  routing indicator: AMEMBASSY ASTANA" in r.stdout
    r = subprocess.run([sys.executable, "-m", "tui", "explain", "QQQQ"], capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 1 and "unknown" in r.stdout


def test_parse_unreadable_and_strict(tmp_path: Path) -> None:
    r = subprocess.run([sys.executable, "-m", "tui", "parse", str(tmp_path / "missing.txt")],
                       capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 1 and "missing.txt" in r.stderr and "Traceback" not in r.stderr
    r = subprocess.run([sys.executable, "-m", "tui", "parse", str(SAMPLES / "09ASTANA1104.md"), "--strict"],
                       capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 1 and "paragraph_number" in r.stderr


def test_search_says_why_each_cable_matched(ixdir: Path) -> None:
    # Piped: no snippet unless asked; asked, a last tab-separated field with the hits «so».
    r = cables("search", str(SAMPLES), "election", index_dir=ixdir)
    [row] = [line.split("\t") for line in r.stdout.splitlines()]
    assert row[1] == "09TASHKENT877" and len(row) == 5
    r = cables("search", str(SAMPLES), "election", "--snippets", index_dir=ixdir)
    [row] = [line.split("\t") for line in r.stdout.splitlines()]
    assert len(row) == 6 and "«ELECTIONS»" in row[5], row
    # --jsonl: the snippet and where its hits are.
    r = cables("search", str(SAMPLES), "negotiat* merger", "--jsonl", index_dir=ixdir)
    d = json.loads(r.stdout.splitlines()[0])
    assert {d["snippet"][a:b] for a, b in d["snippet_hits"]} == {"negotiations", "merger"}, d["snippet"]
    r = cables("search", str(SAMPLES), "tag:PHUM", "--jsonl", index_dir=ixdir)
    assert all(json.loads(line)["snippet"] is None for line in r.stdout.splitlines())  # no words: no snippet
    r = cables("search", str(SAMPLES), "election", "--jsonl", "--no-snippets", index_dir=ixdir)
    assert "snippet" not in json.loads(r.stdout)
    r = subprocess.run([sys.executable, "-m", "tui", "search", "--help"], capture_output=True, text=True, cwd=ROOT)
    assert "--snippets" in r.stdout and "=elections" in r.stdout  # the snippet and exact-form options


def test_a_snippet_of_a_hostile_cable_prints_nothing_that_drives_the_terminal(tmp_path: Path) -> None:
    from reader.test_safety import HOSTILE

    archive = tmp_path / "hostile"
    archive.mkdir()
    (archive / "09ASTANA666.txt").write_text(HOSTILE, encoding="utf-8")
    for extra in (["--snippets"], ["--jsonl"]):
        r = cables("search", str(archive), "owned OR evil OR click", *extra, index_dir=tmp_path / "ix")
        assert r.returncode == 0 and "Traceback" not in r.stderr, r.stderr
        assert "owned" in r.stdout
        for bad in ("\x1b", "\x9b", "\x07", "\u202e"):
            assert bad not in r.stdout and json.dumps(bad)[1:-1] not in r.stdout


def test_the_terminal_table_marks_the_hits_in_the_hit_style(ixdir: Path) -> None:
    import pexpect
    import pyte

    from tui.render import HIT_STYLE

    for cols in (160, 80):
        screen = pyte.Screen(cols, 48)
        stream = pyte.ByteStream(screen)
        child = pexpect.spawn(sys.executable, ["-m", "tui", "search", str(SAMPLES), "election"], cwd=str(ROOT),
                              dimensions=(48, cols),
                              env={**os.environ, "TERM": "xterm-256color", "CABLES_INDEX_DIR": str(ixdir)})
        child.expect(pexpect.EOF, timeout=60)
        stream.feed(child.before)
        text = "\n".join(screen.display)
        assert "09TASHKENT877" in text
        hit_bg = HIT_STYLE.split(" on ")[1].lstrip("#")
        marked = "".join(screen.buffer[y][x].data for y in range(48) for x in range(cols)
                         if screen.buffer[y][x].bg == hit_bg)
        assert marked.replace(" ", "") == "ELECTIONS", (marked, text)


def test_the_terminal_table_is_one_line_a_cable_at_80_columns(ixdir: Path) -> None:
    """At 80 columns the subjects were folded into a column of 14, up to ten lines a cable: a
    cable is one line (and the line of why it matched), the subject cut with … to what the terminal
    leaves; piped, the same search writes the whole subject (tab-separated, as before)."""
    import pexpect
    import pyte

    screen = pyte.Screen(80, 48)
    stream = pyte.ByteStream(screen)
    child = pexpect.spawn(sys.executable, ["-m", "tui", "search", str(SAMPLES), "torture"], cwd=str(ROOT),
                          dimensions=(48, 80),
                          env={**os.environ, "TERM": "xterm-256color", "CABLES_INDEX_DIR": str(ixdir)})
    child.expect(pexpect.EOF, timeout=60)
    stream.feed(child.before)
    lines = [line.rstrip() for line in screen.display]
    table = [line for line in lines if "│" in line]
    ids = [n for n, line in enumerate(table) if line.split("│")[1].strip()]
    assert len(ids) >= 3, "\n".join(lines)
    assert all(b - a <= 2 for a, b in zip(ids, [*ids[1:], len(table)], strict=True)), "\n".join(lines)
    row = next(line for line in table if "09ASTANA1212" in line)
    cut = row.split("│")[-1].strip()
    assert cut.endswith("…") and len(cut) > 24, row
    assert "KAZAKHSTAN: TORTURE COALITION MEETS PROSECUTORS".startswith(cut[:-1]), row
    piped = cables("search", str(SAMPLES), "torture", index_dir=ixdir)
    assert "KAZAKHSTAN: TORTURE COALITION MEETS PROSECUTORS, ASKS FOR ACCESS TO DETENTION CELLS\n" in piped.stdout


@pytest.mark.parametrize("pieces", [
    [("09ASTANA1104", "bold"), ("  2009-07-07\n", ""), ("  tags\tPHUM\tKZ ¶é\n", "dim")],
    [("a\tb\n\tc", ""), ("\x07bell\x08\x0b\x0c\rgone", "red")],
    [("x\x07y\rz\x0bw\x0cv\x08u", "")],  # control codes rich takes out
    [("中\tx", ""), ("\nplain\ttab", "bold")],  # a wide character before a tab: rich counts its two columns
    [("no line end", "")], [("", "")],
])
def test_styled_text_piped_is_what_rich_writes(pieces: list[tuple[str, str]], monkeypatch: pytest.MonkeyPatch) -> None:
    """``cables show`` and ``parse`` piped write the renderer's text without rich: byte for byte what
    rich's console would write (its control codes out, tabs to columns of 8, a line end)."""
    import io

    from rich.console import Console

    from tui.cli import Stream
    from tui.render import Styled

    text = Styled()
    for part, style in pieces:
        text.append(part, style)
    expected = io.StringIO()
    Console(file=expected, highlight=False, soft_wrap=True).print(text.text())
    got = io.StringIO()
    monkeypatch.setattr(sys, "stdout", got)  # not a terminal: plain
    for name in ("FORCE_COLOR", "TTY_COMPATIBLE"):
        monkeypatch.delenv(name, raising=False)
    Stream().styled(text)
    assert got.getvalue() == expected.getvalue()
