"""A PlusD page (WikiLeaks' Public Library of US Diplomacy) copied as text: the page's synopsis
(the subject as title, then ``Key: value`` fields, a value on the key's line or the next one)
and the telegram's text after it.

Fields (docs/formats-1970s.md): ``Date: 1975 March 4, 11:25 (Tuesday)``, ``Canonical ID:
1975TEHRAN02069_b`` (a letter after ``_`` tells variants of one document apart), ``Original
Classification``, ``Current Classification``, ``Handling Restrictions``, ``TAGS: AFSP - … | BG -
Bangladesh`` (code, meaning, ``|`` between), ``Concepts``, ``Enclosure``, ``Type``, ``Office``,
``Archive Status``, ``From`` (country and post: ``Bangladesh Dhaka``), ``Markings``, ``To``.
"""

from __future__ import annotations

import csv
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

from ..cable import Address, Cable
from ..ids import MONTHS
from ..regex import lazy
from ..text import clean
from .nara import EMPTY_VALUES, complete_from_attributes, split_tags
from .source import Source
from .telegram70s import telegram_parts

KEYS = frozenset((
    "Date", "Canonical ID", "Original Classification", "Current Classification", "Handling Restrictions",
    "Character Count", "Executive Order", "Locator", "TAGS", "Concepts", "Enclosure", "Type", "Office",
    "Office Origin", "Office Action", "Archive Status", "From", "Markings", "To",
))
_CANONICAL = lazy(r"(?m)^[ \t]*Canonical ID:[ \t]*\n?[ \t]*\d{4}[A-Z]")
_KEY_LINE = lazy(r"^[ \t]*([A-Z][A-Za-z]{0,14}(?: [A-Za-z]{1,14}){0,2}):[ \t]*(.*)$")
_DATE = lazy(r"^(\d{4}) ([A-Z][a-z]{2,8}) (\d{1,2}), (\d{1,2}):(\d{2})")
VARIANT = lazy(r"^(\d{2,4}[A-Z]{2,25}\d{1,7})_([a-z])$")
_POSTS = Path(__file__).resolve().parents[1] / "data" / "plusd_posts.tsv"


def looks_like_plusd(text: str) -> bool:
    """A PlusD page as text: a ``Canonical ID`` field with a four-digit-year id near the top."""
    return _CANONICAL.search(text[:8000]) is not None


@cache
def _posts() -> dict[str, str]:
    with _POSTS.open(encoding="utf-8", newline="") as f:
        return {r["abbreviation"]: r["post"] for r in csv.DictReader(f, delimiter="\t")}


def post_name(abbreviation: str) -> str | None:
    """The post a shortened station of a 1970s id names (``USUNN`` → ``USUN``, ``ANTWER`` →
    ``ANTWERP``), from ``data/plusd_posts.tsv`` (sources in ``data/NOTES.md``); None when no
    source gives it."""
    return _posts().get(abbreviation.upper())


def plusd_date(value: str) -> str | None:
    """``1975 March 4, 11:25 (Tuesday)`` → ``1975-03-04 11:25``; None when it is not one."""
    m = _DATE.match(value.strip())
    if m is None or (month := MONTHS.get(m.group(2)[:3].upper())) is None:
        return None
    try:
        dt = datetime(int(m.group(1)), month, int(m.group(3)), int(m.group(4)), int(m.group(5)), tzinfo=UTC)
    except ValueError:
        return None
    return dt.strftime("%Y-%m-%d %H:%M")


def _empty(value: str) -> bool:
    """``n/a``, and a placeholder made of dashes around N/A."""
    return value in EMPTY_VALUES or value.strip("- ").upper().startswith("N/A")


def synopsis(lines: list[str]) -> tuple[dict[str, str], str | None, int]:
    """The page's fields, its title (the line before the first field) and the index of the first
    line after the synopsis."""
    fields: dict[str, str] = {}
    title = None
    end = 0
    i, n = 0, len(lines)
    while i < n and i < 400:
        s = lines[i].strip()
        m = _KEY_LINE.match(s) if s else None
        if m and m.group(1) in KEYS:
            value = m.group(2).strip()
            if not value:  # the value on the next line
                j = i + 1
                while j < n and not lines[j].strip():
                    j += 1
                if j < n and not (_KEY_LINE.match(lines[j].strip()) and
                                  _KEY_LINE.match(lines[j].strip()).group(1) in KEYS):  # type: ignore[union-attr]
                    value, i = lines[j].strip(), j
            fields[m.group(1)] = value
            end = i + 1
        elif s and not fields and title is None and not s.startswith("#"):
            title = s  # (a line opening with ``#`` before it is a note about the file)
        elif s and fields:
            break
        i += 1
    return {k: v for k, v in fields.items() if not _empty(v)}, title, end


def split_plusd(text: str) -> list[Source]:
    """The cable of one PlusD page."""
    text = clean(text)  # attributes reach the cable as written: never a control character
    lines = text.split("\n")
    fields, title, end = synopsis(lines)
    archive_id = fields.get("Canonical ID")
    own = archive_id
    if archive_id and (v := VARIANT.match(archive_id)):
        own = v.group(1)
    tags = [part.split(" - ", 1)[0].strip() for part in fields.get("TAGS", "").split("|") if part.strip()]
    attrs = dict(fields)
    if tags:
        attrs["TAGS"] = ", ".join(tags)
        attrs["TAGS (as the page explains them)"] = fields["TAGS"]
    meta = {k: v for k, v in (("id", own), ("date", plusd_date(fields.get("Date", ""))),
                              ("classification", fields.get("Original Classification")),
                              ("origin", fields.get("From")), ("subject", title)) if v}
    body_lines = lines[end:]
    has_text = any(line.strip() for line in body_lines)

    def complete(cable: Cable) -> None:
        complete_from_attributes(cable, attrs, archive_id, None if has_text else "no text on the page")
        if archive_id and own and cable.id:
            cable.archive_id = archive_id
        if tags and not cable.tags:
            cable.tags = split_tags(", ".join(tags))
        if fields.get("To") and len(cable.to) == 1 and cable.to[0].name == fields["To"]:
            cable.to = [Address(None, t.strip()) for t in fields["To"].split("|") if t.strip()]
        if cable.origin is None and cable.station and (post := post_name(cable.station)):
            cable.origin = post

    if not has_text:
        return [Source("", "", "plusd", meta, raw=text, complete=complete)]
    parts = telegram_parts(body_lines)
    return [Source("\n".join(parts.header), "\n".join(parts.body), "plusd", meta, first_line=end + 1, raw=text,
                   complete=complete)]
