"""How many of the reference ids our parser reads from the corpus are of the form the archives use,
and how many name a cable of the corpus (issue 26's measure; not a test: it reads every page of the corpus).

    python -m tests.peer.measure_refs [--limit N] [--examples K]

"Of the form the archives use" means: two-digit year, a station, a serial of 1-7 digits, where the
station is one the archive's own ids use: a station of one of the 6,310 corpus ids
(``cablegate-2011-04-25.tsv``) or a State post of ``../shared/reference/routing-indicators.csv``
(its RUEH* rows, the address without AMEMBASSY/AMCONSUL/USMISSION and with spaces removed, as
the archive writes ``HOCHIMINHCITY``). ``08SECSTATE74879`` and ``07LEEGOLDSTEINEMAIL5`` are not.
"""

from __future__ import annotations

import argparse
import csv
import re
import tarfile
from collections import Counter

from parser import HEAD_ONLY, parse

from . import harness

corpus = harness.corpus
_ID = re.compile(r"^(\d{2})([A-Z]+?)(\d{1,7})$")
_PREFIXES = ("AMEMBASSY ", "AMCONSUL ", "AMCONGEN ", "USMISSION ", "AMEMB ", "USINT ", "USLO ", "USOFFICE ")


def archive_stations() -> set[str]:
    stations = set()
    with corpus.TSV.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            if m := _ID.match(row["reference_id"]):
                stations.add(m.group(2))
    with (corpus.SHARED / "reference" / "routing-indicators.csv").open(encoding="utf-8", newline="") as f:
        for ri, name in csv.reader(f):
            if ri.startswith("RUEH"):
                for p in _PREFIXES:
                    if name.startswith(p):
                        stations.add(re.sub(r"[^A-Z]", "", name[len(p):].upper()))
    stations.add("STATE")
    return stations


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--limit", type=int, default=None, help="only the first N pages")
    ap.add_argument("--examples", type=int, default=15, help="how many of the commonest off-form stations to show")
    args = ap.parse_args(argv)
    corpus.require_corpus = lambda: None  # a script: the message below says what is missing
    if not corpus.TARBALL.exists():
        print(f"no corpus at {corpus.TARBALL}")
        return 1
    stations = archive_stations()
    ids = {row.split("\t", 1)[0] for row in corpus.TSV.read_text(encoding="utf-8").splitlines()[1:]}
    pages = refs = with_id = of_form = in_corpus = 0
    off_form: Counter[str] = Counter()
    with tarfile.open(corpus.TARBALL, "r:xz") as tar:
        for member in tar:
            if not (member.isfile() and member.name.endswith(".html")):
                continue
            f = tar.extractfile(member)
            if f is None:
                continue
            pages += 1
            for cable in parse(f.read(), name=member.name, policy=HEAD_ONLY)[:1]:
                for r in cable.references:
                    refs += 1
                    if not r.id:
                        continue
                    with_id += 1
                    m = _ID.match(r.id)
                    if m and m.group(2) in stations:
                        of_form += 1
                        in_corpus += r.id in ids
                    else:
                        off_form[m.group(2) if m else r.id] += 1
            if args.limit and pages >= args.limit:
                break
    print(f"pages read: {pages:,}; references: {refs:,}; with an id: {with_id:,}")
    print(f"ids of the form the archives use: {of_form:,} of {with_id:,} ({of_form / max(with_id, 1):.1%})")
    print(f"ids naming a cable of the corpus: {in_corpus:,} of {with_id:,} ({in_corpus / max(with_id, 1):.1%})")
    print(f"ids not of that form: {with_id - of_form:,}; commonest stations among them:")
    for station, n in off_form.most_common(args.examples):
        print(f"  {n:5,}  {station}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
