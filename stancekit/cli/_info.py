"""``stancekit info``: a model's metadata and model card."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def _command_info(args: argparse.Namespace) -> int:
    from ..persistence import default_model_path, model_info

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


def register(commands: argparse._SubParsersAction) -> None:
    """Add the ``info`` command to the ``stancekit`` parser."""
    info = commands.add_parser("info", help="print a model's metadata and model card")
    info.add_argument("model", nargs="?", help="a .skops model file (default: the shipped model)")
    info.add_argument("--json", action="store_true", help="print the raw metadata as JSON")
    info.set_defaults(handler=_command_info)
