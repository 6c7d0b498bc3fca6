"""The 1973-79 telegrams: the National Archives' text files and PlusD pages copied as text, and the
shapes of 1970s teletype text (spaced date-time groups, withdrawal cards, PlusD's ``_b`` variants
and shortened posts). The two samples were written for the project from the documented layouts."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

from parser import parse
from parser.cable import Cable
from parser.formats.detect import detect
from parser.formats.plusd import post_name
from parser.formats.telegram70s import unspaced_dtg
from parser.index import ArchiveIndex

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "sample_cables"
NARA = SAMPLES / "1973LAPAZ04411.txt"
PLUSD = SAMPLES / "1975USUNN01234_b.txt"


def one(text: str | bytes, name: str = "record.txt") -> Cable:
    cables = parse(text, name=name)
    assert len(cables) == 1
    return cables[0]


def record(message: str, **attrs: str) -> str:
    """A National Archives record in the documented layout, the given attributes over the defaults."""
    base = {"Document Number": "1975TEHRAN02069", "Draft Date": "04 MAR 1975", "Original Classification":
            "CONFIDENTIAL", "Current Classification": "UNCLASSIFIED", "Locator": "TEXT ON-LINE", "From": "TEHRAN",
            "To": "STATE", "TAGS": "PFOR, IR", "Subject": "SHAH'S VISIT", "Concepts": "n/a", "Type": "TE"}
    base.update({k.replace("_", " "): v for k, v in attrs.items()})
    lines = "\n".join(f"{k}: {v}" for k, v in base.items())
    return f"   Message Text\n\n{message}\n\n   Message Attributes\n\n{lines}\n"


# -- the National Archives' text form ------------------------------------------------------------

def test_national_archives_text_form() -> None:
    c = one(NARA.read_bytes(), name=NARA.name)
    assert c.source_format == "nara"
    assert (c.id, c.archive_id, c.station) == ("73LAPAZ4411", "1973LAPAZ04411", "LAPAZ")
    assert c.date == "1973-06-25T13:46:00+00:00" and c.precedence == "PRIORITY"
    assert (c.classification, c.original_classification) == ("CONFIDENTIAL", "CONFIDENTIAL")
    assert c.caveats == ["LIMDIS"]
    assert c.origin == "AMEMBASSY LA PAZ"
    assert [a.name for a in c.to] == ["SECSTATE WASHDC"] and c.to[0].serial == "6120"
    assert [a.name for a in c.info] == ["AMEMBASSY LIMA", "AMEMBASSY SANTIAGO"]  # not the office codes
    assert c.tags == ["EMIN", "ETRD", "BL"] and c.subject == "TIN SMELTER TALKS RESUME"
    assert c.concepts == ["MINING INDUSTRY", "TIN", "SMELTERS", "NEGOTIATIONS"]  # a value over two lines
    # The paragraph the page break cut reads as one; no page line, classification repeat or NNN in it.
    assert [(p.number, p.text) for p in c.paragraphs] == [
        (1, "MINISTER OF MINES TOLD EMBASSY JUNE 22 THAT TALKS ON THE SMELTER CONTRACT WILL RESUME IN JULY."),
        (2, "HE EXPECTS THE NEW PRICE FORMULA TO BE SETTLED BEFORE THE END OF THE YEAR.")]
    assert c.signature == "STEDMAN"
    assert c.attributes["Locator"] == "TEXT ON-LINE" and "Drafter" not in c.attributes  # n/a is no value
    assert c.metadata_only is None and not c.warnings


def test_national_archives_form_is_detected_only_by_its_attributes_block() -> None:
    assert detect(NARA.read_text(encoding="utf-8")) == "nara"
    assert detect((SAMPLES / "75MOSCOW04321.txt").read_text(encoding="utf-8")) == "text"
    assert detect("Message Attributes are described below.\nNothing else.") == "text"


def test_spaced_date_time_group() -> None:
    assert unspaced_dtg("P 251346 Z JUN 7 3") == "P 251346Z JUN 73"
    assert unspaced_dtg("O P 0 11212Z AUG 75") == "O P 011212Z AUG 75"
    assert unspaced_dtg("THE 251346 Z MEETING") is None
    text = ("PAGE 01        TEHRAN 02069  041315Z\n\nR 0 41125 Z MA R 7 5\nFM AMEMBASSY TEHRAN\n"
            "TO SECSTATE WASHDC 1234\n\nC O N F I D E N T I A L TEHRAN 2069\n\n"
            "SUBJECT: SHAH'S VISIT\n\n1. TEXT.\nHELMS\n")
    c = one(record(text, Draft_Date="01 JAN 1975"))
    assert c.date == "1975-03-04T11:25:00+00:00"  # the telegram's own group, not the draft date
    assert c.precedence == "ROUTINE" and [a.name for a in c.to] == ["SECSTATE WASHDC"]


def test_draft_date_when_the_text_has_no_date_time_group() -> None:
    c = one(record("C O N F I D E N T I A L TEHRAN 2069\n\nSUBJECT: SHAH'S VISIT\n\n1. TEXT.\n"))
    assert c.date == "1975-03-04T00:00:00+00:00"
    c = one(record("UNCLAS TEHRAN 2069\n\n1. TEXT.\n", Draft_Date="n/a", Sent_Date="04-Mar-1977 12:00:00 am",
                   Document_Number="1977TEHRAN02069"))
    assert c.date == "1977-03-04T00:00:00+00:00"  # 1977 records name it Sent Date


def test_withdrawal_card_is_a_metadata_only_cable() -> None:
    card = record("", Locator="TEXT ON MICROFILM, ADS TEXT UNRETRIEVABLE", Original_Handling_Restrictions="NODIS",
                  Concepts="VISITS, CHIEF OF STATE VISITS", TAGS="OVIP, (KISSINGER, HENRY A)")
    c = one(card)
    assert c.metadata_only == "no text in the archive: Locator TEXT ON MICROFILM, ADS TEXT UNRETRIEVABLE"
    assert (c.id, c.archive_id, c.date) == ("75TEHRAN2069", "1975TEHRAN02069", "1975-03-04T00:00:00+00:00")
    assert (c.classification, c.caveats, c.subject) == ("CONFIDENTIAL", ["NODIS"], "SHAH'S VISIT")
    assert c.tags == ["OVIP", "(KISSINGER, HENRY A)"] and c.concepts == ["VISITS", "CHIEF OF STATE VISITS"]
    assert c.origin == "TEHRAN" and [a.name for a in c.to] == ["STATE"]
    assert c.paragraphs == [] and c.raw.startswith("   Message Text")  # the raw view shows the card
    assert c.to_dict()["metadata_only"] == c.metadata_only
    # Text in a record whose Locator says it is not on line is not read as the telegram.
    c = one(record("SOME WORDS", Locator="ADS TEXT NOT CONVERTED"))
    assert c.metadata_only and c.paragraphs == []


def test_a_card_says_what_the_review_did_so_withheld_is_told_from_lost() -> None:
    """The values of the archive's records (leuc/ACP-127 docs/ATTRIBUTES.md): a disposition that
    is not a release, a WITHDRAWN entry of the review history."""
    history = "RELEASED <16 JUN 2003 by MaustMC>; WITHDRAWN <21 Jun 2005 by BoyleJA, PRIVACY>"
    withheld = one(record("", Locator="TEXT ON MICROFILM, ADS TEXT UNRETRIEVABLE", Disposition_Action="Denied in Full",
                          Review_History=history))
    assert withheld.metadata_only == ("no text in the archive: Locator TEXT ON MICROFILM, ADS TEXT UNRETRIEVABLE; "
                                      "Disposition Action Denied in Full; Review History WITHDRAWN <21 Jun 2005 by "
                                      "BoyleJA, PRIVACY>")
    lost = one(record("", Locator="TEXT ON MICROFILM, ADS TEXT UNRETRIEVABLE", Disposition_Action="RELEASED",
                      Review_History="RELEASED <16 Sep 2003 by MorefiRH>; APPROVED <17 Sep 2003 by MorefiRH>"))
    assert lost.metadata_only == "no text in the archive: Locator TEXT ON MICROFILM, ADS TEXT UNRETRIEVABLE"


# -- PlusD pages copied as text ------------------------------------------------------------------

def test_plusd_page_form() -> None:
    c = one(PLUSD.read_bytes(), name=PLUSD.name)
    assert c.source_format == "plusd"
    assert (c.id, c.archive_id) == ("75USUNN1234", "1975USUNN01234_b")
    assert c.date == "1975-03-04T11:25:00+00:00" and c.precedence == "IMMEDIATE"
    assert (c.classification, c.original_classification) == ("LIMITED OFFICIAL USE", "LIMITED OFFICIAL USE")
    assert c.subject == "UN BUDGET COMMITTEE: SCALE OF ASSESSMENTS" and c.tags == ["AORG", "UNGA"]
    assert c.concepts == ["BUDGETS", "ASSESSMENTS"]
    explained = c.attributes["TAGS (as the page explains them)"]
    assert explained.startswith("AORG - Administration--International Organization Administration")
    assert [a.name for a in c.to] == ["SECSTATE WASHDC"] and c.signature == "SCALI"
    assert [p.number for p in c.paragraphs] == [1, 2]


def test_plusd_fields_on_the_key_line_and_the_page_date_when_the_text_has_none() -> None:
    page = ("ECFMG EXAMINATION\nDate: 1975 January 1, 00:00 (Wednesday)\nCanonical ID: 1975DACCA00292_b\n"
            "Original Classification: UNCLASSIFIED\nTAGS: AFSP - Administration--Post Administration | "
            "BG - Bangladesh\nConcepts: -- N/A or Blank --\nFrom: Bangladesh Dhaka\nTo: Secretary of State\n\n"
            "UNCLAS DACCA 292\n\nSUBJECT: ECFMG EXAMINATION\n\n1. TEXT.\n")
    c = one(page)
    assert (c.id, c.archive_id, c.date) == ("75DACCA292", "1975DACCA00292_b", "1975-01-01T00:00:00+00:00")
    assert c.tags == ["AFSP", "BG"] and c.concepts == [] and c.origin == "Bangladesh Dhaka"


def test_plusd_variant_and_the_archive_forms_find_the_cable(tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    archive.mkdir()
    for f in (NARA, PLUSD):
        (archive / f.name).write_bytes(f.read_bytes())
    ix = ArchiveIndex(archive, tmp_path / "index")
    ix.update(workers=1)
    found = ix.find("75USUNN1234")
    assert len(found) == 1
    for written in ("1975USUNN01234_b", "1975USUNN01234", "75usunn1234"):
        assert ix.find(written) == found, written
    assert ix.find("1973LAPAZ04411") == ix.find("73LAPAZ4411") != []
    for query in ("id:1975USUNN01234_b", "1975USUNN01234_b", "75USUNN1234", "1975USUNN01234 budget"):
        assert [r.id for r in ix.search(query)] == ["75USUNN1234"], query  # the query language, bare ids too
    assert ix.search("1975USUNN01234 tin") == []  # with the other words of the query


def test_plusd_abbreviated_post() -> None:
    assert post_name("USUNN") == "USUN" and post_name("ANTWER") == "ANTWERP"
    assert post_name("NEWDE") is None  # no source names it: left as written
    page = "Canonical ID: 1975USUNN01234_a\nOriginal Classification: UNCLASSIFIED\nFrom: n/a\n"
    c = one(page)  # a page with no text and no From: the post from the id's shortened station
    assert (c.id, c.station, c.origin) == ("75USUNN1234", "USUNN", "USUN")
    assert c.metadata_only == "no text on the page"


def test_the_post_table_names_a_documented_source_on_every_row() -> None:
    notes = (ROOT / "parser" / "data" / "NOTES.md").read_text(encoding="utf-8")
    with (ROOT / "parser" / "data" / "plusd_posts.tsv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    assert rows and all(r["abbreviation"] and r["post"] and f"`{r['source']}`" in notes for r in rows)


def test_cables_parse_shows_the_fields_of_both_forms() -> None:
    out = subprocess.run([sys.executable, "-m", "tui", "parse", str(NARA), str(PLUSD), "--jsonl"],
                         capture_output=True, text=True, cwd=ROOT, check=True).stdout
    nara, plusd = (json.loads(line) for line in out.strip().split("\n"))
    assert nara["archive_id"] == "1973LAPAZ04411" and nara["concepts"][0] == "MINING INDUSTRY"
    assert nara["attributes"]["Document Number"] == "1973LAPAZ04411" and nara["signature"] == "STEDMAN"
    assert plusd["archive_id"] == "1975USUNN01234_b" and plusd["original_classification"] == "LIMITED OFFICIAL USE"


def test_the_header_view_shows_the_archive_id_concepts_and_attributes() -> None:
    """The header's fields first, the telegram's text, then the attributes as the archive wrote
    them (after the text, as in its files: dozens of lines no longer stand before the first ¶)."""
    from tui.render import cable_text, metadata

    nara = one(NARA.read_bytes(), name=NARA.name)
    shown = metadata(nara).plain
    assert "Archive's id   1973LAPAZ04411" in shown
    assert "Concepts       MINING INDUSTRY · TIN · SMELTERS · NEGOTIATIONS" in shown
    assert "no text" not in shown and "The archive's attributes" not in shown
    whole = cable_text(nara).text().plain
    attributes = whole.index("The archive's attributes, as written")
    assert whole.index("¶1") < whole.index(nara.signature or "") < attributes
    assert "\nLocator: TEXT ON-LINE\n" in whole[attributes:] and "\nFilm Number: " not in whole  # n/a: no value
    card = one(record("", Locator="TEXT ON MICROFILM, ADS TEXT UNRETRIEVABLE"))
    assert ("This record has no text, only the archive's attributes (no text in the archive: Locator TEXT ON "
            "MICROFILM, ADS TEXT UNRETRIEVABLE)") in metadata(card).plain
    assert "\nDocument Number: 1975TEHRAN02069\n" in cable_text(card).text().plain
    person = metadata(one(record("", TAGS="OVIP, (KISSINGER, HENRY A)"))).plain
    assert "(KISSINGER, HENRY A) a person the TAGS name" in person and "unknown tag" not in person


def test_1970s_reference_forms() -> None:
    """The REF forms leuc/ACP-127's docs/REFTEL.md counts among its failures over the archive."""
    from parser.body.references import references

    def named(text: str) -> list[tuple[str | None, str, str | None]]:
        return [(r.label, r.text, r.id) for r in references(text, 1973)]

    # A list whose first item has no label, the second's glued to its post.
    assert named("STATE 093410, B.STATE 105386") == [(None, "STATE 093410", "73STATE93410"),
                                                     ("B", "STATE 105386", "73STATE105386")]
    assert [r.id for r in one(NARA.read_bytes(), name=NARA.name).references] == ["73STATE93410", "73STATE105386"]
    # A message cited by its sender and date-time group, spaced: no serial, so no cable id.
    assert named("USCINCRED 311345 Z MAY 73") == [(None, "USCINCRED 311345 Z MAY 73", None)]
    assert named("USCINCRED 311345Z MAY 73") == [(None, "USCINCRED 311345Z MAY 73", None)]
    # A telegram named by a sender code, not a post: kept as written, with no id made up.
    assert named("EMBTEL 123") == [(None, "EMBTEL 123", None)]
    assert named("A. EMBTEL 123 B. STATE 4567") == [("A", "EMBTEL 123", None), ("B", "STATE 4567", "73STATE4567")]
