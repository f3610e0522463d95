"""Quote extraction: quoted speech, its speaker, its offsets."""

import pytest

from stancekit import extract_quotes


def test_seed_article_has_two_quotes_by_lukashenko(seed_article):
    quotes = extract_quotes(seed_article)
    assert [q.speaker for q in quotes] == ["Lukashenko", "Lukashenko"]
    assert quotes[0].text == "We never set out to be friends with everyone or to act against anyone"
    assert quotes[1].text.startswith("Our actions are guided by what is best for our citizens")
    assert quotes[1].text.endswith("as long as I lead the country.")
    for quote in quotes:
        assert seed_article[quote.start : quote.end] == quote.text
        assert seed_article[quote.start - 1] == "“" and seed_article[quote.end] == "”"
    assert quotes[0].start < quotes[1].start


@pytest.mark.parametrize(
    ("text", "quote", "speaker"),
    [
        (
            '"We are against no one," said Foreign Minister Sergei Aleinik.',
            "We are against no one,",
            "Foreign Minister Sergei Aleinik",
        ),
        (
            "Lavrov said: «We will respond to any expansion of NATO.»",
            "We will respond to any expansion of NATO.",
            "Lavrov",
        ),
        (
            "„Wir sind neutral und offen für alle“, the minister told reporters.",
            "Wir sind neutral und offen für alle",
            "the minister",
        ),
        (
            'On Monday Tokayev stated that "Kazakhstan will pursue a balanced policy".',
            "Kazakhstan will pursue a balanced policy",
            "Tokayev",
        ),
        ('"We will not join any military bloc," he added.', "We will not join any military bloc,", None),
    ],
)
def test_quote_marks_and_attributions(text, quote, speaker):
    (found,) = extract_quotes(text)
    assert (found.text, found.speaker) == (quote, speaker)
    assert text[found.start : found.end] == found.text


def test_pronoun_resolves_to_the_last_named_speaker():
    text = (
        '"Our door is open to East and West," Tokayev said on Monday. '
        'Later, "we will never choose one camp against the other," he added.'
    )
    assert [q.speaker for q in extract_quotes(text)] == ["Tokayev", "Tokayev"]


def test_scare_quotes_are_not_speech():
    text = 'The so-called "Belt and Road" initiative and the "multi-vector" policy were discussed.'
    assert extract_quotes(text) == []


def test_a_quote_after_unrelated_text_does_not_inherit_the_speaker():
    text = (
        '"We never set out to be friends with everyone," Lukashenko stated. The talks lasted three hours '
        'and covered trade. "Cooperation must benefit both of our peoples in the long run."'
    )
    assert [q.speaker for q in extract_quotes(text)] == ["Lukashenko", None]


def test_no_quotes_and_bad_input():
    assert extract_quotes("") == []
    assert extract_quotes("Nothing quoted here.") == []
    with pytest.raises(TypeError):
        extract_quotes(None)
