"""``stancekit score``: a file of statements in, the same rows with a stance out.

A thin shell over :func:`stancekit.score_file`. Exit codes: 0 every row scored, 1 some
rows could not be scored (they are in the output with an ``error``; with ``--strict``
the job stopped at the first and wrote nothing), 2 usage or I/O error.
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from typing import Any

EPILOG = """\
formats (from the extension, .gz for gzip; --format and --output-format override):
  csv, tsv, jsonl (JSON Lines), parquet, txt (one statement a line; with --split or
  --quotes a whole article or speech). stdin is txt unless --format says otherwise.
  To stdout: a readable table on a terminal, otherwise the input's format if it is
  csv, tsv or jsonl, else csv.

added columns:
  stance, p_multi_vector, p_aligned, p_neutral, p_oppositional, actors, error (empty
  when the row was scored); with --split sentences also row, sentence_index, start,
  end; with --quotes row, quote_index, start, end, speaker.

exit codes:
  0 every row scored; 1 some rows had errors (see the error column; with --strict:
  stopped at the first, nothing written); 2 usage or I/O error.

examples:
  stancekit score seeds/000_bf80072e14278dd6.txt --split sentences
  stancekit score quotes.csv -o quotes.scored.csv
  stancekit score speeches.jsonl.gz --split sentences --jobs 2 -o sentences.parquet
  zcat quotes.jsonl.gz | stancekit score - --format jsonl > scored.jsonl
"""


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be a positive integer, got {value}")
    return number


def _jobs(value: str) -> int:
    number = int(value)
    if number < 0:
        raise argparse.ArgumentTypeError(f"must be 0 (one per core) or more, got {value}")
    return number


def _terminate(signum: int, frame: Any) -> None:
    # Turn SIGTERM into an exception so that the partial output is removed on the way out.
    raise SystemExit(128 + signum)


def _command_score(args: argparse.Namespace) -> int:
    from ..batch import RowError, score_file

    output_format = args.output_format or ("jsonl" if args.jsonl else None)
    if output_format is None and args.output == "-" and sys.stdout.isatty():
        output_format = "table"
    split = "quotes" if args.quotes else args.split
    # Signal handlers can only be set from the main thread (not when main() runs in another).
    in_main_thread = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGTERM, _terminate) if in_main_thread else None
    try:
        summary = score_file(
            args.inputs,
            args.output,
            text_column=args.text_column,
            input_format=args.format,
            output_format=output_format,
            split=split,
            model=args.model,
            jobs=args.jobs,
            chunk_size=args.chunk_size,
            strict=args.strict,
            force=args.force,
            progress=not args.quiet and sys.stderr.isatty(),
            scheduler=args.scheduler,
        )
    except RowError as exc:
        sys.stderr.write(f"stancekit: error: {exc} (--strict: stopped here, no output written)\n")
        return 1
    except KeyboardInterrupt:
        sys.stderr.write("stancekit: interrupted; no output written\n")
        return 130
    finally:
        if in_main_thread:
            signal.signal(signal.SIGTERM, previous)
    if summary.error_rows:
        first = "; ".join(summary.first_errors[:3])
        sys.stderr.write(
            f"stancekit: {summary.error_rows} of {summary.rows_written} output rows could not be scored "
            f"(see the error column); first: {first}\n"
        )
    if not args.quiet and args.output != "-":
        pieces = "" if split == "none" else f" ({summary.rows_written} {split})"
        sys.stderr.write(
            f"stancekit: scored {summary.rows_read} rows{pieces} in {summary.seconds:.1f} s -> {summary.output}\n"
        )
    return summary.exit_code


def register(commands: argparse._SubParsersAction) -> None:
    """Add the ``score`` command to the ``stancekit`` parser."""
    from ..batch import SPLITS
    from ..tables import INPUT_FORMATS, OUTPUT_FORMATS

    score = commands.add_parser(
        "score",
        help="label every row of CSV, TSV, JSON Lines, Parquet or text files",
        description="Label every statement of each INPUT (- for stdin) with its stance and write the "
        "same rows, with the stance, label probabilities, actors and an error column, to OUTPUT.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    score.add_argument("inputs", nargs="+", metavar="INPUT")
    score.add_argument("-o", "--output", default="-", help="output file (default: - for stdout)")
    score.add_argument("--format", choices=INPUT_FORMATS, help="input format (default: from the extension)")
    score.add_argument("--output-format", choices=OUTPUT_FORMATS, help="output format (default: from the extension)")
    score.add_argument("--jsonl", action="store_true", help="same as --output-format jsonl")
    score.add_argument("--text-column", default="text", help="column holding the statements (default: text)")
    score.add_argument(
        "--split",
        choices=SPLITS,
        default="none",
        help="score each row as is (none, the default), each of its sentences, or its direct quotes",
    )
    score.add_argument("--quotes", action="store_true", help="same as --split quotes: quoted speech and its speaker")
    score.add_argument("--jobs", type=_jobs, default=1, metavar="N", help="worker processes (0: one per core)")
    score.add_argument("--chunk-size", type=_positive, metavar="ROWS", help="input rows per chunk (default: 5000)")
    score.add_argument("--strict", action="store_true", help="stop at the first unreadable row (file and line)")
    score.add_argument("--force", action="store_true", help="overwrite an existing output file")
    score.add_argument("--quiet", action="store_true", help="no progress bar or summary on stderr")
    score.add_argument("--model", help="a .skops model file (default: the shipped model)")
    score.add_argument(
        "--scheduler", metavar="ADDRESS", help="score on a Dask cluster (e.g. tcp://host:8786); needs stancekit[dask]"
    )
    score.set_defaults(handler=_command_score)
