"""The general rules behind the peer suite (issue 26), each on a cable of its own rather than a peer
case: references that resolve to ids the archives use, classified-by, summaries, TAGS, signers,
recipients, subjects. Each test fails on the parser before that issue."""

from __future__ import annotations

import pytest

from parser import HEAD_ONLY, parse
from parser.cable import Cable
from parser.header import parse_header

from .teletype import HEADER


def one(text: str) -> Cable:
    cables = parse(text, name="cable.txt")
    assert len(cables) == 1
    return cables[0]


def cable(head: str, text: str = "1. (C) Text.\n") -> Cable:
    """A cable of 2009 from Astana with ``head`` between its id line and its first paragraph."""
    return one(HEADER + f"\nC O N F I D E N T I A L ASTANA 001212\n\n{head}\n\n{text}")


def ids(c: Cable) -> list[str | None]:
    return [r.id for r in c.references]


# -- references -------------------------------------------------------------------------------


@pytest.mark.parametrize(("ref", "want"), [
    ("SECSTATE 113408", ["09STATE113408"]),            # the Department's cables are STATE ones
    ("USUN 2336", ["09USUNNEWYORK2336"]),
    ("A) HO CHI MINH 10 B) 06 HCMC 1497", ["09HOCHIMINHCITY10", "06HOCHIMINHCITY1497"]),
    ("A. 08 RIO DE JAN 138", ["08RIODEJANEIRO138"]),
    ("D. 08 THE HAGUE 759", ["08THEHAGUE759"]),        # the year before THE HAGUE is kept
    ("USEU 3226", ["09BRUSSELS3226"]),                 # the mission to the EU files as BRUSSELS
    ("COTON0U 348", ["09COTONOU348"]),                 # a zero typed for the letter O
    ("(A) LAGOS O1512", ["09LAGOS1512"]),              # the letter O typed for a zero
])
def test_posts_resolve_to_the_form_the_archives_use(ref: str, want: list[str]) -> None:
    assert ids(cable(f"SUBJECT: X\n\nREF: {ref}")) == want


def test_the_alias_table_reads_the_posts_letters() -> None:
    from parser.ids import reference_station

    assert reference_station("SECSTATE") == "STATE"
    assert reference_station("HO CHI MINH") == "HOCHIMINHCITY"
    assert reference_station("TAIPEI") == "TAIPEI"  # the archive writes Taipei both ways: kept as written
    assert reference_station("LIMA") == "LIMA"


@pytest.mark.parametrize("ref", [
    "LEE-GOLDSTEIN EMAIL 05/11/07",
    "SECDEF MSG DTG 301601Z SEP 08",
    "PARIS POINTS JULY 15",
    "UNSCR 1737 SANCTIONS COMMITTEE IMPLEMENTATION ASSISTANCE NOTICE- 24 JULY 2009",
    "MITCHELL/SIMS TELCON 02/16/2010",
    "7 FAM 180",
    "EMBASSY PARIS DAILY REPORT FOR 01FEB06",
    "RICHARD-WITMER EMAIL 10/9",
])
def test_what_is_no_cable_stays_a_reference_without_an_id(ref: str) -> None:
    c = cable(f"SUBJECT: X\n\nREF: {ref}")
    assert [r.id for r in c.references] == [None]
    assert c.references[0].text == " ".join(ref.split())


@pytest.mark.parametrize(("ref", "want"), [
    ("A. BRASILIA 2799 AND 2764 ¶B. PORT AU PRINCE 2325",
     [("A", "09BRASILIA2799"), ("A", "09BRASILIA2764"), ("B", "09PORTAUPRINCE2325")]),
    ("A) Kabul 936/935; B) 06 Kabul 5353/5194 and previous",
     [("A", "09KABUL936"), ("A", "09KABUL935"), ("B", "06KABUL5353"), ("B", "06KABUL5194")]),
    ("A) GUANGZHOU 11657 and 7743, 12155 B) BEIJING 00565",
     [("A", "09GUANGZHOU11657"), ("A", "09GUANGZHOU7743"), ("A", "09GUANGZHOU12155"), ("B", "09BEIJING565")]),
    ("(A)BRASILIA 13511, (B)BRASILIA 4799", [("A", "09BRASILIA13511"), ("B", "09BRASILIA4799")]),
    ("[A] State 188314 [B] Ottawa 2285", [("A", "09STATE188314"), ("B", "09OTTAWA2285")]),
    ("A - Kabul 28", [("A", "09KABUL28")]),
    ("Ref A) Taipei 3393 B) Taipei 03793", [("A", "09TAIPEI3393"), ("B", "09TAIPEI3793")]),
    ("09 STATE 96625; A. A)STATE 70789; B. B) SEOUL 1144",
     [(None, "09STATE96625"), ("A", "09STATE70789"), ("B", "09SEOUL1144")]),
    ("A.BOGOTA 5486 B.BOGOTA 7731", [("A", "09BOGOTA5486"), ("B", "09BOGOTA7731")]),
])
def test_every_item_of_a_ref_list(ref: str, want: list[tuple[str | None, str]]) -> None:
    assert [(r.label, r.id) for r in cable(f"SUBJECT: X\n\nREF: {ref}").references] == want


def test_ref_items_go_on_after_a_blank_line_and_under_a_dash() -> None:
    c = cable("SUBJECT: X\n\nREF: A) BRASILIA 2605, B) RIO\n\nDE JANEIRO 1291, C)\n\nSTATE 02034\n\n"
              "-      (D) State 240035")
    assert ids(c) == ["09BRASILIA2605", "09RIODEJANEIRO1291", "09STATE2034", "09STATE240035"]


def test_ref_items_are_split_at_semicolons_and_keep_what_names_no_cable() -> None:
    c = cable("SUBJECT: X\n\nREF: 08 STATE 1234; E-Mail Tralala; 05 STATE 1234")
    assert [(r.text, r.id) for r in c.references] == [
        ("08 STATE 1234", "08STATE1234"), ("E-Mail Tralala", None), ("05 STATE 1234", "05STATE1234")]


@pytest.mark.parametrize(("ref", "want"), [
    ("ASUNCION 701 (08)", ["08ASUNCION701"]),
    ("A. QUITO 4525-91 B. QUITO 1735", ["91QUITO4525", "09QUITO1735"]),
    ("(99) ROME 2196", ["99ROME2196"]),
    ("AMMAN 07718 99, AMMAN 05986 00", ["99AMMAN7718", "00AMMAN5986"]),
    ("A) STATE (01) 201265, B) STATE 02034", ["01STATE201265", "09STATE2034"]),
    ("A. A: PANAMA 00930/08", ["08PANAMA930"]),
    ("COLOMBO CABLES 0266 AND 02259 (2002)", ["09COLOMBO266", "02COLOMBO2259"]),
    ("SECDEF 122723; 2009 CAIRO 2394 2009 CAIRO 491", ["09SECDEF122723", "09CAIRO2394", "09CAIRO491"]),
])
def test_a_year_written_elsewhere(ref: str, want: list[str]) -> None:
    assert [i for i in ids(cable(f"SUBJECT: X\n\nREF: {ref}")) if i] == want


@pytest.mark.parametrize(("ref", "want"), [
    ("870 Ulaanbaatar", ["09ULAANBAATAR870"]),
    ("BAGHDAD #3565", ["09BAGHDAD3565"]),
    ("KUWAIT (C)02293", ["09KUWAIT2293"]),
    ("PRAGUE 849, PRAGUE, 1228", ["09PRAGUE849", "09PRAGUE1228"]),
    ("A) USDOC 05667 B)HK05511", ["09USDOC5667", "09HONGKONG5511"]),
    ("UNCLASS USDA FAS 57863", ["09USDAFAS57863"]),
])
def test_a_cable_however_the_post_and_serial_are_written(ref: str, want: list[str]) -> None:
    assert ids(cable(f"SUBJECT: X\n\nREF: {ref}")) == want


def test_a_page_line_and_the_cables_own_banner_are_no_references() -> None:
    c = cable("SUBJECT: X\n\nREF: A) ASTANA 199, B) ASTANA 227 ASTANA 00001212\n\n001.2 OF 003")
    assert ids(c) == ["09ASTANA199", "09ASTANA227"]
    c = cable("SUBJECT: X\n\nREF: A. STATE 40721 CONFIDENTIAL\\nPAGE 02 ROME 01196 01 OF 02 082030Z  B. ROME 1098")
    assert ids(c) == ["09STATE40721", "09ROME1098"]


def test_a_ref_list_keyed_after_its_label_or_glued_after_the_subject() -> None:
    assert ids(cable("A. REF AMMAN 222\n     B. 06 AMMAN 4685")) == ["09AMMAN222", "06AMMAN4685"]
    c = cable("SUBJECT: SOBEL MEETS ENTITIES IN RIO Ref(s): A) 08 RIO DE JAN 138; B) 08 RIO DE JAN 0044 and previous")
    assert c.subject == "SOBEL MEETS ENTITIES IN RIO"
    assert ids(c) == ["08RIODEJANEIRO138", "08RIODEJANEIRO44"]


def test_the_head_only_parse_reads_the_same_references() -> None:
    text = (HEADER + "\nC O N F I D E N T I A L ASTANA 001212\n\nSUBJECT: X\n\n"
            "REF: A. SECSTATE 74879 B. RIYADH 43\n\n1. T.\n")
    assert [r.id for r in parse(text, policy=HEAD_ONLY)[0].references] == ["09STATE74879", "09RIYADH43"]


# -- classified by --------------------------------------------------------------------------


@pytest.mark.parametrize(("line", "who"), [
    ("Classified By: Political Minister-Counselor Christopher R. Davis for re\nason 1.4 (b/d)",
     "Political Minister-Counselor Christopher R. Davis"),
    ("Classified By: A/Political Counselor Jeff Hovenier for\n1.4 (b) and (d)", "A/Political Counselor Jeff Hovenier"),
    ("Classified By: Acting Permanent Representative Alejandro D. Wolff per reasons 1.4 (b) and (d)",
     "Acting Permanent Representative Alejandro D. Wolff"),
    ("Classified By: Pol/Econ Chief Glenn Warren under 1.4 b/d", "Pol/Econ Chief Glenn Warren"),
    ("Classified By: DCM ANNA BORG BASED ON E.O.12958 REASONS 1.4 (b) and (d)", "DCM ANNA BORG"),
    ("Classified By: DCM ROBERT E. WHITEHEAD DUE TO 1,4 (C) AND (D).", "DCM ROBERT E. WHITEHEAD"),
    ("Classified By: AMBASSADOR JOHN L. WITHERS II FR REASONS 1.4 (b) AND (d ).", "AMBASSADOR JOHN L. WITHERS II"),
    ("Classified By: Ambassador James Moriarty for for reasons 1.4 b and d.", "Ambassador James Moriarty"),
    ("Classified By: PRM/AFR Dir. Margaret McKelvey-reasons 1.4(b/d)", "PRM/AFR Dir. Margaret McKelvey"),
    ("Classified By: Ambassador Anne W. Patterson for reaons 1.4 (b) and (d).", "Ambassador Anne W. Patterson"),
    ("Classified By: PRT Kirkuk Governance Section Head Rachna Korhonen for reasons 1.4 (b) and (d).",
     "PRT Kirkuk Governance Section Head Rachna Korhonen"),  # ``Section`` of an office is no reason
])
def test_the_reasons_never_leak_into_the_name(line: str, who: str) -> None:
    assert cable(line).classified_by == who


def test_a_name_cut_at_column_71_is_joined_again() -> None:
    line = "Classified By: Interagency Provincial Affairs Deputy Coordinator Hoyt Y"
    assert len(line) == 71
    assert cable(f"{line} \nee for reasons 1.4 (b) and (d)").classified_by == \
        "Interagency Provincial Affairs Deputy Coordinator Hoyt Yee"


@pytest.mark.parametrize(("para", "who"), [
    ("1.  (U)  CLASSIFIED BY ROBERT P. FINN, DEPUTY CHIEF OF\nMISSION.  REASON: 1.5 (D)",
     "ROBERT P. FINN, DEPUTY CHIEF OF MISSION"),
    ("1. CONFIDENTIAL - ENTIRE TEXT.  CLASSIFIED BY DCM\nTHEODORE KATTOUF - 1.5 B,D.", "DCM THEODORE KATTOUF"),
    ("1.(U)  CLASSIFIED BY AMBASSAD0R B0HLEN.  REAS0N:\n1.5(B,D).", "AMBASSAD0R B0HLEN"),
])
def test_classified_by_in_the_first_paragraph(para: str, who: str) -> None:
    c = cable("SUBJECT: X", para + "\n\n2. (C) Text.\n")
    assert c.classified_by == who
    assert c.paragraphs[0].number == 1  # still the text's first paragraph


# -- summaries --------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "summary"), [
    ("SUMMARY\n-------\n\n1. (C) Merkel spoke.\nEnd Summary.\n\nOVERALL TREND\n\n2. (C) More.", "Merkel spoke"),
    ("------- SUMMARY -------\n\n1. Benedict spoke. End Summary\n\n2. More.", "Benedict spoke"),
    ("1. (U) Paragraph 2 holds a request.\n\n2. (C) Summary and Action Request. Iran came. End Summary and "
     "Action Request.\n\n3. More.", "Iran came"),
    ("1. (C) German FM Westerwelle told us. END SUMMARY.\n\n2. (C) More.", "German FM Westerwelle told us"),
    ("1. (S) SUMMARY: The Dutch agree. END\nSUMMARY.\n\n2. (S) More.", "The Dutch agree"),
    ("1.(C) Summary: The GOB agrees. -------- Training --------\n\n2.(U) More.", "The GOB agrees"),
    ("1. (SBU) A series.\n\nSUMMARY AND INTRODUCTION\n\u2010\u2010\u2010\u2010\u2010\u2010\n\n2. (C) Torrijos "
     "stalled. END SUMMARY AND INTRODUCTION.\n\n3. (C) More.", "Torrijos stalled"),
])
def test_summaries_however_they_open_and_close(text: str, summary: str) -> None:
    c = one(HEADER + f"\nC O N F I D E N T I A L ASTANA 001212\n\nSUBJECT: X\n\n{text}\n")
    assert c.summary == summary
    head_only = parse(HEADER + f"\nC O N F I D E N T I A L ASTANA 001212\n\nSUBJECT: X\n\n{text}\n",
                      policy=HEAD_ONLY)[0]
    assert head_only.summary is not None


def test_a_summary_line_ends_the_head() -> None:
    c = cable("REF: TEHRAN 4887\n\nSUMMARY: FOLLOWING ASSASSINATION, UNREST.\nEND SUMMARY", "1. IN WAKE OF IT.\n")
    assert ids(c) == ["09TEHRAN4887"]
    assert c.summary == "FOLLOWING ASSASSINATION, UNREST"


# -- TAGS -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("head", "tags"), [
    ("DECL: 08/22/2017 AGS: PGOV, PREL, AR", ["PGOV", "PREL", "AR"]),
    ("TABS: PGOV PREL", ["PGOV", "PREL"]),
    ("TAGES: PGOV PREL", ["PGOV", "PREL"]),
    ("E.O. 12958: DECL: 04/12/2016   TAGS: PGOV PINR PE", ["PGOV", "PINR", "PE"]),
    ("TAGS: ECON ETRD PGOV CA MX SIPDIS", ["ECON", "ETRD", "PGOV", "CA", "MX"]),  # SIPDIS is a caption
    ("TAGS OVIP (CLINTON, HILLARY), PREL, AS", ["OVIP", "CLINTON, HILLARY", "PREL", "AS"]),
    ("TAGS: PREL PGOV PHUM IR\nKDEM", ["PREL", "PGOV", "PHUM", "IR", "KDEM"]),
    ("TAGS: OREP AMGT KU COUNTRY\nCLEARANCE", ["OREP", "AMGT", "KU", "COUNTRY", "CLEARANCE"]),
    ("TAGS: something\nhere", ["SOMETHING"]),
    ("TAGS: something,\nhere", ["SOMETHING", "HERE"]),
    ("TAGS: KFRDKIRFCVISCMGTKOCIASECPHUMSMIGEG",
     ["KFRD", "KIRF", "CVIS", "CMGT", "KOCI", "ASEC", "PHUM", "SMIG", "EG"]),
])
def test_tags(head: str, tags: list[str]) -> None:
    assert cable(head + "\nSUBJECT: X").tags == tags


def test_a_subject_whose_key_is_lost_is_not_read_as_tags() -> None:
    c = cable("TAGS: PGOV PINR PE\nRUN-OFF,\nSEEKS EMBASSY'S ASSISTANCE AGAINST HUMALA")
    assert c.tags == ["PGOV", "PINR", "PE"]
    assert c.subject == "RUN-OFF, SEEKS EMBASSY'S ASSISTANCE AGAINST HUMALA"
    prose = "RUN-OFF, SEEKS EMBASSY'S ASSISTANCE IN CEMENTING DEMOCRATIC COALITION AGAINST HUMALA"
    flowed = cable(f"TAGS: PGOV PINR PE {prose}")  # the same, flowed onto the TAGS line
    assert flowed.tags == ["PGOV", "PINR", "PE"]
    assert flowed.subject == prose


# -- subjects ---------------------------------------------------------------------------------


def test_a_subject_never_takes_the_next_sentence_or_a_rule() -> None:
    c = cable("SUBJECT: SWEDISH DEPUTY PM URGES VISITS\nAT U.S.-EU SUMMIT\n"
              "This is an Action request. Please see para 2.")
    assert c.subject == "SWEDISH DEPUTY PM URGES VISITS AT U.S.-EU SUMMIT"
    assert cable("SUBJECT: ZIM NOTES 11-09-2009\n-----------").subject == "ZIM NOTES 11-09-2009"


def test_the_subject_of_an_e_mail_copy_of_the_telegram() -> None:
    c = Cable()
    parse_header(["From: CBPC", "Sent: Wednesday, January 28, 2009 12:33 PM", "To: EACTTripoli",
                  "Subject: TRIPOLI 00000063 P CO 28-JAN-09 RISKY BUSINESS? AMERICAN",
                  "CONSTRUCTION FIRM ENTERS JOINT VENTURE WITH GOL [8466936]", "", *HEADER.splitlines()], c)
    assert c.subject == "RISKY BUSINESS? AMERICAN CONSTRUCTION FIRM ENTERS JOINT VENTURE WITH GOL"
    assert c.origin == "AMEMBASSY ASTANA"


# -- signers, recipients, E.O. ------------------------------------------------------------------


@pytest.mark.parametrize(("end", "signer"), [
    ("SULLIVAN\n\nCONFIDENTIAL\n\nDeclassified/Released US Department of State EO Systematic\nReview 30 JUN 2006",
     "SULLIVAN"),
    ("RICKERT\n\n\nCONFIDENTIAL\n\nSIPDIS", "RICKERT"),
    ("BARTHOLOMEW\n\nNOTE BY OC/T:  HEADING AS RECEIVED.  CORRECTION TO FOLLOW.", "BARTHOLOMEW"),
    ("GILLESPIE##", "GILLESPIE"),
    ("MCNAMARA.", "MCNAMARA"),
    ("PETERSON\n\nNOTE: NOT PASSED TO ABOVE ADDRESSEE(S)\n\n        CONFIDENTIAL", "PETERSON"),
    ("SEMBLER\n\n     SECRET\n\n>\n 2002ROME01748 - Classification: SECRET", "SEMBLER"),
    ("GRAY\n.", "GRAY"),
])
def test_the_signer_above_what_is_no_text(end: str, signer: str) -> None:
    c = cable("SUBJECT: X", f"1. (C) The last paragraph of the text ends here.\n\n{end}\n")
    assert c.signature == signer
    assert c.paragraphs[-1].text == "The last paragraph of the text ends here."


def test_a_text_with_no_numbered_paragraph_keeps_its_signer() -> None:
    c = one("UNCLAS\n\nTHE TEXT OF AN OLD TELEGRAM WITHOUT A NUMBER, AS FOR\nEXAMPLE THIS ONE.\n\nSULLIVAN\n")
    assert c.signature == "SULLIVAN"
    assert c.paragraphs[0].text.startswith("THE TEXT OF AN OLD TELEGRAM")


def test_page_lines_and_exempt_posts_are_no_recipients() -> None:
    c = one("P 182318Z FEB 09\nFM SECSTATE WASHDC\nTO PAGE 02        STATE   015113  182333Z\n"
            "ALL DIPLOMATIC POSTS COLLECTIVE PRIORITY\nAMEMBASSY TRIPOLI PRIORITY\nINFO XMT AMEMBASSY SOFIA\n\n"
            "UNCLAS STATE 015113\n\nSUBJECT: X\n")
    assert [a.name for a in c.to] == ["ALL DIPLOMATIC POSTS COLLECTIVE", "AMEMBASSY TRIPOLI"]
    assert c.info == []


def test_a_declassification_date_written_year_first() -> None:
    c = cable("EO 12958 DECL: 2020/02/23\nSUBJECT: X")
    assert c.eo is not None and c.eo.decl == "2020-02-23"
