"""Shared fixtures: models are fitted or loaded once per test session, then copied."""

from __future__ import annotations

import copy

import pytest

import stancekit


@pytest.fixture(scope="session")
def corpus():
    return stancekit.load_corpus()


@pytest.fixture(scope="session")
def _small_model(corpus):
    # A quick model on a slice of the training split: enough signal for contract tests.
    train = corpus.frame[corpus.frame["split"] == "train"].groupby("label").head(150)
    return stancekit.StanceClassifier(random_state=0).fit(train["text"], train["label"])


@pytest.fixture()
def small_model(_small_model):
    return copy.deepcopy(_small_model)


@pytest.fixture(scope="session")
def default_model():
    return stancekit.load_model()


@pytest.fixture(scope="session")
def seed_article():
    from pathlib import Path

    return (Path(__file__).parent.parent / "seeds" / "000_bf80072e14278dd6.txt").read_text("utf-8")


# --- retraining and evaluation (tests/test_training.py, test_audit.py, test_evaluation.py) ---


@pytest.fixture(scope="session")
def labeled_small(corpus):
    """160 labeled rows (40 per label) of the train split, with speech ids as groups."""
    frame = corpus.frame[corpus.frame["split"] == "train"].groupby("label").head(40)
    return frame.rename(columns={"speech_id": "group"})[["text", "label", "group", "iso3"]].reset_index(drop=True)


@pytest.fixture(scope="session")
def held_out_small(corpus):
    """150 rows of the dev split, for held-out scores."""
    frame = corpus.frame[corpus.frame["split"] == "dev"].head(150)
    return frame[["text", "label", "iso3"]].reset_index(drop=True)


@pytest.fixture(scope="session")
def trained(labeled_small, held_out_small):
    """One training run with cross-validation and a held-out set, shared by the tests that only read it."""
    return stancekit.train(
        labeled_small["text"],
        labeled_small["label"],
        groups=labeled_small["group"],
        cv=2,
        n_bootstrap=200,
        eval_data=(held_out_small["text"], held_out_small["label"]),
    )
