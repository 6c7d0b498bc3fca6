"""Reference ids, stations and dates: the small grammars every form shares.

All patterns here are anchored and free of nested repetition, so they run in linear time on any
input (see tests/robustness).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

from .regex import lazy

MONTHS = {m: i for i, m in enumerate(
    ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"), 1)}

# A date-time group: day, hour, minute, Z, month, two- or four-digit year: 070955Z JUL 09.
DTG_RE = lazy(r"\b(\d{2})(\d{2})(\d{2}) ?Z ?([A-Z][A-Za-z]{2}) ?(\d{4}|\d{2})\b")
# A date-time group as a message's own (precedence letter before, FM after), inside flowed text.
DTG_OWN_RE = lazy(r"\b[ZOPR] (\d{6} ?Z ?[A-Z]{3} ?\d{2})(?: [A-Z]{3})? *\n?FM ")
# Cablegate id: two-digit year, station, serial (1970s PlusD form 1973TEHRAN01381 accepted too).
REF_ID_RE = lazy(r"^(\d{2}|\d{4})([A-Z][A-Z]{1,24})0*(\d{1,7})$")
REF_ID_SEARCH = lazy(r"\b(\d{2})([A-Z]{2,25})(\d{1,7})\b")


def year4(yy: int) -> int:
    """Two-digit cable year to four digits: the collection runs 1966-2010."""
    if yy >= 100:
        return yy
    return 1900 + yy if yy >= 66 else 2000 + yy


def parse_dtg(text: str) -> tuple[str, str] | None:
    """Find a date-time group in ``text``; return (ISO 8601 UTC, the group as written) or None."""
    m = DTG_RE.search(text)
    if not m:
        return None
    day, hour, minute, mon, yy = m.groups()
    month = MONTHS.get(mon.upper())
    if month is None:
        return None
    try:
        dt = datetime(year4(int(yy)), month, int(day), int(hour), int(minute), tzinfo=UTC)
    except ValueError:
        return None
    return dt.isoformat(), m.group(0)


_ISO_MINUTES = lazy(r"^(\d{4})-(\d\d)-(\d\d)[ T](\d\d):(\d\d)(?::(\d\d))?$")
_US_MINUTES = lazy(r"^(\d{1,2})/(\d{1,2})/(\d{4}) (\d{1,2}):(\d\d)$")


def parse_loose_date(text: str) -> str | None:
    """A metadata date in any common spelling (``2009-07-07 09:55``, ``3/9/1972 5:40``,
    ``Wed Nov 20 00:00:00 +0100 2002``) to ISO 8601 UTC; None when it is not a date."""
    text = text.strip()
    if not text or len(text) > 64 or not any(c.isdigit() for c in text):
        return None
    if m := _ISO_MINUTES.match(text):  # the common spellings, without dateutil's cost
        try:
            year, month, day, hour, minute, second = map(int, m.groups("0"))
            return datetime(year, month, day, hour, minute, second, tzinfo=UTC).isoformat()
        except ValueError:
            pass
    elif m := _US_MINUTES.match(text):
        month, day, year, hour, minute = map(int, m.groups())
        try:
            return datetime(year, month, day, hour, minute, tzinfo=UTC).isoformat()
        except ValueError:
            pass
    from dateutil import parser as dateparser  # here: a third of the command's start-up, rarely needed

    # Not a date, then: dateutil's own errors, a 40-digit number (decimal's ArithmeticError), an
    # offset of a day or more, a time that falls outside years 1-9999 once in UTC (9999-12-31 23:59 -0100).
    try:
        dt = dateparser.parse(text)
        if dt is None:
            return None
        if dt.tzinfo is None or (dt.hour, dt.minute, dt.second) == (0, 0, 0):
            # Midnight with a zone (``Wed Nov 20 00:00:00 +0100 2002``) writes a calendar day, not an
            # instant: in UTC it would fall on the day before.
            return dt.replace(tzinfo=UTC).isoformat()
        return dt.astimezone(UTC).isoformat()
    except (ValueError, OverflowError, ArithmeticError):
        return None


def parse_us_date(text: str) -> str | None:
    """A declassification date ``06/30/2019`` (month first, as State writes) to ``2019-06-30``;
    also written year first, ``2020/02/23``."""
    if m := re.search(r"\b(\d{4})/(\d{1,2})/(\d{1,2})\b", text):
        year, month, day = int(m.group(1)), int(m.group(2)), int(m.group(3))
    elif m := re.search(r"\b(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})\b", text):
        month, day, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
    else:
        return None
    if year < 100:
        year = year4(year)
    try:
        return datetime(year, month, day).date().isoformat()
    except ValueError:
        return None


_NOT_LETTER = lazy(r"[^A-Z]+")


def station_key(words: str) -> str:
    """``SAN JOSE`` → ``SANJOSE``: the station as it appears inside a reference id."""
    return _NOT_LETTER.sub("", words.upper())


def make_id(year: int | str | None, station: str, serial: str | int) -> str | None:
    """Year (two or four digits), station words and serial → ``09ASTANA1104``; None without a
    year, a station or a serial (a serial is never 0: telegrams are numbered from 1)."""
    if year is None:
        return None
    yy = int(year) % 100
    st = station_key(station)
    try:
        num = int(serial)
    except (TypeError, ValueError):
        return None
    if not st or num <= 0:
        return None
    return f"{yy:02d}{st}{num}"


_ALIASES = Path(__file__).resolve().parent / "data" / "station_aliases.tsv"


@cache
def station_aliases() -> dict[str, str]:
    """How REF lines write a post → the post as the archives' ids write it (``SECSTATE`` →
    ``STATE``, ``HCMC`` → ``HOCHIMINHCITY``); each row's source is in ``data/NOTES.md``."""
    import csv  # on first use: a search of ids needs no csv module

    with _ALIASES.open(encoding="utf-8", newline="") as f:
        return {station_key(r["written"]): r["station"] for r in csv.DictReader(f, delimiter="\t")}


def reference_station(words: str) -> str:
    """The station a REF line's post words name, as the archives write it: ``HO CHI MINH`` →
    ``HOCHIMINHCITY``; words the alias table lacks are kept (``LIMA`` → ``LIMA``)."""
    key = station_key(words)
    return station_aliases().get(key, key)


def named_id(year: int | str | None, station: str, serial: str | int) -> str | None:
    """:func:`make_id` for a cable a REF line names, its post read through the alias table."""
    if year is None:
        return None
    return make_id(year, reference_station(station), serial)


# Words of a mangled banner that an archive read into an id (``09EFTOLONDON2618``,
# ``08ECTION01OF02MANAMA492``): the cable's id is the year, station and serial around them.
_BANNER_IN_ID = lazy(r"^(\d{2})(?:EFTO|[A-Z]{0,7}\d{1,2}[OG]F\d{1,2})(?=[A-Z]{2})")


def canonical_id(text: str) -> str | None:
    """Normalize an id as written (``09ASTANA001104``, ``1973TEHRAN01381``, PlusD's
    ``1975TEHRAN02069_b``, and as an archive wrote it from a mangled banner, ``09EFTOLONDON2618``)
    to Cablegate form (``09LONDON2618``)."""
    text = text.strip().upper()
    if len(text) > 2 and text[-2] == "_" and text[-1].isalpha():
        text = text[:-2]  # PlusD's variant letter (``1975TEHRAN02069_B``): the same telegram's id
    if (banner := _BANNER_IN_ID.match(text)) is not None:
        text = banner.group(1) + text[banner.end():]
    m = REF_ID_RE.match(text)
    if not m:
        return None
    return make_id(int(m.group(1)), m.group(2), m.group(3))
