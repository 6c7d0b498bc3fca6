"""How ``parser.parsing.build`` puts a cable together: the body parser returns its fields, and the
cable's year is decided before its REF list is read, whatever gave it."""

from __future__ import annotations

import pytest

from parser import parse

BODY = """CONFIDENTIAL SECTION 01 OF 02 ANKARA 000123

E.O. 12958: DECL: 01/01/2016
TAGS: PREL TU
SUBJECT: THE REFERENCES OF A CABLE NO TELETYPE HEADER DATES
REF: A. STATE 12345 B. ANKARA 678

1. (C) Text.
"""
HEADER = "R 010000Z JAN 06\nFM AMEMBASSY ANKARA\n\n"
WANTED = ["06STATE12345", "06ANKARA678"]


@pytest.mark.parametrize("text,name", [
    (HEADER + BODY, None),  # a date-time group in a teletype header
    (BODY, "06ANKARA123.txt"),  # no date anywhere: the year is the id's (from the file name)
    ("refid: 06ANKARA123\norigin: Embassy Ankara\n\n" + BODY, None),  # the id from the form's metadata, no date
    ("refid: 06ANKARA123\ndate: 2006-01-01\n\n" + BODY, None),  # the date from the form's metadata
], ids=["teletype header", "id from the file name", "id from metadata", "date from metadata"])
def test_a_reference_has_its_id_whatever_gives_the_cable_its_year(text: str, name: str | None) -> None:
    [c] = parse(text, name=name)
    assert c.id == "06ANKARA123"
    assert [r.id for r in c.references] == WANTED


def test_the_body_fields_reach_the_cable() -> None:
    [c] = parse(HEADER + BODY)
    assert (c.tags, c.subject, c.eo and c.eo.order) == (["PREL", "TU"], "THE REFERENCES OF A CABLE NO TELETYPE "
                                                                         "HEADER DATES", "12958")
    assert [p.number for p in c.paragraphs] == [1] and c.classification == "CONFIDENTIAL"
