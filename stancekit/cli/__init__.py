"""The ``stancekit`` command: a thin shell over the public API.

Each sub-command lives in its own module (``_score``, ``_info``, ...) with a
``register(commands)`` function. Results go to stdout, diagnostics to stderr. Exit codes:
0 success, 1 some rows could not be scored (``score``), 2 usage or I/O error (a missing
file, an unreadable model).
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from ..exceptions import StancekitError

__all__ = ["build_parser", "main"]

# Sub-command modules, in the order ``stancekit --help`` lists them.
_COMMAND_MODULES = ("_score", "_info", "_train", "_evaluate", "_audit", "_suggest")


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of the ``stancekit`` command."""
    from .._version import __version__

    parser = argparse.ArgumentParser(
        prog="stancekit",
        description="Label statements about foreign policy with a stance "
        "(multi-vector, aligned, neutral, oppositional).",
    )
    parser.add_argument("--version", action="version", version=f"stancekit {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    for name in _COMMAND_MODULES:
        importlib.import_module(f"{__name__}.{name}").register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``stancekit`` command with ``argv`` (``sys.argv[1:]`` if None); return the exit code."""
    args = build_parser().parse_args(argv)
    try:
        return int(args.handler(args))
    except BrokenPipeError:
        # The reader went away (``stancekit score ... | head``): stop quietly.
        sys.stderr.close()
        return 0
    except (StancekitError, OSError) as exc:
        sys.stderr.write(f"stancekit: error: {exc}\n")
        return 2


if __name__ == "__main__":
    sys.exit(main())
