"""Atomic file output: a file appears complete, or not at all.

Every file stancekit writes (models, model cards, scored tables) goes through
:func:`atomic_file`: the bytes go to a hidden temporary file beside the target, which is
renamed into place only when writing finished without error. A job killed midway, or an
exception, leaves no truncated file and the previous file (if any) untouched.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

__all__ = ["atomic_file", "write_atomically"]


@contextlib.contextmanager
def atomic_file(path: str | os.PathLike[str], *, suffix: str = "") -> Iterator[IO[bytes]]:
    """Open ``path`` for writing (binary), atomically.

    Parameters
    ----------
    path : path-like
        The file to write; its folder is created if needed.
    suffix : str
        Suffix of the temporary file (e.g. ``".part"``), which is named
        ``.<name>.<random><suffix>`` in the same folder.

    Yields
    ------
    binary file object
        Write to it; when the ``with`` block ends without error the file is renamed to
        ``path``, otherwise it is deleted and the error propagates.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> with atomic_file(folder / "out.txt") as handle:
    ...     _ = handle.write(b"done")
    >>> (folder / "out.txt").read_text(), sorted(p.name for p in folder.iterdir())
    ('done', ['out.txt'])
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=suffix, dir=target.parent)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            yield handle
        # mkstemp makes the file private (0600); give it the permissions of a new file.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_atomically(path: str | os.PathLike[str], data: bytes | str) -> Path:
    """Write ``data`` (text is UTF-8 encoded) to ``path`` atomically; return the path."""
    with atomic_file(path) as handle:
        handle.write(data.encode("utf-8") if isinstance(data, str) else data)
    return Path(path)
