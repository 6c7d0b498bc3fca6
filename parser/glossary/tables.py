"""The glossary's tables, loaded once on first use. Every row names its source: a ``source``
column whose key is in ``sources.tsv``, or, for a file from one source, that file's entry in
``NOTES.md`` (``countries.tsv``, ``routing.csv``, ``routing_seen.csv``, ``organization_tags.txt``)."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ..regex import lazy

HERE = Path(__file__).resolve().parent

# Files whose every row comes from one source, named here and in NOTES.md.
FILE_SOURCES = {
    "countries.tsv": "FIPS",
    "routing.csv": "ACP117",
    "routing_seen.csv": "CABLES",
    "routing_written.csv": "CABLES",
    "routing_shared.csv": "CABLES",
    "organization_tags.txt": "CABLEMAP-ORG",
}


@dataclass(frozen=True, slots=True)
class Entry:
    """One row of a table: what the source says the code means (empty for a code-only list)."""

    code: str
    kind: str
    meaning: str
    source: str  # a key of sources.tsv


def _rows(name: str) -> list[dict[str, str]]:
    with (HERE / name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t"))


@cache
def sources() -> dict[str, tuple[str, str]]:
    """Source key → (name shown beside a meaning, where to find it)."""
    return {r["key"]: (r["name"], r["where"]) for r in _rows("sources.tsv")}


def source_name(key: str) -> str:
    return sources()[key][0]


def _index(entries: list[Entry]) -> dict[str, tuple[Entry, ...]]:
    table: dict[str, list[Entry]] = {}
    for e in entries:
        table.setdefault(e.code, []).append(e)
    return {code: tuple(rows) for code, rows in table.items()}


@cache
def subject_tags() -> dict[str, tuple[Entry, ...]]:
    return _index([Entry(r["code"], "subject tag", r["meaning"], r["source"]) for r in _rows("subject_tags.tsv")])


@cache
def program_tags() -> dict[str, tuple[Entry, ...]]:
    return _index([Entry(r["code"], "program tag", r["meaning"], r["source"]) for r in _rows("program_tags.tsv")])


_KINDS_1974 = {"subject": "subject tag", "region": "world region", "country": "geographic tag",
               "organization": "organisation tag"}


@cache
def handbook_1974() -> dict[str, tuple[Entry, ...]]:
    """The 1974 handbook's subject, region, country and organisation TAGS."""
    return _index([Entry(r["code"], _KINDS_1974[r["kind"]], r["meaning"], r["source"])
                   for r in _rows("tags_1974.tsv")])


@cache
def countries() -> dict[str, str]:
    """FIPS 10-4 code → country name."""
    return {r["code"]: r["name"] for r in _rows("countries.tsv")}


@cache
def countries_2024() -> dict[str, tuple[Entry, ...]]:
    return _index([Entry(r["code"], "geographic tag", r["name"], r["source"]) for r in _rows("countries_2024.tsv")])


@cache
def organization_codes() -> frozenset[str]:
    lines = (HERE / "organization_tags.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip())


@cache
def markings() -> dict[str, tuple[Entry, ...]]:
    """Precedence, security warnings, prosigns, classifications, caveats, portion marks, orders
    and classification reasons, keyed as written (reason letters lower case)."""
    return _index([Entry(r["code"], r["kind"], r["meaning"], r["source"]) for r in _rows("markings.tsv")])


@cache
def acronyms_seen() -> dict[str, tuple[str, str]]:
    """Tag → (long form, cable that spells it out), from ``derive_seen.py``."""
    return {r["code"]: (r["long_form"], r["cable"]) for r in _rows("acronyms_seen.tsv")}


@cache
def offices_seen() -> dict[str, str]:
    """Office symbol written on a ``DEPT FOR`` line → the first cable that writes it."""
    return {r["symbol"]: r["cable"] for r in _rows("offices_seen.tsv")}


@cache
def office_parts() -> dict[str, str]:
    """A part of an office symbol (``MLS`` of ``EAP/MLS``) → one symbol it is part of."""
    parts: dict[str, str] = {}
    symbols = sorted(offices_seen())
    for symbol in symbols:  # a bureau is read from a symbol it heads (EAP of EAP/MLS) …
        if "/" in symbol:
            parts.setdefault(symbol.split("/")[0], symbol)
    for symbol in symbols:  # … an office from a symbol it ends (MLS of EAP/MLS) …
        for part in symbol.split("/")[1:]:
            parts.setdefault(part, symbol)
    for symbol in symbols:  # … and a word after DEPT FOR on a TAGS line as itself
        parts.setdefault(symbol, symbol)
    return parts


@cache
def plain_words() -> dict[str, str]:
    """Plain words posts wrote on TAGS lines → a cable whose TAGS line has the word."""
    return {r["word"]: r["seen_on"] for r in _rows("keywords.tsv")}


@cache
def routing() -> dict[str, str]:
    """The routing book, then the indicators the cables themselves name (collectives, relays)."""
    table: dict[str, str] = {}
    for name in ("routing_seen.csv", "routing.csv"):
        with (HERE / name).open(encoding="utf-8", newline="") as f:
            table.update({row[0].strip(): row[1].strip() for row in csv.reader(f) if len(row) >= 2})
    return table


@dataclass(frozen=True, slots=True)
class Written:
    """The address the cables write beside a routing indicator where the routing book names another
    post (``derive_routes.py``): the name, in how many cables, and one of them."""

    name: str
    cables: int
    example: str


_WORD = lazy(r"[A-Z]{3,}")
_KINDS = frozenset({"AMEMBASSY", "AMCONSUL", "USMISSION", "AMEMB", "AMCONGEN"})


def address_words(name: str) -> set[str]:
    """The words of an address that name the post (its kind, AMEMBASSY or AMCONSUL, aside)."""
    return set(_WORD.findall(name.upper())) - _KINDS


@cache
def routing_written() -> dict[str, Written]:
    with (HERE / "routing_written.csv").open(encoding="utf-8", newline="") as f:
        return {row[0]: Written(row[1], int(row[2]), row[3]) for row in csv.reader(f)
                if len(row) == 4 and row[2].isdigit()}


@cache
def routing_shared() -> dict[str, tuple[Written, ...]]:
    """Indicators the cables write beside several addressees (``derive_routes.py``): each name
    written beside it in three or more cables, the most written first."""
    table: dict[str, list[Written]] = {}
    with (HERE / "routing_shared.csv").open(encoding="utf-8", newline="") as f:
        for row in csv.reader(f):
            if len(row) == 4 and row[2].isdigit():
                table.setdefault(row[0], []).append(Written(row[1], int(row[2]), row[3]))
    return {route: tuple(names) for route, names in table.items()}


@cache
def routing_book() -> frozenset[str]:
    with (HERE / "routing.csv").open(encoding="utf-8", newline="") as f:
        return frozenset(row[0].strip() for row in csv.reader(f) if row)


@cache
def handbook_codes() -> frozenset[str]:
    """Subject and program TAGS codes, the handbook's own words (listed with or without a meaning)."""
    codes = {*subject_tags(), *program_tags()}
    codes |= {c for c, rows in handbook_1974().items() if rows[0].kind == "subject tag"}
    return frozenset(codes)
