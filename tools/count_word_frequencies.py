"""Count how often each word of the shipped word vectors occurs in their training sentences.

:class:`stancekit.features.WordVectorFeatures` weights each word's vector by
``a / (a + p(word))`` (smooth inverse frequency, Arora, Liang and Ma 2017), so that
frequent words ("the", "of", "international") do not dominate a statement's vector.
``p`` comes from these counts, taken over the same sentences the vectors were trained on
(the UN General Debate Corpus without the speeches of the labeled ``dev`` and ``test``
splits; see ``tools/train_word_vectors.py``). The counts are saved with the sha256 of the
vectors file they belong to, so a mismatch is caught when they are loaded.

Usage::

    python -m tools.count_word_frequencies /tmp/sentences.parquet \\
        -o stancekit/resources/word_frequencies.npz
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np

from stancekit.features import _word_vectors
from tools.train_word_vectors import training_sentences


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sentences", type=Path, help="the Parquet table of tools/split_corpus.py")
    parser.add_argument("-o", "--output", type=Path, required=True)
    args = parser.parse_args()

    start = time.perf_counter()
    index, vectors, vectors_sha256 = _word_vectors()
    counts = np.zeros(len(vectors), dtype=np.int64)
    n_sentences = n_tokens = 0
    for tokens in training_sentences(args.sentences):
        n_sentences += 1
        n_tokens += len(tokens)
        for token in tokens:
            i = index.get(token)
            if i is not None and i >= 0:  # the lookup also maps the batch break word
                counts[i] += 1
    args.output.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(
        args.output,
        counts=counts,
        total=np.int64(n_tokens),
        vectors_sha256=np.frombuffer(vectors_sha256.encode("ascii"), dtype=np.uint8),
    )
    print(
        f"{n_sentences:,} sentences, {n_tokens:,} tokens, {int(counts.sum()):,} in the vocabulary of "
        f"{len(vectors):,} -> {args.output} ({time.perf_counter() - start:.0f} s)"
    )


if __name__ == "__main__":
    main()
