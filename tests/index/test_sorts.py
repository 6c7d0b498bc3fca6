"""The list's orders are one rule whether one archive is open or several: the same keys in the same
order (``parser.sql.SORT_ORDERS``), an undated cable after every dated one in the date orders."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from parser.library import Library

from .conftest import SAMPLES

# A cable no line dates: its id comes from its file name.
UNDATED = """CONFIDENTIAL SECTION 01 OF 02 ANKARA 000123

E.O. 12958: DECL: 01/01/2012
TAGS: PREL TU
SUBJECT: A CABLE NOTHING DATES

1. (C) Nothing in this cable says when it was sent.
"""
UNDATED_ID = "02ANKARA123"


def _samples(root: Path) -> Path:
    root.mkdir(parents=True)
    for f in SAMPLES.iterdir():
        if f.name != "cables.csv":
            shutil.copy(f, root / f.name)
    return root


def _order(lib: Library, sort: str) -> list[tuple[str | None, str | None]]:
    rows = lib.rows(lib.entries(sort=sort))
    return [(r.id, r.date) for r in (rows[e] for e in lib.entries(sort=sort))]


@pytest.mark.parametrize("sort", ["date", "oldest", "relevance", "id", "origin", "classification"])
def test_one_archive_and_two_order_alike(tmp_path: Path, sort: str) -> None:
    one = _samples(tmp_path / "one")
    (one / f"{UNDATED_ID}.txt").write_text(UNDATED)
    a = _samples(tmp_path / "a")
    b = tmp_path / "b"
    b.mkdir()
    (b / f"{UNDATED_ID}.txt").write_text(UNDATED)
    single = Library.open([one], tmp_path / "ix")
    double = Library.open([a, b], tmp_path / "ix")
    try:
        for lib in (single, double):
            lib.update()
        got_one, got_two = _order(single, sort), _order(double, sort)
        assert (UNDATED_ID, None) in got_one
        assert got_one == got_two, sort
        if sort in ("date", "oldest", "relevance"):
            dates = [d for _, d in got_one]
            dated = [d for d in dates if d is not None]
            assert dates == dated + [None] * (len(dates) - len(dated)), "undated cables come last"
            assert dated == sorted(dated, reverse=sort != "oldest")
    finally:
        single.close()
        double.close()


# A cable of ``level`` with the id ``{yy}ABUJA{num}`` (from its file name and its first line).
MARKED = """{level} SECTION 01 OF 02 ABUJA {num:06d}

E.O. 12958: DECL: 01/01/2012
TAGS: PREL NI
SUBJECT: CABLE {num}

1. (C) Nothing in this cable says when it was sent.
"""


def test_ids_by_their_number_and_classifications_by_level(tmp_path: Path) -> None:
    """The id order was textual (09ABUJA10 before 09ABUJA9, 2009 before 1975), the classification
    order alphabetical (CONFIDENTIAL before SECRET before TOP SECRET)."""
    root = tmp_path / "a"
    root.mkdir()
    for yy, num, level in [("09", 9, "SECRET"), ("09", 10, "UNCLASSIFIED"), ("09", 100, "CONFIDENTIAL"),
                           ("08", 20, "TOP SECRET"), ("75", 3, "LIMITED OFFICIAL USE"), ("09", 11, "UNCLAS SENSITIVE")]:
        (root / f"{yy}ABUJA{num}.txt").write_text(MARKED.format(level=level, num=num))
    lib = Library.open([root], tmp_path / "ix")
    try:
        lib.update()

        def listed(sort: str) -> list[tuple[str | None, str | None]]:
            rows = lib.rows(lib.entries(sort=sort))
            return [(rows[e].id, rows[e].classification) for e in lib.entries(sort=sort)]

        assert [i for i, _ in listed("id")] == ["75ABUJA3", "08ABUJA20", "09ABUJA9", "09ABUJA10", "09ABUJA11",
                                               "09ABUJA100"]
        whole = lib.entries(sort="id")  # sorted in SQL; a first page walks the id index, run by run
        for n in range(1, len(whole) + 1):
            assert lib.entries_page(sort="id", limit=n)[0] == whole[:n], n
        # Top Secret > Secret > Confidential (E.O. 13526 §1.2); the markings of unclassified
        # information, which no source ranks, together after them (undated: by id).
        assert listed("classification") == [
            ("08ABUJA20", "TOP SECRET"), ("09ABUJA9", "SECRET"), ("09ABUJA100", "CONFIDENTIAL"),
            ("09ABUJA10", "UNCLASSIFIED"), ("09ABUJA11", "UNCLASSIFIED//FOR OFFICIAL USE ONLY"),
            ("75ABUJA3", "LIMITED OFFICIAL USE")]
    finally:
        lib.close()
