"""One digest of everything the parser makes of the corpus: to show that a speed change changes no
output. Run before and after a change; the two lines must be the same.

    python bench/parse_digest.py        (about a minute: every page, older build and variant, twice)
"""

from __future__ import annotations

import dataclasses
import hashlib
import sys
import tarfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from parser.parsing import HEAD_ONLY, ParseError, parse  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"


def inputs() -> list[bytes]:
    """The corpus pages, the older builds, the variants and the samples, in a fixed order."""
    out: list[bytes] = []
    for name in ("cablegate-2011-04-25.tar.xz", "older-builds.tar.xz"):
        with tarfile.open(CORPUS / name) as tar:
            out += [f.read() for m in tar if m.isfile() and (f := tar.extractfile(m)) is not None]
    for folder in (CORPUS / "variants", ROOT / "sample_cables"):
        out += [p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()]
    return out


def main() -> None:
    if not CORPUS.is_dir():
        sys.exit(f"no corpus at {CORPUS}")
    digest, n = hashlib.sha256(), 0
    for data in inputs():
        for policy in (None, HEAD_ONLY):  # what the reader shows and what the index reads
            try:
                cables = parse(data) if policy is None else parse(data, policy=policy)
            except ParseError as e:
                digest.update(repr(e).encode())
                continue
            for c in cables:
                digest.update(repr(dataclasses.asdict(c)).encode())
                n += 1
    print(n, digest.hexdigest())


if __name__ == "__main__":
    main()
