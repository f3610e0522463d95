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


def test_transformers_reject_a_bare_string():
    with pytest.raises(TypeError, match="single string"):
        StatementNormalizer().transform("Russia is our ally")


def test_features_are_finite_on_odd_input():
    texts = ["", "\u202e\u0645\u0631\u062d\u0628\u0627 \U0001f600", "\x00\x01", "a" * 10_000]
    union = make_feature_union(min_df=1).fit(StatementNormalizer().transform(texts))
    assert np.isfinite(union.transform(StatementNormalizer().transform(texts)).toarray()).all()
