"""The train, evaluate, audit, suggest and info commands, end to end on small files."""

import json
import zipfile

import pytest

from stancekit import LABELS
from stancekit.cli import main


@pytest.fixture(scope="module")
def files(tmp_path_factory, labeled_small, held_out_small):
    folder = tmp_path_factory.mktemp("cli")
    train = labeled_small.rename(columns={"iso3": "country"})
    train.to_csv(folder / "train.csv", index=False)
    held_out_small.rename(columns={"iso3": "country"}).to_json(
        folder / "test.jsonl", orient="records", lines=True, force_ascii=False
    )
    held_out_small[["text"]].to_csv(folder / "unlabeled.csv", index=False)
    return folder


@pytest.fixture(scope="module")
def model_file(files):
    out = files / "model" / "mine.skops"
    code = main(["train", str(files / "train.csv"), "-o", str(out), "--cv", "2", "--bootstrap", "100",
                 "--eval", str(files / "test.jsonl")])  # fmt: skip
    assert code == 0
    return out


def test_train_writes_model_and_cards_and_prints_the_cv_report(model_file, capsys):
    assert sorted(p.name for p in model_file.parent.iterdir()) == ["mine.card.json", "mine.card.md", "mine.skops"]
    card = json.loads(model_file.with_name("mine.card.json").read_text("utf-8"))
    assert card["data"]["sources"][0]["name"] == "train.csv"
    assert len(card["data"]["sources"][0]["file sha256"]) == 64
    assert card["command"].startswith("stancekit train ") and "--cv 2" in card["command"]
    assert card["metrics"]["cross_validation"]["n"] == 160
    assert card["metrics"]["held_out"]["n"] == 150


def test_train_output(files, tmp_path, capsys):
    assert main(["train", str(files / "train.csv"), "-o", str(tmp_path / "m.skops"), "--cv", "2",
                 "--bootstrap", "50"]) == 0  # fmt: skip
    captured = capsys.readouterr()
    assert "Cross-validation (2 folds, grouped)" in captured.out and "macro-F1" in captured.out
    assert "wrote" in captured.err and "m.card.md" in captured.err


def test_info_shows_the_card_of_a_trained_model(model_file, capsys):
    assert main(["info", str(model_file)]) == 0
    out = capsys.readouterr().out
    assert "# Model card: stancekit model" in out
    assert "## Cross-validation metrics" in out and "## Held-out metrics" in out


def test_evaluate_matches_the_card_and_breaks_down_by_a_column(model_file, files, capsys, tmp_path):
    capsys.readouterr()
    args = ["evaluate", str(files / "test.jsonl"), "--model", str(model_file), "--bootstrap", "100"]
    assert main([*args, "--json", "--by", "country"]) == 0
    report = json.loads(capsys.readouterr().out)
    card = json.loads(model_file.with_name("mine.card.json").read_text("utf-8"))
    held_out = card["metrics"]["held_out"]
    assert report["macro_f1"] == held_out["macro_f1"] and report["intervals"] == held_out["intervals"]
    assert sum(r["n"] for r in report["breakdown"]["country"].values()) == 150
    assert main([*args, "--plot", str(tmp_path / "eval.png")]) == 0
    out = capsys.readouterr().out
    assert "Confusion matrix" in out and "Reliability" in out
    assert (tmp_path / "eval.png").read_bytes()[:4] == b"\x89PNG"


def test_evaluate_unknown_by_column_exits_2(files, capsys):
    assert main(["evaluate", str(files / "test.jsonl"), "--by", "continent", "--bootstrap", "0"]) == 2
    assert "--by continent: no such column" in capsys.readouterr().err


def test_audit_lists_suspects_with_file_and_line(files, capsys, tmp_path):
    assert main(["audit", str(files / "train.csv"), "--cv", "2", "--top", "5"]) == 0
    captured = capsys.readouterr()
    lines = captured.out.splitlines()
    assert 0 < len(lines) <= 5
    location, label, arrow, suggestion = lines[0].split()[:4]
    assert location.startswith("train.csv:") and label in LABELS and arrow == "->" and suggestion in LABELS
    assert "disagree with the out-of-fold model" in captured.err
    out = tmp_path / "suspects.csv"
    assert main(["audit", str(files / "train.csv"), "--cv", "2", "-o", str(out)]) == 0
    header = out.read_text("utf-8").splitlines()[0].split(",")
    assert header[:4] == ["file", "line", "text", "label"] and "suggestion" in header


def test_suggest_prints_and_writes_a_file_ready_to_label(model_file, files, capsys, tmp_path):
    assert main(["suggest", str(files / "unlabeled.csv"), "-n", "5", "--model", str(model_file)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in lines] == ["1", "2", "3", "4", "5"]
    out = tmp_path / "next.jsonl"
    assert main(["suggest", str(files / "unlabeled.csv"), "-n", "3", "--model", str(model_file), "-o", str(out)]) == 0
    records = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert len(records) == 3 and all(r["label"] == "" and r["text"] for r in records)


def test_train_unknown_labels_exit_2_listing_values_and_lines(tmp_path, capsys):
    data = tmp_path / "bad.csv"
    data.write_text("text,label\nA b.,aligned\nC d.,pro-west\nE f.,Multi_Vector\nG h.,pro-west\n", encoding="utf-8")
    assert main(["train", str(data), "-o", str(tmp_path / "m.skops")]) == 2
    err = capsys.readouterr().err
    assert "unknown label 'pro-west' (bad.csv lines 3, 5)" in err
    assert not (tmp_path / "m.skops").exists()


def test_train_too_few_rows_exit_2_naming_label_and_count(files, tmp_path, capsys):
    import pandas as pd

    rows = pd.read_csv(files / "train.csv")
    rows = rows[(rows["label"] != "aligned") | (rows.groupby("label").cumcount() < 4)]
    rows.to_csv(tmp_path / "few.csv", index=False)
    assert main(["train", str(tmp_path / "few.csv"), "-o", str(tmp_path / "m.skops"), "--cv", "5"]) == 2
    assert "label 'aligned' has 4 row(s) in 4 group(s); 5-fold" in capsys.readouterr().err


def test_train_conflicting_duplicates_error_then_policy(files, tmp_path, capsys):
    import pandas as pd

    rows = pd.read_csv(files / "train.csv")
    twin = rows.iloc[[0]].assign(label="neutral" if rows["label"][0] != "neutral" else "aligned")
    pd.concat([rows, twin]).to_csv(tmp_path / "dups.csv", index=False)
    args = ["train", str(tmp_path / "dups.csv"), "-o", str(tmp_path / "m.skops"), "--cv", "0"]
    assert main(args) == 2
    assert "occur with different labels" in capsys.readouterr().err
    assert main([*args, "--duplicates", "first"]) == 0
    assert "policy 'first' dropped 1 row(s)" in capsys.readouterr().err


def test_bad_parameter_and_no_data_exit_2(files, tmp_path, capsys):
    assert main(["train", str(files / "train.csv"), "-o", str(tmp_path / "m.skops"), "--param", "Cx=2"]) == 2
    assert "unknown StanceClassifier parameter(s) 'Cx'" in capsys.readouterr().err
    assert main(["train", "-o", str(tmp_path / "m.skops")]) == 2
    assert "--with-corpus" in capsys.readouterr().err


def test_evaluate_with_a_model_from_another_version_warns_on_stderr(model_file, files, tmp_path, capsys):
    old = tmp_path / "old.skops"
    with zipfile.ZipFile(model_file) as source, zipfile.ZipFile(old, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "stancekit-metadata.json":
                data = json.dumps({**json.loads(data), "stancekit_version": "0.0.1"}).encode()
            target.writestr(item, data)
    assert main(["evaluate", str(files / "test.jsonl"), "--model", str(old), "--bootstrap", "0"]) == 0
    err = capsys.readouterr().err
    assert "stancekit: warning:" in err and "stancekit 0.0.1" in err
