"""Fast matching of large word lists with one regular expression."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

__all__ = ["iter_matches", "trie_pattern", "whole_word_pattern"]

_ANY_ENDING = r"[\w-]*"


def trie_pattern(words: Iterable[str]) -> str:
    """Compile ``words`` into one regular expression shaped as a prefix tree.

    A flat alternation of thousands of words makes the regex engine try each at every
    position; a prefix tree tries one branch per character, about 20 times faster. At
    each node longer continuations come before the end of a word, so the longest word
    wins and the engine backtracks to a shorter one only if the longer one fails. A
    word ending in ``*`` matches any ending made of word characters and hyphens.

    Parameters
    ----------
    words : iterable of str
        Literal words or phrases; a trailing ``*`` marks a stem.

    Returns
    -------
    str
        A pattern (without boundaries) matching exactly those words.

    Examples
    --------
    >>> pattern = re.compile(r"\\b" + trie_pattern(["Sudan", "South Sudan", "condemn*"]) + r"\\b")
    >>> [m.group() for m in pattern.finditer("South Sudan condemns Sudan")]
    ['South Sudan', 'condemns', 'Sudan']
    """
    trie: dict = {}
    for word in words:
        node = trie
        stem = word.endswith("*")
        for char in word[:-1] if stem else word:
            node = node.setdefault(char, {})
        node["*" if stem else ""] = {}

    def render(node: dict) -> str:
        branches = [re.escape(char) + render(child) for char, child in sorted(node.items()) if char not in ("", "*")]
        if "*" in node:
            branches.append(_ANY_ENDING)  # a stem, tried after longer literal words
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return render(trie)


def whole_word_pattern(words: Iterable[str]) -> str:
    """:func:`trie_pattern` for whole words: not inside a word or a hyphenated compound.

    Every word must start and the match must end at a word boundary, with no hyphen on
    either side (``(?<![\\w-])`` ... ``(?![\\w-])``). The pattern also starts with ``\\b``
    and a look-ahead on the possible first characters: both are implied by the rest, but
    they let the regex engine reject most positions before entering the tree, which
    makes a search about twice as fast.

    Parameters
    ----------
    words : iterable of str
        Literal words or phrases (a trailing ``*`` marks a stem), each starting with a
        word character.

    Returns
    -------
    str

    Raises
    ------
    ValueError
        If a word does not start with a word character.

    Examples
    --------
    >>> pattern = re.compile(whole_word_pattern(["Sudan", "South Sudan", "condemn*"]))
    >>> [m.group() for m in pattern.finditer("South Sudan condemns Sudan's anti-Sudan stance")]
    ['South Sudan', 'condemns', 'Sudan']
    """
    words = list(words)
    bad = [word for word in words if not re.match(r"\w", word)]
    if bad:
        raise ValueError(f"words must start with a word character: {bad[:5]}")
    first = "".join(sorted({re.escape(word[0]) for word in words}))
    return rf"\b(?=[{first}])(?<![\w-])" + trie_pattern(words) + r"(?![\w-])"


def iter_matches(pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """Yield the non-overlapping matches of ``pattern`` in ``text``, as ``finditer`` does.

    For patterns that never match the empty string. A loop of ``search`` calls: for the
    whole-word tree patterns of this package it is about a third faster than
    ``finditer``, because each search starts with the engine's fast first-letter scan.

    Examples
    --------
    >>> [m.group() for m in iter_matches(re.compile(r"\\d+"), "a1 b22 c333")]
    ['1', '22', '333']
    """
    search = pattern.search
    match = search(text)
    while match is not None:
        yield match
        match = search(text, match.end())
