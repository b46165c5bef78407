"""Speed, memory and scaling of broadsheet on the dev benchmark, measured in one run.

    python benchmarks/perf.py [--suite ../shared/bench/dev] [--pages 1000] [--json OUT] [--quick]

Every figure but the batch one comes from a fresh Python pinned to one core (BLAS on one thread):
* pages a second and p50/p99 latency (read, reconstruct, JATS) over every dump in the suite,
  in a second pass after a first that loads the model and word lists; wall clock and CPU;
* peak memory: the largest resident set (ru_maxrss) of that process, and after import alone;
* scaling: a typical page (the median-size English pdftotext dump) tiled 1x, 4x, 16x, 64x,
  copies joined by a blank line, each in its own process; the 64x/1x time ratio;
* pdftotext: that page drawn as a PDF with reportlab (Courier, a printed line per dump line,
  the sheet sized to fit), `pdftotext` timed on it (one call, and per page of a 20-page PDF);
  skipped when pdftotext or reportlab is missing (apt-get install poppler-utils; pip install reportlab);
* batch: PAGES dev pages (the suite repeated, as symlinks) through `run_batch` on 1 and 2 workers.
Skips cleanly (exit 0) without the suite: the benchmark is not part of the project.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve()
DEFAULT_SUITE = HERE.parent.parent.parent / "shared" / "bench" / "dev"
ONE_THREAD = dict.fromkeys(("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"), "1")
TILES = (1, 4, 16, 64)
PDF_PAGES = 20


def core() -> int | None:
    """The core the one-core probes run on: the last this process may use."""
    return max(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None


def pin() -> None:
    if core() is not None:
        os.sched_setaffinity(0, {core()})


def peak_mb() -> float:
    scale = 1 if sys.platform == "darwin" else 1024  # bytes on macOS, KiB on Linux
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale / 2**20


# ---------------------------------------------------------------- probes: run in a fresh, pinned process


def probe_suite(suite: str) -> dict[str, object]:
    start = time.perf_counter()
    import broadsheet  # noqa: PLC0415  # imported here to time the import
    from broadsheet.writers import page_to_jats  # noqa: PLC0415  # the same

    imported, after_import = time.perf_counter() - start, peak_mb()
    dumps = sorted(Path(suite).glob("*.txt"))
    page_to_jats(broadsheet.reconstruct(dumps[0].read_bytes()))
    first = time.perf_counter() - start
    cold = time.perf_counter()
    for path in dumps:
        page_to_jats(broadsheet.reconstruct(path.read_bytes()))
    cold = time.perf_counter() - cold
    wall, cpu = [], []
    for path in dumps:
        w, c = time.perf_counter(), time.process_time()
        page_to_jats(broadsheet.reconstruct(path.read_bytes()))
        wall.append(time.perf_counter() - w)
        cpu.append(time.process_time() - c)
    return {"pages": len(dumps), "import_s": imported, "first_page_s": first, "cold_pass_s": cold,
            "wall": wall, "cpu": cpu, "rss_import_mb": after_import, "rss_peak_mb": peak_mb()}


def probe_tile(path: str, copies: int, repeats: int) -> dict[str, object]:
    import broadsheet  # noqa: PLC0415  # each probe imports in its own fresh process
    from broadsheet.writers import page_to_jats  # noqa: PLC0415  # the same

    text = Path(path).read_text(encoding="utf-8")
    page_to_jats(broadsheet.reconstruct(text))  # loads the model and word lists
    tiled = "\n\n".join([text] * copies)
    best_wall = best_cpu = float("inf")
    for _ in range(repeats):
        w, c = time.perf_counter(), time.process_time()
        page = broadsheet.reconstruct(tiled)
        page_to_jats(page)
        best_wall, best_cpu = min(best_wall, time.perf_counter() - w), min(best_cpu, time.process_time() - c)
    return {"copies": copies, "wall_s": best_wall, "cpu_s": best_cpu, "fragments": len(page.fragments),
            "rss_peak_mb": peak_mb()}


def probe_batch(listing: str, out: str, workers: int) -> dict[str, object]:
    from broadsheet.batch import BatchOptions, jobs_from_list, run_batch  # noqa: PLC0415  # the same

    jobs = jobs_from_list(Path(listing).read_text(encoding="utf-8").splitlines(), Path(out))
    summary = run_batch(jobs, BatchOptions(workers=workers, force=True), Path(out))
    used = [resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
    return {"workers": workers, "pages": summary.done + summary.failed, "failed": summary.failed,
            "seconds": summary.seconds, "rate": summary.rate, "cpu_s": sum(u.ru_utime + u.ru_stime for u in used)}


PROBES = {"suite": probe_suite, "tile": probe_tile, "batch": probe_batch}


def run_probe(kind: str, *args: object, pinned: bool = True, timeout: float = 1800) -> dict[str, object]:
    """Run a probe in a fresh interpreter; its last line of output is its JSON."""
    command = [sys.executable, str(HERE), "--probe", kind, *map(str, args)]
    env = {**os.environ, **ONE_THREAD}
    try:
        done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=timeout, check=False,
                              preexec_fn=pin if pinned else None)
    except subprocess.TimeoutExpired:
        return {"error": f"over {timeout:.0f} s"}
    if done.returncode != 0:
        return {"error": (done.stderr.strip().splitlines() or ["failed"])[-1]}
    return json.loads(done.stdout.strip().splitlines()[-1])


# ---------------------------------------------------------------- pdftotext on a comparable page


def draw_pdf(text: str, target: Path, pages: int) -> None:
    """The dump as printed text: Courier 7 pt, one line per dump line, on a sheet sized to fit."""
    from reportlab.pdfgen import canvas  # noqa: PLC0415  # optional: only this figure needs it

    lines = text.splitlines()
    size, leading, margin = 7.0, 8.0, 36.0
    width = max(len(line) for line in lines) * size * 0.6 + 2 * margin
    height = len(lines) * leading + 2 * margin
    sheet = canvas.Canvas(str(target), pagesize=(width, height))
    for _ in range(pages):
        block = sheet.beginText(margin, height - margin)
        block.setFont("Courier", size, leading)
        for line in lines:
            block.textLine(line)
        sheet.drawText(block)
        sheet.showPage()
    sheet.save()


def time_pdftotext(page: Path, folder: Path) -> dict[str, object]:
    """Seconds pdftotext takes for the page: one call (best of 10), and per page of a 20-page PDF."""
    if shutil.which("pdftotext") is None:
        return {"skipped": "no pdftotext (apt-get install poppler-utils)"}
    try:
        draw_pdf(page.read_text(encoding="utf-8"), folder / "one.pdf", 1)
        draw_pdf(page.read_text(encoding="utf-8"), folder / "many.pdf", PDF_PAGES)
    except ImportError:
        return {"skipped": "no reportlab to draw the PDF (pip install reportlab)"}

    def once(pdf: Path) -> float:
        start = time.perf_counter()
        subprocess.run(["pdftotext", str(pdf), str(folder / "out.txt")], check=True, preexec_fn=pin)
        return time.perf_counter() - start

    single = min(once(folder / "one.pdf") for _ in range(10))
    amortised = min(once(folder / "many.pdf") for _ in range(3)) / PDF_PAGES
    extracted = (folder / "out.txt").read_text(encoding="utf-8", errors="replace")
    return {"one_call_s": single, "per_page_s": amortised, "characters_back": len("".join(extracted.split()))}


# ---------------------------------------------------------------- the run


def typical_page(suite: Path) -> Path:
    pages = sorted(suite.glob("forge-en-*.pdftotext.txt"), key=lambda p: (p.stat().st_size, p.name))
    pages = pages or sorted(suite.glob("*.txt"), key=lambda p: (p.stat().st_size, p.name))
    return pages[len(pages) // 2]


def measure(suite: Path, batch_pages: int, quick: bool) -> dict[str, object]:
    figures: dict[str, object] = {"python": platform.python_version(), "core": core(), "suite": str(suite),
                                  "cores": os.cpu_count(), "load_before": os.getloadavg()[0]}
    figures["suite_run"] = run_probe("suite", suite)
    page = typical_page(suite)
    figures["typical_page"] = page.name
    figures["tiles"] = [run_probe("tile", page, copies, 3 if copies < 16 else 1)
                        for copies in (TILES[:-1] if quick else TILES)]
    with tempfile.TemporaryDirectory(prefix="broadsheet-perf-") as temporary:
        folder = Path(temporary)
        figures["pdftotext"] = time_pdftotext(page, folder)
        dumps = sorted(suite.glob("*.txt"))
        (folder / "in").mkdir()
        for i in range(batch_pages):
            (folder / "in" / f"{i:04d}-{dumps[i % len(dumps)].name}").symlink_to(dumps[i % len(dumps)])
        listing = folder / "list.txt"
        listing.write_text("\n".join(str(p) for p in sorted((folder / "in").iterdir())), encoding="utf-8")
        figures["batch"] = [run_probe("batch", listing, folder / f"out{w}", w, pinned=False) for w in (1, 2)]
    figures["load_after"] = os.getloadavg()[0]
    return figures


def quantile(values: list[float], share: float) -> float:
    """The value `share` of the way up the sorted values (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def rows(figures: dict[str, object]) -> list[tuple[str, str, str]]:
    """(figure, measured, target) lines of the table."""
    suite, tiles, pdf, batch = (figures[k] for k in ("suite_run", "tiles", "pdftotext", "batch"))
    out: list[tuple[str, str, str]] = []
    if "error" in suite:
        return [("suite", f"failed: {suite['error']}", "")]
    wall, cpu = sorted(suite["wall"]), sorted(suite["cpu"])
    out += [("pages / s (wall | CPU), warm", f"{len(wall) / sum(wall):.1f} | {len(cpu) / sum(cpu):.1f}", ">= 100"),
            ("latency p50 ms (wall | CPU)", f"{statistics.median(wall) * 1e3:.1f} | {statistics.median(cpu) * 1e3:.1f}",
             "<= 10"),
            ("latency p99 ms (wall | CPU)", f"{quantile(wall, 0.99) * 1e3:.0f} | {quantile(cpu, 0.99) * 1e3:.0f}", ""),
            ("cold first pass, s / pages", f"{suite['cold_pass_s']:.1f} / {suite['pages']}", ""),
            ("start-up: import | + first page, s", f"{suite['import_s']:.2f} | {suite['first_page_s']:.2f}", ""),
            ("peak RSS MB: import | whole suite",
             f"{suite['rss_import_mb']:.0f} | {suite['rss_peak_mb']:.0f}", "< 200")]
    times = {t["copies"]: t for t in tiles if "error" not in t}
    for copies, t in zip(TILES, tiles, strict=False):
        label = f"failed: {t['error']}" if "error" in t else (
            f"{t['wall_s'] * 1e3:.0f} ms, {t['fragments']} fragments, {t['rss_peak_mb']:.0f} MB RSS")
        out.append((f"typical page tiled {copies}x", label, ""))
    if 1 in times and 64 in times:
        out.append(("time 64x / 1x", f"{times[64]['wall_s'] / times[1]['wall_s']:.0f}", "<= 100"))
    if "skipped" in pdf:
        out.append(("reconstruction / pdftotext", f"skipped: {pdf['skipped']}", "< 1"))
    elif 1 in times:
        ours = times[1]["wall_s"]
        out += [("pdftotext ms: one call | per page of 20", f"{pdf['one_call_s'] * 1e3:.1f} | "
                 f"{pdf['per_page_s'] * 1e3:.1f}", ""),
                ("reconstruction / pdftotext (one call | per page)", f"{ours / pdf['one_call_s']:.1f} | "
                 f"{ours / pdf['per_page_s']:.1f}", "< 1")]
    runs = {b.get("workers"): b for b in batch if "error" not in b}
    for b in batch:
        label = f"failed: {b['error']}" if "error" in b else (
            f"{b['seconds']:.1f} s, {b['rate']:.1f} pages/s, {b['cpu_s'] / b['pages'] * 1e3:.0f} CPU-ms/page")
        out.append((f"batch {b.get('pages', '?')} pages, {b.get('workers', '?')} worker(s)", label, ""))
    if 1 in runs and 2 in runs:
        out.append(("batch speed-up, 2 workers / 1", f"{runs[1]['seconds'] / runs[2]['seconds']:.2f}x", "~2x"))
    return out


def table(figures: dict[str, object]) -> str:
    lines = rows(figures)
    width = max(len(f) for f, _, _ in lines)
    value = max(len(m) for _, m, _ in lines)
    head = (f"broadsheet perf: {figures['suite']} on core {figures['core']} of {figures['cores']}, "
            f"Python {figures['python']}, typical page {figures['typical_page']}\n"
            f"load average {figures['load_before']:.1f} before, {figures['load_after']:.1f} after "
            "(above 0 means other work shared these cores)")
    body = [f"{'figure':<{width}}  {'measured':<{value}}  target", "-" * (width + value + 10)]
    body += [f"{f:<{width}}  {m:<{value}}  {t}" for f, m, t in lines]
    return "\n".join([head, *body])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--suite", type=Path, default=DEFAULT_SUITE)
    parser.add_argument("--pages", type=int, default=1000, help="pages in the batch figure")
    parser.add_argument("--json", type=Path, help="also write every figure here")
    parser.add_argument("--quick", action="store_true", help="no 64x page, 200 batch pages")
    parser.add_argument("--probe", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.probe:
        kind, *rest = args.probe
        values = [int(v) if v.isdigit() else v for v in rest]
        print(json.dumps(PROBES[kind](*values)))
        return 0
    if not args.suite.is_dir() or not any(args.suite.glob("*.txt")):
        print(f"perf: no benchmark suite at {args.suite}; skipped", file=sys.stderr)
        return 0
    figures = measure(args.suite.resolve(), 200 if args.quick else args.pages, args.quick)
    print(table(figures))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
