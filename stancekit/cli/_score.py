"""``stancekit score``: label the sentences of articles and speeches."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ..exceptions import StancekitError


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
    from ..persistence import load_model
    from ..prediction import score_text

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


def register(commands: argparse._SubParsersAction) -> None:
    """Add the ``score`` command to the ``stancekit`` parser."""
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
