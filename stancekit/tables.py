"""Tables of statements on disk: format detection, streaming readers, atomic writers.

Readers turn a file into :class:`Chunk` objects of at most ``chunk_size`` rows, so a
file larger than memory is read piece by piece. A row that cannot be read (a malformed
CSV record, a bad JSON line, bytes that are not UTF-8, a missing or non-string text) is
not dropped: it stays in its chunk, in order, with every value missing and a message in
:attr:`Chunk.errors`. Writers append chunks to a file that is renamed into place only
when complete (:func:`atomic_output`), so an interrupted job leaves no truncated output.

Formats (:data:`INPUT_FORMATS`), taken from the file extension, each optionally gzipped
(``.gz``; gzip input is also recognized by its first bytes, so stdin may be gzipped):

======== ====================================== ================================
format   extensions                             a row is
======== ====================================== ================================
csv      ``.csv``                               a record (quoted fields may span lines)
tsv      ``.tsv``, ``.tab``                     a record
jsonl    ``.jsonl``, ``.ndjson``                a line holding a JSON object
parquet  ``.parquet``, ``.pq``                  a row
txt      ``.txt``, ``.text``                    a line (one statement a line), or the
                                                whole file as one document when
                                                sentences or quotes are extracted
======== ====================================== ================================

Blank lines are not rows in csv, tsv and jsonl (as in pandas); in txt a blank line is a
blank statement.
"""

from __future__ import annotations

import contextlib
import csv
import gzip
import io
import json
import os
import shutil
import sys
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, BinaryIO, Protocol

from ._atomic import atomic_file
from .exceptions import DataError, StancekitError

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "DEFAULT_CHUNK_BYTES",
    "DEFAULT_CHUNK_SIZE",
    "INPUT_FORMATS",
    "OUTPUT_FORMATS",
    "Chunk",
    "OutputExistsError",
    "TableWriter",
    "atomic_output",
    "detect_format",
    "open_writer",
    "read_chunks",
    "text_problem",
]

#: Formats :func:`read_chunks` reads.
INPUT_FORMATS: tuple[str, ...] = ("csv", "tsv", "jsonl", "parquet", "txt")
#: Formats :func:`open_writer` writes; ``table`` is aligned text for people.
OUTPUT_FORMATS: tuple[str, ...] = ("csv", "tsv", "jsonl", "parquet", "table")

#: Rows per chunk unless told otherwise.
DEFAULT_CHUNK_SIZE = 5000
#: A chunk also ends once it holds this many bytes of input, so chunks of whole speeches
#: stay small while chunks of short quotes stay large enough to amortize the overhead.
DEFAULT_CHUNK_BYTES = 1 << 20

_EXTENSIONS = {
    ".csv": "csv",
    ".tsv": "tsv",
    ".tab": "tsv",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".parquet": "parquet",
    ".pq": "parquet",
    ".txt": "txt",
    ".text": "txt",
}
_GZIP_MAGIC = b"\x1f\x8b"
_DELIMITERS = {"csv": ",", "tsv": "\t"}


class OutputExistsError(StancekitError, FileExistsError):
    """The output file exists and overwriting it was not allowed."""


def detect_format(path: str | os.PathLike[str], override: str | None = None, *, output: bool = False) -> str:
    """Return the table format of ``path`` from its extension, or ``override``.

    Parameters
    ----------
    path : str or path-like
        A file name; a final ``.gz`` is skipped.
    override : str, optional
        A format that wins over the extension.
    output : bool, default=False
        Whether ``path`` is an output: ``.txt`` then means the ``table`` format.

    Returns
    -------
    str
        One of :data:`INPUT_FORMATS` (or :data:`OUTPUT_FORMATS` for an output).

    Raises
    ------
    DataError
        If the format is unknown, or the extension says nothing and no override is given.

    Examples
    --------
    >>> detect_format("quotes.jsonl.gz"), detect_format("speeches.TSV")
    ('jsonl', 'tsv')
    >>> detect_format("out.txt", output=True)
    'table'
    """
    valid = OUTPUT_FORMATS if output else INPUT_FORMATS
    if override is not None:
        if override not in valid:
            raise DataError(f"unknown {'output ' if output else ''}format {override!r}; expected one of {valid}")
        return override
    suffixes = [s.lower() for s in Path(path).suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes.pop()
    fmt = _EXTENSIONS.get(suffixes[-1]) if suffixes else None
    if fmt is None:
        known = ", ".join(sorted({*_EXTENSIONS, ".gz"}))
        raise DataError(
            f"cannot tell the format of {os.fspath(path)!r} from its extension (known: {known}); "
            f"name it, e.g. --{'output-' if output else ''}format {valid[0]}"
        )
    return "table" if output and fmt == "txt" else fmt


def is_gzip_name(path: str | os.PathLike[str]) -> bool:
    """Return True if ``path`` ends in ``.gz``."""
    return os.fspath(path).lower().endswith(".gz")


@dataclass
class Chunk:
    """Consecutive rows of one input, ready to score.

    Attributes
    ----------
    source : str
        The input's name (``-`` for stdin).
    frame : pandas.DataFrame
        The input's columns, one row per input row, indexed by row number in the input
        (0-based). Unreadable rows have every value missing.
    errors : dict of int to str
        Why a row cannot be scored, by position in ``frame``; the message starts with
        the location (``line 7: ...`` or ``row 7: ...``).
    locations : list of int
        First line (row, for Parquet) of each row in the input, 1-based, for messages.
    position : int
        Bytes of the input consumed once this chunk was read (compressed bytes for a
        gzipped file), for progress.
    """

    source: str
    frame: pd.DataFrame
    errors: dict[int, str] = field(default_factory=dict)
    locations: list[int] = field(default_factory=list)
    position: int = 0


# --------------------------------------------------------------------------- reading


class _Input:
    """An input's byte stream, gunzipped if needed, and how far into it we are."""

    def __init__(self, source: str | os.PathLike[str]) -> None:
        self.name = os.fspath(source)
        if self.name == "-":
            raw: BinaryIO = sys.stdin.buffer
            self.size = None
        else:
            try:
                raw = open(self.name, "rb")  # noqa: SIM115 - closed in close()
            except FileNotFoundError:
                raise DataError(f"input file not found: {self.name}") from None
            except IsADirectoryError:
                raise DataError(f"input is a directory, not a file: {self.name}") from None
            self.size = os.fstat(raw.fileno()).st_size
        self._raw = raw
        buffered = raw if hasattr(raw, "peek") else io.BufferedReader(raw)  # type: ignore[arg-type]
        self.gzipped = buffered.peek(2)[:2] == _GZIP_MAGIC
        self.stream: BinaryIO = (
            io.BufferedReader(gzip.GzipFile(fileobj=buffered, mode="rb"), 1 << 16)  # type: ignore[arg-type]
            if self.gzipped
            else buffered
        )

    def position(self) -> int:
        try:
            return self._raw.tell() if self.name != "-" else 0
        except (OSError, ValueError):
            return 0

    def close(self) -> None:
        if self.name != "-":
            self.stream.close()
            self._raw.close()


def text_problem(value: object, column: str) -> str | None:
    """Return why ``value`` cannot be scored as a text, or None if it can.

    Examples
    --------
    >>> text_problem("Fine.", "text") is None, text_problem(None, "text"), text_problem(3, "quote")
    (True, "no text: 'text' is missing", "'quote' is int (3), expected a string")
    """
    if isinstance(value, str):
        return None
    import pandas as pd

    if value is None or (pd.api.types.is_scalar(value) and pd.isna(value)):  # None, NaN, pd.NA
        return f"no text: {column!r} is missing"
    return f"{column!r} is {type(value).__name__} ({value!r:.40}), expected a string"


def _undecodable(line: bytes, exc: UnicodeDecodeError) -> str:
    return f"not UTF-8 text: byte 0x{line[exc.start]:02x} at column {exc.start + 1} ({exc.reason})"


class _Batcher:
    """Collect rows until a chunk is full, then hand it out."""

    def __init__(self, source: _Input, chunk_size: int, chunk_bytes: int) -> None:
        self.source = source
        self.chunk_size = max(1, int(chunk_size))
        self.chunk_bytes = chunk_bytes
        self.first_row = 0
        self.reset()

    def reset(self) -> None:
        self.rows: list[Any] = []
        self.errors: dict[int, str] = {}
        self.locations: list[int] = []
        self.bytes = 0

    def add(self, row: Any, location: int, size: int, error: str | None = None) -> bool:
        """Add a row; return True when the chunk is full."""
        if error is not None:
            self.errors[len(self.rows)] = error
        self.rows.append(row)
        self.locations.append(location)
        self.bytes += size
        return len(self.rows) >= self.chunk_size or self.bytes >= self.chunk_bytes

    def take(self, frame: pd.DataFrame) -> Chunk:
        import pandas as pd

        frame.index = pd.RangeIndex(self.first_row, self.first_row + len(frame))
        chunk = Chunk(self.source.name, frame, self.errors, self.locations, self.source.position())
        self.first_row += len(frame)
        self.reset()
        return chunk


def _check_text_values(chunk: Chunk, column: str, unit: str) -> Chunk:
    """Mark rows whose text is missing or not a string as errors."""
    for position, value in enumerate(chunk.frame[column].tolist()):
        if position not in chunk.errors:
            reason = text_problem(value, column)
            if reason is not None:
                chunk.errors[position] = f"{unit} {chunk.locations[position]}: {reason}"
    return chunk


def _missing_column(source: str, column: str, found: Iterable[str]) -> DataError:
    names = ", ".join(repr(str(name)) for name in found) or "none"
    return DataError(f"{source} has no column {column!r}; columns found: {names}. Choose one with --text-column")


def _read_delimited(source: _Input, column: str, delimiter: str, chunk_size: int, chunk_bytes: int) -> Iterator[Chunk]:
    import pandas as pd

    bad_lines: dict[int, str] = {}

    def decoded_lines() -> Iterator[str]:
        # The csv module needs text; decode line by line so that one bad byte costs one
        # row, not the file, and remember where it was.
        for number, line in enumerate(source.stream, 1):
            try:
                yield line.decode("utf-8")
            except UnicodeDecodeError as exc:
                bad_lines[number] = _undecodable(line, exc)
                yield line.decode("utf-8", "replace")

    csv.field_size_limit(max(csv.field_size_limit(), 1 << 30))  # speeches exceed the 128 kB default
    reader = csv.reader(decoded_lines(), delimiter=delimiter, strict=True)
    try:
        header = next(reader)
    except StopIteration:
        raise DataError(f"{source.name} is empty: expected a header line naming the columns") from None
    except csv.Error as exc:
        raise DataError(f"{source.name}: line 1: cannot read the header: {exc}") from None
    if header:
        header[0] = header[0].removeprefix("\ufeff")
    if 1 in bad_lines:
        raise DataError(f"{source.name}: line 1 (the header): {bad_lines[1]}")
    if column not in header:
        raise _missing_column(source.name, column, header)
    duplicates = sorted({name for name in header if header.count(name) > 1})
    if duplicates:
        raise DataError(f"{source.name}: the header names these columns more than once: {duplicates}")
    width = len(header)
    empty = [None] * width
    batch = _Batcher(source, chunk_size, chunk_bytes)
    last_line = reader.line_num
    while True:
        first_line = last_line + 1
        try:
            fields = next(reader)
            error = None
        except StopIteration:
            break
        except csv.Error as exc:
            fields, error = empty, f"malformed record: {exc}"
        last_line = reader.line_num
        if not fields and error is None:
            continue  # a blank line
        lines = f"line {first_line}" if last_line == first_line else f"lines {first_line}-{last_line}"
        bad = next((bad_lines.pop(n) for n in range(first_line, last_line + 1) if n in bad_lines), None)
        if bad is not None:
            fields, error = empty, bad
        elif error is None and len(fields) != width:
            fields, error = empty, f"malformed record: expected {width} fields, found {len(fields)}"
        message = None if error is None else f"{lines}: {error}"
        size = sum(len(value) for value in fields if value) if error is None else 0
        if batch.add(fields, first_line, size, message):
            yield _check_text_values(batch.take(pd.DataFrame(batch.rows, columns=header, dtype=object)), column, "line")
    if batch.rows:
        yield _check_text_values(batch.take(pd.DataFrame(batch.rows, columns=header, dtype=object)), column, "line")


def _read_jsonl(source: _Input, column: str, chunk_size: int, chunk_bytes: int) -> Iterator[Chunk]:
    import pandas as pd

    batch = _Batcher(source, chunk_size, chunk_bytes)
    checked_column = False

    def frame_of(records: list[dict[str, Any]]) -> pd.DataFrame:
        # object dtype keeps values as read: an integer stays an integer next to a null.
        frame = pd.DataFrame(records, dtype=object)
        if len(frame.index) != len(records):  # no record had a key
            frame = pd.DataFrame(index=range(len(records)))
        if column not in frame.columns:
            frame[column] = None
        return frame

    def take() -> Chunk:
        nonlocal checked_column
        if not checked_column:
            good = [record for i, record in enumerate(batch.rows) if i not in batch.errors]
            if good and not any(column in record for record in good):
                found = dict.fromkeys(key for record in good for key in record)
                raise _missing_column(source.name, column, found)
            checked_column = bool(good)
        return _check_text_values(batch.take(frame_of(batch.rows)), column, "line")

    for number, line in enumerate(source.stream, 1):
        if not line.strip():
            continue
        record: Any = {}
        error = None
        try:
            record = json.loads(line)
        except UnicodeDecodeError as exc:
            error = _undecodable(line, exc)
        except json.JSONDecodeError as exc:
            error = f"invalid JSON: {exc.msg} (column {exc.colno})"
        if error is None and not isinstance(record, dict):
            error, record = f"a line must hold a JSON object, found {type(record).__name__}", {}
        if error is not None:
            record = {}
        if batch.add(record, number, len(line), None if error is None else f"line {number}: {error}"):
            yield take()
    if batch.rows:
        yield take()


def _read_txt(source: _Input, column: str, chunk_size: int, chunk_bytes: int) -> Iterator[Chunk]:
    import pandas as pd

    batch = _Batcher(source, chunk_size, chunk_bytes)
    for number, line in enumerate(source.stream, 1):
        line = line.rstrip(b"\r\n")
        try:
            text, error = line.decode("utf-8"), None
        except UnicodeDecodeError as exc:
            text, error = None, f"line {number}: {_undecodable(line, exc)}"
        if batch.add(text, number, len(line), error):
            yield batch.take(pd.DataFrame({column: batch.rows}, dtype=object))
    if batch.rows:
        yield batch.take(pd.DataFrame({column: batch.rows}, dtype=object))


def _read_document(source: _Input, column: str) -> Iterator[Chunk]:
    """The whole input as one row: an article or a speech to split."""
    import pandas as pd

    data = source.stream.read()
    text: str | None
    try:
        text, errors = data.decode("utf-8"), {}
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column_number = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        text = None
        errors = {0: f"line {line}: not UTF-8 text: byte 0x{data[exc.start]:02x} at column {column_number}"}
    frame = pd.DataFrame({column: [text]}, dtype=object)
    yield Chunk(source.name, frame, errors, [1], source.position())


def _read_parquet(source: _Input, column: str, chunk_size: int) -> Iterator[Chunk]:
    import pyarrow.parquet as pq

    with contextlib.ExitStack() as stack:
        if source.name == "-" or source.gzipped:
            # Parquet needs random access: spool a stream or a gzipped file to disk first.
            spool = stack.enter_context(tempfile.TemporaryFile())
            shutil.copyfileobj(source.stream, spool, 1 << 20)
            spool.seek(0)
            handle: Any = spool
        else:
            handle = source.name
        try:
            parquet = pq.ParquetFile(handle)
        except Exception as exc:  # pyarrow raises ArrowInvalid and friends
            raise DataError(f"{source.name} is not a readable Parquet file: {exc}") from exc
        if column not in parquet.schema_arrow.names:
            raise _missing_column(source.name, column, parquet.schema_arrow.names)
        batch = _Batcher(source, chunk_size, DEFAULT_CHUNK_BYTES)
        for record_batch in parquet.iter_batches(batch_size=batch.chunk_size):
            frame = record_batch.to_pandas()
            batch.locations = list(range(batch.first_row + 1, batch.first_row + len(frame) + 1))
            yield _check_text_values(batch.take(frame), column, "row")


def read_chunks(
    source: str | os.PathLike[str],
    *,
    text_column: str = "text",
    fmt: str | None = None,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    chunk_bytes: int = DEFAULT_CHUNK_BYTES,
    whole_document: bool = False,
) -> Iterator[Chunk]:
    """Read a table of statements chunk by chunk, keeping unreadable rows as errors.

    Parameters
    ----------
    source : str or path-like
        A file, or ``-`` for stdin.
    text_column : str, default="text"
        The column holding the statements (the name given to a txt file's lines).
    fmt : str, optional
        One of :data:`INPUT_FORMATS`; taken from the extension if omitted (stdin: txt).
    chunk_size : int, default=DEFAULT_CHUNK_SIZE
        Most rows per chunk.
    chunk_bytes : int, default=DEFAULT_CHUNK_BYTES
        A chunk also ends once it holds this many bytes of input.
    whole_document : bool, default=False
        Read a txt input as one document (one row) rather than one statement a line.

    Yields
    ------
    Chunk
        Consecutive rows, in input order.

    Raises
    ------
    DataError
        If the file is missing, has no ``text_column`` (the message lists the columns
        found) or cannot be read at all.
    """
    name = os.fspath(source)
    fmt = detect_format(name, fmt) if (fmt is not None or name != "-") else "txt"
    stream = _Input(name)
    try:
        if fmt in _DELIMITERS:
            yield from _read_delimited(stream, text_column, _DELIMITERS[fmt], chunk_size, chunk_bytes)
        elif fmt == "jsonl":
            yield from _read_jsonl(stream, text_column, chunk_size, chunk_bytes)
        elif fmt == "parquet":
            yield from _read_parquet(stream, text_column, chunk_size)
        elif whole_document:
            yield from _read_document(stream, text_column)
        else:
            yield from _read_txt(stream, text_column, chunk_size, chunk_bytes)
    finally:
        stream.close()


# --------------------------------------------------------------------------- writing


class TableWriter(Protocol):
    """Appends frames to an output, one chunk at a time."""

    def write(self, frame: pd.DataFrame) -> None:
        """Append the rows of ``frame``."""

    def close(self) -> None:
        """Finish the output (footers, buffers); the handle stays open."""


class _ColumnsFixedByFirstChunk:
    """Header-based formats fix their columns with the first chunk; keep later ones in line."""

    columns: list[str] | None = None

    def align(self, frame: pd.DataFrame) -> pd.DataFrame:
        if self.columns is None:
            self.columns = [str(c) for c in frame.columns]
            return frame
        if list(frame.columns) == self.columns:
            return frame
        extra = [c for c in frame.columns if c not in self.columns]
        if extra:
            # JSON Lines may grow a key late; a header cannot. Say so rather than misalign.
            sys.stderr.write(
                f"stancekit: warning: columns {extra} first appear after the header was written and are "
                "left out; write JSON Lines (-o out.jsonl) to keep them\n"
            )
        return frame.reindex(columns=self.columns)


class _DelimitedWriter(_ColumnsFixedByFirstChunk):
    def __init__(self, handle: BinaryIO, delimiter: str) -> None:
        self.handle = handle
        self.delimiter = delimiter

    def write(self, frame: pd.DataFrame) -> None:
        header = self.columns is None
        frame = self.align(frame)
        # Render to a string rather than through a text wrapper: a wrapper would close
        # the handle (stdout) when it is garbage-collected after an error.
        text = frame.to_csv(None, sep=self.delimiter, index=False, header=header, lineterminator="\n")
        self.handle.write(text.encode("utf-8", "surrogatepass"))

    def close(self) -> None:
        self.handle.flush()


def render_jsonl(frame: pd.DataFrame) -> bytes:
    """The rows of ``frame`` as JSON Lines, UTF-8 encoded, each line ending in a newline.

    JSON Lines needs no state between chunks, so a chunk can be rendered where it was
    scored (a worker process) and the writer only appends the bytes.
    """
    if not len(frame.index):
        return b""
    text = frame.to_json(orient="records", lines=True, force_ascii=False, double_precision=15)
    return (text if text.endswith("\n") else text + "\n").encode("utf-8", "surrogatepass")


class _JsonlWriter:
    def __init__(self, handle: BinaryIO) -> None:
        self.handle = handle

    def write(self, frame: pd.DataFrame) -> None:
        self.handle.write(render_jsonl(frame))

    def write_rendered(self, data: bytes) -> None:
        """Append rows already rendered by :func:`render_jsonl`."""
        self.handle.write(data)

    def close(self) -> None:
        self.handle.flush()


class _ParquetWriter(_ColumnsFixedByFirstChunk):
    def __init__(self, handle: BinaryIO) -> None:
        self.handle = handle
        self.writer: Any = None
        self.schema: Any = None

    def write(self, frame: pd.DataFrame) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        frame = self.align(frame)
        if self.writer is None:
            schema = pa.Schema.from_pandas(frame, preserve_index=False)
            # A column that is all missing in the first chunk must still hold text later.
            self.schema = pa.schema([f.with_type(pa.string()) if pa.types.is_null(f.type) else f for f in schema])
            self.writer = pq.ParquetWriter(self.handle, self.schema)
        try:
            table = pa.Table.from_pandas(frame, schema=self.schema, preserve_index=False)
        except (pa.ArrowInvalid, pa.ArrowTypeError) as exc:
            raise DataError(
                f"a column changes type between chunks, which Parquet cannot hold ({exc}); "
                "write CSV or JSON Lines instead"
            ) from exc
        self.writer.write_table(table)

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()


class _HumanTableWriter:
    """Aligned text for a terminal: stance, its probability, the statement."""

    def __init__(self, handle: BinaryIO, text_column: str) -> None:
        self.handle = handle
        self.text_column = text_column

    def write(self, frame: pd.DataFrame) -> None:
        from .labels import Label

        probabilities = {label.value: frame[label.column].tolist() for label in Label if label.column in frame}
        texts = frame[self.text_column].tolist() if self.text_column in frame.columns else [""] * len(frame)
        lines = []
        for i, (stance, error, text) in enumerate(zip(frame["stance"].tolist(), frame["error"].tolist(), texts)):
            if error:
                lines.append(f"{'(error)':<13} {'':>5}  {error}")
            else:
                probability = probabilities[stance][i] if stance in probabilities else float("nan")
                lines.append(f"{stance:<13} {probability:5.2f}  {' '.join(str(text).split())}")
        if lines:
            self.handle.write(("\n".join(lines) + "\n").encode("utf-8", "surrogatepass"))

    def close(self) -> None:
        self.handle.flush()


def open_writer(handle: BinaryIO, fmt: str, *, text_column: str = "text") -> TableWriter:
    """Return a writer appending frames in format ``fmt`` to the binary ``handle``.

    Parameters
    ----------
    handle : binary file
        Where to write; it must be seekable for Parquet.
    fmt : str
        One of :data:`OUTPUT_FORMATS`.
    text_column : str, default="text"
        The statement column, which the ``table`` format shows.

    Returns
    -------
    TableWriter
    """
    if fmt in _DELIMITERS:
        return _DelimitedWriter(handle, _DELIMITERS[fmt])
    if fmt == "jsonl":
        return _JsonlWriter(handle)
    if fmt == "parquet":
        return _ParquetWriter(handle)
    if fmt == "table":
        return _HumanTableWriter(handle, text_column)
    raise DataError(f"unknown output format {fmt!r}; expected one of {OUTPUT_FORMATS}")


@contextlib.contextmanager
def atomic_output(
    path: str | os.PathLike[str], *, force: bool = False, compress: bool | None = None, seekable: bool = False
) -> Iterator[IO[bytes]]:
    """Open an output so that it appears complete or not at all.

    The data goes to a hidden temporary file beside ``path``, renamed onto ``path``
    when the ``with`` block ends without an error; on an error (or Ctrl-C) the
    temporary file is removed and an existing ``path`` is left as it was.

    Parameters
    ----------
    path : str or path-like
        The output file, or ``-`` for stdout (written as it comes: no atomicity).
    force : bool, default=False
        Overwrite an existing ``path``.
    compress : bool, optional
        gzip the output; by default when ``path`` ends in ``.gz``.
    seekable : bool, default=False
        The writer needs a seekable handle (Parquet): stdout is then spooled.

    Yields
    ------
    binary file

    Raises
    ------
    OutputExistsError
        If ``path`` exists and ``force`` is False.
    """
    name = os.fspath(path)
    compress = is_gzip_name(name) if compress is None else compress
    if name == "-":
        stdout = sys.stdout.buffer
        if not (seekable or compress):
            yield stdout
            stdout.flush()
            return
        with tempfile.TemporaryFile() as spool:
            with _maybe_gzip(spool, compress) as handle:
                yield handle
            spool.seek(0)
            shutil.copyfileobj(spool, stdout, 1 << 20)
        stdout.flush()
        return
    target = Path(name)
    if target.is_dir():
        raise DataError(f"output is a directory: {target}")
    if target.exists() and not force:
        raise OutputExistsError(f"output file exists: {target}; use --force (force=True) to overwrite it")
    with atomic_file(target, suffix=".part") as raw, _maybe_gzip(raw, compress) as handle:
        yield handle


@contextlib.contextmanager
def _maybe_gzip(raw: IO[bytes], compress: bool) -> Iterator[IO[bytes]]:
    if not compress:
        yield raw
        return
    # Level 6, as the gzip command: level 9 (Python's default) is several times slower.
    with gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=6, mtime=0) as zipped:
        yield zipped  # type: ignore[misc]
