"""The benchmark generator and runner at N=50, so they never rot (the real runs stay out of the
test suite: `make bench-quick`, `make bench`)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_generator_is_deterministic_and_parses(tmp_path: Path) -> None:
    for form in ("page", "text", "csv"):
        a, b = tmp_path / f"a-{form}", tmp_path / f"b-{form}"
        for out in (a, b):
            subprocess.run([sys.executable, "bench/make_corpus.py", "50", str(out), "--form", form, "--seed", "3"],
                           cwd=ROOT, check=True, capture_output=True)
        files_a = sorted(p.relative_to(a) for p in a.rglob("*") if p.is_file())
        assert files_a == sorted(p.relative_to(b) for p in b.rglob("*") if p.is_file())
        assert all((a / f).read_bytes() == (b / f).read_bytes() for f in files_a)
    from parser import parse

    pages = sorted((tmp_path / "a-page").rglob("*.html"))
    assert len(pages) == 50
    for p in pages[:10]:
        [c] = parse(p.read_bytes(), name=p.name)
        assert c.id == p.stem and c.paragraphs and c.date
    cables = parse((tmp_path / "a-csv" / "cables.csv").read_bytes(), name="cables.csv")
    assert len(cables) == 50 and all(c.id for c in cables)


def test_runner_prints_the_table(tmp_path: Path) -> None:
    results = tmp_path / "RESULTS.md"
    r = subprocess.run([sys.executable, "bench/run.py", "--cables", "50", "--skip-corpus", "--runs", "1",
                        "--command-runs", "1", "--reader-moves", "20", "--work", str(tmp_path / "work"),
                        "--results", str(results)],
                       cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr[-2000:]
    for figure in ("index synthetic 50: full build", "search: p95 ms", "whole `cables search` process",
                   "reader: first paint", "reader: list move", "reader: opening a cable"):
        assert figure in r.stdout, figure
    text = results.read_text()
    assert "| figure | value | target |" in text and "cores" in text


def test_generated_ids_never_repeat() -> None:
    """A post's numbers within a year are all different (at 1,000,000 records numbers taken from the
    record's place in the run repeated, and 2,666 files were written over), and the generator says
    so rather than repeat one."""
    sys.path.insert(0, str(ROOT / "bench"))
    import pytest
    from make_corpus import next_serial

    serials: dict[tuple[int, str], int] = {}
    numbers = [next_serial(serials, 1975, "TEHRAN") for _ in range(99991)]
    assert len(set(numbers)) == 99991 and min(numbers) >= 1 and max(numbers) <= 99991
    assert next_serial(serials, 1975, "PARIS") == next_serial({}, 1976, "TEHRAN")
    with pytest.raises(SystemExit, match="fewer"):
        next_serial(serials, 1975, "TEHRAN")
