"""A post as a cable names it on its FM line (``AMEMBASSY ASTANA``, ``AMCONSUL ALMATY``,
``USMISSION USNATO``): the kind of post, then its city. The one list of those words, read by the
parser (a station from an FM line) and by the reader (a post's short and readable names).
"""

from __future__ import annotations

# Each word an FM line writes before the post's city, and the word a reader gives for it where it
# has one (the sites' own spelling: ``Embassy Astana``, ``Consulate Almaty``, ``Mission Usnato``).
ORIGIN_KINDS: dict[str, str | None] = {
    "AMEMBASSY": "Embassy", "AMCONSUL": "Consulate", "AMCONGEN": None, "USMISSION": "Mission", "AMEMB": None,
    "USINT": None, "USLO": None, "USOFFICE": None, "AMCONSULATE": None, "AMEMBASY": None, "US MISSION": None,
    "USDEL": None, "AIT": None,
}
ORIGIN_PREFIXES = tuple(ORIGIN_KINDS)


def station_from_origin(origin: str | None) -> str | None:
    """The station an FM line names: ``AMEMBASSY ASTANA`` → ``ASTANA``, ``SECSTATE WASHDC`` → ``STATE``."""
    if not origin:
        return None
    o = origin.upper()
    if o.startswith("SECSTATE"):
        return "STATE"
    for p in ORIGIN_PREFIXES:
        if o.startswith(p + " "):
            return o[len(p) + 1:].strip() or None
    return None


def short_origin(origin: str | None) -> str:
    """The city alone: ``AMEMBASSY ASTANA`` → ``ASTANA``; the site's ``Embassy Astana`` → ``Astana``."""
    o = origin or ""
    for prefix, word in ORIGIN_KINDS.items():
        if word is None:
            continue
        for written in (prefix, word):
            if o.startswith(written + " "):
                return o[len(written) + 1:]
    return o


def readable_origin(origin: str | None) -> str:
    """The post as the sites write it: ``AMEMBASSY ASTANA`` → ``Embassy Astana``."""
    o = origin or ""
    for prefix, word in ORIGIN_KINDS.items():
        if word is not None and o.upper().startswith(prefix + " "):
            return word + " " + o[len(prefix) + 1:].title()
    return o
