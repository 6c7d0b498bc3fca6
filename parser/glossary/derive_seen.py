"""Derive ``acronyms_seen.tsv`` and ``offices_seen.tsv`` from the public Cablegate cables.

``acronyms_seen.tsv``: a tag the handbook lists do not explain, spelled out in the text of a cable
that carries it (``INTERNATIONAL WHALING COMMISSION (IWC)`` in a cable tagged IWC). The long form
is found by Schwartz and Hearst's rule (each letter of the short form, right to left, matched in
the words before the parenthesis, the first one at the start of a word); the most frequent long
form is kept, with the first cable (by id) that writes it.

``offices_seen.tsv``: office symbols the cables write on their ``DEPT FOR`` / ``STATE FOR`` lines
(``EAP/MLS``), with the first cable that writes each; these lines sometimes slide onto the TAGS
line, where the symbol's parts (EAP, MLS) are then read as office symbols, not tags. The words after
``DEPT FOR`` on such a TAGS line are kept as symbols too.

Run where the shared corpus is: ``python -m parser.glossary.derive_seen ../shared/corpus``.
Only code → long form and symbol → cable facts are kept; no cable text is.
"""

from __future__ import annotations

import re
import sys
import tarfile
from collections import Counter, defaultdict
from pathlib import Path

from . import HERE

_PAREN = re.compile(r"\(([A-Z][A-Z0-9&-]{1,11})\)")
_WORD = re.compile(r"[A-Za-z][A-Za-z'&.-]*")
_FOR_LINE = re.compile(r"^[ \t]*(?:DEPT|STATE|SECSTATE|DEPARTMENT)(?:[ \t]+(?:ALSO|PLEASE|PASS|TO))*"
                       r"[ \t]+FOR[ \t]+(.{1,300})$", re.M)
_SMALL = {"of", "the", "and", "for", "in", "on", "to", "a", "an", "de", "la", "le", "du", "des"}
_SYMBOL = re.compile(r"\b([A-Z]{1,6}(?:/[A-Z0-9]{1,8}){1,3})\b")


def long_form(short: str, words: list[str]) -> str | None:
    """The shortest run of ``words`` (ending at the last) that spells ``short`` by Schwartz and
    Hearst's rule; None when the letters do not all match."""
    text = " ".join(words)
    s, i = len(short) - 1, len(text) - 1
    while s >= 0:
        c = short[s].lower()
        if not c.isalnum():
            s -= 1
            continue
        while i >= 0 and (text[i].lower() != c or (s == 0 and i > 0 and text[i - 1].isalnum())):
            i -= 1
        if i < 0:
            return None
        i -= 1
        s -= 1
    start = text.rfind(" ", 0, i + 1) + 1
    found = text[start:].strip(" ,;:-").split()
    if found and found[0].lower() in _SMALL:  # "of American States": take the word before it
        before = text[:start].split()
        if not before or before[-1][0].lower() != short[0].lower():
            return None
        found.insert(0, before[-1])
    if len(found) < 2 or len(found[-1]) < 2 or len(" ".join(found)) <= len(short):
        return None
    return " ".join(found)


def acronyms(text: str, codes: set[str]) -> list[tuple[str, str]]:
    """(code, long form) for each ``LONG FORM (CODE)`` in ``text`` whose code is in ``codes``."""
    found = []
    for m in _PAREN.finditer(text):
        code = m.group(1)
        if code not in codes:
            continue
        before = _WORD.findall(text[max(0, m.start() - 200):m.start()])
        window = before[-min(len(code) + 5, 2 * len(code)):]
        if window and (form := long_form(code, window)):
            found.append((code, form))
    return found


def _slid(tags: list[str]) -> list[str]:
    """The office symbols of a DEPT FOR line that slid onto the TAGS line: the tags after
    ``DEPT FOR`` (``TAGS: PM DEPT FOR EAP EAP MTS EAP MLS``; the site splits EAP/MLS in two)."""
    for i in range(len(tags) - 1):
        if tags[i] in ("DEPT", "STATE") and tags[i + 1] == "FOR":
            return [t for t in tags[i + 2:] if t.isalpha() and len(t) <= 6]
    return []


def main(corpus: Path) -> None:
    from parser import parse
    from parser.glossary.tables import handbook_codes

    explained = handbook_codes()
    forms: dict[str, Counter[str]] = defaultdict(Counter)
    first: dict[tuple[str, str], str] = {}
    offices: dict[str, str] = {}
    with tarfile.open(corpus / "cablegate-2011-04-25.tar.xz", "r:xz") as tar:
        for m in tar:
            f = tar.extractfile(m) if m.isfile() else None
            if f is None:
                continue
            for c in parse(f.read().decode("utf-8", "replace"), name=m.name)[:1]:
                cid = c.id or m.name
                codes = {t for t in c.tags if len(t) > 2 and t not in explained}
                for code, form in acronyms(c.body_text, codes):
                    key = " ".join(form.upper().split())
                    forms[code][key] += 1
                    if (code, key) not in first or cid < first[code, key]:
                        first[code, key] = cid
                symbols = [s for line in _FOR_LINE.findall(c.body_text) for s in _SYMBOL.findall(line)]
                symbols += _slid(c.tags)
                for symbol in symbols:
                    if symbol not in offices or cid < offices[symbol]:
                        offices[symbol] = cid
    with (HERE / "acronyms_seen.tsv").open("w", encoding="utf-8") as out:
        out.write("code\tlong_form\tcable\tcables\n")
        for code in sorted(forms):
            form, n = forms[code].most_common(1)[0]
            out.write(f"{code}\t{form}\t{first[code, form]}\t{n}\n")
    with (HERE / "offices_seen.tsv").open("w", encoding="utf-8") as out:
        out.write("symbol\tcable\n")
        out.writelines(f"{s}\t{offices[s]}\n" for s in sorted(offices))
    print(f"{len(forms)} long forms, {len(offices)} office symbols written")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
