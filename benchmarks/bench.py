"""Score broadsheet on the shared benchmark, per source and per extractor style, beside a baseline.

    python benchmarks/bench.py [--suite ../shared/bench/dev] [--jobs 2] [--cases PATTERN] [--json OUT]

Runs the library in-process on every case (NAME.txt + NAME.gold.json), writes JATS with
the project's writer and scores it with the shared scorer's own functions (score.py), so
the figures are the scorer's. The baseline is the do-nothing reconstruction: the whole
dump as one article, blank-line blocks as paragraphs. Skips cleanly (exit 0) when the
suite or the scorer is absent: the benchmark is not part of the project.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import re
import sys
import time
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from types import ModuleType

import broadsheet

HERE = Path(__file__).resolve().parent
DEFAULT_SUITE = HERE.parent.parent / "shared" / "bench" / "dev"
FIGURES = ("score", "text_cer", "seg_f1", "para_f1", "headline_acc", "deck_f1", "byline_recall", "heading_f1",
           "caption_acc", "lost")


def load_scorer(suite: Path) -> ModuleType | None:
    path = suite.parent / "score.py"
    if not path.is_file():
        return None
    spec = importlib.util.spec_from_file_location("bench_score", path)
    if spec is None or spec.loader is None:
        return None
    module = importlib.util.module_from_spec(spec)
    try:
        spec.loader.exec_module(module)
    except ImportError as error:  # the scorer needs numpy, scipy, lxml and rapidfuzz
        print(f"bench: the scorer cannot run ({error}); pip install rapidfuzz scipy lxml", file=sys.stderr)
        return None
    return module


def group_of(name: str) -> tuple[str, str]:
    """(source, style) of a case name such as forge-zh-003.pdftotext-raw or real-ezr1840-p1.ocrorder."""
    stem, _, style = name.partition(".")
    source = re.sub(r"-\d+$", "", stem) if stem.startswith("forge") else re.sub(r"-p\d+$", "", stem)
    return source, style or "seed"


def baseline_articles(dump: str, scorer: ModuleType) -> list[dict[str, object]]:
    blocks = [block for block in re.split(r"\n\s*\n", dump) if block.strip()]
    body = [("p", scorer.norm(" ".join(block.split("\n")))) for block in blocks]
    return [{"headline": "", "decks": [], "bylines": [], "body": body, "captions": []}]


def direct_predictions(page: object, scorer: ModuleType) -> list[dict[str, object]]:
    """What the scorer would read from the page's JATS, built straight from the Page."""
    out = []
    for article in page.articles:  # type: ignore[attr-defined]
        body = [("h" if hasattr(b, "title") else "p", scorer.norm(getattr(b, "title", "") or b.text))
                for b in article.body]
        out.append({"headline": scorer.norm(article.headline),
                    "decks": [scorer.norm(d) for d in (*article.kickers, *article.subtitles)],
                    "bylines": [scorer.nospace(b.text) for b in article.bylines],
                    "body": [b for b in body if b[1]],
                    "captions": [(scorer.norm(c.text), scorer.norm(c.credit)) for c in article.captions]})
    furniture = [("p", scorer.norm(f.text)) for f in page.furniture]  # type: ignore[attr-defined]
    if furniture:
        out.append({"headline": "", "decks": [], "bylines": [], "body": furniture, "captions": []})
    return out


def run_case(args: tuple[str, str, str, str]) -> tuple[str, dict[str, float], dict[str, float], float]:
    case, suite, model, overrides = args
    scorer = load_scorer(Path(suite))
    assert scorer is not None
    dump_path = Path(suite) / f"{case}.txt"
    gold = json.loads((Path(suite) / f"{case}.gold.json").read_text(encoding="utf-8"))
    dump = dump_path.read_text(encoding="utf-8")
    start = time.perf_counter()
    settings: dict[str, object] = {"model": model}
    for item in filter(None, overrides.split(",")):
        key, _, value = item.partition("=")
        settings[key] = type(getattr(broadsheet.Params(), key))(value)
    page = broadsheet.reconstruct(dump_path.read_bytes(), broadsheet.Params(**settings))  # type: ignore[arg-type]
    try:
        from broadsheet.writers.jats import page_to_jats  # noqa: PLC0415  # optional: without the writer, score directly
    except ImportError:
        predicted = direct_predictions(page, scorer)
    else:
        predicted = scorer.pred_articles(page_to_jats(page))
    elapsed = time.perf_counter() - start
    ours = scorer.score_page(gold, predicted, dump)
    base = scorer.score_page(gold, baseline_articles(dump, scorer), dump)
    return case, ours, base, elapsed


def table(rows: dict[str, tuple[dict[str, float], dict[str, float], float]], key: int) -> list[str]:
    groups: dict[str, list[str]] = defaultdict(list)
    for case in rows:
        source, style = group_of(case)
        groups[(source, style)[key]].append(case)
    lines = [f"{'by ' + ('source' if key == 0 else 'style'):24s} {'n':>3s} {'base':>6s} " +
             " ".join(f"{name[:8]:>8s}" for name in FIGURES)]
    for name in sorted(groups):
        cases = groups[name]
        base = sum(rows[c][1]["score"] for c in cases) / len(cases)
        figures = " ".join(f"{sum(rows[c][0][f] for c in cases) / len(cases):8.3f}" for f in FIGURES)
        lines.append(f"{name:24s} {len(cases):3d} {base:6.3f} {figures}")
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--suite", type=Path, default=DEFAULT_SUITE)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--cases", default="", help="only cases whose name contains this")
    parser.add_argument("--json", type=Path, help="write every case's figures here")
    parser.add_argument("--each", action="store_true", help="print a line per case")
    parser.add_argument("--model", default="", help="a model file instead of the shipped one")
    parser.add_argument("--params", default="", help="Params overrides, e.g. min_weight=-2,window=40")
    options = parser.parse_args()
    if not options.suite.is_dir():
        print(f"bench: no benchmark at {options.suite}; skipping")
        return 0
    if load_scorer(options.suite) is None:
        print("bench: no scorer beside the suite; skipping")
        return 0
    cases = sorted(p.name[: -len(".gold.json")] for p in options.suite.glob("*.gold.json"))
    cases = [c for c in cases if options.cases in c]
    with ProcessPoolExecutor(options.jobs) as pool:
        work = [(c, str(options.suite), options.model, options.params) for c in cases]
        results = list(pool.map(run_case, work, chunksize=4))
    rows = {case: (ours, base, elapsed) for case, ours, base, elapsed in results}
    if options.each:
        for case, (ours, base, elapsed) in rows.items():
            print(f"{case:42s} {ours['score']:.3f} (base {base['score']:.3f}) seg {ours['seg_f1']:.3f} "
                  f"cer {ours['text_cer']:.3f} para {ours['para_f1']:.3f} head {ours['headline_acc']:.2f} "
                  f"lost {ours['lost']:.3f} {1000 * elapsed:.0f} ms")
    print("\n".join(table(rows, 0)))
    print()
    print("\n".join(table(rows, 1)))
    mean = sum(r[0]["score"] for r in rows.values()) / max(len(rows), 1)
    base = sum(r[1]["score"] for r in rows.values()) / max(len(rows), 1)
    lost = max((r[0]["lost"] for r in rows.values()), default=0.0)
    print(f"\nmean score {mean:.3f} (baseline {base:.3f}) over {len(rows)} cases; worst lost {lost:.4f}")
    if options.json:
        options.json.write_text(json.dumps({c: r[0] for c, r in rows.items()}, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
