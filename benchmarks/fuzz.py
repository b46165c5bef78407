"""Fuzz the whole pipeline for a while: every input must come back valid, whole and stable.

    python benchmarks/fuzz.py --seconds 600 [--out out/fuzz] [--engine atheris|hypothesis]
    python benchmarks/fuzz.py --replay out/fuzz/finding-1a2b3c4d.min.txt

Each fuzz input becomes a dump, by its first byte: raw bytes (the decoder's problem), UTF-8
text, a string of tokens (CJK and Latin words, jump lines, markup, RTL, emoji, control
characters, blank lines, indents, form feeds), or a synthesised page with tokens spliced
in. The dump goes through `reconstruct`, `page_to_jats` and `validate_jats`; then nothing
may be lost or added (tests/invariants.py), and every 20th input runs twice for the same
bytes; at the end up to --cross-samples of those run again in a fresh process under
another PYTHONHASHSEED (set and dict order) and must give the same bytes. A one-line
InputError is a fine answer. Anything else (an exception, invalid JATS, a lost
character, other bytes the second time or in the other process, an input over
--input-seconds) is a finding: saved under OUT with its traceback, then shrunk by delta
debugging (the same error at the same place) to a minimal reproducer. Engine: atheris
(coverage-guided libFuzzer, in a child process) when installed, else a hypothesis-driven
loop. Prints one summary line, writes OUT/summary.json, and exits 1 when there were
findings.
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import hashlib
import importlib.util
import json
import os
import re
import signal
import subprocess
import sys
import time
import traceback
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from types import FrameType
from typing import Any

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))  # invariants.lost_and_added

TOKENS = (
    " ", " ", " ", "\n", "\n", "\n", "\n\n", "\n\n\n", "\f", "\n\f", "\t", "    ", "\u3000\u3000", "\r\n", "\r",
    "重庆", "电商节", "激活", "消费", "新动能", "。", "，", "、", "“", "”", "《孤勇者》", "本报记者 黄光红",
    "□本报记者 陈维灯",
    "（下转第2版）", "（上接第1版）", "（转第十二版）", "摄", "新华社记者 王杰 摄", "第3版", "2022年7月6日 星期三",
    "ＡＢＣ１２３", "ﾃｽﾄ", "經濟部", "記者", "the", "bridge", "Kingsford", "was", "opened", "on", "Tuesday", "last.",
    "By JOHN SMITH", "Continued on page 2", "Continued from page 1", "See page 4", "Photo: Jane Doe", "exam-",
    "ple", "well-", "known", "naïve", "Straße", "Fortsetzung auf Seite 3", "Suite page 2", "PAGE 3", "A.", "1,234",
    "OPENING OF THE NEW BRIDGE", "<", ">", "&", '"', "'", "&amp;", "<b>", "]]>", "<!--", "&#0;", "مرحبا", "שלום",
    "\u200f", "\u202e", "📰", "👩🏽\u200d💻", "🇨🇳", "\x00", "\x07", "\x0b", "\x1b[1m", "\x7f", "\x85", "\x9f", "\ufeff",
    "\ufffe", "\u2028", "\u00ad", "-", "\u2010",
)  # fmt: skip
DETERMINISM_EVERY = 20
SAME_FILE = "same.jsonl"  # every DETERMINISM_EVERY-th dump and its JATS digest, for the cross-process check
NOT_SAME = "different bytes in another process"
MAX_LEN = 8192  # bytes of one fuzz input


class InvariantError(Exception):
    """An input that broke an invariant (as opposed to a crash)."""


def dump_of(data: bytes) -> str | bytes:
    """The dump a fuzz input stands for; its first byte picks how to read the rest."""
    if not data:
        return b""
    mode, rest = data[0] % 4, data[1:]
    if mode == 0:
        return rest
    if mode == 1:
        return rest.decode("utf-8", "replace")
    if mode == 2:
        return "".join(TOKENS[byte % len(TOKENS)] for byte in rest)
    page = _synth(int.from_bytes(rest[:2], "little"), rest[2] if len(rest) > 2 else 0)
    cut = rest[3:]
    for at, token in zip(cut[::2], cut[1::2], strict=False):
        place = at * len(page) // 256
        page = page[:place] + TOKENS[token % len(TOKENS)] + page[place:]
    return page


@lru_cache(maxsize=256)
def _synth(seed: int, choice: int) -> str:
    from broadsheet import synth  # noqa: PLC0415  # broadsheet loads inside atheris' instrumentation (child)

    style, lang = synth.STYLES[choice % len(synth.STYLES)], synth.LANGS[choice // 16 % len(synth.LANGS)]
    return synth.make_page(seed, style=style, lang=lang, texts=synth.ArticleTexts.builtin(lang)).dump


def check(dump: str | bytes, twice: bool = False) -> bytes | None:
    """Raise when the pipeline crashes or breaks an invariant on this dump; the JATS, or None on InputError."""
    import broadsheet  # noqa: PLC0415  # broadsheet loads inside atheris' instrumentation (child)
    from broadsheet.writers import page_to_jats, validate_jats  # noqa: PLC0415  # as above
    from invariants import lost_and_added  # noqa: PLC0415  # as above: it imports broadsheet

    try:
        page = broadsheet.reconstruct(dump)
    except broadsheet.InputError as error:
        if not str(error) or "\n" in str(error):
            raise InvariantError(f"InputError message is not one line: {str(error)[:80]!r}") from None
        return None
    xml = page_to_jats(page)
    problems = validate_jats(xml)
    if problems:
        raise InvariantError(f"invalid JATS: {problems[0][:120]}")
    lost, added = lost_and_added(dump if isinstance(dump, str) else page.dump.text, page)
    if lost or added:
        raise InvariantError(f"characters lost {dict(lost)!r:.80} added {dict(added)!r:.80}")
    if twice and page_to_jats(broadsheet.reconstruct(dump)) != xml:
        raise InvariantError("different bytes on a second run")
    return xml


def digest(xml: bytes | None) -> str:
    return "InputError" if xml is None else hashlib.sha256(xml).hexdigest()[:16]


def encode(dump: str | bytes) -> dict[str, str]:
    raw = dump.encode("utf-8", "surrogatepass") if isinstance(dump, str) else dump
    return {"kind": "str" if isinstance(dump, str) else "bytes", "data": base64.b64encode(raw).decode()}


def decode(record: dict[str, Any]) -> str | bytes:
    raw = base64.b64decode(record["data"])
    return raw.decode("utf-8", "surrogatepass") if record["kind"] == "str" else raw


def signature(error: BaseException) -> str:
    """What kind of failure, and where: the same bug gives the same signature."""
    if isinstance(error, InvariantError):
        return re.sub(r"\d+|'.*", "", str(error))[:40]
    frames = [f for f in traceback.extract_tb(error.__traceback__) if "broadsheet" in f.filename]
    where = f"{Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else "?"
    return f"{type(error).__name__} at {where}"


class Recorder:
    """Runs inputs under a time limit, counts them and saves the first dump of each failure."""

    def __init__(self, out: Path, limit: float) -> None:
        check(_synth(0, 0))  # imports and the model load, outside the time limit: an alarm there breaks imports
        self.out, self.limit, self.count, self.start = out, limit, 0, time.monotonic()
        self.findings: dict[str, Path] = {}
        self.last_stats = 0.0
        self.armed = False
        self.same = (out / SAME_FILE).open("a", encoding="ascii")
        signal.signal(signal.SIGALRM, self._too_slow)

    def _too_slow(self, _signum: int, _frame: FrameType | None) -> None:
        if self.armed:  # only inside check(): never in the bookkeeping around it
            self.armed = False
            raise InvariantError("input over the time limit")

    def __call__(self, data: bytes) -> None:
        self.count += 1
        dump = dump_of(data[:MAX_LEN])
        twice = self.count % DETERMINISM_EVERY == 0
        failed: Exception | None = None
        try:
            self.armed = True
            signal.setitimer(signal.ITIMER_REAL, self.limit)
            xml = check(dump, twice=twice)
            self.armed = False
        except Exception as error:  # every failure is a finding to keep
            self.armed = False
            failed = error
        finally:
            self.armed = False
            signal.setitimer(signal.ITIMER_REAL, 0)
        if failed is not None:
            self.keep(dump, failed)
        elif twice:
            self.same.write(json.dumps(encode(dump) | {"xml": digest(xml)}) + "\n")
            self.same.flush()
        if time.monotonic() - self.last_stats > 1.0:
            self.write_stats()

    def keep(self, dump: str | bytes, error: BaseException) -> None:
        sig = signature(error)
        if sig in self.findings:
            return
        path = save(self.out, dump, sig)
        path.with_suffix(".log").write_text(f"{sig}\n\n{''.join(traceback.format_exception(error))}")
        self.findings[sig] = path
        self.write_stats()

    def write_stats(self) -> None:
        self.last_stats = time.monotonic()
        stats = {
            "inputs": self.count,
            "seconds": round(self.last_stats - self.start, 1),
            "findings": {sig: str(path) for sig, path in self.findings.items()},
        }
        (self.out / "stats.json").write_text(json.dumps(stats, ensure_ascii=False, indent=1))


def save(out: Path, dump: str | bytes, sig: str, suffix: str = "") -> Path:
    name = "finding-" + hashlib.sha1(sig.encode()).hexdigest()[:8] + suffix
    if isinstance(dump, str):
        path = out / f"{name}.txt"
        path.write_bytes(dump.encode("utf-8", "surrogatepass"))
    else:
        path = out / f"{name}.bin"
        path.write_bytes(dump)
    return path


def load(path: Path) -> str | bytes:
    data = path.read_bytes()
    return data.decode("utf-8", "surrogatepass") if path.suffix == ".txt" else data


# ---------------------------------------------------------------- engines


class TimeUpError(Exception):
    """The fuzzing time is over (ends the hypothesis loop)."""


def run_hypothesis(recorder: Recorder, seconds: float) -> None:
    end = time.monotonic() + seconds

    @settings(
        max_examples=10**9,
        deadline=None,
        phases=[Phase.generate],
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(st.binary(min_size=1, max_size=MAX_LEN // 4))
    def fuzz(data: bytes) -> None:
        if time.monotonic() > end:
            raise TimeUpError
        recorder(data)

    with contextlib.suppress(TimeUpError):
        fuzz()


def run_atheris_child(out: Path, seconds: float, limit: float) -> None:
    """Inside the child: instrument broadsheet, then let libFuzzer drive `Recorder`."""
    import atheris  # noqa: PLC0415  # optional: the hypothesis engine runs without it

    with atheris.instrument_imports(include=["broadsheet"]):
        import broadsheet.writers.jats  # noqa: F401, PLC0415  # instrumented for coverage, used in check()
    recorder = Recorder(out, limit)
    corpus = out / "corpus"
    corpus.mkdir(exist_ok=True)
    for number, sample in enumerate(sorted((ROOT / "samples").glob("*.txt"))):
        (corpus / f"seed-{number}").write_bytes(b"\x00" + sample.read_bytes()[: MAX_LEN - 1])
    for mode in range(1, 4):
        (corpus / f"seed-mode-{mode}").write_bytes(bytes([mode]) + bytes(range(64)))
    argv = [
        sys.argv[0],
        f"-max_total_time={int(seconds)}",
        f"-timeout={int(limit * 3)}",
        "-rss_limit_mb=6144",
        f"-max_len={MAX_LEN}",
        f"-artifact_prefix={out}/",
        "-print_final_stats=1",
        str(corpus),
    ]
    atheris.Setup(argv, recorder)
    atheris.Fuzz()


def run_atheris(out: Path, seconds: float, limit: float) -> tuple[int, float]:
    """libFuzzer in a child process (it exits the process when done); its count and time."""
    command = [
        sys.executable,
        __file__,
        "--child",
        "--seconds",
        str(seconds),
        "--out",
        str(out),
        "--input-seconds",
        str(limit),
    ]
    log = out / "libfuzzer.log"
    with log.open("wb") as stream:
        subprocess.run(command, stdout=stream, stderr=subprocess.STDOUT, check=False)
    stats = json.loads((out / "stats.json").read_text()) if (out / "stats.json").exists() else {}
    done = re.findall(r"Done (\d+) runs in (\d+) second", log.read_text(errors="replace"))
    runs, took = (int(done[-1][0]), float(done[-1][1])) if done else (0, 0.0)
    return max(runs, stats.get("inputs", 0)), max(took, stats.get("seconds", 0.0))


# ---------------------------------------------------------------- the cross-process check


def cross_check(out: Path, samples: int) -> tuple[dict[str, Path], int]:
    """Run up to `samples` of the recorded dumps in a fresh process under another hash seed; findings, dumps run."""
    path = out / SAME_FILE
    if not path.exists() or samples <= 0:
        return {}, 0
    seed = "1" if os.environ.get("PYTHONHASHSEED") == "0" else "0"
    command = [sys.executable, __file__, "--cross", str(path), "--cross-samples", str(samples)]
    done = subprocess.run(
        command, capture_output=True, text=True, check=False, env=os.environ | {"PYTHONHASHSEED": seed}
    )
    if done.returncode != 0:
        return {f"{NOT_SAME}: cross check failed": _note(out, "cross", done.stderr)}, 0
    findings: dict[str, Path] = {}
    checked = 0
    for line in done.stdout.splitlines():
        record = json.loads(line)
        if "checked" in record:
            checked = record["checked"]
            continue
        sig = f"{NOT_SAME} (PYTHONHASHSEED={seed})"
        if sig not in findings:
            findings[sig] = save(out, decode(record), sig)
            findings[sig].with_suffix(".log").write_text(f"{sig}\n\nhere {record['xml']}, there {record['there']}\n")
    return findings, checked


def _note(out: Path, name: str, text: str) -> Path:
    path = out / f"finding-{name}.log"
    path.write_text(text)
    return path


def run_cross(path: Path, samples: int) -> int:
    """Inside the fresh process: print each recorded dump whose JATS differs here, one JSON line each."""
    lines = path.read_text(encoding="ascii").splitlines()
    step = max(1, len(lines) // samples)
    chosen = lines[::step][:samples]
    for line in chosen:
        record = json.loads(line)
        dump = decode(record)
        try:
            there = digest(check(dump))
        except Exception as error:  # a failure here is a difference too
            there = f"{type(error).__name__}: {error}"[:80]
        if there != record["xml"]:
            print(json.dumps(record | {"there": there}), flush=True)
    print(json.dumps({"checked": len(chosen)}))
    return 0


# ---------------------------------------------------------------- shrinking and the report


def failure(dump: str | bytes) -> str | None:
    try:
        check(dump)
    except Exception as error:  # every failure counts
        return signature(error)
    return None


def minimise(
    dump: str | bytes, sig: str, budget: float, fails: Callable[[str | bytes], str | None] = failure
) -> str | bytes:
    """Delta debugging (ddmin): drop chunks, lines first, while the same failure remains."""
    end = time.monotonic() + budget
    join: Callable[[list[Any]], str | bytes] = "".join if isinstance(dump, str) else b"".join
    for units in (dump.splitlines(keepends=True), list(dump) if isinstance(dump, str) else [bytes([b]) for b in dump]):
        parts, chunks = list(units), 2
        while len(parts) >= 2 and time.monotonic() < end:
            size = max(1, len(parts) // chunks)
            for start in range(0, len(parts), size):
                rest = parts[:start] + parts[start + size :]
                if rest and fails(join(rest)) == sig:
                    parts, chunks = rest, max(chunks - 1, 2)
                    break
            else:
                if size == 1:
                    break
                chunks = min(chunks * 2, len(parts))
        dump = join(parts)
    return dump


def report(
    out: Path,
    engine: str,
    *,
    seconds: float,
    inputs: int,
    findings: dict[str, Path],
    budget: float,
    cross_checked: int = 0,
) -> int:
    shrunk: dict[str, str] = {}
    for sig, path in findings.items():
        if sig.startswith(("input over the time limit", "libFuzzer", NOT_SAME)):  # would hang, kill us or pass
            shrunk[sig] = str(path)
            continue
        small = minimise(load(path), sig, budget)
        shrunk[sig] = str(save(out, small, sig, ".min"))
    summary = {
        "engine": engine,
        "seconds": round(seconds, 1),
        "inputs": inputs,
        "inputs_per_second": round(inputs / max(seconds, 1e-9), 1),
        "cross_process_checked": cross_checked,
        "findings": shrunk,
    }
    (out / "summary.json").write_text(json.dumps(summary, ensure_ascii=False, indent=1))
    print(
        f"fuzz: {engine}, {seconds:.0f} s, {inputs} inputs ({summary['inputs_per_second']}/s), "
        f"{cross_checked} again in another process, {len(shrunk)} findings; {out / 'summary.json'}"
    )
    for sig, saved in shrunk.items():
        print(f"  {sig}: {saved}  (replay: python benchmarks/fuzz.py --replay {saved})")
    return 1 if shrunk else 0


def replay(path: Path) -> int:
    dump = load(path)
    xml = check(dump, twice=True)
    print(f"{path}: no failure (JATS {digest(xml)}, PYTHONHASHSEED={os.environ.get('PYTHONHASHSEED', 'random')})")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=600.0, help="how long to fuzz")
    parser.add_argument("--out", type=Path, default=ROOT / "out" / "fuzz", help="findings, corpus and summary")
    parser.add_argument("--engine", choices=("auto", "atheris", "hypothesis"), default="auto")
    parser.add_argument("--input-seconds", type=float, default=30.0, help="time limit for one input")
    parser.add_argument("--shrink-seconds", type=float, default=120.0, help="time to shrink each finding")
    parser.add_argument(
        "--cross-samples",
        type=int,
        default=500,
        help="recorded dumps to run again in a fresh process under another hash seed",
    )
    parser.add_argument("--replay", type=Path, help="run one saved dump and show its traceback")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--cross", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.replay:
        return replay(args.replay)
    if args.cross:
        return run_cross(args.cross, args.cross_samples)
    args.out.mkdir(parents=True, exist_ok=True)
    if args.child:
        run_atheris_child(args.out, args.seconds, args.input_seconds)
        return 0
    engine = args.engine
    if engine == "auto":
        engine = "atheris" if importlib.util.find_spec("atheris") else "hypothesis"
    (args.out / "stats.json").unlink(missing_ok=True)
    (args.out / SAME_FILE).unlink(missing_ok=True)
    start = time.monotonic()
    if engine == "atheris":
        inputs, seconds = run_atheris(args.out, args.seconds, args.input_seconds)
        stats = json.loads((args.out / "stats.json").read_text()) if (args.out / "stats.json").exists() else {}
        findings = {sig: Path(path) for sig, path in stats.get("findings", {}).items()}
        for artifact in args.out.glob("*-*"):
            kind = artifact.name.split("-")[0]
            if kind in ("crash", "oom", "timeout", "leak"):  # the child died: libFuzzer kept the raw input
                sig = f"libFuzzer {kind} {artifact.name}"
                findings[sig] = save(args.out, dump_of(artifact.read_bytes()), sig)
    else:
        recorder = Recorder(args.out, args.input_seconds)
        run_hypothesis(recorder, args.seconds)
        inputs, seconds, findings = recorder.count, time.monotonic() - start, dict(recorder.findings)
    cross, checked = cross_check(args.out, args.cross_samples)
    findings |= cross
    return report(
        args.out,
        engine,
        seconds=seconds,
        inputs=inputs,
        findings=findings,
        budget=args.shrink_seconds,
        cross_checked=checked,
    )


if __name__ == "__main__":
    sys.exit(main())
