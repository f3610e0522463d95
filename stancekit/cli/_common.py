"""Helpers shared by the ``train``, ``evaluate``, ``audit`` and ``suggest`` commands."""

from __future__ import annotations

import argparse
import ast
import contextlib
import functools
import hashlib
import json
import sys
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..exceptions import DataError, DataWarning, ModelVersionWarning, StancekitError

if TYPE_CHECKING:
    import pandas as pd


@contextlib.contextmanager
def warnings_to_stderr() -> Iterator[None]:
    """Print stancekit's data and version warnings as ``stancekit: warning: ...`` lines."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", DataWarning)
        warnings.simplefilter("always", ModelVersionWarning)
        try:
            yield
        finally:
            for item in caught:
                if issubclass(item.category, (DataWarning, ModelVersionWarning)):
                    sys.stderr.write(f"stancekit: warning: {item.message}\n")
                else:
                    warnings.showwarning(item.message, item.category, item.filename, item.lineno)


def command(handler: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    """Run a command handler with warnings on stderr and bad values as usage errors (exit 2).

    A ``ValueError`` from the API (a parameter out of range, an unknown parameter name) is
    the user's input, so it becomes a :class:`StancekitError` that ``main`` reports cleanly.
    """

    @functools.wraps(handler)
    def run(args: argparse.Namespace) -> int:
        with warnings_to_stderr():
            try:
                return handler(args)
            except StancekitError:
                raise
            except ValueError as exc:
                raise StancekitError(str(exc)) from exc

    return run


def parse_value(text: str) -> Any:
    """A Python literal (``2``, ``0.5``, ``None``, ``(1, 3)``, ``'x'``), else the string itself."""
    try:
        return ast.literal_eval(text)
    except (ValueError, SyntaxError):
        return text


def parse_assignment(text: str, *, option: str) -> tuple[str, Any]:
    """``NAME=VALUE`` -> ``(name, value)`` with the value parsed by :func:`parse_value`."""
    name, sep, value = text.partition("=")
    if not sep or not name.strip():
        raise DataError(f"{option} expects NAME=VALUE, got {text!r}")
    return name.strip(), parse_value(value.strip())


def add_data_options(parser: argparse.ArgumentParser, *, duplicates: str = "error") -> None:
    """``--duplicates`` and ``--drop-empty``, for commands that read labeled files."""
    from ..labeled import DUPLICATE_POLICIES

    parser.add_argument(
        "--duplicates",
        choices=DUPLICATE_POLICIES,
        default=duplicates,
        help="what to do with a statement that occurs with different labels: error (list them), keep, drop "
        "them all, keep the first, or keep the majority label (default: %(default)s)",
    )
    parser.add_argument(
        "--drop-empty", action="store_true", help="drop statements with no letter or digit instead of failing"
    )


def add_model_options(parser: argparse.ArgumentParser) -> None:
    """``--param``, ``--seed`` and ``--jobs``, for commands that fit models."""
    parser.add_argument(
        "--param",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a StanceClassifier parameter, e.g. --param C=2 --param 'ngram_range=(1, 3)' (repeatable)",
    )
    parser.add_argument("--seed", type=int, default=0, help="random seed: same data and seed, same model (default 0)")
    parser.add_argument("--jobs", type=int, default=1, help="cross-validation folds fitted in parallel (default 1)")


def model_params(args: argparse.Namespace) -> dict[str, Any]:
    from ..training import check_params

    return check_params(dict(parse_assignment(p, option="--param") for p in args.param))


def file_sha256(path: str | Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def write_table(frame: pd.DataFrame, path: str | Path) -> None:
    """Write a frame as CSV, TSV, JSONL or Parquet, chosen by the file's extension."""
    from .._atomic import atomic_file, write_atomically

    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".parquet":
        with atomic_file(path) as handle:  # like the other formats: complete or absent
            frame.to_parquet(handle, index=False)
    elif suffix in (".jsonl", ".ndjson"):
        write_atomically(path, "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in to_records(frame)))
    elif suffix in (".csv", ".tsv"):
        write_atomically(path, frame.to_csv(index=False, sep="\t" if suffix == ".tsv" else ","))
    else:
        raise DataError(f"{path}: unknown output type; use .csv, .tsv, .jsonl or .parquet")


def to_records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows as JSON-ready dicts (numpy scalars to Python, NaN to None)."""
    return json.loads(frame.to_json(orient="records", force_ascii=False))


def write_jsonl(frame: pd.DataFrame) -> None:
    for record in to_records(frame):
        sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")


def shorten(text: str, width: int = 100) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 3] + "..."
