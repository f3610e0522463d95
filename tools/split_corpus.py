"""Split every speech of the UN General Debate Corpus into sentences.

Writes one Parquet table with a row per sentence: ``speech_id`` (``ISO3_session``),
``iso3``, ``year``, ``session``, ``sentence_index`` (0-based, in speech order), ``text``.
It is the frame that ``tools/sample_candidates.py`` picks statements to label from.

Usage::

    python tools/split_corpus.py ../shared/data/ungdc_1946-2022.jsonl.gz -o /tmp/sentences.parquet
"""

from __future__ import annotations

import argparse
import gzip
import json
from multiprocessing import Pool
from pathlib import Path

import pandas as pd

from stancekit.text import normalize_text, split_sentences


def _split(record: dict) -> list[tuple]:
    speech_id = f"{record['iso3']}_{record['session']}"
    return [
        (speech_id, record["iso3"], record["year"], record["session"], index, normalize_text(s))
        for index, s in enumerate(split_sentences(record["text"]))
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("-o", "--output", type=Path, required=True)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()

    with gzip.open(args.corpus, "rt", encoding="utf-8") as handle:
        records = [json.loads(line) for line in handle]
    ids = [f"{r['iso3']}_{r['session']}" for r in records]
    if len(set(ids)) != len(ids):
        raise SystemExit("speech ids ISO3_session are not unique")
    with Pool(args.jobs) as pool:
        rows = [row for chunk in pool.imap(_split, records, chunksize=50) for row in chunk]
    frame = pd.DataFrame(rows, columns=["speech_id", "iso3", "year", "session", "sentence_index", "text"])
    frame.to_parquet(args.output, index=False)
    print(f"{len(records)} speeches, {len(frame)} sentences -> {args.output}")


if __name__ == "__main__":
    main()
