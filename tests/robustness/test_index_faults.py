"""Index faults: the indexer killed with SIGKILL at random points, garbage and truncated index
files, several indexers and a reader at once, an index folder that cannot be written.

Protections checked: one writer committing in batches with the file's row in the same transaction
as its cables (a killed build resumes and ends equal to a clean one), WAL and the lock file, the
corrupt-index set-aside, the in-memory fallback.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
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


def test_killed_indexer_recovers(archive: Path, tmp_path: Path, tally) -> None:  # noqa: ANN001
    clean = tmp_path / "clean"
    assert start(archive, clean).wait(timeout=300) == 0
    expected = snapshot(archive, clean)
    killed = tmp_path / "killed"
    rng = random.Random(11)
    for _ in range(10):
        proc = start(archive, killed)
        time.sleep(rng.uniform(0.3, 2.5))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        if Path("/proc").is_dir():  # its feeder and parse processes leave too, and with them the lock
            assert _gone(killed), "processes of a killed build were left running"
        ix = ArchiveIndex(archive, killed)  # opens after every kill, nothing set aside
        ok = ix.reset_reason is None
        ix.close()
        tally("index faults", "SIGKILL during indexing, then a clean reopen").ran(ok)
        assert ok
    assert start(archive, killed).wait(timeout=300) == 0
    same = snapshot(archive, killed) == expected
    tally("index faults", "killed builds completed equal to a clean build").ran(same)
    assert same


def test_garbage_and_truncated_index_files(archive: Path, tmp_path: Path, tally) -> None:  # noqa: ANN001
    d = tmp_path / "ix"
    assert start(archive, d).wait(timeout=300) == 0
    expected = snapshot(archive, d)
    ix = ArchiveIndex(archive, d)
    path = ix.path
    ix.close()
    for damage in ("truncate", "garbage"):
        data = path.read_bytes()
        for extra in ("-wal", "-shm"):
            Path(str(path) + extra).unlink(missing_ok=True)
        path.write_bytes(data[: len(data) // 3] if damage == "truncate" else os.urandom(len(data) // 2))
        ix = ArchiveIndex(archive, d)
        reason = ix.reset_reason
        ix.close()
        assert start(archive, d).wait(timeout=300) == 0
        ok = snapshot(archive, d) == expected and (damage == "truncate" or bool(reason))
        tally("index faults", "damaged index files set aside and rebuilt").ran(ok)
        assert ok


def test_two_indexers_and_a_reader_at_once(archive: Path, tmp_path: Path, tally) -> None:  # noqa: ANN001
    clean = tmp_path / "clean"
    assert start(archive, clean).wait(timeout=300) == 0
    expected = snapshot(archive, clean)
    d = tmp_path / "shared"
    a, b = start(archive, d), start(archive, d)
    reads = 0
    while a.poll() is None or b.poll() is None:
        ix = ArchiveIndex(archive, d)
        ix.search("minister", limit=10)
        ix.close()
        reads += 1
        time.sleep(0.05)
    ok = a.returncode == 0 and b.returncode == 0 and snapshot(archive, d) == expected
    tally("index faults", "two indexers and a reader at once").ran(ok)
    assert ok and reads > 0


def test_unwritable_index_folder_falls_back_to_memory(tmp_path: Path, tally) -> None:  # noqa: ANN001
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the index folder should be")
    ix = ArchiveIndex(ROOT / "sample_cables", blocker / "index")
    assert ix.in_memory and ix.reset_reason and "in memory" in ix.reset_reason
    ix.update(workers=1)
    ok = bool(ix.find("09ASTANA1104"))
    tally("index faults", "unwritable index folder: works from memory").ran(ok)
    assert ok
