"""The shipped corpus: counts, validity, provenance, and splits by speech."""

import pytest

from stancekit import LABELS, DataError, load_corpus
from stancekit.datasets import TRAIN_ONLY_POOLS

REQUIRED = [
    "id",
    "text",
    "label",
    "target",
    "iso3",
    "year",
    "session",
    "speech_id",
    "sentence_index",
    "split",
    "sample",
    "second_label",
    "source",
]


def test_documented_size_and_label_floor(corpus):
    frame = corpus.frame
    assert len(frame) >= 4000
    counts = frame["label"].value_counts()
    assert all(counts[label] >= 600 for label in LABELS), counts.to_dict()
    assert (frame["sample"] == "random").sum() >= 800


def test_bunch_fields(corpus):
    assert corpus.target_names == list(LABELS)
    assert len(corpus.data) == len(corpus.target) == len(corpus.frame)
    assert "Datasheet" in corpus.DESCR
    assert set(REQUIRED) <= set(corpus.frame.columns)


def test_every_label_is_valid(corpus):
    assert set(corpus.frame["label"]) <= set(LABELS)
    doubles = corpus.frame[corpus.frame["second_label"] != ""]
    assert set(doubles["second_label"]) <= set(LABELS) | {"unusable"}


def test_no_speech_in_two_splits(corpus):
    splits_per_speech = corpus.frame.groupby("speech_id")["split"].nunique()
    assert (splits_per_speech == 1).all()


def test_no_duplicate_text_within_or_across_splits(corpus):
    normalized = corpus.frame["text"].str.lower().str.strip()
    assert not normalized.duplicated().any()


def test_every_row_has_provenance(corpus):
    frame = corpus.frame
    assert (frame["text"].str.len() > 0).all()
    assert frame["iso3"].str.len().between(2, 3).all()
    assert frame["year"].between(1946, 2022).all()
    assert (frame["speech_id"] == frame["iso3"] + "_" + frame["session"].astype(str)).all()
    assert frame["source"].str.contains("UN General Debate Corpus").all()
    assert frame["id"].is_unique


def test_spread_over_countries_and_decades(corpus):
    frame = corpus.frame
    assert frame["iso3"].nunique() >= 120
    assert frame["iso3"].value_counts(normalize=True).max() <= 0.05
    decades = set(frame["year"] // 10 * 10)
    assert set(range(1950, 2030, 10)) <= decades


def test_split_shares(corpus):
    # dev and test are 15% each of the randomly split rows; rows picked after they were
    # fixed (pools "uncertain", "likely_<label>", "more_<pool>") are training rows only.
    split_rows = corpus.frame[~corpus.frame["pool"].str.startswith(TRAIN_ONLY_POOLS)]
    shares = split_rows["split"].value_counts(normalize=True)
    assert shares["train"] == pytest.approx(0.70, abs=0.03)
    assert shares["dev"] == pytest.approx(0.15, abs=0.02)
    assert shares["test"] == pytest.approx(0.15, abs=0.02)


def test_rows_picked_after_the_split_are_training_rows_from_training_speeches(corpus):
    frame = corpus.frame
    picked = frame[frame["pool"].str.startswith(TRAIN_ONLY_POOLS)]
    assert set(picked["pool"].str.split("_").str[0]) == {"uncertain", "likely", "more"}
    assert set(picked["split"]) == {"train"}
    held_out_speeches = set(frame.loc[frame["split"] != "train", "speech_id"])
    assert not set(picked["speech_id"]) & held_out_speeches


@pytest.mark.parametrize("split", ["train", "dev", "test"])
def test_split_selection_and_frames(split):
    part = load_corpus(split, as_frame=True)
    assert set(part.frame["split"]) == {split}
    assert part.data.tolist() == part.frame["text"].tolist()


def test_unknown_split_is_rejected():
    with pytest.raises(DataError, match="validation"):
        load_corpus("validation")


def test_the_notebook_statements_are_not_in_the_corpus(corpus):
    # The retraining notebook scores them with the default model as unseen data.
    from pathlib import Path

    import pandas as pd

    from tools.build_corpus import _text_key

    path = Path(__file__).resolve().parent.parent / "notebooks" / "data" / "labeled_statements.csv"
    reserved = set(pd.read_csv(path)["text"].map(_text_key))
    assert len(reserved) == 54
    assert not reserved & set(corpus.frame["text"].map(_text_key))


def test_a_reread_row_takes_the_label_two_of_three_readings_give(tmp_path):
    # The corpus's dev, test and older training labels come from this rule; a row whose
    # three readings all differ needs an adjudicated line, or the build stops.
    import pandas as pd

    from tools.build_corpus import apply_rereading

    labeled = pd.DataFrame(
        {
            "id": ["a", "b", "c", "d"],
            "label": ["neutral", "aligned", "neutral", "aligned"],
            "target": ["", "RUS", "", "CHN"],
            "adjudication": ["", "", "", ""],
        }
    )
    pd.DataFrame({"id": ["a", "b", "c"], "first_slice": [1, 1, 1], "second_slice": [2, 2, 2]}).to_csv(
        tmp_path / "reread_assignment_1.csv", index=False
    )
    first = [("a", "aligned", "USA"), ("b", "aligned", "BLR"), ("c", "aligned", "EU")]
    second = [("a", "aligned", "eu"), ("b", "neutral", ""), ("c", "oppositional", "west")]
    for number, rows in ((1, first), (2, second)):
        pd.DataFrame(rows, columns=["id", "label", "target"]).assign(note="").to_csv(
            tmp_path / f"reread_slice_{number}.csv", index=False
        )
    with pytest.raises(SystemExit, match="c: three different readings"):
        apply_rereading(labeled, tmp_path)

    pd.DataFrame([("c", "multi-vector", "", "balances both")], columns=["id", "label", "target", "reason"]).to_csv(
        tmp_path / "reread_adjudication.csv", index=False
    )
    result = apply_rereading(labeled, tmp_path).set_index("id")
    assert result.loc["a", ["label", "target"]].tolist() == ["aligned", "USA"]  # the first new reading's target
    assert result.loc["b", ["label", "target"]].tolist() == ["aligned", "RUS"]  # the earlier label's target
    assert result.loc["c", ["label", "adjudication"]].tolist() == ["multi-vector", "re-read: balances both"]
    assert result.loc["a", ["label_before_reread", "reread_labels"]].tolist() == ["neutral", "aligned;aligned"]
    assert result.loc["d", ["label", "label_before_reread", "reread_labels"]].tolist() == ["aligned", "", ""]
    assert labeled["label"].tolist() == ["neutral", "aligned", "neutral", "aligned"]  # input untouched


def test_a_later_reread_pass_starts_from_the_label_the_earlier_one_settled(tmp_path):
    # Dev and test were read again after round 18: passes apply in numeric order (9 before
    # 10), each pass's three-way splits are settled by its own adjudication file, and the
    # columns keep the first label and every reading.
    import pandas as pd

    from tools.build_corpus import apply_rereading

    labeled = pd.DataFrame(
        {"id": ["a", "b"], "label": ["aligned", "neutral"], "target": ["USA", ""], "adjudication": ""}
    )
    readings = {
        9: [("a", "neutral", ""), ("b", "neutral", "")],
        10: [("a", "neutral", ""), ("b", "oppositional", "USA")],
        11: [("a", "aligned", "RUS"), ("b", "aligned", "CHN")],
        12: [("a", "aligned", "USA"), ("b", "multi-vector", "")],
    }
    for number, rows in readings.items():
        pd.DataFrame(rows, columns=["id", "label", "target"]).assign(note="").to_csv(
            tmp_path / f"reread_slice_{number}.csv", index=False
        )
    for number, (first, second) in ((9, (9, 10)), (10, (11, 12))):
        pd.DataFrame({"id": ["a", "b"], "first_slice": first, "second_slice": second}).to_csv(
            tmp_path / f"reread_assignment_{number}.csv", index=False
        )
    adjudicated = ["id", "label", "target", "reason"]
    pd.DataFrame([("b", "oppositional", "USA", "first pass")], columns=adjudicated).to_csv(
        tmp_path / "reread_adjudication.csv", index=False
    )
    pd.DataFrame([("b", "aligned", "CHN", "second pass")], columns=adjudicated).to_csv(
        tmp_path / "reread_adjudication_10.csv", index=False
    )
    result = apply_rereading(labeled, tmp_path).set_index("id")
    # a: neutral after pass 9; pass 10 reads aligned twice (in the other order it would end neutral).
    assert result.loc["a", ["label", "target"]].tolist() == ["aligned", "RUS"]
    assert result.loc["a", ["label_before_reread", "reread_labels"]].tolist() == [
        "aligned",
        "neutral;neutral;aligned;aligned",
    ]
    # b: neutral/aligned/multi-vector in pass 10, settled by that pass's file.
    assert result.loc["b", ["label", "target", "adjudication"]].tolist() == ["aligned", "CHN", "re-read: second pass"]


@pytest.mark.parametrize(
    "text, speaker, picked",
    [
        ("We condemn NATO.", "BLR", True),
        ("The Kremlin decided.", "BLR", True),
        ("Beijing is our friend.", "PAK", True),
        ("The Kremlin decided.", "RUS", False),  # the speaker's own state is no target
        ("Belarus will pursue its policy.", "BLR", False),
        ("Kenya and Ghana signed a treaty.", "NGA", False),  # states of no great power's camp
        ("Europe is our common home.", "FRA", False),  # a region, not a state or bloc
    ],
)
def test_named_actor_rows_name_a_great_power_other_than_the_speaker(text, speaker, picked):
    # Round 14 read only such sentences (tools/sample_candidates.py --named-actor).
    from tools.sample_candidates import names_other_great_power

    assert names_other_great_power(text, speaker) is picked


def test_model_says_picks_what_the_shipped_model_labels_so():
    # Round 15 read sentences the default model labels multi-vector or aligned
    # (tools/sample_candidates.py --model-says): the model picks, the readers label.
    import pandas as pd

    import stancekit
    from tools.sample_candidates import model_says

    texts = pd.Series(
        [
            "Our foreign policy is multi-vector and pragmatic: "
            "we cooperate with everyone who respects our sovereignty.",
            "The meeting was held in Geneva on Tuesday.",
        ]
    )
    expected = stancekit.load_model().predict(texts.tolist()) == "multi-vector"
    assert model_says(texts, "multi-vector").tolist() == expected.tolist() == [True, False]
