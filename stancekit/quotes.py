"""Direct quotes in news copy, and who said them.

Codebook rule 7 labels reported speech as the statement of the quoted speaker, so in an
article the quotes are often what an analyst wants scored. :func:`extract_quotes` finds
text between quotation marks (“…”, „…“, "…", «…») and its speaker when a reporting verb
names one next to the quote::

    “We never set out to be friends with everyone”, Lukashenko stated.
    Lukashenko stated: “We never set out to be friends with everyone.”
    "We are against no one," said Foreign Minister Sergei Aleinik.
    «Мы ни против кого», the minister told reporters.

A quote without its own attribution that follows an attributed one with nothing but
punctuation between them continues the same speaker (news copy attributes a run of
quotes once), and "he" or "she" as the speaker resolves to the last named speaker.
Short quotes without an attribution (scare quotes around a word or a title) are skipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Quote", "extract_quotes"]

# The quoted words are the named group of whichever pair of marks matched.
_QUOTE = re.compile(
    r"“(?P<curly>[^“”]+)”"  # English curly quotes
    r"|„(?P<low>[^„“”]+)[“”]"  # German and East European „...“
    r"|«(?P<guillemets>[^«»]+)»"  # guillemets, as in French and Russian copy
    r'|"(?P<straight>[^"\n]+)"'  # straight quotes, never across a paragraph
)
_GROUPS = ("curly", "low", "guillemets", "straight")

_VERB = (
    r"(?:said|says|stated|states|told|tells|added|adds|noted|notes|stressed|stresses|"
    r"emphasi[sz]ed|emphasi[sz]es|underlined|underscored|declared|declares|announced|"
    r"insisted|argued|warned|wrote|tweeted|posted|explained|remarked|affirmed|reaffirmed|"
    r"reiterated|recalled|observed|commented|continued|concluded|replied|responded|"
    r"assured|claimed|acknowledged|highlighted|asserted|asked|urged|pointed out|put it)"
)
# A name with its titles ("Belarusian President Alexander Lukashenko"), a description
# ("the minister", "a Kremlin spokesman") or a pronoun.
_NAME = r"(?:[A-Z][\w'’.-]*\s+){0,5}[A-Z][\w'’-]*"
_DESCRIPTION = r"(?:the|a|an)\s+(?:[\w'’-]+\s+){0,4}?[\w'’-]+"
_PRONOUN = r"(?:he|she|they|He|She|They)"
_SPEAKER = rf"(?P<speaker>{_NAME}|{_DESCRIPTION}|{_PRONOUN})"
_ADVERB = r"(?:also\s+|then\s+|later\s+|further\s+|once\s+)?"

# After the closing mark: ', Lukashenko stated.' / ' said the minister.'
_AFTER = re.compile(
    rf"\s*[,;:]?\s*(?:{_SPEAKER}\s+{_ADVERB}{_VERB}\b|{_VERB}\s+(?P<speaker2>{_NAME}|{_DESCRIPTION})(?![\w'’-]))"
)
# Before the opening mark: 'Lukashenko stated: ' / 'As the minister put it, '
_BEFORE = re.compile(rf"{_SPEAKER}\s+{_ADVERB}{_VERB}(?:\s+that)?\s*[:,]?\s*$")
_BEFORE_WINDOW = 160
_PRONOUNS = frozenset({"he", "she", "they"})
# Capitalized words that open a sentence rather than a name ("On Monday Lukashenko said").
_NOT_A_NAME = frozenset(
    [
        "As",
        "On",
        "In",
        "At",
        "But",
        "And",
        "So",
        "Then",
        "When",
        "While",
        "After",
        "Before",
        "Earlier",
        "Later",
        "Today",
        "Yesterday",
        "Also",
        "However",
        "Meanwhile",
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ]
)
# Between two quotes of the same speaker: nothing but punctuation and white space.
_GLUE = re.compile(r"[\s.,;:!?]*")


@dataclass(frozen=True)
class Quote:
    """A direct quote in a text.

    Attributes
    ----------
    text : str
        The quoted words, as written, without the quotation marks.
    start, end : int
        Offsets of the quoted words in the source: ``source[start:end] == text``.
    speaker : str or None
        Who said it, as the text names them ("Lukashenko", "the minister"); None when
        no reporting verb names a speaker.
    """

    text: str
    start: int
    end: int
    speaker: str | None


def _clean_speaker(speaker: str | None) -> str | None:
    """Trim what the name pattern took from before the name itself."""
    if speaker is None:
        return None
    speaker = " ".join(speaker.split())
    # "... in Minsk. Lukashenko": a name does not run across the end of a sentence.
    speaker = re.split(r"(?<=[a-z])\. ", speaker)[-1]
    words = speaker.split(" ")
    while len(words) > 1 and words[0] in _NOT_A_NAME:
        words.pop(0)
    return " ".join(words)


def _speaker_after(text: str, end: int) -> tuple[str | None, int]:
    """The speaker named right after a closing mark at ``end``, and where the attribution ends."""
    match = _AFTER.match(text, end)
    if match is None:
        return None, end
    return _clean_speaker(match.group("speaker") or match.group("speaker2")), match.end()


def _speaker_before(text: str, start: int) -> str | None:
    """The speaker named right before an opening mark at ``start``."""
    window_start = max(0, start - _BEFORE_WINDOW)
    match = _BEFORE.search(text, window_start, start)
    return _clean_speaker(match.group("speaker")) if match else None


def extract_quotes(text: str, *, min_words: int = 4) -> list[Quote]:
    """Find the direct quotes in ``text`` and their speakers.

    Parameters
    ----------
    text : str
        An article, a speech or a paragraph.
    min_words : int, default=4
        Quotes without an attribution need at least this many words, so that scare
        quotes (the “multi-vector” policy) are not taken for speech.

    Returns
    -------
    list of Quote
        In text order.

    Examples
    --------
    >>> text = ('“We never set out to be friends with everyone”, Lukashenko stated. '
    ...         '“Our actions are guided by our citizens.” He called it “pragmatic”.')
    >>> for quote in extract_quotes(text):
    ...     print(quote.speaker, "|", quote.text)
    Lukashenko | We never set out to be friends with everyone
    Lukashenko | Our actions are guided by our citizens.
    >>> q = extract_quotes(text)[0]
    >>> text[q.start:q.end] == q.text
    True
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, got {type(text).__name__}")
    quotes: list[Quote] = []
    last_named: str | None = None
    previous_speaker: str | None = None
    previous_end = -1  # where the previous quote, with its attribution, ended
    for match in _QUOTE.finditer(text):
        group = next(name for name in _GROUPS if match.group(name) is not None)
        start, end = match.span(group)
        # Offsets of the words themselves, without the white space inside the marks.
        inner = match.group(group)
        start += len(inner) - len(inner.lstrip())
        end -= len(inner) - len(inner.rstrip())
        if start >= end:
            continue
        speaker, attribution_end = _speaker_after(text, match.end())
        if speaker is None:
            speaker = _speaker_before(text, match.start())
        if speaker is None and previous_speaker is not None and _GLUE.fullmatch(text, previous_end, match.start()):
            speaker = previous_speaker
        if speaker is None and len(text[start:end].split()) < min_words:
            continue
        if speaker is not None and speaker.lower() in _PRONOUNS:
            speaker = last_named
        if speaker is not None:
            last_named = speaker
        quotes.append(Quote(text[start:end], start, end, speaker))
        previous_speaker, previous_end = speaker, max(attribution_end, match.end())
    return quotes
