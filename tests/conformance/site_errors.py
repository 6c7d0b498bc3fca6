"""Judging where the cable site's own facts are wrong, by rules anyone can check.

Run as a script to rewrite ``site_errors.tsv`` beside it:
``python tests/conformance/site_errors.py``; ``test_site_errors.py`` runs the same rules and fails
when the file differs. Each row names a page, a field and the reason the site's value is judged
wrong. Every rule reads only the page itself (its text blocks as the page gives them, its metadata
table, its tag links and paragraph anchors), never what the project's parser made of it:

- ``id``: the site's id carries words of a mangled banner (``ECTION``, ``EFTO``, ``GF02``); or the
  body's id line names another post than the site's id, or another serial that no DE line of the
  page gives (the page's text is another cable, or a record of one is pasted in its place): then the
  table's date and classification are another cable's too (``date``, ``class``); or the site's
  serial is the id line's cut short where a DE line gives it whole (``00040QSITIVE``, ``#0401``).
- ``tags``: the site linked no tag on a TAGS line written without a colon (``TAGS PREL, ZI``),
  or linked only the first line of a TAGS field wrapped onto a second line of codes.
- ``class``: the level is the text's but the caveat (``//NOFORN``, ``//FOR OFFICIAL USE ONLY``)
  is not the one the words of the text's head give (a NOFORN caption; SENSITIVE or FOUO on an
  unclassified cable).
- ``paras``: the site anchored a number that is no paragraph: a figure at the start of a wrapped
  line (over 200, or more than 20 away from the anchor before it). Such a page is still judged,
  on the anchors that remain.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

import corpus  # noqa: E402

TSV = HERE / "site_errors.tsv"

_MANGLED_ID = re.compile(r"ECTION|SCTION|EFTO|GF\d")
_SITE_ID = re.compile(r"^\d{2}([A-Z]+?)(\d+)$")
_LEVELS = ("UNCLAS", "CONFIDENTIAL", "SECRET", "TOPSECRET", "LIMITEDOFFICIALUSE")
_BANNER = re.compile(r"\bSECTION \d+ OF \d+\b")
_SERIAL = re.compile(r"(?<!\d)(\d{3,7})(?!\d)")
_DE = re.compile(r"(?m)^DE [A-Z]{4,7} #(\d{1,7})")
_REFID = re.compile(r"(?m)^refid: (\S+)")
_TAGS_NO_COLON = re.compile(r"(?m)^\s*TAGS?\s+[A-Z]")
_TAGS_WRAPPED = re.compile(r"(?m)^\s*TAGS?:.*\n\s*([A-Z][A-Z0-9 ,-]{1,80}?)\s*\n\s*(?:SUBJECT|SUBJ)\b")
_FIRST_PARAGRAPH = re.compile(r"(?m)^\s*(?:¶ ?1\b|1\. ?\()")
_NOFORN = re.compile(r"\bNOFORN\b")
_SBU = re.compile(r"\b(?:SENSITIVE|FOUO)\b|FOR OFFICIAL USE ONLY")


def _id_line(body: str) -> tuple[str, int] | None:
    """(station, serial) of the body's id line: the first of its first lines that opens with the
    words of a classification (spaced or not) or holds a ``SECTION n OF m`` banner; its serial is
    the first number of three or more digits after the banner, its station the words before it."""
    for line in body.split("\n")[:5]:
        s = line.strip().upper()
        if "\t" not in s and (s.replace(" ", "").startswith(_LEVELS) or _BANNER.search(s)):
            rest = _BANNER.split(s)[-1]
            m = _SERIAL.search(rest)
            if m is None:
                return None
            words = rest[:m.start()].split()
            k = len(words)
            while k and len(words[k - 1]) > 1 and words[k - 1].isalpha() and words[k - 1] not in _LEVELS:
                k -= 1
            return "".join(words[k:]), int(m.group(1))
    return None


def _id_errors(page: corpus.Page) -> list[tuple[str, str]]:
    rid = page.reference_id
    if _MANGLED_ID.search(rid):
        return [("id", "the site's id carries words of a mangled banner line")]
    site = _SITE_ID.match(rid)
    if site is None:
        return []
    serial = int(site.group(2))
    text = "\n".join("".join(p.text for p in block) for block in page.blocks)
    if (refid := _REFID.search(page.body_text)) and refid.group(1) != rid:
        reason = f"the body holds the record of another cable ({refid.group(1)})"
    else:
        said = _id_line(page.body_text)
        de = {int(n) for n in _DE.findall(text)}
        if said is None:
            return []
        if said[1] == serial:
            longer = [n for n in de if str(n).startswith(str(serial)) and n != serial]
            return [("id", f"the site took the id line's serial cut short; the DE line gives {longer[0]}")] \
                if longer else []
        if not said[0].endswith(site.group(1)):
            reason = f"the body's id line names another post ({said[0]} {said[1]})"
        elif not any(serial % 10 ** len(str(n)) == n for n in de):
            reason = f"the body's id line gives serial {said[1]}, and no DE line gives {serial}"
        else:
            return []
    # The metadata table describes another cable than the text: its id, date and level too.
    return [("id", reason), ("class", reason), ("date", reason)]


def _tag_errors(page: corpus.Page) -> list[tuple[str, str]]:
    body = page.body_text
    if not page.tag_links and _TAGS_NO_COLON.search(body):
        return [("tags", "the site linked no tags on a TAGS line written without a colon")]
    if page.tag_links and (m := _TAGS_WRAPPED.search(body)) and m.group(1).split()[0] not in page.tag_links:
        return [("tags", "the site linked only the first line of a wrapped TAGS field")]
    return []


def _opens_with(body: str, level: str) -> bool:
    """Whether the body's first line (the partial-extract notice aside) opens with ``level``'s
    letters, spaced or not (``UNCLAS`` for UNCLASSIFIED)."""
    word = "UNCLAS" if level == "UNCLASSIFIED" else level.replace(" ", "")
    for line in body.split("\n")[:5]:
        s = line.strip().upper().replace(" ", "")
        if s.startswith(_LEVELS):
            return s.startswith(word)
    return False


def _class_errors(page: corpus.Page) -> list[tuple[str, str]]:
    site_class = page.site.get("classification", "")
    level = site_class.split("//")[0]
    if not _opens_with(page.body_text, level):
        return []  # the text gives another level: not a question of the caveat
    head = _FIRST_PARAGRAPH.split(page.body_text, maxsplit=1)[0][:4000]
    text_says = "//NOFORN" if _NOFORN.search(head) else ""
    if level == "UNCLASSIFIED":
        text_says = "//FOR OFFICIAL USE ONLY" if _SBU.search(head) or text_says else ""
    elif level not in ("CONFIDENTIAL", "SECRET"):
        return []
    if site_class != level + text_says:
        return [("class", f"the site's caveat is not what the text's captions say ({level + text_says})")]
    return []


def paragraph_anchors(page: corpus.Page) -> list[corpus.Anchor]:
    """The anchors that the rules take for paragraphs: not a figure at the start of a wrapped
    line (over 200, or more than 20 away from the paragraph before it)."""
    kept: list[corpus.Anchor] = []
    for a in page.anchored:
        if a.number <= 200 and (not kept or abs(a.number - kept[-1].number) <= 20):
            kept.append(a)
    return kept


def _paragraph_errors(page: corpus.Page) -> list[tuple[str, str]]:
    kept = paragraph_anchors(page)
    if len(kept) < len(page.anchored):
        figures = [a.number for a in page.anchored if a not in kept]
        return [("paras", f"the site anchored figures at the start of wrapped lines: {figures}")]
    return []


def judge(page: corpus.Page) -> list[tuple[str, str]]:
    """(field, reason) for each of the site's facts about ``page`` judged to be wrong."""
    return _id_errors(page) + _tag_errors(page) + _class_errors(page) + _paragraph_errors(page)


def rows() -> list[str]:
    """The rows of ``site_errors.tsv``, header first, for every page of the corpus."""
    out = ["reference_id\tfield\treason"]
    for page in corpus.pages():
        out.extend(f"{page.reference_id}\t{field}\t{reason}" for field, reason in judge(page))
    return out


def main() -> None:
    lines = rows()
    TSV.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(lines) - 1} rows written to {TSV}")


if __name__ == "__main__":
    main()
