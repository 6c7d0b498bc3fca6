"""The robustness suite's figures: each family counts the cases it ran and passed, and at the end
of a session that ran the whole suite the counts are written to the README's Reliability section
(and RESULTS.md here), so the figures there always come from a whole run, never from a hand."""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FIGURES: dict[str, dict[str, int]] = defaultdict(lambda: {"run": 0, "passed": 0})
ORDER = ["hostile text", "pathological patterns", "terminal and markup", "archive faults", "index faults",
         "nothing lost or changed"]


class Tally:
    def __init__(self, family: str, unit: str) -> None:
        self.family, self.unit = family, unit

    def ran(self, ok: bool = True, n: int = 1) -> None:
        f = FIGURES[f"{self.family}|{self.unit}"]
        f["run"] += n
        f["passed"] += n if ok else 0


@pytest.fixture
def tally():  # noqa: ANN201
    return Tally


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    families = {key.split("|", 1)[0] for key in FIGURES}
    if families != set(ORDER) or session.config.option.keyword or session.config.option.markexpr:
        return  # a part of the suite ran: the figures of a whole run stay
    lines = ["| family | cases run | passed |", "|---|---:|---:|"]
    for family in ORDER:
        for key, f in sorted(FIGURES.items()):
            fam, unit = key.split("|", 1)
            if fam == family:
                lines.append(f"| {family}: {unit} | {f['run']:,} | {f['passed']:,} |")
    table = "\n".join(lines)
    (ROOT / "tests" / "robustness" / "RESULTS.md").write_text(
        "# Robustness figures (written by tests/robustness)\n\n" + table + "\n", encoding="utf-8")
    readme = ROOT / "README.md"
    text = readme.read_text(encoding="utf-8")
    block = ("<!-- reliability:start -->\nFrom the last run of `tests/robustness` (part of `make test`):\n\n"
             + table + "\n<!-- reliability:end -->")
    readme.write_text(re.sub(r"<!-- reliability:start -->.*?<!-- reliability:end -->", lambda _: block, text,
                             flags=re.S), encoding="utf-8")
