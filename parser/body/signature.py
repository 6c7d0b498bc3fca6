"""The signer at the end of a body (``CLINTON``, ``…as agreed. RICE``) and what may stand below it."""

from __future__ import annotations

from ..classification import caption_words
from ..regex import lazy

_GLUED_SIGNATURE = lazy(r"^(.*[.!?)\"]) +([A-Z][A-Z'-]{2,20})$")


NOT_SIGNATURES = frozenset({"END", "COMMENT", "SUMMARY", "SIPDIS", "NOFORN", "BT", "NNNN"})


def take_signature(kept: list[tuple[int, str]]) -> str | None:
    """Take the signer off the end of the body: alone on the last line, or glued to it; below
    it may stand what is no part of the text (a caption, ``NOTE BY OC/T: …``, ``NOTE: NOT
    PASSED TO ABOVE ADDRESSEE(S)``, an archive's footer ``2002ROME01748 - Classification:
    SECRET``, a lone ``.``), taken off with it. The signer, or None where there is none."""
    end = len(kept)
    while end and (not kept[end - 1][1] or (len(kept) - end < 8 and _is_trailer(kept[end - 1][1]))):
        end -= 1
    if not end:
        return None
    k, line = kept[end - 1]
    s = line.rstrip("\\").strip().rstrip("#").rstrip()
    if s.endswith(".") and s.count(" ") <= 1 and s[:-1].replace(" ", "").isalpha():
        s = s[:-1]  # ``MCNAMARA.``
    words = s.split()
    if (1 <= len(words) <= 4 and len(s) <= 40 and s[-1] not in ".:;,"
            and all(w.replace(".", "").replace("-", "").replace("'", "").isalpha() for w in words)
            and words[0].upper() not in NOT_SIGNATURES and caption_words(s) is None
            and not s.startswith("¶")):
        del kept[end - 1:]
        while kept and not kept[-1][1]:
            kept.pop()
        return s
    m = _GLUED_SIGNATURE.match(s)
    if m and m.group(2) not in NOT_SIGNATURES and len(m.group(1)) > 20:
        kept[end - 1] = (k, m.group(1))
        del kept[end:]
        return m.group(2)
    return None


# What may follow a signer without being text: a comm center's note, an archive's footer line.
_TRAILER = lazy(r"^(?:[.>#]+|NOTE BY [A-Z/ ]{1,20}:.*|NOTE: NOT PASSED.*|\d{4}[A-Z]{3,8}\d{4,6} - .*)$")


def _is_trailer(s: str) -> bool:
    return bool(_TRAILER.match(s)) or caption_words(s) is not None
