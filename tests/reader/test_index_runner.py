"""The index runner: the build in a process of its own reports through messages, and can be stopped."""

from __future__ import annotations

from pathlib import Path

from parser.library import Library
from tui.indexer import IndexRunner
from tui.messages import IndexDone, IndexProgress

SAMPLES = Path(__file__).resolve().parents[2] / "sample_cables"


def test_the_build_posts_its_progress_then_done(tmp_path: Path) -> None:
    lib = Library.open([SAMPLES], tmp_path / "ix")
    posted: list[object] = []
    IndexRunner(lib, [SAMPLES], tmp_path / "ix").run(posted.append)
    assert isinstance(posted[-1], IndexDone) and posted[-1].returncode == 0, posted[-1:]
    progress = [m for m in posted[:-1] if isinstance(m, IndexProgress)]
    assert progress and len(progress) == len(posted) - 1
    files = sum(1 for p in SAMPLES.iterdir() if p.is_file() and p.name != "README.md")
    # the last line always: every file done, and the cables in them (cables.csv holds three)
    assert (progress[-1].done, progress[-1].todo, progress[-1].cables) == (files, files, files + 2)
    assert lib.count() == files + 2  # what the other process committed is read here
    lib.close()


def test_a_failed_build_says_why(tmp_path: Path) -> None:
    gone = tmp_path / "gone"
    gone.mkdir()
    lib = Library.open([gone], tmp_path / "ix")
    gone.rmdir()
    posted: list[object] = []
    IndexRunner(lib, [gone], tmp_path / "ix").run(posted.append)
    assert isinstance(posted[-1], IndexDone) and posted[-1].returncode != 0 and "gone" in posted[-1].error
    lib.close()


def test_stopped_before_it_starts_it_posts_nothing(tmp_path: Path) -> None:
    lib = Library.open([SAMPLES], tmp_path / "ix")
    runner = IndexRunner(lib, [SAMPLES], tmp_path / "ix")
    runner.stop()
    posted: list[object] = []
    runner.run(posted.append)
    assert not any(isinstance(m, IndexDone) for m in posted)
    lib.close()
