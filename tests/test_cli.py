"""The command line: exit statuses, one-line errors, standard input, atomic writes, --encoding.

Most tests call `cli.main()` in this process; Ctrl-C is sent to a real subprocess.
"""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from broadsheet import cli
from broadsheet.writers import validate_jats

SAMPLE = Path(__file__).parent.parent / "samples" / "columns.txt"
DEV_PAGE = Path(__file__).parent.parent.parent / "shared" / "bench" / "dev" / "forge-zh-001.pdftotext.txt"
ZH = ("电商节激活重庆消费新动能\n\n本报记者 黄光红\n\n"
      "7月5日下午，电商节闭幕式在璧山区举行。市商务委发布消息称，全市网络零售额同比增长。\n")


Invoke = Callable[..., tuple[int, bytes, str]]


@pytest.fixture
def invoke(monkeypatch: pytest.MonkeyPatch, capsysbinary: pytest.CaptureFixture[bytes]) -> Invoke:
    """`invoke(*ARGS, stdin=b"")`: (exit status, stdout, stderr) of `broadsheet ARGS` run in this process."""

    def call(*args: str, stdin: bytes = b"") -> tuple[int, bytes, str]:
        monkeypatch.setattr(sys, "argv", ["broadsheet", *args])
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin)))
        with pytest.raises(SystemExit) as exited:
            cli.main()
        out, err = capsysbinary.readouterr()
        code = exited.value.code
        return (code if isinstance(code, int) else 0 if code is None else 1), out, err.decode("utf-8", "replace")

    return call


def one_line(err: str) -> str:
    """The error as printed: exactly one line, no traceback."""
    assert "Traceback" not in err
    assert err.endswith("\n")
    assert err.count("\n") == 1, err
    return err.strip()


# ---------------------------------------------------------------- success, stdin, --encoding


def test_reflow_a_file(invoke: Invoke) -> None:
    code, out, err = invoke("reflow", str(SAMPLE))
    assert (code, err) == (0, "")
    assert "电商节激活重庆消费新动能" in out.decode()


def test_dash_reads_standard_input(invoke: Invoke) -> None:
    from_file = invoke("jats", str(SAMPLE))
    from_stdin = invoke("jats", "-", stdin=SAMPLE.read_bytes())
    assert from_stdin == from_file
    assert validate_jats(from_stdin[1]) == ()


def test_standard_input_in_gbk_is_detected(invoke: Invoke) -> None:
    code, out, _ = invoke("reflow", "-", stdin=ZH.encode("gbk"))
    assert code == 0
    assert "电商节激活重庆消费新动能" in out.decode()


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "big5", "utf-16"])
def test_encoding_option(invoke: Invoke, tmp_path: Path,
                         encoding: str) -> None:
    dump = tmp_path / "page.txt"
    dump.write_bytes(ZH.encode(encoding, "replace"))
    code, out, err = invoke("reflow", str(dump), "--encoding", encoding)
    assert (code, err) == (0, "")
    assert "本报记者" in out.decode() or encoding == "big5"


def test_a_wrong_encoding_is_an_input_error(invoke: Invoke) -> None:
    code, _, err = invoke("reflow", "-", "--encoding", "utf-8", stdin=ZH.encode("gbk"))
    assert code == 3
    assert one_line(err).startswith("broadsheet: the input is not valid utf-8 (byte 0); try --encoding auto")


def test_an_unknown_encoding_is_a_usage_error(invoke: Invoke) -> None:
    code, _, _ = invoke("reflow", str(SAMPLE), "--encoding", "klingon")
    assert code == 2


# ---------------------------------------------------------------- exit statuses and one-line errors


@pytest.mark.parametrize("args", [("reflow",), ("jats", str(SAMPLE), "--bogus"), ("frobnicate",),
                                  ("graph", str(SAMPLE))])
def test_usage_errors_exit_2_without_a_traceback(invoke: Invoke, args: tuple[str]) -> None:
    code, _, err = invoke(*args)
    assert code == 2
    assert "Traceback" not in err


def test_usage_errors_are_one_line(invoke: Invoke) -> None:
    _, _, err = invoke("jats", str(SAMPLE), "--bogus")
    one_line(err)


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (None, "broadsheet: no such file: "),
        (b"", "broadsheet: the input holds no text (it is empty or only whitespace)"),
        (b" \r\n\t\f\n", "broadsheet: the input holds no text"),
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "broadsheet: the input is a PNG image; run OCR on it first"),
        (b"%PDF-1.4\n%\xe2\xe3", "broadsheet: the input is a PDF; extract its text first"),
        (bytes(range(256)) * 64, "broadsheet: the input looks binary, not like a text dump"),
    ],
    ids=["missing", "empty", "whitespace", "png", "pdf", "binary"],
)
def test_unreadable_input_exits_3_with_one_line(invoke: Invoke, tmp_path: Path,
                                                content: bytes | None, says: str) -> None:
    dump = tmp_path / "page.txt"
    if content is not None:
        dump.write_bytes(content)
    code, out, err = invoke("jats", str(dump), "-o", str(tmp_path / "page.xml"))
    assert (code, out) == (3, b"")
    assert one_line(err).startswith(says)
    assert not (tmp_path / "page.xml").exists()


def test_a_folder_as_input_exits_3(invoke: Invoke,
                                   tmp_path: Path) -> None:
    code, _, err = invoke("reflow", str(tmp_path))
    assert code == 3
    assert "is a folder" in one_line(err)


def test_a_bad_model_exits_4(invoke: Invoke,
                             tmp_path: Path) -> None:
    model = tmp_path / "model.json"
    model.write_text('{"not": "a model"}')
    code, _, err = invoke("reflow", str(SAMPLE), "--model", str(model))
    assert code == 4
    assert one_line(err).startswith("broadsheet: ")


def test_a_bug_is_one_line_and_exit_1(invoke: Invoke, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_: object) -> None:
        raise RuntimeError("a stage fell over")

    monkeypatch.setattr(cli, "reconstruct", broken)
    code, _, err = invoke("reflow", str(SAMPLE))
    assert code == 1
    assert one_line(err).startswith("broadsheet: internal error (RuntimeError: a stage fell over)")


# ---------------------------------------------------------------- atomic output


def test_output_is_written_whole_and_nothing_else_is_left(invoke: Invoke,
                                                          tmp_path: Path) -> None:
    code, _, _ = invoke("jats", str(SAMPLE), "-o", str(tmp_path / "page.xml"))
    assert code == 0
    assert validate_jats((tmp_path / "page.xml").read_bytes()) == ()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["page.xml"]


def test_no_folder_to_write_into_exits_5(invoke: Invoke,
                                         tmp_path: Path) -> None:
    code, _, err = invoke("jats", str(SAMPLE), "-o", str(tmp_path / "missing" / "page.xml"))
    assert code == 5
    assert "create it first" in one_line(err)


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root writes into read-only folders")
def test_a_read_only_folder_exits_5_and_leaves_nothing(invoke: Invoke,
                                                      tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        code, _, err = invoke("jats", str(SAMPLE), "-o", str(folder / "page.xml"))
    finally:
        folder.chmod(0o755)
    assert code == 5
    assert one_line(err).startswith("broadsheet: cannot write")
    assert list(folder.iterdir()) == []


@pytest.mark.parametrize("fails", ["write", "rename"])
def test_a_failing_writer_keeps_the_old_file_and_leaves_no_part(invoke: Invoke, monkeypatch: pytest.MonkeyPatch,
                                                                tmp_path: Path, fails: str) -> None:
    target = tmp_path / "page.xml"
    target.write_bytes(b"the old page")

    class FullDisk(io.BytesIO):
        def write(self, data: object) -> int:
            super().write(b"<half")
            raise OSError(28, "No space left on device")

    def no_rename(*_: object) -> None:
        raise OSError(18, "Invalid cross-device link")

    if fails == "write":
        real_fdopen = os.fdopen
        monkeypatch.setattr(os, "fdopen", lambda handle, mode: (real_fdopen(handle, mode).close(), FullDisk())[1])
    else:
        monkeypatch.setattr(os, "replace", no_rename)
    code, _, err = invoke("jats", str(SAMPLE), "-o", str(target))
    assert code == 5
    assert one_line(err).startswith(f"broadsheet: cannot write {target}")
    assert target.read_bytes() == b"the old page"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["page.xml"]


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="needs a read-only /proc")
def test_an_unwritable_place_exits_5(invoke: Invoke) -> None:
    code, _, _ = invoke("reflow", str(SAMPLE), "-o", "/proc/broadsheet-test.txt")
    assert code == 5


def test_output_files_get_the_usual_permissions(invoke: Invoke, tmp_path: Path) -> None:
    umask = os.umask(0o022)
    try:
        invoke("reflow", str(SAMPLE), "-o", str(tmp_path / "page.txt"))
    finally:
        os.umask(umask)
    assert (tmp_path / "page.txt").stat().st_mode & 0o777 == 0o644


def test_a_replaced_file_keeps_its_mode(invoke: Invoke, tmp_path: Path) -> None:
    target = tmp_path / "page.txt"
    target.write_bytes(b"the old page")
    target.chmod(0o640)
    code, _, _ = invoke("reflow", str(SAMPLE), "-o", str(target))
    assert code == 0
    assert target.stat().st_mode & 0o777 == 0o640


# ---------------------------------------------------------------- Ctrl-C and warnings, in a real process


def _start(tmp_path: Path, *args: str) -> subprocess.Popen[bytes]:
    """The CLI in a subprocess that says "ready" on stderr once its imports are done."""
    script = ("import sys, broadsheet.cli as c; sys.stderr.write('ready\\n'); sys.stderr.flush(); "
              f"sys.argv = ['broadsheet', *{list(args)!r}]; c.main()")
    return subprocess.Popen([sys.executable, "-c", script], cwd=tmp_path, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)


def _interrupted(tmp_path: Path) -> tuple[int, str, Path]:
    page = DEV_PAGE.read_text(encoding="utf-8") if DEV_PAGE.exists() else SAMPLE.read_text(encoding="utf-8")
    dump = tmp_path / "big.txt"
    dump.write_text("\n\n".join([page] * 256), encoding="utf-8")  # seconds of work: still running at 1 s
    out = tmp_path / "out"
    out.mkdir()
    process = _start(tmp_path, "jats", str(dump), "-o", str(out / "big.xml"))
    assert process.stderr is not None
    assert process.stderr.readline() == b"ready\n"
    try:
        process.wait(timeout=1.0)
    except subprocess.TimeoutExpired:
        process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=60)
    return process.returncode, err.decode("utf-8", "replace"), out


def test_ctrl_c_mid_run_exits_130_and_writes_nothing(tmp_path: Path) -> None:
    code, err, out = _interrupted(tmp_path)
    assert code == 130
    assert "Traceback" not in err
    assert list(out.iterdir()) == []


def test_ctrl_c_says_so_in_one_line(tmp_path: Path) -> None:
    _, err, _ = _interrupted(tmp_path)
    assert one_line(err) == "broadsheet: interrupted; nothing was written"


def test_dropped_control_characters_are_reported_in_one_line(tmp_path: Path) -> None:
    dump = tmp_path / "page.txt"
    dump.write_bytes(ZH.replace("本报", "本\x00报\x1b").encode())
    process = _start(tmp_path, "reflow", str(dump))
    _, err = process.communicate(timeout=60)
    lines = err.decode().splitlines()[1:]
    assert process.returncode == 0
    assert len(lines) == 1
    assert lines[0].startswith("broadsheet: dropped 2 control characters")
