"""Reference threads (``r``, ``t``) and version diffs (``v``, ``cables diff``) on real cables: a few
pages of the 2011 build and their December 2010 copies from ``older-builds.tar.xz``, put in two
small tarballs once per module (the pages lie near the start of both: a fraction of a second).

The pages: 04BRASILIA458 ← 564 ← 572 ← 776 cite each other (and 04BRASILIA402, not in the
corpus); 06MEXICO505 cites itself; 04RANGOON1100 v1 has ``[XXXXXXXXXXXX`` where later builds
have ``XXXXXXXXXXXX`` (¶7); 04NEWDELHI6983's older builds hold ¶10 inside ¶9.
"""

from __future__ import annotations

import tarfile
from pathlib import Path

import pytest
from corpus import CORPUS, TARBALL, require_corpus
from textual.widgets import OptionList, Static

from parser.diff import ADDED, REMOVED, SPLIT, diff_cables
from parser.library import Library
from parser.threads import thread
from tui import cli
from tui.screens.modals import PickerScreen
from tui.screens.thread import ThreadScreen, ThreadTree
from tui.screens.versions import DiffScreen, VersionsScreen

from .conftest import ready, until

OLDER = CORPUS / "older-builds.tar.xz"
MAIN_IDS = {"04BRASILIA458", "04BRASILIA564", "04BRASILIA572", "04BRASILIA776", "04RANGOON1100",
            "04NEWDELHI6983", "05THEHAGUE2309", "06MEXICO505"}
OLDER_IDS = ("04RANGOON1100", "04NEWDELHI6983", "05THEHAGUE2309")


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(the 2011 pages, their older copies) as two small tarballs, laid out as in the corpus."""
    require_corpus()
    if not OLDER.exists():
        pytest.skip(f"{OLDER} is absent")
    folder = tmp_path_factory.mktemp("builds")
    main, older = folder / "cablegate-2011-04-25.tar", folder / "older-builds.tar"
    with tarfile.open(TARBALL) as src, tarfile.open(main, "w") as dst:
        left = set(MAIN_IDS)
        for m in src:
            if m.name.rsplit("/", 1)[-1][:-5] in left:
                dst.addfile(m, src.extractfile(m))
                left.discard(m.name.rsplit("/", 1)[-1][:-5])
                if not left:
                    break
    with tarfile.open(OLDER) as src, tarfile.open(older, "w") as dst:
        for m in src:  # in the order of the ids: past the last wanted, none follows
            if m.name.split("/")[-1].split(".")[0] in OLDER_IDS:
                dst.addfile(m, src.extractfile(m))
            if m.name > "older_builds/05U":
                break
    return main, older


@pytest.fixture
def library(builds: tuple[Path, Path], tmp_path: Path) -> Library:
    lib = Library.open(list(builds), tmp_path / "index")
    lib.update()
    return lib


async def _open(pilot, cable_id: str):  # noqa: ANN001, ANN202
    screen = await ready(pilot)
    assert screen.open_id(cable_id)
    await until(pilot, lambda: screen.cable is not None and screen.cable.id == cable_id, f"{cable_id} open")
    return screen


# -- r: the references with date, subject, and whether each is in the archives; t: the thread -----

async def test_references_and_the_thread_both_ways(make_app, builds) -> None:  # noqa: ANN001
    """One reader for both (each start costs seconds): r, then t on three cables, Enter on a node."""
    app = make_app(list(builds))
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        screen = await _open(pilot, "04BRASILIA572")
        await pilot.press("r")
        await until(pilot, lambda: isinstance(app.screen, PickerScreen), "the references")
        lines = {c.value: c.label.plain for c in app.screen.choices}
        assert "2004-03-" in lines["04BRASILIA458"] and "SCANDAL CONTINUES" in lines["04BRASILIA458"], lines
        assert "not in the archives" in lines["04BRASILIA402"], lines
        assert "not in the archives" not in lines["04BRASILIA564"], lines
        await pilot.press("escape")
        # A cable that cites none says so on the status line; no empty pop-up.
        assert screen.open_id("04RANGOON1100")
        await pilot.press("r")
        await pilot.pause()
        assert app.screen is screen
        assert any("refers to no other cable" in str(n.message) for n in app._notifications)

        # t: what 564 cites and what cites it, and on; Enter on a node opens it.
        assert screen.open_id("04BRASILIA564")
        await pilot.press("t")
        await until(pilot, lambda: isinstance(app.screen, ThreadScreen), "the thread")
        tree = app.screen.query_one(ThreadTree)
        cites, cited_by = tree.root.children
        assert str(cites.label).startswith("cites (2)") and str(cited_by.label).startswith("cited by (2)")
        assert [n.data for n in cites.children] == ["04BRASILIA458", None]  # 04BRASILIA402: not in the archives
        assert "04BRASILIA402" in str(cites.children[0].children[0].label)  # what 458 cites in turn
        cite_572 = cited_by.children[0]
        assert cite_572.data == "04BRASILIA572" and [n.data for n in cite_572.children] == ["04BRASILIA776"]
        tree.move_cursor(cite_572.children[0])
        await pilot.press("enter")
        await until(pilot, lambda: screen.cable is not None and screen.cable.id == "04BRASILIA776", "776 open")
        assert app.screen is screen

        # A cable that cites itself: the thread stops at the loop and says so, both ways.
        assert screen.open_id("06MEXICO505")
        await pilot.press("t")
        await until(pilot, lambda: isinstance(app.screen, ThreadScreen), "the thread of 06MEXICO505")
        cites, cited_by = app.screen.query_one(ThreadTree).root.children
        self_ref = next(n for n in cites.children if "06MEXICO505" in str(n.label))
        assert "a loop" in str(self_ref.label) and not self_ref.children
        assert "a loop" in str(cited_by.children[0].label)


def test_thread_cuts_say_so(library: Library) -> None:
    t = thread(library, "04BRASILIA776", depth=1, limit=2)
    assert [n.id for n in t.cites[:2]] == ["04BRASILIA564", "04BRASILIA572"]
    assert "not shown, 1 level down" in (t.cites[0].note or "")  # 564 cites 458 and 402: beyond the depth
    assert t.cites[2].id == "…" and "the thread stops at 2 cables" in (t.cites[2].note or "")
    whole = thread(library, "04BRASILIA776")
    assert not any(n.note for n in whole.cites if n.id != "04BRASILIA402")


# -- v: the copies, two chosen, what changed ------------------------------------------------------

async def test_versions_choose_two_and_read_what_changed(make_app, builds) -> None:  # noqa: ANN001
    app = make_app(list(builds))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(pilot, "04RANGOON1100")
        await pilot.press("v")
        await until(pilot, lambda: isinstance(app.screen, VersionsScreen), "the copies")
        picker = app.screen
        where = [c.where for c in picker.copies]
        assert len(where) == 3 and where[1].endswith("04RANGOON1100.v1.html"), where
        assert "1 changed" in picker.copies[1].against_open  # v1 against the 2011 page open
        assert "the same words" in picker.copies[2].against_open  # v2: wrapping only
        ol = picker.query_one(OptionList)
        ol.highlighted = 1
        await pilot.press("space")
        ol.highlighted = 0
        await pilot.press("space")
        await until(pilot, lambda: isinstance(app.screen, DiffScreen), "the diff")
        d = app.screen.diff
        changed = [p for p in d.parts if p.status != "same"]
        assert [p.label for p in changed] == ["¶7"]
        assert [(w.kind, w.text) for w in changed[0].words if w.kind != "same"] == \
            [(REMOVED, "[XXXXXXXXXXXX"), (ADDED, "XXXXXXXXXXXX")]
        shown = str(app.screen.query(Static).last().render())
        assert "¶7" in shown and "the same: SUBJECT, TAGS, E.O., CLASSIFICATION, REF, ¶1–¶6" in shown
        await pilot.press("escape")
        # d: the copy under the cursor against the copy open
        await pilot.press("v")
        await until(pilot, lambda: isinstance(app.screen, VersionsScreen), "the copies again")
        app.screen.query_one(OptionList).highlighted = 2
        await pilot.press("d")
        await until(pilot, lambda: isinstance(app.screen, DiffScreen), "the diff against the open copy")
        assert not app.screen.diff.changed and "the same words" in app.screen.diff.summary()
        await pilot.press("escape")
        assert app.screen is screen and screen.cable.id == "04RANGOON1100"


def test_a_paragraph_split_out_is_marked_divided(library: Library) -> None:
    # The older build runs 05THEHAGUE2309's signer into its last paragraph. (04NEWDELHI6983's older
    # build glued its 10. (C) to its 9.; the parser now opens a paragraph glued so.)
    copies = dict((where.rsplit("/", 1)[-1], e) for e, where in library.versions("05THEHAGUE2309"))
    old, new = library.cable(copies["05THEHAGUE2309.v1.html"]), library.cable(copies["05THEHAGUE2309.html"])
    assert old is not None and new is not None
    d = diff_cables(old, new)
    status = {p.label: p.status for p in d.parts if p.status != "same"}
    assert status == {"¶23": SPLIT, "SIGNATURE": SPLIT}, status
    assert "2 divided otherwise" in d.summary()


# -- cables diff ---------------------------------------------------------------------------------

def test_cables_diff_prints_a_unified_diff(builds, tmp_path: Path, capsys) -> None:  # noqa: ANN001
    main, older = builds
    index = ["--index-dir", str(tmp_path / "index")]
    assert cli.main(["diff", str(older), str(main), "04RANGOON1100", "--copies", "1,3", *index]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("--- 1: older-builds.tar::older_builds/04RANGOON1100.v1.html"), lines[:2]
    assert lines[1].startswith("+++ 3: cablegate-2011-04-25.tar::cablegate-2011-04-25/cable/2004/08/"), lines[:2]
    assert [x[:20] for x in lines if x[:1] in "+-" and x[:3] not in ("---", "+++")] == \
        ["-¶7: COMMENT: The [X", "+¶7: COMMENT: The XX"]
    assert cli.main(["diff", str(older), str(main), "05THEHAGUE2309", "--words", "--copies", "1,3", *index]) == 0
    words = capsys.readouterr().out
    assert "¶23  the same words; the other copy divides its paragraphs otherwise" in words
    assert cli.main(["diff", str(older), str(main), "04BRASILIA458", *index]) == 1
    assert "has one copy in these archives" in capsys.readouterr().err
