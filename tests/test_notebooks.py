"""The notebooks run top to bottom on a fresh kernel without an error; the first saves the page's picture.

`make notebooks` runs this file. The notebooks are committed without outputs (checked here,
so a rerun never bloats the history); executing them is what proves they still tell the
pipeline right — `inspect_page` asserts its step-by-step calls give what `reconstruct` gives.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("matplotlib")

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
PICTURE = ROOT / "docs" / "solved-page.png"
TIMEOUT = 300  # seconds a cell may take; the whole run is about 20 s


def execute(path: Path) -> list[tuple[int, str, str]]:
    """Run the notebook in its own folder on a fresh python3 kernel; every error output, by cell."""
    notebook = nbformat.read(path, as_version=4)
    client = nbclient.NotebookClient(
        notebook, timeout=TIMEOUT, kernel_name="python3", allow_errors=True,
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute()
    return [(index, output.ename, output.evalue) for index, cell in enumerate(notebook.cells)
            for output in cell.get("outputs", []) if output.output_type == "error"]


def test_there_are_the_two_notebooks() -> None:
    assert [path.name for path in NOTEBOOKS] == ["compare_gold.ipynb", "inspect_page.ipynb"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.stem)
def test_notebook_is_committed_without_outputs(path: Path) -> None:
    notebook = nbformat.read(path, as_version=4)
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert all(not cell.outputs and cell.execution_count is None for cell in code)


@pytest.mark.slow
def test_inspect_page_runs_and_saves_the_picture() -> None:
    started = time.time()
    assert execute(ROOT / "notebooks" / "inspect_page.ipynb") == []
    assert PICTURE.stat().st_mtime >= started - 1
    assert PICTURE.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.slow
def test_compare_gold_runs() -> None:
    assert execute(ROOT / "notebooks" / "compare_gold.ipynb") == []
