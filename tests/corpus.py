"""Reading the shared real-cable corpus for conformance tests and benchmarks.

The corpus lives beside the checkout in ``../shared/corpus`` (never copied into the project).
Tests that need it call :func:`require_corpus`, which skips with the reason where it is absent.

The other forms of a page are made here with the standard library's HTML parser, independently
of the project's parser (which reads pages with its own code): :func:`as_text` is the text of the
page's ``<pre>`` blocks exactly as they give it, :func:`as_markdown` the page written as the seed
cable is (paragraphs unwrapped onto one line, tag links ``[PHUM](#)``, ``¶N.`` marks).
"""

from __future__ import annotations

import csv
import gc
import html
import json
import os
import re
import tarfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("CABLES_SHARED", ROOT.parent / "shared"))
CORPUS = SHARED / "corpus"
TARBALL = CORPUS / "cablegate-2011-04-25.tar.xz"
TSV = CORPUS / "cablegate-2011-04-25.tsv"
TRUTH = CORPUS / "truth.jsonl"
VARIANTS = CORPUS / "variants"
SEED = SHARED / "seed" / "09ASTANA1104.md"


def require_corpus() -> None:
    import pytest

    if not TARBALL.exists():
        pytest.skip(f"the shared corpus is not at {CORPUS} (set CABLES_SHARED to its folder)")


# -- the page's own text blocks ------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Piece:
    """A run of a ``<pre>`` block: text, a paragraph anchor (``number``) or a tag link (``tag``)."""

    text: str
    number: int | None = None
    tag: str | None = None


class _PreBlocks(HTMLParser):
    """Collects each ``<pre>`` block of a page as pieces (text, paragraph anchors, tag links)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[list[Piece]] = []
        self._in_pre = False
        self._link: dict[str, str | None] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "pre":
            self._in_pre = True
            self.blocks.append([])
        elif tag == "a" and self._in_pre:
            self._link = dict(attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag == "pre":
            self._in_pre = False
        elif tag == "a":
            self._link = None

    def handle_data(self, data: str) -> None:
        if not self._in_pre:
            return
        link = self._link
        anchor = (link or {}).get("id") or ""
        href = (link or {}).get("href") or ""
        if anchor.startswith("par") and anchor[3:].isdigit():
            self.blocks[-1].append(Piece(data, number=int(anchor[3:])))
        elif href.startswith("/tag/"):
            self.blocks[-1].append(Piece(data, tag=data))
        else:
            self.blocks[-1].append(Piece(data))


def pre_blocks(html_text: str) -> list[list[Piece]]:
    """The page's ``<pre>`` blocks (routing header, body; a partial extract's notice first)."""
    start = html_text.rfind("<table class='cable'>")
    reader = _PreBlocks()
    reader.feed(html_text[max(start, 0):])
    reader.close()
    return reader.blocks


@dataclass
class Anchor:
    """A paragraph the site anchored: its number and the text from the anchor to the next one."""

    number: int
    text: str


@dataclass
class Page:
    """One corpus page with the site's own facts about it: the metadata row, the tag links and
    paragraph anchors of the body block."""

    path: str
    html: str
    site: dict[str, str]
    blocks: list[list[Piece]] = field(default_factory=list)
    tag_links: list[str] = field(default_factory=list)
    anchored: list[Anchor] = field(default_factory=list)
    known: dict = field(default_factory=dict)  # the page's line of truth.jsonl, where it has one

    @property
    def reference_id(self) -> str:
        return self.site["reference_id"]

    @property
    def anchors(self) -> int:
        return len(self.anchored)

    @property
    def body_text(self) -> str:
        """The body block's text as the page gives it."""
        return "".join(p.text for p in self.blocks[-1]) if self.blocks else ""


def _anchored(body: list[Piece]) -> list[Anchor]:
    out: list[Anchor] = []
    for p in body:
        if p.number is not None:
            out.append(Anchor(p.number, ""))
        elif out:
            out[-1].text += p.text
    return out


def page_of(path: str, html_text: str, site: dict[str, str], known: dict | None = None) -> Page:
    blocks = pre_blocks(html_text)
    body = blocks[-1] if blocks else []
    return Page(path, html_text, site, blocks, [p.tag for p in body if p.tag], _anchored(body), known or {})


def site_facts() -> dict[str, dict[str, str]]:
    with TSV.open(encoding="utf-8", newline="") as f:
        return {row["reference_id"]: row for row in csv.DictReader(f, delimiter="\t")}


def truth() -> dict[str, dict]:
    with TRUTH.open(encoding="utf-8") as f:
        return {d["file"]: d for d in map(json.loads, f)}


_ALL: list[Page] = []


def pages(limit: int | None = None) -> Iterator[Page]:
    """Every page of the tarball, in the tarball's order, with its facts (read in place once per
    test process: several suites walk all of them, and reading the tarball costs seconds)."""
    if limit is None:
        if not _ALL:
            _ALL.extend(_read_pages())
            frozen()
        yield from _ALL
        return
    yield from _read_pages(limit)


def page(reference_id: str) -> Page:
    """The page of one cable."""
    return next(p for p in pages() if p.reference_id == reference_id)


_PARSED: dict[str, list] = {}


def parsed(p: Page) -> list:
    """The parser's cables for the page as found (cached: the page form is judged by several suites;
    callers must not change what they get)."""
    from parser import parse

    if p.path not in _PARSED:
        _PARSED[p.path] = parse(p.html, name="cable.html")
    return _PARSED[p.path]


def frozen() -> None:
    """Take what is kept here out of the garbage collector's sweeps (``gc.freeze``): the pages and
    their parses live as long as the test process, and their millions of objects, swept again at
    every full collection, made each test that followed slower (a reader test took twice as long)."""
    gc.collect()
    gc.freeze()


def _read_pages(limit: int | None = None) -> Iterator[Page]:
    facts = site_facts()
    known = truth() if TRUTH.exists() else {}
    n = 0
    with tarfile.open(TARBALL, "r:xz") as tar:
        for member in tar:
            if not member.isfile() or not member.name.endswith(".html"):
                continue
            f = tar.extractfile(member)
            if f is None:
                continue
            text = f.read().decode("utf-8", "replace")
            file = member.name.rsplit("/", 1)[-1]
            rid = file[:-5]
            yield page_of(member.name, text, facts.get(rid, {"reference_id": rid}), known.get(file))
            n += 1
            if limit is not None and n >= limit:
                return


# -- the two other forms -------------------------------------------------------------------------

def as_text(page: Page, marks: bool = True) -> str:
    """The page as plain text: each ``<pre>`` block's text as the page gives it (no line joined
    or split), the blocks one blank line apart. ``marks=False`` leaves out the ``¶`` of the site's
    paragraph links: the paragraphs numbered ``1.`` as cables.csv writes them."""
    return "\n\n".join("".join(p.text for p in block if marks or p.number is None)
                       for block in page.blocks) + "\n"


def _unwrapped(block: list[Piece]) -> str:
    """A body block as the seed writes it: the lines of each paragraph (lines between blank
    lines) joined onto one, spaces run together, a new line at each paragraph the site
    anchored; tag links ``[PHUM](#)``."""
    text = "".join("\0" + p.text if p.number is not None else f"[{p.tag}](#)" if p.tag else p.text
                   for p in block)
    paragraphs: list[str] = []
    for chunk in re.split(r"\n[ \t]*(?:\n[ \t]*)+", text):
        lines = [" ".join(part.split()) for part in chunk.split("\0")]
        if joined := "\n".join(line for line in lines if line):
            paragraphs.append(joined)
    return "\n\n".join(paragraphs)


def as_markdown(page: Page) -> str:
    """The page in the seed's Markdown form: two empty lines, the routing header's lines each
    ending in two spaces, then the body with its paragraphs unwrapped (see :func:`_unwrapped`)."""
    if not page.blocks:
        return ""
    head = ["\n".join(line + "  " for line in "".join(p.text for p in block).strip("\n").split("\n"))
            for block in page.blocks[:-1]]
    return "\n\n" + "\n\n".join([*head, _unwrapped(page.blocks[-1])]) + "\n"


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


_NOT_ALNUM = re.compile(r"[^A-Z0-9]+")


def _letters(text: str) -> str:
    return _NOT_ALNUM.sub("", text.upper())


def paragraphs_found(numbered: list[tuple[int, str]], anchored: list[Anchor]) -> bool:
    """Whether every paragraph the site anchored is found with its number, in order: each
    anchor matched by a later numbered paragraph of ours whose text opens with the anchored
    text's words (ours may have dropped the portion marking). Extra paragraphs of ours (the site
    anchored only ``N. `` with a space) are no fault."""
    k = 0
    for n, a in enumerate(anchored):
        if n + 1 < len(anchored) and anchored[n + 1].number == a.number and \
                any(line.rstrip().endswith("...") for line in a.text.split("\n", 3)[:3]):
            continue  # a page's excerpt cut short (``¶1. (C) Su...``), the whole copy's ¶1 anchored next
        site = _letters(a.text[:400])
        while k < len(numbered):
            number, text = numbered[k]
            k += 1
            if number == a.number and _letters(text[:40])[:12] in site:
                break
        else:
            return False
    return True
