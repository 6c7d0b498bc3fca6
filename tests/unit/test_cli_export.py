"""``cables search --format``, ``cables show --markdown/--plain`` and ``cables cite``, run through the
command's ``main`` on the sample cables (one index for the module)."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from tui.cli import main

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "sample_cables"


@pytest.fixture(scope="module")
def ix(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("ix")


def run(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, ix: Path, *args: str,
        data: Path | None = None) -> tuple[int, str, str]:
    monkeypatch.setenv("CABLES_INDEX_DIR", str(ix))
    if data is not None:
        monkeypatch.setenv("CABLES_DATA_DIR", str(data))
    code = main(list(args))
    got = capsys.readouterr()
    assert "Traceback" not in got.err
    return code, got.out, got.err


def test_search_formats(capsys, monkeypatch, ix: Path) -> None:  # noqa: ANN001
    code, out, _ = run(capsys, monkeypatch, ix, "search", str(SAMPLES), "tag:PHUM", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and list(rows[0]) == ["date", "id", "classification", "origin", "subject"]
    found = {r["id"]: r for r in rows}
    assert found["09ASTANA1212"]["subject"] == ("KAZAKHSTAN: TORTURE COALITION MEETS PROSECUTORS, ASKS FOR ACCESS "
                                                "TO DETENTION CELLS")
    assert found["09ASTANA1212"]["classification"] == "CONFIDENTIAL"
    code, out, _ = run(capsys, monkeypatch, ix, "search", str(SAMPLES), "tag:PHUM", "--format", "csv", "--snippets")
    assert list(csv.reader(io.StringIO(out)))[0][-1] == "snippet"
    code, md, _ = run(capsys, monkeypatch, ix, "search", str(SAMPLES), "tag:PHUM", "--format", "md")
    assert md.startswith("# cables search: tag:PHUM\n\n| date | id | classification | origin | subject |\n")
    assert md.count("\n| ") == len(rows) + 1  # the header and a row a cable
    code, jsonl, _ = run(capsys, monkeypatch, ix, "search", str(SAMPLES), "tag:PHUM", "--format", "jsonl")
    code, alias, _ = run(capsys, monkeypatch, ix, "search", str(SAMPLES), "tag:PHUM", "--jsonl")
    assert jsonl == alias and {json.loads(line)["id"] for line in jsonl.splitlines()} == set(found)


def test_search_rejects_an_unknown_format(capsys, monkeypatch, ix: Path) -> None:  # noqa: ANN001
    monkeypatch.setenv("CABLES_INDEX_DIR", str(ix))
    with pytest.raises(SystemExit) as e:
        main(["search", str(SAMPLES), "tag:PHUM", "--format", "xml"])
    assert e.value.code == 2 and "invalid choice: 'xml'" in capsys.readouterr().err


def test_show_markdown_and_plain(capsys, monkeypatch, ix: Path) -> None:  # noqa: ANN001
    code, md, _ = run(capsys, monkeypatch, ix, "show", str(SAMPLES), "09ASTANA1212", "--markdown")
    assert code == 0 and md.startswith("# 09ASTANA1212: KAZAKHSTAN: TORTURE COALITION")
    assert "\n¶2. (U) " in md and "- **Classification**: CONFIDENTIAL" in md
    code, plain, _ = run(capsys, monkeypatch, ix, "show", str(SAMPLES), "09ASTANA1212", "--plain")
    assert code == 0 and "\n¶5. (S//NF) " in plain and "**" not in plain and "\x1b" not in plain


def test_cite_in_each_format(capsys, monkeypatch, ix: Path) -> None:  # noqa: ANN001
    code, out, err = run(capsys, monkeypatch, ix, "cite", str(SAMPLES), "09astana1212:2", "09ASTANA1104", "99NOWHERE1")
    assert code == 1 and "99NOWHERE1: not in these archives" in err
    assert out.splitlines() == [
        '09ASTANA1212, "KAZAKHSTAN: TORTURE COALITION MEETS PROSECUTORS, ASKS FOR ACCESS TO DETENTION CELLS", '
        'AMEMBASSY ASTANA, 2009-07-24, ¶2 (U)',
        '09ASTANA1104, "KAZAKHSTAN: ALMATY NOTES, JUNE 15-26", AMEMBASSY ASTANA, 2009-07-07']
    code, out, _ = run(capsys, monkeypatch, ix, "cite", str(SAMPLES), "09ASTANA1212", "--format", "csl-json")
    [item] = json.loads(out)
    assert code == 0 and item["id"] == "09ASTANA1212" and item["type"] == "report"
    assert item["issued"] == {"date-parts": [[2009, 7, 24]]} and item["note"] == "Classification: CONFIDENTIAL"
    code, out, _ = run(capsys, monkeypatch, ix, "cite", str(SAMPLES), "09ASTANA1212:5", "--format", "bibtex")
    assert out.startswith("@techreport{09ASTANA1212-p5,\n") and "Paragraph ¶5 (S//NF)" in out
    code, _, err = run(capsys, monkeypatch, ix, "cite", str(SAMPLES), "09ASTANA1212:x")
    assert code == 2 and "paragraph number" in err
    code, _, err = run(capsys, monkeypatch, ix, "cite", "09ASTANA1212")
    assert code == 2 and "give the archives first" in err


def test_cite_the_bookmarks_with_their_notes(capsys, monkeypatch, ix: Path, tmp_path: Path) -> None:  # noqa: ANN001
    (tmp_path / "bookmarks.json").write_text(json.dumps([
        {"id": "09ASTANA1104", "subject": "KAZAKHSTAN: ALMATY NOTES, JUNE 15-26", "note": "roads & police"},
        {"id": "88GONE1", "subject": "A CABLE NO LONGER HERE"}]))
    code, out, err = run(capsys, monkeypatch, ix, "cite", str(SAMPLES), "--bookmarks", "--format", "csl-json",
                         data=tmp_path)
    items = json.loads(out)
    assert code == 1 and "88GONE1: not in these archives; cited from the bookmark alone" in err
    assert [i["id"] for i in items] == ["09ASTANA1104", "88GONE1"]
    assert items[0]["note"] == "Classification: UNCLASSIFIED; roads & police"
    assert items[1] == {"id": "88GONE1", "type": "report", "title": "A CABLE NO LONGER HERE", "number": "88GONE1",
                        "genre": "Diplomatic cable"}


def test_cite_the_notes_and_a_bookmark_with_the_note_on_its_cable(capsys, monkeypatch, ix: Path,  # noqa: ANN001
                                                                   tmp_path: Path) -> None:
    """The notes written in the reader (notes.json) cite their cable or paragraph with the note, by
    cable then paragraph whatever order they were written in; a bookmark carries the note on its cable."""
    (tmp_path / "notes.json").write_text(json.dumps([
        {"cable": "09ASTANA1212", "paragraph": 2, "anchor": "para-2", "text": "access", "written": ""},
        {"cable": "09ASTANA1104", "paragraph": 3, "anchor": "para-3", "text": "the police", "written": ""},
        {"cable": "09ASTANA1104", "paragraph": 2, "anchor": "para-2", "text": "the roads", "written": ""},
        {"cable": "09ASTANA1104", "paragraph": None, "anchor": None, "text": "whole cable", "written": ""}]))
    (tmp_path / "bookmarks.json").write_text(json.dumps([{"id": "09ASTANA1104", "subject": "X"}]))
    code, out, err = run(capsys, monkeypatch, ix, "cite", str(SAMPLES), "--notes", "--format", "csl-json",
                         data=tmp_path)
    items = json.loads(out)
    assert code == 0, err
    assert [(i["id"], i["locator"] if "locator" in i else None, i["note"]) for i in items] == [
        ("09ASTANA1104", None, "Classification: UNCLASSIFIED; whole cable"),
        ("09ASTANA1104-p2", "2", "Classification: UNCLASSIFIED; Paragraph ¶2; the roads"),
        ("09ASTANA1104-p3", "3", "Classification: UNCLASSIFIED; Paragraph ¶3; the police"),
        ("09ASTANA1212-p2", "2", "Classification: CONFIDENTIAL; Paragraph ¶2 (U); access")]
    code, out, _ = run(capsys, monkeypatch, ix, "cite", str(SAMPLES), "--bookmarks", "--format", "csl-json",
                       data=tmp_path)
    assert json.loads(out)[0]["note"].endswith("whole cable")


def test_cite_notes_without_an_archive_says_the_archives_are_needed_not_an_id(capsys, monkeypatch,  # noqa: ANN001
                                                                               ix: Path) -> None:
    """``cables cite --notes`` said "the following arguments are required: ARCHIVE... ID[:N]": with
    --notes no id is needed; the archives are, and the message says so."""
    code, _, err = run(capsys, monkeypatch, ix, "cite", "--notes")
    assert code == 2 and "required" not in err and "ID[:N]" not in err, err
    assert "--notes needs the archives" in err and "no cable id is needed" in err, err
    code, _, err = run(capsys, monkeypatch, ix, "cite", "--bookmarks", "--notes")
    assert code == 2 and "--notes and --bookmarks need the archives" in err, err
    code, _, err = run(capsys, monkeypatch, ix, "cite")
    assert code == 2 and "give the archives, then the cable ids" in err, err


def test_note_matches_the_words_of_a_note_as_a_search_matches_a_cables(capsys, monkeypatch, ix: Path,  # noqa: ANN001
                                                                       tmp_path: Path) -> None:
    """``note:frame`` did not find a note that says "frames" (a note was matched in the exact form
    only) while a cable's words match their inflections; =word keeps the form written."""
    (tmp_path / "notes.json").write_text(json.dumps([
        {"cable": "09ASTANA1104", "paragraph": None, "anchor": None, "text": "How the talks were FRAMES, twice",
         "written": ""},
        {"cable": "09ASTANA1212", "paragraph": 2, "anchor": "para-2", "text": "human rights abuses", "written": ""}]))
    found = {}
    for query in ("note:frame", "note:frames", "note:=frame", "note:fram*", 'note:"human right"', "note:abuse",
                  'note:"rights human"'):
        code, out, err = run(capsys, monkeypatch, ix, "search", str(SAMPLES), query, data=tmp_path)
        found[query] = {line.split("\t")[1] for line in out.splitlines()}
        assert code in (0, 1), err
    assert found == {"note:frame": {"09ASTANA1104"}, "note:frames": {"09ASTANA1104"}, "note:=frame": set(),
                     "note:fram*": {"09ASTANA1104"}, 'note:"human right"': {"09ASTANA1212"},
                     "note:abuse": {"09ASTANA1212"}, 'note:"rights human"': set()}


def test_cite_a_range_and_a_number_written_twice(capsys, monkeypatch, tmp_path: Path) -> None:  # noqa: ANN001
    """``ID:N-M`` is one citation of a range; where the cable writes N twice (09SANJOSE587's ¶5),
    ``ID:N`` cites the first and says so on stderr, ``ID:Nb`` the second."""
    from tests.corpus import page, require_corpus

    require_corpus()
    archive = tmp_path / "archive"
    archive.mkdir()
    (archive / "09SANJOSE587.html").write_text(page("09SANJOSE587").html, encoding="utf-8")
    code, out, err = run(capsys, monkeypatch, tmp_path / "ix", "cite", str(archive), "09SANJOSE587:5",
                         "09SANJOSE587:5b", "09SANJOSE587:1-4", "--format", "csl-json")
    assert code == 0, err
    assert err.count("¶5 is written 2 times in 09SANJOSE587: ¶5 is the first, ¶5b the next") == 1  # once
    items = json.loads(out)
    assert [(i["id"], i["locator"], i["label"]) for i in items] == [
        ("09SANJOSE587-p5", "5", "paragraph"), ("09SANJOSE587-p5b", "5b", "paragraph"),
        ("09SANJOSE587-p1-4", "1-4", "paragraph")]
    assert "Paragraph ¶5 (SBU)" in items[0]["note"] and "Paragraph ¶5b (U)" in items[1]["note"]
    code, _, err = run(capsys, monkeypatch, tmp_path / "ix", "cite", str(archive), "09SANJOSE587:5c")
    assert code == 1 and "09SANJOSE587 has no paragraph 5c" in err


def test_help_teaches_the_formats() -> None:
    for name, words in (("search", ["--format", "csv", "jsonl", "md", "--jsonl"]),
                        ("cite", ["--format", "bibtex", "csl-json", "--bookmarks", "09ASTANA1104:2", "Zotero",
                                  "09ASTANA1104:1-4", "09SANJOSE587:5b", "institution", "'paragraph'"])):
        r = subprocess.run([sys.executable, "-m", "tui", name, "--help"], capture_output=True, text=True, cwd=ROOT,
                           timeout=60)
        assert r.returncode == 0 and all(w in r.stdout for w in words), r.stdout
