"""The ``stancekit`` command: a thin shell over the public API.

Results go to stdout, diagnostics to stderr. Exit codes: 0 success, 2 usage or I/O
error (a missing file, an unreadable model).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from .exceptions import StancekitError

__all__ = ["main"]


def _read_text(source: str) -> str:
    if source == "-":
        return sys.stdin.read()
    path = Path(source)
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise StancekitError(f"input file not found: {path}") from None
    except UnicodeDecodeError as exc:
        raise StancekitError(f"{path} is not UTF-8 text (byte {exc.start}: {exc.reason})") from None


def _command_score(args: argparse.Namespace) -> int:
    from .persistence import load_model
    from .prediction import score_text

    model = load_model(args.model)
    for source in args.inputs:
        frame = score_text(_read_text(source), model=model)
        frame.insert(0, "source", source)
        if args.jsonl:
            for record in frame.to_dict(orient="records"):
                sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
            continue
        for row in frame.itertuples(index=False):
            probability = getattr(row, "p_" + row.stance.replace("-", "_"))
            sys.stdout.write(f"{row.stance:<13} {probability:5.2f}  {row.text}\n")
    return 0


def _command_info(args: argparse.Namespace) -> int:
    from .persistence import default_model_path, model_info

    path = Path(args.model) if args.model else default_model_path()
    info = model_info(path)
    if args.json:
        sys.stdout.write(json.dumps(info, indent=2, ensure_ascii=False) + "\n")
        return 0
    card = info.get("card")
    sys.stdout.write(f"model: {path}\n")
    for key in ("stancekit_version", "sklearn_version", "created", "labels"):
        sys.stdout.write(f"{key}: {info.get(key)}\n")
    training = info.get("training", {})
    if training:
        sys.stdout.write(f"training statements: {training.get('n_statements')}\n")
        sys.stdout.write(f"training data sha256: {training.get('data_sha256')}\n")
    sys.stdout.write("\n" + (card or "(this model has no model card)") + "\n")
    return 0


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of the ``stancekit`` command."""
    from ._version import __version__

    parser = argparse.ArgumentParser(
        prog="stancekit",
        description="Label statements about foreign policy with a stance "
        "(multi-vector, aligned, neutral, oppositional).",
    )
    parser.add_argument("--version", action="version", version=f"stancekit {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)

    score = commands.add_parser(
        "score",
        help="split articles or speeches into sentences and label each one",
        description="Split each plain-text INPUT (an article or a speech; - for stdin) into "
        "sentences and print each with its stance and probability.",
    )
    score.add_argument("inputs", nargs="+", metavar="INPUT")
    score.add_argument("--model", help="a .skops model file (default: the shipped model)")
    score.add_argument(
        "--jsonl", action="store_true", help="one JSON object per sentence, with every probability and actor"
    )
    score.set_defaults(handler=_command_score)

    info = commands.add_parser("info", help="print a model's metadata and model card")
    info.add_argument("model", nargs="?", help="a .skops model file (default: the shipped model)")
    info.add_argument("--json", action="store_true", help="print the raw metadata as JSON")
    info.set_defaults(handler=_command_info)
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
