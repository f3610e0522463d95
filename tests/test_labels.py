import pytest

import stancekit
from stancekit import LABELS, Label, LabelError, parse_label


def test_labels_are_the_codebook_four_in_order():
    assert LABELS == ("multi-vector", "aligned", "neutral", "oppositional")
    assert [str(label) for label in Label] == list(LABELS)


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("multi-vector", Label.MULTI_VECTOR),
        ("Multivector", Label.MULTI_VECTOR),
        ("multi_vector", Label.MULTI_VECTOR),
        (" ALIGNED ", Label.ALIGNED),
        ("Neutral", Label.NEUTRAL),
        ("oppositional\n", Label.OPPOSITIONAL),
    ],
)
def test_parse_label_normalizes_case_and_separators(raw, expected):
    assert parse_label(raw) is expected


@pytest.mark.parametrize("bad", ["pro-west", "", None, 3, "multi vector x"])
def test_parse_label_rejects_unknown_values_naming_them(bad):
    with pytest.raises(LabelError) as info:
        parse_label(bad)
    assert repr(bad) in str(info.value)
    assert "multi-vector" in str(info.value)


def test_label_error_is_a_value_error():
    assert issubclass(stancekit.LabelError, ValueError)
    assert issubclass(stancekit.DataError, ValueError)
    assert issubclass(stancekit.ModelLoadError, stancekit.StancekitError)


def test_probability_column_names():
    assert [label.column for label in Label] == ["p_multi_vector", "p_aligned", "p_neutral", "p_oppositional"]
