"""The command line: a thin typer layer over `broadsheet.reconstruct` and the writers.

    broadsheet reflow FILE [--explain]          clean text, article by article
    broadsheet jats FILE -o OUT.xml [--split DIR] [--journal … --date … --page … --lang …]
    broadsheet graph FILE -o OUT.{json,graphml,dot}
    broadsheet eval GOLD PRED [--input DUMP]    score a prediction against gold
    broadsheet batch IN -o OUT [--workers N | --dask ADDRESS] [--force] [--quiet]

FILE may be `-` for standard input. This is the only module that prints. Errors are
one line on stderr with a distinct exit status (2 usage, 3 unreadable input, 4 model,
5 output, 1 anything unexpected); output is written to a temporary file and renamed, so
a failure or Ctrl-C never leaves half a file.
"""

from __future__ import annotations

import json
import logging
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, TypeVar

import typer

from broadsheet import reconstruct
from broadsheet.batch import BatchOptions, Summary, find_jobs, jobs_from_list, run_batch
from broadsheet.batch import write_atomically as write_and_rename
from broadsheet.errors import BroadsheetError, InputError, OutputError
from broadsheet.page import Page
from broadsheet.params import Params

try:  # typer 0.2x carries its own copy of click; earlier ones raise click's exceptions
    from typer._click.exceptions import ClickException, UsageError
except ImportError:
    from click.exceptions import ClickException, UsageError  # type: ignore[assignment]

app = typer.Typer(add_completion=False, no_args_is_help=True, help="Put scrambled newspaper pages back together.")
DEFAULTS = Params()
T = TypeVar("T")

FileArgument = Annotated[str, typer.Argument(help="The dump: a text file, or - for standard input.")]
EncodingOption = Annotated[str, typer.Option("--encoding", help="Input encoding, or auto.")]
StyleOption = Annotated[str, typer.Option("--style", help="Dump style: auto, lines, paragraphs or layout.")]
LangOption = Annotated[str, typer.Option("--lang", help="Language (zh, en, de, fr, nl …), or auto.")]
ModelOption = Annotated[str, typer.Option("--model", help="A trained model file instead of the shipped one.")]


def read_source(name: str) -> bytes:
    """The bytes of FILE, or of standard input for `-`."""
    if name == "-":
        return sys.stdin.buffer.read()
    path = Path(name)
    if not path.exists():
        raise InputError(f"no such file: {name}")
    if path.is_dir():
        raise InputError(f"{name} is a folder; give a dump file (or use `broadsheet batch`)")
    try:
        return path.read_bytes()
    except OSError as error:
        raise InputError(f"cannot read {name}: {error.strerror or error}") from None


def write_atomically(target: Path, data: bytes) -> None:
    """Write through a temporary file in the same folder and rename it into place."""
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():  # unlike batch, a single page's output folder is not made for it
        raise OutputError(f"no folder {folder} to write {target.name} into; create it first")
    write_and_rename(target, data)


def emit(data: str | bytes, output: Path | None) -> None:
    """Write to OUTPUT atomically, or to standard output."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    if output is None or str(output) == "-":
        sys.stdout.buffer.write(raw)
        sys.stdout.buffer.flush()
    else:
        write_atomically(output, raw)


def options_to_params(encoding: str, style: str, lang: str, model: str) -> Params:
    """The options as `Params`; a value it refuses is a usage error (exit 2), not unreadable input."""
    try:
        return Params(encoding=encoding, style=style, lang=lang, model=model)
    except InputError as error:
        raise typer.BadParameter(str(error)) from None


def run(source: str, encoding: str, style: str, lang: str, model: str) -> Page:
    return reconstruct(read_source(source), options_to_params(encoding, style, lang, model))


@app.command()
def reflow(  # noqa: PLR0917  # typer reads the options from the signature
    source: FileArgument,
    output: Annotated[Path | None, typer.Option("-o", "--output", help="Write here instead of stdout.")] = None,
    explain: Annotated[bool, typer.Option("--explain", help="Per fragment: role, successor, runner-up.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="The articles as gold-shaped JSON.")] = False,
    encoding: EncodingOption = DEFAULTS.encoding,
    style: StyleOption = DEFAULTS.style,
    lang: LangOption = DEFAULTS.lang,
    model: ModelOption = DEFAULTS.model,
) -> None:
    """Print the page's articles as clean text (or JSON), in reading order."""
    from broadsheet.explain import evidence_lines  # noqa: PLC0415  # on use: a fast --help
    from broadsheet.writers import page_to_json, page_to_text  # noqa: PLC0415  # on use: a fast --help

    page = run(source, encoding, style, lang, model)
    text = page_to_json(page) if as_json else page_to_text(page)
    if explain:
        text = "\n".join(evidence_lines(page)) + "\n\n" + text
    emit(text, output)


@app.command()
def jats(  # noqa: PLR0917  # typer reads the options from the signature
    source: FileArgument,
    output: Annotated[Path | None, typer.Option("-o", "--output", help="The page's JATS XML file.")] = None,
    split: Annotated[Path | None, typer.Option("--split", help="Also write one JATS file per article here.")] = None,
    journal: Annotated[str, typer.Option("--journal", help="Newspaper title for journal-meta.")] = "",
    date: Annotated[str, typer.Option("--date", help="Publication date, YYYY-MM-DD.")] = "",
    page_label: Annotated[str, typer.Option("--page", help="Page number or label (fpage).")] = "",
    encoding: EncodingOption = DEFAULTS.encoding,
    style: StyleOption = DEFAULTS.style,
    lang: LangOption = DEFAULTS.lang,
    model: ModelOption = DEFAULTS.model,
) -> None:
    """Write the page as JATS XML: one collection article holding a sub-article per article."""
    from broadsheet.writers import JatsMeta, article_to_jats, furniture_to_jats, page_to_jats  # noqa: PLC0415  # on use: a fast --help

    meta = JatsMeta(journal=journal, date=date, page=page_label, lang="" if lang == "auto" else lang)
    page = run(source, encoding, style, lang, model)
    if split is not None:
        write_split(page, meta, split, source, article=article_to_jats, furniture=furniture_to_jats)
    if output is not None or split is None:
        emit(page_to_jats(page, meta), output)


def write_split(page: Page, meta: object, folder: Path, source: str, *, article: Callable[..., bytes],
                furniture: Callable[..., bytes]) -> None:
    """One valid JATS file per article, named from the page and the article number."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise OutputError(f"cannot create {folder}: {error.strerror or error}") from None
    stem = "stdin" if source == "-" else Path(source).name.split(".")[0]
    for item in page.articles:
        write_atomically(folder / f"{stem}-p{item.page + 1}-a{item.number:02d}.xml", article(page, item, meta))
    if page.furniture:
        write_atomically(folder / f"{stem}-furniture.xml", furniture(page, meta))


@app.command()
def graph(  # noqa: PLR0917  # typer reads the options from the signature
    source: FileArgument,
    output: Annotated[Path, typer.Option("-o", "--output", help="OUT.json, OUT.graphml or OUT.dot.")],
    form: Annotated[str, typer.Option("--format", help="json, graphml or dot; default from the suffix.")] = "",
    encoding: EncodingOption = DEFAULTS.encoding,
    style: StyleOption = DEFAULTS.style,
    lang: LangOption = DEFAULTS.lang,
    model: ModelOption = DEFAULTS.model,
) -> None:
    """Write the fragment graph: nodes with role and confidence, edges with weight and features."""
    from broadsheet.writers.graph import FORMATS, page_to_graph  # noqa: PLC0415  # on use: a fast --help

    chosen = form or output.suffix.lstrip(".").lower()
    if chosen not in FORMATS:
        raise typer.BadParameter(f"format must be one of {', '.join(FORMATS)} (from --format or the suffix)")
    page = run(source, encoding, style, lang, model)
    emit(page_to_graph(page, chosen), output)  # type: ignore[arg-type]


@app.command()
def batch(  # noqa: PLR0917  # typer reads the options from the signature
    source: Annotated[str, typer.Argument(help="A folder of *.txt dumps (searched recursively), a file listing "
                                               "dumps one a line, or - for that list on standard input.")],
    output: Annotated[Path, typer.Option("-o", "--output", help="Folder for OUT/<relative name>.xml, errors.log.")],
    workers: Annotated[int, typer.Option("--workers", min=0, help="Processes; 0 for every core.")] = 0,
    dask: Annotated[str, typer.Option("--dask", help="A dask.distributed scheduler (tcp://host:8786).")] = "",
    force: Annotated[bool, typer.Option("--force", help="Redo pages whose output is newer than the input.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", help="No progress bar (there is none off a terminal).")] = False,
    encoding: EncodingOption = DEFAULTS.encoding,
    style: StyleOption = DEFAULTS.style,
    lang: LangOption = DEFAULTS.lang,
    model: ModelOption = DEFAULTS.model,
) -> None:
    """Convert many dumps to JATS, one file each, in parallel; resumable; exit 1 if a page failed."""
    params = options_to_params(encoding, style, lang, model)
    listed = source == "-" or not Path(source).is_dir()
    jobs = jobs_from_list(_listed_paths(source), output) if listed else find_jobs(Path(source), output)
    if not jobs:
        raise InputError(f"no dumps in {source}; give a folder of *.txt files or a list of paths")
    show = not quiet and sys.stderr.isatty()
    summary = run_batch(jobs, BatchOptions(params, workers, dask, force), output, _progress_bar() if show else None)
    if show:
        typer.echo("", err=True)  # end the bar's line
    typer.echo(f"broadsheet batch: {summary.line()}")
    if summary.failed:
        typer.echo(f"broadsheet batch: {summary.failed} page(s) failed; see {output / 'errors.log'}", err=True)
        sys.exit(1)


def _listed_paths(source: str) -> list[str]:
    """The lines of a list file, or of standard input for `-`."""
    if source == "-":
        return sys.stdin.read().splitlines()
    try:
        return Path(source).read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise InputError(f"no folder or list file {source}") from None
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"cannot read the list {source}: {error}") from None


def _progress_bar() -> Callable[[Summary], None]:
    """Redraw the bar on standard error at most ten times a second, and at the end."""
    drawn = [0.0]

    def draw(tally: Summary) -> None:
        now = time.monotonic()
        if now - drawn[0] >= 0.1 or tally.done + tally.skipped + tally.failed == tally.total:
            sys.stderr.write("\r" + tally.progress())
            sys.stderr.flush()
            drawn[0] = now

    return draw


@app.command("eval")
def evaluate(
    gold: Annotated[Path, typer.Argument(help="Gold: the bench's JSON, or JATS.")],
    predicted: Annotated[Path, typer.Argument(help="The predicted JATS XML.")],
    dump: Annotated[Path | None, typer.Option("--input", help="The dump, to count lost characters.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="One line of JSON.")] = False,
) -> None:
    """Score a prediction against gold with the benchmark's figures."""
    from broadsheet.evaluate import read_gold, read_prediction, score_page  # noqa: PLC0415  # on use: a fast --help

    truth = read_gold(gold)
    prediction = read_prediction(_read_path(predicted))
    text = _read_path(dump).decode("utf-8", errors="replace") if dump else None
    figures = score_page(truth, prediction, text)
    typer.echo(json.dumps(figures, ensure_ascii=False, indent=None if as_json else 1))


def _read_path(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        raise InputError(f"cannot read {path}: {error.strerror or error}") from None


class WarningLines(logging.Handler):
    """broadsheet's warnings on standard error as `broadsheet: message`, one line each, no traceback.

    It writes to `sys.stderr` as it is at the time, since tests swap it between runs.
    """

    def emit(self, record: logging.LogRecord) -> None:
        typer.echo("broadsheet: " + " ".join(record.getMessage().split()), err=True)


def main() -> None:
    """Entry point: run the app; our errors become one line and an exit status, never a traceback."""
    warnings = WarningLines(logging.WARNING)
    logging.getLogger("broadsheet").addHandler(warnings)
    try:
        sys.exit(_run_app())
    finally:
        logging.getLogger("broadsheet").removeHandler(warnings)  # main may run again in one process


def _run_app() -> int:
    """The app's exit status, with every failure already told on standard error in one line."""
    try:
        # Not standalone: click raises usage errors to us instead of printing its boxed panel.
        status = app(standalone_mode=False)
    except ClickException as error:
        if type(error).__name__ == "NoArgsIsHelpError":  # the help is printed already, as typer does
            return error.exit_code
        command = error.ctx.command_path if isinstance(error, UsageError) and error.ctx else "broadsheet"
        message = " ".join(error.format_message().split()).rstrip(".")
        typer.echo(f"broadsheet: {message}; see `{command} --help`", err=True)
        return error.exit_code
    except BroadsheetError as error:
        typer.echo(f"broadsheet: {error}", err=True)
        return error.exit_code
    except KeyboardInterrupt:
        status = 130
    except Exception as error:  # the promise is no traceback, even for a bug
        if os.environ.get("BROADSHEET_DEBUG"):
            raise
        typer.echo(f"broadsheet: internal error ({type(error).__name__}: {error}); "
                   "rerun with BROADSHEET_DEBUG=1 and report it", err=True)
        return 1
    if status == 130:  # typer turns Ctrl-C during a command into a silent Exit(130)
        typer.echo("broadsheet: interrupted; nothing was written", err=True)
    return status if isinstance(status, int) else 0


if __name__ == "__main__":
    main()
