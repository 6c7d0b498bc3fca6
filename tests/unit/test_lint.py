"""The code stays ruff and mypy clean (both are test dependencies). The tools run as processes
started when the suite was collected (``tests/lint_tools.py``); here their results are awaited."""

from __future__ import annotations

import lint_tools
import pytest


@pytest.mark.parametrize("tool", list(lint_tools.TOOLS))
def test_clean(tool: str) -> None:
    run = lint_tools.start(tool)
    if run is None:
        pytest.skip(f"{tool} is not installed in this environment")
    code, output = run.result()
    assert code == 0, output[-5000:]
