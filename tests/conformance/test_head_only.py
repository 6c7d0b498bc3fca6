"""The index parses cables without their paragraphs (``HEAD_ONLY``): every field it stores must be
what the full parse gives, over all 6,310 real pages."""

from __future__ import annotations

import corpus

from parser import HEAD_ONLY, parse

# What the index stores of a cable (parser/pipeline.py ``record``), the summary's presence aside.
STORED = ("id", "row", "date", "classification", "caveats", "origin", "station", "precedence", "subject",
          "tags", "references", "to", "info", "partial", "body_text", "header_text")


def test_head_only_gives_the_stored_fields_of_the_full_parse() -> None:
    corpus.require_corpus()
    pages = differ = summary_differs = 0
    for page in corpus.pages():
        full, head = corpus.parsed(page), parse(page.html, name="cable.html", policy=HEAD_ONLY)
        assert len(full) == len(head)
        for a, b in zip(full, head, strict=True):
            pages += 1
            differ += any(getattr(a, f) != getattr(b, f) for f in STORED)
            summary_differs += (a.summary is None) != (b.summary is None)
            assert b.paragraphs == [] and b.sections == []
    corpus.frozen()  # the parses are kept (where no other suite had made them yet)
    print(f"\nhead-only parse over {pages:,} pages: stored fields differ in {differ}, "
          f"the summary's presence in {summary_differs}")
    assert differ == 0
    assert summary_differs <= pages * 0.005  # 5 measured: read from the lines, not the paragraphs
