import json
import zipfile

import numpy as np
import pytest

import stancekit
from stancekit import LABELS, DataError, ModelVersionWarning
from stancekit.cards import card_paths
from stancekit.training import MIN_ROWS_PER_LABEL, out_of_fold_proba


def test_train_returns_a_fitted_model_and_its_cross_validation_report(trained, labeled_small):
    assert set(trained.model.classes_) == set(LABELS)
    report = trained.cv_report
    assert report.n == len(labeled_small)
    assert 0.4 < report.macro_f1 <= 1
    low, high = report.intervals["macro_f1"]
    assert low <= report.macro_f1 <= high
    assert trained.cv_proba.shape == (len(labeled_small), 4)
    np.testing.assert_allclose(trained.cv_proba.sum(axis=1), 1)


def test_same_data_and_seed_give_identical_predictions(labeled_small, trained):
    again = stancekit.train(
        labeled_small["text"], labeled_small["label"], groups=labeled_small["group"], cv=2, n_bootstrap=200
    )
    probe = labeled_small["text"].tolist()[:50] + ["We condemn the sanctions imposed by the West."]
    assert np.array_equal(again.model.predict_proba(probe), trained.model.predict_proba(probe))
    assert np.array_equal(again.cv_proba, trained.cv_proba)
    assert again.cv_report.to_dict() == trained.cv_report.to_dict()


def test_another_seed_assigns_other_folds(labeled_small, trained):
    other = stancekit.train(
        labeled_small["text"], labeled_small["label"], groups=labeled_small["group"], cv=2, n_bootstrap=0,
        random_state=1,
    )  # fmt: skip
    assert not np.array_equal(other.cv_proba, trained.cv_proba)


def test_a_group_is_never_split_across_folds(labeled_small):
    groups = labeled_small["group"].copy()
    groups[:40] = "one speech"  # 40 rows (all multi-vector) of one group
    groups[40:60] = None  # rows without a group: each its own
    _, fold = out_of_fold_proba(labeled_small["text"], labeled_small["label"], groups=groups, cv=3, min_df=1)
    assert len(set(fold[:40])) == 1
    assert len(set(fold[40:60])) > 1
    assert (fold >= 0).all()


def test_card_contents(trained, labeled_small):
    card = trained.card
    data = card["data"]
    assert data["rows"] == len(labeled_small)
    assert data["label_counts"] == {label: 40 for label in LABELS}
    assert data["sha256"] == trained.model.training_info_["data_sha256"]
    assert len(data["sha256"]) == 64
    assert data["user_groups"] == labeled_small["group"].nunique()
    assert data["corpus"] is None
    assert card["split"]["scheme"] == "StratifiedGroupKFold" and card["split"]["n_splits"] == 2
    cv = card["metrics"]["cross_validation"]
    assert cv["macro_f1"] == trained.cv_report.macro_f1
    assert set(cv["intervals"]["per_label"]) == set(LABELS)
    assert card["metrics"]["held_out"]["n"] == 150
    assert set(card["versions"]) >= {"stancekit", "scikit-learn", "python"}
    assert card["model"]["params"]["C"] == trained.model.C
    assert card["model"]["seed"] == 0
    assert "analysts" in card["intended_use"]
    assert any("Targets outside the sentence" in item for item in card["limitations"])
    json.dumps(card)  # serializable


def test_save_writes_model_and_card_side_by_side(trained, tmp_path):
    paths = trained.save(tmp_path / "mine.skops")
    assert [p.name for p in paths.values()] == ["mine.skops", "mine.card.json", "mine.card.md"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine.card.json", "mine.card.md", "mine.skops"]
    card = json.loads(paths["card_json"].read_text("utf-8"))
    info = stancekit.model_info(paths["model"])
    assert info["model_card"] == card
    assert info["card"] == paths["card_markdown"].read_text("utf-8")
    markdown = info["card"]
    for heading in ("## Intended use", "## Data", "## Split", "## Cross-validation metrics", "## Held-out metrics",
                    "## Versions", "## Limitations"):  # fmt: skip
        assert heading in markdown
    assert card["data"]["sha256"] in markdown
    assert card_paths(paths["model"]) == (paths["card_json"], paths["card_markdown"])


def test_round_trip_train_save_load_evaluate_gives_the_card_metrics(trained, held_out_small, tmp_path):
    path = trained.save(tmp_path / "m.skops")["model"]
    loaded = stancekit.load_model(path)
    report = stancekit.evaluate(loaded, held_out_small["text"], held_out_small["label"], n_bootstrap=200)
    card = json.loads(card_paths(path)[0].read_text("utf-8"))
    assert report.to_dict() == card["metrics"]["held_out"]
    assert stancekit.model_info(path)["metrics"]["held_out"] == card["metrics"]["held_out"]


def test_too_few_rows_of_a_label_to_train_names_label_and_count(labeled_small):
    keep = labeled_small.groupby("label").cumcount() < np.where(labeled_small["label"] == "aligned", 2, 40)
    rows = labeled_small[keep]
    assert MIN_ROWS_PER_LABEL > 2
    with pytest.raises(DataError, match=r"label 'aligned' has only 2 row\(s\)"):
        stancekit.train(rows["text"], rows["label"], cv=0)


def test_too_few_rows_of_a_label_to_cross_validate_names_label_and_count(labeled_small):
    keep = labeled_small.groupby("label").cumcount() < np.where(labeled_small["label"] == "oppositional", 3, 40)
    rows = labeled_small[keep]
    with pytest.raises(DataError, match=r"label 'oppositional' has 3 row\(s\) in 3 group\(s\); 5-fold"):
        stancekit.train(rows["text"], rows["label"], groups=rows["group"], cv=5)
    model = stancekit.train(rows["text"], rows["label"], groups=rows["group"], cv=3, n_bootstrap=0, min_df=1).model
    assert "oppositional" in model.classes_


def test_a_single_label_or_too_few_groups_is_an_error(labeled_small):
    with pytest.raises(DataError, match="at least two labels"):
        stancekit.train(["a b", "c d", "e f"], ["neutral"] * 3, cv=0)
    rows = labeled_small.head(80).assign(group="same")  # multi-vector and aligned, all in one group
    with pytest.raises(DataError, match="at least 2 groups, the data has 1"):
        stancekit.train(rows["text"], rows["label"], groups=rows["group"], cv=2)


def test_bad_parameters_are_rejected():
    with pytest.raises(ValueError, match="unknown StanceClassifier parameter.*'Cc'"):
        stancekit.train(["a b"] * 6, ["aligned", "neutral"] * 3, Cc=2)
    with pytest.raises(ValueError, match="cv must be 0"):
        stancekit.train(["a b"] * 6, ["aligned", "neutral"] * 3, cv=1)
    with pytest.raises(ValueError, match="weight must be a positive"):
        stancekit.train(["a b"] * 6, ["aligned", "neutral"] * 3, weight=0)
    with pytest.raises(ValueError, match="needs with_corpus"):
        stancekit.train(["a b"] * 6, ["aligned", "neutral"] * 3, weight=2)


def test_search_chooses_a_parameter_by_grouped_cv(labeled_small):
    result = stancekit.train(
        labeled_small["text"], labeled_small["label"], groups=labeled_small["group"], cv=2, n_bootstrap=0,
        search=True, param_grid={"C": [0.25, 4.0]},
    )  # fmt: skip
    search = result.search
    assert [r["params"] for r in search["results"]] == [{"C": 0.25}, {"C": 4.0}]
    best = max(search["results"], key=lambda r: r["mean_macro_f1"])["params"]["C"]
    assert result.model.C == best == search["best_params"]["C"]
    assert result.card["search"]["best_params"] == {"C": best}
    assert any("optimistic" in item for item in result.card["limitations"])


def test_with_corpus_adds_corpus_rows_to_training_but_scores_only_yours(labeled_small):
    mine = labeled_small.head(20)  # multi-vector only: too few labels alone, fine with the corpus
    one = stancekit.train(mine["text"], mine["label"], groups=mine["group"], cv=2, with_corpus="dev", n_bootstrap=0)
    corpus_dev = stancekit.load_corpus("dev")
    assert one.model.training_info_["n_statements"] == 20 + len(corpus_dev.data)
    assert one.cv_report.n == 20
    assert one.card["data"]["corpus"]["split"] == "dev"
    assert one.card["data"]["corpus"]["rows"] == len(corpus_dev.data)
    heavy = stancekit.train(
        mine["text"], mine["label"], groups=mine["group"], cv=0, with_corpus="dev", weight=20.0, n_bootstrap=0
    )
    probe = ["We maintain friendly relations with all partners, East and West."]
    assert (
        heavy.model.predict_proba(probe)[0][list(heavy.model.classes_).index("multi-vector")]
        > one.model.predict_proba(probe)[0][list(one.model.classes_).index("multi-vector")]
    )


def test_corpus_rows_that_repeat_your_statements_are_left_out():
    dev = stancekit.load_corpus("dev").frame.head(30)
    result = stancekit.train(dev["text"], dev["label"], with_corpus="dev", cv=0, n_bootstrap=0)
    assert result.model.training_info_["n_statements"] == len(stancekit.load_corpus("dev").data)
    assert result.card["data"]["corpus"]["left_out_as_duplicates_of_yours"] == 30
    assert any("30 corpus rows repeat" in item for item in result.card["limitations"])


def test_a_model_file_from_another_stancekit_version_warns(trained, tmp_path):
    path = trained.save(tmp_path / "m.skops")["model"]
    old = tmp_path / "old.skops"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(old, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "stancekit-metadata.json":
                meta = json.loads(data)
                meta["stancekit_version"] = "0.0.1"
                data = json.dumps(meta).encode()
            target.writestr(item, data)
    with pytest.warns(ModelVersionWarning, match="stancekit 0.0.1"):
        model = stancekit.load_model(old)
    assert model.predict(["We condemn NATO."]).tolist() == trained.model.predict(["We condemn NATO."]).tolist()
