from hypothesis import given, settings
from hypothesis import strategies as st

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


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from(" \t\n\r\x0b\x0c\x1f\x7fab.\u00a0\u2014"), max_size=12))
def test_normalize_text_collapses_white_space_to_single_spaces(text):
    # The definition: every run of white space (controls count as space) becomes one
    # space, none at the ends; printable ASCII takes a shortcut that must agree.
    import re

    expected = " ".join(re.sub(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", " ", text.replace("\u2014", " - ")).split())
    assert normalize_text(text) == expected
    assert normalize_text(normalize_text(text)) == normalize_text(text)


def _hard_breaks_reference(text, tokenizer):
    # The definition, one line break at a time: a blank line, or a break after
    # sentence-final punctuation that is not an abbreviation and not before lower case.
    import re

    from stancekit.text import _FINAL_PUNCTUATION, _LAST_WORD

    breaks = []
    for match in re.finditer(r"[ \t]*\r?\n\s*", text):
        before, after = text[max(0, match.start() - 40) : match.start()], text[match.end() : match.end() + 1]
        if re.search(r"\n[ \t]*\r?\n", match.group()):
            breaks.append((match.start(), match.end()))
        elif before[-1:] in _FINAL_PUNCTUATION and not after.islower():
            word = _LAST_WORD.search(before)
            if word is None or word.group(1).lower() not in tokenizer._params.abbrev_types:
                breaks.append((match.start(), match.end()))
    return breaks


@settings(max_examples=500, deadline=None)
@given(
    st.lists(st.sampled_from(["a", "B", ".", "Mr.", " ", "\t", "\n", "\r\n", " \n \n", "\f", "!", "\u201d", "e.g."]))
)
def test_hard_breaks_follow_their_definition(pieces):
    from stancekit.text import _hard_breaks, _punkt

    text = "".join(pieces)
    assert _hard_breaks(text, _punkt()) == _hard_breaks_reference(text, _punkt())


def _break_contexts():
    from stancekit.text import _punkt

    params = _punkt()._params
    collocations = [
        pair for pair in sorted(params.collocations) if pair[0].isalpha() and pair[1].isalpha() and len(pair[0]) > 1
    ][:20]
    words = ["world", "Assembly", "etc", "no", "Mr", "US", "II", "x", "The", "Our", "peace", "Nations"]
    words += sorted(params.abbrev_types)[:20] + [a for a, _ in collocations] + [b for _, b in collocations]
    return st.tuples(st.sampled_from(words), st.sampled_from([" ", "  ", "\n"]), st.sampled_from(words))


@settings(max_examples=300, deadline=None)
@given(_break_contexts())
def test_plain_break_contexts_are_decided_as_punkt_decides(parts):
    from stancekit.text import _punkt

    tokenizer = _punkt()
    first, space, second = parts
    context = f"{first}.{space}{second}"
    punkt_own = type(tokenizer).text_contains_sentbreak(tokenizer, context)
    assert tokenizer.text_contains_sentbreak(context) == punkt_own


def test_known_collocations_and_abbreviations_are_decided_as_punkt_decides():
    from stancekit.text import _punkt

    tokenizer = _punkt()
    pairs = [
        pair
        for pair in sorted(tokenizer._params.collocations)
        if pair[0].isalpha() and pair[1].isalpha() and len(pair[0]) > 1
    ][:50] + [(a, "The") for a in sorted(tokenizer._params.abbrev_types)[:50]]
    for first, second in pairs:
        for context in (f"{first}. {second}", f"{first.capitalize()}. {second.capitalize()}"):
            punkt_own = type(tokenizer).text_contains_sentbreak(tokenizer, context)
            assert tokenizer.text_contains_sentbreak(context) == punkt_own, context


@settings(max_examples=1000, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "a",
                "The",
                "Mr",
                "U.S.",
                ".",
                "...",
                "!",
                "?",
                '"',
                "'",
                ")",
                "]",
                "(",
                ":",
                ";",
                "-",
                "--",
                "5",
                " ",
                "  ",
                "\t",
                "\n",
                "\r",
                "\x0b",
                "\x0c",
                "\u201d",
                "\u00bb",
                "\u2019",
            ]
        ),
        max_size=40,
    )
)
def test_one_loop_splitter_finds_punkts_own_spans(pieces):
    # The flattened loop must give exactly what nltk's chain of generators gives.
    from stancekit.text import _punkt, _punkt_spans

    text = "".join(pieces)
    assert _punkt_spans(text, _punkt()) == list(_punkt().span_tokenize(text))


def test_one_loop_splitter_agrees_with_punkt_on_the_seed_article(seed_article):
    from stancekit.text import _punkt, _punkt_spans

    for block in [seed_article, *seed_article.split("\n\n")]:
        assert _punkt_spans(block, _punkt()) == list(_punkt().span_tokenize(block))
