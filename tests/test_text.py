from stancekit.text import normalize_text, sentence_spans, split_sentences


def test_abbreviations_do_not_end_sentences():
    text = (
        "Mr. President, the U.S. delegation and H.E. Mr. Guterres agree. "
        "We thank Dr. Smith of the U.K. for his work. Next."
    )
    assert split_sentences(text) == [
        "Mr. President, the U.S. delegation and H.E. Mr. Guterres agree.",
        "We thank Dr. Smith of the U.K. for his work.",
        "Next.",
    ]


def test_hard_wrapped_lines_are_joined_but_paragraphs_split():
    text = "We are convinced that a breakthrough in\nthe talks is near.\nThis, Mr.\nPresident, is true.\n\nHeading"
    assert split_sentences(text) == [
        "We are convinced that a breakthrough in the talks is near.",
        "This, Mr. President, is true.",
        "Heading",
    ]


def test_spans_point_into_the_original_text(seed_article):
    spans = sentence_spans(seed_article)
    assert len(spans) == 21
    for start, end in spans:
        assert seed_article[start:end] == seed_article[start:end].strip()
    assert seed_article[spans[3][0] : spans[3][1]].startswith("\u201cWe never set out")


def test_normalize_text_folds_typography_and_controls():
    assert normalize_text("\u201cHi\u201d \u2014 it\u2019s\x07 here\u00a0 now ") == '"Hi" - it\'s here now'
    assert normalize_text("") == ""
