"""The one explainer: every reading of a code written on a cable, each naming its source.

``cables explain`` prints :func:`explain` for each code it is given; the reader's ``e`` screen shows
:func:`explain_cable`, which is :func:`explain` of every code the cable writes. A reading is a
meaning a source gives (the handbook, a list, a cable that spells the code out) or, where no source
explains the code, a reading made by a rule that says what it is: codes written together, a slip of
the keys, a plain word, an office symbol, or no known meaning.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import TYPE_CHECKING

from ..header import PRECEDENCE_LETTERS, info_precedence, precedence_words
from ..regex import lazy
from .tables import (
    Entry,
    acronyms_seen,
    countries,
    countries_2024,
    handbook_1974,
    handbook_codes,
    markings,
    office_parts,
    offices_seen,
    organization_codes,
    plain_words,
    program_tags,
    routing,
    routing_book,
    routing_shared,
    routing_written,
    source_name,
    subject_tags,
)

if TYPE_CHECKING:
    from parser.cable import Cable

NO_MEANING = "no known meaning"
GLUED = "tags written together"
SLIP = "probable misspelling"
PLAIN = "plain word"
OFFICE = "office symbol"
SPELLED = "spelled out in a cable"
UNKNOWN = "unknown code"


@dataclass(frozen=True, slots=True)
class Reading:
    """One reading of a code: what it is, what it means and who says so.

    ``meaning`` is None where no source gives one. ``flag`` says how a reading was made when it is
    not a table's meaning: spelled out in a cable, or a rule's reading (codes written together, a
    slip of the keys, a plain word, an office symbol), or no known meaning. ``note`` adds a detail
    (the handbook codes one key away from an unknown code).
    """

    code: str
    kind: str
    meaning: str | None
    source: str | None
    flag: str = ""
    note: str = ""

    @property
    def sourced(self) -> bool:
        """A meaning a source gives for this very code."""
        return self.meaning is not None and self.source is not None and self.flag in ("", SPELLED)

    @property
    def flagged(self) -> bool:
        """A reading made by a rule: written together, a slip, a plain word, an office symbol."""
        return self.flag in (GLUED, SLIP, PLAIN, OFFICE)

    def text(self) -> str:
        """``subject tag: Human Rights — 5 FAH-3 H-111 (CT:TAGS-84, 2020)``: the one wording of a
        reading, shown alike by ``cables explain`` and the reader."""
        said = self.meaning if self.meaning is not None else _WORDING.get(self.flag, NO_MEANING)
        out = f"{self.kind}: {said}"
        if self.note:
            out += f" ({self.note})"
        if self.source:
            out += f" — {self.source}"
        return out

    def summary(self) -> str:
        """The meaning alone, or what the code is where no source gives a meaning."""
        if self.meaning is not None:
            return self.meaning
        if self.flag == PLAIN:
            return "plain word, not a TAGS code"
        return f"{self.kind}, {_WORDING.get(self.flag, NO_MEANING)}"


_WORDING = {PLAIN: "a plain word written on the TAGS line, not a TAGS code",
            OFFICE: "no source names the office"}


# -- TAGS ------------------------------------------------------------------------------------

def _words(text: str) -> set[str]:
    return {w for w in re.split(r"[^a-z]+", text.lower()) if len(w) > 2}


def _same(a: str, b: str) -> bool:
    """Two names of one thing, as far as their words show (``Korea (South)``, ``South Korea``)."""
    return bool(_words(a) & _words(b)) or a.lower() == b.lower()


def _entry(code: str, e: Entry) -> Reading:
    return Reading(code, e.kind, e.meaning, source_name(e.source))


def _table_readings(t: str) -> list[Reading]:
    """What the handbooks and lists say of ``t``: today's meaning first, the 1974 one where it
    differs (or is the only one), and a known code with no meaning said as such."""
    out: list[Reading] = []
    code_only: list[Entry] = []
    for table in (subject_tags(), program_tags()):
        rows = table.get(t, ())
        meant = [e for e in rows if e.meaning]
        if meant:
            out.append(_entry(t, meant[0]))
        elif rows:
            code_only.append(rows[0])
    if t in countries():
        out.append(Reading(t, "geographic tag", countries()[t], source_name("FIPS")))
    for e in handbook_1974().get(t, ()):
        now = [r for r in out if r.kind == e.kind and r.meaning]
        if not now or not any(_same(r.meaning or "", e.meaning) for r in now):
            out.append(_entry(t, e))
    if not any(r.kind == "geographic tag" for r in out):
        out += [_entry(t, e) for e in countries_2024().get(t, ())]
    if t in acronyms_seen() and not any(_words(r.meaning or "") == _words(acronyms_seen()[t][0]) for r in out):
        form, cable = acronyms_seen()[t]
        kind = "organisation tag" if t in organization_codes() or any(r.kind == "organisation tag" for r in out) \
            else "tag"
        out.append(Reading(t, kind, form, f"spelled out in cable {cable}", SPELLED))
    for e in code_only:
        if not any(r.kind == e.kind for r in out):
            out.append(Reading(t, e.kind, None, f"listed in the {source_name(e.source)}", NO_MEANING))
    if t in organization_codes() and not any(r.kind == "organisation tag" for r in out):
        out.append(Reading(t, "organisation tag", None, f"listed in the {source_name('CABLEMAP-ORG')}", NO_MEANING))
    return out


@cache
def _known() -> frozenset[str]:
    """Codes a glued or misspelt tag is read against: the handbooks, countries, regions, the
    organisations the 1974 handbook names and the tags the cables spell out."""
    return frozenset({*handbook_codes(), *countries(), *handbook_1974(), *countries_2024(), *acronyms_seen()})


def _glued(t: str) -> list[str] | None:
    """``ITPHUM`` → ``[IT, PHUM]``: the fewest known codes that spell ``t``, one of them a handbook
    word (dynamic programming: linear in the length of ``t`` times the longest code)."""
    if len(t) < 5 or len(t) > 60 or not t.isalpha():
        return None
    known = _known()
    best: list[list[str] | None] = [[]] + [None] * len(t)
    for end in range(2, len(t) + 1):
        for size in range(2, min(end, 8) + 1):
            head = best[end - size]
            piece = t[end - size:end]
            if head is not None and piece in known:
                candidate = [*head, piece]
                current = best[end]
                if current is None or len(candidate) < len(current):
                    best[end] = candidate
    parts = best[len(t)]
    if parts and len(parts) > 1 and any(p in handbook_codes() for p in parts):
        return parts
    return None


def glued_codes(tag: str) -> list[str] | None:
    """The known codes a tag written as one word spells (``PHUMBA`` → PHUM, BA), or None."""
    return _glued(tag.upper())


def _slips(word: str) -> tuple[set[str], set[str]]:
    """Strings one slip of the keys away from ``word``: (a letter dropped, doubled, added or two
    swapped; one letter struck for another)."""
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    shape = ({a + b[1:] for a, b in splits if b}
             | {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
             | {a + c + b for a, b in splits for c in letters})
    struck = {a + c + b[1:] for a, b in splits if b for c in letters}
    return shape, struck


@cache
def _handbook_words() -> frozenset[str]:
    """The codes of four or more letters a misspelt tag is read against."""
    return frozenset(c for c in _known() if len(c) >= 4)


def _misspelt(t: str) -> str | None:
    """The one handbook code of four or more letters that ``t`` is a slip of the keys away from.

    A dropped, doubled or swapped letter is the likelier slip and is tried first; ambiguity
    (``KPRP``: KPAP, KPMP or KPRV?) means no guess.
    """
    if not 3 <= len(t) <= 8 or not t.isalpha():
        return None
    words = _handbook_words()
    for near in (n & words - {t} for n in _slips(t)):
        if len(near) == 1:
            return near.pop()
        if near:
            return None
    return None


def near_codes(tag: str, limit: int = 4) -> list[str]:
    """Handbook codes one slip of the keys from an unknown ``tag`` (``KPRP`` → KPAP, KPMP, KPRV),
    said beside it where no single one can be chosen."""
    t = tag.upper()
    if not 3 <= len(t) <= 8 or not t.isalpha() or _table_readings(t):
        return []
    shape, struck = _slips(t)
    return sorted((shape | struck) & _handbook_words() - {t})[:limit]


def near_note(tag: str) -> str:
    """`` (one key from KPAP, KPMP, KPRV)`` after an unknown tag; empty when no code is near."""
    near = near_codes(tag)
    return f" (one key from {', '.join(near)})" if near else ""


def _first(code: str) -> Reading | None:
    readings = _table_readings(code)
    return next((r for r in readings if r.meaning is not None), readings[0] if readings else None)


def _rule_readings(t: str) -> list[Reading]:
    """Readings by rule of a tag no table knows: a plain word, codes written together, a part of
    an office symbol written on a DEPT FOR line, a slip of the keys."""
    if t in plain_words():
        return [Reading(t, PLAIN, None, f"seen on the TAGS line of cable {plain_words()[t]}", PLAIN)]
    if parts := _glued(t):
        said = []
        for p in parts:
            r = _first(p)
            said.append(f"{p} {r.meaning if r and r.meaning else NO_MEANING}")
        names = dict.fromkeys(r.source for p in parts if (r := _first(p)) and r.source)
        return [Reading(t, GLUED, f"{' + '.join(parts)}: {'; '.join(said)}", "; ".join(n for n in names if n), GLUED)]
    if len(t) >= 3 and t in office_parts():
        symbol = office_parts()[t]
        return [Reading(t, OFFICE, None, f"written as {symbol} on the DEPT FOR line of cable {offices_seen()[symbol]}",
                        OFFICE)]
    if (near := _misspelt(t)) and (found := _first(near)):
        return [Reading(t, SLIP, f"probably {near}: {found.summary()}", found.source, SLIP)]
    return []


@lru_cache(maxsize=4096)  # bounded: tags come from untrusted cable text
def tag_readings(tag: str) -> tuple[Reading, ...]:
    """Every reading of a TAGS code; empty when neither a source nor a rule explains it."""
    t = tag.upper()
    return tuple(_table_readings(t) or _rule_readings(t))


# -- markings, routing, orders --------------------------------------------------------------

_ORDER = lazy(r"^E\.?\s?O\.?\s*(\d{5})\b|^(\d{5})$")
_REASON = lazy(r"^1\.([45]) ?\(?([a-hA-H])\)?$")
_SECURITY = lazy(r"^(ZN[RY]) ?([A-Z])\2{4}$")
DECLASSIFICATION = "declassification"  # markings.tsv's kind for the E.O. line's DECL and X1..X8


def _marks(code: str, e: Entry | None) -> Reading | None:
    return _entry(code, e) if e else None


def _one(key: str) -> Entry | None:
    rows = markings().get(key, ())
    return rows[0] if rows else None


def _dual(code: str, action: str, info: str) -> Reading:
    """``O P``: IMMEDIATE for the action addressees, PRIORITY for the information addressees (the
    letters from ACP 127, the dual precedence from the Navy's manual)."""
    said = [e.meaning for letter in (action, info) if (e := _one(letter))]
    rule = _one("dual")
    meaning = f"dual precedence: {precedence_words(said[0], said[1])}" + (f" ({rule.meaning})" if rule else "")
    return Reading(code, "precedence", meaning, "; ".join(source_name(k) for k in ("NAVY-14227", "ACP127")))


def marking_readings(code: str) -> list[Reading]:
    """Precedence, security warnings, prosigns, classifications, caveats, portion marks,
    executive orders and classification reasons, as written on a cable."""
    c = " ".join(code.split())
    u = c.upper()
    # ``DECL:`` as the E.O. line writes it reads as ``DECL``.
    out = [_entry(c, e) for e in markings().get(u) or markings().get(u.rstrip(":"), ()) if e.kind != "reason"]
    if out:
        return out
    if info_precedence(u) is not None:  # ``O P``: the date-time line's dual precedence, as the header reads it
        return [_dual(c, *u.split())]
    if m := _SECURITY.match(u):
        return [Reading(c, "security warning", None, None, NO_MEANING)]  # a letter ACP 127 does not give
    if m := _ORDER.match(u):
        order = m.group(1) or m.group(2)
        return [_entry(c, e) for e in markings().get(order, ())] or \
            [Reading(c, "executive order", None, None, NO_MEANING)]
    if m := _REASON.match(c):
        e = _one(m.group(2).lower())
        return [Reading(c, "classification reason",
                        f"section 1.{m.group(1)}({m.group(2).lower()}) of the executive order: {e.meaning}",
                        source_name(e.source))] if e else []
    mark = u[1:-1] if u.startswith("(") and u.endswith(")") else None
    if mark is not None or "/" in u:
        parts = [p for p in re.split(r"/+", mark if mark is not None else u) if p]
        entries = [(p, _one(p)) for p in parts]
        found = [e for _, e in entries if e]
        if parts and (mark is not None or found):
            kind = "portion mark" if mark is not None else found[0].kind
            if found and all(e.kind == DECLASSIFICATION for e in found):  # ``DECL: (X1)``: no portion mark
                kind = DECLASSIFICATION
            for p, e in entries:
                out.append(Reading(c, e.kind if e and mark is None else kind, f"{p}: {e.meaning}",
                                   source_name(e.source)) if e else
                           Reading(c, kind, None, None, NO_MEANING, f"part {p}"))
    return out


CABLES_ROUTES = "the cables' own TO/INFO and FM lines"
SHARED_SHOWN = 5  # addressees named in a shared indicator's reading; the rest are counted


def shared_addressees(route: str) -> str | None:
    """``RHMFISS`` → what the cables write beside it, where that is several addressees: the most
    written named with how many cables, the rest counted; None for an indicator of one addressee."""
    names = routing_shared().get(route.upper())
    if not names:
        return None
    said = ", ".join(f"{w.name} ({w.cables:,} cables, e.g. {w.example})" for w in names[:SHARED_SHOWN])
    more = f", and {len(names) - SHARED_SHOWN} more addresses" if len(names) > SHARED_SHOWN else ""
    return f"serves several addressees in the cables: {said}{more}"


def route_readings(code: str) -> list[Reading]:
    u = code.upper()
    if u not in routing():
        return []
    shared = shared_addressees(u)
    if shared is not None and u not in routing_book():  # no one name the cables write is its meaning
        return [Reading(u, "routing indicator", shared, CABLES_ROUTES)]
    source = source_name("ACP117") if u in routing_book() else CABLES_ROUTES
    out = [Reading(u, "routing indicator", routing()[u], source)]
    if shared is not None:
        out.append(Reading(u, "routing indicator", shared, CABLES_ROUTES))
    if (w := routing_written().get(u)) is not None:  # the book and the cables disagree: both said
        out.append(Reading(u, "routing indicator", f"{w.name}: the address {w.cables:,} cables write beside it "
                           f"(e.g. {w.example}), not the routing book's", CABLES_ROUTES))
    return out


# -- the routing lines (ACP 127's format lines 1 to 3) ---------------------------------------

_TI = lazy(r"^VZCZC([A-Z]{3})?(\d{3,4})?$")  # VZCZCXRO7065: format line 1
_SERIAL = lazy(r"^#(\d{1,6})(?:/(\d{1,3}))?$")  # #1343/01 of format line 3
_FILED = lazy(r"^(\d{3})(\d{2})(\d{2})$")  # 2220756: the Julian day, hour and minute
_OPERATING = lazy(r"^Z[A-Z]{2}$")  # ZZH: the shape of an operating signal
_ROUTING_LINE = lazy(r"^([ZOPR])\1((?: +R[A-Z0-9]{2,6})+)$")  # PP RUEHFL RUEHKW: format line 2
_SECURITY_LINE = lazy(r"^(ZN[RY] ([A-Z])\2{4}) (Z[A-Z]{2})$")  # ZNY CCCCC ZZH: format line 4
_INDICATORS = lazy(r"^R[A-Z0-9]{2,6}(?: R[A-Z0-9]{2,6})*$")  # a routing line run on to the next line
_DE_LINE = lazy(r"^DE +(R[A-Z0-9]{2,6}) +(#\d{1,6}(?:/\d{1,3})?) +(\d{7})$")  # DE RUEHSI #1343/01 2220756
_SECTIONS_SEEN = "08TBILISI1343: DE RUEHSI #1343/01 over SECTION 01 OF 02"


def format_readings(code: str) -> list[Reading]:
    """What a part of the routing lines is, by its shape: the transmission identification
    (VZCZC…), a station serial number (#1343/01) or a filing time (2220756)."""
    acp = source_name("ACP127")
    if m := _TI.match(code):
        tail = f", then {m.group(1)} the station and channel letters" if m.group(1) else ""
        tail += f" and {m.group(2)} the channel serial" if m.group(1) and m.group(2) else ""
        return [Reading(code, "transmission identification",
                        f"V, then ZCZC the start-of-message indicator{tail}: identifies the transmission from "
                        "one station to the next on the relay route", acp)]
    if m := _SERIAL.match(code):
        said = f"{int(m.group(1))}: the message's reference number at the communications centre that sent it"
        source = acp
        if m.group(2):
            said += f"; /{m.group(2)}: section {int(m.group(2))} of a cable sent in sections"
            source += f"; {source_name('CABLES')} ({_SECTIONS_SEEN})"
        return [Reading(code, "station serial number", said, source)]
    if (m := _FILED.match(code)) and 1 <= int(m.group(1)) <= 366 and int(m.group(2)) < 24 and int(m.group(3)) < 60:
        return [Reading(code, "filing time",
                        f"day {int(m.group(1))} of the year at {m.group(2)}:{m.group(3)}, as a Julian date and the "
                        "hour and minutes: when the communications centre received the message for transmission "
                        "(format line 3)", acp)]
    return []


def line_readings(line: str) -> list[Reading]:
    """A whole routing line, each part read as what it is there: ``PP RUEHFL RUEHKW`` (the
    precedence repeated, then the stations it is routed to) or ``DE RUEHSI #1343/01 2220756``
    (the prosign, the sending station, its serial number, the filing time). Empty for any other text."""
    if m := _ROUTING_LINE.match(line):
        parts = [m.group(1) * 2, *m.group(2).split()]
        kinds = ("precedence",)
    elif m := _DE_LINE.match(line):
        parts = ["DE", m.group(1), m.group(2), m.group(3)]
        kinds = ("prosign",)
    elif m := _SECURITY_LINE.match(line):  # ZNY CCCCC ZZH: the security warning, then an operating signal
        return marking_readings(m.group(1)) + explain(m.group(3))
    else:
        return []
    out = [r for r in marking_readings(parts[0]) if r.kind in kinds]
    for part in parts[1:]:
        said = route_readings(part) or format_readings(part)
        out += said or [Reading(part, "routing indicator" if part.startswith("R") else UNKNOWN, None, None,
                                NO_MEANING)]
    return out


def explain(code: str) -> list[Reading]:
    """Every reading of ``code`` as written on a cable (a tag, routing indicator, precedence,
    security line, classification, caveat, portion mark, E.O. or reason, a part of the routing
    lines, or a whole routing line, part by part). Never empty: a code nothing explains is one
    reading of kind ``unknown code``, with the handbook codes a slip away."""
    c = " ".join(code.split())
    if said := line_readings(c):
        return said
    out = marking_readings(c) + route_readings(c) + format_readings(c)
    tags = list(tag_readings(c)) if re.fullmatch(r"[A-Za-z0-9&-]{1,60}", c) else []
    if c.upper() in offices_seen() and not any(r.kind == OFFICE for r in tags):
        out.append(Reading(c, OFFICE, None, f"written on the DEPT FOR line of cable {offices_seen()[c.upper()]}",
                           OFFICE))
    out = tags + out
    if not out and _OPERATING.match(c.upper()):
        out = [Reading(c, "operating signal", None, f"{source_name('ACP127')} ¶135", NO_MEANING,
                       "a group of three letters beginning with Z, the shape of an operating signal; their meanings "
                       "are in ACP 131, which no source here holds")]
    if not out:
        near = near_codes(c)
        out = [Reading(c, UNKNOWN, None, None, NO_MEANING, f"one key from {', '.join(near)}" if near else "")]
    return out


# -- a whole cable --------------------------------------------------------------------------

_WARNING = lazy(r"^(ZN[RY] ([A-Z])\2{4})\b", re.M)
_STATION = lazy(r"^DE (R[A-Z]{3,6})\b", re.M)


def cable_codes(c: Cable) -> list[str]:
    """Every code the cable writes, as written, in the order the explain screen shows them."""
    codes: list[str] = []

    def add(code: str | None) -> None:
        if code and code not in codes:
            codes.append(code)

    for tag in c.tags:
        add(tag)
    header = c.header_text
    # The routing lines whole (VZCZC…, PP RUEHFL …, DE RUEHSI #1343/01 2220756): each part is read
    # as what it is there (PP the precedence, not a country code).
    lines = [" ".join(line.split()) for line in header.splitlines()[:12]]
    for k, line in enumerate(lines):
        if _ROUTING_LINE.match(line):  # with the lines of indicators it runs on to (338 of the 6,310 pages)
            add(" ".join([line, *itertools.takewhile(_INDICATORS.match, lines[k + 1:])]))
        elif _TI.match(line) or _DE_LINE.match(line):
            add(line)
    if m := _WARNING.search(header):
        add(m.group(1))
    if not any(_DE_LINE.match(line) for line in lines) and (m := _STATION.search(header)):
        add(m.group(1))
    for a in c.to + c.info:
        add(a.route)
    add(c.precedence)
    if c.precedence and c.info_precedence:  # ``O P``: the date-time line's pair, as the header parse read it
        letter = {word: letter for letter, word in PRECEDENCE_LETTERS.items()}
        add(f"{letter[c.precedence]} {letter[c.info_precedence]}")
    add(c.classification)
    for caveat in c.caveats:
        add(caveat)
    if c.eo and c.eo.order:
        add(f"E.O. {c.eo.order}")
    for r in c.reasons:
        add(r)
    for mark in sorted({p.marking for p in c.paragraphs if p.marking}):
        add(f"({mark})")
    return codes


def explain_cable(c: Cable) -> list[Reading]:
    """The readings of every code on the cable: :func:`explain` of each, so the reader and
    ``cables explain`` always say the same."""
    return [r for code in cable_codes(c) for r in explain(code)]
