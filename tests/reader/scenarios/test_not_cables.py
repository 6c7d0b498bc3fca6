"""Files that are not cables, in a folder beside a real cable page: never listed as cables, and
counted and listed with their reason."""

from __future__ import annotations

import re
import shutil
import tarfile

import pytest
from corpus import SHARED, TARBALL

from .conftest import SIZES

PAGE = "cablegate-2011-04-25/cable/2010/02/10ASTANA267.html"
ARTICLE = """<html><head><title>How to read a diplomatic cable</title></head><body>
<h1>How to read a diplomatic cable</h1>
<p>Cables from embassies go to the Department of State. This page explains the header, the TAGS line
and the classification of a cable.</p></body></html>
"""


@pytest.mark.parametrize("size", SIZES)
def test_files_that_are_not_cables_are_not_listed_but_counted_with_a_reason(reader, tmp_path, size) -> None:  # noqa: ANN001
    folder = tmp_path / "mixed"
    folder.mkdir()
    others = [p for p in sorted((SHARED / "reference").iterdir()) if p.suffix in (".csv", ".txt", ".md")]
    for p in others:
        shutil.copyfile(p, folder / p.name)
    (folder / "article.html").write_text(ARTICLE, encoding="utf-8")
    with tarfile.open(TARBALL, "r:xz") as tar:
        member = tar.extractfile(PAGE)
        assert member is not None
        (folder / "10ASTANA267.html").write_bytes(member.read())
    skipped = len(others) + 1
    t = reader(size, archive=folder, index_dir=tmp_path / "index")
    box = t.box("cables")
    rows = [t.inside(box, y).strip() for y in box.rows if t.inside(box, y).strip()]
    assert len(rows) == 1 and "10ASTANA267" in rows[0], t.text()
    assert "(no id)" not in t.text()
    assert re.match(rf" 1 shown of 1 id .*· {skipped} files skipped \(f\)", t.status()), t.status()
    t.press("f")
    t.wait_for(f"files skipped, with the reason ({skipped})")
    t.press("end", "enter")  # the last way to browse
    t.wait_for(f"Files skipped ({skipped})")
    t.wait(lambda: all(p.name in t.text() for p in others[: t.rows - 10]) and "article.html" in t.text(),
           "every file skipped, by name")
    # the reason the parser gives, as `cables index -v` lists it
    assert all(re.search(r"\b(no|not a|without a) cable\b", line) for line in t.lines() if "article.html" in line)
