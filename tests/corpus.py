"""Reading the shared real-cable corpus for conformance tests and benchmarks.

The corpus lives beside the checkout in ``../shared/corpus`` (never copied into the project).
Tests that need it call :func:`require_corpus`, which skips with the reason where it is absent.
"""

from __future__ import annotations

import csv
import html
import json
import os
import re
import tarfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("CABLES_SHARED", ROOT.parent / "shared"))
CORPUS = SHARED / "corpus"
TARBALL = CORPUS / "cablegate-2011-04-25.tar.xz"
TSV = CORPUS / "cablegate-2011-04-25.tsv"
TRUTH = CORPUS / "truth.jsonl"
VARIANTS = CORPUS / "variants"
SEED = SHARED / "seed" / "09ASTANA1104.md"

_TAG_LINK = re.compile(r"<a href='/tag/([^'_]*)_\d+\.html'>([^<]*)</a>")
_ANCHOR = re.compile(r"<a id='par\d+' href='#par\d+'>¶</a>")
_ANY_TAG = re.compile(r"<[^<>]{0,400}>")


def require_corpus() -> None:
    import pytest

    if not TARBALL.exists():
        pytest.skip(f"the shared corpus is not at {CORPUS} (set CABLES_SHARED to its folder)")


@dataclass
class Page:
    """One corpus page with the site's own facts about it."""

    path: str
    html: str
    site: dict[str, str]
    tag_links: list[str] = field(default_factory=list)
    anchors: int = 0

    @property
    def reference_id(self) -> str:
        return self.site["reference_id"]


def site_facts() -> dict[str, dict[str, str]]:
    with TSV.open(encoding="utf-8", newline="") as f:
        return {row["reference_id"]: row for row in csv.DictReader(f, delimiter="\t")}


def truth() -> dict[str, dict]:
    with TRUTH.open(encoding="utf-8") as f:
        return {d["file"]: d for d in map(json.loads, f)}


def _pre_blocks(text: str) -> list[str]:
    return re.findall(r"<pre>(.*?)</pre>", text, re.S)


def pages(limit: int | None = None) -> Iterator[Page]:
    """Every page of the tarball, in the tarball's order, with its facts (read in place)."""
    facts = site_facts()
    n = 0
    with tarfile.open(TARBALL, "r:xz") as tar:
        for member in tar:
            if not member.isfile() or not member.name.endswith(".html"):
                continue
            f = tar.extractfile(member)
            if f is None:
                continue
            text = f.read().decode("utf-8", "replace")
            rid = member.name.rsplit("/", 1)[-1][:-5]
            body = _pre_blocks(text)[-1:] or [""]
            yield Page(member.name, text, facts.get(rid, {"reference_id": rid}),
                       [m.group(2) for m in _TAG_LINK.finditer(body[0])], len(re.findall(r"id='par\d+'", body[0])))
            n += 1
            if limit is not None and n >= limit:
                return


def _blocks(page: Page) -> tuple[str, str]:
    blocks = _pre_blocks(page.html)
    header, body = (blocks[-2], blocks[-1]) if len(blocks) >= 2 else ("", blocks[-1] if blocks else "")
    return header, body


def as_text(page: Page) -> str:
    """The page as a plain-text cable: header then body, markup and metadata table gone."""
    header, body = _blocks(page)
    strip = lambda s: html.unescape(_ANY_TAG.sub("", _ANCHOR.sub("¶", s)))  # noqa: E731
    return strip(header) + "\n\n" + strip(body) + "\n"


def as_markdown(page: Page) -> str:
    """The page in the seed's Markdown form: two empty lines, header lines ending in two spaces,
    tag links ``[PHUM](#)``, ``¶N.`` paragraph marks."""
    header, body = _blocks(page)
    header = html.unescape(_ANY_TAG.sub("", header))
    body = _TAG_LINK.sub(lambda m: f"[{m.group(2)}](#)", _ANCHOR.sub("¶", body))
    body = html.unescape(_ANY_TAG.sub("", body))
    head = "\n".join(line + "  " for line in header.split("\n"))
    return "\n\n" + head + "\n\n" + body + "\n"


# -- scoring -------------------------------------------------------------------------------------

def norm_subject(s: str | None) -> str:
    s = html.unescape(s or "").upper().replace("\\", " ")
    return " ".join(re.sub(r"[^A-Z0-9]+", " ", s).split())


def subject_ok(ours: str | None, site: str) -> bool:
    """The site's heading is sometimes cut short or carries junk: a match is equal after
    normalising, or the site's heading being the start of ours."""
    a, b = norm_subject(ours), norm_subject(site)
    if not b:
        return True  # the site shows no heading: nothing to compare (ours may still find one)
    return bool(a) and (a == b or a.startswith(b) or (len(b) > 20 and b.startswith(a)))


def tags_split(tags: list[str]) -> list[str]:
    """Tags as the site linked them: split at hyphens, each once, in order."""
    out: list[str] = []
    for t in tags:
        for part in t.split("-"):
            if part and part not in out:
                out.append(part)
    return out


def tags_ok(ours: list[str], links: list[str]) -> bool:
    return tags_split(ours) == tags_split([t.upper() for t in links])
