"""Every archive layout opens; the index is incremental, survives faults, and never writes to
the archive."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import tarfile
from collections.abc import Callable
from pathlib import Path

import corpus
import pytest

import parser.archive as archive
import parser.build as build_module
import parser.pipeline as pipeline_module
from parser import parse
from parser.index import ArchiveIndex

from .conftest import SAMPLES, make_7z, make_tar, make_zip

SAMPLE_IDS = {"09ASTANA1104", "09ASTANA1212", "09ALMATY345", "06BISHKEK123", "09TASHKENT877",
              "75MOSCOW4321", "08TALLINN412", "02ADANA201", "08MOSCOW3001", "73LAPAZ4411", "75USUNN1234"}


def ids(ix: ArchiveIndex) -> set[str]:
    return {r.id for r in ix.search("", limit=None) if r.id}


def checksums(root: Path) -> dict[str, tuple[str, int]]:
    out = {}
    for p in sorted(root.rglob("*")) if root.is_dir() else [root]:
        if p.is_file():
            out[str(p)] = (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
    return out


def interrupt(ix: ArchiveIndex, stop: Callable[[int, int], bool], reports: list[tuple[int, int]] | None = None) -> None:
    """A build stopped as by Ctrl-C at the first progress report where ``stop(files done, cables)``
    holds; ``reports`` collects each report's (files done, files to do)."""

    def progress(done: int, todo: int, cables: int) -> None:
        if reports is not None:
            reports.append((done, todo))
        if stop(done, cables):
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        ix.update(progress, workers=1)


def test_folder_layout(folder: Path, index_dir: Path) -> None:
    before = checksums(folder)
    ix = ArchiveIndex(folder, index_dir)
    report = ix.update(workers=1)
    assert ids(ix) == SAMPLE_IDS
    reasons = dict(report.skipped)
    assert reasons["README.pdf"] == "not a cable file type"
    assert reasons["empty.txt"] == "empty"
    assert checksums(folder) == before  # never written to


@pytest.mark.parametrize("mode,suffix", [("w", ".tar"), ("w:gz", ".tar.gz"), ("w:xz", ".tar.xz")])
def test_tar_layouts_read_in_place(tmp_path: Path, index_dir: Path, mode: str, suffix: str) -> None:
    path = make_tar(tmp_path, mode, suffix)
    ix = ArchiveIndex(path, index_dir)
    ix.update(workers=1)
    assert ids(ix) == SAMPLE_IDS
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([path.name, "index"])  # nothing extracted
    c = ix.cable(ix.find("09ASTANA1104")[0])
    assert c is not None and c.signature == "HOAGLAND"
    # A compressed tarball's cables are parsed again from the text the index keeps (reading a
    # member would decompress the archive up to it): the result is the cable read from its file.
    for rowid in (r.rowid for r in ix.search("", limit=None)):
        kept = ix.cable(rowid)
        assert kept is not None and kept.name
        sample = SAMPLES / kept.name.rsplit("/", 1)[1]
        direct = [x for x in parse(sample.read_bytes(), name=kept.name) if x.id == kept.id][0]
        assert without_warnings(kept.to_dict()) == without_warnings(direct.to_dict()), kept.id


SEVENTIES_SAMPLES = ("1973LAPAZ04411.txt", "1975USUNN01234_b.txt")


def test_1970s_kept_text(tmp_path: Path, index_dir: Path) -> None:
    ix = ArchiveIndex(make_tar(tmp_path, "w:gz", ".tar.gz"), index_dir)
    ix.update(workers=1)
    for name in SEVENTIES_SAMPLES:
        direct = parse((SAMPLES / name).read_bytes(), name=name)[0]
        kept = ix.cable(ix.find(direct.archive_id or "")[0])
        assert kept is not None and kept.archive_id == direct.archive_id and kept.concepts == direct.concepts


def test_7z_read_in_place(tmp_path: Path, index_dir: Path) -> None:
    path = make_7z(tmp_path)
    before = checksums(path)
    reports: list[tuple[int, int]] = []
    ix = ArchiveIndex(path, index_dir)
    report = ix.update(lambda done, todo, cables: reports.append((done, todo)), workers=1)
    assert ids(ix) == SAMPLE_IDS - {"73LAPAZ4411"} | {f"73LAPAZ{4411 + n}" for n in range(5)}
    assert report.files_seen == 15 and not report.skipped
    assert reports[-1] == (15, 15) and all(todo == 15 for _, todo in reports)  # the total known from the start
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([path.name, "index"])  # nothing extracted
    assert checksums(path) == before  # read only
    direct = parse((SAMPLES / "1973LAPAZ04411.txt").read_bytes(), name="x.txt")[0]
    kept = ix.cable(ix.find("1973LAPAZ04412")[0])  # the text kept (a 7z is read from its start)
    assert kept is not None and kept.name == f"{path.name}::1973/06/1973LAPAZ04412.txt"
    assert (kept.concepts, kept.signature, kept.attributes["Locator"]) == (direct.concepts, "STEDMAN", "TEXT ON-LINE")
    assert archive.read(path, f"{path.name}::other/09ASTANA1104.md") == (SAMPLES / "09ASTANA1104.md").read_bytes()
    assert ix.update(workers=1).cables == 0  # unchanged: not read again


def test_cut_7z_gives_the_records_before_the_damage(tmp_path: Path, index_dir: Path) -> None:
    """A 7z cut short has lost its table of contents (at its end): the National Archives records in
    the data before the cut are read, the one the cut shortened is not, and the archive is named as
    cut short. Never a traceback, never a hang."""
    whole = make_7z(tmp_path, records=40)
    data = whole.read_bytes()
    cut = tmp_path / "cut" / whole.name
    cut.parent.mkdir()
    cut.write_bytes(data[: len(data) // 2])
    ix = ArchiveIndex(cut, index_dir)
    report = ix.update(workers=1)
    found = ids(ix)
    assert found and found <= {f"73LAPAZ{4411 + n}" for n in range(40)}
    assert found == {f"73LAPAZ{4411 + n}" for n in range(len(found))}  # the first ones, in order
    assert len(found) < 40
    (name, reason), = report.skipped
    assert name == whole.name and reason.startswith("cut short: its table of contents")
    assert f"{len(found)} National Archives records were read" in reason
    c = ix.cable(ix.find(f"73LAPAZ{4411 + len(found) - 1}")[0])
    assert c is not None and c.signature == "STEDMAN" and c.concepts  # the last one read is whole
    # Not a 7z at all, and a 7z cut inside its signature header.
    for bad, why in ((b"7z\xbc\xaf\x27\x1c\x00", "cut short inside its first 32 bytes, before any data"),
                     (b"PK junk" * 10, "not a 7z archive")):
        junk = tmp_path / "junk" / "x.7z"
        junk.parent.mkdir(exist_ok=True)
        junk.write_bytes(bad)
        assert dict(ArchiveIndex(junk, tmp_path / "ix2").update(workers=1).skipped) == {"x.7z": why}


def without_warnings(d: dict) -> dict:
    return {k: v for k, v in d.items() if k != "warnings"}


def test_zip_layout(tmp_path: Path, index_dir: Path) -> None:
    ix = ArchiveIndex(make_zip(tmp_path), index_dir)
    ix.update(workers=1)
    assert ids(ix) == SAMPLE_IDS


def test_csv_release_file_streamed(index_dir: Path) -> None:
    ix = ArchiveIndex(SAMPLES / "cables.csv", index_dir)
    ix.update()
    assert ids(ix) == {"09ASTANA1104", "09DUSHANBE998", "75TEHRAN10021"}
    c = ix.cable(ix.find("09DUSHANBE998")[0])
    assert c is not None and c.row == 2 and c.subject and "TORTURE" in c.subject


def test_an_interrupted_csv_build_carries_on_where_it_stopped(tmp_path: Path, index_dir: Path, monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.setattr(build_module, "BATCH", 1)  # commit after every cable, so an interruption keeps some
    monkeypatch.setattr(build_module, "BATCH_MAX", 1)
    monkeypatch.setattr(pipeline_module, "ROWS_PER_JOB", 1)
    path = tmp_path / "cables.csv"
    shutil.copy(SAMPLES / "cables.csv", path)
    ix = ArchiveIndex(path, index_dir)

    interrupt(ix, lambda done, cables: cables == 2)
    ix.close()
    ix = ArchiveIndex(path, index_dir)
    assert ix.count() == 2
    report = ix.update(workers=1)
    assert report.cables == 1  # the third row only: the first two are kept
    assert ix.count() == 3 and ids(ix) == {"09ASTANA1104", "09DUSHANBE998", "75TEHRAN10021"}
    # Interrupted again, then the file changes: what the first attempt kept is dropped, not mixed in.
    ix.close()
    index_dir2 = tmp_path / "index2"
    ix = ArchiveIndex(path, index_dir2)
    interrupt(ix, lambda done, cables: cables == 2)
    path.write_text(path.read_text().replace("ALMATY NOTES", "ALMATY JOTTINGS"))
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10**9))
    ix.update(workers=1)
    assert ix.count() == 3
    assert [r.subject for r in ix.search("almaty", limit=None)] == ["KAZAKHSTAN: ALMATY JOTTINGS, JUNE 15-26"]


@pytest.mark.parametrize("total,expected", [
    (None, [400, 800, 1600, 3200, 3200]),  # a csv: its number of rows is not known
    (250_000, [400, 800, 1600, 3200, 3200]),  # never more than BATCH_MAX, however large the build
    (6_310, [400, 788, 788, 788]),  # an eighth of the build: its last commit stays small
    (100, [400, 400]),  # never less than BATCH
])
def test_commits_grow_to_a_bound(total: int | None, expected: list[int]) -> None:
    sizes = [build_module.BATCH]
    for _ in expected[1:]:
        sizes.append(build_module.next_batch(sizes[-1], total))
    assert sizes == expected


def test_duplicates_keep_every_copy(tmp_path: Path, index_dir: Path) -> None:
    root = tmp_path / "dups"
    root.mkdir()
    shutil.copy(SAMPLES / "09ASTANA1104.md", root / "a.md")
    shutil.copy(SAMPLES / "cables.csv", root / "cables.csv")
    ix = ArchiveIndex(root, index_dir)
    ix.update(workers=1)
    assert len(ix.versions("09ASTANA1104")) == 2
    assert ix.rowids().count(ix.find("09ASTANA1104")[0]) == 1  # the list shows the id once
    assert len([r for r in ix.rowids() if r in ix.find("09ASTANA1104")]) == 1


def test_incremental_reindex(folder: Path, index_dir: Path) -> None:
    ix = ArchiveIndex(folder, index_dir)
    first = ix.update(workers=1)
    assert first.files_indexed == 11
    again = ix.update(workers=1)
    assert again.files_indexed == 0 and again.total_cables == first.total_cables
    # change one, remove one, add one
    changed = folder / "cable" / "09" / "09ASTANA1212.txt"
    changed.write_text(changed.read_text().replace("TORTURE COALITION", "ANTI-TORTURE COALITION"))
    os.utime(changed, ns=(changed.stat().st_atime_ns, changed.stat().st_mtime_ns + 10**9))
    (folder / "cable" / "02" / "02ADANA0201.txt").unlink()
    shutil.copy(SAMPLES / "cables.csv", folder / "cable" / "release.csv")
    report = ix.update(workers=1)
    assert report.files_indexed == 2 and report.files_removed == 1
    assert "02ADANA201" not in ids(ix) and "09DUSHANBE998" in ids(ix)
    assert [r.id for r in ix.search('subject:"ANTI-TORTURE"')] == ["09ASTANA1212"]
    assert ix.search("subject:coalition =meets")[0].id == "09ASTANA1212"  # "meets" stemmed finds "meeting"
    assert ix.search("sanliurfa") == []  # the removed file's words no longer find anything
    for table in ("tags", "refs", "recipients"):  # nor do its tags, references and addresses
        assert ix.db.execute(f"SELECT count(*) FROM {table} WHERE cable NOT IN (SELECT rowid FROM cables)"
                             ).fetchone()[0] == 0, table
    assert sorted(r.id for r in ix.search("to:usnato", limit=None)) == ["08TALLINN412", "09ASTANA1104", "09ASTANA1212"]


def test_full_text_left_by_changed_files_is_cleared_in_time(folder: Path, index_dir: Path, monkeypatch) -> None:  # noqa: ANN001
    # A folder's text is read from its files, not kept: a changed file's old full-text entry
    # stays behind, matching no cable, until enough build up and the index is rebuilt.
    ix = ArchiveIndex(folder, index_dir)
    ix.update(workers=1)
    assert ix.db.execute("SELECT count(*) FROM cables WHERE body IS NOT NULL AND row IS NULL").fetchone()[0] == 0
    (folder / "cable" / "02" / "02ADANA0201.txt").unlink()
    assert ix.update(workers=1).reset is None
    assert ix.search("sanliurfa") == [] and ix._meta("orphans") == "1"
    monkeypatch.setattr(build_module, "ORPHANS_MIN", 0)
    monkeypatch.setattr(build_module, "ORPHANS_SHARE", 0.05)  # 1 orphan among the samples
    report = ix.update(workers=1)
    assert report.reset and "rebuilt" in report.reset and report.files_indexed == 10
    assert ix._meta("orphans") is None and ids(ix) == SAMPLE_IDS - {"02ADANA201"}
    assert ix.db.execute("SELECT count(*) FROM fts WHERE fts MATCH 'sanliurfa'").fetchone()[0] == 0
    assert ix.db.execute("SELECT count(*) FROM fts WHERE fts MATCH 'hoagland'").fetchone()[0] >= 1


def test_interrupted_build_is_completed(folder: Path, index_dir: Path) -> None:
    ix = ArchiveIndex(folder, index_dir)
    interrupt(ix, lambda done, cables: done == 3)
    ix.close()
    ix = ArchiveIndex(folder, index_dir)
    assert ix.count() <= 3 and ix._meta("listing") is None  # the next run compares file by file
    ix.update(workers=1)
    assert ids(ix) == SAMPLE_IDS


def test_an_unchanged_folder_is_known_by_its_listing(folder: Path, index_dir: Path, monkeypatch) -> None:  # noqa: ANN001
    ix = ArchiveIndex(folder, index_dir)
    ix.update(workers=1)
    with monkeypatch.context() as m:
        m.setattr(build_module.Builder, "_known", lambda self: pytest.fail("the index's files were read"))
        assert ix.update(workers=1).files_indexed == 0
    touched = folder / "cable" / "09" / "09ASTANA1212.txt"
    os.utime(touched, ns=(touched.stat().st_atime_ns, touched.stat().st_mtime_ns + 10**9))
    report = ix.update(workers=1)
    assert report.files_indexed == 1 and ids(ix) == SAMPLE_IDS


def test_tar_is_listed_and_read_in_one_pass_and_resumes(tmp_path: Path, index_dir: Path, monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.setattr(build_module, "BATCH", 1)  # commit every member, so an interruption keeps some
    monkeypatch.setattr(build_module, "BATCH_MAX", 1)
    path = make_tar(tmp_path, "w:xz", ".tar.xz")
    ix = ArchiveIndex(path, index_dir)
    estimates: list[tuple[int, int]] = []
    interrupt(ix, lambda done, cables: done == 3, estimates)
    assert all(todo >= done for done, todo in estimates)  # the total is estimated as the pass goes
    ix.close()
    ix = ArchiveIndex(path, index_dir)
    report = ix.update(workers=1)
    assert report.files_indexed == report.files_seen - 3  # the three committed members are kept
    assert ids(ix) == SAMPLE_IDS
    assert report.skipped == [] or all(k.startswith(path.name + "::") for k, _ in report.skipped)
    # The tarball rewritten with one cable fewer: its members are indexed again, the gone one dropped.
    with tarfile.open(path, "w:xz") as tar:
        for f in sorted(SAMPLES.iterdir()):
            if f.name not in ("cables.csv", "02ADANA0201.txt"):
                tar.add(f, arcname=f"cablegate/cable/{f.name}")
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10**9))
    opened = []
    real_stream = archive._TarStream
    monkeypatch.setattr(archive, "_TarStream", lambda raw: opened.append(1) or real_stream(raw))
    report = ix.update(workers=1)
    assert len(opened) == 1  # listed and read in the same pass: a tar.xz is decompressed once
    assert report.files_removed == 1 and report.files_indexed == report.files_seen
    assert ids(ix) == SAMPLE_IDS - {"02ADANA201"}


def test_corrupt_index_is_set_aside_and_rebuilt(folder: Path, index_dir: Path) -> None:
    ix = ArchiveIndex(folder, index_dir)
    ix.update(workers=1)
    path = ix.path
    ix.close()
    path.write_bytes(b"this is not a database" * 100)
    for extra in ("-wal", "-shm"):
        Path(str(path) + extra).unlink(missing_ok=True)
    ix = ArchiveIndex(folder, index_dir)
    assert ix.reset_reason and "set aside" in ix.reset_reason
    assert any(p.name.startswith(path.name + ".broken-") for p in index_dir.iterdir())
    ix.update(workers=1)
    assert ids(ix) == SAMPLE_IDS


def test_index_of_another_schema_is_rebuilt(folder: Path, index_dir: Path) -> None:
    ix = ArchiveIndex(folder, index_dir)
    ix.close()
    db = sqlite3.connect(ix.path)
    db.execute("UPDATE meta SET value='0' WHERE key='schema'")
    db.commit()
    db.close()
    ix = ArchiveIndex(folder, index_dir)
    assert ix.reset_reason and "earlier version (schema 0)" in ix.reset_reason
    assert not any(".broken-" in p.name for p in index_dir.iterdir())  # ours: nothing to keep aside
    ix.update(workers=1)
    assert ids(ix) == SAMPLE_IDS


def test_the_corpus_tarball_opens_as_it_is(tmp_path: Path) -> None:
    corpus.require_corpus()
    ix = ArchiveIndex(corpus.TARBALL, tmp_path / "ix")
    report = ix.update()
    assert report.total_cables == 6310
    rows = ix.search("tag:PHUM date:2009 torture", limit=None)
    assert rows and all(r.date and r.date.startswith("2009") for r in rows)
    again = ix.update()
    assert again.files_indexed == 0
