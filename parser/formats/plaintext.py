"""Plain text: a cable with or without its teletype header, several cables one after another, or
a text export whose first five lines are metadata (id, subject, date, classification, origin)."""

from __future__ import annotations

import re

from ..header import is_body_opener, split_header
from ..ids import REF_ID_RE
from .source import Source

PARTIAL = "This record is a partial extract"
_CLASSES = ("UNCLASSIFIED", "CONFIDENTIAL", "SECRET", "LIMITED OFFICIAL USE", "TOP SECRET")


_ROW_DATE = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d(?::\d\d)?$")
_SERIAL = re.compile(r"[A-Z] 0*\d{2,6}\b")
_KEY_VALUE = re.compile(r"^([a-z_]{2,20}): ?(.*)$")
_HEADER_ENDS = re.compile(r"^-{3,} ?header ends ?-{3,}$")


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


_TAB_ROW = re.compile(r"\t\d{2}[A-Z]{3,12}\d{1,6}\t[^\t]{3,60}\t([A-Z][A-Z/ ]{5,60})\t")


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


def _starts(lines: list[str]) -> list[int]:
    """Line indexes where a cable starts: a VZCZC line after an earlier cable's body."""
    starts = [0]
    seen_body = False
    for i, line in enumerate(lines):
        if line.startswith("VZCZC") and seen_body:
            starts.append(i)
            seen_body = False
        elif not seen_body and is_body_opener(line.lstrip()) and _SERIAL.search(line):
            seen_body = True
    return starts


def split_text(text: str) -> list[Source]:
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
    starts = _starts(lines)
    for k, start in enumerate(starts):
        end = starts[k + 1] if k + 1 < len(starts) else len(lines)
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
    return out
