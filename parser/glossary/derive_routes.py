"""Derive ``routing_seen.csv``: RUEH routing indicators that the public routing book lacks
(collectives, relays), with the plain address the cables themselves write beside them on their
TO and INFO lines (``RUEHZL/EUROPEAN POLITICAL COLLECTIVE``).

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

from . import HERE, routing

_PAIR = re.compile(r"\b(RUEH[A-Z]{1,4})/([A-Z][A-Z0-9 .&'/-]{2,60}?)"
                   r"(?: (?:IMMEDIATE|PRIORITY|ROUTINE|FLASH))?(?: \d{1,5})?\s*(?:&#x000A;|\n)")


def main(corpus: Path) -> None:
    names: dict[str, Counter[str]] = defaultdict(Counter)
    with tarfile.open(corpus / "cablegate-2011-04-25.tar.xz", "r:xz") as tar:
        for m in tar:
            f = tar.extractfile(m) if m.isfile() else None
            if f is None:
                continue
            text = f.read().decode("utf-8", "replace")
            for route, name in _PAIR.findall(text):
                names[route][name.strip()] += 1
    known = routing()
    rows = sorted((r, c.most_common(1)[0][0]) for r, c in names.items() if r not in known)
    rows.append(("RUEHWEB", "WEB relay: posted for web distribution (SIPRNet)"))
    with (HERE / "routing_seen.csv").open("w", encoding="utf-8", newline="") as out:
        csv.writer(out).writerows(rows)
    print(f"{len(rows)} routes written")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
