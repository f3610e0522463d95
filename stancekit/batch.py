"""Batch scoring: a file or a frame of statements in, the same rows with a stance out.

:func:`score_frame` scores a pandas DataFrame in memory; :func:`score_file` streams
files of any size through the same function chunk by chunk (see
:mod:`stancekit.tables` for the formats), in one process, in ``jobs`` worker processes
or on a Dask cluster, and writes the result atomically.

Every input column is kept and these are added:

``stance``
    The most probable label (empty for a row that could not be scored).
``p_multi_vector``, ``p_aligned``, ``p_neutral``, ``p_oppositional``
    The probability of each label (missing for a row that could not be scored).
``actors``
    Canonical ids of the states, blocs and camps the statement names, ``;``-separated.
``error``
    Empty when the row was scored, otherwise why not (``line 7: invalid JSON ...``).

With ``split="sentences"`` (or ``"quotes"``) each input row becomes one output row per
sentence (per direct quote); the text column then holds the sentence (the quote) with
its white space collapsed, and ``row`` (the input row's index), ``sentence_index``
(``quote_index``), ``start`` and ``end`` (character offsets into the input text) are
added, and for quotes the ``speaker``. A row whose text has no sentence (blank) still
gives one blank, neutral row; a row without a quote gives none.
"""

from __future__ import annotations

import os
import signal
import sys
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from ._gc import gc_paused
from .exceptions import DataError
from .labels import Label
from .tables import text_problem

if TYPE_CHECKING:
    import pandas as pd

    from .model import StanceClassifier
    from .tables import Chunk

__all__ = ["SPLITS", "BatchSummary", "RowError", "score_file", "score_frame"]

Split = Literal["none", "sentences", "quotes"]
#: Ways to cut a text into statements before scoring.
SPLITS: tuple[str, ...] = ("none", "sentences", "quotes")

SCORE_COLUMNS: tuple[str, ...] = ("stance", *(label.column for label in Label), "actors", "error")
_PIECE_COLUMNS = {
    "none": (),
    "sentences": ("row", "sentence_index", "start", "end"),
    "quotes": ("row", "quote_index", "start", "end", "speaker"),
}
#: Name of the column saying which input a row came from, when there are several.
INPUT_COLUMN = "input_file"
# How many chunks each worker may have queued: enough to keep it busy, few enough to
# keep memory bounded whatever the size of the input.
_CHUNKS_IN_FLIGHT_PER_WORKER = 2
_MAX_ERRORS_KEPT = 5


class RowError(DataError):
    """A row could not be read or scored and ``strict`` asked to stop there."""


def added_columns(split: str = "none") -> list[str]:
    """Return the columns scoring adds, in order, for a ``split`` mode.

    Examples
    --------
    >>> added_columns()
    ['stance', 'p_multi_vector', 'p_aligned', 'p_neutral', 'p_oppositional', 'actors', 'error']
    >>> added_columns("quotes")[:5]
    ['row', 'quote_index', 'start', 'end', 'speaker']
    """
    return [*_PIECE_COLUMNS[_check_split(split)], *SCORE_COLUMNS]


def _check_split(split: str | None) -> str:
    split = "none" if split is None else split
    if split not in SPLITS:
        raise ValueError(f"split must be one of {SPLITS}, got {split!r}")
    return split


def _resolve_model(model: StanceClassifier | str | os.PathLike[str] | None) -> StanceClassifier:
    from .model import StanceClassifier
    from .persistence import _default_model, load_model

    if model is None:
        return _default_model()
    if isinstance(model, StanceClassifier):
        return model
    if isinstance(model, (str, os.PathLike)):
        return load_model(model)
    raise TypeError(f"model must be a StanceClassifier, a model file path or None, got {type(model).__name__}")


def _single_spaced(text: str) -> str:
    """``text`` with each run of white space as one space, none at the ends."""
    # Most sentences of a speech are already so: a check in C spares the split and join.
    if text.isascii() and text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text
    return " ".join(text.split())


@gc_paused()
def _score(
    frame: pd.DataFrame,
    column: str,
    model: StanceClassifier,
    split: str = "none",
    errors: Mapping[int, str] | None = None,
) -> pd.DataFrame:
    """Score one chunk: cut it into statements, one ``predict_proba`` call, assemble the rows."""
    import numpy as np
    import pandas as pd

    errors = errors or {}
    values = frame[column].tolist()
    owners: list[int] = []  # input row position of each output row
    pieces: list[str | None] = []  # the statement to score, None for an error row
    messages: list[str] = []
    extra: dict[str, list[Any]] = {name: [] for name in _PIECE_COLUMNS[split][1:]}

    def add_error(position: int, message: str) -> None:
        owners.append(position)
        pieces.append(None)
        messages.append(message)
        for values_ in extra.values():
            values_.append(None)

    if split == "sentences":
        from .text import sentence_spans
    elif split == "quotes":
        from .quotes import extract_quotes

    for position, value in enumerate(values):
        message = errors.get(position) or text_problem(value, column)
        if message is not None:
            add_error(position, message)
        elif split == "none":
            owners.append(position)
            pieces.append(value)
            messages.append("")
        elif split == "sentences":
            # A blank text has no sentence; give it one blank row so that it is not lost.
            spans = sentence_spans(value) or [(0, len(value))]
            for index, (start, end) in enumerate(spans):
                owners.append(position)
                pieces.append(_single_spaced(value[start:end]))
                messages.append("")
                extra["sentence_index"].append(index)
                extra["start"].append(start)
                extra["end"].append(end)
        else:
            for index, quote in enumerate(extract_quotes(value)):
                owners.append(position)
                pieces.append(_single_spaced(quote.text))
                messages.append("")
                extra["quote_index"].append(index)
                extra["start"].append(quote.start)
                extra["end"].append(quote.end)
                extra["speaker"].append(quote.speaker)

    scored = [i for i, piece in enumerate(pieces) if piece is not None]
    texts: list[str] = [pieces[i] for i in scored]  # type: ignore[misc]
    classes = [str(label) for label in model.classes_]
    proba, found_actors = model._predict_with_actor_ids(texts) if texts else (np.zeros((0, len(classes))), [])
    n = len(pieces)
    stance = np.full(n, "", dtype=object)
    stance[scored] = np.asarray(classes, dtype=object)[proba.argmax(axis=1)] if texts else []
    actors = np.full(n, "", dtype=object)
    actors[scored] = [";".join(ids) for ids in found_actors]
    added: dict[str, Any] = {}
    if split != "none":
        labels = frame.index.take(owners)
        # The input row: its position in a file, its index label in a frame.
        added["row"] = pd.array(labels, dtype="Int64") if pd.api.types.is_integer_dtype(labels) else labels.to_numpy()
        for name, values_ in extra.items():
            added[name] = pd.array(values_, dtype="string" if name == "speaker" else "Int64")
    added["stance"] = stance
    for label in Label:
        column_values = np.full(n, np.nan)
        if label.value in classes:
            column_values[scored] = proba[:, classes.index(label.value)]
        else:
            column_values[scored] = 0.0
        added[label.column] = column_values
    added["actors"] = actors
    added["error"] = np.asarray(messages, dtype=object)

    base = frame.drop(columns=[c for c in [*_PIECE_COLUMNS[split], *SCORE_COLUMNS] if c in frame.columns])
    if split != "none" and base.columns.is_unique:
        # The text column is replaced by the pieces: taking it would first copy each
        # whole speech once per sentence (a quarter of the chunk's time).
        position = base.columns.get_loc(column)
        base = base.drop(columns=[column]).take(owners)
        base.insert(position, column, np.asarray(pieces, dtype=object))
    else:
        base = base.take(owners)
        if split != "none":
            base[column] = np.asarray(pieces, dtype=object)
    index = base.index
    out = pd.concat([base.reset_index(drop=True), pd.DataFrame(added)], axis=1)
    out.index = index
    return out


def score_frame(
    frame: pd.DataFrame,
    column: str = "text",
    *,
    model: StanceClassifier | str | os.PathLike[str] | None = None,
    split: Split = "none",
) -> pd.DataFrame:
    """Label every statement in a DataFrame.

    Parameters
    ----------
    frame : pandas.DataFrame
        One statement (or, with ``split``, one article or speech) per row.
    column : str, default="text"
        The column holding the text.
    model : StanceClassifier or path, optional
        A fitted model or a ``.skops`` file; the default model if omitted.
    split : {"none", "sentences", "quotes"}, default="none"
        Score each row as it is, each of its sentences, or each direct quote in it.

    Returns
    -------
    pandas.DataFrame
        A new frame: ``frame``'s columns and index (repeated for each sentence or quote
        of a row with ``split``) and the added columns (see :mod:`stancekit.batch`).
        A missing or non-string text gives a row with an ``error`` and no stance.

    Raises
    ------
    DataError
        If ``column`` is not in ``frame`` (the message lists the columns found).

    Examples
    --------
    >>> import pandas as pd
    >>> frame = pd.DataFrame({"id": [7, 8], "text": ["We condemn the blockade imposed by Washington.", None]})
    >>> scored = score_frame(frame)
    >>> scored[["id", "stance", "actors", "error"]]
       id        stance actors                       error
    0   7  oppositional    USA
    1   8                        no text: 'text' is missing
    """
    import pandas as pd

    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"frame must be a pandas DataFrame, got {type(frame).__name__}")
    split = _check_split(split)
    if column not in frame.columns:
        found = ", ".join(repr(str(c)) for c in frame.columns) or "none"
        raise DataError(f"the frame has no column {column!r}; columns found: {found}")
    return _score(frame, column, _resolve_model(model), split)


# --------------------------------------------------------------------------- files


@dataclass(frozen=True)
class BatchSummary:
    """What :func:`score_file` did.

    Attributes
    ----------
    output : str
        The file written (``-`` for stdout).
    output_format : str
        Its format.
    rows_read : int
        Input rows, unreadable ones included.
    rows_written : int
        Output rows (sentences or quotes with ``split``).
    error_rows : int
        Output rows with an ``error``.
    first_errors : tuple of str
        The first few error messages, each prefixed by its input.
    seconds : float
        Wall-clock time.
    """

    output: str
    output_format: str
    rows_read: int
    rows_written: int
    error_rows: int
    first_errors: tuple[str, ...] = field(default_factory=tuple)
    seconds: float = 0.0

    @property
    def exit_code(self) -> int:
        """0 if every row was scored, 1 if some had errors (the CLI's exit code)."""
        return 1 if self.error_rows else 0


# A worker process's model, loaded once by the pool's initializer.
_WORKER_MODEL: StanceClassifier | None = None


def _init_worker(model: StanceClassifier) -> None:
    global _WORKER_MODEL
    _WORKER_MODEL = model
    # Ctrl-C is the parent's to handle: it stops the pool and removes the partial output.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


@dataclass(frozen=True)
class _Output:
    """What to do with a scored chunk where it was scored: name its input file, render it."""

    source: str | None = None  # added as the INPUT_COLUMN when several files are scored
    render_jsonl: bool = False


@dataclass(frozen=True)
class _RenderedChunk:
    """A scored chunk already rendered as JSON Lines, with what the summary needs."""

    data: bytes
    n_rows: int
    errors: list[str]


def _score_for_output(
    frame: pd.DataFrame,
    column: str,
    model: StanceClassifier,
    split: str,
    errors: Mapping[int, str] | None,
    output: _Output,
) -> pd.DataFrame | _RenderedChunk:
    """Score a chunk and prepare it for the writer, in the process that scored it.

    Rendering JSON Lines in the workers spreads it over them, and a chunk of bytes
    travels back to the parent faster than a data frame.
    """
    scored = _score(frame, column, model, split, errors)
    if output.source is not None:
        scored.insert(0, INPUT_COLUMN, output.source)
    if not output.render_jsonl:
        return scored
    from .tables import render_jsonl

    return _RenderedChunk(render_jsonl(scored), len(scored.index), _error_messages(scored))


def _error_messages(scored: pd.DataFrame) -> list[str]:
    """The non-empty ``error`` values of a scored chunk, in row order."""
    errors = scored["error"].to_numpy()
    return [str(m) for m in errors[errors != ""]]


def _score_in_worker(
    frame: pd.DataFrame, column: str, split: str, errors: dict[int, str], output: _Output
) -> pd.DataFrame | _RenderedChunk:
    assert _WORKER_MODEL is not None, "worker started without _init_worker"
    return _score_for_output(frame, column, _WORKER_MODEL, split, errors, output)


class _Done(Future):
    """A future already holding its result: the in-process path."""

    def __init__(self, value: Any) -> None:
        super().__init__()
        self.set_result(value)


def _ordered(
    submit: Callable[[Chunk], Any], chunks: Iterable[Chunk], in_flight: int
) -> Iterator[tuple[Chunk, pd.DataFrame]]:
    """Submit chunks with at most ``in_flight`` pending; yield results in input order."""
    pending: deque[tuple[Chunk, Any]] = deque()
    for chunk in chunks:
        pending.append((chunk, submit(chunk)))
        while len(pending) >= in_flight:
            done, future = pending.popleft()
            yield done, future.result()
    while pending:
        done, future = pending.popleft()
        yield done, future.result()


def _strict(chunks: Iterable[Chunk]) -> Iterator[Chunk]:
    for chunk in chunks:
        if chunk.errors:
            first = min(chunk.errors)
            raise RowError(f"{chunk.source}: {chunk.errors[first]}")
        yield chunk


def _default_output_format(inputs: Sequence[str], input_format: str | None) -> str:
    from .tables import detect_format

    first = inputs[0]
    fmt = input_format or (detect_format(first) if first != "-" else "txt")
    return fmt if fmt in ("csv", "tsv", "jsonl") else "csv"


def _same_file(a: str, b: str) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def score_file(
    inputs: str | os.PathLike[str] | Sequence[str | os.PathLike[str]],
    output: str | os.PathLike[str],
    *,
    text_column: str = "text",
    input_format: str | None = None,
    output_format: str | None = None,
    split: Split = "none",
    model: StanceClassifier | str | os.PathLike[str] | None = None,
    jobs: int = 1,
    chunk_size: int | None = None,
    strict: bool = False,
    force: bool = False,
    progress: bool = False,
    scheduler: str | Any | None = None,
) -> BatchSummary:
    """Score files of statements and write them, with a stance on every row, to ``output``.

    The inputs are read and scored chunk by chunk, so memory does not grow with their
    size; the output is written to a temporary file renamed onto ``output`` once
    complete. Rows that cannot be read are kept, in order, with an ``error``.

    Parameters
    ----------
    inputs : path or sequence of paths
        CSV, TSV, JSON Lines, Parquet or plain-text files, optionally gzipped; ``-``
        reads stdin. With several inputs an ``input_file`` column says where each row
        came from.
    output : path
        The output file (format from its extension, ``.gz`` compresses), or ``-``.
    text_column : str, default="text"
        The column with the statements.
    input_format, output_format : str, optional
        Override the formats taken from the extensions (see
        :data:`stancekit.tables.INPUT_FORMATS` and ``OUTPUT_FORMATS``). Stdin is plain
        text unless told otherwise; stdout gets the input's format if it is CSV, TSV or
        JSON Lines, else CSV.
    split : {"none", "sentences", "quotes"}, default="none"
        Score rows as they are, their sentences, or their direct quotes. A plain-text
        input is then one document (an article, a speech), not one statement a line.
    model : StanceClassifier or path, optional
        A fitted model or ``.skops`` file; the default model if omitted.
    jobs : int, default=1
        Worker processes (0: one per core). Each loads the model once; the calling
        process reads and writes, keeping the input order.
    chunk_size : int, optional
        Most input rows per chunk (default :data:`stancekit.tables.DEFAULT_CHUNK_SIZE`;
        a chunk also ends at 1 MB of input).
    strict : bool, default=False
        Stop at the first row that cannot be read, raising :class:`RowError` (naming
        the input and the line), and write nothing.
    force : bool, default=False
        Overwrite an existing output.
    progress : bool, default=False
        Show a progress bar on stderr.
    scheduler : str or distributed.Client, optional
        Score on a Dask cluster (its scheduler's address, or a client) instead of local
        processes; needs ``stancekit[dask]``. The model is sent to the workers once.

    Returns
    -------
    BatchSummary
        Counts, the first error messages, the time taken.

    Raises
    ------
    DataError
        If an input is missing, or has no ``text_column`` (the message lists the
        columns found).
    OutputExistsError
        If ``output`` exists and ``force`` is False.
    RowError
        With ``strict``, at the first unreadable row.
    """
    from tqdm.auto import tqdm

    from .tables import DEFAULT_CHUNK_SIZE, atomic_output, detect_format, is_gzip_name, open_writer, read_chunks

    started = time.perf_counter()
    split = _check_split(split)
    sources = [os.fspath(inputs)] if isinstance(inputs, (str, os.PathLike)) else [os.fspath(p) for p in inputs]
    if not sources:
        raise DataError("no input given")
    if sources.count("-") > 1:
        raise DataError("stdin (-) can be read only once")
    target = os.fspath(output)
    for source in sources:
        if source != "-" and target != "-" and _same_file(source, target):
            raise DataError(f"the output {target} is also an input; write elsewhere")
    if output_format is None:
        output_format = _default_output_format(sources, input_format) if target == "-" else None
    out_format = detect_format(target, output_format, output=True)
    if jobs is None or jobs <= 0:
        jobs = os.cpu_count() or 1
    chunk_size = chunk_size or DEFAULT_CHUNK_SIZE
    if chunk_size < 1:
        raise ValueError(f"chunk_size must be positive, got {chunk_size}")
    resolved = _resolve_model(model)
    whole_document = split != "none"

    def chunks() -> Iterator[Chunk]:
        for source in sources:
            fmt = detect_format(source, input_format) if (input_format or source != "-") else "txt"
            yield from read_chunks(
                source, text_column=text_column, fmt=fmt, chunk_size=chunk_size, whole_document=whole_document
            )

    sizes = [os.path.getsize(s) if s != "-" and os.path.isfile(s) else 0 for s in sources]
    counts = {"read": 0, "written": 0, "errors": 0}
    first_errors: list[str] = []
    compress = is_gzip_name(target) if target != "-" else False
    with (
        atomic_output(target, force=force, compress=compress, seekable=out_format == "parquet") as handle,
        _executor(resolved, jobs, scheduler) as (submit_scoring, in_flight),
        tqdm(
            total=sum(sizes) or None,
            unit="B",
            unit_scale=True,
            unit_divisor=1024,
            desc="scoring",
            file=sys.stderr,
            disable=not progress,
            dynamic_ncols=True,
        ) as bar,
    ):
        writer = open_writer(handle, out_format, text_column=text_column)
        done_bytes = {s: 0 for s in sources}
        stream = _strict(chunks()) if strict else chunks()

        render = out_format == "jsonl"

        def submit(chunk: Chunk) -> Any:
            output = _Output(source=chunk.source if len(sources) > 1 else None, render_jsonl=render)
            return submit_scoring(chunk.frame, text_column, split, chunk.errors, output)

        for chunk, scored in _ordered(submit, stream, in_flight):
            if isinstance(scored, _RenderedChunk):
                writer.write_rendered(scored.data)  # type: ignore[attr-defined]
                n_written, messages = scored.n_rows, scored.errors
            else:
                writer.write(scored)
                n_written, messages = len(scored.index), _error_messages(scored)
            counts["read"] += len(chunk.frame.index)
            counts["written"] += n_written
            counts["errors"] += len(messages)
            if messages and len(first_errors) < _MAX_ERRORS_KEPT:
                first_errors.extend(f"{chunk.source}: {m}" for m in messages[: _MAX_ERRORS_KEPT - len(first_errors)])
            bar.update(max(0, chunk.position - done_bytes[chunk.source]))
            done_bytes[chunk.source] = chunk.position
            bar.set_postfix(rows=counts["read"], scored=counts["written"], errors=counts["errors"], refresh=False)
        writer.close()
    return BatchSummary(
        output=target,
        output_format=out_format,
        rows_read=counts["read"],
        rows_written=counts["written"],
        error_rows=counts["errors"],
        first_errors=tuple(first_errors),
        seconds=time.perf_counter() - started,
    )


class _executor:  # noqa: N801 - used as a context manager, like contextlib's lowercase helpers
    """Where chunks are scored: this process, a process pool, or a Dask cluster.

    Entering returns ``(submit, in_flight)``: ``submit(frame, column, split, errors,
    output)`` returns a future of the scored chunk (see :func:`_score_for_output`), and
    ``in_flight`` bounds the pending chunks.
    """

    def __init__(self, model: StanceClassifier, jobs: int, scheduler: str | Any | None) -> None:
        self.model = model
        self.jobs = jobs
        self.scheduler = scheduler
        self._close: Callable[[bool], None] = lambda failed: None

    def __enter__(self) -> tuple[Callable[..., Any], int]:
        if self.scheduler is not None:
            from .dask import _cluster_submitter

            submit, workers, self._close = _cluster_submitter(self.scheduler, self.model)
            return submit, max(2, _CHUNKS_IN_FLIGHT_PER_WORKER * workers)
        if self.jobs == 1:
            model = self.model

            def score_here(
                frame: pd.DataFrame, column: str, split: str, errors: dict[int, str], output: _Output
            ) -> Future:
                return _Done(_score_for_output(frame, column, model, split, errors, output))

            return score_here, 1
        from concurrent.futures import ProcessPoolExecutor

        from .actors import _gazetteer
        from .text import _punkt

        # Where workers are forked (the default on Linux) they inherit the compiled
        # gazetteer and sentence splitter instead of building them again.
        _gazetteer()
        _punkt()
        pool = ProcessPoolExecutor(max_workers=self.jobs, initializer=_init_worker, initargs=(self.model,))
        # Start the workers now, before a progress bar starts its monitor thread.
        pool.submit(os.getpid).result()

        def close(failed: bool) -> None:
            pool.shutdown(wait=not failed, cancel_futures=failed)

        self._close = close

        def submit(*args: Any) -> Future:
            return pool.submit(_score_in_worker, *args)

        return submit, _CHUNKS_IN_FLIGHT_PER_WORKER * self.jobs

    def __exit__(self, kind: object, value: object, traceback: object) -> None:
        self._close(kind is not None)
