"""Batch: many dumps in, one JATS file each out, on a local process pool or a Dask cluster.

    jobs = find_jobs(Path("dumps/"), Path("out/"))      # or jobs_from_list(paths, out)
    summary = run_batch(jobs, BatchOptions(workers=4))  # or BatchOptions(dask="tcp://host:8786")

Each page is `convert_page(job, params)`: read, reconstruct, `page_to_jats`, write to
OUT/<relative name>.xml through a temporary file and a rename. The same function runs on
the pool and on dask.distributed workers (which must see the same files), so both give
the same bytes. Pages travel in chunks, so a worker pays one round trip per chunk, and
each worker process loads the model once (it is cached). A page whose output is newer
than its input is skipped unless `force`; a page that fails is one line in OUT/errors.log
(path, error class, message) and the run goes on. Dask is imported only when asked for.
Have a dask.bag of dump texts already?  `bag.map(dump_to_jats)` is a bag of JATS bytes:
    db.from_sequence(texts, npartitions=64).map(dump_to_jats).compute()
"""

from __future__ import annotations

import logging
import os
import secrets
import stat
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal, Protocol

from broadsheet import reconstruct
from broadsheet.errors import BroadsheetError, InputError, OutputError
from broadsheet.params import Params
from broadsheet.weights import load_model
from broadsheet.writers import JatsMeta, page_to_jats

log = logging.getLogger(__name__)

Status = Literal["done", "skipped", "failed"]
ERROR_LOG = "errors.log"


@dataclass(frozen=True, slots=True)
class Job:
    """One page: the dump to read, the JATS file to write, and the name it goes by."""

    source: Path
    target: Path
    name: str  # the input's path relative to the batch's root, as the log and the bar show it


@dataclass(frozen=True, slots=True)
class Outcome:
    """What became of one page, and how long its worker spent on it."""

    job: Job
    status: Status
    seconds: float = 0.0
    error: str = ""  # the error's class name when failed
    message: str = ""  # its one-line message


@dataclass(frozen=True, slots=True)
class Summary:
    """The run so far, or at its end: counts, wall-clock seconds, and the pages still to do."""

    total: int = 0
    done: int = 0
    skipped: int = 0
    failed: int = 0
    seconds: float = 0.0

    @property
    def rate(self) -> float:
        """Pages converted (or failed) a second, skipped pages aside."""
        return (self.done + self.failed) / self.seconds if self.seconds > 0 else 0.0

    def line(self) -> str:
        """The one-line summary: done, skipped, failed, seconds, pages a second."""
        return (f"{self.done} done, {self.skipped} skipped, {self.failed} failed "
                f"in {self.seconds:.1f} s ({self.rate:.1f} pages/s)")

    def progress(self, width: int = 24) -> str:
        """A progress bar with the count, the rate and the time left."""
        seen = self.done + self.skipped + self.failed
        filled = width * seen // self.total if self.total else width
        left = self.total - seen
        eta = f"{left / self.rate:.0f} s" if self.rate > 0 else "?"
        return (f"[{'#' * filled}{'.' * (width - filled)}] {seen}/{self.total} "
                f"{self.rate:.1f} pages/s, ETA {eta}, {self.failed} failed")


@dataclass(frozen=True, slots=True)
class BatchOptions:
    """How to run a batch: where, how wide, and whether to redo finished pages."""

    params: Params = field(default_factory=Params)
    workers: int = 0  # local processes; 0 for every core, 1 runs in this process
    dask: str = ""  # a dask.distributed scheduler address (tcp://host:8786) instead of the pool
    force: bool = False  # redo pages whose output is already newer than their input
    chunk: int = 0  # pages sent to a worker at a time; 0 picks from the count and the workers

    def __post_init__(self) -> None:
        if self.workers < 0 or self.chunk < 0:
            raise InputError("workers and chunk must be 0 (automatic) or a positive whole number")


# ---------------------------------------------------------------- finding the pages


def find_jobs(folder: Path, out: Path) -> tuple[Job, ...]:
    """Every *.txt under `folder`, recursively and sorted, each to OUT/<relative name>.xml."""
    if not folder.is_dir():
        raise InputError(f"{folder} is not a folder of dumps")
    sources = sorted(path for path in folder.rglob("*.txt") if path.is_file())
    return tuple(_job(path, path.relative_to(folder), out) for path in sources)


def jobs_from_list(lines: Iterable[str], out: Path) -> tuple[Job, ...]:
    """A job per listed path (one a line; blanks and #-comments aside), named below their common folder."""
    sources = [Path(line.strip()) for line in lines if line.strip() and not line.lstrip().startswith("#")]
    if not sources:
        return ()
    root = Path(os.path.commonpath([path.resolve().parent for path in sources]))
    return tuple(_job(path, path.resolve().relative_to(root), out) for path in sources)


def _job(source: Path, relative: Path, out: Path) -> Job:
    name = relative.with_suffix(".xml") if relative.suffix == ".txt" else Path(f"{relative}.xml")
    return Job(source, out / name, relative.as_posix())


def is_current(job: Job) -> bool:
    """True when the job's output exists and is at least as new as its input."""
    try:
        return job.target.stat().st_mtime_ns >= job.source.stat().st_mtime_ns
    except OSError:
        return False


# ---------------------------------------------------------------- one page


def dump_to_jats(source: str | bytes | Path, params: Params | None = None) -> bytes:
    """A dump (text, bytes or path) to its page's JATS XML: the unit of every batch and bag."""
    params = params or Params()
    meta = JatsMeta(lang="" if params.lang == "auto" else params.lang)
    return page_to_jats(reconstruct(source, params), meta)


def convert_page(job: Job, params: Params) -> Outcome:
    """Read, reconstruct and write one page; any failure becomes the outcome, never an exception."""
    start = time.perf_counter()
    try:
        try:
            data = job.source.read_bytes()
        except OSError as error:
            raise InputError(f"cannot read {job.source}: {error.strerror or error}") from None
        write_atomically(job.target, dump_to_jats(data, params))
    except Exception as error:  # one bad page, whatever went wrong, must not stop the batch
        message = " ".join(str(error).split()) or repr(error)
        return Outcome(job, "failed", time.perf_counter() - start, type(error).__name__, message)
    return Outcome(job, "done", time.perf_counter() - start)


def convert_chunk(jobs: Sequence[Job], params: Params) -> list[Outcome]:
    """A chunk of pages in one worker call, so the round trip is paid once per chunk."""
    return [convert_page(job, params) for job in jobs]


def write_atomically(target: Path, data: bytes) -> None:
    """Write through a temporary file beside `target` and rename it into place (folders made).

    The file is opened 0666 so the umask applies as for any new file (mkstemp's 0600 would
    stick after the rename); a file it replaces keeps its own mode.
    """
    temporary = target.with_name(f".{target.name}.{secrets.token_hex(4)}.part")
    made = False
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
        made = True
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        if target.exists():
            os.chmod(temporary, stat.S_IMODE(target.stat().st_mode))
        os.replace(temporary, target)
    except OSError as error:
        raise OutputError(f"cannot write {target}: {error.strerror or error}") from None
    finally:
        if made:
            temporary.unlink(missing_ok=True)


# ---------------------------------------------------------------- the run


Progress = Callable[[Summary], None]


def run_batch(jobs: Sequence[Job], options: BatchOptions, out: Path, progress: Progress | None = None) -> Summary:
    """Convert every job not yet current, log failures to OUT/errors.log, and give the tally."""
    load_model(options.params.model)  # a bad model fails the run once, not every page
    start = time.perf_counter()
    todo = [job for job in jobs if options.force or not is_current(job)]
    tally = Summary(total=len(jobs), skipped=len(jobs) - len(todo))
    errors = out / ERROR_LOG
    _remove(errors)  # the log tells of this run only
    for outcome in _outcomes(todo, options):
        if outcome.status == "failed":
            log_failure(errors, outcome)
            tally = replace(tally, failed=tally.failed + 1, seconds=time.perf_counter() - start)
        else:
            tally = replace(tally, done=tally.done + 1, seconds=time.perf_counter() - start)
        if progress:
            progress(tally)
    return replace(tally, seconds=time.perf_counter() - start)


def log_failure(path: Path, outcome: Outcome) -> None:
    """Append the failed page's line to the error log: path, error class, message, tab-separated."""
    log.info("%s failed: %s: %s", outcome.job.name, outcome.error, outcome.message)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as stream:
            stream.write(f"{outcome.job.source}\t{outcome.error}\t{outcome.message}\n")
    except OSError as error:
        raise OutputError(f"cannot write {path}: {error.strerror or error}") from None


def _remove(path: Path) -> None:
    try:
        path.unlink(missing_ok=True)
    except OSError as error:
        raise OutputError(f"cannot replace {path}: {error.strerror or error}") from None


def chunk_size(pages: int, workers: int) -> int:
    """About four chunks a worker (for balance), at most 32 pages each (for a lively bar)."""
    return max(1, min(32, pages // (workers * 4)))


def _outcomes(todo: list[Job], options: BatchOptions) -> Iterator[Outcome]:
    if not todo:
        return iter(())
    if options.dask:
        return _outcomes_on_dask(todo, options)
    workers = min(options.workers or os.cpu_count() or 1, len(todo))
    if workers == 1:
        return (convert_page(job, options.params) for job in todo)
    return _outcomes_on_pool(todo, options.params, workers, options.chunk or chunk_size(len(todo), workers))


def _outcomes_on_pool(todo: list[Job], params: Params, workers: int, chunk: int) -> Iterator[Outcome]:
    chunks = [todo[i : i + chunk] for i in range(0, len(todo), chunk)]
    with ProcessPoolExecutor(max_workers=workers) as pool:
        futures = {pool.submit(convert_chunk, part, params): part for part in chunks}
        for future in as_completed(futures):
            yield from _chunk_outcomes(future, futures[future])


def _outcomes_on_dask(todo: list[Job], options: BatchOptions) -> Iterator[Outcome]:
    """The same chunks on a dask.distributed cluster; its workers must see the input and output files."""
    try:
        from distributed import Client  # noqa: PLC0415  # Dask is optional and slow to import
        from distributed import as_completed as dask_completed  # noqa: PLC0415  # the same
    except ImportError:
        raise BroadsheetError("--dask needs Dask: pip install 'dask[distributed]', or leave --dask out") from None
    try:
        client = Client(options.dask, timeout=10)  # type: ignore[no-untyped-call]
    except (OSError, ValueError) as error:
        raise BroadsheetError(f"cannot reach the Dask scheduler at {options.dask} ({error}); is it running?") from None
    with client:
        workers = max(1, len(client.scheduler_info().get("workers", {})))
        chunk = options.chunk or chunk_size(len(todo), workers)
        chunks = [todo[i : i + chunk] for i in range(0, len(todo), chunk)]
        futures = {client.submit(convert_chunk, part, options.params, pure=False): part for part in chunks}
        for future in dask_completed(futures):  # type: ignore[no-untyped-call]
            yield from _chunk_outcomes(future, futures[future])


class _Pending(Protocol):
    """A pool's or Dask's future of one chunk's outcomes."""

    def result(self) -> list[Outcome]: ...


def _chunk_outcomes(future: _Pending, chunk: list[Job]) -> list[Outcome]:
    """A chunk's outcomes; if its worker died, each of its pages failed with that error."""
    try:
        return future.result()
    except Exception as error:  # a killed worker or a lost connection fails its pages, not the run
        message = " ".join(str(error).split()) or repr(error)
        return [Outcome(job, "failed", 0.0, type(error).__name__, message) for job in chunk]


__all__ = [
    "BatchOptions",
    "Job",
    "Outcome",
    "Summary",
    "convert_chunk",
    "convert_page",
    "dump_to_jats",
    "find_jobs",
    "is_current",
    "jobs_from_list",
    "log_failure",
    "run_batch",
    "write_atomically",
]
