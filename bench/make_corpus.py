"""Make a realistic synthetic cable archive of N cables, the same for the same seed.

    python bench/make_corpus.py 250000 bench/out/250k --form page --seed 1

Where ``../shared/corpus`` exists, real cable pages are recombined: each synthetic cable gets a
new id, date, origin and classification, and paragraphs drawn from several real cables, so its
words, lengths and quirks are real. Elsewhere it works from ``sample_cables/``. Forms: ``page``
(the site's layout ``cable/YYYY/MM/ID.html``), ``text`` (``YYYY/ID.txt``), ``csv`` (one
``cables.csv`` like the 2011 release), ``nara`` (the National Archives' 1973-79 records in their
documented layout, docs/formats-1970s.md: ``YYYY/MM/1975TEHRAN02069.txt``, one in fifty a
withdrawal card with attributes only, one in five with the reproduction's spaced date-time group)
or ``7z`` (those records in one 7z, as the yearly archives are mirrored). Streams to disk with a
progress bar.
"""

from __future__ import annotations

import argparse
import html
import random
import re
import sys
import tarfile
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from rich.progress import Progress

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from parser import parse  # noqa: E402

TARBALL = ROOT.parent / "shared" / "corpus" / "cablegate-2011-04-25.tar.xz"
STATIONS = [("ASTANA", "RUEHTA"), ("MOSCOW", "RUEHMO"), ("PARIS", "RUEHFR"), ("LONDON", "RUEHLO"),
            ("CAIRO", "RUEHEG"), ("TOKYO", "RUEHKO"), ("BEIJING", "RUEHBJ"), ("ANKARA", "RUEHAK"),
            ("BOGOTA", "RUEHBO"), ("NAIROBI", "RUEHNR"), ("MADRID", "RUEHMD"), ("TRIPOLI", "RUEHTRO"),
            ("BAGHDAD", "RUEHGB"), ("KABUL", "RUEHBUL"), ("ISLAMABAD", "RUEHIL"), ("BERLIN", "RUEHRL"),
            ("ROME", "RUEHRO"), ("BRASILIA", "RUEHBR"), ("MEXICO", "RUEHME"), ("TASHKENT", "RUEHNT")]
CLASSES = [("UNCLAS", "UNCLASSIFIED", "ZNR UUUUU", None), ("UNCLAS", "UNCLASSIFIED//FOR OFFICIAL USE ONLY",
           "ZNR UUUUU", "SENSITIVE"), ("C O N F I D E N T I A L", "CONFIDENTIAL", "ZNY CCCCC", None),
           ("C O N F I D E N T I A L", "CONFIDENTIAL//NOFORN", "ZNY CCCCC", "NOFORN"),
           ("S E C R E T", "SECRET", "ZNY SSSSS", None), ("S E C R E T", "SECRET//NOFORN", "ZNY SSSSS", "NOFORN")]
MONTHS = "JAN FEB MAR APR MAY JUN JUL AUG SEP OCT NOV DEC".split()
FORMS = ("page", "text", "csv", "nara", "7z")
SEVENZIP_NAME = "us-diplomatic-cables-txt-synthetic.7z"
# The 1970s records' values (docs/formats-1970s.md): classifications, offices of the ACTION and INFO
# lines as the sample writes them, indexers' concepts, and a Locator without text.
CLASSES_70S = ["UNCLASSIFIED", "LIMITED OFFICIAL USE", "CONFIDENTIAL", "SECRET"]
MARKERS_70S = {"UNCLASSIFIED": "UNCLAS", "LIMITED OFFICIAL USE": "LIMITED OFFICIAL USE",
               "CONFIDENTIAL": "C O N F I D E N T I A L", "SECRET": "S E C R E T"}
OFFICES_70S = ["ARA", "EUR", "EA", "NEA", "AF", "IO", "EB", "INR", "CIAE", "NSAE", "OCT", "ISO", "RSC", "AID"]
CONCEPTS_70S = ["NEGOTIATIONS", "MINING INDUSTRY", "VISITS", "TRADE AGREEMENTS", "MEETINGS", "ELECTIONS",
                "FOREIGN ASSISTANCE", "CULTURAL PRESENTATIONS", "PETROLEUM", "MILITARY SALES"]
NO_TEXT = "TEXT ON MICROFILM, ADS TEXT UNRETRIEVABLE"


@dataclass
class Pool:
    paragraphs: list[str]
    subjects: list[str]
    tags: list[list[str]]


def load_pool(limit: int = 2500) -> Pool:
    pool = Pool([], [], [])
    if TARBALL.exists():
        with tarfile.open(TARBALL, "r:xz") as tar:
            for m in tar:
                if len(pool.subjects) >= limit:
                    break
                f = tar.extractfile(m) if m.isfile() else None
                if f is None:
                    continue
                for c in parse(f.read(), name=m.name)[:1]:
                    pool.paragraphs.extend(p.text for p in c.paragraphs if p.number and len(p.text) > 40)
                    if c.subject:
                        pool.subjects.append(c.subject)
                    if c.tags:
                        pool.tags.append(c.tags)
    else:
        for f in sorted((ROOT / "sample_cables").iterdir()):
            for c in parse(f.read_bytes(), name=f.name):
                pool.paragraphs.extend(p.text for p in c.paragraphs if p.number)
                pool.subjects.append(c.subject or "NO SUBJECT")
                pool.tags.append(c.tags or ["PREL"])
    return pool


def _wrap(text: str, width: int = 68) -> list[str]:
    lines, cur = [], ""
    for w in text.split():
        if cur and len(cur) + 1 + len(w) > width:
            lines.append(cur + " ")
            cur = w
        else:
            cur = f"{cur} {w}" if cur else w
    if cur:
        lines.append(cur)
    return lines


def next_serial(serials: dict[tuple[int, str], int], year: int, station: str) -> int:
    """A post's next telegram number in a year: unique within the year as a real post's are (ids
    that repeated made fewer files than records), scattered over 1..99991 as real numbers look."""
    k = serials.get((year, station), 0)
    serials[(year, station)] = k + 1
    if k >= 99991:
        raise SystemExit(f"more than 99,991 records of {station} in {year}: ask for fewer")
    return 1 + (k * 7919) % 99991


def make_cable(n: int, rng: random.Random, pool: Pool,
               serials: dict[tuple[int, str], int]) -> tuple[str, str, str, dict[str, str]]:
    """(id, header, body, facts) of synthetic cable number ``n``."""
    station, route = STATIONS[rng.randrange(len(STATIONS))]
    when = datetime(1985, 1, 1) + timedelta(minutes=rng.randrange(25 * 365 * 24 * 60))
    serial = next_serial(serials, when.year, station)
    yy = when.year % 100
    rid = f"{yy:02d}{station}{serial}"
    marker, cls, security, caveat = CLASSES[rng.randrange(len(CLASSES))]
    dtg = f"{when.day:02d}{when.hour:02d}{when.minute:02d}Z {MONTHS[when.month - 1]} {yy:02d}"
    header = "\n".join([f"VZCZCXRO{n % 10000:04d}", "PP RUEHWEB", f"DE {route} #{serial % 10000:04d} "
                        f"{when.timetuple().tm_yday:03d}{when.hour:02d}{when.minute:02d}", f"{security} ZZH",
                        f"P {dtg}", f"FM AMEMBASSY {station}", "TO RUEHC/SECSTATE WASHDC PRIORITY "
                        f"{rng.randrange(1, 9999):04d}", "INFO RUEHZL/EUROPEAN POLITICAL COLLECTIVE"])
    tags = pool.tags[rng.randrange(len(pool.tags))]
    subject = pool.subjects[rng.randrange(len(pool.subjects))]
    body = [f"{marker} {station} {serial:06d}", "", "SIPDIS"]
    if caveat:
        body.append(caveat)
    body += ["", f"E.O. 12958: DECL: {when.month:02d}/{when.day:02d}/{when.year + 10}", "TAGS: " + " ".join(tags)]
    body += _wrap("SUBJECT: " + subject) + [""]
    if rng.random() < 0.4:
        ref = f"{STATIONS[rng.randrange(len(STATIONS))][0]} {rng.randrange(1, 9999)}"
        body += [f"REF: {ref}", ""]
    if cls != "UNCLASSIFIED":
        body += ["Classified By: Ambassador for reasons 1.4 (b) and (d).", ""]
    mark = {"UNCLASSIFIED": "(U)", "CONFIDENTIAL": "(C)", "SECRET": "(S)"}.get(cls.split("//")[0], "(U)")
    for k in range(1, 2 + rng.randrange(10)):
        body += ["", *_wrap(f"¶{k}. {mark} " + pool.paragraphs[rng.randrange(len(pool.paragraphs))])]
    body += ["", station]
    facts = {"id": rid, "date": when.strftime("%Y-%m-%d %H:%M"), "classification": cls,
             "origin": f"Embassy {station.title()}", "subject": subject}
    return rid, header, "\n".join(body), facts


def nara_record(rng: random.Random, pool: Pool, serials: dict[tuple[int, str], int]) -> tuple[str, str, str]:
    """(Document Number, the file's month folder ``YYYY/MM``, the file's text) of a synthetic
    1970s record."""
    station = STATIONS[rng.randrange(len(STATIONS))][0]
    when = datetime(1973, 1, 1) + timedelta(minutes=rng.randrange(7 * 365 * 24 * 60))
    serial = next_serial(serials, when.year, station)
    yy = when.year % 100
    doc = f"{when.year}{station}{serial:05d}"
    cls = CLASSES_70S[rng.randrange(len(CLASSES_70S))]
    subject = " ".join(pool.subjects[rng.randrange(len(pool.subjects))].split())
    tags = pool.tags[rng.randrange(len(pool.tags))]
    concepts = rng.sample(CONCEPTS_70S, 1 + rng.randrange(3))
    card = rng.random() < 0.02
    attrs = {"Concepts": ", ".join(concepts), "Current Classification": "UNCLASSIFIED", "Document Number": doc,
             "Draft Date": f"{when.day:02d} {MONTHS[when.month - 1]} {when.year}", "Film Number": "n/a",
             "From": station, "Locator": NO_TEXT if card else "TEXT ON-LINE", "Original Classification": cls,
             "Original Handling Restrictions": "n/a", "Subject": subject, "TAGS": ", ".join(tags), "To": "STATE",
             "Type": "TE"}
    lines = ["   Message Text", ""]
    if not card:
        offices = rng.sample(OFFICES_70S, 6)
        dtg = f"{when.day:02d}{when.hour:02d}{when.minute:02d}Z {MONTHS[when.month - 1]} {yy:02d}"
        if rng.random() < 0.2:  # the reproduction's spacing
            dtg = f"{dtg[:6]} Z {dtg[8:11]} {dtg[12]} {dtg[13]}"
        lines += [f"PAGE 01        {station} {serial:05d}  {dtg[:6]}Z", "",
                  f"ACTION {offices[0]}-{rng.randrange(1, 30):02d}", "",
                  "INFO  " + "  ".join(f"{o}-{rng.randrange(0, 12):02d}" for o in offices[1:]) + " /044 W",
                  f"                             --------------------- {rng.randrange(10**6):06d}",
                  f"R {dtg}", f"FM AMEMBASSY {station}", f"TO SECSTATE WASHDC {rng.randrange(1, 9999)}", "",
                  f"{MARKERS_70S[cls]} {station} {serial}", "", "E.O. 11652: GDS", "TAGS: " + ", ".join(tags),
                  *_wrap("SUBJECT: " + subject), ""]
        if rng.random() < 0.4:
            lines += [f"REF: STATE {rng.randrange(1, 99999):06d}, B.STATE {rng.randrange(1, 99999):06d}", ""]
        for k in range(1, 2 + rng.randrange(8)):
            lines += [*_wrap(f"{k}. " + pool.paragraphs[rng.randrange(len(pool.paragraphs))]), ""]
        lines += [station, "", "", cls, "", "NNN"]
    lines += ["", "   Message Attributes", ""] + [f"{k}: {v}" for k, v in attrs.items()]
    return doc, f"{when.year}/{when.month:02d}", "\n".join(lines) + "\n"


def page_html(rid: str, header: str, body: str, facts: dict[str, str]) -> str:
    def pre(text: str) -> str:
        return html.escape(text, quote=False).replace("\n", "&#x000A;")

    b = pre(body)
    def anchor(m: re.Match[str]) -> str:
        n = m.group(2)
        return f"{m.group(1)}<a id='par{n}' href='#par{n}'>¶</a>{n}."

    b = re.sub(r"(?m)(^|&#x000A;)¶(\d+)\.", anchor, b)
    return (f"<html><head><title>Cable {rid}</title></head><body><div class='pane big'>\n"
            f"<h3>Viewing cable {rid}, {html.escape(facts['subject'])}</h3>\n<table class='cable'>\n"
            f"<tr><th>Reference ID</th><th>Created</th><th>Released</th><th>Classification</th><th>Origin</th></tr>\n"
            f"<tr>\n<td>\n<a href='/cable/{rid}.html'>{rid}</a>\n</td>\n<td>\n<a href='#'>{facts['date']}</a>\n</td>\n"
            f"<td>\n<a href='#'>2011-08-30 01:44</a>\n</td>\n<td>\n<a href='#'>{facts['classification']}</a>\n</td>\n"
            f"<td>\n<a href='#'>{facts['origin']}</a>\n</td>\n</tr>\n</table>\n"
            f"<code><pre>{pre(header)}</pre></code>\n<code><pre>{b}</pre></code>\n</div></body></html>\n")


def csv_field(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def make(n: int, out: Path, form: str, seed: int, quiet: bool = False) -> int:
    """Write the archive; return the bytes of cable text written."""
    rng = random.Random(seed)
    pool = load_pool(400 if n <= 1000 else 2500)
    out.mkdir(parents=True, exist_ok=True)
    total = 0
    serials: dict[tuple[int, str], int] = {}
    csv_file = open(out / "cables.csv", "w", encoding="utf-8") if form == "csv" else None  # noqa: SIM115
    seven = None
    if form == "7z":
        import py7zr

        seven = py7zr.SevenZipFile(out / SEVENZIP_NAME, "w", filters=[{"id": py7zr.FILTER_LZMA2, "preset": 5}])
    try:
        with Progress(disable=quiet, transient=True) as progress:
            task = progress.add_task(f"making {n:,} cables", total=n)
            for k in range(n):
                if form in ("nara", "7z"):
                    doc, month, text = nara_record(rng, pool, serials)
                    total += len(text)
                    if seven is not None:
                        seven.writestr(text, f"{month}/{doc}.txt")
                    else:
                        path = out / month / f"{doc}.txt"
                        path.parent.mkdir(parents=True, exist_ok=True)
                        path.write_text(text, encoding="utf-8")
                    if k % 500 == 0:
                        progress.update(task, completed=k)
                    continue
                rid, header, body, facts = make_cable(k, rng, pool, serials)
                total += len(header) + len(body)
                year, month = facts["date"][:4], facts["date"][5:7]
                if form == "page":
                    path = out / "cable" / year / month / f"{rid}.html"
                    path.parent.mkdir(parents=True, exist_ok=True)
                    path.write_text(page_html(rid, header, body, facts), encoding="utf-8")
                elif form == "text":
                    path = out / year / f"{rid}.txt"
                    path.parent.mkdir(parents=True, exist_ok=True)
                    path.write_text(header + "\n\n" + body + "\n", encoding="utf-8")
                else:
                    assert csv_file is not None
                    created = datetime.strptime(facts["date"], "%Y-%m-%d %H:%M")
                    row = [f'"{k + 1}"', f'"{created.month}/{created.day}/{created.year} {created:%H:%M}"',
                           f'"{rid}"', f'"{facts["origin"]}"', f'"{facts["classification"]}"', '""',
                           csv_field(header + "\n"), csv_field(body + "\n")]
                    csv_file.write(",".join(row) + "\n")
                if k % 500 == 0:
                    progress.update(task, completed=k)
    finally:
        if csv_file:
            csv_file.close()
        if seven is not None:
            seven.close()
    return total


def archive_of(out: Path, form: str) -> Path:
    """What to open: the folder ``make`` wrote, or the 7z in it."""
    return out / SEVENZIP_NAME if form == "7z" else out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("n", type=int, help="how many cables")
    ap.add_argument("out", type=Path, help="the folder to write")
    ap.add_argument("--form", choices=FORMS, default="page")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    size = make(args.n, args.out, args.form, args.seed)
    print(f"{args.n:,} cables, {size / 2**20:,.1f} MB of cable text, in {archive_of(args.out, args.form)}")


if __name__ == "__main__":
    main()
