"""Plain text: a cable with or without its teletype header, several cables one after another, or
a text export whose first five lines are metadata (id, subject, date, classification, origin)."""

from __future__ import annotations

import re

from ..body import parse_id_line
from ..header import is_body_opener, split_header
from ..ids import REF_ID_RE
from ..regex import lazy
from .source import Source

PARTIAL = "This record is a partial extract"
_CLASSES = ("UNCLASSIFIED", "CONFIDENTIAL", "SECRET", "LIMITED OFFICIAL USE", "TOP SECRET")


_ROW_DATE = lazy(r"^\d{4}-\d\d-\d\d \d\d:\d\d(?::\d\d)?$")
_SERIAL = lazy(r"[A-Z] 0*\d{2,6}\b")
_KEY_VALUE = lazy(r"^([a-z_]{2,20}): ?(.*)$")
_HEADER_ENDS = lazy(r"^-{3,} ?header ends ?-{3,}$")


def metadata_prefix(lines: list[str]) -> tuple[dict[str, str], int]:
    """Metadata lines some exports put before the cable, and how many lines they take.

    Three layouts: five lines (id, subject, date, classification, origin); a release row written
    one field a line (seq, created, id, origin, classification, references); and ``key: value``
    lines (``refid: 08STATE25671``) ending in ``header:``.
    """
    if len(lines) < 6:
        return {}, 0
    first = lines[0].strip()
    if REF_ID_RE.match(first) and lines[3].strip().upper().startswith(_CLASSES):
        return {"id": first, "subject": lines[1].strip(), "date": lines[2].strip(),
                "classification": lines[3].strip(), "origin": lines[4].strip()}, 5
    if first.isdigit() and _ROW_DATE.match(lines[1].strip()) and REF_ID_RE.match(lines[2].strip()):
        meta = {"date": lines[1].strip(), "id": lines[2].strip(), "origin": lines[3].strip(),
                "classification": lines[4].strip()}
        n = 5
        refs = lines[5].strip()
        if refs and not refs.startswith("VZCZC") and all(REF_ID_RE.match(r) for r in refs.split("|")):
            meta["references"] = refs
            n = 6
        return meta, n
    if (m := _KEY_VALUE.match(first)) and m.group(1) in ("id", "refid", "date"):
        meta = {}
        names = {"refid": "id", "date": "date", "origin": "origin", "classification": "classification",
                 "subject": "subject"}
        for n, line in enumerate(lines[:40]):
            kv = _KEY_VALUE.match(line.strip())
            if kv is None:
                if _HEADER_ENDS.match(line.strip()):
                    lines[n] = ""
                    continue
                return meta, n
            if kv.group(1) == "header":
                for k in range(n + 1, min(len(lines), n + 200)):
                    if _HEADER_ENDS.match(lines[k].strip()):
                        lines[k] = ""
                        break
                return meta, n + 1
            if kv.group(1) in names and kv.group(2).strip():
                meta[names[kv.group(1)]] = kv.group(2).strip()
        return meta, 0
    return {}, 0


_TAB_ROW = lazy(r"\t\d{2}[A-Z]{3,12}\d{1,6}\t[^\t]{3,60}\t([A-Z][A-Z/ ]{5,60})\t")


def _embedded_classification(lines: list[str]) -> str | None:
    """The classification a release row or ``key: value`` block pasted inside the text names.

    Damaged pages carry one mid-text: ``refid: 06LIMA2366`` … ``classification: CONFIDENTIAL//NOFORN``,
    or a tab-separated row ``…\t09BERN351\tEmbassy Bern\tSECRET//NOFORN\t…``.
    """
    for i, line in enumerate(lines[:300]):
        s = line.strip()
        if s.startswith("refid: "):
            for later in lines[i + 1:i + 4]:
                kv = _KEY_VALUE.match(later.strip())
                if kv and kv.group(1) == "classification" and kv.group(2).upper().startswith(_CLASSES):
                    return kv.group(2).strip().upper()
        elif "\t" in line and (m := _TAB_ROW.search(line)) and m.group(1).startswith(_CLASSES):
            return m.group(1).strip()
    return None


def _row_index(lines: list[str]) -> int | None:
    """Where a release row written one field a line begins among the first lines, if it does."""
    for i in range(min(len(lines) - 3, 80)):
        s = lines[i].strip()
        if s.isdigit() and _ROW_DATE.match(lines[i + 1].strip()) and REF_ID_RE.match(lines[i + 2].strip()):
            return i
    return None


_DE_SERIAL = lazy(r"^DE +[A-Z]{4,7} +#0*(\d{1,7})")


def _serial_named(line: str) -> int | None:
    """The serial a DE line (``DE RUEHPE #0158/01``) or a body's id line (``… LIMA 000158``) names."""
    if line.startswith("DE ") and (m := _DE_SERIAL.match(line)):
        return int(m.group(1))
    if is_body_opener(line) and (idline := parse_id_line(line)) and idline.serial:
        return int(idline.serial)
    return None


def _same_cable(a: int | None, b: int | None) -> bool:
    """Whether two serials name one cable: a DE line keeps only the last four digits."""
    return a is not None and b is not None and (a == b or a % 10000 == b % 10000)


def _spans(lines: list[str]) -> list[tuple[int, int]]:
    """(start, end) line indexes of each cable: a VZCZC line after an earlier cable's body starts
    the next one, unless its header is a copy of the same cable's (a site's record of the cable
    pasted after a preview of it, an e-mail export's wrapper) or nothing follows the header (a
    copy of the routing header at the end of the text, left out)."""
    spans: list[tuple[int, int]] = []
    start, seen_body, serial = 0, False, None
    n = len(lines)
    for i, line in enumerate(lines):
        if serial is None and line[:1] in "DCUSLT":
            serial = _serial_named(line.lstrip())
        if line.startswith("VZCZC") and seen_body:
            b = i + split_header(lines[i:i + 300])
            if b == i or not any(line.strip() for line in lines[b:b + 200]):
                spans.append((start, i))  # a header and nothing after it: not a cable
                start, seen_body = n, False
                break
            later = next((found for line in lines[i:b + 5] if (found := _serial_named(line.strip())) is not None),
                         None)
            if later is None or _same_cable(serial, later):
                continue  # no sign of another cable: the same one's header again
            spans.append((start, i))
            start, seen_body, serial = i, False, later
        elif not seen_body and is_body_opener(line.lstrip()) and _SERIAL.search(line):
            seen_body = True
    if start < n:
        spans.append((start, n))
    return spans


_MARKED_LINE_END = lazy(r"[ \t]*\\\n")
_MARK_JOINED = lazy(r" ?\\(?: |$)", re.MULTILINE)


def without_continuation_marks(text: str) -> str:
    """The text without the `` \\`` some exports end every line with (a blank line is then a
    lone backslash); where such lines were joined onto one (``VZCZCXYZ0020\\ RR RUEHWEB\\ \\ DE``),
    each mark is the line end it stood for."""
    marked = text.count("\\\n")
    if marked >= 3 and marked * 4 >= text.count("\n"):
        return _MARK_JOINED.sub("\n", _MARKED_LINE_END.sub("\n", text))
    joined = text.count("\\ ")
    if joined >= 10 and joined >= text.count("\n"):
        return _MARK_JOINED.sub("\n", text)
    return text


def split_text(text: str) -> list[Source]:
    if "\\" in text:
        text = without_continuation_marks(text)
    lines = text.split("\n")
    partial = 0
    while partial < len(lines) and (not lines[partial].strip() or lines[partial].startswith(PARTIAL)):
        partial += 1
    has_partial = any(line.startswith(PARTIAL) for line in lines[:partial])
    meta, offset = metadata_prefix(lines[partial:])
    offset = offset + partial if offset else 0
    if has_partial:
        meta["partial"] = "yes"
    lines = lines[offset:]
    out: list[Source] = []
    spans = _spans(lines)
    for start, end in spans:
        chunk = lines[start:end]
        chunk_meta = dict(meta)
        # A release row may follow the header (some exports repeat the header after it).
        row = _row_index(chunk)
        if row is not None:
            inner_meta, taken = metadata_prefix(chunk[row:row + 50] + [""] * 6)
            chunk_meta.update({k2: v for k2, v in inner_meta.items() if k2 not in chunk_meta})
            before, rest = chunk[:row], chunk[row + taken:]
            b2 = split_header(rest)
            header, rest = (rest[:b2], rest[b2:]) if b2 else (before[:split_header(before) or len(before)], rest)
            b = len(chunk) - len(rest)
        else:
            b = split_header(chunk)
            header, rest = chunk[:b], chunk[b:]
        if "classification" not in chunk_meta and (embedded := _embedded_classification(chunk)):
            chunk_meta["classification"] = embedded
        out.append(Source("\n".join(header), "\n".join(rest), "text", chunk_meta,
                          first_line=offset + start + b + 1))
    if spans and spans[-1][1] < len(lines):  # a header copy left out: the raw view keeps it
        out[-1].raw = "\n".join(lines[spans[-1][0]:])
    return out
