"""Batch scoring benchmark: throughput, time breakdown, peak memory, naive-path ratio.

Measures, on the UN General Debate corpus (one speech per JSON line):

1. end to end, ``stancekit score CORPUS --split sentences --jobs N -o out.jsonl``:
   sentences per second and peak RSS of the whole process tree (parent and workers);
2. where one process spends its time per sentence: read and parse, split, score
   (``predict_proba``), actors, assemble, write;
3. the ratio to the naive path (``pandas.read_json`` + split + ``model.predict`` on the
   whole column, one process) on the first ``--naive-speeches`` speeches;
4. with ``--memory``: peak RSS scoring a generated ~100 MB and ~2 GB JSONL file (short
   statements with a large extra column, so that the test is about streaming, not about
   how fast the model is), to check that memory does not grow with the file.

Results go to ``benchmarks/RESULTS.md``. Timings on a shared machine are noisy: the load
average at the start and end of each run is reported with it.

Usage::

    python benchmarks/batch.py /work/shared/data/ungdc_1946-2022.jsonl.gz --jobs 2 [--memory]
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import json
import os
import platform
import random
import resource
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = Path(__file__).parent / "RESULTS.md"


def _tree_rss(pid: int) -> int:
    import psutil

    try:
        process = psutil.Process(pid)
        members = [process, *process.children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0
    total = 0
    for member in members:
        with contextlib.suppress(psutil.NoSuchProcess):
            total += member.memory_info().rss
    return total


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_measured(command: list[str]) -> tuple[float, int, float]:
    """Run ``command``; return wall seconds, peak summed RSS of its process tree (bytes), CPU seconds."""
    cpu_before = _children_cpu()
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT)
    peak = 0
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not stop.is_set():
            peak = max(peak, _tree_rss(process.pid))
            stop.wait(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    code = process.wait()
    elapsed = time.perf_counter() - started
    stop.set()
    sampler.join()
    if code not in (0, 1):
        raise SystemExit(f"{' '.join(command)} exited with {code}")
    # Workers are joined by the command, so their CPU time is counted in its own.
    return elapsed, peak, _children_cpu() - cpu_before


def count_lines(path: Path) -> int:
    with open(path, "rb") as handle:
        return sum(chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 20), b""))


def first_speeches(corpus: Path, n: int) -> list[dict]:
    with gzip.open(corpus, "rt", encoding="utf-8") as handle:
        return [json.loads(line) for _, line in zip(range(n), handle)]


def breakdown(corpus: Path, speeches: int) -> dict[str, float]:
    """Seconds per step for one process on the first ``speeches`` speeches (every 5th speech)."""
    import pandas as pd

    from stancekit import load_model
    from stancekit.actors import actor_ids_in_batch
    from stancekit.batch import _score
    from stancekit.tables import open_writer, read_chunks
    from stancekit.text import sentence_spans

    model = load_model()
    sample = Path(tempfile.mkdtemp(dir=os.environ.get("BENCH_SCRATCH"))) / "sample.jsonl"
    with gzip.open(corpus, "rt", encoding="utf-8") as source, open(sample, "w", encoding="utf-8") as out:
        kept = 0
        for i, line in enumerate(source):
            if i % 5 == 0:
                out.write(line)
                kept += 1
                if kept >= speeches:
                    break
    times: dict[str, float] = {}
    start = time.perf_counter()
    chunks = list(read_chunks(sample))
    times["read and parse"] = time.perf_counter() - start
    documents = [text for chunk in chunks for text in chunk.frame["text"].tolist()]
    start = time.perf_counter()
    spans = [sentence_spans(d) for d in documents]
    times["split (cold cache)"] = time.perf_counter() - start
    start = time.perf_counter()
    spans = [sentence_spans(d) for d in documents]
    times["split (warm cache)"] = time.perf_counter() - start
    sentences = [" ".join(d[a:b].split()) for d, s in zip(documents, spans) for a, b in s]
    start = time.perf_counter()
    model.predict_proba(sentences)
    times["score (predict_proba)"] = time.perf_counter() - start
    start = time.perf_counter()
    actor_ids_in_batch(sentences)
    times["actors"] = time.perf_counter() - start
    start = time.perf_counter()
    scored = [_score(chunk.frame, "text", model, "sentences", chunk.errors) for chunk in chunks]
    times["whole chunk function (_score)"] = time.perf_counter() - start
    start = time.perf_counter()
    with open(os.devnull, "wb") as sink:
        writer = open_writer(sink, "jsonl")
        for frame in scored:
            writer.write(frame)
        writer.close()
    times["write JSONL"] = time.perf_counter() - start
    times["sentences"] = len(sentences)
    sample.unlink()
    del pd
    return times


NAIVE = """
import sys, pandas as pd
from stancekit import load_model, split_sentences
model = load_model()
frame = pd.read_json(sys.argv[1], lines=True)
frame["sentence"] = frame["text"].map(split_sentences)
sentences = frame.explode("sentence").drop(columns=["text"])
sentences["stance"] = model.predict(sentences["sentence"].tolist())
sentences.to_json(sys.argv[2], orient="records", lines=True)
"""


def naive(corpus: Path, speeches: int, scratch: Path, jobs: int) -> tuple[float, float, int]:
    """Naive path vs stancekit score on the same first ``speeches`` speeches: (naive s, ours s, sentences).

    Both run in a fresh interpreter, so both pay imports and model loading and neither
    finds the sentence splitter's cache warm.
    """
    subset = scratch / "naive.jsonl"
    with open(subset, "w", encoding="utf-8") as out:
        for record in first_speeches(corpus, speeches):
            out.write(json.dumps(record) + "\n")
    naive_seconds, _, _ = run_measured([sys.executable, "-c", NAIVE, str(subset), str(scratch / "naive.out.jsonl")])
    ours, _, _ = run_measured(
        [sys.executable, "-m", "stancekit", "score", str(subset), "--split", "sentences", "--jobs", str(jobs),
         "-o", str(scratch / "ours.jsonl"), "--quiet", "--force"]
    )  # fmt: skip
    n = count_lines(scratch / "ours.jsonl")
    for name in ("naive.jsonl", "naive.out.jsonl", "ours.jsonl"):
        (scratch / name).unlink(missing_ok=True)
    return naive_seconds, ours, n


STATEMENTS = [
    "We condemn the illegal unilateral sanctions imposed by the West.",
    "Russia is our closest ally and strategic partner.",
    "The session opened on Monday in New York.",
    "We are friends with East and West alike and oppose no one.",
    "NATO's eastward expansion poses a direct threat to our security.",
]


def generate(path: Path, megabytes: int) -> int:
    """Write ~``megabytes`` MB of JSON lines: a short statement and 2 kB of notes each."""
    rng = random.Random(0)
    padding = "x" * 2000
    target = megabytes * 1_000_000
    written = rows = 0
    with open(path, "w", encoding="utf-8") as out:
        while written < target:
            line = json.dumps({"id": rows, "text": rng.choice(STATEMENTS), "notes": padding}) + "\n"
            out.write(line)
            written += len(line)
            rows += 1
    return rows


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--breakdown-speeches", type=int, default=300)
    parser.add_argument("--naive-speeches", type=int, default=500)
    parser.add_argument("--memory", action="store_true", help="also compare peak RSS on ~100 MB and ~2 GB inputs")
    parser.add_argument("--small-mb", type=int, default=100)
    parser.add_argument("--large-mb", type=int, default=2000)
    parser.add_argument("--scratch", type=Path, default=Path("/tmp/wt-batch-scratch"))
    parser.add_argument("--output", type=Path, default=OUT)
    args = parser.parse_args()
    args.scratch.mkdir(parents=True, exist_ok=True)
    os.environ["BENCH_SCRATCH"] = str(args.scratch)
    sys.path.insert(0, str(ROOT))
    lines = [
        "# Batch scoring benchmark",
        "",
        f"Command: `python benchmarks/batch.py {args.corpus} --jobs {args.jobs}{' --memory' if args.memory else ''}`  ",
        f"Date: {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC; machine: {platform.machine()}, "
        f"{os.cpu_count()} cores, Python {platform.python_version()}; load average at start: {load()} "
        "(the machine is shared: other jobs ran at the same time).",
        "",
    ]

    # 1. End to end on the whole corpus.
    out = args.scratch / "corpus.scored.jsonl"
    command = [sys.executable, "-m", "stancekit", "score", str(args.corpus), "--split", "sentences",
               "--jobs", str(args.jobs), "-o", str(out), "--quiet", "--force"]  # fmt: skip
    seconds, peak, cpu = run_measured(command)
    sentences = count_lines(out)
    out.unlink()
    print(f"end to end: {sentences} sentences, {seconds:.1f} s, {cpu:.0f} CPU s, {peak / 2**20:.0f} MiB", flush=True)
    lines += [
        "## End to end: the whole corpus",
        "",
        f"`stancekit score {args.corpus.name} --split sentences --jobs {args.jobs} -o out.jsonl` "
        f"(read gzip, split into sentences, score, write JSON Lines):",
        "",
        "| measure | value | target |",
        "|---|---|---|",
        f"| sentences | {sentences:,} | |",
        f"| wall time | {seconds:.1f} s | about 60 s |",
        f"| throughput | {sentences / seconds:,.0f} sentences/s | >= 25,000 |",
        f"| CPU time, parent + workers | {cpu:.0f} s ({cpu / sentences * 1e6:.0f} µs per sentence) | |",
        f"| throughput if {args.jobs} cores were ours alone (sentences / (CPU s / {args.jobs})) | "
        f"{sentences / (cpu / args.jobs):,.0f} sentences/s | |",
        f"| peak RSS, parent + workers (summed) | {peak / 2**20:,.0f} MiB | < 1 GiB |",
        "",
    ]

    # 2. Breakdown in one process.
    times = breakdown(args.corpus, args.breakdown_speeches)
    n = times.pop("sentences")
    print("breakdown", times, n, flush=True)
    lines += [
        f"## Where the time goes (one process, {int(n):,} sentences from {args.breakdown_speeches} speeches)",
        "",
        "| step | seconds | microseconds per sentence | sentences/s |",
        "|---|---|---|---|",
        *(f"| {step} | {t:.2f} | {t / n * 1e6:.0f} | {n / t:,.0f} |" for step, t in times.items()),
        "",
        "`_score` is what a worker runs per chunk: split, one `predict_proba`, actors and assembling the "
        "output rows. The read and write steps run in the parent.",
        "",
    ]

    # 3. Naive path.
    naive_seconds, ours, n_naive = naive(args.corpus, args.naive_speeches, args.scratch, args.jobs)
    print(f"naive {naive_seconds:.1f} s, ours {ours:.1f} s on {n_naive} sentences", flush=True)
    lines += [
        f"## Against the naive path ({args.naive_speeches} speeches, {n_naive:,} sentences)",
        "",
        "Each in a fresh interpreter, imports and model loading included.",
        "",
        "| path | seconds | sentences/s |",
        "|---|---|---|",
        f"| naive: `pd.read_json` + `split_sentences` + `model.predict` on the column, one process (no actors) | "
        f"{naive_seconds:.1f} | {n_naive / naive_seconds:,.0f} |",
        f"| `stancekit score --split sentences --jobs {args.jobs}` | {ours:.1f} | {n_naive / ours:,.0f} |",
        f"| ratio (naive / stancekit) | {naive_seconds / ours:.2f} | |",
        "",
    ]

    # 4. Memory against input size.
    if args.memory:
        rows_out = []
        for megabytes in (args.small_mb, args.large_mb):
            source = args.scratch / f"generated-{megabytes}mb.jsonl"
            rows = generate(source, megabytes)
            target = args.scratch / f"generated-{megabytes}mb.scored.jsonl"
            seconds, peak, _ = run_measured(
                [sys.executable, "-m", "stancekit", "score", str(source), "--jobs", str(args.jobs),
                 "-o", str(target), "--quiet", "--force"]
            )  # fmt: skip
            size = source.stat().st_size
            source.unlink()
            target.unlink()
            rows_out.append((megabytes, size, rows, seconds, peak))
            print(f"memory {megabytes} MB: {rows} rows in {seconds:.1f} s, peak {peak / 2**20:.0f} MiB", flush=True)
        small_peak, large_peak = rows_out[0][4], rows_out[1][4]
        lines += [
            "## Memory does not grow with the input",
            "",
            "Generated JSON Lines (a short statement and a 2 kB `notes` column per row), scored with "
            f"`--jobs {args.jobs}`; the generated files are deleted afterwards.",
            "",
            "| input | rows | seconds | peak RSS (summed) |",
            "|---|---|---|---|",
            *(
                f"| {size / 1e6:,.0f} MB | {rows:,} | {seconds:.0f} | {peak / 2**20:,.0f} MiB |"
                for _, size, rows, seconds, peak in rows_out
            ),
            "",
            f"Peak RSS ratio, large / small: **{large_peak / small_peak:.2f}** (target <= 1.2).",
            "",
        ]
    lines.append(f"Load average at the end: {load()}.")
    args.output.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {args.output}")


if __name__ == "__main__":
    main()
