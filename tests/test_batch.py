"""`broadsheet batch`: a folder or a list in, valid JATS out; resumable, failures logged, Dask the same."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from broadsheet import synth
from broadsheet.batch import (
    BatchOptions,
    Job,
    Outcome,
    Summary,
    _chunk_outcomes,
    dump_to_jats,
    find_jobs,
    jobs_from_list,
    run_batch,
)
from broadsheet.cli import app
from broadsheet.writers import validate_jats

SAMPLES = Path(__file__).parent.parent / "samples"
runner = CliRunner()


@pytest.fixture(scope="module")
def dumps(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder of four dumps: a bundled sample at the top, three small synthesised pages below."""
    folder = tmp_path_factory.mktemp("dumps")
    shutil.copy(SAMPLES / "paragraphs.txt", folder / "paragraphs.txt")
    (folder / "synth" / "en").mkdir(parents=True)
    for seed, (style, lang) in enumerate([("pdftotext", "en"), ("pdfminer", "de"), ("ocrorder", "zh")]):
        made = synth.make_page(seed, style=style, lang=lang, texts=synth.ArticleTexts.builtin(lang))
        where = folder / "synth" / ("en" if lang == "en" else "")
        (where / f"{lang}-{seed}.{style}.txt").write_text(made.dump, encoding="utf-8")
    (folder / "notes.md").write_text("not a dump", encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def converted(dumps: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The dumps converted once on a pool of two, the reference every other run is held to."""
    out = tmp_path_factory.mktemp("converted")
    result = runner.invoke(app, ["batch", str(dumps), "-o", str(out), "--workers", "2"])
    assert result.exit_code == 0, result.output
    return out


def xml_files(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in sorted(folder.rglob("*.xml"))}


def test_a_folder_gives_valid_jats_under_relative_names(converted: Path) -> None:
    files = xml_files(converted)
    assert sorted(files) == ["paragraphs.xml", "synth/de-1.pdfminer.xml", "synth/en/en-0.pdftotext.xml",
                             "synth/zh-2.ocrorder.xml"]
    assert all(validate_jats(xml) == () for xml in files.values())
    assert not (converted / "errors.log").exists()


def test_the_pool_writes_what_one_page_at_a_time_gives(dumps: Path, converted: Path) -> None:
    assert (converted / "paragraphs.xml").read_bytes() == dump_to_jats((dumps / "paragraphs.txt").read_bytes())


def test_the_summary_line_counts_and_times(dumps: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["batch", str(dumps / "synth" / "en"), "-o", str(tmp_path), "--workers", "1"])
    assert result.exit_code == 0
    assert result.output.startswith("broadsheet batch: 1 done, 0 skipped, 0 failed in ")
    assert result.output.rstrip().endswith("pages/s)")


def test_a_second_run_skips_finished_pages_and_redoes_a_newer_input(dumps: Path, tmp_path: Path) -> None:
    shutil.copytree(dumps, tmp_path / "in")
    out = tmp_path / "out"
    run_batch(find_jobs(tmp_path / "in", out), BatchOptions(workers=1), out)
    again = run_batch(find_jobs(tmp_path / "in", out), BatchOptions(workers=1), out)
    assert (again.done, again.skipped, again.failed) == (0, 4, 0)
    touched = tmp_path / "in" / "paragraphs.txt"
    later = (out / "paragraphs.xml").stat().st_mtime_ns + 1_000_000_000
    os.utime(touched, ns=(later, later))
    third = run_batch(find_jobs(tmp_path / "in", out), BatchOptions(workers=1), out)
    assert (third.done, third.skipped) == (1, 3)


def test_force_redoes_every_page(dumps: Path, converted: Path, tmp_path: Path) -> None:
    shutil.copytree(converted, tmp_path, dirs_exist_ok=True)
    result = runner.invoke(app, ["batch", str(dumps), "-o", str(tmp_path), "--workers", "1"])
    assert "0 done, 4 skipped" in result.output
    result = runner.invoke(app, ["batch", str(dumps), "-o", str(tmp_path), "--force", "--workers", "1"])
    assert "4 done, 0 skipped" in result.output
    assert xml_files(tmp_path) == xml_files(converted)


def test_a_broken_page_is_logged_and_the_run_goes_on(dumps: Path, tmp_path: Path) -> None:
    shutil.copytree(dumps, tmp_path / "in")
    (tmp_path / "in" / "empty.txt").write_text("  \n", encoding="utf-8")
    (tmp_path / "in" / "program.txt").write_bytes(b"\x7fELF\x02\x01\x01" + bytes(range(256)) * 4)
    out = tmp_path / "out"
    result = runner.invoke(app, ["batch", str(tmp_path / "in"), "-o", str(out), "--workers", "2"])
    assert result.exit_code == 1
    assert "4 done, 0 skipped, 2 failed" in result.output
    lines = sorted((out / "errors.log").read_text(encoding="utf-8").splitlines())
    assert [line.split("\t")[:2] for line in lines] == [[str(tmp_path / "in" / "empty.txt"), "InputError"],
                                                       [str(tmp_path / "in" / "program.txt"), "InputError"]]
    assert all(len(line.split("\t")) == 3 and line.split("\t")[2] for line in lines)
    assert len(xml_files(out)) == 4


def test_the_error_log_tells_of_the_last_run_only(dumps: Path, tmp_path: Path) -> None:
    (tmp_path / "errors.log").write_text("old failure\n", encoding="utf-8")
    summary = run_batch(find_jobs(dumps / "synth" / "en", tmp_path), BatchOptions(workers=1), tmp_path)
    assert summary.failed == 0
    assert not (tmp_path / "errors.log").exists()


def test_a_list_file_and_a_list_on_standard_input(dumps: Path, converted: Path, tmp_path: Path) -> None:
    listed = sorted(str(path) for path in dumps.rglob("*.txt"))
    (tmp_path / "list.txt").write_text("# the pages\n" + "\n".join(listed) + "\n\n", encoding="utf-8")
    result = runner.invoke(app, ["batch", str(tmp_path / "list.txt"), "-o", str(tmp_path / "a"), "--workers", "2"])
    assert result.exit_code == 0, result.output
    assert xml_files(tmp_path / "a") == xml_files(converted)
    result = runner.invoke(app, ["batch", "-", "-o", str(tmp_path / "b"), "--workers", "1"], input="\n".join(listed))
    assert xml_files(tmp_path / "b") == xml_files(converted)


def test_a_missing_listed_page_is_a_failure_not_a_crash(tmp_path: Path) -> None:
    jobs = jobs_from_list([str(SAMPLES / "paragraphs.txt"), str(tmp_path / "gone.txt")], tmp_path / "out")
    summary = run_batch(jobs, BatchOptions(workers=1), tmp_path / "out")
    assert (summary.done, summary.failed) == (1, 1)
    assert "gone.txt\tInputError\tcannot read" in (tmp_path / "out" / "errors.log").read_text(encoding="utf-8")


def test_a_dead_worker_fails_its_chunk_only() -> None:
    class Lost:
        def result(self) -> list[Outcome]:
            raise RuntimeError("worker killed\nby the OOM killer")

    chunk = [Job(Path("a.txt"), Path("a.xml"), "a.txt"), Job(Path("b.txt"), Path("b.xml"), "b.txt")]
    outcomes = _chunk_outcomes(Lost(), chunk)
    assert [(o.status, o.error, o.message) for o in outcomes] == [("failed", "RuntimeError",
                                                                   "worker killed by the OOM killer")] * 2


def test_progress_and_summary_lines() -> None:
    tally = Summary(total=10, done=4, skipped=2, failed=1, seconds=2.5)
    assert tally.line() == "4 done, 2 skipped, 1 failed in 2.5 s (2.0 pages/s)"
    assert tally.progress(width=10) == "[#######...] 7/10 2.0 pages/s, ETA 2 s, 1 failed"


def test_nothing_to_convert_is_an_input_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["batch", str(tmp_path), "-o", str(tmp_path / "out")])
    assert result.exit_code != 0
    assert "no dumps in" in str(result.exception)


def test_dask_gives_the_same_bytes_as_the_pool(dumps: Path, converted: Path, tmp_path: Path) -> None:
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(processes=False, n_workers=1, threads_per_worker=2,
                                  dashboard_address=None) as cluster:
        result = runner.invoke(app, ["batch", str(dumps), "-o", str(tmp_path), "--dask", cluster.scheduler_address])
    assert result.exit_code == 0, result.output
    assert "4 done, 0 skipped, 0 failed" in result.output
    assert xml_files(tmp_path) == xml_files(converted)
