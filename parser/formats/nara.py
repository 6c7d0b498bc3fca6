"""The National Archives' text files of the 1973-79 telegrams (Central Foreign Policy File, as
mirrored in the yearly ``us-diplomatic-cables-txt-YEAR.7z`` archives).

A file holds one record: a ``Message Text`` line, the telegram, a ``Message Attributes`` line and
up to 69 ``Key: value`` lines (``Document Number: 1975TEHRAN02069``, ``Draft Date: 04 MAR 1975``,
``Locator: TEXT ON-LINE``; ``n/a`` for an empty value; a long value continues on the next lines).
A record whose ``Locator`` does not say ``TEXT ON-LINE`` (a withdrawal card, text lost or only on
microfilm) has no telegram: it is read as a cable of its attributes alone, marked as such.
Sources of these facts: docs/formats-1970s.md.
"""

from __future__ import annotations

import re

from ..cable import Address, Cable
from ..ids import canonical_id
from ..regex import lazy
from ..text import clean
from .source import Source
from .telegram70s import telegram_parts

_TEXT_MARK = lazy(r"(?m)^[ \t]*Message Text[ \t]*$")
_ATTR_MARK = lazy(r"(?m)^[ \t]*Message Attributes[ \t]*$")

# The attribute names the archive uses (leuc/ACP-127 docs/ATTRIBUTES.md); any other name in the
# same Title Case is read as an attribute too.
KNOWN_KEYS = frozenset((
    "Automatic Decaptioning", "Capture Date", "Channel Indicators", "Concepts", "Control Number", "Copy",
    "Current Classification", "Decaption Date", "Decaption Note", "Disposition Action",
    "Disposition Approved on Date", "Disposition Authority", "Disposition Case Number", "Disposition Comment",
    "Disposition Date", "Disposition Event", "Disposition History", "Disposition Reason", "Disposition Remarks",
    "Document Number", "Document Source", "Document Unique ID", "Draft Date", "Drafter", "Enclosure", "Errors",
    "Executive Order", "Film Number", "From", "Handling Restrictions", "Image Path", "ISecure", "Legacy Key",
    "Line Count", "Locator", "Markings", "Office", "Original Classification", "Original Handling Restrictions",
    "Original Previous Classification", "Original Previous Handling Restrictions", "Page Count",
    "Previous Channel Indicators", "Previous Classification", "Previous Handling Restrictions", "Reference",
    "Review Action", "Review Authority", "Review Comment", "Review Content Flags", "Review Date", "Review Event",
    "Review History", "Review Markings", "Review Media Identifier", "Review Release Date", "Review Release Event",
    "Review Transfer Date", "Secure", "Sent Date", "Status", "Subject", "TAGS", "To", "Type",
))
_KEY_LINE = lazy(r"^([A-Z][A-Za-z]{0,20}(?: [A-Za-z]{1,20}){0,5}):(?: (.*))?$")
_TITLE_KEY = lazy(r"^[A-Z][a-z]+(?: (?:[A-Z][a-z]+|on|ID))*$")
EMPTY_VALUES = frozenset(("n/a", "N/A", "NA", "na", ""))
# Handling designators an attribute may list (values counted in docs/ATTRIBUTES.md); ``ONLY`` and
# ``LOU`` there are pieces of captions and a classification, not designators.
HANDLING = frozenset(("EXDIS", "NODIS", "LIMDIS", "STADIS", "NOFORN", "CONDIS"))
_WORD = lazy(r"[A-Z]+")


def looks_like_nara(text: str) -> bool:
    """A National Archives record: its ``Message Attributes`` line with a ``Document Number`` after."""
    m = _ATTR_MARK.search(text)
    return m is not None and "Document Number:" in text[m.end():m.end() + 20000]


def attributes(lines: list[str]) -> dict[str, str]:
    """The ``Key: value`` lines as a dict (values as written, continuation lines joined with a
    space, empty values and ``n/a`` left out)."""
    out: dict[str, str] = {}
    key = None
    for line in lines:
        s = line.rstrip()
        if not s.strip():
            continue
        m = _KEY_LINE.match(s)
        if m and (m.group(1) in KNOWN_KEYS or _TITLE_KEY.match(m.group(1))):
            key = m.group(1)
            out[key] = (m.group(2) or "").strip()
        elif key is not None:
            out[key] = f"{out[key]} {s.strip()}".strip()
    return {k: v for k, v in out.items() if v not in EMPTY_VALUES}


def has_text(attrs: dict[str, str]) -> bool:
    """Whether the record's ``Locator`` says its text is on line (``TEXT ON-LINE``, ``TEXT ONLINE``)."""
    locator = attrs.get("Locator")
    return locator is None or "TEXT ON-LINE" in locator.upper() or "TEXT ONLINE" in locator.upper()


def review_said(attrs: dict[str, str]) -> str:
    """What the review said of a record that has no text, so a withheld one is told from one
    whose text was lost: a ``Disposition Action`` other than a release (``Denied in Full``,
    ``Released in Part``) and a ``WITHDRAWN`` entry of the ``Review History`` (``WITHDRAWN <10 FEB
    2003 by …, PRIVACY>``): the values the archive's 2,081,272 records hold (leuc/ACP-127,
    docs/ATTRIBUTES.md)."""
    out = ""
    action = attrs.get("Disposition Action", "")
    if action and action.upper() not in ("RELEASED", "RELEASED IN FULL", "N/A"):
        out += f"; Disposition Action {action}"
    history = attrs.get("Review History", "")
    at = history.upper().rfind("WITHDRAWN")
    if at >= 0:
        entry = history[at:].split(";", 1)[0].strip()
        out += f"; Review History {entry}"
    return out


def split_tags(value: str) -> list[str]:
    """``PFOR, UR, OVIP (KISSINGER, HENRY A)`` → ``PFOR``, ``UR``, ``OVIP``, ``(KISSINGER, HENRY A)``:
    commas and spaces separate tags, a person's name in parentheses is one."""
    out: list[str] = []
    for m in re.finditer(r"\([^()]{0,80}\)|[^\s,()]+", value):
        out.append(m.group(0))
    return out


def handling(value: str | None) -> list[str]:
    """The designators a handling attribute lists: ``EXDIS, STADIS`` → ``EXDIS``, ``STADIS``."""
    return [w for w in _WORD.findall((value or "").upper()) if w in HANDLING]


def complete_from_attributes(cable: Cable, attrs: dict[str, str], archive_id: str | None,
                             missing_text: str | None) -> None:
    """Fill what the attributes say and the text did not: the archive's id (kept as written and
    made the cable's id), original classification, handling restrictions as caveats, concepts,
    TAGS, recipients; and why a record has no text."""
    cable.attributes = dict(attrs)
    cable.archive_id = archive_id
    own = canonical_id(archive_id) if archive_id else None
    if own:
        if cable.id and cable.id != own:
            same = _year_serial(cable.id) == _year_serial(own)
            if same:  # the post spelled two ways (NEW DELHI, NEWDE): the archive's id is the record's
                cable.warnings = [w for w in cable.warnings if w.kind != "id_mismatch"]
        cable.id = own
        cable.warnings = [w for w in cable.warnings if w.kind != "no_id"]
        if m := re.match(r"^\d{2}([A-Z]+?)\d+$", own):
            cable.station = m.group(1)
    original = attrs.get("Original Classification")
    if original:
        cable.original_classification = original.upper()
        if cable.classification is None:
            cable.classification = original.upper()
    for word in handling(attrs.get("Original Handling Restrictions")) + handling(attrs.get("Handling Restrictions")):
        if word not in cable.caveats:
            cable.caveats.append(word)
    if concepts := attrs.get("Concepts"):
        cable.concepts = [c.strip() for c in concepts.split(",") if c.strip()]
    if not cable.tags and attrs.get("TAGS"):
        cable.tags = split_tags(attrs["TAGS"])
    if not cable.to and attrs.get("To"):
        cable.to = [Address(None, attrs["To"])]
    if missing_text is not None:
        cable.metadata_only = missing_text


def _year_serial(cid: str) -> tuple[str, str] | None:
    m = re.match(r"^(\d{2})[A-Z]+?(\d+)$", cid)
    return (m.group(1), m.group(2)) if m else None


def split_nara(text: str) -> list[Source]:
    """The record of one National Archives text file."""
    text = clean(text)  # attributes reach the cable as written: never a control character
    attr_at = _ATTR_MARK.search(text)
    assert attr_at is not None  # looks_like_nara said so
    text_at = _TEXT_MARK.search(text, 0, attr_at.start())
    start = text_at.end() + 1 if text_at else 0
    message = text[start:attr_at.start()]
    attrs = attributes(text[attr_at.end():].split("\n"))
    first_line = text.count("\n", 0, start) + 1
    archive_id = attrs.get("Document Number")
    meta = {k: v for k, v in (("id", archive_id), ("date", attrs.get("Draft Date") or attrs.get("Sent Date")),
                              ("classification", attrs.get("Original Classification")),
                              ("origin", attrs.get("From")), ("subject", attrs.get("Subject"))) if v}
    if not has_text(attrs) or not message.strip():
        why = (f"no text in the archive: Locator {attrs['Locator']}" if "Locator" in attrs
               else "no text in the archive's record") + review_said(attrs)
        return [Source("", "", "nara", meta, raw=text,
                       complete=lambda c: complete_from_attributes(c, attrs, archive_id, why))]
    parts = telegram_parts(message.split("\n"))
    if parts.drafting:
        attrs = {**attrs, **{f"{k} (text)": v for k, v in parts.drafting.items() if v}}
    return [Source("\n".join(parts.header), "\n".join(parts.body), "nara", meta, first_line=first_line, raw=text,
                   complete=lambda c: complete_from_attributes(c, attrs, archive_id, None))]
