"""Shapes of real cables in text the parser was not tuned to (issue 18): each test holds one shape
as the circulating copies write it (the site's pages, their text, the Markdown conversion, text
exports and csv rows) and fails on the parser before that issue."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import corpus
import pytest

from parser import ParseError, parse
from parser.cable import Cable

from .teletype import HEADER

ROOT = Path(__file__).resolve().parents[2]
NOTICE = "This record is a partial extract of the original cable. The full text of the original cable is not available."


def one(text: str, name: str = "cable.txt") -> Cable:
    cables = parse(text, name=name)
    assert len(cables) == 1, [c.id for c in cables]
    return cables[0]


def numbers(c: Cable) -> list[int | None]:
    return [p.number for p in c.paragraphs]


def test_a_numbered_paragraph_on_the_line_after_the_last_one() -> None:
    c = one(HEADER + """
C O N F I D E N T I A L ASTANA 001212

SUBJECT: GENERICS

1. (SBU) Summary: The ministry favours a major local
generics producer.
2. (SBU) A lesson learned is that the tender rules matter. Prices
grew to
3. million tenge in March, and the rules were not kept.

3. (C) Comment: It will not last.
""")
    assert numbers(c) == [1, 2, 3]
    assert c.paragraphs[0].text == "Summary: The ministry favours a major local generics producer."
    assert "3. million tenge" in c.paragraphs[1].text  # a figure opening a wrapped line stays text


def test_paragraphs_one_to_a_line_and_headings_glued_to_their_end() -> None:
    c = one("""C O N F I D E N T I A L KYIV 000123

E.O. 12958: DECL: 01/01/2019
TAGS: PGOV PREL UP
SUBJECT: ORANGE HASH

1. (C) Summary: The coalition holds. End Summary. DOMESTIC POLITICS: ORANGE HASH ------------------------------
2. (C) Yushchenko met Tymoshenko on March 3.
3. (C) They agreed on little. Comment -------
4. (C) It will not last.
""")
    assert numbers(c) == [1, 2, 3, 4]
    assert [(s.title, s.paragraphs) for s in c.sections] == [("DOMESTIC POLITICS: ORANGE HASH", [2, 3]),
                                                             ("Comment", [4])]
    assert c.paragraphs[0].text == "Summary: The coalition holds. End Summary."
    assert c.comment == "It will not last."


def test_lines_ending_in_a_continuation_mark() -> None:
    lines = ["UNCLAS BERN 000898", "", "SIPDIS", "", "E.O. 12958: N/A", "TAGS: PREL ETRD SZ",
             "SUBJECT: SWITZERLAND: ASSESSING OUR", "BILATERAL RELATIONSHIPS", "",
             "1. (U) Introduction: As I prepare to leave Embassy Bern", "after two years, some thoughts.", "",
             "2. (SBU) Switzerland is a niche player.", "", "WILLEFORD"]
    c = one("".join(line + " \\\n" for line in lines))
    assert c.subject == "SWITZERLAND: ASSESSING OUR BILATERAL RELATIONSHIPS"
    assert numbers(c) == [1, 2] and c.signature == "WILLEFORD"
    assert c.paragraphs[0].text == "Introduction: As I prepare to leave Embassy Bern after two years, some thoughts."
    # Joined onto one line (the Markdown conversion), each mark stands for its line end.
    joined = one(" \\ ".join(lines) + "\n", name="cable.md")
    assert (joined.subject, numbers(joined)) == (c.subject, [1, 2])


def test_no_space_after_the_paragraph_number() -> None:
    c = one("""C O N F I D E N T I A L ASTANA 000555

SUBJECT: KEY POINTS

1.KEY POINTS -- (C) Since the election, the party has split.

2.Text of the second paragraph.
""")
    assert numbers(c) == [1, 2]
    assert c.paragraphs[0].text.startswith("KEY POINTS -- (C) Since")
    assert c.paragraphs[1].text == "Text of the second paragraph."


CAIRO_HEAD = HEADER.replace("ASTANA", "CAIRO").replace("RUEHTA #1212", "RUEHEG #1182")


@pytest.mark.parametrize("head", [
    # 09CAIRO1182 as the site's page gives it: the REF list, Classified By glued on, then ¶1.
    "REF: A. CAIRO 504 B. CAIRO 451 C. 08 CAIRO 2430 Classified By: Economic-Political Minister-Counselor "
    "William R. Stewart for reason 1.4 (d).",
    # 09CAIRO2164: the REF list on its lines, a blank line, Classified By, then ¶1 on the next line.
    "REF: A. CAIRO 504\n     ¶B. CAIRO 451\n     ¶C. 08 CAIRO 2430\n \nClassified By: Economic-Political "
    "Minister-Counselor William R. Stewart for reason 1.4 (d).",
])
def test_paragraph_one_with_no_space_right_after_the_head(head: str) -> None:
    c = one(CAIRO_HEAD + "\nC O N F I D E N T I A L SECTION 01 OF 02 CAIRO 001182\n\nSUBJECT: POLICE CASES\n\n"
            + head + "\n1.KEY POINTS -- (C) Since our last update in March (ref A), we have followed up.\n\n"
            "2.(C) Mervat Abdel Sattar: In October 2008, police killed her.\n")
    assert numbers(c) == [1, 2]
    assert c.paragraphs[0].text == "KEY POINTS -- (C) Since our last update in March (ref A), we have followed up."
    assert [(r.label, r.id) for r in c.references] == [("A", "09CAIRO504"), ("B", "09CAIRO451"), ("C", "08CAIRO2430")]
    assert c.classified_by == "Economic-Political Minister-Counselor William R. Stewart" and c.reasons == ["1.4(d)"]
    assert "KEY POINTS" in c.body_text  # the text kept for search


def test_paragraph_one_with_no_space_right_after_the_subject() -> None:
    c = one(CAIRO_HEAD + "\nUNCLAS CAIRO 000205\n\nSUBJECT: LESSONS LEARNED FROM THE EVACUATION\n"
            "1.Summary: Embassy Cairo evacuated four families.\n\n2.Text.\n")
    assert c.subject == "LESSONS LEARNED FROM THE EVACUATION"
    assert numbers(c) == [1, 2] and c.paragraphs[0].text == "Summary: Embassy Cairo evacuated four families."


def test_a_heading_between_the_head_and_paragraph_one_is_kept() -> None:
    # 09NEWDELHI1036: no SUBJECT line; the first heading stands between TAGS and ``1.QWAR ENDS``.
    c = one("UNCLAS SECTION 01 OF 02 NEW DELHI 001036\n\nSTATE FOR INR/MR\n\nE.O. 12958:N/A TAGS: KMDR PREL IN\n\n"
            "--------- SRI LANKA ---------\n\n1.QWAR ENDS,Q editorial in May 20 daily.\n\n"
            "-------- PAKISTAN --------\n\n2.QDOLLAR ATTRACTING POLICIES,Q editorial.\n")
    assert numbers(c) == [1, 2]
    assert [(s.title, s.paragraphs) for s in c.sections] == [("SRI LANKA", [1]), ("PAKISTAN", [2])]


PAGED = """C O N F I D E N T I A L SECTION 01 OF 02 CAIRO 001182

SUBJECT: POLICE CASES

1. (C) XXXXXXXXXXXX told us CAIRO 00001182 002 OF 002 that he was prepared to act.

2. (C) xxxxxxxxxxxx confirmed the details about Al-Zohiry's CAIRO 00001182  002.2 OF 002   death.

3. (C) He said police were pressed to solve murder

CAIRO 00001182  002 OF 002


cases by any means necessary. MOSCOW 00002237 002 OF 002 stays: it is another cable's.

4. (C) A sentence ends here.

CAIRO 00001182  002 OF 002

5. (C) A new paragraph.
CAIRO 00001182 002 OF 002 More text, and CAIRO 1182 2 OF 2 is no banner.

SCOBEY
"""


@pytest.mark.parametrize("form", ["text", "markdown"])
def test_this_cables_page_banners_are_taken_out_of_its_paragraphs(form: str) -> None:
    text = CAIRO_HEAD + "\n" + PAGED
    if form == "markdown":
        text = text.replace("\n1. ", "\n¶1. ").replace("\n2. ", "\n¶2. ")
    c = one(text, name=f"cable.{'md' if form == 'markdown' else 'txt'}")
    assert numbers(c) == [1, 2, 3, 4, 5]
    assert c.paragraph(1).text == "XXXXXXXXXXXX told us that he was prepared to act."
    assert c.paragraph(2).text.endswith("details about Al-Zohiry's death.")
    # A page break that cut a sentence is joined; another cable's banner is left as found.
    assert c.paragraph(3).text == ("He said police were pressed to solve murder cases by any means necessary. "
                                   "MOSCOW 00002237 002 OF 002 stays: it is another cable's.")
    assert c.paragraph(4).text == "A sentence ends here."
    assert c.paragraph(5).text == "A new paragraph.\nMore text, and CAIRO 1182 2 OF 2 is no banner."
    assert "told us CAIRO 00001182 002 OF 002 that he" in c.raw and "told us CAIRO 00001182" in c.body_text


def test_reference_list_whose_later_items_carry_a_paragraph_mark() -> None:
    c = one(HEADER + """
C O N F I D E N T I A L CAIRO 001300

E.O. 12958: DECL: 06/01/2019
TAGS: PREL EG
SUBJECT: THE REFERENCES

REF: A. CAIRO 1182
     ¶B. CAIRO 451
     ¶C. 08 CAIRO 2430

Classified By: Ambassador Margaret Scobey for reasons 1.4 (b) and (d).

¶1. (C) The text.
""")
    assert [(r.label, r.id) for r in c.references] == [("A", "09CAIRO1182"), ("B", "09CAIRO451"),
                                                        ("C", "08CAIRO2430")]
    assert numbers(c) == [1] and c.sections == [] and c.classified_by == "Ambassador Margaret Scobey"


@pytest.mark.parametrize(("ref", "ids"), [
    ("STATE 272523; USUN 6028", ["09STATE272523", "09USUNNEWYORK6028"]),
    ("TEHRAN 1091: TEHRAN 263: MOSCOW 1603", ["09TEHRAN1091", "09TEHRAN263", "09MOSCOW1603"]),
    ("STATE 1234, STATE 5678 AND USUN 6028", ["09STATE1234", "09STATE5678", "09USUNNEWYORK6028"]),
    ("TEHRAN'S A-077 OF MAY 15, 1972", [None]),
    ("ASTANA 1104 (NOTAL) AND STATE 67012 OF JULY 1, 2009", ["09ASTANA1104", "09STATE67012"]),
])
def test_references_however_they_are_separated(ref: str, ids: list[str | None]) -> None:
    c = one(HEADER + f"\nC O N F I D E N T I A L ASTANA 001212\n\nSUBJECT: X\n\nREF: {ref}\n\n1. (C) Text.\n")
    assert [r.id for r in c.references] == ids


def test_a_release_rows_references_join_the_texts() -> None:
    row = ('"7","8/10/1972 4:00","72TEHRAN4789","Embassy Tehran","UNCLASSIFIED","72TEHRAN3312|72TEHRAN4001",'
           '"","UNCLASSIFIED\n\nTEHRAN 4789\n\nSUBJECT: TERRORISM\n\nREF: TEHRAN 3312\n\n1. TEXT.\n"\n')
    c = one(row, name="cables.csv")
    assert [r.id for r in c.references] == ["72TEHRAN3312", "72TEHRAN4001"]


@pytest.mark.parametrize("opening", [
    "Thursday, 09 July 2009, 09:55\n",  # an export's date line
    "09ASTANA1212\nNOTES\n2009-07-09 09:55\nUNCLASSIFIED\nEmbassy Astana\n",  # five metadata lines
])
def test_a_reference_is_resolved_with_a_date_from_the_body_or_metadata(opening: str) -> None:
    c = one(opening + "UNCLAS ASTANA 001212\n\nSUBJECT: NOTES\n\nREF: A. ASTANA 1000\nB. 08 ASTANA 2290\n\n"
                      "1. (U) Text.\n")
    assert c.date and c.date.startswith("2009-07-09")
    assert [r.id for r in c.references] == ["09ASTANA1000", "08ASTANA2290"]


def test_a_copy_of_the_routing_header_at_the_end_is_no_second_cable() -> None:
    text = HEADER + "\nUNCLAS ASTANA 001212\n\nSUBJECT: NOTES\n\n1. (U) Text.\n\nHOAGLAND\n\n" + HEADER
    c = one(text)
    assert c.id == "09ASTANA1212" and c.signature == "HOAGLAND" and numbers(c) == [1]
    assert c.raw.rstrip().endswith("PRIORITY 5800")  # nothing lost: the raw view keeps the copy


def test_a_record_block_before_the_text_is_no_second_cable() -> None:
    preview = HEADER + "\nC O N F I D E N T I A L ASTANA 001212\n\nSIPDIS\n\nSUBJECT: NOTES\n\n...\n\n"
    record = ("id: 191162\ndate: 7/24/2009 12:34\nrefid: 09ASTANA1212\norigin: Embassy Astana\n"
              "classification: CONFIDENTIAL\ndestination: 09ASTANA1104\nheader:\n" + HEADER
              + "\n----------------- header ends ----------------\n\n")
    body = "C O N F I D E N T I A L ASTANA 001212\n\nSIPDIS\n\nSUBJECT: NOTES\n\n1. (C) Text.\n\n2. (C) More.\n"
    for text in (preview + record + body, record + body):
        c = one(text)
        assert (c.id, numbers(c)[-2:], c.classification) == ("09ASTANA1212", [1, 2], "CONFIDENTIAL")


def test_an_e_mail_wrapper_before_the_cable_is_no_second_cable() -> None:
    c = one("null\nDiana T Fritz  03/21/2007 05:47:09 PM  From  DB/Inbox:  Search Results\n\nCable\nText:\n\n"
            "CONFIDENTIAL\n\nTELEGRAM  July 24, 2009\n\nC O N F I D E N T I A L        ASTANA 01212\n\n"
            "DRAFTED: POL:STWILLIAMS\n\n" + HEADER
            + "\nC O N F I D E N T I A L ASTANA 001212\n\nSUBJECT: NOTES\n\n1. (C) Text.\n\nHOAGLAND\n")
    assert c.id == "09ASTANA1212" and numbers(c)[-1] == 1 and c.signature == "HOAGLAND"


def test_a_metadata_date_at_local_midnight_with_a_zone_is_that_day() -> None:
    c = one("02ADANA386\nSOUTHEAST TURKEY PRESS SUMMARY\nWed Nov 20 00:00:00 +0100 2002\nUNCLASSIFIED\n"
            "Consulate Adana\nUNCLAS ADANA 000386\n\nSUBJECT: PRESS SUMMARY\n\n1. Text.\n")
    assert c.date == "2002-11-20T00:00:00+00:00"
    variant = corpus.VARIANTS / "02ADANA386.txt"
    if variant.exists():
        assert one(variant.read_bytes().decode("utf-8", "replace")).date.startswith("2002-11-20")


@pytest.mark.parametrize("head", [
    "VZCZCXYZ0000  \nOO RUEHWEB  \nDE RUEHC #0284 0041234  \nZNY CCCCC ZZH  \nO 041234Z JAN 10  \n"
    "FM SECSTATE WASHDC  \nTO ALL NATO POST COLLECTIVE IMMEDIATE\n\n"
    "UNCLAS STATE 000284 SIPDIS E.O. 12958: DECL: 01/04/2020 TAGS: MASS MARR PREL PGOV SUBJECT: ARMS TRANSFERS"
    " REF: STATE 1234 Classified By: PM/RSAT Director, Reasons 1.4 (b) and (d)",
    "Monday, 04 January 2010, 07:22 C O N F I D E N T I A L SECTION 01 OF 02 STATE 000284 SIPDIS DEPT FOR "
    "PM; NSC FOR VOLKER EO 12958 DECL: 01/04/2020 TAGS MASS, MARR, PREL, PGOV SUBJECT: ARMS TRANSFERS "
    "REF: STATE 1234 Classified By: PM/RSAT Director, Reasons 1.4 (b) and (d)",
])
def test_the_whole_head_on_one_line(head: str) -> None:
    c = one(head + "\n¶1. (C) The text.\n", name="cable.md")
    assert c.id == "10STATE284" and c.eo and c.eo.order == "12958" and c.eo.decl == "2020-01-04"
    assert c.tags == ["MASS", "MARR", "PREL", "PGOV"] and c.subject == "ARMS TRANSFERS"
    assert [r.id for r in c.references] == ["10STATE1234"] and c.classified_by == "PM/RSAT Director"
    assert numbers(c) == [1]


STAMP = "Declassified/Released US Department of State EO Systematic Review 05 JUL 2006"


def test_a_signer_followed_by_a_declassification_stamp() -> None:
    c = one("R 041125Z MAR 75\nFM AMEMBASSY TEHRAN\nTO SECSTATE WASHDC 475\n\n"
            "C O N F I D E N T I A L SECTION 1 OF 2 TEHRAN 2069\n\n"
            "Declassified/Released US Department of State EO\nSystematic Review 05 JUL 2006\n\n"
            "E.O. 11652: GDS\nTAGS: PINT, IR\nSUBJECT: IRANIAN RESURGENCE PARTY CREATED BY SHAH\n\n"
            "1. SHAH'S STATEMENT ESTABLISHED THE PARTY.\n\n2. IN SUM, LITTLE IMPROVEMENT.\n\n\nHELMS\n\n"
            "Declassified/Released US Department of State EO\nSystematic Review 05 JUL 2006\n")
    assert c.signature == "HELMS" and c.declassified == STAMP
    assert c.paragraphs[-1].text == "IN SUM, LITTLE IMPROVEMENT."
    assert not any("Declassified" in p.text for p in c.paragraphs) and c.subject.startswith("IRANIAN")
    from tui.render import metadata

    assert STAMP in metadata(c).plain  # the reader's header shows it for what it is


@pytest.mark.parametrize("text", [
    HEADER + f"\n{NOTICE}\n\nC O N F I D E N T I A L ASTANA 001212\n\nSUBJECT: NOTES\n\n1. (C) Text.\n",
    "C O N F I D E N T I A L ASTANA 001212\n\nSUBJECT: NOTES\n\n1. (C) " + "Text. " * 80 + f"\n\n{NOTICE}\n",
])
def test_the_partial_extract_notice_wherever_it_stands(text: str) -> None:
    assert one(text).partial


def test_the_partial_extract_notice_in_a_pages_header_block() -> None:
    page = (ROOT / "sample_cables" / "08TALLINN0412.html").read_text(encoding="utf-8")
    first = page.index("<pre>")
    page = page[:first + 5] + NOTICE + page[page.index("</pre>", first):]
    c = one(page, name="page.html")
    assert c.partial and c.id == "08TALLINN412"


NOT_CABLES = {
    "report.pdf": b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n",
    "news.html": b"<!DOCTYPE html>\n<html><head><title>Cables</title></head><body><p>The cable 09ASTANA1104 "
                 b"said that the strike ended.</p></body></html>\n",
    "results.json": json.dumps({"items": [{"id": "09ASTANA1104", "subject": "KAZAKHSTAN: ALMATY NOTES",
                                          "date": "2009-07-07"}]}).encode(),
    "notes.txt": b"Things to read next week:\n- the Astana notes\n- the Almaty notes\n",
}


@pytest.mark.parametrize("name", list(NOT_CABLES))
def test_a_file_that_is_no_cable_is_refused_with_a_reason(name: str, tmp_path: Path) -> None:
    with pytest.raises(ParseError) as e:
        parse(NOT_CABLES[name], name=name)
    assert name in str(e.value)
    path = tmp_path / name
    path.write_bytes(NOT_CABLES[name])
    run = subprocess.run([sys.executable, "-m", "tui", "parse", str(path)], capture_output=True, text=True,
                         cwd=ROOT)
    assert run.returncode == 1 and run.stdout == "" and name in run.stderr


def test_the_index_lists_files_that_are_no_cables_as_skipped(tmp_path: Path) -> None:
    from parser.index import ArchiveIndex

    folder = tmp_path / "archive"
    folder.mkdir()
    for name, data in NOT_CABLES.items():
        (folder / name).write_bytes(data)
    (folder / "09ASTANA1212.txt").write_bytes((ROOT / "sample_cables" / "09ASTANA1212.txt").read_bytes())
    ix = ArchiveIndex(folder, tmp_path / "ix")
    report = ix.update()
    skipped = dict(report.skipped)
    assert ix.total("") == 1
    assert "PDF" in skipped["report.pdf"] or "not a cable file type" in skipped["report.pdf"]
    assert "web page" in skipped["news.html"] and "no cable text" in skipped["results.json"]
    assert "not a cable" in skipped["notes.txt"]
    ix.close()


def test_the_id_as_the_archive_writes_it_finds_the_cable(tmp_path: Path) -> None:
    from parser.index import ArchiveIndex
    from parser.query import parse_query

    folder = tmp_path / "archive"
    folder.mkdir()
    (folder / "09EFTOLONDON2618.txt").write_text(
        "UNCLAS E F T O LONDON 002618\n\nSUBJECT: THE BANNER\n\n1. (U) Text.\n", encoding="utf-8")
    (folder / "09LONDON2700.txt").write_text(
        "UNCLAS LONDON 002700\n\nSUBJECT: CITING\n\n1. (U) Text.\n", encoding="utf-8")
    rows = '"1","10/2/2009 10:00","09LONDON2701","Embassy London","UNCLASSIFIED","09EFTOLONDON2618","",' \
           '"UNCLAS LONDON 002701\\n\\nSUBJECT: ROW\\n\\n1. (U) Text.\\n"\n'
    (folder / "rows.csv").write_text(rows, encoding="utf-8")
    ix = ArchiveIndex(folder, tmp_path / "ix")
    ix.update()
    [rowid] = ix.find("09EFTOLONDON2618")
    assert ix.find("09LONDON2618") == [rowid] and ix.find("09london002618") == [rowid]
    assert ix.total(parse_query("id:09EFTOLONDON2618")) == 1 == ix.total(parse_query("id:09LONDON2618"))
    assert ix.total(parse_query("ref:09EFTOLONDON2618")) == 1 and len(ix.citing("09EFTOLONDON2618")) == 1
    ix.close()
    run = subprocess.run([sys.executable, "-m", "tui", "show", str(folder), "09EFTOLONDON2618", "--json"],
                         capture_output=True, text=True, cwd=ROOT,
                         env={**__import__("os").environ, "CABLES_INDEX_DIR": str(tmp_path / "ix2"),
                              "CABLES_DATA_DIR": str(tmp_path / "data")})
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout)["subject"] == "THE BANNER"


def test_a_numbered_heading_written_without_the_rule_its_siblings_have() -> None:
    # 09BAKU575 underlines nineteen of its twenty question headings; ``Question #15`` stands alone.
    c = one("""S E C R E T BAKU 000575

E.O. 12958: DECL: 07/02/2019
TAGS: PGOV PREL PHUM AJ IR
SUBJECT: TWENTY QUESTIONS

1. (C) Begin Questions and Answers.

Question #14: Is there a protest "organization"?
-------------------------------

Answer: (C) No.

Question #15: How does the word get out?

Answer: (C) Email, land lines, and word of mouth.

Question 16: not the run's spelling, so body text

Answer: (C) Slowly.
""")
    assert [s.title for s in c.sections] == ['Question #14: Is there a protest "organization"?',
                                             "Question #15: How does the word get out?"]


def test_a_page_break_after_a_binding_word_is_joined_whatever_follows() -> None:
    # 10CAIRO217: ``…the GOE dissolved the`` / page banner / ``MOSS-registered Arab Human Rights…``.
    c = one(CAIRO_HEAD + """
C O N F I D E N T I A L SECTION 01 OF 03 CAIRO 000217

SUBJECT: NGO REGISTRATION

1. (C) In September 2007, the GOE dissolved the

CAIRO 00000217  002 OF 003


MOSS-registered Arab Human Rights Legal Assistance NGO.

2. (C) A sentence ends with a name, as in Cairo

CAIRO 00000217  003 OF 003

Ministers met on Monday.
""")
    assert c.paragraph(1).text == ("In September 2007, the GOE dissolved the MOSS-registered Arab Human Rights "
                                   "Legal Assistance NGO.")
    assert c.paragraph(2).text == "A sentence ends with a name, as in Cairo\n\nMinisters met on Monday."


def test_a_heading_boxed_between_rules_with_blank_lines_is_a_heading_not_text() -> None:
    # 77 corpus cables (05TELAVIV6669, 10CAIRO217…) box headings so; the rules ran into the paragraph.
    c = one("""C O N F I D E N T I A L TEL AVIV 006669

SUBJECT: GAZA

1. (C) Summary: Rafah opened. End summary.

--------------------

Rafah as a Test Case

--------------------

2. (C) The crossing worked.

----------------
Fatah in Trouble
----------------

3. (C) Fatah is split.
""")
    assert numbers(c) == [1, 2, 3]
    assert [(s.title, s.paragraphs) for s in c.sections] == [("Rafah as a Test Case", [2]), ("Fatah in Trouble", [3])]
    assert c.paragraph(1).text == "Summary: Rafah opened. End summary."
    assert all("---" not in p.text for p in c.paragraphs)


def test_a_heading_with_a_blank_line_before_its_rule() -> None:
    # 09PANAMA829, 09SANTIAGO867: ``Heading`` / blank / a rule the page wrapped onto two lines; the
    # sections were named ``-----`` and the headings ran into the paragraphs before them.
    c = one("""C O N F I D E N T I A L PANAMA 000829

SIPDIS

-------
Summary
-------

1. (C) The units will merge. End summary.

Cooperation Agreement Between PNP, SENAN and SENAFRONT

--------------------------------------------- ----------------------
--

2. (C) The Embassy kept encouraging the minister.
""")
    assert numbers(c) == [1, 2]
    assert [(s.title, s.paragraphs) for s in c.sections] == [
        ("Summary", [1]), ("Cooperation Agreement Between PNP, SENAN and SENAFRONT", [2])]
    assert c.paragraph(1).text == "The units will merge. End summary."


def test_a_next_paragraph_glued_to_the_end_of_the_one_before() -> None:
    # 09STATE103113 (``…as well as the UN. 9. (S) Garcia Belaunde said…``), 09BRASILIA1262, and
    # 09SAOPAULO619 (``Comment: 7. (C) Foreign Policy…``): 110 corpus cables lost such paragraphs.
    c = one("""S E C R E T STATE 103113

SUBJECT: PERU AND HONDURAS

8. (C) More needs to be done by the United States as well as the UN. 9. (S) Garcia Belaunde said the
situation has grown more complicated. He paid 2. (C) no heed to it, and 10. (X) is no mark.

Comment: 10. (C) Foreign Policy does not rate highly.
""")
    assert numbers(c) == [8, 9, 10]
    assert [p.marking for p in c.paragraphs] == ["C", "S", "C"]
    assert c.paragraph(8).text == "More needs to be done by the United States as well as the UN."
    assert c.paragraph(9).text == ("Garcia Belaunde said the situation has grown more complicated. He paid 2. (C) "
                                   "no heed to it, and 10. (X) is no mark.")
    assert c.paragraph(10).text == "Comment: Foreign Policy does not rate highly."


def test_a_short_line_goes_on_when_the_next_opens_in_small_letters() -> None:
    # 09TEGUCIGALPA645: ``…a prima facie case that Zelaya`` / ``may`` / ``have committed…`` read as
    # three lines; a short line before a capital (a table row, a list) keeps its break.
    c = one("""C O N F I D E N T I A L TEGUCIGALPA 000645

SUBJECT: OPEN AND SHUT

1. (C) There is no doubt that the military, Supreme Court and National Congress conspired,
while accepting that there may be a prima facie case that Zelaya
may
have committed illegalities.

2. (U) Votes:
Liberal 62
National 55
origin: Embassy Tegucigalpa
""")
    assert c.paragraph(1).text == (
        "There is no doubt that the military, Supreme Court and National Congress conspired, while accepting "
        "that there may be a prima facie case that Zelaya may have committed illegalities.")
    assert c.paragraph(2).text == "Votes:\nLiberal 62\nNational 55\norigin: Embassy Tegucigalpa"


@pytest.mark.parametrize("heading, title", [
    # 08BEIJING2087: the heading's rule runs on at its line's end, and a second rule follows after a
    # blank line; that rule was kept as a paragraph of its own ("----").
    ("Taiwan: Near-Term Progress, Long-Term Uncertainty ---------------------------------------------",
     "Taiwan: Near-Term Progress, Long-Term Uncertainty"),
    # 06BOGOTA1145 in the Markdown form: a boxed heading's top rule joined onto its line; the section
    # was named "------- Summary".
    ("------- Summary", "Summary"),
], ids=["rule at the line's end", "top rule on the line"])
def test_a_heading_with_a_rule_on_its_line_and_one_after_a_blank_line(heading: str, title: str) -> None:
    c = one(f"""C O N F I D E N T I A L BEIJING 002087

SIPDIS

1. (C) The test was explained to no one.

{heading}

----

2. (C) The Taiwan issue has provided the mission focus.
""")
    assert numbers(c) == [1, 2]
    assert [(s.title, s.paragraphs) for s in c.sections] == [(title, [2])]
    assert all("--" not in p.text for p in c.paragraphs)
