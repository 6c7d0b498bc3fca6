"""Judging where the cable site's own facts are wrong, by rules anyone can check.

Run as a script to rewrite ``site_errors.tsv`` beside it:
``python tests/conformance/site_errors.py``. Each row names a page, a field and the reason the
site's value is judged wrong; the conformance test prints its rates with and without these rows.
Rules (each looks only at the page itself):

- ``id``: the body's id line names another cable than the site's id, or the site's id carries
  words of a mangled banner (``ECTION``, ``EFTO``): the site read the wrong line.
- ``tags``: the site linked no tags on a TAGS line written without a colon (``TAGS PREL, ZI``),
  or linked only the first line of a TAGS field wrapped onto a second line.
- ``class``: the level agrees with the text but the caveat (``//NOFORN``, ``//FOR OFFICIAL USE
  ONLY``) is not the one the words of the text's head give (a NOFORN caption; SENSITIVE or FOUO on
  an unclassified cable), read from the page itself, not from the parse.
- ``paras``: the site anchored only ``N. `` with a space, missing ``1.(C)`` and ``5, (C)``; or it
  anchored a number that is no paragraph (a year or figure at the start of a wrapped line,
  out of sequence).
"""

from __future__ import annotations

import html
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE.parent.parent))

import corpus  # noqa: E402

TSV = HERE / "site_errors.tsv"
_UNANCHORED = re.compile(r"(?m)^\s*(\d{1,2})(?:\.\(|, ?\()")
_ANCHOR_NUM = re.compile(r"<a id='par(\d+)'")
_TAGS_NO_COLON = re.compile(r"(?mi)^\s*TAGS?\s+[A-Z]")
_FIRST_PARAGRAPH = re.compile(r"(?m)^\s*(?:¶ ?1\b|1\. ?\()")
_NOFORN = re.compile(r"\bNOFORN\b")
_SBU = re.compile(r"\b(?:SENSITIVE|FOUO)\b|FOR OFFICIAL USE ONLY")
_TAGS_LINE = re.compile(r"(?m)^TAGS: (.*)\n([A-Z][A-Z0-9 ,-]{1,80})\n(?:SUBJECT|SUBJ)")


def judge(page: corpus.Page, cable, text_cable) -> list[tuple[str, str]]:  # noqa: ANN001
    """(field, reason) for each of the site's facts about ``page`` judged to be wrong.

    ``cable`` is the page parsed, ``text_cable`` the page turned into plain text and parsed."""
    out: list[tuple[str, str]] = []
    site_class = page.site.get("classification", "")
    ours = text_cable.classification or ""
    _, body = corpus._blocks(page)
    text = html.unescape(re.sub(r"<[^<>]*>", "", body))
    if ours != site_class and ours.split("//")[0] == site_class.split("//")[0]:
        # Judged from the words of the text's head alone, never from what the parser made of them.
        head = _FIRST_PARAGRAPH.split(text, maxsplit=1)[0][:4000]
        level = site_class.split("//")[0]
        text_says = "//NOFORN" if _NOFORN.search(head) else ""
        if level == "UNCLASSIFIED":
            text_says = "//FOR OFFICIAL USE ONLY" if _SBU.search(head) or text_says else ""
        if site_class != level + text_says:
            out.append(("class", f"the site's caveat is not what the text's captions say ({level + text_says})"))
    rid = page.reference_id
    if cable.id and cable.id != rid and not any(w.kind == "id_line" for w in cable.warnings):
        if re.search(r"ECTION|SCTION|EFTO|GF\d", rid):
            out.append(("id", f"the site's id is read from a mangled id line; the text gives {cable.id}"))
        elif not rid.endswith(cable.id[-3:]) or not rid.startswith(cable.id[:4]):
            out.append(("id", f"the page's text is another cable ({cable.id})"))
        elif len(rid) > len(cable.id):
            out.append(("id", f"the id line's serial is cut short in the text ({cable.id})"))
    links = corpus.tags_split(page.tag_links)
    tags = corpus.tags_split(cable.tags)
    if tags and not links and _TAGS_NO_COLON.search(text):
        out.append(("tags", "the site linked no tags on a TAGS line written without a colon"))
    elif tags and links and tags[: len(links)] == links and len(tags) > len(links):
        out.append(("tags", "the site linked only the first line of a wrapped TAGS field"))
    anchors = [int(n) for n in _ANCHOR_NUM.findall(body)]
    ours_n = sum(1 for p in cable.paragraphs if p.number is not None)
    if ours_n != len(anchors):
        if _UNANCHORED.search(text) and ours_n > len(anchors):
            out.append(("paras", "the site did not anchor paragraphs written '1.(C)' or '5, (C)'"))
        elif any(n > 200 or (k and abs(n - anchors[k - 1]) > 20) for k, n in enumerate(anchors)):
            out.append(("paras", "the site anchored a figure at the start of a wrapped line"))
    return out


def main() -> None:
    from parser import parse

    rows = []
    for page in corpus.pages():
        [cable] = parse(page.html, name="page.html")[:1] or [None]
        if cable is None:
            continue
        text_cable = (parse(corpus.as_text(page), name="page.txt") or [cable])[0]
        for field, reason in judge(page, cable, text_cable):
            rows.append(f"{page.reference_id}\t{field}\t{reason}")
    TSV.write_text("reference_id\tfield\treason\n" + "\n".join(rows) + "\n", encoding="utf-8")
    print(f"{len(rows)} rows written to {TSV}")


if __name__ == "__main__":
    main()
