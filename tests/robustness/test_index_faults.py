"""Index faults: the indexer killed with SIGKILL at random points, garbage and truncated index
files, several indexers and a reader at once, an index folder that cannot be written.

Protections checked: one writer committing in batches with the file's row in the same transaction
as its cables (a killed build resumes and ends equal to a clean one), WAL and the lock file, the
corrupt-index set-aside, the in-memory fallback.
"""

from __future__ import annotations

import fcntl
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from parser.index import ArchiveIndex

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from make_corpus import make

    out = tmp_path_factory.mktemp("synthetic")
    make(600, out, "text", seed=7, quiet=True)
    return out


@dataclass(frozen=True)
class Clean:
    """A clean build of the archive by ``cables index`` and what it holds."""

    index_dir: Path
    expected: list[tuple]


@pytest.fixture(scope="module")
def clean(archive: Path, tmp_path_factory: pytest.TempPathFactory) -> Clean:
    """Built once for the module: each test compares its builds with it."""
    folder = tmp_path_factory.mktemp("clean")
    assert start(archive, folder).wait(timeout=300) == 0
    return Clean(folder, snapshot(archive, folder))


def snapshot(root: Path, index_dir: Path) -> list[tuple]:
    ix = ArchiveIndex(root, index_dir)
    rows = sorted((r.id, r.date, r.classification, r.subject) for r in ix.search("", limit=None))
    hits = sorted(r.id for r in ix.search("minister", limit=None))
    ix.close()
    return rows + [("minister",) + tuple(hits)]


def start(root: Path, index_dir: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "tui", "index", str(root), "--index-dir", str(index_dir)],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _processes_using(index_dir: Path) -> list[int]:
    """Processes whose command line names ``index_dir``: the indexer and its feeder and parse
    processes (forked, they carry its command line)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if str(index_dir).encode() in (entry / "cmdline").read_bytes():
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


def _gone(index_dir: Path, seconds: float = 10) -> bool:
    end = time.monotonic() + seconds
    while _processes_using(index_dir) and time.monotonic() < end:
        time.sleep(0.1)
    return not _processes_using(index_dir)


def _building(lock: Path) -> bool:
    """Whether a build holds the index's lock (taken for the whole of ``ArchiveIndex.update``)."""
    try:
        fd = os.open(lock, os.O_RDONLY | os.O_NOFOLLOW)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)  # a lock taken here goes with the descriptor
    return False


def test_killed_indexer_recovers(archive: Path, clean: Clean, tmp_path: Path, tally) -> None:  # noqa: ANN001
    """SIGKILL while a build is running: the index opens cleanly after each kill, and the builds that
    follow end equal to a clean one. A kill counts only if it landed during a build: the build held
    the lock just before it, and the index was still incomplete after it. Every file's time is
    changed before each attempt, so each build has the whole archive to do again."""
    expected = clean.expected
    killed = tmp_path / "killed"
    ix = ArchiveIndex(archive, killed)
    lock = Path(str(ix.path) + ".lock")
    ix.close()
    rng = random.Random(11)
    landed = attempts = 0
    while landed < 10 and attempts < 40:
        attempts += 1
        stamp = time.time_ns() // 1000 * 1000 + attempts * 1000
        for f in archive.rglob("*"):
            if f.is_file():
                os.utime(f, ns=(stamp, stamp))
        proc = start(archive, killed)
        end = time.monotonic() + 30
        while not _building(lock) and proc.poll() is None and time.monotonic() < end:
            time.sleep(0.005)
        time.sleep(rng.uniform(0, 0.4))
        if proc.poll() is not None or not _building(lock):
            proc.wait()
            continue  # the build ended before the kill: not counted
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        if Path("/proc").is_dir():  # its feeder and parse processes leave too, and with them the lock
            assert _gone(killed), "processes of a killed build were left running"
        ix = ArchiveIndex(archive, killed)  # opens after every kill, nothing set aside
        during = not ix.complete
        reopened = ix.reset_reason is None
        ix.close()
        if not during:
            continue  # it finished between the check and the kill
        landed += 1
        with tally("index faults", "SIGKILL during a build, then a clean reopen").case():
            assert reopened
    assert landed == 10, f"only {landed} of {attempts} kills landed during a build"
    with tally("index faults", "killed builds completed equal to a clean build").case():
        assert start(archive, killed).wait(timeout=300) == 0
        assert snapshot(archive, killed) == expected


def test_garbage_and_truncated_index_files(archive: Path, clean: Clean, tmp_path: Path, tally) -> None:  # noqa: ANN001
    d = tmp_path / "ix"
    shutil.copytree(clean.index_dir, d)  # a copy of the clean build, damaged below
    expected = clean.expected
    ix = ArchiveIndex(archive, d)
    path = ix.path
    ix.close()
    for damage in ("truncate", "garbage"):
        data = path.read_bytes()
        for extra in ("-wal", "-shm"):
            Path(str(path) + extra).unlink(missing_ok=True)
        path.write_bytes(data[: len(data) // 3] if damage == "truncate" else os.urandom(len(data) // 2))
        with tally("index faults", "damaged index files set aside and rebuilt").case():
            ix = ArchiveIndex(archive, d)
            reason = ix.reset_reason
            ix.close()
            assert start(archive, d).wait(timeout=300) == 0
            assert snapshot(archive, d) == expected and (damage == "truncate" or bool(reason))


def test_two_indexers_and_a_reader_at_once(archive: Path, clean: Clean, tmp_path: Path, tally) -> None:  # noqa: ANN001
    expected = clean.expected
    d = tmp_path / "shared"
    with tally("index faults", "two indexers and a reader at once").case():
        a, b = start(archive, d), start(archive, d)
        reads = 0
        while a.poll() is None or b.poll() is None:
            ix = ArchiveIndex(archive, d)
            assert ix.reset_reason is None, ix.reset_reason  # never set aside as another's while being made
            ix.search("minister", limit=10)
            ix.close()
            reads += 1
            time.sleep(0.05)
        assert a.returncode == 0 and b.returncode == 0 and snapshot(archive, d) == expected
        assert reads > 0


def test_unwritable_index_folder_falls_back_to_memory(tmp_path: Path, tally) -> None:  # noqa: ANN001
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the index folder should be")
    with tally("index faults", "unwritable index folder: works from memory").case():
        ix = ArchiveIndex(ROOT / "sample_cables", blocker / "index")
        assert ix.in_memory and ix.reset_reason and "in memory" in ix.reset_reason
        ix.update(workers=1)
        assert ix.find("09ASTANA1104")
