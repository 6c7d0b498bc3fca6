"""Shared test set-up: the tests folder is importable (``import corpus``)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))


def pytest_collection_finish(session) -> None:  # noqa: ANN001
    """Start the lint tools at once where their test will run (``tests/lint_tools.py``)."""
    if any(item.path.name == "test_lint.py" for item in session.items):
        import lint_tools

        for tool in lint_tools.TOOLS:
            lint_tools.start(tool)


def pytest_sessionfinish(session, exitstatus) -> None:  # noqa: ANN001
    import lint_tools

    lint_tools.stop_all()
