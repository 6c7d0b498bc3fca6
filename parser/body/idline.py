"""The id line that opens a body (``CONFIDENTIAL SECTION 01 OF 02 SANAA 001632``) and what may
stand before it: a partial extract's sentence, a site's prefix, an export's date line."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..classification import CAVEAT_WORDS, after_classification, classification_of
from ..regex import lazy

if TYPE_CHECKING:
    from .fields import BodyFields


PARTIAL_SENTENCE = "This record is a partial extract of the original cable."
PARTIAL_TAIL = "The full text of the original cable is not available."

_ID_SKIP = frozenset({
    "UNCLAS", "UNCLASSIFIED", "CONFIDENTIAL", "SECRET", "SENSITIVE", "EFTO", "NOFORN", "SIPDIS",
    "EXDIS", "NODIS", "LIMDIS", "FINAL", "FOUO", "PAGE", "SECTION",
})


_BANNER_LOOSE = lazy(r"\b(?:SECTION|ECTION|SCTION|SECTON|SECTIO|CTION) ?\d{1,3} ?[OG]F ?\d{1,3}\b")


SITE_PREFIX = lazy(r"^(?:ID: ?\d{1,9} ?)?Cable dated: ?\S{10,25}?(?=[A-Z ]{3}|$)")
DATE_PREFIX = lazy(r"^(?:[A-Z][a-z]+day, )?\d{1,2} [A-Z][a-z]+ \d{4}, \d{1,2}:\d{2}\b")


@dataclass(slots=True)
class IdLine:
    classification: str | None
    station: str | None
    serial: str | None
    repaired: bool
    end: int = 0  # where the serial ends in the line (0 without a serial)


def parse_id_line(line: str) -> IdLine | None:
    """``C O N F I D E N T I A L SECTION 01 OF 02 SANAA 001632`` → class, station, serial.

    Mangled banners (``ECTION 01 OF 02 MANAMA 000492``) and serials glued to the next word
    (``00167SIPDIS``) are read too; a station redacted to ``XXXXXX`` is no station.
    """
    cls = classification_of(line)
    upper = line.upper()
    banner = _BANNER_LOOSE.search(upper[:120])
    if cls is None and banner is None:
        return None
    rest = upper[banner.end():] if banner else after_classification(upper)
    words = rest.replace(",", " ").split()[:12]
    serial = None
    station: list[str] = []
    for w in words:  # the serial is the first number after the station's words
        digits = len(w) - len(w.lstrip("0123456789"))
        if digits >= 2:
            serial = w[:digits]
            break
        if w not in _ID_SKIP and len(w) > 1 and w.replace("-", "").replace(".", "").replace("'", "").isalpha():
            station.append(w)
    name = " ".join(station[-4:]) or None
    if name and set(name.replace(" ", "")) == {"X"}:
        name = None
    end = upper.find(serial, len(upper) - len(rest)) + len(serial) if serial else 0
    return IdLine(cls, name, serial, cls is None, end)


def read_opening(fields: BodyFields, lines: list[str], first_line: int = 1) -> tuple[IdLine | None, int]:
    """What opens a body, into ``fields``: a partial extract's sentence, then the id line (a date line
    or a site's prefix may stand before it; old telegrams put ACTION/INFO lists and routing lines
    before it), with the captions flowed onto it. The id line (None where there is none) and the
    index of the line the head starts at; ``first_line`` numbers warnings."""
    n = len(lines)
    i = 0
    while i < n and not lines[i].strip():
        i += 1
    # The partial-extract sentence may stand alone or be glued to the id line.
    if i < n and lines[i].lstrip().startswith(PARTIAL_SENTENCE[:30]):
        fields.partial = True
        rest = lines[i].replace(PARTIAL_SENTENCE, "").replace(PARTIAL_TAIL, "").strip()
        lines[i] = rest
        while i < n and not lines[i].strip():
            i += 1
    idline = None
    # The id line opens the body; a date line or a site's prefix may stand before it.
    j, seen = i, 0
    while j < n and seen < 3 and idline is None:
        first = SITE_PREFIX.sub("", lines[j].strip().lstrip("\",' "))
        if not first:
            j += 1
            continue
        seen += 1
        if (m := DATE_PREFIX.match(first)) and len(first) > m.end():
            # An export's date line with the head flowed onto it (``Monday, 26 July 2004, 07:22
            # C O N…``); the date is read from the body's text (``_body_date``).
            first = first[m.end():].lstrip()
        idline = parse_id_line(first)
        if idline is not None:
            lines[j] = first
            i = j + 1
            if idline.end and (tail := first[idline.end:].strip()):
                # Captions (``BUENOS AIRES 000062 SIPDIS SENSITIVE``) or the whole head flowed
                # onto the id line: the head is read from the rest of the line (no line is
                # inserted, so warnings keep the file's line numbers).
                lines[j], i = tail, j
                fields.caveats.extend(w for w in dict.fromkeys(tail.upper().split()[:12])
                                     if w in CAVEAT_WORDS and w not in fields.caveats)
            if idline.repaired:
                fields.warn("id_line", first_line + j, f"id line is mangled: {first!r}")
        j += 1
    if idline is None or idline.station is None:
        # Old telegrams put ACTION/INFO lists and the routing lines before the id line.
        for j in range(i, min(n, i + 60)):
            s = lines[j].strip()
            if s and classification_of(s) and (late := parse_id_line(s)) and late.station and late.serial:
                idline, i = late, j + 1
                break
    return idline, i
