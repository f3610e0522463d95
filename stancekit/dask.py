"""Scoring on a Dask cluster, for inputs one machine cannot score fast enough.

Two entry points, both needing the optional extra (``pip install "stancekit[dask]"``):

:func:`score`
    Score a Dask DataFrame partition by partition, with the model sent to the workers
    once; returns a lazy Dask DataFrame with the columns of
    :func:`stancekit.score_frame`.
``stancekit.score_file(..., scheduler=ADDRESS)``
    (``stancekit score --scheduler ADDRESS``) Stream a file through a cluster: this
    process reads and writes, the workers split and score, with the same per-row error
    handling and output as the local path.

Example::

    import dask.dataframe as dd
    from distributed import Client
    import stancekit.dask

    client = Client("tcp://scheduler:8786")
    quotes = dd.read_parquet("s3://bucket/quotes/")
    scored = stancekit.dask.score(quotes, column="text")
    scored.to_parquet("s3://bucket/scored/")
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from .batch import Split, _check_split, _resolve_model, _score, _score_for_output
from .exceptions import StancekitError

if TYPE_CHECKING:
    from .model import StanceClassifier

__all__ = ["score"]

_MISSING = "stancekit.dask needs Dask: pip install 'stancekit[dask]' (dask[dataframe,distributed])"


def _require(module: str) -> Any:
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise StancekitError(f"{_MISSING} ({exc})") from exc


def _current_client() -> Any | None:
    try:
        distributed = importlib.import_module("distributed")
    except ImportError:
        return None
    try:
        return distributed.get_client()
    except ValueError:  # no client running
        return None


def _score_partition(frame: Any, model: StanceClassifier, column: str, split: str) -> Any:
    return _score(frame, column, model, split)


def score(
    ddf: Any,
    column: str = "text",
    *,
    model: StanceClassifier | str | os.PathLike[str] | None = None,
    split: Split = "none",
) -> Any:
    """Label every statement of a Dask DataFrame, partition by partition.

    Parameters
    ----------
    ddf : dask.dataframe.DataFrame
        One statement (or, with ``split``, one document) per row.
    column : str, default="text"
        The column holding the text.
    model : StanceClassifier or path, optional
        A fitted model or a ``.skops`` file; the default model if omitted.
    split : {"none", "sentences", "quotes"}, default="none"
        As in :func:`stancekit.score_frame`.

    Returns
    -------
    dask.dataframe.DataFrame
        Lazy: ``ddf``'s columns and the added ones, partition by partition as
        :func:`stancekit.score_frame` would give them (``row`` holds the index labels,
        which Dask readers restart in each partition: set a unique index first if you
        need ``row`` to identify the input row).

    Raises
    ------
    StancekitError
        If Dask is not installed.
    DataError
        If ``column`` is not in ``ddf``.

    Notes
    -----
    With a ``distributed`` client running, the model is scattered to every worker once
    (``broadcast=True``); otherwise it is one key of the task graph, shared by all
    partitions.
    """
    dask = _require("dask")
    from .batch import score_frame

    split = _check_split(split)
    if column not in ddf.columns:
        from .exceptions import DataError

        found = ", ".join(repr(str(c)) for c in ddf.columns) or "none"
        raise DataError(f"the Dask DataFrame has no column {column!r}; columns found: {found}")
    fitted = _resolve_model(model)
    meta = score_frame(ddf._meta, column, model=fitted, split=split)
    client = _current_client()
    shared = client.scatter(fitted, broadcast=True, hash=False) if client is not None else dask.delayed(fitted)
    return ddf.map_partitions(_score_partition, shared, column, split, meta=meta, align_dataframes=False)


def _cluster_submitter(
    scheduler: str | Any, model: StanceClassifier
) -> tuple[Callable[..., Any], int, Callable[[bool], None]]:
    """Connect to a cluster for :func:`stancekit.score_file`: ``(submit, worker threads, close)``."""
    distributed = _require("distributed")
    own_client = not isinstance(scheduler, distributed.Client)
    try:
        client = distributed.Client(scheduler) if own_client else scheduler
    except OSError as exc:
        raise StancekitError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from exc
    shared = client.scatter(model, broadcast=True, hash=False)
    threads = max(1, sum(client.nthreads().values()))

    def submit(frame: Any, column: str, split: str, errors: dict[int, str], output: Any) -> Any:
        return client.submit(_score_for_output, frame, column, shared, split, errors, output, pure=False)

    def close(failed: bool) -> None:
        if own_client:
            client.close()

    return submit, threads, close
