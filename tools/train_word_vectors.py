"""Train the word vectors shipped in ``stancekit/resources/word_vectors.npz``.

Word2vec (CBOW) on the sentences of the UN General Debate Corpus, tokenized exactly as
the model reads statements: normalized, actor mentions masked to their kind-and-camp
placeholders, lower-cased, split with :data:`stancekit.features.TOKEN_PATTERN`. Speeches
in the labeled corpus's ``dev`` and ``test`` splits are left out, so the held-out
evaluation stays held out. Needs ``gensim`` (a build-time tool, not a dependency of the
library) and the sentence table written by ``tools/split_corpus.py``.

The vectors are saved as float16 with the vocabulary as one newline-joined UTF-8 array,
so loading them needs no pickle. gensim trains with several threads, so two runs give
close but not bit-identical vectors.

Usage::

    python tools/train_word_vectors.py /tmp/sentences.parquet -o stancekit/resources/word_vectors.npz
"""

from __future__ import annotations

import argparse
import re
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd

from stancekit.datasets import load_corpus
from stancekit.features import TOKEN_PATTERN, mask_actors
from stancekit.text import normalize_text


def training_sentences(sentences: Path) -> Iterator[list[str]]:
    """The tokens of each training sentence (3 words or more), as the model reads them.

    Speeches with rows in the labeled corpus's ``dev`` or ``test`` split are left out.
    """
    corpus = load_corpus(as_frame=True).frame
    held_out = set(corpus.loc[corpus["split"] != "train", "speech_id"])
    table = pd.read_parquet(sentences, columns=["speech_id", "text"])
    table = table[~table["speech_id"].isin(held_out)]
    tokenize = re.compile(TOKEN_PATTERN).findall
    for text in table["text"]:
        words = tokenize(mask_actors(normalize_text(text)).lower())
        if len(words) >= 3:
            yield words


def write_token_file(sentences: Path, out: Path) -> int:
    """Write one tokenized training sentence a line; return how many were written."""
    written = 0
    with out.open("w", encoding="utf-8") as handle:
        for words in training_sentences(sentences):
            handle.write(" ".join(words) + "\n")
            written += 1
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sentences", type=Path, help="the Parquet table of tools/split_corpus.py")
    parser.add_argument("-o", "--output", type=Path, required=True)
    parser.add_argument("--dimensions", type=int, default=100)
    parser.add_argument("--min-count", type=int, default=10)
    parser.add_argument("--epochs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    from gensim.models import Word2Vec
    from gensim.models.word2vec import LineSentence

    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as scratch:
        tokens = Path(scratch) / "tokens.txt"
        n = write_token_file(args.sentences, tokens)
        print(f"{n:,} training sentences ({time.perf_counter() - start:.0f} s)")
        model = Word2Vec(
            LineSentence(str(tokens)),
            vector_size=args.dimensions,
            window=5,
            min_count=args.min_count,
            sg=0,
            epochs=args.epochs,
            seed=args.seed,
            workers=2,
        )
    words = model.wv.index_to_key
    vectors = model.wv.vectors.astype(np.float16)
    vocabulary = np.frombuffer("\n".join(words).encode("utf-8"), dtype=np.uint8)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(args.output, vocabulary=vocabulary, vectors=vectors)
    print(
        f"{len(words):,} words x {vectors.shape[1]} dimensions -> {args.output} ({time.perf_counter() - start:.0f} s)"
    )


if __name__ == "__main__":
    main()
