"""The teletype routing header: VZCZC, precedence and routing, DE, security line, date-time
group, FM, TO and INFO.

``split_header`` finds where a plain-text cable's header ends and its body begins;
``parse_header`` fills a :class:`~parser.cable.Cable` from the header lines.
"""

from __future__ import annotations

from .cable import Address, Cable
from .classification import SECURITY_LINE, classification_of
from .ids import parse_dtg
from .regex import lazy

PRECEDENCE_LETTERS = {"Z": "FLASH", "O": "IMMEDIATE", "P": "PRIORITY", "R": "ROUTINE"}  # highest first
PRECEDENCE_WORDS = ("NIACT IMMEDIATE", "IMMEDIATE", "PRIORITY", "ROUTINE", "FLASH")

_DTG_LINE = lazy(r"^(?:(NIACT IMMEDIATE|[ZOPR](?: [ZOPR])?) +)?\d{6} ?Z ?[A-Z]{3} ?\d{2,4}\b")
_ROUTE_PAIR = lazy(r"^[ZOPR]{1,2} +(RU|RH)[A-Z]{2,6}\b")
_ROUTING = lazy(r"^R[A-Z]{3,6}$")
_DE = lazy(r"^DE +([A-Z]{4,7}) +#(\d{1,6})(?:/(\d{1,3}))? *(\d{7})?")

# Words that open the body (the classification line): they end a plain-text header.
BODY_OPENERS = (
    "UNCLAS", "C O N F", "CONFIDENTIAL", "S E C R E T", "SECRET", "LIMITED OFFICIAL USE",
    "T O P", "TOP SECRET", "E F T O", "BT", "CABLE DATED:",
)


_SERIAL = lazy(r"\d{3,6}\s*$")


def is_body_opener(line: str) -> bool:
    """The classification line: its words as written, or spaced oddly (``SE C R E T TUNIS 000193``)."""
    upper = line.upper()
    if upper.startswith(BODY_OPENERS):
        return True
    return "/" not in upper[:12] and classification_of(line) is not None and bool(_SERIAL.search(upper))


def _is_header_line(line: str) -> bool:
    return (
        line.startswith(("VZCZC", "DE ", "ZNR ", "ZNY ", "FM ", "TO ", "INFO ", "XMT "))
        or bool(_DTG_LINE.match(line))
        or bool(_ROUTE_PAIR.match(line))
    )


def split_header(lines: list[str]) -> int:
    """Index of the first body line of a plain-text cable whose header comes first (0 if none).

    The header is the run of format lines at the top (VZCZC, DE, the date-time group, FM, TO,
    INFO and the address lines under them); the body begins at the classification line or BT.
    """
    i, n = 0, len(lines)
    while i < n and not lines[i].strip():
        i += 1
    if i >= n or not _is_header_line(lines[i].strip()):
        return 0
    in_addresses = False
    last_header = i
    while i < n:
        s = lines[i].strip()
        if not s:
            i += 1
            continue
        if s == "BT":
            return i + 1
        if is_body_opener(s) and not s.startswith("BT"):
            return i
        if _is_header_line(s):
            in_addresses = s.startswith(("TO ", "INFO ", "FM "))
            last_header = i
        elif s.startswith(("TAGS", "XTAGS")):
            in_addresses = False  # a TAGS line some exports inject between header and body
        elif (in_addresses and len(s) <= 120 and s == s.upper()) or _ROUTING.match(s.split()[0]):
            last_header = i  # an address line: capitals, never a flowed paragraph
        else:
            return last_header + 1
        i += 1
    return last_header + 1


def _address(line: str) -> Address:
    """``RUEHC/SECSTATE WASHDC IMMEDIATE 5706`` → route, name, precedence, serial."""
    words = line.split()
    serial = words.pop() if words and words[-1].isdigit() and len(words) > 1 else None
    prec = None
    if len(words) > 2 and words[-2:] == ["NIACT", "IMMEDIATE"]:
        prec, words = "NIACT IMMEDIATE", words[:-2]
    elif len(words) > 1 and words[-1] in PRECEDENCE_WORDS:
        prec = words.pop()
    route = None
    if words and 4 <= words[0].find("/") <= 8:
        route, _, first = words[0].partition("/")
        words[0] = first
    return Address(route, " ".join(words).lstrip(), prec, serial)  # ``RUEHC/`` leaves the first word empty


_PAGE_LINE = lazy(r"^PAGE +\d{2,3}\b")


def _add_address(addresses: list[Address], text: str, mode: str) -> str:
    """Add the address ``text`` writes to ``addresses``; the mode the next line is read in. A
    page line that a page break put among the addresses (``PAGE 02 STATE 015113 182333Z``) is
    none, and ``XMT`` opens the list of posts the message is not sent to."""
    if text[:3] == "XMT" and (text == "XMT" or text[3] == " "):
        return "xmt"
    if text and not (text[:4] == "PAGE" and _PAGE_LINE.match(text)):
        addresses.append(_address(text))
    return mode


# An e-mail copy of the telegram put before its header: ``Subject: TRIPOLI 00000063 P CO
# 28-JAN-09 RISKY BUSINESS? AMERICAN`` / ``CONSTRUCTION FIRM … WITH GOL [8466936]`` (post, serial,
# precedence, classification, date, the telegram's subject, the mail's number).
_MAIL_SUBJECT = lazy(r"^Subject: +[A-Z][A-Z ]{1,30}? \d{6,8} [A-Z] [A-Z]{1,3} \d{2}-[A-Z]{3}-\d{2} +(.+?)"
                           r"(?: *\[\d{1,12}\])?$")


def _mail_subject(lines: list[str], k: int) -> str | None:
    """The telegram's subject from an e-mail copy's ``Subject:`` line at ``k`` and the lines that
    continue it up to a blank line."""
    text = lines[k].strip()
    for more in lines[k + 1:k + 4]:
        if not more.strip():
            break
        text += " " + more.strip()
    m = _MAIL_SUBJECT.match(text)
    return m.group(1).strip() if m else None


def info_precedence(prec: str) -> str | None:
    """The information addressees' precedence of a dual precedence (``O P``: PRIORITY): the second
    letter of the date-time line's pair where it is lower than the first (NAVY-14227 in
    parser/glossary/sources.tsv: a higher precedence for the action addressees), else None."""
    letters = prec.split()
    if len(letters) != 2 or not all(x in PRECEDENCE_LETTERS for x in letters):
        return None
    rank = list(PRECEDENCE_LETTERS)
    return PRECEDENCE_LETTERS[letters[1]] if rank.index(letters[0]) < rank.index(letters[1]) else None


def precedence_words(action: str | None, info: str | None = None) -> str | None:
    """A cable's precedence as the header view and the explain screen say it: ``IMMEDIATE``, or a
    dual precedence ``IMMEDIATE for the action addressees, PRIORITY for the information addressees``."""
    if action and info:
        return f"{action} for the action addressees, {info} for the information addressees"
    return action


def parse_header(lines: list[str], cable: Cable) -> None:
    """Fill the routing fields of ``cable`` from the header lines (and the subject, where an
    e-mail copy's heading gives it: the body's SUBJECT line, read later, comes first)."""
    mode = None
    for k, raw in enumerate(lines):
        s = raw.strip()
        if not s or s == "BT":
            continue
        if s.startswith("Subject: ") and cable.subject is None:
            cable.subject = _mail_subject(lines, k)
            continue
        if s.startswith("VZCZC"):
            cable.transmission_id = s.split()[0]
            mode = None
        elif s.startswith("DE ") and (m := _DE.match(s)):
            mode = None
        elif SECURITY_LINE.match(s):
            mode = None
        elif m := _DTG_LINE.match(s):
            found = parse_dtg(s)
            if found:
                cable.date = found[0]
            prec = m.group(1)
            if prec:
                cable.precedence = (prec if prec.startswith("NIACT")
                                    else PRECEDENCE_LETTERS.get(prec.split()[0]))
                cable.info_precedence = info_precedence(prec)
            mode = None
        elif s.startswith("FM "):
            cable.origin = s[3:].strip() or None
            mode = "fm"
        elif s.startswith("TO "):
            mode = _add_address(cable.to, s[3:].strip(), "to")
        elif s.startswith("INFO "):
            mode = _add_address(cable.info, s[5:].strip(), "info")
        elif s.startswith("XMT "):
            mode = "xmt"  # the posts the message is not sent to: no recipients
        elif mode == "to" or mode == "info":
            if s[:4] != "PAGE" or not _PAGE_LINE.match(s):  # a page line is no address
                (cable.to if mode == "to" else cable.info).append(_address(s))
        elif _ROUTE_PAIR.match(s) and cable.precedence is None:
            cable.precedence = PRECEDENCE_LETTERS.get(s[0])


def de_line(lines: list[str]) -> tuple[str, str] | None:
    """(routing indicator, serial) from the DE line, used when the body lacks its id line."""
    for raw in lines:
        m = _DE.match(raw.strip())
        if m:
            return m.group(1), m.group(2)
    return None
