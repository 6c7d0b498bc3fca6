"""Pages that give an excerpt cut short (``REF: TBILIS...``), then the cable again run together onto a
line or a few (parser/body/flat.py); a copy that stops after TAGS; subjects that run on into the
page banner, the id line or the next field. Real corpus pages, a handful of them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests import corpus


def cable(rid: str):  # noqa: ANN201
    corpus.require_corpus()
    (found,) = corpus.parsed(corpus.page(rid))
    return found


def test_a_run_together_copy_is_read_as_the_text() -> None:
    c = cable("08TBILISI1379")
    assert [(p.number, p.marking) for p in c.paragraphs] == [
        (1, "SBU"), (2, "SBU"), (3, "SBU"), (4, "SBU"), (5, "C"), (6, "C"), (7, "SBU"), (8, "SBU")]
    assert c.paragraphs[0].text.startswith("Begin Summary: OSCE and Georgian officials")
    assert c.paragraphs[1].text.startswith("OSCE and Georgian officials confirmed a large convoy of Russian troops")
    # "1.4 (B)" in Classified By and "50,000 GEL" in the text open no paragraph; the page banner goes.
    assert "more than 50,000 GEL (35,714 USD)" in c.paragraphs[7].text
    assert "ships delivering goods for Georgia" in c.paragraphs[4].text
    assert not any("00001379" in p.text for p in c.paragraphs)
    assert [(s.title, s.paragraphs) for s in c.sections] == [
        ("Government Coordination of Assistance", [5, 6, 7]), ("Economic Update", [8])]
    assert [r.id for r in c.references] == ["08TBILISI1372"]  # the copy's REF, not the excerpt's "TBILIS..."
    assert c.classified_by == "AMBASSADOR JOHN F. TEFFT" and c.reasons == ["1.4(b)", "1.4(d)"]
    assert c.subject == "GEORGIA: SITREP 10: RUSSIANS ON MOVE, IN GEORGIAN TANKS?"
    assert c.tags == ["PGOV", "PREL", "PHUM", "RU", "GG"] and c.signature == "TEFFT"
    assert not c.partial and not c.warnings


def test_the_excerpt_keeps_the_fields_the_copy_cuts_at_a_line_end() -> None:
    # The copy's TAGS stops at the original's line end (``… ENRG AF``); the excerpt has them whole.
    c = cable("09STATE23860")
    assert c.tags[-5:] == ["RS", "GG", "UP", "BO", "LH"]
    # A copy that starts at paragraph 3 (its first two left out by the page), under a heading.
    c = cable("08USNATO279")
    assert [p.number for p in c.paragraphs] == [3, 4, 5]
    assert c.subject == "GEORGIA REQUESTS FORMAL NATO CONSULTATIONS NEXT WEEK"
    assert c.sections[0].title == "FRENCH EDGY ABOUT NATO INVOLVEMENT"
    # ``REF: STATE 86108 (SBU)`` / ``Poloff delivered…``: the mark opens the text, not the REF list.
    c = cable("08HELSINKI374")
    assert c.paragraphs[0].text.startswith("(SBU) Poloff delivered GAERC points") and c.signature == "BARRETT"


def test_a_copy_on_the_line_of_the_cut() -> None:
    c = cable("08LONDON1967")  # ``…OFFICER TRAINING...C O N F I D E N T I A L LONDON 001967 …``
    assert c.subject.endswith("FOR MILITARY OFFICER TRAINING...")
    assert [p.number for p in c.paragraphs] == [1, 2]


@pytest.mark.parametrize("rid", ["08TBILISI1356", "08TBILISI1348", "08TBILISI1362"])
def test_a_copy_that_stops_after_tags_is_partial_and_says_why(rid: str) -> None:
    c = cable(rid)
    assert c.partial
    assert [w.kind for w in c.warnings] == ["partial"]
    assert "the rest of the cable is not in the source" in c.warnings[0].message
    assert not c.paragraphs and c.tags


def test_a_name_cut_short_shows_its_cut() -> None:
    assert cable("08TBILISI1348").classified_by == "AMBASS..."
    subject = "GEORGIA: SITREP 8: RUSSIANS PULL BACK, BUT BOMBING CONTINUES UNTIL MEDV..."
    assert cable("08TBILISI1362").subject == subject


def test_parse_jsonl_and_the_reader_say_partial(tmp_path: Path) -> None:
    page = corpus.page("08TBILISI1356") if corpus.TARBALL.exists() else pytest.skip("no corpus")
    path = tmp_path / "08TBILISI1356.html"
    path.write_text(page.html, encoding="utf-8")
    env = {"CABLES_INDEX_DIR": str(tmp_path / "idx"), "CABLES_DATA_DIR": str(tmp_path / "data"), "PATH": ""}
    out = subprocess.run([sys.executable, "-m", "tui", "parse", "--jsonl", str(path)], capture_output=True,
                         text=True, env=env, check=True, timeout=60).stdout
    d = json.loads(out)
    assert d["partial"] is True and d["paragraphs"] == []
    assert [w["kind"] for w in d["warnings"]] == ["partial"]
    from tui.render import metadata_styled

    shown = metadata_styled(cable("08TBILISI1356")).plain
    assert "This record is a partial extract of the original cable.\nThe page gives the cable's head only" in shown


@pytest.mark.parametrize(("rid", "subject"), [
    ("08TRIPOLI36", 'GOL SUGGESTS U.S.-LIBYAN BILATERAL TIES "GREATLY COMPLICATED" BY UTA CASE DAMAGES AWARD'),
    ("07MANAMA995", "BAHRAIN: ARAB LEAGUE COLLECTIVE IMMEDIATERUCPDOC/USDOC WASHDC IMMEDIATE"),
    ("09ISLAMABAD3037", "BALOCH REQUEST UNHCR FACILITATE MOVEMENT OF BRAHMDAGH BUGTI TO IRELAND"),
    ("06ISLAMABAD22025", "INTERIOR MINISTER SHERPAO ON HIGH PROFILE TERROR CASES, IPR AND MISSING AMCIT"),
])
def test_a_subject_ends_where_the_next_head_line_starts(rid: str, subject: str) -> None:
    c = cable(rid)
    assert c.subject == subject
    if rid == "08TRIPOLI36":
        assert c.classified_by == "Chris Stevens, DCM, Embassy Tripoli, Department of State"
    if rid == "09ISLAMABAD3037":  # the head given again after the subject: its fields, not text
        assert c.classified_by == "Ambassador Anne W. Patterson" and c.paragraphs[0].number == 1
    if rid == "06ISLAMABAD22025":  # ``…AMCITREF:``: the list on the lines after is the REF list
        assert [r.id for r in c.references] == ["06ISLAMABAD21222", "06PESHAWAR653", "06ISLAMABAD21882",
                                                 "06ISLAMABAD16421"]
