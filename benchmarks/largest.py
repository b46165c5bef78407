"""The largest and the degenerate inputs, each through `broadsheet jats` in a fresh process.

    python benchmarks/largest.py [--timeout 600] [--only NAME ...] [--keep DIR] [--json OUT.json]

Makes its inputs in a temporary folder (removed afterwards unless --keep):

    line-10MB      one 10 MB line of words from the built-in en, de, fr and nl article texts, no newline
    lines-200k     200,000 lines: synthesised pages (en and zh, every style) one after another as one page
    lines-200k-ff  the same lines with a form feed between the synthesised pages (a dump of many pages)
    empty          an empty file
    whitespace     spaces, tabs and newlines only
    binary         1 MiB of random bytes

and runs the installed console script (`broadsheet jats IN -o OUT.xml`) on each, one at a time,
measuring wall time and peak resident memory (ru_maxrss, taken by a small fresh Python that
starts the CLI, so that the peak is the CLI's alone), with a time limit per input (a run over
it is killed and reported as such). A text input must exit 0 with
valid JATS (validate_jats) that has every non-space character of the input in its text (line-end
hyphens aside); the empty, whitespace and binary files may instead give one line on stderr and
exit 3. Prints a Markdown table; exits 1 when an input failed, went over the limit or broke a check.
To measure one commit while the tree changes: git archive HEAD src | tar -x -C /tmp/snap, then run
with PYTHONPATH=/tmp/snap/src (the CLI process inherits it).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

from lxml import etree

from broadsheet import synth
from broadsheet.writers import validate_jats

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from invariants import HYPHENS, characters  # noqa: E402  # tests/ is not a package

LINES = 200_000
MEGABYTES = 10
LATIN = ("en", "de", "fr", "nl")


# ---------------------------------------------------------------- the inputs


def latin_words() -> list[str]:
    """Words (with their trailing punctuation) of the built-in Latin-script article texts."""
    words: list[str] = []
    for lang in LATIN:
        text = (Path(synth.__file__).parent / "data" / "texts" / f"{lang}.json").read_text("utf-8")
        words += re.findall(r"[^\W\d_]+[.,;:]?", " ".join(_strings(json.loads(text)["articles"])))
    return words


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for item in value.values() for s in _strings(item)]
    if isinstance(value, list):
        return [s for item in value for s in _strings(item)]
    return []


def one_line(path: Path, megabytes: float) -> None:
    rng, words, size = random.Random(10), latin_words(), int(megabytes * 1_000_000)
    parts, total = [], 0
    while total < size:
        word = rng.choice(words)
        parts.append(word)
        total += len(word.encode()) + 1
    path.write_bytes(" ".join(parts).encode()[:size].rstrip())


def synth_pages(lines: int) -> list[str]:
    """Synthesised page dumps, en and zh in every style, until they hold `lines` lines."""
    texts = {lang: synth.ArticleTexts.builtin(lang) for lang in ("en", "zh")}
    pages, count, seed = [], 0, 0
    while count < lines:
        lang, style = ("en", "zh")[seed % 2], synth.STYLES[seed // 2 % len(synth.STYLES)]
        page = synth.make_page(seed, style=style, lang=lang, texts=texts[lang]).dump.rstrip("\n").replace("\f", "\n")
        page_lines = page.split("\n")[: lines - count]
        pages.append("\n".join(page_lines))
        count += len(page_lines)
        seed += 1
    return pages


def many_lines(path: Path, lines: int, form_feeds: bool) -> None:
    path.write_text(("\n\f" if form_feeds else "\n").join(synth_pages(lines)) + "\n", encoding="utf-8")


def binary(path: Path) -> None:
    fixed(path, random.Random(1).randbytes(1 << 20))


def fixed(path: Path, data: bytes) -> None:
    path.write_bytes(data)


INPUTS: dict[str, Callable[[Path, argparse.Namespace], None]] = {
    "line-10MB": lambda path, args: one_line(path, args.megabytes),
    "lines-200k": lambda path, args: many_lines(path, args.lines, form_feeds=False),
    "lines-200k-ff": lambda path, args: many_lines(path, args.lines, form_feeds=True),
    "empty": lambda path, _args: fixed(path, b""),
    "whitespace": lambda path, _args: fixed(path, b"   \n\t\n\n    \t \n" * 1000),
    "binary": lambda path, _args: binary(path),
}
MAY_REFUSE = {"empty", "whitespace", "binary"}  # a one-line error with exit 3 is a clean answer for these


# ---------------------------------------------------------------- running and checking


@dataclass
class Run:
    name: str
    bytes: int
    lines: int
    exit: int | None  # None: killed at the time limit
    seconds: float
    peak_mib: float
    output: str  # what came out, and what the checks found
    stderr: str  # its first line
    stderr_lines: int
    ok: bool


def console_script() -> list[str]:
    beside = Path(sys.executable).parent / "broadsheet"
    if beside.exists():
        return [str(beside)]
    found = shutil.which("broadsheet")
    if not found:
        raise SystemExit("largest.py: no `broadsheet` console script; pip install -e . first")
    return [found]


# A small, fresh Python starts the CLI and reports on it: a child's peak RSS (ru_maxrss) counts the
# memory of the process it was forked from, so the CLI must not be forked from this big one.
TIMER = """
import json, resource, subprocess, sys, time
limit, command = float(sys.argv[1]), sys.argv[2:]
start = time.monotonic()
child = subprocess.Popen(command, stdout=subprocess.DEVNULL)
try:
    code = child.wait(timeout=limit)
except subprocess.TimeoutExpired:
    child.kill()
    child.wait()
    code = None
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"exit": code, "seconds": time.monotonic() - start, "peak_kib": peak}))
"""


def measure(name: str, path: Path, out: Path, limit: float) -> Run:
    """One fresh `broadsheet jats` process on `path`: its exit, wall time, peak RSS and stderr."""
    errors = out / f"{name}.stderr"
    xml = out / f"{name}.xml"
    xml.unlink(missing_ok=True)
    command = [sys.executable, "-c", TIMER, str(limit), *console_script(), "jats", str(path), "-o", str(xml)]
    with errors.open("wb") as stream:
        timed = subprocess.run(command, stdout=subprocess.PIPE, stderr=stream, check=True, timeout=limit + 120)
    report = json.loads(timed.stdout)
    said = errors.read_text("utf-8", "replace").splitlines()
    data = path.read_bytes()
    run = Run(
        name,
        len(data),
        data.count(b"\n") + (not data.endswith(b"\n") and bool(data)),
        report["exit"],
        report["seconds"],
        report["peak_kib"] / 1024,
        "",
        said[0] if said else "",
        len(said),
        False,
    )
    run.output, run.ok = judge(name, data, xml, run)
    return run


def judge(name: str, data: bytes, xml: Path, run: Run) -> tuple[str, bool]:
    if run.exit is None:
        return f"killed after {run.seconds:.0f} s (time limit)", False
    if run.exit == 3 and name in MAY_REFUSE:
        return "refused", run.stderr_lines == 1 and run.stderr.startswith("broadsheet: ")
    if run.exit != 0:
        return f"failed, exit {run.exit}", False
    return check_xml(data, xml)


def check_xml(data: bytes, xml: Path) -> tuple[str, bool]:
    """Valid JATS, holding every non-space character of the input (line-end hyphens aside)."""
    if not xml.exists():
        return "exit 0 but no XML", False
    body = xml.read_bytes()
    problems = validate_jats(body)
    if problems:
        return f"invalid JATS: {problems[0][:80]}", False
    root = etree.fromstring(body)
    articles = len(root.findall(".//sub-article"))
    lost = characters(data.decode("utf-8", "replace")) - characters("".join(root.itertext()))
    for hyphen in HYPHENS:
        lost.pop(hyphen, None)
    if lost:
        return f"{articles} articles, LOST {sum(lost.values())} characters {dict(lost.most_common(5))}", False
    return f"JATS {len(body) / 1e6:.1f} MB, {articles} articles, valid, nothing lost", True


def table(runs: list[Run]) -> str:
    rows = [
        "| input | size | lines | exit | wall | peak RSS | output | stderr (first line) |",
        "|---|---:|---:|---:|---:|---:|---|---|",
    ]
    for run in runs:
        size = f"{run.bytes / 1e6:.1f} MB" if run.bytes >= 100_000 else f"{run.bytes} B"
        stderr = run.stderr[:120] + (f" (+{run.stderr_lines - 1} lines)" if run.stderr_lines > 1 else "")
        rows.append(
            f"| {run.name} | {size} | {run.lines:,} | {'killed' if run.exit is None else run.exit} "
            f"| {run.seconds:.1f} s | {run.peak_mib:.0f} MiB | {run.output} | {stderr} |"
        )
    return "\n".join(rows)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds one input may take")
    parser.add_argument("--only", nargs="+", choices=tuple(INPUTS), help="run these inputs only")
    parser.add_argument("--lines", type=int, default=LINES, help="lines of the lines-200k inputs")
    parser.add_argument("--megabytes", type=float, default=MEGABYTES, help="size of the line-10MB input")
    parser.add_argument("--keep", type=Path, help="keep the inputs and outputs in this folder")
    parser.add_argument("--json", type=Path, help="also write the runs here")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="broadsheet-largest-")) if args.keep is None else args.keep
    folder.mkdir(parents=True, exist_ok=True)
    runs = []
    try:
        for name in args.only or INPUTS:
            path = folder / f"{name}.txt"
            INPUTS[name](path, args)
            runs.append(measure(name, path, folder, args.timeout))
            print(f"{name}: {runs[-1].seconds:.1f} s, {runs[-1].peak_mib:.0f} MiB, {runs[-1].output}", flush=True)
    finally:
        if args.keep is None:
            shutil.rmtree(folder, ignore_errors=True)
    print()
    print(table(runs))
    if args.json:
        args.json.write_text(json.dumps([asdict(run) for run in runs], ensure_ascii=False, indent=1))
    return 0 if all(run.ok for run in runs) else 1


if __name__ == "__main__":
    sys.exit(main())
