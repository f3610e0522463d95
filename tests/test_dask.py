"""The Dask path on a local cluster of two worker processes: same results as the local path."""

import json

import pandas as pd
import pytest

import stancekit

distributed = pytest.importorskip("distributed")
dd = pytest.importorskip("dask.dataframe")

import stancekit.dask  # noqa: E402

TEXTS = [
    "We condemn the illegal blockade imposed by Washington.",
    "Russia is our closest ally and strategic partner.",
    "The session opened on Monday. We are friends with East and West alike.",
    None,
    "NATO's eastward expansion poses a direct threat to our security.",
    "China and the European Union are both our partners.",
]


@pytest.fixture(scope="module")
def client():
    # One cluster for the module: starting one costs a few seconds.
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=50
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        yield client


@pytest.fixture()
def frame():
    return pd.DataFrame({"id": range(len(TEXTS)), "text": TEXTS})


def test_dask_dataframe_scores_like_score_frame(client, frame, small_model):
    expected = stancekit.score_frame(frame, model=small_model)
    ddf = dd.from_pandas(frame, npartitions=3)
    scored = stancekit.dask.score(ddf, model=small_model)
    assert list(scored.columns) == list(expected.columns)
    result = scored.compute()
    pd.testing.assert_frame_equal(result, expected, check_dtype=False)
    assert result["error"].tolist()[3] == "no text: 'text' is missing"


def test_dask_split_sentences_matches_local(client, frame, small_model):
    expected = stancekit.score_frame(frame, model=small_model, split="sentences")
    result = stancekit.dask.score(dd.from_pandas(frame, npartitions=2), model=small_model, split="sentences").compute()
    pd.testing.assert_frame_equal(result, expected, check_dtype=False)
    assert len(result) == len(TEXTS) + 1


def test_the_model_is_broadcast_to_the_workers_once(client, frame, small_model, monkeypatch):
    scattered = []
    original = type(client).scatter

    def recording_scatter(self, data, *args, **kwargs):
        future = original(self, data, *args, **kwargs)
        scattered.append((data, kwargs, future))
        return future

    monkeypatch.setattr(type(client), "scatter", recording_scatter)
    stancekit.dask.score(dd.from_pandas(frame, npartitions=3), model=small_model).compute()
    (data, kwargs, future), *others = scattered
    assert others == [] and data is small_model and kwargs["broadcast"] is True
    # Every worker holds the one copy the partitions share.
    assert len(client.who_has(future)[future.key]) == 2


def test_missing_column_lists_columns(client, frame, small_model):
    with pytest.raises(stancekit.DataError, match="columns found: 'id', 'text'"):
        stancekit.dask.score(dd.from_pandas(frame, npartitions=2), "quote", model=small_model)


def test_score_file_on_the_cluster_matches_local(client, tmp_path, small_model):
    source = tmp_path / "in.jsonl"
    lines = [json.dumps({"id": i, "text": t}) for i, t in enumerate(TEXTS)]
    source.write_text("\n".join(lines[:2] + ["{broken"] + lines[2:]) + "\n", encoding="utf-8")
    local = stancekit.score_file(source, tmp_path / "local.jsonl", model=small_model, split="sentences")
    remote = stancekit.score_file(
        source,
        tmp_path / "remote.jsonl",
        model=small_model,
        split="sentences",
        chunk_size=2,
        scheduler=client.scheduler.address,
    )
    assert (tmp_path / "local.jsonl").read_bytes() == (tmp_path / "remote.jsonl").read_bytes()
    assert (remote.rows_written, remote.error_rows) == (local.rows_written, local.error_rows) == (len(TEXTS) + 2, 2)


def test_cli_scheduler_option(client, tmp_path, capsys):
    from stancekit.cli import main

    source = tmp_path / "in.txt"
    source.write_text("We condemn NATO.\nRussia is our ally.\n", encoding="utf-8")
    assert main(["score", str(source), "--scheduler", client.scheduler.address, "-o", str(tmp_path / "o.csv")]) == 0
    assert main(["score", str(source), "-o", str(tmp_path / "l.csv")]) == 0
    assert (tmp_path / "o.csv").read_text() == (tmp_path / "l.csv").read_text()
