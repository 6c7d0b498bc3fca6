"""Every form the parser reads: the sample cables (written for the project) and the corpus's
variants (real cables in other forms)."""

from __future__ import annotations

import json
from pathlib import Path

import corpus
import pytest

from parser import HEAD_ONLY, ParseError, parse

SAMPLES = Path(__file__).resolve().parents[2] / "sample_cables"


def one(name: str):  # noqa: ANN201
    cables = parse((SAMPLES / name).read_bytes(), name=name)
    assert len(cables) == 1, name
    return cables[0]


def test_page_form() -> None:
    c = one("08TALLINN0412.html")
    assert (c.id, c.source_format) == ("08TALLINN412", "page")
    assert c.tags == ["MARR", "NATO", "KCIP", "EN"]
    assert c.date == "2008-11-12T09:40:00+00:00"
    assert [p.number for p in c.paragraphs] == [1, 2] and c.paragraphs[0].marking == "SBU"
    assert c.references[0].id == "07TALLINN366"
    assert c.classification == "UNCLASSIFIED//FOR OFFICIAL USE ONLY"


def test_teletype_text_with_sections_markings_refs_summary_comment() -> None:
    c = one("09ASTANA1212.txt")
    assert c.id == "09ASTANA1212" and c.classification == "CONFIDENTIAL"
    assert c.precedence == "PRIORITY" and c.info[0].route == "RUCNCIS"
    assert [r.id for r in c.references] == ["09ASTANA1104", "08ASTANA2290", "09STATE67012"]
    assert [r.label for r in c.references] == ["A", "B", "C"]
    assert c.summary and c.summary.startswith("Members of the new NGO coalition")
    assert c.comment and c.comment.startswith("The meeting was a small step")
    assert [(s.title, s.paragraphs) for s in c.sections] == [("BACKGROUND", [2, 3]),
                                                             ("THE PROSECUTORS' VIEW", [4, 5, 6])]
    assert [p.marking for p in c.paragraphs] == ["C", "U", "C", "C", "S//NF", "C"]
    assert c.reasons == ["1.4(b)", "1.4(d)"] and c.classified_by == "Ambassador Richard E. Hoagland"
    assert c.eo and c.eo.decl == "2019-07-24" and c.eo.order == "12958"
    assert c.signature == "HOAGLAND"
    # banners, page lines, BT and NNNN are not text
    assert all("00001212" not in p.text and "NNNN" not in p.text for p in c.paragraphs)


def test_summary_and_comment_written_as_headings() -> None:
    text = ("UNCLAS SECTION 01 OF 01 ANKARA 000123\n\nSUBJECT: WHEAT\n\n------- SUMMARY -------\n\n"
            "1. (U) Wheat is up.\n\nHARVEST\n-------\n2. (U) Good.\n\nComment\n-------\n"
            "3. (U) It will last.\n\n4. (U) Or not.\n")
    c = parse(text, name="x.txt")[0]
    assert [s.title for s in c.sections] == ["SUMMARY", "HARVEST", "Comment"]  # the rules are not the title
    assert c.summary == "Wheat is up."
    assert c.comment == "It will last. Or not."


def test_multi_section_with_slash_headings() -> None:
    c = one("09ALMATY0345.txt")
    assert [s.title for s in c.sections] == ["WAGES PAID, PROMISES MADE", "THE NEW LABOR CODE"]
    assert c.subject == "ALMATY: RAILWAY WORKERS PAID AFTER STRIKE; NEW LABOR CODE TESTED"
    assert not any("SECTION 02 OF 02" in p.text for p in c.paragraphs)


def test_partial_extract_has_no_guessed_date() -> None:
    c = one("06BISHKEK0123.txt")
    assert c.partial and c.date is None
    assert c.id is None or c.id.endswith("BISHKEK123")


def test_cp1252_crlf_pilcrow_bytes() -> None:
    c = one("09TASHKENT0877.txt")
    assert c.id == "09TASHKENT877" and c.classification == "SECRET//NOFORN"
    assert "\u201cREGIONAL STABILITY\u201d" in (c.subject or "")
    assert [p.number for p in c.paragraphs] == [1, 2, 3] and c.paragraphs[0].marking == "S//NF"


def test_1970s_telegram() -> None:
    c = one("75MOSCOW04321.txt")
    assert c.id == "75MOSCOW4321" and c.classification == "LIMITED OFFICIAL USE"
    assert c.date == "1975-03-15T11:50:00+00:00" and c.signature == "STOESSEL"
    assert c.eo and c.eo.order == "11652"


def test_metadata_prefix_export() -> None:
    c = one("02ADANA0201.txt")
    assert c.id == "02ADANA201" and c.origin == "Consulate Adana"


def test_csv_rows() -> None:
    cables = parse((SAMPLES / "cables.csv").read_bytes(), name="cables.csv")
    assert [c.id for c in cables] == ["09ASTANA1104", "09DUSHANBE998", "75TEHRAN10021"]
    assert [c.row for c in cables] == [1, 2, 3]
    assert cables[0].paragraphs[0].text.startswith('The "Almaty Notes"')
    assert cables[1].references[0].id == "09ASTANA1212"


def test_json_answer() -> None:
    c = one("08MOSCOW3001.json")
    assert (c.id, c.source_format, c.signature) == ("08MOSCOW3001", "json", "BEYRLE")
    assert all(not a.name.startswith("XTAGS") for a in c.to + c.info)


def test_broken_json_is_one_clear_error() -> None:
    with pytest.raises(ParseError) as e:
        parse('{"items": [', name="x.json")
    assert "x.json" in str(e.value) and "JSON" in str(e.value)


def _truth() -> dict[str, dict]:
    return corpus.truth() if corpus.TRUTH.exists() else {}


@pytest.mark.parametrize("path", sorted(corpus.VARIANTS.glob("*")) if corpus.VARIANTS.exists() else [],
                         ids=lambda p: p.name)
def test_every_corpus_variant_parses(path: Path) -> None:
    cables = parse(path.read_bytes(), name=path.name)
    assert cables
    c = cables[0]
    facts = _truth().get(path.name, {})
    if facts.get("reference_id"):
        assert c.id == facts["reference_id"]
    if facts.get("classification") and path.suffix != ".txt":
        assert (c.classification or "").split("//")[0] == facts["classification"].split("//")[0]
    assert c.subject
    json.dumps(c.to_dict())


def test_variants_are_there_in_ci() -> None:
    corpus.require_corpus()
    assert len(list(corpus.VARIANTS.glob("*"))) >= 30


def test_a_page_is_read_without_its_navigation() -> None:
    from parser.formats.page import without_navigation

    page = (SAMPLES / "08TALLINN0412.html").read_bytes()
    # The site's pages open with an XML declaration and 60 kB of navigation before the heading.
    nav = b"<div class='nav'>" + b"<a href='/tag/PREL_0.html'>PREL</a>\n" * 2000 + b"</div>\n"
    head, _, rest = page.partition(b"<body>")
    site_page = b"<?xml version='1.0' encoding='utf-8' ?>\n" + head + b"<body>" + nav + rest
    trimmed = without_navigation(site_page)
    assert len(trimmed) < len(page) and trimmed.count(b"PREL_0") == 0
    assert [c.to_dict() for c in parse(site_page)] == [c.to_dict() for c in parse(page)]
    assert without_navigation(b"UNCLAS ASTANA 001104\n") == b"UNCLAS ASTANA 001104\n"


def test_head_only_reads_every_field_but_the_structure() -> None:
    for path in sorted(SAMPLES.iterdir()):
        full = parse(path.read_bytes(), name=path.name)
        head = parse(path.read_bytes(), name=path.name, policy=HEAD_ONLY)
        for a, b in zip(full, head, strict=True):
            assert (a.id, a.date, a.subject, a.tags, a.references, a.to, a.classification, a.body_text) == (
                b.id, b.date, b.subject, b.tags, b.references, b.to, b.classification, b.body_text), path.name
            assert (a.summary is None) == (b.summary is None), path.name
            assert b.paragraphs == [] and b.sections == [] and b.signature is None
