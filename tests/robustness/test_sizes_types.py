"""Sizes and file types: the 64 MB bound holds for a csv's fields and rows (a 100 MB field was
indexed, an unclosed quote took the rest of the file into one cable); FIFOs, devices and links where
files are expected never hang a command or the reader; a link out of a folder archive is not
followed; a cable file changed since it was indexed is never shown as another cable.

Protections checked: ``csvrows._Lines`` (each row's size counted, the reading resumed at the next
row), ``archive.open_regular`` (only regular files, checked on the opened descriptor, opened without
waiting), ``archive.scan``'s check of file links, ``ArchiveIndex.read_cable``.
Every case that could hang runs under a timeout, so a regression fails instead of hanging.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from parser import archive
from parser.index import ArchiveIndex
from robustness.cli import ROOT, SAMPLES, cables, safe

CSV_ROW = '"{n}","7/7/2009 9:55","09ASTANA{serial}","Embassy Astana","UNCLASSIFIED","","","UNCLAS ASTANA 00{serial}' \
          '\n\nSUBJECT: ROW {n}\n\n1. {body}\n"\n'
MB = 2**20
PEAK = """
import resource, subprocess, sys
r = subprocess.run(sys.argv[1:], capture_output=True)
sys.stdout.buffer.write(r.stdout)
sys.stderr.buffer.write(r.stderr)
print("PEAK", resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024, file=sys.stderr)
sys.exit(r.returncode)
"""


def _index_measured(path: Path, index_dir: Path) -> tuple[subprocess.CompletedProcess[bytes], int]:
    """``cables index`` with the peak memory of its largest process (MB)."""
    r = subprocess.run([sys.executable, "-c", PEAK, sys.executable, "-m", "tui", "index", "-v", str(path),
                        "--index-dir", str(index_dir)], cwd=ROOT, capture_output=True, timeout=120)
    peak = int(r.stderr.rsplit(b"PEAK ", 1)[1].split()[0])
    return r, peak


class Hung(Exception):  # noqa: N818 - not an OSError: code that catches those must not swallow it
    pass


@contextlib.contextmanager
def _within(seconds: float) -> Iterator[None]:
    """The block ends within ``seconds``, or fails (never hangs the suite)."""
    def expire(signum: int, frame: object) -> None:
        raise Hung(f"still running after {seconds} s")

    old = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


@pytest.mark.parametrize("kind", ["a field of 100 MB", "a quote never closed, 100 MB after it"])
def test_the_64_mb_bound_holds_for_csv_rows(tmp_path: Path, tally, kind: str) -> None:  # noqa: ANN001
    path = tmp_path / "cables.csv"
    with open(path, "w", encoding="utf-8") as f:
        f.write(CSV_ROW.format(n=1, serial=101, body="Before."))
        if kind.startswith("a field"):
            f.write(CSV_ROW.format(n=2, serial=102, body="x" * (100 * MB)))
        else:
            f.write('"2","7/7/2009 9:55","09ASTANA102","Embassy Astana","UNCLASSIFIED","","","never closed\n')
            line = "a line of the text that the open quote would have taken into its one field\n"
            f.write(line * (100 * MB // len(line)))
        f.write(CSV_ROW.format(n=3, serial=103, body="After."))
    with tally("archive faults", "csv rows past 64 MB: skipped, the rows after them read").case():
        r, peak = _index_measured(path, tmp_path / "ix")
        assert r.returncode == 0 and safe(r.stderr), r.stderr[-600:]
        assert b"cables.csv row 2: a row over 64 MB" in r.stdout, r.stdout[-600:]
        ix = ArchiveIndex(path, tmp_path / "ix")
        assert [bool(ix.find(f"09ASTANA{s}")) for s in (101, 102, 103)] == [True, False, True]
        ix.close()
        assert peak < 400, f"peak {peak} MB"  # a row is never held past the bound (the 100 MB field: 787 MB)


def test_a_file_replaced_by_a_fifo_during_a_build(tmp_path: Path, monkeypatch, tally) -> None:  # noqa: ANN001
    root = tmp_path / "tree"
    root.mkdir()
    shutil.copy(SAMPLES / "09ASTANA1104.md", root)
    shutil.copy(SAMPLES / "09ASTANA1212.txt", root / "soon-a-fifo.txt")
    real_scan = archive.scan

    def scan_then_replace(where: Path):  # noqa: ANN202
        items, skipped = real_scan(where)
        (root / "soon-a-fifo.txt").unlink()  # between the listing and the read, a FIFO takes its place
        os.mkfifo(root / "soon-a-fifo.txt")
        return items, skipped

    monkeypatch.setattr(archive, "scan", scan_then_replace)
    with tally("archive faults", "FIFOs, devices and links to them where files are expected").case(), _within(20):
        ix = ArchiveIndex(root, tmp_path / "ix")
        skipped = dict(ix.update(workers=1).skipped)
        assert skipped["soon-a-fifo.txt"] == "not a regular file (FIFO, device or socket)"
        assert ix.find("09ASTANA1104")
        ix.close()


def _special(tmp_path: Path, name: str) -> Path:
    path = tmp_path / name
    if name == "r.zip":
        os.symlink("/dev/urandom", path)  # read, it never ends
    else:
        os.mkfifo(path)  # opened to read, it waits for a writer for ever
    return path


@pytest.mark.parametrize("name", ["x.tar", "y.zip", "r.zip", "z.tar.xz", "cables.csv", "c.txt"])
def test_an_archive_that_is_a_fifo_or_device(tmp_path: Path, tally, name: str) -> None:  # noqa: ANN001
    path = _special(tmp_path, name)
    env = {"CABLES_INDEX_DIR": str(tmp_path / "ix")}
    with tally("archive faults", "FIFOs, devices and links to them where files are expected").case():
        r = cables("index", str(path), env=env, timeout=30)
        assert r.returncode == 0 and safe(r.stderr) and b"not a regular file" in r.stdout, (r.stdout, r.stderr)
        r = cables("search", str(path), "almaty", env=env, timeout=30)
        assert r.returncode == 1 and safe(r.stderr), r.stderr
        r = cables("parse", str(path), env=env, timeout=30)
        assert r.returncode == 1 and safe(r.stderr) and b"not a regular file" in r.stderr, r.stderr


@pytest.mark.parametrize("name", ["keymap.json", "bookmarks.json", "positions.json", "searches.json",
                                  "views.json"])
def test_a_fifo_as_a_state_or_keymap_file(tmp_path: Path, monkeypatch, tally, name: str) -> None:  # noqa: ANN001
    """The reader opened a FIFO named keymap.json or bookmarks.json and waited on it for ever."""
    from tui.app import CableReader
    from tui.state import State

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    folder = tmp_path / "config" / "cable-reader" if name == "keymap.json" else tmp_path / "data"
    folder.mkdir(parents=True)
    os.mkfifo(folder / name)
    with tally("archive faults", "FIFOs, devices and links to them where files are expected").case(), _within(10):
        app = CableReader([SAMPLES], tmp_path / "ix", State.load(tmp_path / "data"))
        assert any(name in n and "not a regular file" in n for n in app.notices), app.notices
        if name != "keymap.json":  # the user's own keymap is left where it is; a state file is set aside
            assert not (folder / name).exists()


def test_a_link_out_of_a_folder_archive_is_not_followed(tmp_path: Path, tally) -> None:  # noqa: ANN001
    """A link to a file outside the archive made that file searchable; the listing says so now."""
    secret = tmp_path / "private" / "notes.txt"
    secret.parent.mkdir()
    secret.write_text((SAMPLES / "09ASTANA1212.txt").read_text().replace("Ministry", "ZEBRAFISH Ministry"))
    root = tmp_path / "tree"
    root.mkdir()
    shutil.copy(SAMPLES / "09ASTANA1104.md", root)
    os.symlink(secret, root / "leak.txt")
    os.symlink("../tree/09ASTANA1104.md", root / "inside.md")  # a link within the archive: the same file
    env = {"CABLES_INDEX_DIR": str(tmp_path / "ix")}
    with tally("archive faults", "links out of a folder archive: not followed, and listed").case():
        r = cables("index", "-v", str(root), env=env)
        assert r.returncode == 0 and b"leak.txt: a link to a file outside the archive (not followed)" in r.stdout
        assert b"inside.md: same file as another path" in r.stdout, r.stdout
        assert cables("search", str(root), "zebrafish", env=env).returncode == 1
        assert cables("show", str(root), "09ASTANA1212", env=env).returncode == 1
        with pytest.raises(OSError, match="outside the archive"):
            archive.read(root, "leak.txt")  # read directly (a link made after the listing): refused too


def test_a_cable_file_changed_since_it_was_indexed(tmp_path: Path, tally) -> None:  # noqa: ANN001
    """``show 09ALMATY345`` printed 09TASHKENT877 once its file held that cable."""
    root = tmp_path / "tree"
    shutil.copytree(SAMPLES, root)
    env = {"CABLES_INDEX_DIR": str(tmp_path / "ix")}
    assert cables("index", str(root), env=env).returncode == 0
    (root / "09ALMATY0345.txt").write_bytes((SAMPLES / "09TASHKENT0877.txt").read_bytes())
    with open(root / "09ASTANA1212.txt", "a", encoding="utf-8") as f:
        f.write("\nA line added since.\n")
    with tally("archive faults", "cable files changed since they were indexed").case(2):
        r = cables("show", str(root), "09ALMATY345", env=env)
        assert r.returncode == 1 and b"TASHKENT" not in r.stdout and safe(r.stderr), r.stdout[:300]
        assert b"09ALMATY0345.txt no longer holds it" in r.stderr, r.stderr
        r = cables("show", str(root), "09ASTANA1212", env=env)  # changed, and still holds it: shown, with a notice
        assert r.returncode == 0 and b"TORTURE COALITION" in r.stdout
        assert b"has changed since it was indexed" in r.stderr, r.stderr
