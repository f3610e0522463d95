"""Reading and checking labeled (and unlabeled) statement files.

A labeled file has one statement per row with the columns:

``text``
    The statement.
``label``
    Its stance. Spelling is normalized by :func:`stancekit.parse_label`: case, surrounding
    white space and the separator of ``multi-vector`` are ignored, so ``Aligned``,
    ``NEUTRAL``, ``multivector``, ``multi_vector``, ``Multi Vector`` are all accepted.
``group`` (optional)
    A speech, article or source id. Cross-validation keeps every group in one fold, so a
    speech is never scored by a model trained on its other sentences. Rows without a
    group each form their own group.

Any other column (``country``, ``year``...) is kept, e.g. for ``stancekit evaluate --by``.

Formats, chosen by extension (``.gz`` compressed or not): ``.csv``, ``.tsv``, ``.jsonl``
(or ``.ndjson``: one JSON object per line) and ``.parquet``. Unlabeled files for
``stancekit suggest`` may also be ``.txt``: one statement per line.

Errors give the file's own line numbers: in a CSV/TSV the header is line 1, so the first
data row is line 2 (a quoted field spanning several lines is numbered by the line it
starts on); in JSONL and TXT line 1 is the first line; in Parquet, the row number from 1.
The ``line`` and ``file`` columns of the returned frame carry them.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import re
import warnings
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from .exceptions import DataError, DataWarning, LabelError
from .labels import LABELS, parse_label

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "DUPLICATE_POLICIES",
    "find_conflicts",
    "read_labeled",
    "read_statements",
    "resolve_duplicates",
    "validate_labeled",
]

#: What to do with a statement that occurs with different labels (see :func:`resolve_duplicates`).
DUPLICATE_POLICIES: tuple[str, ...] = ("error", "keep", "drop", "first", "majority")
DuplicatePolicy = Literal["error", "keep", "drop", "first", "majority"]

_FORMATS = {".csv": "csv", ".tsv": "tsv", ".jsonl": "jsonl", ".ndjson": "jsonl", ".parquet": "parquet", ".txt": "txt"}
_SPACE = re.compile(r"\s+")
_SHOW = 8  # how many bad values or lines an error message lists before "..."


def _format_of(path: Path) -> tuple[str, bool]:
    suffixes = [s.lower() for s in path.suffixes]
    compressed = bool(suffixes) and suffixes[-1] == ".gz"
    if compressed:
        suffixes = suffixes[:-1]
    kind = _FORMATS.get(suffixes[-1]) if suffixes else None
    if kind is None:
        raise DataError(
            f"{path}: unknown file type; use .csv, .tsv, .jsonl, .parquet (or .txt for unlabeled "
            "statements), optionally .gz compressed"
        )
    return kind, compressed


def _open_text(path: Path, compressed: bool) -> io.TextIOBase:
    raw = gzip.open(path, "rb") if compressed else path.open("rb")  # noqa: SIM115 - closed with the wrapper
    # newline="" lets the csv module see line breaks inside quoted fields.
    return io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")


def _read_delimited(path: Path, compressed: bool, delimiter: str) -> pd.DataFrame:
    import pandas as pd

    records: list[dict[str, object]] = []
    with _open_text(path, compressed) as handle:
        reader = csv.reader(handle, delimiter=delimiter)
        try:
            header = next(reader)
        except StopIteration:
            raise DataError(f"{path} is empty (no header line)") from None
        header = [name.strip() for name in header]
        start = reader.line_num + 1
        for row in reader:
            if row:  # csv yields [] for a blank line
                if len(row) != len(header):
                    raise DataError(f"{path}, line {start}: {len(row)} fields, the header has {len(header)}")
                records.append({"line": start, **dict(zip(header, row))})
            start = reader.line_num + 1
    return pd.DataFrame.from_records(records, columns=["line", *header])


def _read_jsonl(path: Path, compressed: bool) -> pd.DataFrame:
    import pandas as pd

    records: list[dict[str, object]] = []
    with _open_text(path, compressed) as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise DataError(f"{path}, line {number}: not valid JSON ({exc.msg})") from None
            if not isinstance(record, dict):
                raise DataError(f"{path}, line {number}: expected a JSON object, got {type(record).__name__}")
            records.append({"line": number, **record})
    # object dtype: an id column with a missing value must not turn 7 into 7.0.
    frame = pd.DataFrame(records, dtype=object)
    if len(frame):
        frame["line"] = frame["line"].astype(int)
    return frame


def _read_table(path: str | Path) -> pd.DataFrame:
    import pandas as pd

    path = Path(path)
    if not path.is_file():
        raise DataError(f"input file not found: {path}")
    kind, compressed = _format_of(path)
    try:
        if kind in ("csv", "tsv"):
            frame = _read_delimited(path, compressed, "," if kind == "csv" else "\t")
        elif kind == "jsonl":
            frame = _read_jsonl(path, compressed)
        elif kind == "txt":
            with _open_text(path, compressed) as handle:
                lines = [(n, line.rstrip("\r\n")) for n, line in enumerate(handle, start=1)]
            frame = pd.DataFrame([(n, t) for n, t in lines if t.strip()], columns=["line", "text"])
        else:
            if compressed:
                with gzip.open(path, "rb") as handle:
                    frame = pd.read_parquet(io.BytesIO(handle.read()))
            else:
                frame = pd.read_parquet(path)
            frame.insert(0, "line", range(1, len(frame) + 1))
    except UnicodeDecodeError as exc:
        raise DataError(f"{path} is not UTF-8 text (byte {exc.start}: {exc.reason})") from None
    except ImportError as exc:
        raise DataError(f"{path}: reading Parquet needs pyarrow (pip install pyarrow): {exc}") from None
    except (OSError, ValueError, csv.Error) as exc:
        if isinstance(exc, DataError):
            raise
        raise DataError(f"cannot read {path}: {type(exc).__name__}: {exc}") from None
    frame.insert(0, "file", str(path))
    return frame


def _where(rows: pd.DataFrame) -> str:
    """``file.csv line 4, 9`` for a few rows, grouped by file."""
    parts = []
    for source, lines in rows.groupby("file", sort=False)["line"]:
        shown = ", ".join(str(int(n)) for n in lines.iloc[:_SHOW])
        more = f", ... ({len(lines)} in all)" if len(lines) > _SHOW else ""
        parts.append(f"{Path(str(source)).name} line{'s' if len(lines) > 1 else ''} {shown}{more}")
    return "; ".join(parts)


def _is_blank(value: object) -> bool:
    return not isinstance(value, str) or not any(ch.isalnum() for ch in value)


def _check_text_column(frame: pd.DataFrame, name: str, *, empty: Literal["error", "drop"]) -> pd.DataFrame:
    if "text" not in frame.columns:
        found = ", ".join(repr(c) for c in frame.columns if c not in ("file", "line")) or "none"
        raise DataError(f"{name}: no 'text' column (columns found: {found})")
    not_string = frame[~frame["text"].map(lambda v: isinstance(v, str) or v is None)]
    if len(not_string):
        raise DataError(f"{name}: 'text' must be a string, not a number or an object: {_where(not_string)}")
    blank = frame["text"].map(_is_blank)
    if blank.any():
        if empty == "error":
            raise DataError(
                f"{name}: {int(blank.sum())} empty statement(s) (no letter or digit): {_where(frame[blank])}; "
                "fill them in or remove them (stancekit train/audit --drop-empty drops them)"
            )
        warnings.warn(f"{name}: dropped {int(blank.sum())} empty statement(s): {_where(frame[blank])}", DataWarning, 3)
        frame = frame[~blank]
    return frame


def validate_labeled(
    frame: pd.DataFrame,
    *,
    name: str = "data",
    empty: Literal["error", "drop"] = "error",
    duplicates: DuplicatePolicy = "error",
) -> pd.DataFrame:
    """Check a labeled frame and return it with normalized labels.

    Parameters
    ----------
    frame : pandas.DataFrame
        Columns ``text``, ``label``, optional ``group``; ``file`` and ``line`` (file and
        line of each row) are added when missing, numbering rows from 1.
    name : str
        What to call the data in messages.
    empty : {"error", "drop"}, default="error"
        Statements with no letter or digit: an error listing their lines, or dropped
        with a :class:`~stancekit.exceptions.DataWarning`.
    duplicates : {"error", "keep", "drop", "first", "majority"}, default="error"
        Policy for a statement that occurs with different labels
        (see :func:`resolve_duplicates`).

    Returns
    -------
    pandas.DataFrame
        The rows kept, with ``label`` spelled as in :data:`stancekit.LABELS`, ``group``
        as a string or None, a fresh index, and every other column as it was.

    Raises
    ------
    LabelError
        Listing each distinct unknown label with its lines.
    DataError
        Missing columns, empty statements, conflicting duplicates (policy ``"error"``).

    Examples
    --------
    >>> import pandas as pd
    >>> frame = pd.DataFrame({"text": ["We side with X.", "Talks ended."], "label": ["ALIGNED", "Neutral"]})
    >>> validate_labeled(frame)["label"].tolist()
    ['aligned', 'neutral']
    >>> validate_labeled(pd.DataFrame({"text": ["a b", "c d"], "label": ["pro-west", "aligned"]}))
    Traceback (most recent call last):
    ...
    stancekit.exceptions.LabelError: data: unknown label 'pro-west' (data line 1); expected one of ...
    """
    import pandas as pd

    frame = frame.copy()
    if "line" not in frame.columns:
        frame.insert(0, "line", range(1, len(frame) + 1))
    if "file" not in frame.columns:
        frame.insert(0, "file", name)
    frame = _check_text_column(frame, name, empty=empty)
    if "label" not in frame.columns:
        found = ", ".join(repr(c) for c in frame.columns if c not in ("file", "line"))
        raise DataError(f"{name}: no 'label' column (columns found: {found})")
    parsed: list[str | None] = []
    bad: defaultdict[str, list[object]] = defaultdict(list)
    for index, value in zip(frame.index, frame["label"]):
        try:
            parsed.append(parse_label(value).value)
        except LabelError:
            parsed.append(None)
            bad[repr(value) if not (isinstance(value, float) and value != value) else "(missing)"].append(index)
    if bad:
        described = [f"{value} ({_where(frame.loc[rows])})" for value, rows in list(bad.items())[:_SHOW]]
        more = f", and {len(bad) - _SHOW} more" if len(bad) > _SHOW else ""
        expected = ", ".join(repr(label) for label in LABELS)
        raise LabelError(
            f"{name}: unknown label{'s' if len(bad) > 1 else ''} {', '.join(described)}{more}; expected one of "
            f"{expected} (case and the separator of multi-vector are ignored: multivector, multi_vector, "
            "Multi Vector are accepted)"
        )
    frame["label"] = parsed
    if "group" in frame.columns:
        groups = [None if _missing(g) else str(g).strip() or None for g in frame["group"]]
    else:
        groups = [None] * len(frame)
    # object dtype keeps None as None (pandas' string dtype would turn it into NaN).
    frame["group"] = pd.Series(groups, index=frame.index, dtype=object)
    frame, _ = resolve_duplicates(frame.reset_index(drop=True), duplicates, name=name)
    return pd.DataFrame(frame).reset_index(drop=True)


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and value != value)


def _key(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def find_conflicts(frame: pd.DataFrame) -> pd.DataFrame:
    """Return the rows whose statement also occurs with another label.

    Statements are compared after collapsing runs of white space and trimming; case and
    punctuation count.

    Parameters
    ----------
    frame : pandas.DataFrame
        Columns ``text`` and ``label`` (normalized).

    Returns
    -------
    pandas.DataFrame
        The conflicting rows, with a ``key`` column (the compared statement), in file order.

    Examples
    --------
    >>> import pandas as pd
    >>> frame = pd.DataFrame({"text": ["A b.", "A  b.", "C."], "label": ["aligned", "neutral", "neutral"]})
    >>> find_conflicts(frame)["label"].tolist()
    ['aligned', 'neutral']
    """
    keys = frame["text"].map(_key)
    distinct = frame.groupby(keys)["label"].transform("nunique")
    conflicts = frame[distinct > 1].copy()
    conflicts.insert(0, "key", keys[distinct > 1])
    return conflicts


def resolve_duplicates(
    frame: pd.DataFrame, policy: DuplicatePolicy = "error", *, name: str = "data"
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Apply a policy to statements that occur with different labels.

    Policies:

    ``error``
        Raise :class:`~stancekit.exceptions.DataError` listing each conflict (the default:
        a conflict is usually a labeling mistake to fix in the file).
    ``keep``
        Keep every row (``stancekit audit`` does, so the model can weigh in).
    ``drop``
        Drop every row of a conflicting statement.
    ``first``
        Keep the first row of a conflicting statement, drop the later ones.
    ``majority``
        Keep the first row with the most frequent label; a tie keeps the first row among
        the tied labels.

    Repeats with the same label are not conflicts and are kept as they are. Any policy but
    ``error`` reports what it did with a :class:`~stancekit.exceptions.DataWarning`.

    Parameters
    ----------
    frame : pandas.DataFrame
        Columns ``text``, ``label`` (normalized), ideally ``file`` and ``line``.
    policy : {"error", "keep", "drop", "first", "majority"}
    name : str
        What to call the data in messages.

    Returns
    -------
    kept : pandas.DataFrame
    conflicts : pandas.DataFrame
        The conflicting rows found (see :func:`find_conflicts`), before the policy.
    """
    if policy not in DUPLICATE_POLICIES:
        raise ValueError(f"duplicates must be one of {', '.join(DUPLICATE_POLICIES)}, got {policy!r}")
    conflicts = find_conflicts(frame)
    if conflicts.empty:
        return frame, conflicts
    if "line" not in conflicts.columns:
        conflicts["line"] = conflicts.index + 1
    if "file" not in conflicts.columns:
        conflicts["file"] = name
    described = []
    for key, rows in list(conflicts.groupby("key", sort=False))[:_SHOW]:
        labels = "/".join(dict.fromkeys(rows["label"]))
        described.append(f"{key[:60]!r}{'...' if len(key) > 60 else ''} is {labels} ({_where(rows)})")
    n_statements = conflicts["key"].nunique()
    summary = f"{name}: {n_statements} statement(s) occur with different labels: " + "; ".join(described)
    if n_statements > _SHOW:
        summary += f"; and {n_statements - _SHOW} more"
    if policy == "error":
        raise DataError(summary + "; fix the labels, or choose a policy: --duplicates keep, drop, first or majority")
    drop: list[object] = []
    for _, rows in conflicts.groupby("key", sort=False):
        if policy == "keep":
            break
        if policy == "drop":
            drop.extend(rows.index)
            continue
        if policy == "first":
            keep = rows.index[0]
        else:
            counts = Counter(rows["label"])
            top = max(counts.values())
            keep = next(i for i, label in zip(rows.index, rows["label"]) if counts[label] == top)
        drop.extend(i for i in rows.index if i != keep and frame.at[i, "label"] != frame.at[keep, "label"])
    warnings.warn(f"{summary}; policy {policy!r} dropped {len(drop)} row(s)", DataWarning, stacklevel=3)
    return frame.drop(index=drop), conflicts


def read_labeled(
    paths: str | Path | Sequence[str | Path],
    *,
    empty: Literal["error", "drop"] = "error",
    duplicates: DuplicatePolicy = "error",
) -> pd.DataFrame:
    """Read one or more labeled files into one checked frame.

    Parameters
    ----------
    paths : path or sequence of paths
        CSV, TSV, JSONL or Parquet files (optionally ``.gz``) with ``text`` and ``label``
        columns and an optional ``group``.
    empty : {"error", "drop"}, default="error"
        What to do with statements that have no letter or digit.
    duplicates : {"error", "keep", "drop", "first", "majority"}, default="error"
        What to do with a statement that occurs with different labels, within or across
        files (see :func:`resolve_duplicates`).

    Returns
    -------
    pandas.DataFrame
        ``file`` (the file read), ``line`` (line number in it), ``text``, ``label`` (normalized),
        ``group`` (str or None) and every other column of the files.

    Raises
    ------
    LabelError
        Unknown labels, each distinct value listed with its file and lines.
    DataError
        A missing or unreadable file, a missing column, empty statements, conflicting
        duplicates.
    """
    import pandas as pd

    paths = [paths] if isinstance(paths, (str, Path)) else list(paths)
    if not paths:
        raise DataError("no labeled files given")
    frames = [_read_table(path) for path in paths]
    name = ", ".join(Path(p).name for p in paths)
    frame = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
    return validate_labeled(frame, name=name, empty=empty, duplicates=duplicates)


def read_statements(path: str | Path, *, empty: Literal["error", "drop"] = "drop") -> pd.DataFrame:
    """Read unlabeled statements (for :func:`stancekit.suggest`).

    Parameters
    ----------
    path : path
        A CSV, TSV, JSONL or Parquet file with a ``text`` column (other columns kept), or
        a ``.txt`` file with one statement per line; optionally ``.gz``.
    empty : {"error", "drop"}, default="drop"
        What to do with statements that have no letter or digit.

    Returns
    -------
    pandas.DataFrame
        ``file``, ``line``, ``text`` and the file's other columns.
    """
    frame = _read_table(path)
    return _check_text_column(frame, Path(path).name, empty=empty).reset_index(drop=True)


def label_counts(labels: Iterable[str]) -> dict[str, int]:
    """Rows per label, in :data:`stancekit.LABELS` order (labels with no row included)."""
    counts = Counter(labels)
    return {label: int(counts.get(label, 0)) for label in LABELS}
