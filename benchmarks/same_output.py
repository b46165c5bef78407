"""Check that a change leaves broadsheet's output byte for byte as it was.

    python benchmarks/same_output.py --save hashes.json      # before the change
    python benchmarks/same_output.py --check hashes.json     # after it: lists every case that moved

Each case is reconstructed and written as JATS; two hashes are kept per case:
* `jats`: the JATS bytes, the output users see (this one must not move);
* `strict`: roles, the order's stories and the graph's edges with their weights and
  features (rounded to 9 digits), which also catches a change that the JATS hides.
The cases: every dump of the dev suite, SEEDS synthesised pages for each style in
zh, en and de, and the suite's typical page tiled 4 and 16 times (where windows bite).
Runs on two processes by default; a case that raises keeps the error as its hash.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_SUITE = HERE.parent.parent / "shared" / "bench" / "dev"
SEEDS = 5
LANGS = ("zh", "en", "de")
TILES = (4, 16)


def cases(suite: Path, tiles: bool) -> list[tuple[str, str, object]]:
    """(name, kind, argument) of every case: a dump path, a synthesised page or a tiling."""
    from broadsheet.synth import STYLES  # noqa: PLC0415  # imported in the worker too

    found: list[tuple[str, str, object]] = [(p.stem, "dump", str(p)) for p in sorted(suite.glob("*.txt"))]
    found += [(f"synth-{lang}-{style}-{seed}", "synth", (seed, style, lang))
              for lang in LANGS for style in STYLES for seed in range(SEEDS)]
    if tiles and suite.is_dir():
        pages = sorted(suite.glob("forge-en-*.pdftotext.txt"), key=lambda p: (p.stat().st_size, p.name))
        if pages:
            typical = pages[len(pages) // 2]
            found += [(f"tiled-{copies}x-{typical.stem}", "tile", (str(typical), copies)) for copies in TILES]
    return found


def source_of(kind: str, argument: object) -> str | bytes:
    if kind == "dump":
        return Path(str(argument)).read_bytes()
    if kind == "synth":
        from broadsheet.synth import make_page  # noqa: PLC0415  # only synthesised cases need it

        seed, style, lang = argument  # type: ignore[misc]
        return make_page(seed, style, lang).dump  # type: ignore[no-any-return]
    path, copies = argument  # type: ignore[misc]
    return "\n\n".join([Path(path).read_text(encoding="utf-8")] * copies)


def digest(name: str, kind: str, argument: object) -> tuple[str, dict[str, str]]:
    """The case's JATS hash and its strict hash."""
    import numpy as np  # noqa: PLC0415

    import broadsheet  # noqa: PLC0415
    from broadsheet.writers import page_to_jats  # noqa: PLC0415

    try:
        page = broadsheet.reconstruct(source_of(kind, argument))
        jats = page_to_jats(page)
    except Exception as error:  # a failure is an output too: it must not change either
        text = f"{type(error).__name__}: {error}"
        return name, {"jats": text, "strict": text}
    strict = hashlib.sha256()
    strict.update(repr(page.order.roles).encode())
    strict.update(repr(page.order.stories).encode())
    for edges in page.graph.edges:
        for array in (edges.source, edges.target, np.round(edges.weight, 9), np.round(edges.features, 9)):
            strict.update(np.ascontiguousarray(array, dtype=float).tobytes())
    return name, {"jats": hashlib.sha256(jats).hexdigest(), "strict": strict.hexdigest()}


def compute(suite: Path, jobs: int, tiles: bool, only: str) -> dict[str, dict[str, str]]:
    todo = [case for case in cases(suite, tiles) if only in case[0]]
    with ProcessPoolExecutor(jobs) as pool:
        results = pool.map(digest, *zip(*todo, strict=True), chunksize=1)
        return dict(results)


def compare(before: dict[str, dict[str, str]], after: dict[str, dict[str, str]]) -> int:
    """Print the cases that moved; the number whose JATS moved."""
    moved = [name for name in after if name in before and before[name]["jats"] != after[name]["jats"]]
    strict = [name for name in after if name in before and before[name]["strict"] != after[name]["strict"]]
    missing = [name for name in before if name not in after]
    for name in moved:
        print(f"JATS changed: {name}")
    for name in strict:
        if name not in moved:
            print(f"graph or order changed (JATS the same): {name}")
    print(f"{len(after)} cases: {len(moved)} JATS changed, {len(strict)} strict changed, "
          f"{len(missing)} not run")
    return len(moved)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--suite", type=Path, default=DEFAULT_SUITE)
    parser.add_argument("--save", type=Path, help="write the hashes here")
    parser.add_argument("--check", type=Path, help="compare with the hashes saved here")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--no-tiles", action="store_true", help="skip the tiled pages")
    parser.add_argument("--only", default="", help="run only the cases whose name holds this")
    args = parser.parse_args()
    hashes = compute(args.suite, args.jobs, not args.no_tiles, args.only)
    if args.save:
        args.save.write_text(json.dumps(hashes, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        print(f"{len(hashes)} cases saved to {args.save}")
    if args.check:
        return 1 if compare(json.loads(args.check.read_text(encoding="utf-8")), hashes) else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
