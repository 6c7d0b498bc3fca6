"""One file or csv row never stops a build: whatever one item raises becomes that item's skip, with
its reason and its own name, and the build goes on (before, any exception but ParseError stopped
``cables index``, and ``search``, ``show`` and the reader with it, on every run).

Protections checked: the parser's fixes for each value that once raised (a JSON number of 5,000
digits, a character reference of 5,000 digits, metadata dates past the range of a date in UTC or
with an offset of a day, a 40-digit time), and the build's guard around every job (``run_job``,
``parse_blob``, ``parse_rows``), in the build's process and in parse processes alike.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from parser import archive, pipeline
from parser.index import ArchiveIndex
from parser.pipeline import FilesFeed, Pipeline
from robustness.cli import SAMPLES, cables, safe

DATES = ["9999-12-31 23:59 -0100", "0001-01-01 00:00 +0100", "2009-07-07 09:55 +2400", "09:" + "1" * 40]
CSV_ROW = '"{n}","{date}","09ASTANA{serial}","Embassy Astana","UNCLASSIFIED","","","UNCLAS ASTANA 00{serial}\n\n' \
          'SUBJECT: ROW {n}\n\n1. Row {n} of the file.\n"\n'


def _export(date: str) -> str:
    """A text export whose metadata lines come first: id, subject, date, classification, origin."""
    return (f"09ASTANA777\nA SUBJECT\n{date}\nUNCLASSIFIED\nEmbassy Astana\n\nUNCLAS ASTANA 000777\n\n"
            "SUBJECT: A SUBJECT\n\n1. A paragraph.\n")


def _json(date: str) -> str:
    return json.dumps({"items": [{"id": "09ASTANA778", "date": date, "subject": "S", "text": "1. A paragraph."}]})


# Each file once stopped every build of the folder that held it.
REPRODUCERS = {
    "a JSON id of 5,000 digits": ("id.json", '{"items":[{"id":' + "1" * 5000 + "}]}"),
    "a page with &# and 5,000 digits": ("ref.html", "<!DOCTYPE html>\n<html><h3>Viewing cable 09ASTANA779, S</h3>"
                                        "<table class='cable'></table><code><pre>UNCLAS ASTANA 000779\n\n&#"
                                        + "9" * 5000 + ";</pre></code></html>"),
    **{f"JSON date {d[:24]}": (f"date{k}.json", _json(d)) for k, d in enumerate(DATES)},
    **{f"text export date {d[:24]}": (f"date{k}.txt", _export(d)) for k, d in enumerate(DATES)},
}


@pytest.fixture
def seeded(tmp_path: Path) -> Path:
    root = tmp_path / "archive"
    root.mkdir()
    shutil.copy(SAMPLES / "09ASTANA1104.md", root)
    return root


@pytest.mark.parametrize("case", list(REPRODUCERS))
def test_a_file_that_stopped_every_build(seeded: Path, tmp_path: Path, tally, case: str) -> None:  # noqa: ANN001
    name, text = REPRODUCERS[case]
    (seeded / name).write_text(text, encoding="utf-8")
    with tally("archive faults", "files that once stopped every build").case():
        ix = ArchiveIndex(seeded, tmp_path / "ix")
        report = ix.update(workers=1)
        assert ix.complete and ix.find("09ASTANA1104")
        indexed = ix.db.execute("SELECT count(*) FROM files WHERE key=? AND skipped IS NULL", (name,)).fetchone()[0]
        assert indexed or name in dict(report.skipped), report.skipped  # read, or skipped with its reason
        ix.close()


@pytest.mark.parametrize("date", DATES)
def test_a_csv_row_that_stopped_every_build(tmp_path: Path, tally, date: str) -> None:  # noqa: ANN001
    path = tmp_path / "cables.csv"
    path.write_text("".join(CSV_ROW.format(n=n, date=d, serial=100 + n)
                            for n, d in ((1, "7/7/2009 9:55"), (2, date), (3, "7/8/2009 10:00"))), encoding="utf-8")
    with tally("archive faults", "cables.csv rows that once stopped every build").case():
        ix = ArchiveIndex(path, tmp_path / "ix")
        ix.update(workers=1)
        assert ix.complete
        assert [ix.find(f"09ASTANA{100 + n}") != [] for n in (1, 2, 3)] == [True, True, True]
        ix.close()


def test_cables_index_over_all_of_them(seeded: Path, tmp_path: Path, tally) -> None:  # noqa: ANN001
    """The command a user runs: it ends with its summary, exit code 0, no traceback; search works."""
    for name, text in REPRODUCERS.values():
        (seeded / name).write_text(text, encoding="utf-8")
    env = {"CABLES_INDEX_DIR": str(tmp_path / "ix")}
    with tally("archive faults", "cables index, search and show over every such file").case(3):
        r = cables("index", str(seeded), env=env)
        assert r.returncode == 0 and safe(r.stderr) and b" cables (" in r.stdout, r.stderr[-800:]
        r = cables("search", str(seeded), "almaty", env=env)
        assert r.returncode == 0 and b"09ASTANA1104" in r.stdout and safe(r.stderr), r.stderr[-800:]
        r = cables("show", str(seeded), "09ASTANA777", env=env)
        assert r.returncode == 0 and b"A SUBJECT" in r.stdout and safe(r.stderr), r.stderr[-800:]


# -- the guard: any exception from one item -------------------------------------------------------

class Boom(RuntimeError):
    pass


def test_a_file_the_parser_fails_on_is_its_skip(seeded: Path, tmp_path: Path, monkeypatch, tally) -> None:  # noqa: ANN001
    """Whatever the parser raises on one file (here: made to raise on it) is that file's skip, named
    and with the reason, in the build's process."""
    shutil.copy(SAMPLES / "09ASTANA1212.txt", seeded / "bad.txt")
    real = pipeline.parse

    def parse(data, *, name=None, policy=None):  # noqa: ANN001, ANN202
        if name == "bad.txt":
            raise Boom("one file the parser cannot read")
        return real(data, name=name, policy=policy)

    monkeypatch.setattr(pipeline, "parse", parse)
    with tally("archive faults", "a file or row the parser fails on: its skip, the build goes on").case():
        ix = ArchiveIndex(seeded, tmp_path / "ix")
        skipped = dict(ix.update(workers=1).skipped)
        assert "Boom: one file the parser cannot read" in skipped["bad.txt"]
        assert ix.complete and ix.find("09ASTANA1104") and not ix.find("09ASTANA1212")
        ix.close()


def test_a_csv_row_the_parser_fails_on_is_its_skip(tmp_path: Path, monkeypatch, tally) -> None:  # noqa: ANN001
    """A row that fails is that row's skip, named with its number, in parse processes too; the rows
    after it are indexed, this run and the next (which before stopped at the same row again)."""
    path = tmp_path / "cables.csv"
    path.write_text("".join(CSV_ROW.format(n=n, date="7/7/2009 9:55", serial=100 + n) for n in range(1, 6)))
    real = pipeline.parse_source

    def parse_source(src, name=None, policy=None):  # noqa: ANN001, ANN202
        if src.row == 2:
            raise Boom("row two")
        return real(src, name, policy)

    monkeypatch.setattr(pipeline, "parse_source", parse_source)
    for run in ("first", "next"):
        with tally("archive faults", "a file or row the parser fails on: its skip, the build goes on").case():
            ix = ArchiveIndex(path, tmp_path / "ix")
            report = ix.update(workers=2)  # parse processes (forked: they have the failing parse)
            assert ix.complete, run
            assert [bool(ix.find(f"09ASTANA{100 + n}")) for n in range(1, 6)] == [True, False, True, True, True]
            if run == "first":
                assert "Boom: row two" in dict(report.skipped)["cables.csv row 2"]
            ix.close()


def _fail_on_17(arg: object) -> tuple[str, list[tuple], str | None]:
    key = str(arg)
    if key == "17.txt":
        raise Boom(f"the parser failed on {key}")
    return key, [], None


@dataclass
class _Feed(FilesFeed):
    """Forty files, each handed to ``_fail_on_17`` (module level: a spawned parse process runs it too)."""

    def __post_init__(self) -> None:
        self.todo = [archive.Item(f"{n}.txt", 1, 1) for n in range(40)]

    def jobs(self):  # noqa: ANN201
        for item in self.todo:
            yield item, _fail_on_17, item.key


@pytest.mark.parametrize("workers", [1, 2])
def test_the_skip_names_the_file_that_failed(tmp_path: Path, tally, workers: int) -> None:  # noqa: ANN001
    """Before, a parse process's failure stopped the build and named the first file of its batch."""
    with tally("archive faults", "a file or row the parser fails on: its skip, the build goes on").case():
        results = {item.key: reason for item, (_, _, reason) in Pipeline(_Feed(tmp_path), workers).results()}
        assert len(results) == 40
        assert [k for k, reason in results.items() if reason] == ["17.txt"]
        assert "Boom: the parser failed on 17.txt" in str(results["17.txt"])
