"""Each ``cables`` command imports only what it uses: a lookup's start-up is mostly its imports
(the bench reports the time; here, what is loaded). Output is piped, as in a script."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "sample_cables"

# The reader, the index's build (and its 7z reader), the parser's forms and rich: none of them is needed to
# look up.
BUILD = {"parser.build", "parser.pipeline", "zstandard", "parser.sevenzip", "py7zr"}
PARSER = {"parser.parsing", "parser.body", "parser.formats.detect"}


def loaded(argv: list[str], index_dir: Path) -> tuple[set[str], subprocess.CompletedProcess[str]]:
    """The modules loaded by ``cables ARGV`` run in a fresh interpreter (its output piped)."""
    code = ("import json, sys\n"
            "from tui.cli import main\n"
            f"code = main({argv!r})\n"
            "sys.stdout.flush()\n"
            "print(json.dumps(sorted(sys.modules)), file=sys.stderr)\n"
            "sys.exit(code)\n")
    env = {**os.environ, "CABLES_INDEX_DIR": str(index_dir)}
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, env=env, timeout=120)
    modules = set(json.loads(r.stderr.strip().splitlines()[-1]))
    return modules, r


def packages(modules: set[str], *names: str) -> set[str]:
    return {m for m in modules if m in names or m.startswith(tuple(n + "." for n in names))}


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An index of the samples, up to date (a lookup answers from it without building)."""
    d = tmp_path_factory.mktemp("ix")
    r = subprocess.run([sys.executable, "-m", "tui", "index", str(SAMPLES)], capture_output=True, text=True,
                       cwd=ROOT, env={**os.environ, "CABLES_INDEX_DIR": str(d)}, timeout=120)
    assert r.returncode == 0, r.stderr
    return d


def test_importing_the_command_loads_neither_the_reader_nor_rich_nor_the_parser() -> None:
    code = "import json, sys, tui.cli; print(json.dumps(sorted(sys.modules)))"
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    modules = set(json.loads(r.stdout))
    assert not packages(modules, "textual", "rich") and not modules & (BUILD | PARSER | {"parser.index"})


def test_explain_loads_the_glossary_alone(index_dir: Path) -> None:
    modules, r = loaded(["explain", "PHUM"], index_dir)
    assert r.returncode == 0 and r.stdout.startswith("PHUM  "), r.stdout + r.stderr
    assert "parser.glossary.explain" in modules
    assert not packages(modules, "textual", "rich") and not modules & (BUILD | PARSER | {"parser.index"})


def test_search_of_an_index_up_to_date_builds_nothing_and_parses_nothing(index_dir: Path) -> None:
    modules, r = loaded(["search", str(SAMPLES), "torture"], index_dir)
    assert r.returncode == 0 and "09ASTANA1212" in r.stdout, r.stdout + r.stderr
    assert not packages(modules, "textual", "rich") and not modules & (BUILD | PARSER)


def test_show_and_parse_load_the_parser_but_not_the_build(index_dir: Path) -> None:
    modules, r = loaded(["show", str(SAMPLES), "09ASTANA1104"], index_dir)
    assert r.returncode == 0 and "09ASTANA1104" in r.stdout, r.stdout + r.stderr
    assert "parser.parsing" in modules and not packages(modules, "textual") and not modules & BUILD
    modules, r = loaded(["parse", str(SAMPLES / "09ASTANA1104.md")], index_dir)
    assert r.returncode == 0 and "09ASTANA1104" in r.stdout, r.stdout + r.stderr
    assert not packages(modules, "textual") and not modules & (BUILD | {"parser.index"})


# The forms a cable site's page is not in: a page pays for its own form only (parser.formats.detect).
OTHER_FORMS = {"parser.formats.jsonapi", "parser.formats.csvrows", "parser.formats.nara", "parser.formats.plusd",
               "parser.formats.telegram70s", "parser.formats.markdown"}


def test_show_and_parse_piped_load_no_rich_and_only_the_form_of_their_cable(index_dir: Path) -> None:
    modules, r = loaded(["show", str(SAMPLES), "08TALLINN0412"], index_dir)
    assert r.returncode == 0 and "Tags" in r.stdout and "08TALLINN412" in r.stdout, r.stdout + r.stderr
    assert "parser.formats.page" in modules and "parser.glossary.tables" in modules  # the header decoded
    assert not packages(modules, "rich", "textual") and not modules & (OTHER_FORMS | BUILD)
    assert not modules & {"zipfile", "lzma", "bz2", "gzip"}  # a folder's file is read without them
    modules, r = loaded(["parse", str(SAMPLES / "08TALLINN0412.html")], index_dir)
    assert r.returncode == 0 and r.stdout.startswith("08TALLINN412  "), r.stdout + r.stderr
    assert not packages(modules, "rich", "textual", "parser.glossary") and not modules & (OTHER_FORMS | BUILD)
    # Markdown is tried last: the forms tried before it are passed by without loading their modules.
    modules, r = loaded(["parse", str(SAMPLES / "09ASTANA1104.md")], index_dir)
    assert r.returncode == 0 and r.stdout.startswith("09ASTANA1104  "), r.stdout + r.stderr
    assert "parser.formats.markdown" in modules and not modules & (OTHER_FORMS - {"parser.formats.markdown"})
    assert not packages(modules, "rich", "textual", "parser.glossary")


def test_the_parsers_patterns_are_compiled_when_first_used() -> None:
    """Importing the parser compiles none of its patterns; a parse compiles those it uses, each put
    in its place in its module (the module's calls reach the compiled pattern itself)."""
    code = ("import json, re, sys\n"
            "import parser.parsing\n"
            "def compiled():\n"
            "    return sorted(f'{m.__name__}.{k}' for m in list(sys.modules.values())\n"
            "                  if getattr(m, '__name__', '').startswith('parser.')\n"
            "                  for k, v in vars(m).items() if isinstance(v, re.Pattern))\n"
            "before = compiled()\n"
            f"[c] = parser.parsing.parse(open({str(SAMPLES / '08TALLINN0412.html')!r}, 'rb').read())\n"
            "from parser.body.lines import PARA_RE\n"  # a stand-in imported by name works as the pattern
            "print(json.dumps([before, compiled(), c.id, PARA_RE.match('12. text').group(2)]))\n")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
    before, after, cable_id, number = json.loads(r.stdout)
    assert before == [] and cable_id == "08TALLINN412" and number == "12", r.stderr
    assert "parser.formats.page._TD_LINK" in after and "parser.body.head._TAGS_KEY" in after
    assert not any(name.startswith(("parser.formats.nara.", "parser.body.references._LEADING_REF")) for name in after)


def test_the_reader_loads_its_pop_ups_when_first_used() -> None:
    """The reader's first frame waits for every module imported before it: the pop-up screens,
    exports, citations and diffs come when a key asks for them."""
    code = "import json, sys, tui.app; print(json.dumps(sorted(sys.modules)))"
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    modules = set(json.loads(r.stdout))
    later = {"tui.screens.browse", "tui.screens.export", "tui.screens.modals", "tui.screens.thread",
             "tui.screens.versions", "parser.export", "parser.citation", "parser.diff", "parser.glossary",
             "tui.widgets.timeline"}
    assert "tui.screens.main" in modules and not modules & later, sorted(modules & later)


def test_the_reader_reads_its_arguments_without_the_package_metadata() -> None:
    """Looking up the installed version searches every installed package's metadata (30-60 ms of
    the reader's start): ``--version`` does it when asked, not every start."""
    code = ("import json, sys, tui.cli; tui.cli.reader_parser().parse_args(['sample_cables']); "
            "print(json.dumps(sorted(sys.modules)))")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert "importlib.metadata" not in set(json.loads(r.stdout))
    shown = subprocess.run([sys.executable, "-m", "tui", "--version"], capture_output=True, text=True, cwd=ROOT)
    assert shown.returncode == 0 and shown.stdout.startswith("cables "), shown.stdout + shown.stderr


def test_the_reader_starts_with_its_modules_set_apart_from_the_collector() -> None:
    """Collections walking the reader's modules while they load and after were a tenth of its start:
    the modules are frozen (``gc.freeze``) before the app runs, and the collector is on again."""
    code = ("import gc, sys, tui.app, tui.cli\n"
            "tui.app.CableReader.run = lambda self: print(gc.get_freeze_count(), gc.isenabled())\n"
            "sys.stdin.isatty = sys.stdout.isatty = lambda: True\n"
            "tui.cli.main(['sample_cables'])\n")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60,
                       env={**os.environ, "CABLES_INDEX_DIR": "/nonexistent-cables-index"})
    frozen, enabled = r.stdout.split()
    assert int(frozen) > 10000 and enabled == "True", r.stdout + r.stderr
