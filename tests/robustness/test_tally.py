"""The robustness figures come from outcomes: a case that fails is run and not passed, and the
figures are written only at the end of a passing run of the whole suite (before, "passed" always
equalled "run", and a part of the suite or a failing run rewrote the README's table)."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from types import SimpleNamespace

import pytest

from . import conftest
from .conftest import ROOT, Tally


def test_a_case_counts_as_passed_only_when_its_assertions_held() -> None:
    figures: dict[str, dict[str, int]] = defaultdict(lambda: {"run": 0, "passed": 0})
    t = Tally("index faults", "example", figures)
    with t.case():
        assert True
    with pytest.raises(AssertionError), t.case(2):
        raise AssertionError("a case that fails")
    assert figures["index faults|example"] == {"run": 3, "passed": 1}
    assert "| index faults: example | 3 | 1 |" in conftest.results_table(figures)


def _session(args: list[str], failed: int = 0, keyword: str = "", collectonly: bool = False) -> SimpleNamespace:
    option = SimpleNamespace(keyword=keyword, markexpr="", deselect=None, lf=False, failedfirst=False,
                             stepwise=False, collectonly=collectonly)
    return SimpleNamespace(config=SimpleNamespace(option=option, args=args), testsfailed=failed,
                           testscollected=100)


@pytest.mark.parametrize(("args", "failed", "keyword", "exitstatus", "written"), [
    (["tests"], 0, "", 0, True),  # make test: the whole suite, passing
    ([str(ROOT)], 0, "", 0, True),
    (["tests"], 1, "", 1, False),  # a failing run
    (["tests/robustness"], 0, "", 0, False),  # a part of the suite
    (["tests/robustness/test_tally.py::test_x"], 0, "", 0, False),
    (["tests"], 0, "tally", 0, False),  # a selection
    (["tests", "--collect-only"], 0, "", 0, False),  # nothing run
])
def test_the_figures_are_written_after_a_passing_whole_run_only(tmp_path: Path, monkeypatch, args: list[str],  # noqa: ANN001
                                                                failed: int, keyword: str, exitstatus: int,
                                                                written: bool) -> None:
    monkeypatch.chdir(ROOT)
    monkeypatch.setattr(conftest, "RESULTS", tmp_path / "RESULTS.md")
    session = _session([a for a in args if a != "--collect-only"], failed, keyword, "--collect-only" in args)
    conftest.pytest_sessionfinish(session, exitstatus)  # type: ignore[arg-type]
    assert (tmp_path / "RESULTS.md").exists() == written
    doc = (ROOT / "docs" / "reliability.md").read_text(encoding="utf-8")  # links the figures, never copies them
    assert "tests/robustness/RESULTS.md" in doc and "| family | cases run | passed |" not in doc
