"""The notebooks run top to bottom, as a user runs them, on a small slice (issue 6).

Each notebook is read, given parameters and executed in memory with nbclient: the
committed file is never written. It runs in ``notebooks/`` (as Jupyter runs it) with a
kernel that imports the same stancekit as these tests. Parameters are overridden the way
papermill does it: a cell inserted after the cell tagged ``parameters``. Any error in
any cell fails the test.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

import stancekit

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
CORPUS = ROOT.parent / "shared" / "data" / "ungdc_1946-2022.jsonl.gz"
TIMEOUT = 300  # seconds per cell


def _with_parameters(path: Path, **parameters: object) -> nbformat.NotebookNode:
    nb = nbformat.read(path, as_version=4)
    tagged = [i for i, cell in enumerate(nb.cells) if "parameters" in cell.metadata.get("tags", [])]
    assert len(tagged) == 1, f"{path.name}: expected one cell tagged 'parameters', found {len(tagged)}"
    for cell in nb.cells:  # start from a clean slate: no committed output can pass for a new one
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    if parameters:
        source = "# Parameters injected by tests/test_notebooks.py\n" + "".join(
            f"{name} = {value!r}\n" for name, value in parameters.items()
        )
        nb.cells.insert(tagged[0] + 1, nbformat.v4.new_code_cell(source))
    return nb


def _execute(nb: nbformat.NotebookNode) -> float:
    client = NotebookClient(
        nb,
        timeout=TIMEOUT,
        kernel_name="python3",
        record_timing=False,
        resources={"metadata": {"path": str(NOTEBOOKS)}},
    )
    start = time.perf_counter()
    client.execute()
    return time.perf_counter() - start


def _figures(nb: nbformat.NotebookNode) -> int:
    return sum(
        "image/png" in output.get("data", {})
        for cell in nb.cells
        if cell.cell_type == "code"
        for output in cell.outputs
    )


@pytest.fixture(autouse=True)
def _kernel_imports_this_stancekit(monkeypatch):
    # The kernel is a subprocess: give it the folder of the stancekit these tests import
    # (the repository when run from a checkout, site-packages when installed).
    package_parent = str(Path(stancekit.__file__).resolve().parent.parent)
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [package_parent, os.environ.get("PYTHONPATH")])))
    monkeypatch.setenv("MPLBACKEND", "module://matplotlib_inline.backend_inline")


def test_every_notebook_is_tested():
    assert sorted(path.name for path in NOTEBOOKS.glob("*.ipynb")) == [
        "01_quickstart.ipynb",
        "02_retraining.ipynb",
        "03_un_general_debate.ipynb",
    ]


@pytest.mark.parametrize("name", sorted(path.name for path in NOTEBOOKS.glob("*.ipynb")))
def test_committed_notebook_has_outputs_and_no_errors(name):
    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    code = [cell for cell in nb.cells if cell.cell_type == "code"]
    assert all(cell.execution_count is not None for cell in code), f"{name} was not run top to bottom"
    counts = [cell.execution_count for cell in code]
    assert counts == list(range(1, len(code) + 1)), f"{name}: cells were not run in order, top to bottom"
    assert not [out for cell in code for out in cell.outputs if out.output_type == "error"]
    assert _figures(nb) >= 1, f"{name} was committed without its figures"


def test_quickstart_runs():
    nb = _with_parameters(NOTEBOOKS / "01_quickstart.ipynb")  # small already: one article
    _execute(nb)
    assert _figures(nb) >= 1


def test_retraining_runs_on_a_small_slice(tmp_path):
    nb = _with_parameters(NOTEBOOKS / "02_retraining.ipynb", SLICE="small", MODEL_DIR=str(tmp_path))
    _execute(nb)
    assert _figures(nb) >= 3
    assert (tmp_path / "news-model.skops").is_file()


@pytest.mark.skipif(not CORPUS.is_file(), reason=f"the UN General Debate Corpus is not at {CORPUS}")
def test_case_study_runs_on_a_small_slice():
    nb = _with_parameters(NOTEBOOKS / "03_un_general_debate.ipynb", SLICE="small")
    _execute(nb)
    assert _figures(nb) >= 3


def test_case_study_stops_with_a_clear_message_without_the_corpus(tmp_path):
    missing = tmp_path / "nowhere" / "ungdc.jsonl.gz"
    nb = _with_parameters(NOTEBOOKS / "03_un_general_debate.ipynb", SLICE="small", DATA_PATH=str(missing))
    with pytest.raises(CellExecutionError) as error:
        _execute(nb)
    assert error.value.ename == "CorpusNotFoundError"
    assert str(missing) in error.value.evalue and "DATA_PATH" in error.value.evalue
    code = [cell for cell in nb.cells if cell.cell_type == "code"]
    stopped = next(i for i, cell in enumerate(code) if any(out.output_type == "error" for out in cell.outputs))
    assert "raise CorpusNotFoundError" in code[stopped].source
    assert all(cell.execution_count is None for cell in code[stopped + 1 :]), "cells ran after the stop"
    # The user sees the message, not a traceback.
    (shown,) = [out for out in code[stopped].outputs if out.output_type == "error"]
    assert len(shown.traceback) == 1 and str(missing) in shown.traceback[0]
