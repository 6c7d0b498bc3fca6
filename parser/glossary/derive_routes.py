"""Derive ``routing_seen.csv``: RU… and RH… routing indicators that the public routing book lacks
(collectives, relays, secondary station indicators), with the plain address the cables themselves
write beside them on their TO and INFO lines (``RUEHZL/EUROPEAN POLITICAL COLLECTIVE``) or, for a
sending station, on the FM line under its ``DE`` line (``DE RUEHFRA`` … ``FM AMEMBASSY PARIS``).
Indicators seen on routing lines only, beside no name, are left out: no source names them.

And ``routing_written.csv``: indicators of the routing book whose address shares no word (the
kind of post aside: AMEMBASSY, AMCONSUL…) with any address the cables write beside them, in at
least three cables (``RUEHDIR``: the book says AMCONSUL NAGOYA, 18 cables write RPO DUBAI): the
address the cables write most, how many cables, and one of them. Both are shown; neither is chosen.

And ``routing_shared.csv``: indicators the cables write beside several addressees (``RHMFISS``:
HQ USCENTCOM MACDILL AFB FL, CDR USSOUTHCOM MIAMI FL, JOINT STAFF WASHINGTON DC …), so that no one
of them is the indicator's meaning. The rule looks at the names alone: taken from the most written
down, at least three names (each in three or more cables) that share no word with one another
(USDOE WASHDC beside DEPT OF ENERGY WASHDC, or KIEV beside KYIV, is one addressee written two
ways, and two names never make the rule). Every name written beside it in three or more cables is
kept, with how many cables and one of them.

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
from .tables import address_words

_PAIR = re.compile(r"\b(R[UH][A-Z]{3,5})/([A-Z][A-Z0-9 .&'/-]{2,60}?)"
                   r"(?: (?:IMMEDIATE|PRIORITY|ROUTINE|FLASH))?(?: \d{1,5})?\s*(?:&#x000A;|\n|</pre>)")
MIN_CABLES = 3  # a route and a name paired in fewer cables may be a line read wrongly
MIN_ADDRESSEES = 3  # names apart that make an indicator shared: two may be one post written two ways


_SENDER = re.compile(r"\bDE (R[UH][A-Z]{3,5}) #.{0,400}?\bFM ([A-Z][A-Z0-9 .&'/-]{2,60}?)\s*(?:&#x000A;|\n)", re.S)

def main(corpus: Path) -> None:
    names: dict[str, Counter[str]] = defaultdict(Counter)
    example: dict[tuple[str, str], str] = {}
    with tarfile.open(corpus / "cablegate-2011-04-25.tar.xz", "r:xz") as tar:
        for m in tar:
            f = tar.extractfile(m) if m.isfile() else None
            if f is None:
                continue
            text = f.read().decode("utf-8", "replace")
            text = text[:text.find("</pre>") + 6]  # the routing header only: the body may write R…/ words
            for route, name in (*_PAIR.findall(text), *_SENDER.findall(text)):
                names[route][name.strip()] += 1
                example.setdefault((route, name.strip()), m.name.rsplit("/", 1)[-1].split(".")[0])
    with (HERE / "routing.csv").open(encoding="utf-8", newline="") as book:
        booked = {row[0].strip(): row[1].strip() for row in csv.reader(book) if len(row) >= 2}
    known = set(booked)  # the routing book only
    rows = sorted((r, c.most_common(1)[0][0]) for r, c in names.items() if r not in known)
    with (HERE / "routing_seen.csv").open("w", encoding="utf-8", newline="") as out:
        csv.writer(out).writerows(rows)
    print(f"{len(rows)} routes written")
    written = []
    for route, seen in sorted(names.items()):
        name, count = seen.most_common(1)[0]
        if route in booked and count >= MIN_CABLES \
                and not set().union(*(address_words(n) for n in seen)) & address_words(booked[route]):
            written.append((route, name, count, example[(route, name)]))
    with (HERE / "routing_written.csv").open("w", encoding="utf-8", newline="") as out:
        csv.writer(out).writerows(written)
    print(f"{len(written)} routes the cables write otherwise than the routing book")
    shared = [(route, name, count, example[(route, name)])
              for route, seen in sorted(names.items()) if len(_apart(seen)) >= MIN_ADDRESSEES
              for name, count in sorted(seen.items(), key=lambda nc: (-nc[1], nc[0])) if count >= MIN_CABLES]
    with (HERE / "routing_shared.csv").open("w", encoding="utf-8", newline="") as out:
        csv.writer(out).writerows(shared)
    print(f"{len({r[0] for r in shared})} routes the cables write beside several addressees")


def _apart(seen: Counter[str]) -> list[str]:
    """Names written beside one route that share no word with one another, taken from the most
    written down (each in at least ``MIN_CABLES`` cables)."""
    apart: list[str] = []
    for name, count in sorted(seen.items(), key=lambda nc: (-nc[1], nc[0])):
        if count >= MIN_CABLES and all(not address_words(name) & address_words(a) for a in apart):
            apart.append(name)
    return apart


if __name__ == "__main__":
    main(Path(sys.argv[1]))
