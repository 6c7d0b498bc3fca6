"""Measure every figure the issues name, beside its target, and write ``bench/RESULTS.md``.

    python bench/run.py --cables 250000      (make bench)
    python bench/run.py --cables 10000       (make bench-quick)

Parse rate over the real corpus pages (one core and all cores); index build of the real corpus
and of a synthetic archive (re-open unchanged, size, peak RSS of the indexing process); search
latency over a fixed set of queries, the whole ``cables search`` process, and ``grep -rl`` over
the same archive for comparison; the reader headless (first paint, key-to-screen latency, opening
a cable, jumping to a paragraph, a search, peak RSS). Medians of several runs where a figure is
quick enough to repeat: this machine is shared and noisy.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime
import multiprocessing
import os
import platform
import random
import resource
import shutil
import signal
import sqlite3
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from make_corpus import FORMS, archive_of, make  # noqa: E402

from parser import DEFAULT, HEAD_ONLY, Policy, parse  # noqa: E402
from parser.sql import RANK_AMONG  # noqa: E402

TARBALL = ROOT.parent / "shared" / "corpus" / "cablegate-2011-04-25.tar.xz"
QUERIES = [
    "torture", "human rights", '"human rights"', '"prime minister"', "election OR elections", "oil -gas",
    "NOT military minister", "terror*", "nucle*", "tag:PHUM", "tag:PREL tag:PGOV", "from:MOSCOW", "to:USNATO",
    "class:secret", "caveat:NOFORN", "date:2009", "date:2008-06", "date:2005-01-01..2006-12-31",
    "id:09MOSCOW1234", "ref:09MOSCOW1", "has:refs", 'subject:"human rights"', "tag:PHUM date:2009 torture",
    "minister from:CAIRO class:confidential",
]
SORTS = ["date", "oldest", "relevance", "id"]
FACET_QUERIES = ["", "torture", "human rights", "tag:PHUM", "from:MOSCOW"]  # "": the whole archive
# Typed in the reader's search box, one after another (words, a phrase, a prefix, field filters).
READER_QUERIES = ["torture", "human rights", '"prime minister"', "nucle*", "tag:PHUM", "from:MOSCOW",
                  "class:secret", "date:2009", "minister from:CAIRO", "oil -gas"]
ROWS: list[tuple[str, str, str, str]] = []  # figure, value, target, met


def row(name: str, value: str, target: str = "", met: bool | None = None) -> None:
    mark = "" if met is None else ("met" if met else "NOT met")
    ROWS.append((name, value, target, mark))
    print(f"{name:<58} {value:>22}  {target:<18} {mark}", flush=True)


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


# -- parse ---------------------------------------------------------------------------------------

def corpus_pages() -> list[bytes]:
    with tarfile.open(TARBALL, "r:xz") as tar:
        return [f.read() for m in tar if m.isfile() and (f := tar.extractfile(m)) is not None]


def _parse_many(chunk: list[bytes]) -> int:
    return sum(len(parse(d)) for d in chunk)


def _parse_time(pages: list[bytes], runs: int, policy: Policy) -> float:
    """Median seconds to parse every page under ``policy``."""
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        for d in pages:
            parse(d, policy=policy)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def bench_parse(pages: list[bytes], runs: int) -> None:
    text_mb = 0.0
    for d in pages[:200]:
        c = parse(d)[0]
        text_mb += len(c.header_text) + len(c.body_text)
    text_mb = text_mb / 200 * len(pages) / 2**20
    t = _parse_time(pages, runs, DEFAULT)
    rate = len(pages) / t
    row("parse, one core: cables/s (real corpus pages)", f"{rate:,.0f}", ">= 3,000", rate >= 3000)
    row("parse, one core: MB/s of page / of cable text",
        f"{sum(map(len, pages)) / 2**20 / t:,.1f} / {text_mb / t:,.1f}")
    row("parse without paragraphs (what the index does), one core: cables/s",
        f"{len(pages) / _parse_time(pages, runs, HEAD_ONLY):,.0f}")
    cores = os.cpu_count() or 1
    chunks = [pages[i::cores * 4] for i in range(cores * 4)]
    t0 = time.perf_counter()
    with multiprocessing.get_context("fork").Pool(cores) as pool:
        pool.map(_parse_many, chunks)
    t = time.perf_counter() - t0
    row(f"parse, all {cores} cores: cables/s", f"{len(pages) / t:,.0f}")


# -- index ---------------------------------------------------------------------------------------

def _rss_tree(pid: int) -> tuple[int, int]:
    """(largest, total) current RSS in KB of ``pid`` and its descendants, from /proc."""
    sizes, todo = [], [pid]
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/status") as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        sizes.append(int(line.split()[1]))
                        break
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as f:
                    todo.extend(int(c) for c in f.read().split())
        except (OSError, ValueError):
            continue
    return (max(sizes), sum(sizes)) if sizes else (0, 0)


def measured(cmd: list[str], env: dict[str, str]) -> tuple[float, int, int, subprocess.CompletedProcess[str]]:
    """Wall time, peak RSS (KB) of the largest process and of the whole process tree, sampled
    every 20 ms from /proc (ru_maxrss would carry this big benchmark process's own peak into the
    child across fork and exec), and the result."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT)
    largest = total = 0
    out: list[tuple[str, str]] = []
    reader = __import__("threading").Thread(target=lambda: out.append(proc.communicate()))
    reader.start()
    while proc.poll() is None:
        big, tot = _rss_tree(proc.pid)
        largest, total = max(largest, big), max(total, tot)
        time.sleep(0.02)
    reader.join()
    wall = time.perf_counter() - t0
    stdout, stderr = out[0] if out else ("", "")
    return wall, largest, total, subprocess.CompletedProcess(cmd, proc.returncode, stdout, stderr)


def run_cables(args: list[str], env: dict[str, str]) -> tuple[float, int, subprocess.CompletedProcess[str]]:
    """Wall time, peak RSS (KB) of the largest process of one ``cables`` run, and its result."""
    wall, largest, _, r = measured([sys.executable, "-m", "tui", *args], env)
    return wall, largest, r


def bench_index(name: str, archive: Path, text_bytes: float | None, env: dict[str, str], targets: dict,
                builds: int = 1) -> Path:
    """Build the index of ``archive`` (``builds`` times from nothing, each into a fresh folder, the
    last in the run's index folder: the median is reported), then re-open it unchanged."""
    walls, rss = [], 0
    for n in range(builds):
        build_env = env if n == builds - 1 else {**env, "CABLES_INDEX_DIR": tempfile.mkdtemp(prefix="cables-build-")}
        wall, peak, r = run_cables(["index", str(archive)], build_env)
        if build_env is not env:
            shutil.rmtree(build_env["CABLES_INDEX_DIR"], ignore_errors=True)
        if r.returncode:
            raise SystemExit(f"cables index failed on {archive}")
        walls.append(wall)
        rss = max(rss, peak)
    wall = statistics.median(walls)
    runs = f" (median of {', '.join(f'{w:.1f}' for w in walls)})" if builds > 1 else ""
    row(f"index {name}: full build, s{runs}", f"{wall:,.1f}", targets.get("build", ""),
        wall <= targets["build_s"] if "build_s" in targets else None)
    reopen = [run_cables(["index", str(archive)], env)[0] for _ in range(3)]
    t = statistics.median(reopen)
    row(f"index {name}: re-open unchanged (whole process), s", f"{t:,.2f}", targets.get("reopen", ""),
        t <= targets["reopen_s"] if "reopen_s" in targets else None)
    idx = sorted(Path(env["CABLES_INDEX_DIR"]).glob(f"{archive.name[:40]}-*.sqlite"))[-1]
    size = sum(p.stat().st_size for p in idx.parent.glob(idx.name + "*") if p.is_file())
    if text_bytes:
        ratio = size / text_bytes
        row(f"index {name}: size / cable text",
            f"{size / 2**20:,.0f} MB / {text_bytes / 2**20:,.0f} MB = {ratio:.2f}", "<= 1.2", ratio <= 1.2)
    row(f"index {name}: peak RSS of the largest indexing process, MB", f"{rss / 1024:,.0f}", "<= 300",
        rss / 1024 <= 300)
    return idx


# -- search --------------------------------------------------------------------------------------

def bench_search(archive: Path, env: dict[str, str], index_dir: Path) -> None:
    from parser.index import ArchiveIndex

    ix = ArchiveIndex(archive, index_dir)
    by_sort: dict[str, list[float]] = {s: [] for s in SORTS}
    cpu: dict[str, list[float]] = {s: [] for s in SORTS}  # in CPU time: what a shared machine's load leaves out
    for q in QUERIES:
        for s in SORTS:
            for _ in range(3):
                t0, c0 = time.perf_counter(), time.process_time()
                ix.search(q, sort=s, limit=50)
                by_sort[s].append((time.perf_counter() - t0) * 1000)
                cpu[s].append((time.process_time() - c0) * 1000)
    n = ix.count()
    approximate = sum(ix.ranked_among(q) is not None for q in QUERIES)
    ix.close()
    # The target names words, phrases and field filters in date order: timed here in the date,
    # oldest and id orders. Relevance order ranks the last matches (``parser.sql.RANK_AMONG``),
    # where FTS5's bm25 costs about a microsecond a match: its own target, beside it.
    ordered = [t for s in SORTS if s != "relevance" for t in by_sort[s]]
    everything = [t for s in SORTS for t in by_sort[s]]
    p95 = pct(ordered, 95)
    row(f"search over {n:,}: {len(QUERIES)} queries x date, oldest, id order, p50 ms", f"{pct(ordered, 50):,.1f}")
    row("search: p95 ms (first page of results)", f"{p95:,.1f}", "<= 50", p95 <= 50)
    row("search: max ms", f"{max(ordered):,.1f}")
    rel = by_sort["relevance"]
    ordered_cpu = [t for s in SORTS if s != "relevance" for t in cpu[s]]
    row("search: p50 / p95 CPU ms, date, oldest, id order",
        f"{pct(ordered_cpu, 50):,.1f} / {pct(ordered_cpu, 95):,.1f}")
    row(f"search in relevance order: p50 / p95 ms ({approximate} of {len(QUERIES)} queries ranked among the last "
        f"{RANK_AMONG:,} matches)", f"{pct(rel, 50):,.1f} / {pct(rel, 95):,.1f}", "p95 <= 50", pct(rel, 95) <= 50)
    row("search in relevance order: p50 / p95 CPU ms",
        f"{pct(cpu['relevance'], 50):,.1f} / {pct(cpu['relevance'], 95):,.1f}")
    row(f"search, all {len(SORTS)} orders: p50 / p95 ms", f"{pct(everything, 50):,.1f} / {pct(everything, 95):,.1f}")
    procs = [run_cables(["search", str(archive), "torture"], env)[0] for _ in range(3)]
    t = statistics.median(procs)
    row("search: whole `cables search` process, s", f"{t:,.2f}", "<= 0.4", t <= 0.4)
    if archive.is_dir():
        for scan in (["grep", "-rl"], ["rg", "-l", "--no-ignore", "--hidden"]):
            if shutil.which(scan[0]) is None:
                row(f"{scan[0]}: not installed", "")
                continue
            t0 = time.perf_counter()
            subprocess.run([*scan, "torture", str(archive)], capture_output=True)
            g = time.perf_counter() - t0
            row(f"{' '.join(scan[:2])} torture over the same archive, s", f"{g:,.2f}")
            row(f"{scan[0]} time / cables search time", f"{g / t:,.1f}x")


def bench_relevance_overlap(name: str, archive: Path, index_dir: Path, target: bool, among: int = RANK_AMONG) -> None:
    """What ranking the last matches loses: for each bench query the relevance order ranks, how
    many of its first 20 are among the first 20 of bm25 over every match (``among``: the window,
    smaller to see on a small archive what the window loses on a large one)."""
    from parser.index import ArchiveIndex
    from parser.library import Library
    from parser.query import parse_query

    ix = ArchiveIndex(archive, index_dir)
    lib = Library([ix])
    overlaps: dict[str, int] = {}
    for q in QUERIES:
        if lib.unranked(parse_query(q)):
            continue
        ix.rank_among = among
        fast = {r.rowid for r in ix.search(q, sort="relevance", limit=20)}
        ix.rank_among = None
        full = {r.rowid for r in ix.search(q, sort="relevance", limit=20)}
        overlaps[q] = len(fast & full) if full else 20
    ix.close()
    worst = min(overlaps.values())
    row(f"relevance, {name}, {among:,} ranked: top 20 shared with bm25 of every match, fewest / median of "
        f"{len(overlaps)} queries",
        f"{worst} / {statistics.median(overlaps.values()):.0f}", ">= 15" if target else "",
        worst >= 15 if target else None)
    print("  per query: " + ", ".join(f"{q} {n}" for q, n in overlaps.items()), flush=True)


def bench_facets(archive: Path, index_dir: Path) -> None:
    """The reader's ``f``: the timeline (years) and the counts by tag, origin and classification,
    over the whole archive and within the results of a few queries (median of 3 runs each)."""
    from parser.library import Library

    lib = Library.open([archive], index_dir)
    t0 = time.perf_counter()
    lib.facet("year")  # the first of a session reads the rows of ids held more than once
    first = (time.perf_counter() - t0) * 1000
    each: dict[str, float] = {}
    ratios = []
    for q in FACET_QUERIES:
        t0 = time.perf_counter()
        lib.entries(q)  # the query's whole list, as the reader loads it (in a thread): for scale
        listed = (time.perf_counter() - t0) * 1000
        for kind in ("year", "tag", "station", "classification"):
            runs = []
            for _ in range(3):
                t0 = time.perf_counter()
                lib.facet(kind, q)
                runs.append((time.perf_counter() - t0) * 1000)
            each[f"{kind} of {q or 'everything'}"] = statistics.median(runs)
            ratios.append(statistics.median(runs) / max(listed, 0.001))
    lib.close()
    slowest = max(each, key=lambda k: each[k])
    row("facets (f): the first count of a session, ms", f"{first:,.0f}")
    row(f"facets (f): 4 kinds x {len(FACET_QUERIES)} queries, p50 / max ms",
        f"{statistics.median(each.values()):,.0f} / {each[slowest]:,.0f}")
    row(f"facets (f): the slowest, {slowest}, ms", f"{each[slowest]:,.0f}")
    row("facets (f): a count's time / its query's whole list loaded, median / max",
        f"{statistics.median(ratios):,.2f} / {max(ratios):,.2f}")


# -- a command's whole process -------------------------------------------------------------------

def _cables_command() -> list[str]:
    """How a user runs ``cables``: the installed script (else ``python -m tui``)."""
    script = Path(sys.executable).parent / "cables"
    return [sys.executable, str(script)] if script.exists() else [sys.executable, "-m", "tui"]


def _imports(cmd: list[str], env: dict[str, str]) -> tuple[float, set[str]]:
    """Milliseconds spent importing (``-X importtime``, every module's own time summed) and the modules."""
    r = subprocess.run([cmd[0], "-X", "importtime", *cmd[1:]], capture_output=True, text=True, env=env, cwd=ROOT)
    us, names = 0, set()
    for line in r.stderr.splitlines():
        if line.startswith("import time:") and not line.startswith("import time: self"):
            own, _, name = line[len("import time:"):].split("|")
            us += int(own)
            names.add(name.strip())
    return us / 1000, names


def bench_commands(archive: Path, env: dict[str, str], runs: int) -> None:
    """Each lookup command's whole process, as a user runs it with its output piped (median of
    ``runs``, the page cache warm), and its import budget: what it loads, and the time that takes.
    Python keeps compiled modules as an installed package does (a cache folder of the bench's
    own); the same without that cache (``PYTHONDONTWRITEBYTECODE``: every module of the project
    compiled at each start) is beside it."""
    cached = {k: v for k, v in env.items() if k != "PYTHONDONTWRITEBYTECODE"}
    cached["PYTHONPYCACHEPREFIX"] = tempfile.mkdtemp(prefix="cables-bench-pyc-")
    uncached = {**env, "PYTHONDONTWRITEBYTECODE": "1"}
    base = _cables_command()
    first = subprocess.run([*base, "search", str(archive), "date:2009", "--limit", "1"], capture_output=True,
                           text=True, env=env, cwd=ROOT)
    cable_id = first.stdout.split("\t")[1] if first.returncode == 0 else "09ASTANA1104"
    commands = {
        "search": ["search", str(archive), "torture", "--limit", "20"],
        "show": ["show", str(archive), cable_id],
        "explain": ["explain", "PHUM"],
        "parse": ["parse", str(ROOT / "sample_cables" / "09ASTANA1104.md")],
    }
    load = os.getloadavg()[0]
    for name, args in commands.items():
        cmd = [*base, *args]
        subprocess.run(cmd, capture_output=True, env=cached, cwd=ROOT)  # the cache, and the page cache, warm
        walls, cpus = {}, {}
        for label, e in (("cached", cached), ("uncached", uncached)):
            times, used = [], []
            for _ in range(runs):
                r0, t0 = resource.getrusage(resource.RUSAGE_CHILDREN), time.perf_counter()
                subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=e, cwd=ROOT)
                times.append(time.perf_counter() - t0)
                r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
                used.append(r1.ru_utime - r0.ru_utime + r1.ru_stime - r0.ru_stime)
            walls[label], cpus[label] = statistics.median(times), statistics.median(used)
        ms, modules = min((_imports(cmd, cached) for _ in range(3)), key=lambda m: m[0])
        heavy = [m for m in ("rich", "textual", "parser.parsing", "parser.glossary", "parser.build", "parser.pipeline")
                 if m in modules]
        # The cable forms it loaded (a cable site's page needs its own and the plain text's only).
        forms = sorted(m.split(".")[2] for m in modules if m.startswith("parser.formats.")
                       and m not in ("parser.formats.detect", "parser.formats.source"))
        t = walls["cached"]
        row(f"`cables {name}`: whole process, median of {runs}, s (no bytecode cache)",
            f"{t:.3f} ({walls['uncached']:.3f})", "<= 0.1", t <= 0.1)
        row(f"`cables {name}`: its CPU time (user + system), median, s",
            f"{cpus['cached']:.3f} ({cpus['uncached']:.3f})")
        loads = ", ".join(heavy) or "none heavy"
        row(f"`cables {name}`: imports, ms / modules (of them: {loads}; forms: {', '.join(forms) or 'none'})",
            f"{ms:,.0f} / {len(modules)}")
    row("load average (1 min) while the commands ran", f"{load:.1f}")
    shutil.rmtree(cached["PYTHONPYCACHEPREFIX"], ignore_errors=True)


# -- reader --------------------------------------------------------------------------------------

class _Frames:
    """Times the app puts a frame on the screen: its display call, hooked. A headless app skips
    only the final write to the terminal; the whole frame is still laid out and rendered."""

    def __init__(self, app) -> None:  # noqa: ANN001
        self.times: list[float] = []
        self.waiter: asyncio.Future[float] | None = None
        display = app._display

        def hooked(screen, renderable) -> None:  # noqa: ANN001
            display(screen, renderable)
            if renderable is not None:
                now = time.perf_counter()
                self.times.append(now)
                if self.waiter is not None and not self.waiter.done():
                    self.waiter.set_result(now)

        app._display = hooked

    def arm(self) -> asyncio.Future[float]:
        self.waiter = asyncio.get_running_loop().create_future()
        return self.waiter


async def _to_frame(frames: _Frames, action: Callable[[], object]) -> float:
    """Milliseconds from ``action`` to the next frame drawn."""
    shown = frames.arm()
    t = time.perf_counter()
    action()
    return (await asyncio.wait_for(shown, 5) - t) * 1000


async def _key_to_frame(app, frames: _Frames, key: str) -> float:  # noqa: ANN001
    """Milliseconds from a key arriving (sent as the terminal driver sends it) to the next frame."""
    from textual import events

    event = events.Key(key, key if len(key) == 1 else None)
    event.set_sender(app)
    return await _to_frame(frames, lambda: app._driver.send_message(event))


async def _reader(archive: Path, index_dir: Path, moves_n: int = 200) -> dict[str, float]:
    from tui.app import CableReader
    from tui.screens.main import MainScreen
    from tui.state import State
    from tui.widgets.cable_list import CableList
    from tui.widgets.viewer import Viewer

    out: dict[str, float] = {}
    t0 = time.perf_counter()
    app = CableReader([archive], index_dir, State.load(Path(tempfile.mkdtemp())))
    async with app.run_test(size=(160, 45)) as pilot:
        frames = _Frames(app)
        while not (isinstance(app.screen, MainScreen) and app.screen.query_one(CableList).entries):
            await pilot.pause(0.01)
        out["first_paint"] = time.perf_counter() - t0
        screen = app.screen
        while screen.indexing or any(w.is_running for w in app.workers):
            await pilot.pause(0.05)
        cl = screen.query_one(CableList)
        cl.focus()
        await pilot.pause()
        # Key to screen: from the key's arrival to the frame that shows its effect. Keys come 20 to
        # 60 ms apart (typing, or a held key repeating), so they fall anywhere in the screen's
        # frame clock (60 frames a second): up to a frame's wait is part of the figure.
        rng = random.Random(7)
        moves, pages, work = [], [], []
        period = min(50, moves_n)  # a fifth of each period's moves are pages down
        for k in range(moves_n):
            key = "down" if k % period < period * 4 // 5 else "pagedown"
            if cl.cursor + 2 * cl.size.height >= len(cl.entries):  # a short list: back to its top
                cl.action_top()
                await pilot.pause()
            await asyncio.sleep(rng.uniform(0.02, 0.06))
            moves.append(await _key_to_frame(app, frames, key))
            if key == "pagedown":
                pages.append(moves[-1])
        for _ in range(moves_n):
            if cl.cursor + 2 * cl.size.height >= len(cl.entries):
                cl.action_top()
            t = time.perf_counter()  # the list's own share: move, then draw every visible line
            cl.action_cursor(1)
            for y in range(cl.size.height):
                cl.render_line(y)
            work.append((time.perf_counter() - t) * 1000)
            await pilot.pause()
        out["move_p50"], out["move_p99"] = pct(moves, 50), pct(moves, 99)
        out["page_p50"] = pct(pages, 50)
        out["move_work_p50"], out["move_work_p99"] = pct(work, 50), pct(work, 99)
        opens, settled = [], []
        for _ in range(max(3, moves_n // 10)):
            await pilot.press("down")
            await pilot.pause()
            t = time.perf_counter()
            opens.append(await _to_frame(frames, lambda: screen.open_entry(cl.current)))
            await pilot.pause()
            settled.append((frames.times[-1] - t) * 1000)  # the last frame the open caused
        out["open"], out["open_settled"] = statistics.median(opens), statistics.median(settled)
        for _ in range(50):  # a cable with a ¶2 to jump to (a 1970s withdrawal card has none)
            if screen.cable is not None and any(p.number == 2 for p in screen.cable.paragraphs):
                break
            await pilot.press("down")
            screen.open_entry(cl.current)
            await pilot.pause()
        screen.query_one(Viewer).focus()
        await pilot.pause()
        await _key_to_frame(app, frames, "2")
        await pilot.pause()
        out["jump"] = await _key_to_frame(app, frames, "enter")
        await pilot.pause()
        assert screen.query_one(Viewer).position() == "para-2", screen.query_one(Viewer).position()
        # A search's first results: its first page is on the screen (the next frame after the
        # query); the rest of the list then loads in a thread, timed to its end as well. Several
        # queries of different kinds, each after the last one's list has loaded.
        searches, loaded = [], []
        for q in READER_QUERIES:
            t = time.perf_counter()
            searches.append(await _to_frame(frames, lambda q=q: screen.run_query(q)))
            await pilot.pause()
            while any(w.is_running for w in app.workers):
                await pilot.pause(0.01)
            loaded.append((time.perf_counter() - t) * 1000)
            await asyncio.sleep(rng.uniform(0.02, 0.06))
        out["search"], out["search_max"] = statistics.median(searches), max(searches)
        out["search_each"] = dict(zip(READER_QUERIES, (round(x, 1) for x in searches), strict=True))
        out["search_all"] = statistics.median(loaded)
    out["rss"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return out


def cold_start(archive: Path, env: dict[str, str], cols: int = 160, rows: int = 45) -> float:
    """Seconds from starting ``cables ARCHIVE`` in a pseudo-terminal to the first frame that shows
    the list's count on its status line: Python's start, the imports, the index opened, the first
    page read and drawn, as a user waits for it."""
    import fcntl
    import pty
    import select
    import struct
    import termios

    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
    t0 = time.perf_counter()
    proc = subprocess.Popen([*_cables_command(), str(archive)], stdin=slave, stdout=slave, stderr=slave,
                            env={**env, "TERM": "xterm-256color", "COLUMNS": str(cols), "LINES": str(rows)},
                            cwd=ROOT, start_new_session=True)
    os.close(slave)
    seen, shown = b"", None
    try:
        while shown is None and time.perf_counter() - t0 < 30:
            if select.select([master], [], [], 0.5)[0]:
                try:
                    seen += os.read(master, 65536)
                except OSError:
                    break
                if b" shown" in seen:
                    shown = time.perf_counter() - t0
    finally:
        # The reader and the index check it started (a child of its own): the whole session.
        os.killpg(proc.pid, signal.SIGTERM)
        end = time.perf_counter() + 5
        try:
            while proc.poll() is None and time.perf_counter() < end:
                if select.select([master], [], [], 0.1)[0]:
                    os.read(master, 65536)  # a full terminal would keep it from restoring and leaving
        except OSError:
            pass
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        os.close(master)
    if shown is None:
        raise SystemExit("the reader showed no list within 30 s")
    return shown


def bench_reader(archive: Path, index_dir: Path, cold_runs: int = 3, moves: int = 200) -> None:
    """In a process of its own, so its memory is the reader's alone."""
    import json

    _, largest, _, out = measured([sys.executable, __file__, "--reader-only", str(archive), str(index_dir),
                                   "--reader-moves", str(moves)], dict(os.environ))
    if out.returncode:  # what it said last: a wait that ran out names itself there
        raise SystemExit("the reader benchmark failed:\n" + "\n".join(out.stderr.splitlines()[-15:]))
    r = json.loads(out.stdout.strip().splitlines()[-1])
    r["rss"] = largest / 1024
    env = {**os.environ, "CABLES_INDEX_DIR": str(index_dir)}
    # As for the commands: Python keeps compiled modules, as an installed package has them (a cache
    # folder of the bench's own, warmed by a first start); without them (``PYTHONDONTWRITEBYTECODE``,
    # every module of the project compiled at each start) beside it.
    cached = {k: v for k, v in env.items() if k != "PYTHONDONTWRITEBYTECODE"}
    cached["PYTHONPYCACHEPREFIX"] = tempfile.mkdtemp(prefix="cables-bench-pyc-")
    cold_start(archive, cached)
    cold = statistics.median(cold_start(archive, cached) for _ in range(cold_runs))
    uncached = statistics.median(cold_start(archive, {**env, "PYTHONDONTWRITEBYTECODE": "1"}) for _ in range(cold_runs))
    shutil.rmtree(cached["PYTHONPYCACHEPREFIX"], ignore_errors=True)
    row(f"reader: cold start, `cables ARCHIVE` to the list on screen (a pty), median of {cold_runs}, s "
        "(no bytecode cache)", f"{cold:,.2f} ({uncached:,.2f})", "<= 0.3", cold <= 0.3)
    row("reader: first paint with the list filled (the app made to the list drawn), s", f"{r['first_paint']:,.2f}",
        "<= 0.5", r["first_paint"] <= 0.5)
    row("reader: list move, key to screen (next frame), median ms", f"{r['move_p50']:,.1f}", "<= 16",
        r["move_p50"] <= 16)
    row("reader: list move, key to screen (next frame), p99 ms", f"{r['move_p99']:,.1f}", "<= 50",
        r["move_p99"] <= 50)
    row("reader: list move, a page down alone (a fifth of the moves), median ms", f"{r['page_p50']:,.1f}")
    row("reader: list move, the list's own work, median / p99 ms",
        f"{r['move_work_p50']:,.1f} / {r['move_work_p99']:,.1f}")
    row("reader: opening a cable, to the frame showing it, median ms", f"{r['open']:,.1f}", "<= 50",
        r["open"] <= 50)
    row("reader: opening a cable, to its last frame (all panes settled), median ms", f"{r['open_settled']:,.1f}")
    row("reader: jump to a paragraph (Enter after its number), ms", f"{r['jump']:,.1f}")
    row(f"reader: a search's first results on screen ({len(READER_QUERIES)} queries), median ms",
        f"{r['search']:,.1f}", "<= 50", r["search"] <= 50)
    row("reader: a search's first results on screen, slowest query, ms", f"{r['search_max']:,.1f}", "<= 80",
        r["search_max"] <= 80)
    row("reader: a search's whole list loaded (a thread), median ms", f"{r['search_all']:,.1f}")
    row("reader: peak RSS of the reader process, MB", f"{r['rss']:,.0f}", "<= 250", r["rss"] <= 250)


# -- the table -----------------------------------------------------------------------------------

def machine() -> str:
    mem = ""
    try:
        with open("/proc/meminfo") as f:
            mem = f"{int(f.readline().split()[1]) / 2**20:.0f} GiB"
    except OSError:
        pass
    return (f"{os.cpu_count()} cores, {mem} memory, Python {platform.python_version()}, "
            f"SQLite {sqlite3.sqlite_version}, {platform.machine()}")


def write_results(n: int, out: Path) -> None:
    lines = [f"# Benchmark results ({n:,} synthetic cables)", "",
             f"Measured {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC on {machine()}, "
             f"with `python bench/run.py --cables {n}`.", "",
             "| figure | value | target | |", "|---|---:|---|---|"]
    lines += [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in ROWS]
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"\nwritten to {out}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cables", type=int, default=10000, help="size of the synthetic archive")
    ap.add_argument("--form", choices=FORMS, default="page")
    ap.add_argument("--runs", type=int, default=3, help="repeats for the quick figures (median)")
    ap.add_argument("--work", type=Path, default=ROOT / "bench" / "out", help="where archives and indexes go")
    ap.add_argument("--results", type=Path, default=ROOT / "bench" / "RESULTS.md")
    ap.add_argument("--skip-corpus", action="store_true", help="leave out the real-corpus figures")
    ap.add_argument("--command-runs", type=int, default=15,
                    help="runs of each command's whole process (median; the suite's smoke run uses 1)")
    ap.add_argument("--commands-only", type=Path, metavar="ARCHIVE",
                    help="only each lookup command's whole process and imports, on ARCHIVE as indexed")
    ap.add_argument("--indexed", type=Path, metavar="ARCHIVE",
                    help="only the figures of an archive already indexed in CABLES_INDEX_DIR (search, relevance, "
                         "the commands, the reader): no build")
    ap.add_argument("--reader-moves", type=int, default=200,
                    help="list moves the reader's figures are made of (a tenth as many cables opened; the "
                         "suite's smoke run uses 20)")
    ap.add_argument("--reader-only", nargs=2, metavar=("ARCHIVE", "INDEX_DIR"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.reader_only:
        import json

        print(json.dumps(asyncio.run(_reader(Path(args.reader_only[0]), Path(args.reader_only[1]), args.reader_moves))))
        return
    if args.commands_only:
        print(f"{'figure':<58} {'value':>22}  {'target':<18}")
        bench_commands(args.commands_only, dict(os.environ), args.command_runs)
        return
    if args.indexed:
        env = dict(os.environ)
        if "CABLES_INDEX_DIR" not in env:
            raise SystemExit("--indexed reads the index in CABLES_INDEX_DIR: set it")
        index_dir = Path(env["CABLES_INDEX_DIR"])
        print(f"{'figure':<58} {'value':>22}  {'target':<18}")
        bench_search(args.indexed, env, index_dir)
        bench_relevance_overlap(args.indexed.name, args.indexed, index_dir, target=False)
        bench_commands(args.indexed, env, args.command_runs)
        bench_reader(args.indexed, index_dir, args.runs, args.reader_moves)
        row("load average (1 / 5 / 15 min) at the end", " / ".join(f"{x:.1f}" for x in os.getloadavg()))
        return
    args.work.mkdir(parents=True, exist_ok=True)
    index_dir = Path(tempfile.mkdtemp(prefix="cables-bench-index-"))
    env = {**os.environ, "CABLES_INDEX_DIR": str(index_dir)}
    print(f"{'figure':<58} {'value':>22}  {'target':<18}")
    try:
        if TARBALL.exists() and not args.skip_corpus:
            pages = corpus_pages()
            bench_parse(pages, args.runs)
            del pages
            bench_index("real corpus (6,310 pages, tar.xz)", TARBALL, None, env,
                        {"build": "<= 5", "build_s": 5, "reopen": "<= 0.3", "reopen_s": 0.3}, builds=args.runs)
            bench_relevance_overlap("real corpus", TARBALL, index_dir, target=True)
            # The window as large a share of the corpus as of 250,000 cables: what it loses there, on real text.
            bench_relevance_overlap("real corpus", TARBALL, index_dir, target=False, among=RANK_AMONG * 6310 // 250000)
        synth = args.work / f"synthetic-{args.cables}-{args.form}"
        marker = synth / ".complete"
        if not marker.exists():
            shutil.rmtree(synth, ignore_errors=True)
            t0 = time.perf_counter()
            size = make(args.cables, synth, args.form, seed=1)
            marker.write_text(str(size))
            row(f"make_corpus: {args.cables:,} cables, s", f"{time.perf_counter() - t0:,.1f}")
        text_bytes = float(marker.read_text())
        synth = archive_of(synth, args.form)
        big = args.cables >= 250000
        bench_index(f"synthetic {args.cables:,}", synth, text_bytes, env,
                    {"build": "<= 180", "build_s": 180, "reopen": "<= 3", "reopen_s": 3} if big else {})
        bench_search(synth, env, index_dir)
        bench_facets(synth, index_dir)
        bench_relevance_overlap(f"synthetic {args.cables:,}", synth, index_dir, target=False)
        bench_commands(synth, env, args.command_runs)
        bench_reader(synth, index_dir, args.runs, args.reader_moves)
        write_results(args.cables, args.results)
    finally:
        shutil.rmtree(index_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
