"""The scenario suite's set-up: the corpus tarball indexed once for the session, and readers
started on it in a pseudo-terminal, each with a data folder of its own (or a shared one, to quit
and start again)."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from corpus import TARBALL, require_corpus

from parser.library import Library

from .terminal import ROOT, Terminal, command

SIZES = [pytest.param((160, 48), id="160x48"), pytest.param((80, 24), id="80x24")]


@pytest.fixture(scope="session")
def corpus_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The index of the corpus tarball, built once by ``cables index``."""
    require_corpus()
    if shutil.which("sh") is None:
        pytest.skip("needs a POSIX system")
    folder = tmp_path_factory.mktemp("corpus-index")
    subprocess.run([*command(), "index", str(TARBALL), "--index-dir", str(folder)], cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL, env={**os.environ, "PYTHONPATH": str(ROOT)})
    return folder


@pytest.fixture(scope="session")
def library(corpus_index: Path) -> Iterator[Library]:
    """The corpus as the list reads it, for what the screen should show."""
    lib = Library.open([TARBALL], corpus_index)
    yield lib
    lib.close()


@pytest.fixture
def reader(corpus_index: Path, tmp_path: Path):  # noqa: ANN201
    """``reader((cols, rows))`` starts the reader on the corpus; ``data`` picks the data folder
    (the same one again: a restart)."""
    started: list[Terminal] = []

    def start(size: tuple[int, int], data: Path | None = None, archive: Path = TARBALL,
              index_dir: Path | None = None, ready: bool = True) -> Terminal:
        t = Terminal([str(archive)], size[0], size[1], index_dir or corpus_index, data or tmp_path / "data")
        started.append(t)
        if ready:
            t.ready()
        return t

    yield start
    for t in started:
        t.close()


def row_of(library: Library, query: str, n: int, sort: str = "date") -> str:
    """The id of row ``n`` of the list for ``query``."""
    entry = library.entries(query, sort)[n]
    return str(library.rows([entry])[entry].id)
