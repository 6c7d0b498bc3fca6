"""Answers of the cable-search API: ``{"items": [{id, subject, date, classification, origin,
header, text, tags}, …]}``, plain or wrapped in a JSONP callback ``cablegrab(…)``."""

from __future__ import annotations

import json
from typing import Any

from ..errors import ParseError
from .source import Source


def looks_like_json(text: str) -> bool:
    head = text.lstrip()[:200]
    if head.startswith("{") or head.startswith("["):
        return True
    paren = head.find("(")
    return 0 < paren < 64 and head[:paren].replace("_", "").replace(".", "").isalnum() and "{" in head


def split_json(text: str, name: str | None = None) -> list[Source]:
    body = text.strip()
    if not body.startswith(("{", "[")):
        start, end = body.find("("), body.rfind(")")
        if start < 0 or end < start:
            raise ParseError("JSONP answer without its (…) wrapper", name=name)
        body = body[start + 1:end]
    try:
        # Numbers stay as written: an id of 5,000 digits is past what ``int`` converts.
        data: Any = json.loads(body, parse_int=str)
    except json.JSONDecodeError as e:
        raise ParseError(f"not valid JSON: {e.msg}", name=name, line=e.lineno) from None
    items = data.get("items", data.get("cables")) if isinstance(data, dict) else data
    if isinstance(items, dict):
        items = [items]
    if not isinstance(items, list):
        raise ParseError("JSON answer without an 'items' list of cables", name=name)
    out: list[Source] = []
    for n, item in enumerate(items, 1):
        if not isinstance(item, dict) or not (item.get("text") or item.get("header")):
            continue  # no cable text: a search result's summary, not a cable
        header = item.get("header") or ""
        header = "\n".join(ln for ln in str(header).split("\n") if not ln.startswith("XTAGS"))
        meta = {k: str(item[k]) for k in ("id", "date", "classification", "origin", "subject", "tags")
                if item.get(k)}
        out.append(Source(header, str(item.get("text") or ""), "json", meta, row=n))
    if items and not out:
        raise ParseError("a JSON answer whose items carry no cable text (no header or text field)", name=name)
    return out
