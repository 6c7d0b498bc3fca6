"""Classification and its markings, read wherever a cable writes them: the level a body line opens
with (spaced, doubled, lower-case), the ``ZNY CCCCC`` security line of the header, caption lines of
caveats, portion marks, and the one value a cable is given from these and its form's metadata.
"""

from __future__ import annotations

from .cable import Cable
from .regex import lazy

CAPTION_WORDS = frozenset({
    "SIPDIS", "NOFORN", "SENSITIVE", "EXDIS", "NODIS", "LIMDIS", "STADIS", "NOCONTRACT", "ORCON",
    "PROPIN", "FOUO", "NOFORN/SIPDIS", "SIPDIS/NOFORN", "CHEROKEE", "ROGER", "DISSENT", "CHANNEL",
    "EFTO", "TERREP", "CORRECTED", "COPY", "MED", "PER",
})
CAVEAT_WORDS = frozenset({"SIPDIS", "NOFORN", "SENSITIVE", "EXDIS", "NODIS", "LIMDIS", "STADIS",
                          "NOCONTRACT", "ORCON", "PROPIN", "FOUO", "EFTO", "CHEROKEE"})
MARK_TOKENS = frozenset({
    "U", "C", "S", "TS", "SBU", "FOUO", "NF", "NOFORN", "REL", "FGI", "LOU", "SI", "TK", "OC",
    "ORCON", "N", "PROPIN", "EFTO", "E", "CNF", "SNF", "S/NF", "C/NF", "SBU/NF", "LIMDIS", "EXDIS",
    "NODIS", "UNCLAS", "CONF", "SECRET",
})
CLASS_PREFIXES = (
    ("TOPSECRET", "TOP SECRET"), ("UNCLASSIFIED", "UNCLASSIFIED"), ("UNCLAS", "UNCLASSIFIED"),
    ("CONFIDENTIAL", "CONFIDENTIAL"), ("SECRET", "SECRET"),
    ("LIMITEDOFFICIALUSE", "LIMITED OFFICIAL USE"),
)
# The security line of a teletype header: ``ZNY CCCCC``, its letters the level.
SECURITY_LINE = lazy(r"^ZN[RY] +([UECSTL]{5})\b")
_SECURITY_LEVELS = {"U": "UNCLASSIFIED", "E": "UNCLASSIFIED", "C": "CONFIDENTIAL", "S": "SECRET", "T": "TOP SECRET",
                    "L": "LIMITED OFFICIAL USE"}


def classification_of(line: str) -> str | None:
    """The classification word(s) a body line opens with, spaced or lower-case."""
    upper = line[:60].upper()
    compact = upper.replace(" ", "")
    for prefix, value in CLASS_PREFIXES:
        if compact.startswith(prefix) or (compact[:1] == compact[1:2] and compact[1:].startswith(prefix)):
            if upper.startswith(prefix) and upper[len(prefix):len(prefix) + 1].isalpha() and prefix != "UNCLAS":
                return None  # a longer word: ``Secretary Ambuehl…``, ``CONFIDENTIALITY``
            return value
    return None


def after_classification(upper: str) -> str:
    """The rest of a line after its (possibly spaced) classification words."""
    compact = upper[:60].replace(" ", "")
    doubled = compact[:1] == compact[1:2]  # ``SS E C R E T``, ``UUNCLAS``
    for prefix, _ in CLASS_PREFIXES:
        if compact.startswith(prefix) or (doubled and compact[1:].startswith(prefix)):
            need, pos = len(prefix) + (not compact.startswith(prefix)), 0
            while need and pos < len(upper):
                if upper[pos] != " ":
                    need -= 1
                pos += 1
            return upper[pos:]
    return upper


def is_marking(text: str) -> bool:
    """Whether ``text`` (what stands in parentheses) is a portion marking: ``C``, ``S//NF``, ``SBU``."""
    return all(t.upper() in MARK_TOKENS for t in text.replace("//", "/").split("/"))


def caption_words(line: str) -> list[str] | None:
    """The caveat words if ``line`` is a caption line (``SIPDIS``, ``NOFORN SIPDIS``), else None."""
    words = line.upper().replace(",", " ").replace(".", " ").split()
    if not words or len(words) > 6:
        return None
    if " ".join(words) in ("FOR OFFICIAL USE ONLY", "E F T O", "C O R R E C T E D C O P Y"):
        return ["FOUO"] if words[0] == "FOR" else (["EFTO"] if words[0] == "E" else [])
    if all(w in CAPTION_WORDS for w in words):
        return [w for w in words if w in CAVEAT_WORDS]
    return None


def security_classification(lines: list[str]) -> str | None:
    """The classification the ``ZNY CCCCC`` security line gives, for cables whose body lacks one."""
    for raw in lines:
        m = SECURITY_LINE.match(raw.strip())
        if m:
            return _SECURITY_LEVELS.get(m.group(1)[0])
    return None


def cable_classification(cable: Cable, base: str | None, header_lines: list[str], meta_class: str | None,
                     body: str) -> str | None:
    """The site's six values: the level from the id line (else the security line, else the
    metadata), with ``//NOFORN`` for a NOFORN caption and ``//FOR OFFICIAL USE ONLY`` for
    unclassified cables marked SENSITIVE or FOUO."""
    if base is None:
        base = security_classification(header_lines)
    if base is None and meta_class:
        base = classification_of(meta_class)
        if base is None:
            return meta_class.upper()
    if base is None:
        return None
    # A release row or page table names the caveat the text may not show; the level is the text's.
    if meta_class and classification_of(meta_class) == base and meta_class.upper().startswith(base):
        return meta_class.upper()
    top = body[:600].upper()
    caveats = set(cable.caveats)
    if "NOFORN" in top.split("\n", 1)[0]:
        caveats.add("NOFORN")
    if base in ("CONFIDENTIAL", "SECRET", "TOP SECRET") and "NOFORN" in caveats:
        return base + "//NOFORN"
    if base == "UNCLASSIFIED" and ("SENSITIVE" in caveats or "FOUO" in caveats or "NOFORN" in caveats
                                   or "UNCLAS SENSITIVE" in top or "FOR OFFICIAL USE ONLY" in top):
        return "UNCLASSIFIED//FOR OFFICIAL USE ONLY"
    return base
