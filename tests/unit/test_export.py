"""Exports and citations (``parser.export``, ``parser.citation``): what a spreadsheet, a Markdown
reader and a reference manager read back is what the cable says."""

from __future__ import annotations

import csv
import html
import io
import json
import os
import re
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from parser.citation import Asked, Cited, bibtex, csl_json, repeated, text
from parser.export import (
    ExportError,
    Listed,
    cable_markdown,
    cable_plain,
    md_escape,
    results_csv,
    results_markdown,
    write_file,
)
from parser.parsing import parse

SEED = Path(__file__).resolve().parents[2] / "sample_cables" / "09ASTANA1104.md"
NASTY = ('A "quoted", comma; *not bold* _x_ [link](http://e.org) <b>tag</b> `code` # hash | pipe ~~s~~ &amp; '
         '\\ {b} 50% $1 ^ ~ #2')

# The CSL data schema (citation-style-language/schema, schemas/input/csl-data.json): the item
# types, and the properties an item may have (``additionalProperties: false``); ``id`` and
# ``type`` are required.
CSL_TYPES = {
    "article", "article-journal", "article-magazine", "article-newspaper", "bill", "book", "broadcast", "chapter",
    "classic", "collection", "dataset", "document", "entry", "entry-dictionary", "entry-encyclopedia", "figure",
    "graphic", "hearing", "interview", "legal_case", "legislation", "manuscript", "map", "motion_picture",
    "musical_score", "pamphlet", "paper-conference", "patent", "performance", "periodical", "personal_communication",
    "post", "post-weblog", "regulation", "report", "review", "review-book", "software", "song", "speech", "standard",
    "thesis", "treaty", "webpage"}
CSL_TEXT = {"title", "genre", "note", "number", "locator", "publisher", "authority", "URL", "archive", "abstract"}
# The CSL citation schema (schemas/input/csl-citation.json): a citation item's ``locator`` and its
# ``label``, one of the CSL locator terms; without a label a processor takes the locator for a page.
CSL_LOCATOR_LABELS = {"appendix", "article", "book", "canon", "chapter", "column", "elocation", "equation", "figure",
                      "folio", "issue", "line", "note", "opus", "page", "paragraph", "part", "rule", "section",
                      "sub verbo", "supplement", "table", "timestamp", "title", "verse", "volume"}


def seed() -> object:
    [c] = parse(SEED.read_bytes(), name=str(SEED))
    return c


def test_csv_round_trips_every_field_as_written() -> None:
    rows = [Listed("09X1", "2009-07-07T12:01:00+00:00", "SECRET//NOFORN", "AMEMBASSY X", NASTY + "\nsecond line")]
    back = list(csv.reader(io.StringIO(results_csv(rows, ["why, \"it\" matched"]))))
    assert back[0] == ["date", "id", "classification", "origin", "subject", "snippet"]
    assert back[1] == ["2009-07-07T12:01:00+00:00", "09X1", "SECRET//NOFORN", "AMEMBASSY X", NASTY + "\nsecond line",
                       'why, "it" matched']


def test_markdown_shows_the_text_as_written() -> None:
    md = MarkdownIt("commonmark")
    for s in (NASTY, "- not a list", "1. not numbered", "+ plus", "> not a quote", "=====", "#not", "![img](x)"):
        assert md.render(md_escape(s)) == f"<p>{html.escape(s)}</p>\n", s
    # A table of results: one row a cable, the pipe in a subject inside its cell.
    gfm = MarkdownIt("commonmark").enable("table")
    shown = gfm.render(results_markdown([Listed("09X1", "2009", "S", "X", "A | B *c*")], "cables: q"))
    assert shown.startswith("<h1>cables: q</h1>") and "<td>09X1</td>" in shown and "<td>A | B *c*</td>" in shown


def test_a_cable_as_markdown_and_as_text() -> None:
    c = seed()
    md = cable_markdown(c)
    tokens = MarkdownIt("commonmark").parse(md)
    headings = [tokens[n + 1].content for n, t in enumerate(tokens) if t.type == "heading_open"]
    assert headings[0] == "09ASTANA1104: KAZAKHSTAN: ALMATY NOTES, JUNE 15-26"
    assert "DIRTY ROAD POLICE EXPOSED" in headings
    assert "- **Tags**: PHUM" in md and "\n¶2. " in md
    plain = cable_plain(c)
    assert plain.startswith("KAZAKHSTAN: ALMATY NOTES, JUNE 15-26\n") and "\n¶2. " in plain and "**" not in plain


def _bibtex_fields(entry: str) -> tuple[str, str, dict[str, str]]:
    """An entry read as BibTeX reads it: braces counted regardless of backslashes, each field's
    value inside its outer braces (or a bare macro)."""
    m = re.match(r"@(\w+)\{([^,\s]+),\n", entry)
    assert m, entry
    depth, fields, pos = 0, {}, m.end()
    for ch in entry:
        depth += (ch == "{") - (ch == "}")
        assert depth >= 0, entry
    assert depth == 0, entry
    for fm in re.finditer(r"  (\w+) = (\{(?:[^{}]|\{(?:[^{}]|\{[^{}]*\})*\})*\}|\w+)", entry[pos:]):
        fields[fm.group(1)] = fm.group(2)
    return m.group(1), m.group(2), fields


def _untex(value: str) -> str:
    value = value[1:-1] if value.startswith("{") else value
    value = value[1:-1] if value.startswith("{") and value.endswith("}") else value
    for tex, ch in ((r"\textbackslash{}", "\\"), (r"\textbraceleft{}", "{"), (r"\textbraceright{}", "}"),
                    (r"\textasciicircum{}", "^"), (r"\textasciitilde{}", "~")):
        value = value.replace(tex, ch)
    return re.sub(r"\\([%&$#_])", r"\1", value)


def test_bibtex_escapes_what_tex_reads() -> None:
    items = [Cited("09ASTANA1104", NASTY, "AMEMBASSY ASTANA", "2009-07-07T12:01:00+00:00", "CONFIDENTIAL", 2, "C",
                   "my note: 100% {sure} & c_d"), Cited("75MOSCOW04321", "TRADE", "AMEMBASSY MOSCOW", "1975-03-28")]
    entries = bibtex(items).strip().split("\n\n")
    kind, key, f = _bibtex_fields(entries[0])
    assert (kind, key) == ("techreport", "09ASTANA1104-p2")
    assert _untex(f["title"]) == " ".join(NASTY.split())
    for special in "%&$#_":  # never bare: TeX would read each as a command
        assert not re.search(rf"(?<!\\){re.escape(special)}", f["title"]), special
    assert _untex(f["author"]) == "AMEMBASSY ASTANA" and f["author"].startswith("{{")  # a body, not a person
    assert f["month"] == "jul" and f["year"] == "{2009}" and f["date"] == "{2009-07-07}"
    assert _untex(f["number"]) == "09ASTANA1104" and _untex(f["type"]) == "Diplomatic cable"
    assert _untex(f["note"]) == "Classification: CONFIDENTIAL; Paragraph ¶2 (C); my note: 100% {sure} & c_d"
    assert _bibtex_fields(entries[1])[1] == "75MOSCOW04321"


def test_csl_json_fits_the_csl_schema() -> None:
    items = [Cited.of(seed(), 2), Cited.of(seed()), Cited.of(seed()), Cited("75MOSCOW04321", None, None, "1975")]
    data = json.loads(csl_json(items))
    assert isinstance(data, list) and [d["id"] for d in data] == ["09ASTANA1104-p2", "09ASTANA1104", "75MOSCOW04321"]
    for d in data:
        assert d["type"] in CSL_TYPES and d["type"] == "report" and isinstance(d["id"], str)
        assert set(d) <= CSL_TEXT | {"id", "type", "author", "issued", "label"}
        assert ("locator" in d) == ("label" in d) and d.get("label", "paragraph") in CSL_LOCATOR_LABELS
        assert all(isinstance(d[k], str) for k in CSL_TEXT & set(d))
        for parts in d.get("issued", {}).get("date-parts", []):
            assert 1 <= len(parts) <= 3 and all(isinstance(p, int) for p in parts)
    first = data[0]
    assert first["title"] == "KAZAKHSTAN: ALMATY NOTES, JUNE 15-26" and first["number"] == "09ASTANA1104"
    assert first["author"] == [{"literal": "AMEMBASSY ASTANA"}] and first["issued"] == {"date-parts": [[2009, 7, 7]]}
    assert first["locator"] == "2" and data[2]["issued"] == {"date-parts": [[1975]]} and "author" not in data[2]
    assert text(items).splitlines()[0] == ('09ASTANA1104, "KAZAKHSTAN: ALMATY NOTES, JUNE 15-26", AMEMBASSY ASTANA, '
                                           '2009-07-07, ¶2')


def test_a_file_is_written_whole_and_never_over_another_unasked(tmp_path: Path) -> None:
    target = tmp_path / "new" / "out.csv"
    write_file(target, "a,b\n")
    assert target.read_text() == "a,b\n"
    with pytest.raises(ExportError, match="exists"):
        write_file(target, "other")
    assert target.read_text() == "a,b\n"
    write_file(target, "c\n", replace=True)
    assert target.read_text() == "c\n"
    with pytest.raises(ExportError, match="folder"):
        write_file(tmp_path, "x", replace=True)
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    with pytest.raises(ExportError, match="not a regular file"):
        write_file(fifo, "x", replace=True)
    outside = tmp_path / "outside.txt"
    outside.write_text("keep")
    link = tmp_path / "link.txt"
    link.symlink_to(outside)
    write_file(link, "new", replace=True)  # the link replaced by a file; what it pointed at untouched
    assert outside.read_text() == "keep" and not link.is_symlink() and link.read_text() == "new"
    blocker = tmp_path / "file"
    blocker.write_text("")
    with pytest.raises(ExportError, match=re.escape(str(blocker / "x.csv"))):
        write_file(blocker / "x.csv", "x")
    with pytest.raises(ExportError, match="null"):
        write_file(tmp_path / "a\0b.csv", "x")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fifo", "file", "link.txt", "new", "outside.txt"]


def test_a_paragraph_is_labelled_and_every_entry_has_a_title_an_author_and_an_institution() -> None:
    """A CSL locator with no label is rendered as a page; BibTeX's @techreport requires an
    institution; a cable with no subject still has a title (its id); every post is named as its FM
    line writes it, never title-cased by guess (``Usun``)."""
    items = [Cited.of(seed(), 2), Cited("09STATE1", None, "SECSTATE WASHDC", "2009-01-02"),
             Cited("09USUNNEWYORK1", "X", "USMISSION USUN  NEW YORK", "2009"),
             Cited("09BRASILIA1", "Y", "AMEMBASSY BRASILIA", "2009")]
    data = json.loads(csl_json(items))
    assert (data[0]["locator"], data[0]["label"]) == ("2", "paragraph") and "label" not in data[1]
    assert data[1]["title"] == "09STATE1"
    assert [d["author"] for d in data] == [[{"literal": a}] for a in (
        "AMEMBASSY ASTANA", "SECSTATE WASHDC", "USMISSION USUN NEW YORK", "AMEMBASSY BRASILIA")]
    entries = [_bibtex_fields(e)[2] for e in bibtex(items).strip().split("\n\n")]
    assert [(_untex(f["author"]), _untex(f["institution"])) for f in entries] == [(a, a) for a in (
        "AMEMBASSY ASTANA", "SECSTATE WASHDC", "USMISSION USUN NEW YORK", "AMEMBASSY BRASILIA")]
    assert _untex(entries[1]["title"]) == "09STATE1" and not any("url" in f for f in entries)
    assert text(items[1:2]) == "09STATE1, SECSTATE WASHDC, 2009-01-02\n"  # the line names the id once


def test_a_paragraph_asked_for_by_number_by_range_or_as_a_numbers_second() -> None:
    assert Asked.parse("09astana1104:2") == Asked("09ASTANA1104", 2)
    assert Asked.parse("09SANJOSE587:5b") == Asked("09SANJOSE587", 5, occurrence=2)
    assert Asked.parse("09ASTANA1104:1-4") == Asked("09ASTANA1104", 1, last=4)
    for bad in ("09X1:", "09X1:4-1", "09X1:two", "09X1:1-", "09X1:5b-6", "09X1:-3"):
        with pytest.raises(ValueError, match="after the colon"):
            Asked.parse(bad)
    item = Cited.of(seed(), 1, last=4)
    [d] = json.loads(csl_json([item]))
    assert (d["id"], d["locator"], d["label"]) == ("09ASTANA1104-p1-4", "1-4", "paragraph")  # one citation
    assert text([item]).rstrip().endswith("2009-07-07, ¶¶1-4")


def test_a_number_written_twice_names_one_paragraph_each() -> None:
    """09SANJOSE587 numbers two paragraphs 5: ``5`` is the first, ``5b`` the second, in a citation,
    the reader's anchors (go-to, notes, ``y``) and the line that says so."""
    from tests.corpus import page, parsed, require_corpus
    from tui.render import blocks, paragraph_anchors

    require_corpus()
    [c] = parsed(page("09SANJOSE587"))
    first, second = Cited.of(c, 5), Cited.of(c, 5, occurrence=2)
    assert (first.pinpoint(), first.key) == ("¶5 (SBU)", "09SANJOSE587-p5")
    assert (second.pinpoint(), second.key) == ("¶5b (U)", "09SANJOSE587-p5b")
    assert json.loads(csl_json([second]))[0]["locator"] == "5b"
    assert repeated(c, 5) == "¶5 is written 2 times in 09SANJOSE587: ¶5 is the first, ¶5b the next"
    assert repeated(c, 4) is None
    anchors = paragraph_anchors(c)
    assert len(set(anchors)) == len(anchors) and anchors.index("para-5") < anchors.index("para-5b")
    noted = [b for b in blocks(c, notes={"para-5b": "on the TV"}) if "on the TV" in b.text.plain]
    assert [b.anchor for b in noted] == ["para-5b"] and "Local TV media" in noted[0].text.plain
