"""The wheel a user installs (``pip install .``, ``pipx install .``) is the project: it is built from
this checkout, installed into a fresh virtual environment, and its ``cables`` command is run from
outside the checkout. The no-argument form must open the sample cables shipped in the wheel.

The fresh environment gets the wheel alone (``--no-deps``, no index); its dependencies (textual
and the rest) are borrowed from the environment running the tests through a ``.pth`` line written
after the install, so the test needs no network beyond the build backend, and the installed
``tui`` and ``parser`` are the wheel's (checked), never the checkout's.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import time
import tomllib
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pexpect
import pyte
import pytest

ROOT = Path(__file__).resolve().parents[2]
SEED = "09ASTANA1104"


@dataclass(frozen=True)
class Installed:
    wheel: Path
    venv: Path
    site: Path  # the fresh environment's site-packages

    @property
    def cables(self) -> Path:
        return self.venv / "bin" / "cables"


def _run(args: list[str], cwd: Path, env: dict[str, str] | None = None,
         timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)


def _env(tmp: Path) -> dict[str, str]:
    """Private index and data folders; nothing that points back at the checkout."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "TEXTUAL", "NO_COLOR")}
    return {**env, "CABLES_INDEX_DIR": str(tmp / "ix"), "CABLES_DATA_DIR": str(tmp / "data"),
            "TERM": "xterm-256color"}


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    tmp = tmp_path_factory.mktemp("wheel")
    # Built from a copy of what the wheel is made of: setuptools writes build/ beside the sources, and a
    # module left there from an earlier build would go into the wheel unseen.
    source = tmp / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md", "parser", "tui", "sample_cables"):
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(ROOT / name, source / name)
    # As a user builds it: pip fetches the build backend pyproject.toml names into an isolated environment.
    built = _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--wheel-dir", str(tmp / "dist"),
                  str(source)], cwd=tmp, timeout=300)
    if built.returncode != 0 and "setuptools" in built.stdout + built.stderr and (
            "No matching distribution" in built.stdout + built.stderr
            or "Could not find a version" in built.stdout + built.stderr):
        pytest.skip(f"the build backend (setuptools) could not be installed: {built.stderr.strip()[-300:]}")
    assert built.returncode == 0, built.stdout + built.stderr
    [wheel] = (tmp / "dist").glob("cable_reader-*.whl")

    venv = tmp / "venv"
    made = _run([sys.executable, "-m", "venv", "--without-pip", str(venv)], cwd=tmp)
    assert made.returncode == 0, made.stderr
    python = venv / "bin" / "python"
    site = Path(_run([str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                     cwd=tmp).stdout.strip())
    put = _run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "--no-index",
                str(wheel)], cwd=tmp)
    assert put.returncode == 0, put.stdout + put.stderr
    # After the install (so pip never sees, or touches, the test environment's own copy of the project).
    (site / "borrowed-dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n", encoding="utf-8")
    return Installed(wheel, venv, site)


def test_the_wheel_holds_every_module_and_the_samples(installed: Installed) -> None:
    names = set(zipfile.ZipFile(installed.wheel).namelist())
    for package in ("parser", "tui"):
        for f in (ROOT / package).rglob("*"):
            if f.is_file() and "__pycache__" not in f.parts and f.suffix != ".pyc":
                assert f.relative_to(ROOT).as_posix() in names, f"{f.relative_to(ROOT)} is not in the wheel"
    for f in (ROOT / "sample_cables").iterdir():
        assert f"tui/sample_cables/{f.name}" in names, f"sample_cables/{f.name} is not in the wheel"


def test_the_installed_command_is_the_wheels(installed: Installed, tmp_path: Path) -> None:
    where = _run([str(installed.venv / "bin" / "python"), "-c", "import parser, tui; print(parser.__file__); "
                  "print(tui.__file__)"], cwd=tmp_path, env=_env(tmp_path))
    assert where.returncode == 0, where.stderr
    for line in where.stdout.split():
        assert Path(line).is_relative_to(installed.site), f"imported from outside the wheel: {line}"

    version = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    shown = _run([str(installed.cables), "--version"], cwd=tmp_path, env=_env(tmp_path))
    assert shown.returncode == 0 and shown.stdout.strip() == f"cables {version}", shown.stdout + shown.stderr

    seed = installed.site / "tui" / "sample_cables" / f"{SEED}.md"
    parsed = _run([str(installed.cables), "parse", str(seed), "--jsonl"], cwd=tmp_path, env=_env(tmp_path))
    assert parsed.returncode == 0, parsed.stderr
    assert json.loads(parsed.stdout)["id"] == SEED

    found = _run([str(installed.cables), "search", str(seed.parent), "tag:PHUM torture"], cwd=tmp_path,
                 env=_env(tmp_path))
    assert found.returncode == 0 and "09ASTANA1212" in found.stdout, found.stdout + found.stderr


def test_no_argument_opens_the_bundled_samples(installed: Installed, tmp_path: Path) -> None:
    cols, rows = 120, 36
    screen = pyte.Screen(cols, rows)
    stream = pyte.ByteStream(screen)
    child = pexpect.spawn(str(installed.cables), [], cwd=str(tmp_path), dimensions=(rows, cols),
                          env={**_env(tmp_path), "COLUMNS": str(cols), "LINES": str(rows)})

    def wait_for(needle: str, seconds: float = 45) -> str:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            try:
                stream.feed(child.read_nonblocking(65536, timeout=0.1))
            except pexpect.TIMEOUT:
                pass
            except pexpect.EOF:
                break
            text = "\n".join(screen.display)
            if needle in text:
                return text
        raise AssertionError(f"{needle!r} never appeared; screen:\n" + "\n".join(screen.display)
                             + f"\noutput: {child.before!r}")

    try:
        # The list counts the samples' cables once the index (built by the installed package's own
        # index process) is read; the header names the archive, the samples shipped in the wheel.
        text = wait_for("13 shown")
        assert "cable-reader" in text and "sample_cables" in text and "no such file" not in text, text
        wait_for(SEED)
        child.send("q")
        child.expect(pexpect.EOF, timeout=30)
    finally:
        child.close(force=True)
    assert child.exitstatus == 0, child.before
    assert list((tmp_path / "ix").iterdir()), "no index was built"
