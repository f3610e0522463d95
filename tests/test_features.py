import numpy as np
import pytest

from stancekit.features import (
    ActorFeatures,
    CueFeatures,
    StatementNormalizer,
    make_feature_union,
    mask_actors,
    strip_reporting_frame,
)


@pytest.mark.parametrize(
    "framed, statement",
    [
        ('"We are against no one," Tokayev said.', "We are against no one"),
        (
            "\u201cWe never set out to be friends with everyone\u201d, Lukashenko stated.",
            "We never set out to be friends with everyone",
        ),
        (
            "According to the minister, Kazakhstan will pursue a balanced policy.",
            "Kazakhstan will pursue a balanced policy",
        ),
        ("He emphasized that Minsk has never opposed anyone.", "Minsk has never opposed anyone"),
        ("NATO expansion is a threat, the minister told reporters on Tuesday.", "NATO expansion is a threat"),
        ("we cooperate with everyone,", "we cooperate with everyone"),
    ],
)
def test_reporting_frames_are_removed(framed, statement):
    from stancekit.text import normalize_text

    assert strip_reporting_frame(normalize_text(framed)) == statement


def test_a_bare_frame_is_kept():
    assert strip_reporting_frame("He said.") == "He said"


def test_masking_keeps_kind_and_camp_but_not_identity():
    assert mask_actors("Russia and Belarus") == "act_state_russia and act_state_russia"
    assert mask_actors("the EU and China") == "the act_bloc_west and act_state_china"


def test_actor_features_count_camps():
    names = list(ActorFeatures().get_feature_names_out())
    rows = (
        ActorFeatures()
        .fit_transform(StatementNormalizer().transform(["Russia and Belarus", "Russia, China and the EU", "No one."]))
        .toarray()
    )
    several = names.index("several_camps")
    assert rows[:, several].tolist() == [0.0, 1.0, 0.0]
    assert rows[2].sum() == 0


def test_negation_scope_moves_cues_to_negated():
    names = list(CueFeatures().get_feature_names_out())
    plain, negated = CueFeatures().fit_transform(["we oppose them", "we do not oppose them"]).toarray()
    assert plain[names.index("oppositional")] > 0 and plain[names.index("oppositional_negated")] == 0
    assert negated[names.index("oppositional")] == 0 and negated[names.index("oppositional_negated")] > 0


def test_feature_union_names_every_column():
    union = make_feature_union(min_df=1)
    texts = StatementNormalizer().transform(["Russia is our closest ally.", "We condemn NATO."])
    matrix = union.fit_transform(texts)
    names = union.get_feature_names_out()
    assert matrix.shape[1] == len(names)
    assert {"ngrams__closest ally", "actors__several_camps", "cues__aligned"} <= set(names)


def test_unknown_feature_group_is_rejected():
    with pytest.raises(ValueError, match="embeddings"):
        make_feature_union(("ngrams", "embeddings"))


ODD_AND_ORDINARY = [
    "We condemn NATO's expansion and the sanctions of the West.",
    "",
    "Σ ΣΑΣ İstanbul don't multi-vector act_state_west's -- 'quoted' words",
    "stancekit document break",
    "stancekitdocumentbreak",
    "Our ally StancekitDocumentBreak and NATO",
    "We are friends with everyone.\nNot against anyone.",
    "the the the closest ally closest ally",
    "a'-'b --c-- _x_ 'quoted' don't -- ' - ally's allies' 2022-23",
    "a" * 5_000,
]


def test_fast_ngram_counting_equals_scikit_learn():
    from sklearn.feature_extraction.text import TfidfVectorizer

    from stancekit.features import make_ngram_vectorizer

    long_statement = " ".join(f"word{i}" for i in range(25))
    training = [
        "our closest ally",
        "we condemn the West's sanctions",
        "don't oppose multi-vector policy",
        long_statement,
    ] * 2
    # (1, 20): n-grams of 19 and 20 words are too long for int64 keys and are looked up as strings.
    for ngram_range in [(1, 1), (1, 2), (1, 3), (2, 2), (1, 20)]:
        vectorizer = make_ngram_vectorizer(ngram_range=ngram_range, min_df=1).fit(training)
        fast = vectorizer.transform(ODD_AND_ORDINARY + training)
        reference = TfidfVectorizer.transform(vectorizer, ODD_AND_ORDINARY + training)
        assert (fast != reference).nnz == 0
        assert fast.dtype == reference.dtype


def test_a_vocabulary_holding_the_break_word_counts_as_scikit_learn_does():
    from sklearn.feature_extraction.text import TfidfVectorizer

    from stancekit.features import make_ngram_vectorizer

    training = ["our stancekitdocumentbreak ally", "stancekitdocumentbreak policy", "our ally"]
    vectorizer = make_ngram_vectorizer(min_df=1).fit(training)
    fast = vectorizer.transform(ODD_AND_ORDINARY + training)
    assert (fast != TfidfVectorizer.transform(vectorizer, ODD_AND_ORDINARY + training)).nnz == 0


def test_ngram_vectorizer_takes_the_documented_path_for_custom_settings():
    from stancekit.features import NgramVectorizer

    vectorizer = NgramVectorizer(analyzer="char_wb", ngram_range=(2, 3)).fit(["closest ally"])
    assert vectorizer.transform(["ally"]).nnz > 0


def test_batch_cue_counts_equal_one_statement_at_a_time():
    # Negations must not reach across statements of one batch.
    texts = ["we do not", "oppose them", "never", "against anyone at all"] + ODD_AND_ORDINARY
    features = CueFeatures().fit(texts)
    batch = features.transform(texts).toarray()
    one_by_one = np.vstack([features.transform([text]).toarray() for text in texts])
    assert np.array_equal(batch, one_by_one)
    assert batch[1, list(features.get_feature_names_out()).index("oppositional")] > 0


def test_word_vectors_place_related_statements_near_each_other():
    from stancekit.features import WordVectorFeatures

    features = WordVectorFeatures().fit(["x"])
    rows = features.transform(["our closest ally", "our closest partner", "", "zzzz qqqq"]).toarray()
    assert rows.shape == (4, len(features.get_feature_names_out()))
    assert np.isclose(np.linalg.norm(rows[0]), 1.0)
    assert not rows[2].any() and not rows[3].any()  # nothing known: all zeros, not NaN
    batch = features.transform(ODD_AND_ORDINARY).toarray()
    one_by_one = np.vstack([features.transform([text]).toarray() for text in ODD_AND_ORDINARY])
    assert np.allclose(batch, one_by_one)


def test_sif_vectors_discount_frequent_words_and_remove_the_shared_direction():
    from stancekit import load_corpus
    from stancekit.features import WordVectorFeatures, _sif_word_vectors, _word_vectors

    lookup, vectors, _ = _word_vectors()
    weight = np.linalg.norm(_sif_word_vectors(), axis=1) / np.linalg.norm(vectors, axis=1)
    assert weight[lookup["the"]] < 0.05 < 0.9 < weight[lookup["ally"]]

    statements = load_corpus("dev").data[:300]
    sif = WordVectorFeatures().fit(statements)
    mean = WordVectorFeatures(weighting="mean").fit(statements)

    def cosine(features, a, b):
        rows = features.transform([a, b]).toarray()
        return rows[0] @ rows[1]

    # Function words no longer set the direction of a long statement ...
    padded = "the ally of the state of the people and of the world"
    assert cosine(sif, padded, "ally") > 0.5 > 0.1 > cosine(mean, padded, "ally")
    filler = "it is the position of the government that it is in the interest of the people"
    assert cosine(sif, filler, "we condemn the aggression") < 0.1 < cosine(mean, filler, "we condemn the aggression")
    # ... and the direction all training statements share is gone.
    assert np.abs(sif.transform(statements).toarray() @ sif.common_direction_).max() < 1e-4
    assert not hasattr(mean, "common_direction_")


def test_word_vector_weighting_is_checked_and_old_models_keep_the_mean():
    from stancekit.features import WordVectorFeatures

    with pytest.raises(ValueError, match="weighting"):
        WordVectorFeatures(weighting="tfidf").fit(["our closest ally"])
    mean = WordVectorFeatures(weighting="mean").fit(["x"])
    state = dict(mean.__getstate__())  # a copy: scikit-learn returns the object's own dict
    del state["weighting"]  # as saved before the parameter existed
    old = WordVectorFeatures.__new__(WordVectorFeatures)
    old.__setstate__(state)
    assert old.weighting == "mean"
    texts = ["our closest ally", "we condemn the aggression"]
    assert np.array_equal(old.transform(texts).toarray(), mean.transform(texts).toarray())
    # Fitted on statements with no known word, there is no shared direction to remove.
    assert not WordVectorFeatures().fit(["zzzz qqqq"]).common_direction_.any()


def test_transformers_reject_a_bare_string():
    with pytest.raises(TypeError, match="single string"):
        StatementNormalizer().transform("Russia is our ally")


def test_features_are_finite_on_odd_input():
    texts = ["", "\u202e\u0645\u0631\u062d\u0628\u0627 \U0001f600", "\x00\x01", "a" * 10_000]
    union = make_feature_union(min_df=1).fit(StatementNormalizer().transform(texts))
    assert np.isfinite(union.transform(StatementNormalizer().transform(texts)).toarray()).all()


def test_a_model_fitted_with_other_word_vectors_is_refused():
    from stancekit import ModelVersionError
    from stancekit.features import WordVectorFeatures

    features = WordVectorFeatures().fit(["x"])
    features.vectors_sha256_ = "0" * 64
    with pytest.raises(ModelVersionError, match="retrain"):
        features.transform(["our closest ally"])


def test_normalized_batches_are_tokenized_once_and_read_only():
    from stancekit.features import WordVectorFeatures, make_ngram_vectorizer

    normalized = StatementNormalizer().transform(ODD_AND_ORDINARY)
    # Fitted without the statements holding the break word, which would send it to the parent's path.
    vectorizer = make_ngram_vectorizer(min_df=1).fit([t for t in normalized if "documentbreak" not in t.lower()])
    from_cache_free = vectorizer.transform(list(normalized))
    assert (vectorizer.transform(normalized) != from_cache_free).nnz == 0
    assert "tokens" in normalized.__dict__  # stored by the first feature group ...
    vectors = WordVectorFeatures().fit(normalized)
    assert np.allclose(vectors.transform(normalized).toarray(), vectors.transform(list(normalized)).toarray())
    with pytest.raises(TypeError, match="read-only"):
        normalized[0] = "changed"
    with pytest.raises(TypeError, match="read-only"):
        normalized.append("more")


def test_cues_match_possessives_contractions_and_phrases_longest_first():
    names = list(CueFeatures().get_feature_names_out())
    rows = (
        CueFeatures()
        .fit_transform(["our ally's support", "we don't oppose them", "we are not against anyone", "not against"])
        .toarray()
    )
    value = {name: rows[:, names.index(name)] for name in names}
    assert value["aligned"][0] > 0
    assert value["oppositional_negated"][1] > 0 and value["oppositional"][1] == 0
    # The phrase is one multi-vector cue; its "not" and "against" count for nothing else.
    assert value["multi_vector"][2] > 0 and value["negations"][2] == 0 and value["oppositional"][2] == 0
    assert value["negations"][3] > 0


def test_actor_features_read_placeholders_inside_compounds_and_possessives():
    from stancekit.features import ActorFeatures

    names = list(ActorFeatures().get_feature_names_out())
    texts = ["act_state_russia-led forces and act_bloc_west's enlargement", "no actor here", "foo-act_camp_china"]
    batch = ActorFeatures().fit(texts).transform(texts).toarray()
    one_by_one = np.vstack([ActorFeatures().fit(texts).transform([text]).toarray() for text in texts])
    assert np.array_equal(batch, one_by_one)
    row = dict(zip(names, batch[0]))
    assert row["several_camps"] == 1 and row["camp_russia"] == 1 and row["camp_west"] == 1
    assert batch[1].sum() == 0 and dict(zip(names, batch[2]))["camp_china"] == 1


def test_features_are_the_same_when_the_token_index_is_full(monkeypatch):
    # The shared token index stops growing at its bound; tokens it cannot number are
    # looked up directly, and every feature must come out the same.
    import stancekit
    from stancekit import features

    statements = [
        "We condemn NATO's eastward expansion and the sanctions of the West.",
        "Kazakhstan develops balanced relations with Russia, China and the European Union.",
        "The session opened on Monday; zyzzyvas are not words the model knows.",
        "",
    ] * 3
    expected = stancekit.load_model().predict_proba(statements)

    def fresh_values():
        features._word_vector_rows.cache_clear()
        features._cue_lexicon.cache_clear()

    monkeypatch.setattr(features, "_TOKEN_INDEX", features._TokenIndex(max_tokens=5))
    fresh_values()
    try:
        got = stancekit.load_model(stancekit.default_model_path()).predict_proba(statements)
        assert len(features._TOKEN_INDEX.tokens) == 5
    finally:
        monkeypatch.undo()
        fresh_values()
    np.testing.assert_array_equal(got, expected)


@pytest.mark.parametrize("weighting", ["sif", "mean"])
def test_word_contributions_add_up_to_the_statement_vector_product(weighting):
    # explain() shows the vector block by word: the words' shares must add up exactly.
    from stancekit.features import WordVectorFeatures

    statements = ["our closest ally and strategic partner", "we condemn the blockade", "the budget session"]
    features = WordVectorFeatures(weighting=weighting).fit(statements)
    weights = np.random.default_rng(0).normal(size=features.transform_dense(statements[:1]).shape[1])
    for text in [*statements, "ally , ally and ally", "qqqzzz xxyyq"]:
        shares = features.word_contributions(text, weights)
        expected = float(features.transform_dense([text])[0] @ weights)
        assert sum(value for _, value in shares) == pytest.approx(expected, abs=1e-4)
        words = [word for word, _ in shares]
        assert len(words) == len(set(words))
    assert [word for word, _ in features.word_contributions("ally , ally and ally", weights)] == ["ally", "and"]
    assert features.word_contributions("qqqzzz xxyyq", weights) == []
