"""score_file and score_frame: formats, streaming, error rows, atomic output, processes."""

import gzip
import json
import os
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import stancekit
from stancekit import LABELS, DataError
from stancekit.batch import RowError, added_columns
from stancekit.tables import OutputExistsError, read_chunks

STATEMENTS = [
    "We condemn the illegal blockade imposed by Washington.",
    "Russia is our closest ally and strategic partner.",
    "The session opened on Monday.",
    "We are friends with East and West alike.",
]
PROBABILITY_COLUMNS = [f"p_{label.replace('-', '_')}" for label in LABELS]


def _write(path, fmt, rows, *, compress=False):
    """Write ``rows`` (dicts with id and text) to ``path`` in ``fmt``."""
    frame = pd.DataFrame(rows)
    if fmt == "csv":
        data = frame.to_csv(index=False).encode()
    elif fmt == "tsv":
        data = frame.to_csv(index=False, sep="\t").encode()
    elif fmt == "jsonl":
        data = "".join(json.dumps(r) + "\n" for r in rows).encode()
    elif fmt == "txt":
        data = "".join(r["text"] + "\n" for r in rows).encode()
    elif fmt == "parquet":
        frame.to_parquet(path if not compress else str(path) + ".raw", index=False)
        if not compress:
            return path
        data = Path(str(path) + ".raw").read_bytes()
    path.write_bytes(gzip.compress(data) if compress else data)
    return path


def _read_jsonl(path):
    opener = gzip.open if str(path).endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


def _rows():
    return [{"id": i + 10, "text": text} for i, text in enumerate(STATEMENTS)]


@pytest.mark.parametrize("compress", [False, True], ids=["plain", "gzip"])
@pytest.mark.parametrize("fmt", ["csv", "tsv", "jsonl", "parquet", "txt"])
def test_every_input_format_keeps_rows_columns_and_order(tmp_path, small_model, fmt, compress):
    source = _write(tmp_path / f"in.{fmt}{'.gz' if compress else ''}", fmt, _rows(), compress=compress)
    summary = stancekit.score_file(source, tmp_path / "out.jsonl", model=small_model)
    records = _read_jsonl(tmp_path / "out.jsonl")
    assert [r["text"] for r in records] == STATEMENTS
    if fmt != "txt":
        assert [int(r["id"]) for r in records] == [10, 11, 12, 13]
    expected = small_model.predict(STATEMENTS).tolist()
    assert [r["stance"] for r in records] == expected
    for record in records:
        assert record["error"] == ""
        assert abs(sum(record[c] for c in PROBABILITY_COLUMNS) - 1) < 1e-9
    assert records[0]["actors"] == "USA" and records[1]["actors"] == "RUS"
    assert (summary.rows_read, summary.rows_written, summary.error_rows, summary.exit_code) == (4, 4, 0, 0)


@pytest.mark.parametrize("name", ["out.csv", "out.tsv", "out.jsonl", "out.parquet", "out.csv.gz", "out.jsonl.gz"])
def test_every_output_format_holds_what_score_frame_returns(tmp_path, small_model, name):
    source = _write(tmp_path / "in.jsonl", "jsonl", _rows())
    stancekit.score_file(source, tmp_path / name, model=small_model)
    if ".parquet" in name:
        written = pd.read_parquet(tmp_path / name)
    elif ".jsonl" in name:
        written = pd.DataFrame(_read_jsonl(tmp_path / name))
    else:
        written = pd.read_csv(tmp_path / name, sep="\t" if ".tsv" in name else ",", keep_default_na=False)
    expected = stancekit.score_frame(pd.DataFrame(_rows()), model=small_model)
    assert list(written.columns) == ["id", "text", *added_columns()]
    assert written["stance"].tolist() == expected["stance"].tolist()
    np.testing.assert_allclose(written[PROBABILITY_COLUMNS].to_numpy(float), expected[PROBABILITY_COLUMNS].to_numpy())
    assert written["actors"].fillna("").tolist() == expected["actors"].tolist()


def test_output_format_from_extension_wins_and_gzip_output_is_gzip(tmp_path, small_model):
    source = _write(tmp_path / "in.csv", "csv", _rows())
    stancekit.score_file(source, tmp_path / "out.csv.gz", model=small_model)
    assert (tmp_path / "out.csv.gz").read_bytes()[:2] == b"\x1f\x8b"
    with pytest.raises(DataError, match="cannot tell the format"):
        stancekit.score_file(source, tmp_path / "out.xyz", model=small_model)


def test_malformed_csv_row_gets_an_error_and_the_job_goes_on(tmp_path, small_model):
    source = tmp_path / "in.csv"
    source.write_text(
        'id,text\n1,"We condemn NATO."\n2,"too",many,fields\n3,"bad"quote\n4,Russia is our ally.\n', encoding="utf-8"
    )
    summary = stancekit.score_file(source, tmp_path / "out.jsonl", model=small_model)
    records = _read_jsonl(tmp_path / "out.jsonl")
    assert len(records) == 4
    assert [r["id"] for r in records] == ["1", None, None, "4"]
    assert records[1]["error"].startswith("line 3: malformed record: expected 2 fields, found 4")
    assert records[2]["error"].startswith("line 4: malformed record")
    assert records[1]["stance"] == "" and records[1]["p_neutral"] is None
    assert records[0]["error"] == records[3]["error"] == ""
    assert records[0]["stance"] in LABELS
    assert summary.error_rows == 2 and summary.exit_code == 1
    assert summary.first_errors[0].startswith(f"{source}: line 3")


def test_bad_json_line_and_undecodable_bytes_get_errors_in_place(tmp_path, small_model):
    source = tmp_path / "in.jsonl"
    source.write_bytes(
        b'{"text": "We condemn NATO."}\n'
        b'{"text": "unterminated\n'
        b'{"text": "caf\xe9 au lait"}\n'
        b"[1, 2]\n"
        b'{"other": 1}\n'
        b'{"text": null}\n'
        b'{"text": "Russia is our ally."}\n'
    )
    summary = stancekit.score_file(source, tmp_path / "out.jsonl", model=small_model)
    errors = [r["error"] for r in _read_jsonl(tmp_path / "out.jsonl")]
    assert len(errors) == 7
    assert errors[0] == errors[6] == ""
    assert summary.error_rows == 5 and summary.first_errors[0].endswith(errors[1])
    in_workers = stancekit.score_file(source, tmp_path / "two.jsonl", model=small_model, jobs=2, chunk_size=3)
    assert (in_workers.error_rows, in_workers.first_errors) == (summary.error_rows, summary.first_errors)
    assert errors[1].startswith("line 2: invalid JSON")
    assert errors[2].startswith("line 3: not UTF-8 text: byte 0xe9")
    assert errors[3].startswith("line 4: a line must hold a JSON object")
    assert errors[4] == "line 5: no text: 'text' is missing"
    assert errors[5] == "line 6: no text: 'text' is missing"


def test_undecodable_lines_in_csv_and_txt(tmp_path, small_model):
    csv_source = tmp_path / "in.csv"
    csv_source.write_bytes(b"text\nWe condemn NATO.\ncaf\xe9\nRussia is our ally.\n")
    txt_source = tmp_path / "in.txt"
    txt_source.write_bytes(b"We condemn NATO.\ncaf\xe9\n\nRussia is our ally.\n")
    stancekit.score_file(csv_source, tmp_path / "csv.jsonl", model=small_model)
    stancekit.score_file(txt_source, tmp_path / "txt.jsonl", model=small_model)
    csv_errors = [r["error"] for r in _read_jsonl(tmp_path / "csv.jsonl")]
    txt_records = _read_jsonl(tmp_path / "txt.jsonl")
    assert csv_errors[0] == "" and csv_errors[1].startswith("line 3: not UTF-8") and csv_errors[2] == ""
    # In plain text a blank line is a blank statement: neutral, not an error.
    assert [r["error"][:6] for r in txt_records] == ["", "line 2", "", ""]
    assert txt_records[2]["stance"] == "neutral"


def test_strict_stops_at_the_first_bad_row_naming_file_and_line(tmp_path, small_model):
    source = tmp_path / "in.jsonl"
    source.write_text('{"text": "fine"}\n{"text": "fine"}\nnot json\n{"text": oops}\n', encoding="utf-8")
    with pytest.raises(RowError, match=r"in\.jsonl: line 3: invalid JSON"):
        stancekit.score_file(source, tmp_path / "out.jsonl", model=small_model, strict=True)
    assert not (tmp_path / "out.jsonl").exists()


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "parquet"])
def test_missing_text_column_lists_the_columns_found(tmp_path, small_model, fmt):
    source = _write(tmp_path / f"in.{fmt}", fmt, [{"id": 1, "quote": "We condemn NATO."}])
    with pytest.raises(DataError, match=r"no column 'text'; columns found: 'id', 'quote'"):
        stancekit.score_file(source, tmp_path / "out.csv", model=small_model)
    summary = stancekit.score_file(source, tmp_path / "out.csv", model=small_model, text_column="quote")
    assert summary.error_rows == 0


def test_failure_midway_leaves_no_output_and_no_temporary_file(tmp_path, small_model, monkeypatch):
    import stancekit.batch

    source = _write(tmp_path / "in.jsonl", "jsonl", _rows() * 5)
    original, calls = stancekit.batch._score, []

    def failing(*args, **kwargs):
        calls.append(1)
        if len(calls) == 3:
            raise RuntimeError("killed midway")
        return original(*args, **kwargs)

    monkeypatch.setattr(stancekit.batch, "_score", failing)
    with pytest.raises(RuntimeError, match="killed midway"):
        stancekit.score_file(source, tmp_path / "out.jsonl", model=small_model, chunk_size=2)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl"]
    # An existing output survives a failed --force run untouched.
    (tmp_path / "out.jsonl").write_text("previous results\n")
    calls.clear()
    with pytest.raises(RuntimeError):
        stancekit.score_file(source, tmp_path / "out.jsonl", model=small_model, chunk_size=2, force=True)
    assert (tmp_path / "out.jsonl").read_text() == "previous results\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl", "out.jsonl"]


def test_existing_output_is_overwritten_only_with_force(tmp_path, small_model):
    source = _write(tmp_path / "in.csv", "csv", _rows())
    out = tmp_path / "out.csv"
    out.write_text("keep me\n")
    with pytest.raises(OutputExistsError, match="--force"):
        stancekit.score_file(source, out, model=small_model)
    assert out.read_text() == "keep me\n"
    stancekit.score_file(source, out, model=small_model, force=True)
    assert out.read_text().startswith("id,text,stance,")


def test_output_may_not_be_an_input(tmp_path, small_model):
    source = _write(tmp_path / "in.csv", "csv", _rows())
    with pytest.raises(DataError, match="also an input"):
        stancekit.score_file(source, source, model=small_model, force=True)


def test_chunking_does_not_change_the_result_and_chunks_stay_bounded(tmp_path, small_model):
    source = _write(tmp_path / "in.jsonl", "jsonl", _rows() * 6)
    stancekit.score_file(source, tmp_path / "one.jsonl", model=small_model)
    stancekit.score_file(source, tmp_path / "many.jsonl", model=small_model, chunk_size=5)
    assert (tmp_path / "one.jsonl").read_bytes() == (tmp_path / "many.jsonl").read_bytes()
    sizes = [len(chunk.frame) for chunk in read_chunks(source, chunk_size=5)]
    assert sizes == [5, 5, 5, 5, 4]
    assert [c.frame.index[0] for c in read_chunks(source, chunk_size=5)] == [0, 5, 10, 15, 20]


def test_two_jobs_give_the_same_output_as_one(tmp_path, small_model, seed_article):
    rows = [{"id": i, "text": seed_article if i % 3 == 0 else STATEMENTS[i % 4]} for i in range(12)]
    source = _write(tmp_path / "in.jsonl", "jsonl", rows)
    stancekit.score_file(source, tmp_path / "one.jsonl", model=small_model, split="sentences")
    summary = stancekit.score_file(
        source, tmp_path / "two.jsonl", model=small_model, split="sentences", jobs=2, chunk_size=2
    )
    assert summary.rows_written > 12
    assert (tmp_path / "one.jsonl").read_bytes() == (tmp_path / "two.jsonl").read_bytes()


def test_several_inputs_go_to_one_output_with_their_names(tmp_path, small_model):
    first = _write(tmp_path / "a.csv", "csv", _rows()[:2])
    second = _write(tmp_path / "b.jsonl", "jsonl", _rows()[2:])
    stancekit.score_file([first, second], tmp_path / "out.jsonl", model=small_model)
    records = _read_jsonl(tmp_path / "out.jsonl")
    assert [r["input_file"] for r in records] == [str(first)] * 2 + [str(second)] * 2
    assert [r["text"] for r in records] == STATEMENTS
    # Worker processes render the JSON Lines themselves: same bytes, same summary.
    summary = stancekit.score_file([first, second], tmp_path / "two.jsonl", model=small_model, jobs=2, chunk_size=1)
    assert (tmp_path / "two.jsonl").read_bytes() == (tmp_path / "out.jsonl").read_bytes()
    assert (summary.rows_read, summary.rows_written) == (4, 4)


def test_split_sentences_of_an_article_keeps_offsets(tmp_path, small_model, seed_article):
    source = tmp_path / "article.txt"
    source.write_text(seed_article, encoding="utf-8")
    stancekit.score_file(source, tmp_path / "out.jsonl", model=small_model, split="sentences")
    records = _read_jsonl(tmp_path / "out.jsonl")
    assert len(records) == 21
    assert [r["sentence_index"] for r in records] == list(range(21))
    assert {r["row"] for r in records} == {0}
    for record in records:
        assert " ".join(seed_article[record["start"] : record["end"]].split()) == record["text"]


def test_split_keeps_the_source_row_and_other_columns(tmp_path, small_model):
    rows = [
        {"id": "a", "text": "We condemn NATO. The visit ended."},
        {"id": "b", "text": ""},
        {"id": "c", "text": "Russia is our ally."},
    ]
    source = _write(tmp_path / "in.jsonl", "jsonl", rows)
    stancekit.score_file(source, tmp_path / "out.jsonl", model=small_model, split="sentences")
    records = _read_jsonl(tmp_path / "out.jsonl")
    assert [(r["id"], r["row"], r["sentence_index"], r["text"]) for r in records] == [
        ("a", 0, 0, "We condemn NATO."),
        ("a", 0, 1, "The visit ended."),
        ("b", 1, 0, ""),
        ("c", 2, 0, "Russia is our ally."),
    ]
    assert records[2]["stance"] == "neutral"


# ---------------------------------------------------------------------- score_frame


def test_score_frame_adds_columns_and_keeps_index(small_model):
    frame = pd.DataFrame({"who": ["x", "y", "z"], "text": STATEMENTS[:3]}, index=[7, 3, 5])
    scored = stancekit.score_frame(frame, model=small_model)
    assert scored is not frame and list(frame.columns) == ["who", "text"]
    assert list(scored.columns) == ["who", "text", *added_columns()]
    assert scored.index.tolist() == [7, 3, 5]
    assert scored["stance"].tolist() == small_model.predict(STATEMENTS[:3]).tolist()
    np.testing.assert_allclose(scored[PROBABILITY_COLUMNS].sum(axis=1), 1.0)


def test_score_frame_marks_missing_and_non_string_texts(small_model):
    frame = pd.DataFrame({"text": ["We condemn NATO.", None, 5, float("nan")]})
    scored = stancekit.score_frame(frame, model=small_model)
    assert scored["error"].tolist()[0] == ""
    assert scored["error"].tolist()[1:] == [
        "no text: 'text' is missing",
        "'text' is int (5), expected a string",
        "no text: 'text' is missing",
    ]
    assert scored["stance"].tolist()[1:] == ["", "", ""]
    assert scored["p_neutral"].isna().tolist() == [False, True, True, True]


def test_score_frame_missing_column_lists_columns(small_model):
    with pytest.raises(DataError, match=r"no column 'text'; columns found: 'quote', 'id'"):
        stancekit.score_frame(pd.DataFrame({"quote": ["a"], "id": [1]}), model=small_model)
    with pytest.raises(ValueError, match="split must be one of"):
        stancekit.score_frame(pd.DataFrame({"text": ["a"]}), model=small_model, split="paragraphs")


def test_score_frame_replaces_earlier_scores(small_model):
    once = stancekit.score_frame(pd.DataFrame({"text": STATEMENTS}), model=small_model)
    twice = stancekit.score_frame(once, model=small_model)
    pd.testing.assert_frame_equal(once, twice)


def test_score_frame_uses_the_default_model_when_none_given():
    scored = stancekit.score_frame(pd.DataFrame({"text": ["We condemn the sanctions imposed by the West."]}))
    assert scored["stance"].tolist() == ["oppositional"]


def test_public_names_are_exported():
    for name in ("score_file", "score_frame", "extract_quotes"):
        assert name in stancekit.__all__ and callable(getattr(stancekit, name))
    assert os.path.basename(stancekit.score_file.__code__.co_filename) == "batch.py"


def test_split_row_is_the_index_label_of_a_frame(small_model):
    frame = pd.DataFrame({"text": ["We condemn NATO. The visit ended.", "Russia is our ally."]}, index=["a", "b"])
    scored = stancekit.score_frame(frame, model=small_model, split="sentences")
    assert scored["row"].tolist() == ["a", "a", "b"] and scored.index.tolist() == ["a", "a", "b"]
    assert scored["sentence_index"].tolist() == [0, 1, 0]


def test_split_keeps_the_text_column_in_its_place(small_model):
    # The text column becomes the sentence column: same name, same position, other columns repeated.
    frame = pd.DataFrame(
        {"id": ["a", "b"], "text": ["We condemn NATO. The visit ended.", "Russia is our ally."], "notes": [1, 2]}
    ).astype({"text": "string[pyarrow]"})
    scored = stancekit.score_frame(frame, model=small_model, split="sentences")
    assert list(scored.columns[:3]) == ["id", "text", "notes"]
    assert scored["text"].tolist() == ["We condemn NATO.", "The visit ended.", "Russia is our ally."]
    assert scored["id"].tolist() == ["a", "a", "b"] and scored["notes"].tolist() == [1, 1, 2]
    # Duplicate column names take the general path, with the same outcome.
    twice = pd.concat([frame[["id"]], frame], axis=1)
    scored_twice = stancekit.score_frame(twice, model=small_model, split="sentences")
    assert list(scored_twice.columns[:4]) == ["id", "id", "text", "notes"]
    assert scored_twice["text"].tolist() == scored["text"].tolist()


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from(" \t\n\r\x0b\x0c\x1c\x85\xa0ab.\u2028\u3000"), max_size=12))
def test_sentence_white_space_collapses_as_split_and_join_would(text):
    # Output rows hold each sentence with single spaces; the shortcut must agree.
    from stancekit.batch import _single_spaced

    assert _single_spaced(text) == " ".join(text.split())
