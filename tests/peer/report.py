"""Print the peer suite's rate per family and every failing case, family by family.

    python -m tests.peer.report              # applicable failures
    python -m tests.peer.report --disputed   # the disputed cases too, with the line that disputes them
    python -m tests.peer.report --family tags
"""

from __future__ import annotations

import argparse
import json

from . import harness


def _short(value: object, width: int = 400) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    text = " ".join(text.split()) if isinstance(text, str) else str(text)
    return text if len(text) <= width else text[: width - 1] + "…"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--family", choices=[f for f, _ in harness.FAMILIES], help="only this family")
    ap.add_argument("--disputed", action="store_true", help="list the disputed cases as well")
    args = ap.parse_args(argv)
    cases = harness.all_cases()
    if args.family:
        cases = {args.family: cases[args.family]}
    results = harness.run(cases)
    print(harness.table(harness.rates(results)))
    for family, label in harness.FAMILIES:
        shown = [r for r in results if r.family == family and not r.ok
                 and (r.status == "applicable" or (args.disputed and r.status == "disputed"))]
        if not shown:
            continue
        print(f"\n== {label}: {len(shown)} failing ==")
        for r in shown:
            c = r.case
            where = c.get("corpus") or _short(c.get("input"), 160)
            o = c["origin"]
            print(f"\n{c['id']}  {c.get('cable') or ''}  [{o['file'].rsplit('/', 1)[-1]} {o['test']}]"
                  + ("  DISPUTED" if r.status == "disputed" else ""))
            print(f"  in:       {where}")
            print(f"  expected: {_short(c['expected'])}")
            print(f"  got:      {_short(r.got)}")
            if r.status == "disputed":
                print(f"  why:      {c['why']}\n  line:     {c['line']!r}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
