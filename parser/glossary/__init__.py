"""Meanings of the codes on a cable: TAGS, routing indicators, precedence, markings, reasons.

Every meaning comes from a source named beside it (``sources.tsv``; each table's source and licence
in ``NOTES.md``). :func:`explain` and :func:`explain_cable` (``explain.py``) are the one explainer
the command line and the reader both use; the helpers below read from it.
"""

from __future__ import annotations

from .explain import (
    Reading,
    cable_codes,
    explain,
    explain_cable,
    marking_readings,
    near_codes,
    near_note,
    tag_readings,
)
from .tables import HERE, address_words, routing, routing_shared, routing_written

__all__ = ["HERE", "Reading", "cable_codes", "describe_address", "describe_tag", "explain", "explain_cable",
           "explain_classification", "explain_reason", "near_codes", "near_note", "tag_kind"]


def describe_tag(tag: str) -> str | None:
    """``PHUM`` → ``Human Rights``; a known code no source explains → ``program tag, no known
    meaning``; None for a tag nothing explains."""
    readings = tag_readings(tag)
    best = next((r for r in readings if r.meaning is not None), readings[0] if readings else None)
    return best.summary() if best else None


def tag_kind(tag: str) -> str | None:
    """``PHUM`` → ``subject tag``; None for a tag nothing explains."""
    readings = tag_readings(tag)
    return readings[0].kind if readings else None


def describe_address(route: str, written: str | None = None) -> str | None:
    """``RUEHTA`` → ``AMEMBASSY ASTANA``; None where the routing book names another post than the
    cables write beside the indicator and ``written`` (the address on the line) is the cables' one:
    the line says it, and the book's contradicting name is left to the explanation (``e``). An
    indicator the cables write beside several addressees (RHMFISS) glosses no written address with
    any one of them; alone, it says it serves several."""
    route = route.upper()
    if route in routing_shared():
        if written and address_words(written):
            return None
        names = [w.name for w in routing_shared()[route][:3]]
        return f"one of several addressees in the cables: {', '.join(names)} …"
    w = routing_written().get(route)
    if w is not None and written is not None and address_words(written) & address_words(w.name):
        return None
    return routing().get(route)


def explain_classification(value: str) -> str | None:
    """``SECRET//NOFORN`` → what each part means, from the executive order and PlusD's list."""
    said = [r.meaning for r in marking_readings(value) if r.meaning and r.kind in ("classification", "caveat")]
    return "; ".join(said) or None


def explain_reason(value: str) -> str | None:
    """``1.4(d)`` → the category of section 1.4 of the executive order."""
    readings = [r for r in marking_readings(value) if r.kind == "classification reason"]
    return readings[0].meaning if readings else None
