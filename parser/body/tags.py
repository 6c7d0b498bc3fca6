"""The TAGS field: its codes, the captions written among them, and the prose that flowed onto it."""

from __future__ import annotations

from ..classification import CAVEAT_WORDS
from ..regex import lazy

TAGS_SCAN = 1000  # characters of the TAGS field read (the longest of the corpus's 6,310 pages: 134)


_UNUSUAL_WORD = lazy(r"(?<!\S)(?![A-Z]{1,5}(?:\s|$))\S+")  # a word that is no short word in capitals
_TAG_GROUP = lazy(r"\(([^()]{3,60})\)")  # ``OVIP (CLINTON, HILLARY)``: a person's name, one tag


def tags_captions_prose(text: str) -> tuple[list[str], list[str], str]:
    """TAGS codes in order, each once, the captions written among them (``SIPDIS``), and the
    words after them that are no TAGS (:func:`_prose_start`); stops where the field visibly ends
    (a ``KEY:`` glued on, or the spaced letters of a classification line). A name in parentheses
    is one tag (``(STEINBERG, JAMES B.)`` → ``STEINBERG, JAMES B.``); a word too long to be one
    code is read as codes written together where the code lists spell it
    (``KFRDKIRFCVISCMGTKOCIASECPHUMSMIGEG`` → KFRD, KIRF, CVIS …), else dropped."""
    out: list[str] = []
    captions: list[str] = []
    singles = 0
    names = [m.group(1) for m in _TAG_GROUP.finditer(text)]
    if names:
        text = _TAG_GROUP.sub(" \x00 ", text)
    written = text.split()
    cut = _prose_start(written)
    words = " ".join(written[:cut]).replace(",", " ").replace(";", " ").split()
    for raw in words:
        if raw == "\x00":
            name = " ".join(names.pop(0).upper().split()).strip(" ,")
            if name and name not in out:
                out.append(name)
            continue
        if raw.endswith(":") and len(raw) > 2:
            break
        tok = raw.strip("()[]{}.:;").upper()
        if len(tok) == 1:
            singles += 1
            if singles >= 3:
                break
            continue
        singles = 0
        if tok in CAVEAT_WORDS:
            captions.append(tok)
            continue
        if len(tok) > 30:
            out.extend(t for t in _codes_glued_in(tok) if t not in out)
            continue
        if tok and tok != tok.lower() and tok not in out:  # has a letter
            out.append(tok)
    return out, captions, " ".join(written[cut:])


def _prose_start(words: list[str]) -> int:
    """Where words that are no TAGS flowed onto the TAGS line begin: the first of five or more
    words at the end of the line fewer than a third of which look like codes (a code or word the
    glossary knows from TAGS lines, or a short word in capitals): ``… PINR PE RUN-OFF, SEEKS
    EMBASSY'S ASSISTANCE IN CEMENTING …``, a subject whose key is lost; ``len(words)`` where there
    is none."""
    n = len(words)
    # Such a tail holds at least four words that are no short word in capitals: else there is none.
    if n < 5 or len(_UNUSUAL_WORD.findall(" ".join(words).replace(",", " "))) < 4:
        return n
    from ..glossary.explain import tag_readings  # here: the code lists load only when needed

    def code_like(w: str) -> bool:
        if w == "\x00":
            return True
        parts = [t for t in (p.strip("()[]{}.:;\"") for p in w.replace(";", ",").split(",")) if t]
        return all((len(t) <= 5 and t.isalpha() and t.isupper()) or bool(tag_readings(t.upper())) for t in parts)

    like = [code_like(w) for w in words]
    tail = 0
    cut = n
    for k in range(n - 1, -1, -1):  # the earliest start of such a tail
        tail += like[k]
        if n - k >= 5 and not like[k] and 3 * tail < n - k:
            cut = k
    return cut


def _codes_glued_in(word: str) -> list[str]:
    """The codes a word too long to be one spells, written together; none if the lists do not
    spell it (the glossary's reading of glued tags, :mod:`parser.glossary.explain`)."""
    from ..glossary.explain import glued_codes  # here: the code lists load only when needed

    return glued_codes(word) or []


def tag_like(line: str) -> bool:
    """A wrapped continuation of a TAGS line: short code-like words only."""
    words = line.replace(",", " ").split()
    return 0 < len(words) <= 12 and len(line) <= 90 and all(
        len(w) <= 14 and (w.isupper() or w.islower()) and not w.endswith(".") for w in words)


def tags_go_on(line: str, nxt: str) -> bool:
    """Whether a code-like line after a TAGS line carries on the list: the TAGS line ends with a
    comma, or at least half the line's words are codes or words the glossary knows from TAGS
    lines (``PHUM`` / ``KDEM``, ``COUNTRY`` / ``CLEARANCE``, ``pinr, amgt, tf, br``); not a line
    of other words (``TAGS: something`` / ``here``; ``TAGS: PGOV PINR PE`` / ``RUN-OFF,``, a
    subject whose key is lost)."""
    from ..glossary.explain import tag_readings  # here: the code lists load only when needed

    if line.rstrip().endswith(","):
        return True  # ``TAGS: something,`` / ``here``
    words = [w.strip("()[].;:") for w in nxt.replace(",", " ").split()]
    words = [w for w in words if w]
    return bool(words) and 2 * sum(bool(tag_readings(w)) for w in words) >= len(words)
