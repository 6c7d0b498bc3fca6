"""The peer suite: heuer/cablemap's own test cases, run through :func:`parser.parse`.

The cases are data (``cases/*.json``, one file a family; ``NOTES.md`` says where they come from).
A case gives a cable text or fragment (``input``) or names a whole cable of the shared corpus
(``corpus``), the value cablemap expects, and its status: ``applicable`` (counted in the rate),
``disputed`` (the expectation contradicts the text it tests; ``line`` quotes the line) or
``left_out`` (about cablemap's own tables, not the cable's text). Only applicable cases make the
rate; disputed cases are run and shown apart.

How a fragment becomes a cable (the least that lets ``parse`` read it as one):

- routing-header fragments (the ``to`` and ``info`` families) get a blank line and a one-line body
  ``UNCLAS`` after them, the classification line that ends a header;
- every other fragment becomes the body of a cable whose header is a date-time group in the year
  the case gives (``R 010000Z JAN 07``; the year is what cablemap's function was given, else the
  year of the cable the case names), and, where the case names its cable (``07TALLINN375``),
  ``FM AMEMBASSY TALLINN`` / ``TO SECSTATE WASHDC`` (``FM SECSTATE WASHDC`` for STATE) and the body's id
  line ``UNCLAS TALLINN 000375`` before the fragment; with a year but no cable the body opens with
  a bare ``UNCLAS`` line;
- a fragment with neither year nor cable is parsed as it is; where the parser refuses it as no
  cable (no id, classification, subject or TAGS in it), a bare ``UNCLAS`` line opens it.

How values are compared, where cablemap's convention differs from ours (meaning, not spelling):

- reference ids: upper case, leading zeros of the serial dropped (``06TBILISI0619`` = ``06TBILISI619``);
  a plain reference list compares the ids in order, each once; a labelled list compares
  (label, id) pairs in order, and each reference cablemap types as not a cable (e-mail, telcon,
  report, book) must be one of ours without an id whose text holds its text;
- TAGS: each tag split into words at spaces and commas, upper case, each word once, in order
  (``HUMAN RIGHTS`` = ``HUMAN``, ``RIGHTS``; ``CLINTON, HILLARY`` = ``CLINTON HILLARY``);
- classified-by: ours keeps the title (``Acting Deputy Chief of Mission Marc Wall``); it passes
  when each expected name appears in it, case and spacing aside and an apostrophe typed as a comma
  taken as one (``O,Grady`` = ``O'Grady``) and end punctuation aside (``Blake, Jr.`` = ``Blake, Jr``),
  in order, the last followed by
  nothing or by punctuation that ends a name (``,`` ``;`` ``:`` ``(`` ``.``), so a reason that leaks
  into the name (``Marc Wall for Reas``) fails; no expected name means ours is empty;
- signers: letters only, upper case, names joined (``O'DONOHUE`` = ``ODONOHUE``,
  ``KEEGAN/PAAL`` = ``KEEGANPAAL``); no expected name means no signature;
- summaries: paragraph numbers and portion marks (``2. (C)``) dropped, then letters and digits
  only, upper case;
- subjects: spacing collapsed, otherwise as written;
- recipients: (route, name, precedence, serial) of each address, in order;
- the E.O. declassification date, transmission id and cable id: equal as written.
"""

from __future__ import annotations

import json
import re
import sys
import tarfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from parser import parse
from parser.cable import Cable
from parser.errors import ParseError

HERE = Path(__file__).resolve().parent
if str(HERE.parent) not in sys.path:  # tests/ itself, as its conftest does, for ``corpus``
    sys.path.insert(0, str(HERE.parent))
import corpus  # noqa: E402

CASES = HERE / "cases"
LAST_RATES: dict[str, Rate] | None = None  # the last run's rates, printed by conftest.py

# Family name, file, and the label printed in the table.
FAMILIES: list[tuple[str, str]] = [
    ("references", "references"),
    ("labelled_references", "labelled references"),
    ("summaries", "summaries"),
    ("classified_by", "classified by"),
    ("tags", "TAGS"),
    ("signers", "signers"),
    ("subjects", "subjects"),
    ("to", "TO recipients"),
    ("info", "INFO recipients"),
    ("eo_decl", "E.O. declassification date"),
    ("transmission_ids", "transmission ids"),
    ("canonical_ids", "malformed / canonical ids"),
]


@dataclass
class Result:
    family: str
    case: dict[str, Any]
    ok: bool
    got: Any

    @property
    def status(self) -> str:
        return str(self.case["status"])


def load(family: str) -> list[dict[str, Any]]:
    with (CASES / f"{family}.json").open(encoding="utf-8") as f:
        data: list[dict[str, Any]] = json.load(f)
    return data


def all_cases() -> dict[str, list[dict[str, Any]]]:
    return {family: load(family) for family, _ in FAMILIES}


# -- turning a case into a cable -----------------------------------------------------------------

_CABLE_ID = re.compile(r"^(\d{2})([A-Z]+?)(\d+)$")


def wrap(family: str, case: dict[str, Any]) -> str:
    """The cable text for a fragment (see the module docstring)."""
    text: str = case["input"]
    if family in ("to", "info"):
        return text.rstrip("\n") + "\n\nUNCLAS\n"
    year = case.get("year")
    m = _CABLE_ID.match(case.get("cable") or "")
    if year is None and m is None:
        return text
    head: list[str] = []
    if year is None and m is not None:
        yy = int(m.group(1))
        year = 1900 + yy if yy >= 66 else 2000 + yy
    head.append(f"R 010000Z JAN {int(year) % 100:02d}")
    first = "UNCLAS"
    if m is not None:
        station, serial = m.group(2), int(m.group(3))
        if station == "STATE":
            head += ["FM SECSTATE WASHDC", "TO ALL DIPLOMATIC POSTS"]
        else:
            head += [f"FM AMEMBASSY {station}", "TO SECSTATE WASHDC"]
        first = f"UNCLAS {station} {serial:06d}"
    return "\n".join(head) + "\n\n" + first + "\n\n" + text


@cache
def corpus_files(names: frozenset[str]) -> dict[str, bytes]:
    """The named pages of the corpus tarball (one pass over it) and files of ``variants/``."""
    out: dict[str, bytes] = {}
    wanted = {n for n in names if "/" not in n}
    if wanted:
        with tarfile.open(corpus.TARBALL, "r:xz") as tar:
            for member in tar:
                base = member.name.rsplit("/", 1)[-1]
                if member.isfile() and base in wanted:
                    f = tar.extractfile(member)
                    if f is not None:
                        out[base] = f.read()
    for n in names - wanted:
        path = corpus.CORPUS / n
        out[n] = path.read_bytes()
    return out


def cable_of(family: str, case: dict[str, Any], files: dict[str, bytes]) -> Cable | None:
    if case.get("corpus"):
        data = files.get(case["corpus"])
        if data is None:
            return None
        cables = parse(data, name=case["corpus"])
    else:
        text = wrap(family, case)
        try:
            cables = parse(text)
        except ParseError:
            if text != case["input"]:
                raise
            # A bare fragment the parser refuses as no cable: a classification line opens it.
            cables = parse("UNCLAS\n\n" + text)
    return cables[0] if cables else None


# -- comparing -----------------------------------------------------------------------------------

_ID = re.compile(r"^(\d{2})([A-Z]+?)0*(\d+)$")


def norm_id(rid: str) -> str:
    rid = rid.upper()
    m = _ID.match(rid)
    return f"{m.group(1)}{m.group(2)}{m.group(3)}" if m else rid


def _once(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _space(s: str | None) -> str:
    return " ".join((s or "").split())


def check_references(c: Cable, expected: Any) -> tuple[bool, Any]:
    ours = _once(norm_id(r.id) for r in c.references if r.id)
    if isinstance(expected, dict):
        want = [norm_id(x) for x in expected["contains"]]
        return all(w in ours for w in want), ours
    return ours == _once(norm_id(x) for x in expected), ours


def check_labelled(c: Cable, expected: Any) -> tuple[bool, Any]:
    ours = [[(r.label or "").upper() or None, norm_id(r.id)] for r in c.references if r.id]
    want = [[(e["label"] or "").upper() or None, norm_id(e["value"])] for e in expected if e["kind"] == "cable"]
    texts = [_space(r.text).casefold() for r in c.references if not r.id]
    kept = all(any(_space(e["value"]).casefold() in t for t in texts) for e in expected if e["kind"] != "cable")
    return ours == want and kept, {"cables": ours, "not cables": [r.text for r in c.references if not r.id]}


def tag_words(tags: Iterable[str]) -> list[str]:
    return _once(w for t in tags for w in re.split(r"[\s,]+", t.upper()) if w)


def check_tags(c: Cable, expected: Any) -> tuple[bool, Any]:
    return tag_words(c.tags) == tag_words(expected), c.tags


_NAME_END = re.compile(r"^\s*(?:$|[,;:(.])")


_COMMA_APOSTROPHE = re.compile(r"(?<=[a-z])[,’](?=[a-z])")


def _name(s: str | None) -> str:
    return _COMMA_APOSTROPHE.sub("'", _space(s).casefold())


def check_classified_by(c: Cable, expected: Any) -> tuple[bool, Any]:
    ours = _name(c.classified_by)
    names = [_name(n).rstrip(" ,.;:") for n in expected if n]
    if not names:
        return not ours, c.classified_by
    pos = 0
    for n in names:
        m = re.search(r"(?<![a-z0-9])" + re.escape(n), ours[pos:])
        if m is None:
            return False, c.classified_by
        pos += m.end()
    return bool(_NAME_END.match(ours[pos:])), c.classified_by


def _letters(s: str) -> str:
    return re.sub(r"[^A-Z]", "", s.upper())


def check_signer(c: Cable, expected: Any) -> tuple[bool, Any]:
    return _letters(c.signature or "") == _letters("".join(expected)), c.signature


_PARA_MARK = re.compile(r"(?:^|(?<=\s))¶?\d{1,3}\s?\.\s*(?:\([A-Z/]{1,12}\))?|\((?:U|C|S|SBU|C/NF|S/NF|S//NF)\)")


def norm_summary(s: str | None) -> str:
    return re.sub(r"[^A-Z0-9]", "", _PARA_MARK.sub(" ", s or "").upper())


def check_summary(c: Cable, expected: Any) -> tuple[bool, Any]:
    return norm_summary(c.summary) == norm_summary(expected), c.summary


def check_subject(c: Cable, expected: Any) -> tuple[bool, Any]:
    return _space(c.subject) == _space(expected), c.subject


def _addresses(addresses: list[Any]) -> list[list[str | None]]:
    return [[a.route, a.name, a.precedence, a.serial] for a in addresses]


def check_to(c: Cable, expected: Any) -> tuple[bool, Any]:
    return _addresses(c.to) == expected, _addresses(c.to)


def check_info(c: Cable, expected: Any) -> tuple[bool, Any]:
    return _addresses(c.info) == expected, _addresses(c.info)


def check_eo(c: Cable, expected: Any) -> tuple[bool, Any]:
    got = c.eo.decl if c.eo else None
    return got == expected, got


def check_transmission_id(c: Cable, expected: Any) -> tuple[bool, Any]:
    return c.transmission_id == expected, c.transmission_id


def check_id(c: Cable, expected: Any) -> tuple[bool, Any]:
    return c.id == expected, c.id


CHECKS: dict[str, Callable[[Cable, Any], tuple[bool, Any]]] = {
    "references": check_references,
    "labelled_references": check_labelled,
    "summaries": check_summary,
    "classified_by": check_classified_by,
    "tags": check_tags,
    "signers": check_signer,
    "subjects": check_subject,
    "to": check_to,
    "info": check_info,
    "eo_decl": check_eo,
    "transmission_ids": check_transmission_id,
    "canonical_ids": check_id,
}


def run(cases: dict[str, list[dict[str, Any]]] | None = None) -> list[Result]:
    """Every case (left-out ones too, marked so) through the parser."""
    cases = cases if cases is not None else all_cases()
    needed = frozenset(c["corpus"] for cs in cases.values() for c in cs if c.get("corpus"))
    files = corpus_files(needed) if needed else {}
    results = []
    for family, cs in cases.items():
        for case in cs:
            try:
                cable = cable_of(family, case, files)
            except ParseError as e:  # the parser refused it (e.g. as no cable): the case fails
                results.append(Result(family, case, False, f"refused: {e}"))
                continue
            if cable is None:
                results.append(Result(family, case, False, "no cable parsed"))
                continue
            ok, got = CHECKS[family](cable, case["expected"])
            results.append(Result(family, case, ok, got))
    return results


@dataclass
class Rate:
    label: str
    passed: int
    applicable: int
    disputed_passed: int
    disputed: int
    left_out: int

    @property
    def share(self) -> float:
        return self.passed / self.applicable if self.applicable else 1.0


def rates(results: list[Result]) -> dict[str, Rate]:
    """Raw rate per family and ``overall``: passed / applicable; disputed and left-out apart."""
    out: dict[str, Rate] = {}
    labels = dict(FAMILIES)
    present = {r.family for r in results}
    for family in [f for f, _ in FAMILIES if f in present] + ["overall"]:
        rs = [r for r in results if family in ("overall", r.family)]
        app = [r for r in rs if r.status == "applicable"]
        dis = [r for r in rs if r.status == "disputed"]
        out[family] = Rate(labels.get(family, "overall"), sum(r.ok for r in app), len(app),
                           sum(r.ok for r in dis), len(dis), sum(r.status == "left_out" for r in rs))
    return out


def table(rs: dict[str, Rate]) -> str:
    lines = [f"{'family':30} {'passed':>15}  {'disputed (passed/all)':>22}  {'left out':>8}"]
    for family, r in rs.items():
        if family == "overall":
            lines.append("-" * len(lines[0]))
        lines.append(f"{r.label:30} {r.passed:>4}/{r.applicable:<4} {r.share:6.1%}  "
                     f"{r.disputed_passed:>10}/{r.disputed:<11}  {r.left_out:>8}")
    return "\n".join(lines)
