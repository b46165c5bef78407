"""Synthetic pages read back by the real pdftotext beside the synthesiser's imitation of it.

    python benchmarks/extracted.py [--pages 60] [--langs zh,en] [--modes default,raw,layout] [--jobs 2]
                                   [--json OUT]

Each page is set once (`synth.set_sheet`) and printed twice: by the synthesiser's emulated
style (`synth.make_page`) and by poppler's pdftotext from the page drawn as a PDF
(`synth_pdf.extracted_page`). Both are reconstructed and scored against the same truth with
`evaluate.score_page`. Printed per language and pdftotext mode: the mean score of each, and
`far`, the share of true continuations (body fragment to body fragment, as
benchmarks/ceiling.py finds them) whose successor is not the next fragment in the dump:
where the imitation's share is far from the extractor's, the training pages do not show the
model what the extractor does. Seeds 50000 and up, apart from training's (0 up) and the
held-out synthetic evaluations'. Skips cleanly (exit 0) without reportlab or pdftotext.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from ceiling import gold_flow, true_successors

import broadsheet
from broadsheet import evaluate, synth, synth_pdf
from broadsheet.graph import BODY_ROLES
from broadsheet.page import Page
from broadsheet.writers.jats import page_to_jats

FIRST_SEED = 50000


def far_share(page: Page, truth: dict[str, object]) -> tuple[int, int]:
    """(true continuations whose successor is not the next fragment, true continuations)."""
    texts = {i: fragment.text for i, fragment in enumerate(page.fragments) if page.cues.roles[i] in BODY_ROLES}
    pairs = true_successors(gold_flow(truth), texts)
    return sum(1 for a, b in pairs if b != a + 1), len(pairs)


def scored(dump: str, truth: dict[str, object]) -> tuple[float, int, int]:
    page = broadsheet.reconstruct(dump)
    score = evaluate.score_page(truth, evaluate.read_prediction(page_to_jats(page)), dump)["score"]
    return float(score), *far_share(page, truth)


def run_page(job: tuple[int, str, str]) -> tuple[str, str, dict[str, float]]:
    seed, lang, mode = job
    emulated = synth.make_page(seed, style=synth_pdf.MODE_STYLES[mode], lang=lang)
    extracted = synth_pdf.extracted_page(seed, mode, lang)
    figures: dict[str, float] = {}
    for name, page in (("emulated", emulated), ("extracted", extracted)):
        score, far, pairs = scored(page.dump, page.truth)
        figures |= {name: score, f"{name}_far": far, f"{name}_pairs": pairs}
    return lang, mode, figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=60, help="pages per language and mode")
    parser.add_argument("--langs", default="zh,en")
    parser.add_argument("--modes", default=",".join(synth_pdf.EXTRACTOR_MODES))
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--json", type=Path, help="write each page's figures here")
    options = parser.parse_args()
    if lacking := synth_pdf.missing():
        print(f"extracted: skipped, no {lacking}", file=sys.stderr)
        return 0
    jobs = [(FIRST_SEED + n, lang, mode) for lang in options.langs.split(",") for mode in options.modes.split(",")
            for n in range(options.pages)]
    with ProcessPoolExecutor(options.jobs) as pool:
        results = list(pool.map(run_page, jobs, chunksize=4))
    groups: dict[tuple[str, str], list[dict[str, float]]] = defaultdict(list)
    for lang, mode, figures in results:
        groups[(lang, mode)].append(figures)
    print(f"{'lang:mode':16} {'n':>4} {'emulated':>9} {'extracted':>9} {'far emul':>9} {'far extr':>9}")
    for (lang, mode), rows in groups.items():
        def mean(key: str, rows: list[dict[str, float]] = rows) -> float:
            return sum(row[key] for row in rows) / len(rows)

        def share(name: str, rows: list[dict[str, float]] = rows) -> float:
            return sum(row[f"{name}_far"] for row in rows) / max(1, sum(row[f"{name}_pairs"] for row in rows))
        print(f"{lang + ':' + mode:16} {len(rows):4d} {mean('emulated'):9.3f} {mean('extracted'):9.3f} "
              f"{share('emulated'):9.3f} {share('extracted'):9.3f}")
    if options.json:
        options.json.write_text(json.dumps([{"seed": seed, "lang": lang, "mode": mode, **figures}
                                            for (seed, _, _), (lang, mode, figures) in zip(jobs, results, strict=True)],
                                           indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
