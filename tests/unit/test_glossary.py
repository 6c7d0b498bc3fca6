"""Every meaning from a source (issue 20): the tables name their sources, the 1974 handbook's
regions and retired tags are read as the handbook gives them, and one explainer answers for the
command line and the reader alike."""

from __future__ import annotations

import csv
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import corpus
import pytest

from parser import parse
from parser.glossary import cable_codes, describe_address, explain, explain_cable, near_codes
from parser.glossary.explain import UNKNOWN
from parser.glossary.tables import FILE_SOURCES, HERE, sources

from .teletype import DUAL_PRECEDENCE

ROOT = Path(__file__).resolve().parents[2]
DATA = sorted(p for p in HERE.iterdir() if p.suffix in (".tsv", ".csv", ".txt"))
# Tables derived from the cables: each row names the cable it was seen in.
DERIVED = {"acronyms_seen.tsv": "cable", "offices_seen.tsv": "cable", "keywords.tsv": "seen_on"}


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def test_every_row_names_its_source_and_no_meaning_is_approximate() -> None:
    """A row's source is a ``source`` column naming an entry of sources.tsv, a cable it was seen
    in, or (for a file from one source) the file's own entry in NOTES.md; a new file without one
    fails here, as do the project's earlier tables (no source column, "(approximate)" meanings)."""
    notes = (HERE / "NOTES.md").read_text(encoding="utf-8")
    keys = set(sources())
    accounted = []
    for path in DATA:
        text = path.read_text(encoding="utf-8")
        assert "approximate" not in text.lower(), f"{path.name}: a meaning marked approximate"
        if path.name == "sources.tsv":
            accounted.append(path.name)
            continue
        if path.name in FILE_SOURCES:
            assert FILE_SOURCES[path.name] in keys and f"`{path.name}`" in notes, path.name
            accounted.append(path.name)
            continue
        rows = _rows(path)
        assert rows, f"{path.name}: empty"
        if path.name in DERIVED:
            column = DERIVED[path.name]
            bad = [r for r in rows if not re.fullmatch(r"\d{2}[A-Z]+\d+", r.get(column) or "")]
            assert bad == [], f"{path.name}: rows that name no cable: {bad[:5]}"
        else:
            bad = [r for r in rows if (r.get("source") or "") not in keys]
            assert bad == [], f"{path.name}: rows without a known source: {bad[:5]}"
        assert f"`{path.name}`" in notes, f"{path.name} is not described in NOTES.md"
        accounted.append(path.name)
    assert len(accounted) == len(DATA)


def test_every_meaning_shown_names_its_source() -> None:
    """No reading of any code of any table says a meaning without saying who gives it."""
    codes = set()
    for path in DATA:
        if path.suffix == ".tsv" and path.name != "sources.tsv":
            codes |= {next(iter(r.values())) for r in _rows(path)}
    for code in sorted(codes):
        for r in explain(code):
            assert r.meaning is None or r.source, (code, r)
            assert r.meaning is None or r.meaning.strip().upper() != code.upper(), (code, r)


def test_the_1974_regions_and_retired_tags_come_from_the_handbook() -> None:
    reference = corpus.SHARED / "reference" / "tags-1974-handbook.tsv"
    if not reference.exists():
        pytest.skip(f"the shared reference is not at {reference}")
    rows = _rows(reference)
    assert len(rows) == 28
    for row in rows:
        readings = [r for r in explain(row["code"]) if r.meaning == row["meaning"]]
        assert readings, (row["code"], explain(row["code"]))
        assert all("1974 TAGS handbook" in (r.source or "") for r in readings)
    assert [r.meaning for r in explain("XK")] == ["Central America"]  # not Central and Eastern Europe


def test_cables_explain_answers_the_regions_from_the_1974_handbook() -> None:
    r = subprocess.run([sys.executable, "-m", "tui", "explain", "XK", "XC", "XE", "XZ", "PINT", "PORG"],
                       capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    expected = {"XK": "Central America", "XC": "Southeast Asia", "XE": "Far East", "XZ": "Scandinavia",
                "PINT": "Internal Political Affairs", "PORG": "Policy Relations With International Organizations"}
    for code, meaning in expected.items():
        assert [line for line in lines if line.startswith(f"{code}  ") and meaning in line
                and "1974 TAGS handbook (TL:TAGS-1, 6-28-74)" in line], (code, r.stdout)


def test_the_codes_the_reader_explained_alone_are_answered_on_the_command_line() -> None:
    """``E.O. 12958`` was unknown to ``cables explain`` while ``e`` explained it, ``RR`` was
    unknown and ``ZNY CCCCC`` printed ``confidential ( crypto)``."""
    r = subprocess.run([sys.executable, "-m", "tui", "explain", "E.O. 12958", "RR", "ZNY CCCCC", "ZNR UUUUU"],
                       capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 0, r.stdout
    assert "unknown" not in r.stdout and "( crypto)" not in r.stdout
    assert "E.O. 12958  executive order: Executive Order 12958" in r.stdout
    assert "RR  precedence: ROUTINE" in r.stdout
    assert "ZNY CCCCC  security warning: CONFIDENTIAL message" in r.stdout
    assert r.stdout.count("ACP 127(G)") == 3


def _said_codes(c) -> list[str]:  # noqa: ANN001
    """The codes the readings of ``c`` are of, longest first: the cable's codes, and the parts of a
    routing line given whole (``DE RUEHSI #1343/01 2220756`` is read as DE, RUEHSI, …)."""
    return sorted({*cable_codes(c), *(r.code for r in explain_cable(c))}, key=len, reverse=True)


def _reader_lines(c) -> list[tuple[str, str]]:  # noqa: ANN001
    """The reader's explain screen as (code, text) pairs."""
    from tui.screens.modals import ExplainScreen

    codes = _said_codes(c)
    pairs = []
    for line in ExplainScreen.readings(c).plain.splitlines():
        code = next(k for k in codes if line.startswith(k))
        pairs.append((code, line[len(code):].strip()))
    return pairs


def _cli_lines(codes: list[str], said: list[str]) -> list[tuple[str, str]]:
    r = subprocess.run([sys.executable, "-m", "tui", "explain", *codes], capture_output=True, text=True, cwd=ROOT)
    assert r.returncode in (0, 1) and not r.stderr, r.stderr
    pairs = []
    for line in r.stdout.splitlines():
        code = next(k for k in said if line.startswith(k + "  "))
        pairs.append((code, line[len(code):].strip()))
    return pairs


def _parity(c) -> None:  # noqa: ANN001
    codes = cable_codes(c)
    assert codes, c.id
    assert _reader_lines(c) == _cli_lines(codes, _said_codes(c)), c.id


def test_the_reader_and_the_command_line_say_the_same_for_the_seed() -> None:
    c = parse(corpus.SEED.read_text(encoding="utf-8") if corpus.SEED.exists()
              else (ROOT / "sample_cables" / "09ASTANA1104.md").read_text(encoding="utf-8"), name="seed.md")[0]
    assert {"PHUM", "KDEM", "RUEHTA", "RUEHKO", "ZNR UUUUU", "IMMEDIATE", "UNCLASSIFIED", "SIPDIS",
            "E.O. 12958"} <= set(_said_codes(c))
    _parity(c)


# Ten corpus cables chosen for what their codes exercise: X regions, retired 1970s tags, a TAGS line
# that took a DEPT FOR line, tags written together, portion marks, classified security lines.
TEN = ["09JAKARTA1369", "75TEHRAN2069", "08STATE93970", "09RANGOON732", "05SANJOSE2710", "08SANJOSE631",
       "09STOCKHOLM66", "09CAIRO1412", "07REYKJAVIK116", "03ROME2045"]


def test_the_reader_and_the_command_line_say_the_same_for_ten_corpus_cables() -> None:
    corpus.require_corpus()
    found = {}
    for page in corpus.pages():
        if page.reference_id in TEN:
            found[page.reference_id] = corpus.parsed(page)[0]
    assert sorted(found) == sorted(TEN)
    for cid in TEN:
        _parity(found[cid])


def test_a_dept_for_line_on_the_tags_line_is_read_as_office_symbols() -> None:
    corpus.require_corpus()
    c = corpus.parsed(corpus.page("09JAKARTA1369"))[0]
    assert {"EAP", "MTS", "MLS", "RSP"} <= set(c.tags)
    for tag in ("EAP", "MLS", "RSP"):
        r = explain(tag)[0]
        assert r.kind == "office symbol" and r.meaning is None and "DEPT FOR line of cable" in (r.source or ""), r
        assert "no source names the office" in r.text()


def test_coverage_over_the_corpus() -> None:
    """The raw figure: tag occurrences with a sourced meaning, with a reading by rule (written
    together, a slip, a plain word, an office symbol) and with neither (a known code no source
    explains, or an unknown one)."""
    corpus.require_corpus()
    occurrences: Counter[str] = Counter()
    routes: set[str] = set()
    named: set[str] = set()
    for page in corpus.pages():
        for c in corpus.parsed(page)[:1]:
            occurrences.update(c.tags)
            routes.update(re.findall(r"\bRUEH[A-Z]{1,4}\b", c.header_text))
            named.update(re.findall(r"\b(RUEH[A-Z]{1,4})/", c.header_text))
            named.update(re.findall(r"^DE (RUEH[A-Z]{1,4})\b", c.header_text, re.M))
    total = sum(occurrences.values())
    kinds: Counter[str] = Counter()
    left: Counter[str] = Counter()
    for tag, n in occurrences.items():
        readings = explain(tag)
        if any(r.sourced for r in readings):
            kinds["sourced"] += n
        elif any(r.flagged for r in readings):
            kinds["flagged"] += n
        else:
            kinds["no known meaning" if readings[0].kind != UNKNOWN else "unknown"] += n
            left[tag] += n
    share = {k: kinds[k] / total for k in ("sourced", "flagged", "no known meaning", "unknown")}
    unresolved = sorted(r for r in routes if not describe_address(r))
    print(f"\n{total} tag occurrences: sourced {100 * share['sourced']:.2f}%, flagged "
          f"{100 * share['flagged']:.2f}%, known code with no known meaning {100 * share['no known meaning']:.2f}%, "
          f"unknown {100 * share['unknown']:.2f}%; most frequent unexplained: {left.most_common(12)}; "
          f"{len(routes)} RUEH routing indicators, unresolved (never written beside a name): {unresolved}")
    # The floor holds what the sources reached (issue 20 asks 99.5%: not met, most program TAGS and
    # ETTC, EPET, PREF … have no source here); it fails if a table loses its sources.
    assert share["sourced"] + share["flagged"] >= 0.882
    assert set(unresolved).isdisjoint(named)


def test_tags_written_together_are_read_as_their_parts() -> None:
    [r] = explain("ITPHUM")
    assert (r.kind, r.meaning) == ("tags written together", "IT + PHUM: IT Italy; PHUM Human Rights")
    assert "FIPS 10-4" in (r.source or "") and "5 FAH-3" in (r.source or "")
    assert explain("ETRDEINVECINPGOVCS")[0].meaning.startswith("ETRD + EINV + ECIN + PGOV + CS:")  # type: ignore[union-attr]
    assert explain("YMCS")[0].kind == UNKNOWN  # two country codes alone are too easy to find by chance


def test_a_slip_of_the_keys_is_named_only_when_one_code_fits() -> None:
    [r] = explain("PARMS")
    assert (r.kind, r.meaning) == ("probable misspelling", "probably PARM: Arms Control and Disarmament")
    assert r.source == "1974 TAGS handbook (TL:TAGS-1, 6-28-74)"
    assert explain("ENGR")[0].meaning.startswith("probably ENRG")  # type: ignore[union-attr]
    [r] = explain("KPRP")  # KPAP, KPMP or KPRV: no guess
    assert r.kind == UNKNOWN and r.note == "one key from KPAP, KPMP, KPRV"
    assert near_codes("KPRP") == ["KPAP", "KPMP", "KPRV"]
    assert near_codes("PHUM") == [] and near_codes("ZZZZQ") == []


def test_plain_words_on_tags_lines_are_said_to_be_words() -> None:
    [r] = explain("FREEDOM")
    assert (r.kind, r.meaning) == ("plain word", None) and r.flagged
    assert r.source == "seen on the TAGS line of cable 03ROME2045"


def test_codes_sourced_outside_the_handbook_name_their_source() -> None:
    """PTER from the State Department's own definition, KISL and OIIP from a 2010 list of the tags,
    NF from the intelligence community's marking vocabulary; each says who gives it."""
    [r] = explain("PTER")
    assert (r.meaning or "").startswith("All aspects of terrorism which transcend national boundaries")
    assert r.source == ("State Department Subject TAGS definitions (eff. March 1981, rev. January 1983), "
                        "as quoted by J. Weinheimer (2010)")
    said = [(r.meaning, r.source) for r in explain("KISL")]
    assert said == [("Islam", "pdnetworks blog post 'Cablegate Tags' (16 December 2010)")]
    assert explain("OIIP")[0].meaning == "International Information Programs"
    said = [r.text() for r in explain("(S//NF)")]
    assert said[1] == ("portion mark: NF: NOT RELEASABLE TO FOREIGN NATIONALS — "
                       "ODNI ISM dissemination controls (CVEnumISMDissem, ISM v2022-DEC)")


def test_a_known_code_no_source_explains_says_so() -> None:
    [r] = explain("KDEM")
    assert (r.kind, r.meaning) == ("program tag", None)
    assert r.text() == "program tag: no known meaning — listed in the program TAGS code list (wlwardiary/cable2graph)"


def test_a_meaning_a_later_handbook_changed_is_shown_with_its_period() -> None:
    said = [(r.meaning, r.source) for r in explain("PGOV")]
    assert ("Internal Governmental Affairs", "5 FAH-3 H-111 (CT:TAGS-84, 2020)") in said
    assert ("Government", "1974 TAGS handbook (TL:TAGS-1, 6-28-74)") in said
    geo = [(r.meaning, r.source) for r in explain("GE")]
    assert geo == [("Germany (East)", "1974 TAGS handbook (TL:TAGS-1, 6-28-74)")]


def test_every_code_of_the_seed_is_explained() -> None:
    for code in ("PHUM", "PREL", "PGOV", "KZ", "RUEHTA", "RUEHC", "RUEHBJ", "O", "IMMEDIATE",
                 "UNCLASSIFIED", "SIPDIS", "12958", "OO", "ZNR UUUUU"):
        assert any(r.sourced for r in explain(code)), code
    for code in ("KDEM", "KCRM"):  # no source gives these meanings: said so, not guessed
        assert all(r.meaning is None for r in explain(code)), code


def test_an_office_symbol_written_whole_is_an_office_symbol_on_the_command_line() -> None:
    """``EAP/MLS`` as the cables write it on DEPT FOR lines (the documented example) is read as an
    office symbol, not an unknown code."""
    [r] = explain("EAP/MLS")
    assert r.kind == "office symbol" and "06PHNOMPENH983" in (r.source or ""), r
    r = subprocess.run([sys.executable, "-m", "tui", "explain", "EAP/MLS"], capture_output=True, text=True, cwd=ROOT)
    assert "office symbol" in r.stdout and "unknown" not in r.stdout, r.stdout


def test_where_the_routing_book_and_the_cables_disagree_both_are_said() -> None:
    """RUEHDIR is AMCONSUL NAGOYA in the routing book; the cables write RPO DUBAI beside it. Both
    readings are given with their sources, and an address written RPO DUBAI is not glossed Nagoya."""
    from parser.glossary import describe_address

    meanings = [(r.meaning, r.source) for r in explain("RUEHDIR")]
    assert meanings[0][0] == "AMCONSUL NAGOYA" and "ACP 117" in (meanings[0][1] or "")
    assert meanings[1][0] is not None and meanings[1][0].startswith("RPO DUBAI: the address 18 cables write")
    assert describe_address("RUEHDIR", "RPO DUBAI") is None
    assert describe_address("RUEHDIR", "AMCONSUL NAGOYA") == "AMCONSUL NAGOYA"
    assert describe_address("RUEHC", "SECSTATE WASHDC") == "DEPT OF STATE WASHINGTON DC"


def test_an_indicator_the_cables_write_beside_several_addressees_says_so() -> None:
    """RHMFISS carries HQ USCENTCOM, CDR USSOUTHCOM, JOINT STAFF … in the cables: no one of them is
    its meaning, and 09SANJOSE587's ``RHMFISS/CDR USSOUTHCOM MIAMI FL`` is not glossed with USCENTCOM."""
    [r] = explain("RHMFISS")
    assert r.source == "the cables' own TO/INFO and FM lines"
    assert (r.meaning or "").startswith("serves several addressees in the cables: HQ USCENTCOM MACDILL AFB FL "
                                        "(305 cables, e.g. 05NEWDELHI9127), CDR USSOUTHCOM MIAMI FL (262 cables"), r
    assert "JOINT STAFF WASHINGTON DC" in (r.meaning or "")
    for route in ("RHMFISS", "RHMFIUU", "RHMCSUU"):
        assert describe_address(route, "CDR USSOUTHCOM MIAMI FL") is None, route
        assert (describe_address(route) or "").startswith("one of several addressees in the cables: "), route
    # one post written two ways is not several addressees
    assert describe_address("RUEHKV") == "AMEMBASSY KYIV"
    assert [r.meaning for r in explain("RHEBAAA")] == ["DEPT OF ENERGY WASHINGTON DC"]


def test_immediate_and_priority_are_told_apart() -> None:
    """ACP 127(G) gives IMMEDIATE and PRIORITY the same handling text; what each is for and its
    time objective come from the Navy's and the Army's manuals, named."""
    said = {code: [(r.meaning or "", r.source or "") for r in explain(code)] for code in ("IMMEDIATE", "PRIORITY")}
    assert said["IMMEDIATE"][0][0] == said["PRIORITY"][0][0]  # ACP 127's own words, kept
    assert ("for situations that gravely affect the armed forces or populace and require immediate delivery; "
            "speed-of-service objective within 30 minutes",
            "US Navy training manual 14227 (precedence and speed of service)") in said["IMMEDIATE"]
    assert ("for the conduct of operations in progress, the highest precedence normally assigned to administrative "
            "messages; delivery objective 3 hours",
            "US Army subcourse SS0656 (precedence and delivery objectives)") in said["PRIORITY"]


def test_sbu_is_spelled_out() -> None:
    for code in ("SBU", "(SBU)"):
        [r] = explain(code)
        assert "Sensitive But Unclassified: not classified for national security reasons" in (r.meaning or ""), r
        assert r.source == "12 FAM 541 (CT:DS-284, 2018)"


def test_a_dual_precedence_is_read_as_action_and_information_precedence() -> None:
    """09STATE100957's date-time line ``O P 281944Z SEP 09``: IMMEDIATE for the action addressees,
    PRIORITY for the information ones; the explain screen lists it; a pair lower first is no
    dual precedence."""
    [r] = explain("O P")
    assert (r.meaning or "").startswith("dual precedence: IMMEDIATE for the action addressees, PRIORITY for the "
                                        "information addressees"), r
    assert "US Navy training manual 14227" in (r.source or "") and "ACP 127(G)" in (r.source or "")
    assert explain("P O")[0].kind == UNKNOWN
    corpus.require_corpus()
    [c] = [corpus.parsed(p)[0] for p in corpus.pages() if p.reference_id == "09STATE100957"]
    assert "O P" in cable_codes(c)
    _parity(c)


def _kinds(code: str) -> list[tuple[str, str, str | None]]:
    return [(r.code, r.kind, r.source) for r in explain(code)]


def test_the_routing_lines_parts_are_read_as_acp_127_gives_them() -> None:
    """``DE`` was a geographic tag only (Germany); the transmission identification, the serial
    number and the filing time of a routing line were unknown codes."""
    acp = "ACP 127(G) tape relay procedures (1988)"
    de = explain("DE")
    assert [r.kind for r in de] == ["geographic tag", "prosign"] and de[1].source == acp
    assert "station whose routing indicator follows" in (de[1].meaning or "")
    line = explain("DE RUEHSI #1356/01 2241313")  # format line 3, each part as what it is there
    assert [(r.code, r.kind) for r in line] == [("DE", "prosign"), ("RUEHSI", "routing indicator"),
                                                ("#1356/01", "station serial number"), ("2241313", "filing time")]
    assert "section 1 of a cable sent in sections" in (line[2].meaning or "")
    assert (line[3].meaning or "").startswith("day 224 of the year at 13:13") and line[3].source == acp
    assert [r.kind for r in explain("PP RUEHFL RUEHKW")] == ["precedence", "routing indicator", "routing indicator"]
    ti = explain("VZCZCXRO7065")
    assert [r.kind for r in ti] == ["transmission identification"] and "XRO the station" in (ti[0].meaning or "")
    assert explain("2241313")[0].kind == "filing time"
    assert explain("2991313")[0].kind == "filing time" and explain("3671313")[0].kind == UNKNOWN  # no day 367
    zzh = explain("ZZH")  # an operating signal's shape; no source here gives its meaning
    assert [(r.kind, r.meaning) for r in zzh] == [("operating signal", None)] and "ACP 131" in zzh[0].note
    assert [(r.kind, r.meaning) for r in explain("ARA")] == [(UNKNOWN, None)]  # no source found
    assert [(r.code, r.kind) for r in explain("ZNY CCCCC ZZH")] == [("ZNY CCCCC", "security warning"),
                                                                    ("ZZH", "operating signal")]


def test_gds_and_limited_official_use_are_explained_from_their_sources() -> None:
    assert _kinds("GDS") == [("GDS", "declassification schedule", "E.O. 11652 section 5 (1972)")]
    assert "General Declassification Schedule" in (explain("GDS")[0].meaning or "")
    lou = explain("limited official use")
    assert [(r.kind, r.source) for r in lou] == [("classification", "12 FAM 541 (CT:DS-284, 2018)")]
    assert "replaced on 1 October 1995" in (lou[0].meaning or "")


def test_a_header_keyword_is_its_header_field_not_a_slip_of_the_keys() -> None:
    """``REF`` was "no known meaning (one key from PREF, SREF)"."""
    for word in ("REF", "TAGS", "SUBJECT", "E.O."):
        said = explain(word)
        assert [r.kind for r in said] == ["header field"], word
        assert said[0].source and not said[0].note, word


def test_the_explain_screen_lists_the_codes_of_the_routing_lines() -> None:
    """The reader's e listed 17 readings of 08TBILISI1343 and none of its routing line (RUEHFL …,
    PP): the screen lists every code of the header that has a meaning, from the same explainer."""
    from tui.screens.modals import ExplainScreen

    corpus.require_corpus()
    c = corpus.parsed(corpus.page("08TBILISI1343"))[0]
    rows = ExplainScreen.explained(c)
    codes = [r.code for r in rows]
    for code in ("VZCZCXRO7065", "PP", "RUEHFL", "RUEHKW", "RUEHLA", "RUEHROV", "RUEHSR", "DE", "RUEHSI",
                 "#1343/01", "2220756", "ZNY CCCCC", "RUEHC", "RUEHZL"):
        assert code in codes, code
    said = {r.code: r.reading.plain for r in rows}
    assert said["PP"].startswith("precedence: PRIORITY") and "Papua" not in " ".join(r.reading.plain for r in rows)
    assert said["DE"].startswith("prosign") and said["RUEHSI"].startswith("routing indicator: AMEMBASSY TBILISI")
    _parity(c)
    paris = corpus.parsed(corpus.page("06PARIS2069"))[0]  # a routing line run on to a second line: RUEHPB
    assert {"OO", "RUEHPA", "RUEHPB", "#2069/01"} <= {r.code for r in ExplainScreen.explained(paris)}
BOTH = "IMMEDIATE for the action addressees, PRIORITY for the information addressees"


@pytest.mark.parametrize("prec, action, info", [
    ("O P", "IMMEDIATE", "PRIORITY"), ("P R", "PRIORITY", "ROUTINE"), ("O", "IMMEDIATE", None),
    ("O O", "IMMEDIATE", None), ("P O", "PRIORITY", None),  # a pair lower first is no dual precedence
])
def test_a_dual_precedence_is_read_from_the_date_time_line(prec: str, action: str, info: str | None) -> None:
    [c] = parse(DUAL_PRECEDENCE.format(prec=prec), name="cable.txt")
    assert (c.precedence, c.info_precedence) == (action, info)
    assert c.to_dict()["info_precedence"] == info


def test_the_header_view_and_the_explainer_give_a_dual_precedence_whole() -> None:
    """06DUSHANBE1464's date-time line ``O P 011212Z AUG 06``: the header view (the reader's and
    ``cables show``'s) gave IMMEDIATE alone; it says both, in the explain screen's words."""
    from tui.render import metadata

    [c] = parse(DUAL_PRECEDENCE.format(prec="O P"), name="cable.txt")
    assert re.search(rf"^Precedence +{BOTH}$", metadata(c).plain, re.M), metadata(c).plain
    assert BOTH in (explain("O P")[0].meaning or "")
    assert "O P" in cable_codes(c)
    [c] = parse(DUAL_PRECEDENCE.format(prec="O"), name="cable.txt")
    assert re.search(r"^Precedence +IMMEDIATE$", metadata(c).plain, re.M)
    assert "O P" not in cable_codes(c)
    corpus.require_corpus()
    [c] = corpus.parsed(corpus.page("06DUSHANBE1464"))
    assert re.search(rf"^Precedence +{BOTH}$", metadata(c).plain, re.M)


def test_the_eo_lines_decl_and_its_exemption_categories_have_a_source() -> None:
    """``E.O. 12958: DECL: 08/31/2019`` and 06NAIROBI1114's ``DECL: (X1)``: they were "no known
    meaning"; the declassification instruction is 32 CFR 2001.12's, X1..X8 ISOO's (2003)."""
    for code in ("DECL", "DECL:"):
        [r] = explain(code)
        assert r.kind == "declassification" and "date or event" in (r.meaning or ""), r
        assert r.source == "32 CFR 2001.12 (2004 revision)", r
    for code in ("X1", "X8", "(X1)"):
        [r] = explain(code)
        assert r.kind == "declassification" and "exempt" in (r.meaning or ""), r
        assert r.source == "ISOO, Changes to Classified Document Markings (2003)", r
    assert explain("X9")[0].kind == UNKNOWN and explain("(C)")[0].kind == "portion mark"
