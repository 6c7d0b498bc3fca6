"""Derive ``routing_seen.csv``: RU… and RH… routing indicators that the public routing book lacks
(collectives, relays, secondary station indicators), with the plain address the cables themselves
write beside them on their TO and INFO lines (``RUEHZL/EUROPEAN POLITICAL COLLECTIVE``) or, for a
sending station, on the FM line under its ``DE`` line (``DE RUEHFRA`` … ``FM AMEMBASSY PARIS``).
Indicators seen on routing lines only, beside no name, are left out: no source names them.

Run where the shared corpus is: ``python -m parser.glossary.derive_routes ../shared/corpus``.
Only route → name facts are kept (the most frequent name for each route); no cable text is.
"""

from __future__ import annotations

import csv
import re
import sys
import tarfile
from collections import Counter, defaultdict
from pathlib import Path

from . import HERE

_PAIR = re.compile(r"\b(R[UH][A-Z]{3,5})/([A-Z][A-Z0-9 .&'/-]{2,60}?)"
                   r"(?: (?:IMMEDIATE|PRIORITY|ROUTINE|FLASH))?(?: \d{1,5})?\s*(?:&#x000A;|\n|</pre>)")
_SENDER = re.compile(r"\bDE (R[UH][A-Z]{3,5}) #.{0,400}?\bFM ([A-Z][A-Z0-9 .&'/-]{2,60}?)\s*(?:&#x000A;|\n)", re.S)

def main(corpus: Path) -> None:
    names: dict[str, Counter[str]] = defaultdict(Counter)
    with tarfile.open(corpus / "cablegate-2011-04-25.tar.xz", "r:xz") as tar:
        for m in tar:
            f = tar.extractfile(m) if m.isfile() else None
            if f is None:
                continue
            text = f.read().decode("utf-8", "replace")
            text = text[:text.find("</pre>") + 6]  # the routing header only: the body may write R…/ words
            for route, name in (*_PAIR.findall(text), *_SENDER.findall(text)):
                names[route][name.strip()] += 1
    with (HERE / "routing.csv").open(encoding="utf-8", newline="") as book:
        known = {row[0].strip() for row in csv.reader(book) if row}  # the routing book only
    rows = sorted((r, c.most_common(1)[0][0]) for r, c in names.items() if r not in known)
    with (HERE / "routing_seen.csv").open("w", encoding="utf-8", newline="") as out:
        csv.writer(out).writerows(rows)
    print(f"{len(rows)} routes written")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
