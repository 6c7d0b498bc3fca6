"""The robustness suite's figures: each family counts the cases it ran and the cases whose assertions
held. A case is counted as run when it starts and as passed only when its block ends without an
exception (``with tally(family, unit).case(): ...``), so a failing case is a case run, not passed.

The figures are written to ``tests/robustness/RESULTS.md`` at the end of a passing run of the whole
suite (``make test``), never from a part of it or a failing run; docs/reliability.md links to that file.
"""

from __future__ import annotations

import contextlib
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
RESULTS = ROOT / "tests" / "robustness" / "RESULTS.md"
FIGURES: dict[str, dict[str, int]] = defaultdict(lambda: {"run": 0, "passed": 0})
ORDER = ["hostile text", "pathological patterns", "terminal and markup", "archive faults", "index faults",
         "queries and state", "terminal and signals", "nothing lost or changed"]


class Tally:
    """The cases of one family and kind, counted from their outcomes."""

    def __init__(self, family: str, unit: str, figures: dict[str, dict[str, int]] | None = None) -> None:
        assert family in ORDER, family
        self.family, self.unit = family, unit
        self.figures = FIGURES if figures is None else figures

    @contextlib.contextmanager
    def case(self, n: int = 1) -> Iterator[None]:
        """``n`` cases checked by the block: run now, passed only if the block ends normally."""
        f = self.figures[f"{self.family}|{self.unit}"]
        f["run"] += n
        yield
        f["passed"] += n


@pytest.fixture
def tally():  # noqa: ANN201
    return Tally


def whole_suite(session: pytest.Session) -> bool:
    """Whether the session ran every test: no selection by keyword, mark, node id, deselection or
    last-failed, and its paths the project's own tests."""
    opt = session.config.option
    if getattr(opt, "collectonly", False) or opt.keyword or opt.markexpr or getattr(opt, "deselect", None) \
            or getattr(opt, "lf", False) or getattr(opt, "failedfirst", False) or getattr(opt, "stepwise", False):
        return False
    args = session.config.args
    if any("::" in a for a in args):
        return False
    return all(Path(a).resolve() in (ROOT, ROOT / "tests") for a in args)


def results_table(figures: dict[str, dict[str, int]]) -> str:
    lines = ["| family | cases run | passed |", "|---|---:|---:|"]
    for family in ORDER:
        for key, f in sorted(figures.items()):
            fam, unit = key.split("|", 1)
            if fam == family:
                lines.append(f"| {family}: {unit} | {f['run']:,} | {f['passed']:,} |")
    return "\n".join(lines) + "\n"


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if exitstatus != 0 or session.testsfailed or not session.testscollected or not whole_suite(session):
        return  # a failing run or a part of the suite: the figures of the last whole passing run stay
    RESULTS.write_text("# Robustness figures\n\nWritten by `tests/robustness` at the end of the last passing run "
                       "of the whole suite (`make test`). A case counts as run when it starts and as passed "
                       "only when its assertions held.\n\n" + results_table(FIGURES), encoding="utf-8")
