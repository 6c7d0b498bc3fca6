"""The REF field: its items, and the cables each names (``A. STATE 15648``, ``08 CAIRO 2430``,
``BRASILIA 2799 AND 2764``), read once the cable's year and id are known."""

from __future__ import annotations

import re

from ..cable import Reference
from ..ids import named_id, station_aliases, station_key, year4
from ..regex import lazy

_REF_LABEL_END = lazy(r"(?:^|[\s;,])[¶\[]?\(?[A-Za-z][.)\]]$")
_POST_AND_SERIAL = lazy(r"^[A-Za-z][A-Za-z' ]{0,30} +\d{1,7}\b")
# A REF list's label: ``A.``, ``A)``, ``(A)``, ``[A]``, ``¶B.``, ``(A)BRASILIA``, ``A.BOGOTA``, ``A - Kabul``.
REF_LABEL = lazy(r"(?:^|(?<=[\s;,]))[¶\[]?\(?([A-Za-z])(?:[.)\]]\s+|\)(?=[A-Za-z])|\.(?=[A-Z]{3})|\s+-\s+)")
_LEADING_REF = lazy(r"^(?:REFS?|REFTELS?)\b[:.]? *", re.IGNORECASE)
# A cable a REF item names: an optional year (``08``, ``2009``, ``(99)``), the post's words, then
# the serial after a space, a year in parentheses (``STATE (01) 201265``), a portion mark
# (``KUWAIT (C)02293``), ``#`` (``BAGHDAD #3565``) or a comma (``PRAGUE, 1228``).
_REF_CABLE = lazy(
    r"(?<![\w/])(?:(?P<y1>\d{4}|\d{2}) +|\((?P<y2>\d{2})\) *)?"
    r"(?P<station>[A-Za-z][A-Za-z'.-]{1,20}+(?: [A-Za-z][A-Za-z'.-]{1,20}+){0,2})"
    r"(?P<sep>(?:,? +|(?=[(#]))(?:\((?P<y3>\d{2})\) *)?(?:\([A-Za-z]{1,2}\) *)?(?:# *)?)(?P<serial>\d{1,8})(?!\w|\.\d)")
_REF_ID_WRITTEN = lazy(r"\b(\d{2})([A-Z]{3,25})(\d{1,7})\b")
# A year written after the serial: ``QUITO 4525-91``, ``PANAMA 00789/08``, ``ASUNCION 701 (08)``,
# ``02259 (2002)``, ``AMMAN 07718 99,``.
_YEAR_AFTER = lazy(r"[-/](\d{2})(?![\d/])| *\((\d{2}|\d{4})\)| +(\d{2})(?= *(?:[,;]|$))")
# More serials of the same post and year: ``2799 AND 2764``, ``11657 and 7743, 12155``, ``936/935``;
# never a year written before the next cable's post (``AND 06 STATE 5678``).
_MORE_SERIALS = lazy(
    r" *(?:,|&|/|\bAND\b|\band\b) *0*(\d{1,7})(?!\w|\.\d)(?! +[A-Za-z]{2,}(?: [A-Za-z]{2,}){0,2} +\d)")
_DATE_AFTER = lazy(r"/\d{1,2}\b")  # ``05/11/07``: the serial is a date's month
_REVERSED = lazy(r"^0*(\d{1,7}) +([A-Za-z][A-Za-z'.-]{1,20}(?: [A-Za-z][A-Za-z'.-]{1,20}){0,2})[ ,.;]*$")
_GLUED_CABLE = lazy(r"^([A-Z]{2,25}?)0*(\d{3,7})[ ,.;]*$")  # ``B)HK05511``
# A page line or banner that flowed into a REF list (``PAGE 02 ROME 01196 01 OF 02 082030Z``),
# with the ``\n`` a damaged page writes for its line break.
_PAGE_IN_REF = lazy(r"(?:\\n|(?<![A-Za-z]))PAGE +\d{2,3} +[A-Z][A-Za-z .'-]{1,30}? +\d{3,8}"
                          r"(?: +\d{1,3}(?:\.\d)? +OF +\d{1,3})?(?: +\d{6}Z)?")
# Typed slips: the digit 0 for the letter O inside a post (``COTON0U``), the letter O for a zero
# before a serial (``LAGOS O1512``).
_ZERO_FOR_O = lazy(r"0(?=[A-Za-z])(?:(?<=[A-Za-z]0)|(?<!\w0)(?=[A-Za-z]{3}))")  # the literal first: a fast scan
_O_FOR_ZERO = lazy(r"O(?<![\w/]O)(?=\d{3,7}\b)")
# Words that are never a station's: a month, a preposition, a paragraph or page (``OF MAY 15``),
# a classification word before the post (``UNCLASS USDA FAS 57863``).
_NOT_STATION = frozenset({
    "JAN", "JANUARY", "FEB", "FEBRUARY", "MAR", "MARCH", "APR", "APRIL", "MAY", "JUN", "JUNE", "JUL",
    "JULY", "AUG", "AUGUST", "SEP", "SEPT", "SEPTEMBER", "OCT", "OCTOBER", "NOV", "NOVEMBER", "DEC",
    "DECEMBER", "OF", "ON", "IN", "AT", "THE", "AND", "DATED", "TO", "FROM", "BY", "FOR", "NO", "NR",
    "NUMBER", "PARA", "PARAS", "PARAGRAPH", "PAGE", "SECTION", "E.O", "EO", "REF", "REFS", "REFTEL",
    "REFTELS", "ITEM", "PUBLIC", "LAW", "RES", "RESOLUTION", "ARTICLE", "ANNEX", "THRU", "THROUGH",
    "PREVIOUS", "ALSO", "SEE", "UNCLAS", "UNCLASS", "UNCLASSIFIED", "CONFIDENTIAL", "SECRET", "SPRING",
    "SUMMER", "FALL", "AUTUMN", "WINTER", "AFTER", "BEFORE", "SINCE", "UNTIL", "DURING", "WITHIN", "PAST",
    "LAST", "NEXT", "OTHER",
})
# Words that say an item names another kind of paper than a telegram: an e-mail, a telephone or
# meeting record, an intelligence report (IIR), a UN Security Council resolution, a notice, a
# message cited by its date-time group, talking points, a letter (of request: LOR), a fax, a
# report, an attachment, a section of the Foreign Affairs Manual or Handbook (``7 FAM 180``).
# Such an item stays a reference with its text and no id (``LEE-GOLDSTEIN EMAIL 05/11/07``).
_NOT_CABLE = frozenset({
    "EMAIL", "EMAILS", "MAIL", "TELCON", "TELCONS", "TELECON", "TELECONS", "MEMCON", "MEMCONS", "IIR",
    "UNSCR", "NOTICE", "MSG", "DTG", "POINTS", "LETTER", "LETTERS", "LOR", "FAX", "REPORT", "REPORTS",
    "POC", "DIPNOTE", "ATTACHMENT", "FAM", "FAH",
})
# Sender codes that name no post (``EMBTEL 123``: leuc/ACP-127 docs/REFTEL.md, "non-station sender
# codes"): the item stays a reference with its text and no id.
_NO_POST = frozenset({"EMBTEL"})
# A word between the post and the serial that only says what the serial numbers: ``COLOMBO CABLES 0266``.
_CABLE_WORDS = frozenset({"CABLE", "CABLES", "TEL", "TELS"})
# After a cable's serial: a date's year (``MAY 15, 1972``) or a page banner's count (``001.2 OF 006``).
# A year that opens the next reference (``2009 CAIRO 2394 2009 CAIRO 491``) is none of these.
# Or the zone letter of a date-time group the reproduction spaced apart (``USCINCRED 311345 Z MAY
# 73``: a message cited by its sender and date-time group, leuc/ACP-127 docs/REFTEL.md).
_AFTER_CABLE = lazy(r",? ?(?:1[89]\d\d|20\d\d)\b(?! +[A-Za-z]{2,}(?: [A-Za-z]{2,}){0,2} +\d)"
                          r"| {1,3}\d{3}(?:\.\d)? {1,3}OF {1,3}\d{3}| Z(?= |$)")


REF_SCAN = 400  # characters of a REF item read for the cables it names (a damaged page glues the body on)


def continues_ref(ref: list[str], s: str) -> bool:
    """Whether a line after a blank line goes on with the REF list: the list so far ends with a
    label (``D)``, ``,C)``) or with a post whose serial is on the next line (``C) RIO`` / ``DE
    JANEIRO 1291``), or the line is an item marked with a dash (``-      (B) State 240035``)."""
    if s[:1] == "-" and REF_LABEL.match(s[1:].lstrip()):
        return True
    tail = ref[-1].rstrip() if ref else ""
    if not tail:
        return False
    return bool(_REF_LABEL_END.search(tail)) or (tail[-1].isalpha() and bool(_POST_AND_SERIAL.match(s)))


def references(text: str, year: int | None, own: str | None = None) -> list[Reference]:
    """Split a REF block into its items and find the cables each names.

    Items are labelled (``A. STATE 15648``, ``¶B. CAIRO 451``, ``(A)BRASILIA 13511``, ``[A] State
    …``, ``A - Kabul 28``; an unlabelled item may come first), else separated by ``;``. Each
    cable an item names is a reference (``BRASILIA 2799 AND 2764`` two, ``Kabul 936/935`` two);
    an item that names none (an e-mail, a telcon, prose) is one reference without an id. ``year``
    is the cable's own, for the references that write none; ``own`` its id, which a reference
    never is (a page banner flowed into the list writes it).
    """
    if "PAGE" in text:
        text = _PAGE_IN_REF.sub(" ", text)
    labels = list(REF_LABEL.finditer(text))
    # A label opens the block, or the labels run A, B, …, or the first item is unlabelled and the
    # second is B after a comma or semicolon (``STATE 093410, B.STATE 105386``: leuc/ACP-127
    # docs/REFTEL.md): else a letter of the text, not a list.
    listed = bool(labels) and (labels[0].start() <= 1 or (
        labels[0].group(1) in "Aa" and any(m.group(1) in "Bb" for m in labels[1:])) or (
        labels[0].group(1) in "Bb" and text[:labels[0].start()].rstrip().endswith((",", ";"))))
    items: list[tuple[str | None, str]] = []
    if listed:
        lead = _no_ref_word(text[:labels[0].start()].strip(" ;,\n-"))
        items.extend((None, part) for part in lead.split(";"))
        for k, m in enumerate(labels):
            end = labels[k + 1].start() if k + 1 < len(labels) else len(text)
            items.append((m.group(1).upper(), text[m.end():end]))
    else:
        items.extend((None, part) for part in text.split(";"))
    refs: list[Reference] = []
    for label, raw in items:
        item = _no_ref_word(" ".join(raw.split()).strip(" ;,-"))
        if not item:
            continue
        named = cables_named(item[:REF_SCAN], year)
        kept = [(written, rid) for written, rid in named if rid is None or rid != own]
        if named and not kept:
            continue  # the cable's own banner, nothing else
        if not kept:
            refs.append(Reference(label, item, None))
            continue
        first = item if label else kept[0][0]
        refs.append(Reference(label, first, kept[0][1]))
        refs.extend(Reference(label, written, rid) for written, rid in kept[1:])
    return refs


def _no_ref_word(item: str) -> str:
    """The item without a ``REF:`` word written again before it (``A. REF: KATHMANDU 2282``)."""
    return _LEADING_REF.sub("", item) if item[:3].upper() == "REF" else item


def _bare_word(w: str) -> str:
    return w.upper().replace("-", "").strip(".'")


LAST_YEAR = 2010  # the archives' cables run 1966-2010


def _written_year(digits: str | None, own: int | None, before: bool = True) -> int | None:
    """A year written beside a reference (``91``, ``2002``), if it can be one: a year of the
    archives; written after the serial (``AMMAN 07718 99``, ``PANAMA 00789/08``), where a number
    can be something else, also no later than the cable's own year."""
    if not digits:
        return None
    y = year4(int(digits))
    return y if 1966 <= y <= LAST_YEAR and (before or own is None or y <= own) else None


def _year_after_serial(m: re.Match[str], own: int | None) -> int | None:
    return _written_year(m.group(1) or m.group(2) or m.group(3), own, False)


def cables_named(item: str, year: int | None) -> list[tuple[str, str | None]]:
    """(as written, reference id) for each cable an item names, in order: ``STATE 272523``,
    ``08 CAIRO 2430``, ``09ASTANA1104``, ``QUITO 4525-91``, ``BRASILIA 2799 AND 2764``; never a date
    (``MAY 15, 1972``), prose (``A-077 OF MAY 15``), a page banner (``NEW DELHI 00009127 001.2 OF
    006``) or another kind of paper (``LEE-GOLDSTEIN EMAIL 05/11/07``). The id is None where the
    year is unknown; the post is read through the alias table (``SECSTATE`` → ``STATE``)."""
    text = item
    if "0" in text:
        text = _ZERO_FOR_O.sub("O", text)  # same length: positions are the item's
    if "O" in text:
        text = _O_FOR_ZERO.sub("0", text)
    upper = text.upper()
    found: list[tuple[int, str, str | None]] = [  # ids as written; never a date (``01FEB06``)
        (m.start(), item[m.start():m.end()], named_id(int(m.group(1)), m.group(2), m.group(3)))
        for m in _REF_ID_WRITTEN.finditer(upper) if m.group(2) not in _NOT_STATION]
    for m in _REF_CABLE.finditer(text):
        serial, after = m.group("serial"), m.end()
        if not m.group("sep") or len(serial) >= 8:  # eight digits: a page banner's way of writing it
            continue
        if _AFTER_CABLE.match(text, after) or (len(serial) <= 2 and _DATE_AFTER.match(text, after)):
            continue
        words = m.group("station").upper().split(" ")
        bare = [w.replace("-", "").strip(".'") for w in words]
        if not _NOT_CABLE.isdisjoint(bare) or not _NO_POST.isdisjoint(bare):
            continue
        k = 0
        while k < len(bare) and bare[k] in _NOT_STATION:
            k += 1  # ``AND USUN 6028``: the station starts after the joining words
        the = k == 1 and words[0] == "THE"  # ``09 THE HAGUE 759``: the article is the post's
        if the:
            k = 0
        last = len(words)
        while last > k and bare[last - 1] in _CABLE_WORDS:
            last -= 1
        post = words[k:last]
        if last == k or (not _NOT_STATION.isdisjoint(bare[k + the:last])
                         and station_key("".join(post)) not in station_aliases()):  # ``RIO DE JAN``
            continue
        start = m.start("station") + sum(len(w) + 1 for w in words[:k]) if k else m.start()
        yr = None if k else _written_year(m.group("y1") or m.group("y2"), year)
        yr = _written_year(m.group("y3"), year, False) or yr
        station = " ".join(post)
        end = after
        if (ya := _YEAR_AFTER.match(text, after)) and (y := _year_after_serial(ya, year)):
            yr, end = y, ya.end()
        found.append((start, item[start:end], named_id(yr or year, station, serial)))
        while more := _MORE_SERIALS.match(text, end):  # the same post's other cables
            end, more_yr = more.end(), yr
            if (ya := _YEAR_AFTER.match(text, end)) and (y := _year_after_serial(ya, year)):
                more_yr, end = y, ya.end()
            found.append((more.start(1), item[more.start(1):end], named_id(more_yr or year, station, more.group(1))))
    if not found:
        # The item is just a serial and its post the other way round (``870 Ulaanbaatar``), or the
        # two written together without a year (``HK05511``).
        if (r := _REVERSED.match(text)) \
                and _NOT_STATION.isdisjoint(bare := [_bare_word(w) for w in r.group(2).split()]) \
                and _NOT_CABLE.isdisjoint(bare):
            found.append((0, item, named_id(year, r.group(2), r.group(1))))
        elif g := _GLUED_CABLE.match(upper):
            found.append((0, item, named_id(year, g.group(1), g.group(2))))
    if len(found) > 1:
        found.sort()
    return [(written, rid) for _, written, rid in found]
