"""Text normalization and sentence splitting.

Sentence boundaries come from an NLTK Punkt model trained on the UN General Debate
Corpus (see ``tools/train_punkt.py``). Its parameters ship as JSON inside the package,
so splitting works offline and never calls ``nltk.download``.
"""

from __future__ import annotations

import json
import re
import unicodedata
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from nltk.tokenize.punkt import PunktLanguageVars, PunktSentenceTokenizer

__all__ = ["normalize_text", "sentence_spans", "split_sentences"]

# Typographic variants that would otherwise split one word into several features.
_TRANSLATION = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2013": "-",
        "\u2014": " - ",
        "\u2212": "-",
        "\u00a0": " ",
        "\u200b": "",
        "\ufeff": "",
    }
)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# A line break ends a sentence only after sentence-final punctuation: many speeches in
# the corpus are hard-wrapped mid-sentence, and news copy pasted from PDFs is too.
_LINE_BREAK = re.compile(r"[ \t]*\r?\n\s*")
_BLANK_LINE = re.compile(r"\n[ \t]*\r?\n")
_LAST_WORD = re.compile(r"(\S+)\.$")
_FINAL_PUNCTUATION = frozenset(".!?\"'\u201d\u2019\u00bb")
# The _LINE_BREAK matches that follow sentence-final punctuation: a match cannot start
# after a non-space inside another, so this finds exactly those. It starts with the
# punctuation itself, not a look-behind, so the engine can skip to it.
_BREAK_AFTER_FINAL = re.compile("[" + re.escape("".join(sorted(_FINAL_PUNCTUATION))) + r"]([ \t]*\r?\n\s*)")
# A break context of two plain words: "word. Next".
_PLAIN_BREAK_CONTEXT = re.compile(r"([A-Za-z]{2,})\.\s+([A-Za-z]+)")
# White space other than " " (string.whitespace), for Punkt's word-before-a-break search.
_OTHER_WHITESPACE = "\t\n\r\x0b\x0c"
# Punkt's sentence-end characters (PunktLanguageVars.sent_end_chars).
_SENTENCE_END = re.compile(r"[.?!]")


def normalize_text(text: str) -> str:
    """Return ``text`` in the canonical form the features are computed on.

    Unicode is NFKC-normalized, curly quotes, guillemets and dashes become their ASCII
    forms, control characters are dropped and runs of white space collapse to one space.

    Parameters
    ----------
    text : str
        Any string.

    Returns
    -------
    str
        The normalized string.

    Examples
    --------
    >>> normalize_text("  \u201cWe never set out\u2026\u201d\\n")
    '"We never set out..."'
    """
    if not text.isascii():  # ASCII is already NFKC and has no typographic quotes
        text = unicodedata.normalize("NFKC", text).translate(_TRANSLATION)
    elif text.isprintable():
        # Printable ASCII has no white space but " ": most statements (and every
        # sentence a batch job cut) are already normalized, and need no split and join.
        if "  " not in text and text[:1] != " " and text[-1:] != " ":
            return text
        return " ".join(text.split())
    if not text.isprintable():
        text = _CONTROL.sub(" ", text)
    return " ".join(text.split())


# Distinct break contexts remembered per process (a few words each: ~20 MB at most).
_BREAK_CACHE_SIZE = 1 << 17


def _stdlib_regex_language_vars() -> PunktLanguageVars:
    """Punkt's English language variables, with their patterns compiled by ``re``.

    Recent nltk wraps its patterns in a ReDoS guard built on the ``regex`` module, with a
    timeout checked as matches are pulled; for the blocks of a speech, and for the short
    contexts whose break Punkt decides word by word, that guard costs more than the
    matching. The patterns are nltk's own (same source and flags) and linear-time, so
    ``re`` finds the same matches.
    """
    from nltk.tokenize.punkt import PunktLanguageVars

    class _Vars(PunktLanguageVars):
        __slots__ = ()
        re_boundary_realignment = re.compile(PunktLanguageVars.re_boundary_realignment.pattern, re.MULTILINE)

        def _compiled(self, slot: str, template: str) -> re.Pattern[str]:
            try:
                return getattr(self, slot)
            except AttributeError:
                # Every part nltk's templates use; each template takes the ones it names.
                parts = {
                    "NonWord": self._re_non_word_chars,
                    "SentEndChars": self._re_sent_end_chars,
                    "MultiChar": self._re_multi_char_punct,
                    "WordStart": self._re_word_start,
                }
                pattern = re.compile(template % parts, re.UNICODE | re.VERBOSE)
                setattr(self, slot, pattern)
                return pattern

        def period_context_re(self) -> re.Pattern[str]:
            return self._compiled("_re_period_context", self._period_context_fmt)

        def _word_tokenizer_re(self) -> re.Pattern[str]:
            return self._compiled("_re_word_tokenizer", self._word_tokenize_fmt)

    return _Vars()


def _stdlib_regex_token_class() -> type:
    """Punkt's token class with its four word-shape patterns compiled by ``re`` (see above)."""
    from nltk.tokenize.punkt import PunktToken

    class _Token(PunktToken):
        __slots__ = ()
        _RE_ELLIPSIS = re.compile(PunktToken._RE_ELLIPSIS.pattern)
        _RE_NUMERIC = re.compile(PunktToken._RE_NUMERIC.pattern)
        _RE_INITIAL = re.compile(PunktToken._RE_INITIAL.pattern, re.UNICODE)
        _RE_ALPHA = re.compile(PunktToken._RE_ALPHA.pattern, re.UNICODE)

    return _Token


@lru_cache(maxsize=1)
def _punkt() -> PunktSentenceTokenizer:
    from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer

    raw = json.loads(resources.files("stancekit.resources").joinpath("punkt_ungdc.json").read_text("utf-8"))
    params = PunktParameters()
    params.abbrev_types = set(raw["abbrev_types"])
    params.collocations = {tuple(pair) for pair in raw["collocations"]}
    params.sent_starters = set(raw["sent_starters"])
    for word, flag in raw["ortho_context"].items():
        params.ortho_context[word] = flag
    tokenizer = PunktSentenceTokenizer(
        params, lang_vars=_stdlib_regex_language_vars(), token_cls=_stdlib_regex_token_class()
    )
    # Punkt decides each candidate break from a short context ("word. Next"), a pure
    # function of that string once the parameters are fixed. Deciding is most of the cost
    # of splitting and the same contexts recur all the time, so remember the decisions:
    # splitting gets 2-5 times faster with identical output.
    decide = tokenizer.text_contains_sentbreak
    abbreviations, collocations = params.abbrev_types, params.collocations

    def text_contains_sentbreak(context: str) -> bool:
        # Two thirds of the contexts are "word. Next" with plain words: Punkt's first pass
        # marks a break after any such word that is not a known abbreviation (one letter
        # would be an initial), and its second pass undoes it only for a known
        # collocation. Decided here without building Punkt's tokens; anything else is
        # Punkt's to decide.
        match = _PLAIN_BREAK_CONTEXT.fullmatch(context)
        if match is not None:
            word = match.group(1).lower()
            if word not in abbreviations:
                return (word, match.group(2).lower()) not in collocations
        return decide(context)

    tokenizer.text_contains_sentbreak = lru_cache(maxsize=_BREAK_CACHE_SIZE)(text_contains_sentbreak)
    return tokenizer


def _punkt_spans(text: str, tokenizer: PunktSentenceTokenizer) -> list[tuple[int, int]]:
    """Return ``tokenizer.span_tokenize(text)`` as a list, computed in one loop.

    nltk passes each candidate break through four chained generators, and finds the
    word before it by stepping back through the text one character at a time in
    Python; per sentence that costs more than deciding the break. This is the same
    algorithm (``_match_potential_end_contexts``, ``_slices_from_text`` and
    ``_realign_boundaries`` of nltk 3.9-3.10) written as one loop, the word found with
    ``str.rfind``. The tests compare it with nltk's own on generated texts.
    """
    decide = tokenizer.text_contains_sentbreak
    variables = tokenizer._lang_vars
    realignment = variables.re_boundary_realignment.match
    other_whitespace = [char for char in _OTHER_WHITESPACE if char in text]  # usually none, or "\n"
    cuts: list[tuple[int, int]] = []
    last_break = 0
    word_start = word_end = 0  # the word before the previous candidate
    previous = None
    for match in [*variables.period_context_re().finditer(text), None]:
        if match is not None:
            match_start = match.start()
            # The last white space after the previous word; one at its very start counts
            # as none, as in nltk's _get_last_whitespace_index.
            space = text.rfind(" ", word_end, match_start)
            for char in other_whitespace:
                later = text.rfind(char, space + 1 if space >= word_end else word_end, match_start)
                if later > space:
                    space = later
            start = space + 1 if space > word_end else word_start
        # A candidate is decided once the next one is known not to overlap its word.
        if previous is not None and (match is None or word_end <= start):
            context = text[word_start:word_end] + previous.group() + previous.group("after_tok")
            if decide(context):
                cuts.append((last_break, previous.end()))
                last_break = previous.start("next_tok") if previous.group("next_tok") else previous.end()
        if match is not None:
            previous, word_start, word_end = match, start, match_start
    cuts.append((last_break, len(text.rstrip())))
    # Closing punctuation after a break ('(Sent1.) Sent2.') joins the sentence before it.
    spans: list[tuple[int, int]] = []
    shift = 0
    for i, (start, end) in enumerate(cuts):
        start += shift
        shift = 0
        if i + 1 < len(cuts):
            next_start, next_end = cuts[i + 1]
            moved = realignment(text[next_start:next_end])
            if moved:
                spans.append((start, next_start + len(moved.group(0).rstrip())))
                shift = moved.end()
                continue
        if start < end:
            spans.append((start, end))
    return spans


def _hard_breaks(text: str, tokenizer: PunktSentenceTokenizer) -> list[tuple[int, int]]:
    """Return ``(end, resume)`` offsets of the line breaks that must end a sentence.

    These are the matches of ``_LINE_BREAK`` that hold a blank line, or that follow
    sentence-final punctuation (and neither precede a lower-case letter nor follow an
    abbreviation). Hard-wrapped speeches have a line break every few words: rather than
    visit each, two searches find just those two kinds, at C speed.
    """
    if "\n" not in text:
        return []
    abbreviations = tokenizer._params.abbrev_types
    breaks: dict[int, int] = {}
    for blank in _BLANK_LINE.finditer(text):
        # The whole run of white space around the blank line is one _LINE_BREAK match:
        # the previous match, if any, ended before the non-space that starts this run.
        run_start = blank.start()
        while run_start > 0 and text[run_start - 1].isspace():
            run_start -= 1
        match = _LINE_BREAK.search(text, run_start)
        if match is not None:
            breaks[match.start()] = match.end()
    for match in _BREAK_AFTER_FINAL.finditer(text):
        start, end = match.span(1)
        if start in breaks or text[end : end + 1].islower():
            continue
        word = _LAST_WORD.search(text[max(0, start - 40) : start])
        if word is None or word.group(1).lower() not in abbreviations:
            breaks[start] = end
    return sorted(breaks.items())


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Return the ``(start, end)`` character offsets of each sentence in ``text``.

    A blank line, or a line break after sentence-final punctuation, always ends a
    sentence; a line break inside a sentence (hard-wrapped text) does not. Elsewhere
    the corpus-trained Punkt model decides, so "Mr.", "U.S." and "H.E." end none.

    Parameters
    ----------
    text : str
        A whole article, speech or paragraph.

    Returns
    -------
    list of tuple of int
        Offsets into ``text``, in order, with surrounding white space excluded.

    Examples
    --------
    >>> text = "Mr. Lavrov met H.E. the Minister. They talked."
    >>> [text[a:b] for a, b in sentence_spans(text)]
    ['Mr. Lavrov met H.E. the Minister.', 'They talked.']
    """
    tokenizer = _punkt()
    spans: list[tuple[int, int]] = []
    start = 0
    for end, resume in [*_hard_breaks(text, tokenizer), (len(text), len(text))]:
        block = text[start:end].rstrip()
        if not block.strip():
            pass
        elif not _SENTENCE_END.search(block, 0, len(block) - 1):
            # No sentence-end character before the last: Punkt has nothing to decide and
            # would return the whole block. Hard-wrapped speeches are mostly such blocks.
            spans.append((start, start + len(block)))
        else:
            spans.extend((start + a, start + b) for a, b in _punkt_spans(block, tokenizer))
        start = resume
    return spans


def split_sentences(text: str) -> list[str]:
    """Split an article or speech into sentences.

    Parameters
    ----------
    text : str
        A whole article, speech or paragraph.

    Returns
    -------
    list of str
        The sentences, in order, with white space (line breaks included) collapsed to
        single spaces.

    Examples
    --------
    >>> split_sentences("The U.S. delegation agrees. We do not.")
    ['The U.S. delegation agrees.', 'We do not.']
    """
    return [" ".join(text[a:b].split()) for a, b in sentence_spans(text)]
