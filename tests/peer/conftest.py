"""Print the peer suite's raw rate per family at the end of every run that ran it."""

from __future__ import annotations

from typing import Any

from . import harness


def pytest_terminal_summary(terminalreporter: Any) -> None:
    rates = getattr(harness, "LAST_RATES", None)
    if rates:
        terminalreporter.section("peer suite: heuer/cablemap's test cases (tests/peer/NOTES.md)")
        terminalreporter.write_line(harness.table(rates))
        terminalreporter.write_line("failing cases: python -m tests.peer.report")
