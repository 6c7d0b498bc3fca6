"""Meanings of the codes on a cable: TAGS, routing indicators, precedence, markings, reasons.

Data files sit beside this module with their sources and licences in ``NOTES.md``; tables are
loaded once, on first use.
"""

from __future__ import annotations

import csv
import re
from functools import cache, lru_cache
from pathlib import Path

HERE = Path(__file__).resolve().parent

PRECEDENCE = {"Z": "FLASH", "O": "IMMEDIATE", "P": "PRIORITY", "R": "ROUTINE",
              "FLASH": "FLASH: handled at once, ahead of all other traffic",
              "IMMEDIATE": "IMMEDIATE: to be acted on at once",
              "NIACT IMMEDIATE": "NIACT IMMEDIATE: night action, the addressee is woken to act on it",
              "PRIORITY": "PRIORITY: ahead of routine traffic", "ROUTINE": "ROUTINE: normal handling"}
SECURITY_LETTERS = {"U": "unclassified", "E": "unclassified EFTO (encrypted for transmission only)",
                    "C": "confidential", "S": "secret", "T": "top secret"}
CLASSIFICATIONS = {
    "UNCLASSIFIED": "not classified",
    "UNCLASSIFIED//FOR OFFICIAL USE ONLY": "unclassified but sensitive: for official use only (SBU)",
    "LIMITED OFFICIAL USE": "unclassified, limited to official use (older marking)",
    "CONFIDENTIAL": "disclosure could damage national security",
    "CONFIDENTIAL//NOFORN": "confidential, not releasable to foreign nationals",
    "SECRET": "disclosure could seriously damage national security",
    "SECRET//NOFORN": "secret, not releasable to foreign nationals",
    "TOP SECRET": "disclosure could gravely damage national security",
}
CAVEATS = {
    "SIPDIS": "SIPRNet distribution: the cable was posted to the Defense Department's secret network",
    "NOFORN": "not releasable to foreign nationals",
    "NODIS": "no distribution beyond the addressee without the originator's approval",
    "EXDIS": "exclusive distribution to officers with an essential need to know",
    "LIMDIS": "limited distribution",
    "STADIS": "State Department distribution only",
    "SENSITIVE": "sensitive but unclassified (SBU)",
    "FOUO": "for official use only",
    "EFTO": "encrypted for transmission only",
    "ORCON": "dissemination controlled by the originator",
    "PROPIN": "caution: proprietary information",
    "NOTAL": "not all addressees (after a reference)",
    "NOCONTRACT": "not releasable to contractors",
}
MARKS = {"U": "unclassified", "SBU": "sensitive but unclassified", "C": "confidential", "S": "secret",
         "TS": "top secret", "NF": "no foreign nationals (NOFORN)", "FGI": "foreign government information",
         "REL": "releasable to the named countries", "FOUO": "for official use only", "N": "NOFORN",
         "LOU": "limited official use"}
REASONS = {
    "a": "military plans, weapons systems or operations",
    "b": "foreign government information",
    "c": "intelligence activities, sources or methods, or cryptology",
    "d": "foreign relations or foreign activities of the US, including confidential sources",
    "e": "scientific, technological or economic matters relating to national security",
    "f": "US programmes for safeguarding nuclear materials or facilities",
    "g": "vulnerabilities or capabilities of systems, installations, projects or plans",
    "h": "weapons of mass destruction",
}
EXECUTIVE_ORDERS = {"12958": "Executive Order 12958 (1995, amended 2003): classified national security information",
                    "13526": "Executive Order 13526 (2009): classified national security information",
                    "12356": "Executive Order 12356 (1982): national security information",
                    "12065": "Executive Order 12065 (1978): national security information",
                    "11652": "Executive Order 11652 (1972): classification and declassification"}
ORGANIZATIONS = {
    "NATO": "North Atlantic Treaty Organization", "UNSC": "UN Security Council", "UNGA": "UN General Assembly",
    "IAEA": "International Atomic Energy Agency", "EUN": "European Union", "OAS": "Organization of American States",
    "OSCE": "Organization for Security and Co-operation in Europe", "WTO": "World Trade Organization",
    "IMF": "International Monetary Fund", "OPEC": "Organization of the Petroleum Exporting Countries",
    "ASEAN": "Association of Southeast Asian Nations", "AU": "African Union", "UN": "United Nations",
    "UNHRC": "UN Human Rights Council", "ICRC": "International Committee of the Red Cross",
    "OECD": "Organisation for Economic Co-operation and Development", "IBRD": "World Bank",
    "UNESCO": "UN Educational, Scientific and Cultural Organization",
    "WHO": "World Health Organization",
    "FAO": "Food and Agriculture Organization", "UNHCR": "UN High Commissioner for Refugees",
    "ICC": "International Criminal Court", "ICJ": "International Court of Justice", "EU": "European Union",
    "UNO": "United Nations Organization", "GCC": "Gulf Cooperation Council", "SCO": "Shanghai Cooperation Organisation",
    "NPT": "Nuclear Non-Proliferation Treaty",
    "CTBT": "Comprehensive Nuclear-Test-Ban Treaty",
    "OPCW": "Organisation for the Prohibition of Chemical Weapons", "UNMIK": "UN Mission in Kosovo",
    "MINUSTAH": "UN Stabilization Mission in Haiti",
    "UNIFIL": "UN Interim Force in Lebanon",
    "UNAMA": "UN Assistance Mission in Afghanistan", "APEC": "Asia-Pacific Economic Cooperation",
    "SADC": "Southern African Development Community",
    "ECOWAS": "Economic Community of West African States",
    "CARICOM": "Caribbean Community", "MERCOSUR": "Southern Common Market",
    "OIC": "Organisation of Islamic Cooperation",
    "IMO": "International Maritime Organization", "ICAO": "International Civil Aviation Organization",
    "INTERPOL": "International Criminal Police Organization",
    "CWC": "Chemical Weapons Convention",
    "BWC": "Biological Weapons Convention", "NSG": "Nuclear Suppliers Group",
    "MTCR": "Missile Technology Control Regime",
    "UNDP": "UN Development Programme", "WFP": "World Food Programme",
    "UNICEF": "UN Children's Fund",
    "PA": "Palestinian Authority", "PLO": "Palestine Liberation Organization",
    "FARC": "Revolutionary Armed Forces of Colombia",
    "AORC": "International Organizations and Conferences",
}


def _tsv(name: str) -> dict[str, str]:
    with (HERE / name).open(encoding="utf-8", newline="") as f:
        return {r["code"]: r[next(k for k in r if k != "code")] for r in csv.DictReader(f, delimiter="\t")}


@cache
def subject_tags() -> dict[str, str]:
    return _tsv("subject_tags.tsv")


@cache
def program_tags() -> dict[str, str]:
    return _tsv("program_tags.tsv")


@cache
def other_tags() -> dict[str, str]:
    return _tsv("other_tags.tsv")


@cache
def keywords() -> dict[str, str]:
    return _tsv("keywords.tsv")


@cache
def countries() -> dict[str, str]:
    return {**_tsv("regions.tsv"), **_tsv("countries.tsv")}


@cache
def organization_codes() -> frozenset[str]:
    return frozenset(line.strip() for line in (HERE / "organization_tags.txt").read_text().splitlines() if line.strip())


@cache
def routing() -> dict[str, str]:
    """The routing book, then the indicators the cables themselves name (collectives, relays)."""
    table: dict[str, str] = {}
    for name in ("routing_seen.csv", "routing.csv"):
        path = HERE / name
        if path.exists():
            with path.open(encoding="utf-8", newline="") as f:
                table.update({row[0].strip(): row[1].strip() for row in csv.reader(f) if len(row) >= 2})
    return table


def _table_entry(t: str) -> tuple[str, str] | None:
    for kind, table in (("subject tag", subject_tags()), ("program tag", program_tags()),
                        ("tag", other_tags()), ("geographic tag", countries()),
                        ("organisation tag", ORGANIZATIONS), ("keyword", keywords())):
        if t in table:
            return kind, table[t]
    if t in organization_codes():
        return "organisation tag", "organisation tag"
    return None


@cache
def _codes() -> frozenset[str]:
    """Codes a glued or misspelt tag is read against: the handbook, countries, organisations."""
    return frozenset({*subject_tags(), *program_tags(), *other_tags(), *countries(), *ORGANIZATIONS})


def _glued(t: str) -> list[str] | None:
    """``ITPHUM`` → ``[IT, PHUM]``: the fewest known codes that spell ``t``, one of them a handbook word.

    Dynamic programming over the string (linear in its length times the longest code).
    """
    if len(t) < 5 or len(t) > 60 or not t.isalpha():
        return None
    codes = _codes()
    best: list[list[str] | None] = [[]] + [None] * len(t)
    for end in range(2, len(t) + 1):
        for size in range(2, min(end, 8) + 1):
            head = best[end - size]
            piece = t[end - size:end]
            if head is not None and piece in codes:
                candidate = [*head, piece]
                current = best[end]
                if current is None or len(candidate) < len(current):
                    best[end] = candidate
    parts = best[len(t)]
    if parts and len(parts) > 1 and any(len(p) >= 3 for p in parts):
        return parts
    return None


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
def _handbook() -> frozenset[str]:
    """The codes of four or more letters a misspelt tag is read against."""
    return frozenset(c for c in (*subject_tags(), *program_tags(), *ORGANIZATIONS) if len(c) >= 4)


def _misspelt(t: str) -> str | None:
    """The one handbook code of four or more letters that ``t`` is a slip of the keys away from.

    A dropped, doubled or swapped letter is the likelier slip and is tried first; ambiguity
    (``KPRP``: KPAP, KPMP or KPRV?) means no guess.
    """
    if not 3 <= len(t) <= 8 or not t.isalpha():
        return None
    handbook = _handbook()
    for near in (n & handbook - {t} for n in _slips(t)):
        if len(near) == 1:
            return near.pop()
        if near:
            return None
    return None


def near_codes(tag: str, limit: int = 4) -> list[str]:
    """Handbook codes one slip of the keys from an unknown ``tag`` (``KPRP`` → KPAP, KPMP, KPRV),
    said beside it where no single one can be chosen."""
    t = tag.upper()
    if not 3 <= len(t) <= 8 or not t.isalpha() or _tag_entry(t):
        return []
    shape, struck = _slips(t)
    return sorted((shape | struck) & _handbook() - {t})[:limit]


def near_note(tag: str) -> str:
    """`` (one key from KPAP, KPMP, KPRV)`` after an unknown tag; empty when no code is near."""
    near = near_codes(tag)
    return f" (one key from {', '.join(near)})" if near else ""


@lru_cache(maxsize=4096)  # bounded: tags come from untrusted cable text
def _tag_entry(tag: str) -> tuple[str, str] | None:
    """(kind, meaning) of a TAGS code: the tables in a fixed order, then tags written together
    (``ITPHUM``), then a likely slip of the keys (``PGOC``), said as such."""
    t = tag.upper()
    entry = _table_entry(t)
    if entry:
        return entry
    if parts := _glued(t):
        meanings = "; ".join(f"{p} {entry[1]}" for p in parts if (entry := _table_entry(p)))
        return "tags written together", f"{' + '.join(parts)}: {meanings}"
    if (near := _misspelt(t)) and (found := _table_entry(near)):
        return "probable misspelling", f"probably {near}: {found[1]}"
    return None


def describe_tag(tag: str) -> str | None:
    """``PHUM`` → ``Human Rights``; None for an unknown tag."""
    entry = _tag_entry(tag)
    return entry[1] if entry else None


def tag_kind(tag: str) -> str | None:
    """``PHUM`` → ``subject tag``; None for an unknown tag."""
    entry = _tag_entry(tag)
    return entry[0] if entry else None


def describe_address(route: str) -> str | None:
    """``RUEHTA`` → ``AMEMBASSY ASTANA``."""
    return routing().get(route.upper())


def explain_classification(value: str) -> str | None:
    return CLASSIFICATIONS.get(value.upper())


_REASON = re.compile(r"^1\.([45]) ?\(?([a-hA-H])\)?$")


def explain_reason(value: str) -> str | None:
    m = _REASON.match(value.strip())
    return REASONS.get(m.group(2).lower()) if m else None


def explain(code: str) -> list[tuple[str, str]]:
    """Every reading of ``code`` as (kind, meaning); empty when nothing is known."""
    c = code.strip()
    u = c.upper()
    out: list[tuple[str, str]] = []
    kind = tag_kind(u)
    if kind:
        out.append((kind, describe_tag(u) or ""))
    if u in routing():
        out.append(("routing indicator", routing()[u]))
    if u in PRECEDENCE:
        out.append(("precedence", PRECEDENCE[u] if len(u) > 1 else PRECEDENCE[PRECEDENCE[u]]))
    if u in CLASSIFICATIONS:
        out.append(("classification", CLASSIFICATIONS[u]))
    if u in CAVEATS:
        out.append(("caveat", CAVEATS[u]))
    mark = u.strip("()")
    parts = mark.replace("//", "/").split("/")
    if all(p in MARKS for p in parts) and parts != [""]:
        out.append(("portion mark", ", ".join(MARKS[p] for p in parts)))
    if (m := _REASON.match(c)) is not None:
        out.append(("classification reason", f"section 1.{m.group(1)}({m.group(2).lower()}) of the executive order: "
                    f"{REASONS[m.group(2).lower()]}"))
    if u in EXECUTIVE_ORDERS:
        out.append(("executive order", EXECUTIVE_ORDERS[u]))
    if re.fullmatch(r"ZN[RY] ?[UECST]{5}", u):
        out.append(("security line", f"{SECURITY_LETTERS[u[-1]]} ({'no' if u[2] == 'R' else ''} crypto)"))
    return out
