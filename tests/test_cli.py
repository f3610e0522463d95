import json

import pytest

from stancekit import LABELS
from stancekit.cli import main


def _stdin(monkeypatch, data: bytes):
    import io

    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))


def test_score_article_as_a_table_of_sentences(capsys, seed_article, tmp_path):
    article = tmp_path / "article.txt"
    article.write_text(seed_article, encoding="utf-8")
    assert main(["score", str(article), "--split", "sentences", "--output-format", "table"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 21
    for line in lines:
        label, probability, text = line.split(maxsplit=2)
        assert label in LABELS and 0.0 <= float(probability) <= 1.0 and text


def test_score_to_a_pipe_writes_csv_of_the_input_rows(capsys, tmp_path):
    import csv
    import io

    source = tmp_path / "quotes.txt"
    source.write_text("We condemn the blockade imposed by Washington.\nThe visit ended.\n", encoding="utf-8")
    assert main(["score", str(source)]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [r["text"] for r in rows] == ["We condemn the blockade imposed by Washington.", "The visit ended."]
    assert rows[0]["actors"] == "USA" and rows[0]["error"] == ""
    assert abs(sum(float(rows[0][f"p_{label.replace('-', '_')}"]) for label in LABELS) - 1) < 1e-9


def test_score_jsonl_has_offsets_and_actors(capsys, tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("We condemn the blockade imposed by Washington. The visit ended.", encoding="utf-8")
    assert main(["score", "--jsonl", "--split", "sentences", str(article)]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["sentence_index"] for r in records] == [0, 1]
    assert records[0]["actors"] == "USA"
    assert records[1]["start"] > records[0]["end"] - 1


def test_score_reads_stdin_and_writes_stdout(capsys, monkeypatch):
    _stdin(monkeypatch, b"Russia is our closest ally.\n")
    assert main(["score", "-"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("text,stance,") and out[1].startswith("Russia is our closest ally.,")


def test_score_reads_gzipped_jsonl_from_stdin(capsys, monkeypatch):
    import gzip

    _stdin(monkeypatch, gzip.compress(b'{"id": 1, "text": "We condemn NATO expansion."}\n'))
    assert main(["score", "-", "--format", "jsonl"]) == 0
    (record,) = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert record["id"] == 1 and record["stance"] in LABELS and record["actors"] == "nato"


def test_quotes_on_the_seed_article(capsys, seed_article, tmp_path):
    article = tmp_path / "article.txt"
    article.write_text(seed_article, encoding="utf-8")
    out = tmp_path / "quotes.jsonl"
    assert main(["score", str(article), "--quotes", "-o", str(out), "--quiet"]) == 0
    records = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert [r["speaker"] for r in records] == ["Lukashenko", "Lukashenko"]
    assert [seed_article[r["start"] : r["end"]] for r in records] == [r["text"] for r in records]
    assert capsys.readouterr().err == ""


def test_exit_codes_0_1_2(capsys, tmp_path):
    good = tmp_path / "good.jsonl"
    good.write_text('{"text": "We condemn NATO."}\n', encoding="utf-8")
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "We condemn NATO."}\n{oops\n', encoding="utf-8")
    assert main(["score", str(good), "-o", str(tmp_path / "a.csv")]) == 0
    assert main(["score", str(bad), "-o", str(tmp_path / "b.csv")]) == 1
    assert "line 2: invalid JSON" in capsys.readouterr().err
    assert len((tmp_path / "b.csv").read_text().splitlines()) == 3  # header and both rows
    assert main(["score", str(good), "-o", str(tmp_path / "a.csv")]) == 2  # exists
    assert "--force" in capsys.readouterr().err
    assert main(["score", str(good), "-o", str(tmp_path / "a.csv"), "--force"]) == 0


def test_strict_names_file_and_line_and_writes_nothing(capsys, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text('text\nfine\n"broken"x\n', encoding="utf-8")
    assert main(["score", str(bad), "--strict", "-o", str(tmp_path / "out.csv")]) == 1
    assert f"{bad}: line 3: malformed record" in capsys.readouterr().err
    assert not (tmp_path / "out.csv").exists()


def test_missing_text_column_exits_2_and_lists_columns(capsys, tmp_path):
    source = tmp_path / "in.csv"
    source.write_text("id,quote\n1,We condemn NATO.\n", encoding="utf-8")
    assert main(["score", str(source)]) == 2
    assert "no column 'text'; columns found: 'id', 'quote'" in capsys.readouterr().err
    assert main(["score", str(source), "--text-column", "quote"]) == 0


def test_missing_input_is_a_clear_error_with_exit_code_2(capsys, tmp_path):
    assert main(["score", str(tmp_path / "missing.txt")]) == 2
    assert "missing.txt" in capsys.readouterr().err


def test_non_utf8_line_is_an_error_row(capsys, tmp_path):
    bad = tmp_path / "latin1.txt"
    bad.write_bytes("caf\xe9\nWe condemn NATO.\n".encode("latin-1"))
    assert main(["score", str(bad)]) == 1
    captured = capsys.readouterr()
    assert "line 1: not UTF-8 text: byte 0xe9" in captured.out
    assert "line 1: not UTF-8" in captured.err


def test_interrupt_leaves_no_output(capsys, tmp_path, monkeypatch):
    import stancekit.batch

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    source = tmp_path / "in.txt"
    source.write_text("We condemn NATO.\n", encoding="utf-8")
    monkeypatch.setattr(stancekit.batch, "_score", interrupted)
    assert main(["score", str(source), "-o", str(tmp_path / "out.csv")]) == 130
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.txt"]


def test_info_prints_the_model_card(capsys):
    assert main(["info"]) == 0
    out = capsys.readouterr().out
    assert "Model card" in out and "macro-F1" in out


def test_info_json(capsys):
    assert main(["info", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["labels"]


def test_bad_model_path_exits_2(capsys, tmp_path):
    assert main(["info", str(tmp_path / "nope.skops")]) == 2
    assert "nope.skops" in capsys.readouterr().err


def test_usage_error_exits_2():
    with pytest.raises(SystemExit) as info:
        main(["frobnicate"])
    assert info.value.code == 2
