"""The cable site's HTML page: a metadata table, a ``Viewing cable ID, SUBJECT`` heading and two
``<code><pre>`` blocks (routing header, body) with newlines written ``&#x000A;``.

Pages of early builds hold in the body block one tab-separated release row (created, id, origin,
classification, references, header, body) whose lines end in a backslash; both layouts are read.
"""

from __future__ import annotations

import html
import re

from ..regex import lazy
from .plaintext import metadata_prefix, split_text
from .source import Source

_TAG = lazy(r"<[^<>]{0,400}>")
_TD_LINK = lazy(r"<td>\s{0,20}(?:<a [^<>]{0,300}>)?([^<]{0,200})(?:</a>)?\s{0,20}</td>")
_TAB_ROW = lazy(r"^\d{4}-\d\d-\d\d \d\d:\d\d(?::\d\d)?\t")
_META_KEYS = ("id", "date", "released", "classification", "origin")


_HEADING = b"<h3>Viewing cable "


def without_navigation(data: bytes) -> bytes:
    """A cable site page less the navigation before its ``Viewing cable`` heading (60 of its
    70 kB): everything the parser reads of a page comes after it. Other bytes come back as they are.

    The archive layer calls this before handing pages to parse workers, so 400 MB of navigation
    never crosses a pipe; ``parse`` calls it so it never decodes it.
    """
    if b"<html" not in data[:1024].lower():
        return data
    h = data.rfind(_HEADING)
    return data if h < 0 else b"<!DOCTYPE html>\n" + data[h:]


def looks_like_page(text: str) -> bool:
    # The blocks sit at the end of a page, after 60 kB of the site's boilerplate: search backwards.
    if text.rfind("</pre>") < 0:
        return False
    head = text[:512].lstrip().lower()
    return head.startswith(("<!doctype html", "<html")) or text.rfind("<table") >= 0 or "<code>" in text


# A decimal character reference past the last code point (``&#`` and 5,000 digits): ``html.unescape``
# would turn it into U+FFFD, but first converts it to an ``int``, which refuses past 4,300 digits.
_LONG_REF = lazy(r"&#([0-9]{8,});?")


def _short_ref(m: re.Match[str]) -> str:
    digits = m.group(1).lstrip("0")
    return "\ufffd" if len(digits) > 7 else f"&#{digits or 0};"


def unescape(text: str) -> str:
    """HTML character references decoded; one out of range is U+FFFD, as ``html.unescape`` has it."""
    if "&" not in text:
        return text
    return html.unescape(_LONG_REF.sub(_short_ref, text) if "&#" in text else text)


def _strip_html(fragment: str) -> str:
    return unescape(_TAG.sub("", fragment).replace("&#x000A;", "\n"))


def _pre_blocks(text: str, pos: int = 0) -> list[str]:
    blocks: list[str] = []
    while True:
        start = text.find("<pre", pos)
        if start < 0:
            return blocks
        gt = text.find(">", start)
        end = text.find("</pre>", gt)
        if gt < 0 or end < 0:
            return blocks
        blocks.append(text[gt + 1:end])
        pos = end + 6


def _metadata(text: str, t: int) -> dict[str, str]:
    meta: dict[str, str] = {}
    if t >= 0:
        end = text.find("</table>", t)
        cells = _TD_LINK.findall(text[t:end if end > 0 else t + 5000])
        for key, value in zip(_META_KEYS, cells, strict=False):
            value = unescape(value).strip()
            if value:
                meta[key] = value
    h = text.rfind("<h3>Viewing cable ", 0, t if t >= 0 else len(text))
    if h >= 0:
        end = text.find("</h3>", h)
        heading = _strip_html(text[h + 18:end if end > 0 else h + 600])
        ident, _, subject = heading.partition(", ")
        if subject:
            meta["subject"] = subject.rstrip(" \\").strip()
        meta.setdefault("id", ident.strip())
    return meta


def split_page(text: str) -> list[Source]:
    # The site's boilerplate fills the first 60 kB; the table and the blocks come after it.
    t = text.rfind("<table class='cable'>")
    meta = _metadata(text, t)
    blocks = _pre_blocks(text, max(t, 0))
    if not blocks:
        return []
    header, body = ("", blocks[0]) if len(blocks) == 1 else (blocks[-2], blocks[-1])
    header, body = _strip_html(header), _strip_html(body)
    if _TAB_ROW.match(body):
        fields = body.replace("\\\n", "\n").split("\t", 6)
        if len(fields) == 7:
            created, rid, origin, cls, _refs, header, body = fields
            for key, value in (("date", created), ("id", rid), ("origin", origin), ("classification", cls)):
                meta.setdefault(key, value.strip())
        body = body.rstrip().rstrip("\\")
    # Some pages carry a metadata prefix or the whole teletype header inside the body block:
    # read that block as a plain-text cable.
    lines = body.lstrip("\n").split("\n", 8)
    if metadata_prefix(lines)[1] or lines[0].startswith("VZCZC"):
        inner = split_text(body.lstrip("\n"))
        if inner:
            src = inner[0]
            src.source_format = "page"
            src.meta = {**meta, **{k: v for k, v in src.meta.items() if k not in meta}}
            if not src.header:
                src.header = _trim_header(header)
            return [src]
    return [Source(_trim_header(header), body, "page", meta)]


_ROW_IN_HEADER = lazy(r"\n\d{1,7}\n\d{4}-\d\d-\d\d \d\d:\d\d")


def _trim_header(header: str) -> str:
    """Drop a release row that some pages append to the routing header block."""
    m = _ROW_IN_HEADER.search(header)
    return header[:m.start()] if m else header
