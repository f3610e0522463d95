"""Properties that hold for any input (hypothesis)."""

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stancekit import LABELS

# Random text, and statements built from the words the features look for (cues, actor
# names, negations, phrases, possessives, hyphens), which random text seldom contains.
_PIECES = [
    "Russia",
    "NATO's",
    "the West",
    "China",
    "Minsk",
    "Jordan",
    "River",
    "EU",
    "Paris",
    "Agreement",
    "act_state_russia",
    "we",
    "are",
    "not",
    "never",
    "don't",
    "against",
    "anyone",
    "all",
    "partners",
    "strategic",
    "partner",
    "ally's",
    "condemn",
    "sanctions",
    "balanced",
    "neutrality",
    "both",
    "parties",
    "multi-vector",
    "stancekitdocumentbreak",
    "said",
    "Tokayev",
    "according to",
    ",",
    ".",
    ":",
    '"',
    "'",
    "-",
    "\n",
    "  ",
    "é",
    "—",
]
structured = st.lists(st.sampled_from(_PIECES), max_size=25).map(" ".join)
statements = st.one_of(st.text(min_size=0, max_size=300), structured)
common = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@common
@given(text=statements)
def test_any_string_gets_a_valid_label(default_model, text):
    assert default_model.predict([text])[0] in LABELS


@common
@given(texts=st.lists(statements, min_size=1, max_size=8))
def test_probabilities_are_a_distribution(default_model, texts):
    proba = default_model.predict_proba(texts)
    assert proba.shape == (len(texts), 4)
    assert np.all(proba >= 0)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0, rtol=1e-9)


@common
@given(texts=st.lists(statements, min_size=1, max_size=8))
def test_batch_equals_one_by_one(default_model, texts):
    batch = default_model.predict_proba(texts)
    single = np.vstack([default_model.predict_proba([t]) for t in texts])
    # Exactly: a statement's probabilities must not depend on what it was scored with
    # (batch files are compared byte for byte across chunkings).
    np.testing.assert_array_equal(batch, single)


@common
@given(texts=st.lists(statements, min_size=1, max_size=5))
def test_predictions_are_deterministic(default_model, texts):
    np.testing.assert_array_equal(default_model.predict_proba(texts), default_model.predict_proba(texts))
