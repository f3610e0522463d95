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
