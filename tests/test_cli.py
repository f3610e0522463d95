import json

import pytest

from stancekit import LABELS
from stancekit.cli import main


def test_score_prints_each_sentence_with_label_and_probability(capsys, seed_article, tmp_path):
    article = tmp_path / "article.txt"
    article.write_text(seed_article, encoding="utf-8")
    assert main(["score", str(article)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 21
    for line in lines:
        label, probability, text = line.split(maxsplit=2)
        assert label in LABELS and 0.0 <= float(probability) <= 1.0 and text


def test_score_jsonl_has_offsets_and_actors(capsys, tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("We condemn the blockade imposed by Washington. The visit ended.", encoding="utf-8")
    assert main(["score", "--jsonl", str(article)]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["sentence_index"] for r in records] == [0, 1]
    assert records[0]["actors"] == "USA"
    assert records[1]["start"] > records[0]["end"] - 1
    assert abs(sum(records[0][f"p_{label.replace('-', '_')}"] for label in LABELS) - 1) < 1e-9


def test_score_reads_stdin(capsys, monkeypatch):
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO("Russia is our closest ally."))
    assert main(["score", "-"]) == 0
    assert capsys.readouterr().out.strip().endswith("Russia is our closest ally.")


def test_missing_input_is_a_clear_error_with_exit_code_2(capsys, tmp_path):
    assert main(["score", str(tmp_path / "missing.txt")]) == 2
    assert "missing.txt" in capsys.readouterr().err


def test_non_utf8_input_is_named(capsys, tmp_path):
    bad = tmp_path / "latin1.txt"
    bad.write_bytes("caf\xe9".encode("latin-1"))
    assert main(["score", str(bad)]) == 2
    assert "latin1.txt is not UTF-8" in capsys.readouterr().err


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
