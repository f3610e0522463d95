"""Feature extraction: scikit-learn transformers from raw statements to features.

The model's pipeline is::

    StatementNormalizer  ->  FeatureUnion(ngrams, vectors, ActorFeatures, CueFeatures)  ->  classifier

:class:`StatementNormalizer` turns a raw statement into a canonical string: unicode and
quotes normalized, the reporting frame of news copy removed ("..., Tokayev said.",
"According to the minister, ..."), and each actor mention replaced by a placeholder that
names only its kind and camp (``Russia`` -> ``act_state_russia``). The placeholders let
the word n-grams learn patterns such as "act_state_russia and act_bloc_west" without
memorising which countries the training speeches happened to criticise, so the model
generalises to actors and registers it has not seen.

Every transformer implements ``get_feature_names_out``, so each weight of the model can
be traced back to a word, an actor pattern or a cue (see ``StanceClassifier.explain``).
The lexicons (``resources/cues.json``) and the gazetteer (``resources/actors.json``) are
package data read with :mod:`importlib.resources`; no state that skops cannot save (a
compiled pattern, a lambda) is kept on an estimator.

A batch is tokenized once: the normalizer's output (:class:`NormalizedStatements`) keeps
its tokens, their cue codes and the actors it masked, and every feature group reads
them from there.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import threading
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from importlib import resources
from itertools import groupby, repeat

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.pipeline import FeatureUnion
from sklearn.utils.validation import check_is_fitted

from ._regex import trie_pattern
from .actors import CAMPS, Actor, _distinct_ids, _gazetteer
from .exceptions import ModelVersionError
from .text import normalize_text

__all__ = [
    "FEATURE_GROUPS",
    "TOKEN_PATTERN",
    "ActorFeatures",
    "CueFeatures",
    "NgramVectorizer",
    "NormalizedStatements",
    "StatementNormalizer",
    "WordVectorFeatures",
    "actor_ids_found",
    "make_feature_union",
    "make_ngram_vectorizer",
    "mask_actors",
    "strip_reporting_frame",
]

#: Words, with words joined by apostrophes or hyphens kept whole ("don't",
#: "multi-vector", "act_state_west"): the tokens of r"\b\w[\w'-]*\b", found twice as fast.
TOKEN_PATTERN = r"\w+(?:['-]+\w+)*"

#: Names of the feature groups, as used by ``StanceClassifier(features=...)``.
FEATURE_GROUPS: tuple[str, ...] = ("ngrams", "vectors", "actors", "cues")

_KINDS = ("state", "bloc", "camp", "region")
_PLACEHOLDER = re.compile(r"\bact_(state|bloc|camp|region)_(west|russia|china|south|none)\b")

_VERBS = (
    r"(?:said|says|stated|states|told|tells|added|adds|noted|notes|stressed|stresses|"
    r"emphasi[sz]ed|emphasi[sz]es|underlined|underscored|declared|declares|announced|"
    r"insisted|argued|warned|wrote|tweeted|posted|explained|remarked|affirmed|reaffirmed|"
    r"reiterated|recalled|pointed out|observed|commented|continued|concluded|replied|"
    r"assured|claimed|acknowledged|highlighted|asserted)"
)
# "According to the minister, ..." / "Tokayev said that ..." / "He stressed: ..."
_LEADING_FRAME = re.compile(
    r"^(?:(?:according to|in the words of|as (?:reported|stated|noted) by)\s[^,]{1,80},\s*"
    r"|(?:[A-Z][\w.'-]*\s+){0,5}(?:[A-Z][\w.'-]*|he|she|they|it|we|i)\s+(?:also\s+|then\s+|later\s+)?"
    + _VERBS
    + r"(?:\s+(?:on|in|at)\s+[\w ]{1,25}?)?(?:\s+that\s+|\s*:\s*|,\s+))",
    re.IGNORECASE,
)
# '..., Lukashenko stated.' / '..." said the minister on Tuesday.' / '..., he told reporters.'
# Case-sensitive: reporting verbs in a frame are lower case, and "States" is everywhere.
_TRAILING_FRAME = re.compile(
    r"(?:[,;:]|\.(?=\"))\s*\"?\s*(?:(?:[^,\".\s]+\s+){0,6}?" + _VERBS + r"\b[^\"]*|according to [^\"]+)$"
)
_EDGE_WINDOW = 160
# Joins the documents of a batch into one token stream (NgramVectorizer); a word no text uses.
_DOC_BREAK = "stancekitdocumentbreak"
_BREAK_ID = -2
# Cheap test run first: most statements have no frame, and the frame patterns are slow.
_FRAME_WORDS = ["According to", "according to", "In the words of", "in the words of", "reported by"] + _VERBS[
    3:-1
].replace("emphasi[sz]", "emphasis|emphasiz").split("|")
# The look-ahead on first letters lets the engine skip most positions quickly.
_MAY_HAVE_FRAME = re.compile(
    r"\b(?=[" + "".join(sorted({w[0] for w in _FRAME_WORDS})) + r"])(?:" + trie_pattern(_FRAME_WORDS) + r")"
)
_QUOTES = re.compile(r"[\"]|(?<!\w)'|'(?!\w)")
# White space and dangling punctuation at the ends (str.strip: a regex with "$" tries every position).
_EDGE_CHARS = ".,;:-" + "".join(c for c in map(chr, range(0x3000 + 1)) if c.isspace())


def strip_reporting_frame(text: str) -> str:
    """Remove a news reporting frame around a statement, and its quotation marks.

    Codebook rule 7 labels reported speech as the quoted speaker's statement, so the
    frame ("..., Tokayev said.", "According to the minister, ...") carries no stance.

    Parameters
    ----------
    text : str
        A normalized statement (see :func:`stancekit.text.normalize_text`).

    Returns
    -------
    str
        The statement without frame, quotation marks and dangling punctuation.

    Examples
    --------
    >>> strip_reporting_frame('"We are against no one," Tokayev said.')
    'We are against no one'
    >>> strip_reporting_frame("According to the minister, Kazakhstan will pursue a balanced policy.")
    'Kazakhstan will pursue a balanced policy'
    >>> strip_reporting_frame("He emphasized that Minsk has never opposed anyone.")
    'Minsk has never opposed anyone'
    """
    # Every frame pattern needs a comma, semicolon, colon, double quote or "that": a
    # third of statements have none, and need no search at all.
    if not ("," in text or ":" in text or ";" in text or '"' in text or "that" in text.lower()):
        return _strip_quotes_and_edges(text, text)
    stripped = text
    # Frames sit at the edges: look only there, so long statements cost no more.
    tail = stripped[-_EDGE_WINDOW:]
    tail_may_have_frame = _MAY_HAVE_FRAME.search(tail) is not None
    if tail_may_have_frame:
        match = _TRAILING_FRAME.search(tail)
        if match:
            stripped = stripped[: len(stripped) - len(tail) + match.start()]
    # A short statement is its own head and tail window: no need to search it twice.
    head_unseen = tail_may_have_frame or len(stripped) > _EDGE_WINDOW
    if head_unseen and _MAY_HAVE_FRAME.search(stripped, 0, _EDGE_WINDOW):
        match = _LEADING_FRAME.match(stripped)
        if match:
            stripped = stripped[match.end() :]
    return _strip_quotes_and_edges(stripped, text)


def _strip_quotes_and_edges(stripped: str, text: str) -> str:
    if '"' in stripped or "'" in stripped:
        stripped = _QUOTES.sub("", stripped)
    stripped = stripped.strip(_EDGE_CHARS)
    # A frame with nothing around it ("He said.") is a statement of its own.
    return stripped if stripped else _QUOTES.sub("", text).strip(_EDGE_CHARS)


def mask_actors(text: str) -> str:
    """Replace each actor mention by a placeholder naming its kind and camp.

    Parameters
    ----------
    text : str
        A statement.

    Returns
    -------
    str
        The statement with mentions such as ``Russia`` replaced by ``act_state_russia``
        and ``NATO`` by ``act_bloc_west``.

    Examples
    --------
    >>> mask_actors("Russia and China oppose NATO's expansion.")
    "act_state_russia and act_state_china oppose act_bloc_west's expansion."
    """
    return _mask(text, _gazetteer().spans_in_batch([text])[0])


def _mask(text: str, spans: list[tuple[int, int, Actor]]) -> str:
    if not spans:
        return text
    pieces = []
    position = 0
    for start, end, actor in spans:
        pieces.append(text[position:start])
        pieces.append(f"act_{actor.kind}_{actor.camp}")
        position = end
    pieces.append(text[position:])
    return "".join(pieces)


def actor_ids_found(statements: NormalizedStatements) -> list[list[str] | None]:
    """The actor ids of each raw statement, where :class:`StatementNormalizer` already found them.

    The normalizer searches for actors in the statement without its reporting frame.
    Where the statement is its own normal form and lost nothing but a final period,
    those are exactly the actors of the raw statement (:func:`stancekit.actor_ids`);
    elsewhere (a frame, quotes, unicode to normalize) the entry is ``None`` and the
    caller searches the raw statement itself.

    Parameters
    ----------
    statements : NormalizedStatements
        The output of :meth:`StatementNormalizer.transform` with ``mask_actors=True``.

    Returns
    -------
    list
        One entry per statement: a list of canonical ids, first mention first, or None.
    """
    remembered = statements.__dict__.get("actor_spans")
    if remembered is None:
        return [None] * len(statements)
    ids: list[list[str] | None] = []
    for raw, normalized, stripped, found in zip(*remembered):
        # A final period matters only to an alias that ends with one ("U.S."), and those
        # have another period just before it.
        unchanged = raw == normalized and (
            stripped == normalized or (stripped + "." == normalized and "." not in stripped[-4:])
        )
        ids.append(_distinct_ids(found) if unchanged else None)
    return ids


def _as_list(texts: Iterable[str]) -> list[str]:
    if isinstance(texts, str):
        raise TypeError("expected a sequence of strings, got a single string; wrap it in a list")
    if isinstance(texts, NormalizedStatements):
        return texts  # type: ignore[return-value]  # a sequence that keeps its token cache
    return list(texts)


class NormalizedStatements(list):
    """The output of :class:`StatementNormalizer`: a read-only list of strings that remembers its tokens.

    Every feature group reads the same tokens: the first to tokenize a batch stores them
    here, with their cue codes, and the others reuse them. The normalizer also stores the
    actors it masked (see :func:`actor_ids_found`). The list is read-only, so the
    statements cannot change after all this is stored (copy it with ``list(...)`` to
    edit).
    """

    def _read_only(self, *args: object, **kwargs: object) -> None:
        raise TypeError("NormalizedStatements is read-only; copy it with list(...) to change it")

    __setitem__ = __delitem__ = __iadd__ = __imul__ = _read_only
    append = extend = insert = pop = remove = clear = sort = reverse = _read_only


class StatementNormalizer(TransformerMixin, BaseEstimator):
    """Normalize raw statements into the canonical text the features read.

    Parameters
    ----------
    strip_frames : bool, default=True
        Remove news reporting frames and quotation marks
        (:func:`strip_reporting_frame`).
    mask_actors : bool, default=True
        Replace actor mentions by kind-and-camp placeholders (:func:`mask_actors`).

    Examples
    --------
    >>> StatementNormalizer().transform(['"Russia is our ally," he said.'])
    ['act_state_russia is our ally']
    """

    def __init__(self, *, strip_frames: bool = True, mask_actors: bool = True) -> None:
        self.strip_frames = strip_frames
        self.mask_actors = mask_actors

    def fit(self, X: Iterable[str], y: object = None) -> StatementNormalizer:
        """Do nothing: the normalizer has no learned state. Returns ``self``."""
        return self

    def transform(self, X: Iterable[str]) -> NormalizedStatements:
        """Return the normalized statements, in order (a read-only list).

        With ``mask_actors``, the result also remembers the actors it masked (see
        :func:`actor_ids_found`), so that a batch job need not search for them again.
        """
        raw = _as_list(X)
        normalized = [normalize_text(text) for text in raw]
        out = [strip_reporting_frame(text) for text in normalized] if self.strip_frames else normalized
        if not self.mask_actors:
            return NormalizedStatements(out)
        spans = _gazetteer().spans_in_batch(out)
        result = NormalizedStatements([_mask(text, found) for text, found in zip(out, spans)])
        result.__dict__["actor_spans"] = (raw, normalized, out, spans)
        return result

    def get_feature_names_out(self, input_features: object = None) -> np.ndarray:
        """The normalizer outputs one text column."""
        return np.asarray(["text"], dtype=object)


_ACTOR_CAMPS = tuple(camp for camp in CAMPS if camp != "none")


@lru_cache(maxsize=4096)
def _placeholders_in(token: str) -> tuple[tuple[int, int], ...]:
    """(kind index, camp index or -1) of each placeholder in a token ("act_state_russia's")."""
    return tuple(
        (_KINDS.index(kind), _ACTOR_CAMPS.index(camp) if camp != "none" else -1)
        for kind, camp in _PLACEHOLDER.findall(token)
    )


class ActorFeatures(TransformerMixin, BaseEstimator):
    """Counts of the actors and camps a (normalized, actor-masked) statement names.

    Multi-vector statements name several camps; aligned and oppositional statements
    need a target (codebook rule 2); "Russia and Belarus" (one camp) is aligned while
    "Russia and the EU" (two) leans multi-vector (rule 4). These features make that
    structure explicit for the classifier. They read the placeholders written by
    :class:`StatementNormalizer`, so they expect its output.

    Examples
    --------
    >>> ActorFeatures().fit_transform(["act_state_russia and act_bloc_west"]).toarray()[0, :3]
    array([1.09861229, 1.        , 1.        ])
    """

    def fit(self, X: Iterable[str], y: object = None) -> ActorFeatures:
        """Do nothing: the features are fixed. Returns ``self``."""
        self.n_features_in_ = 1
        return self

    def get_feature_names_out(self, input_features: object = None) -> np.ndarray:
        """Names of the actor features."""
        names = ["log_mentions", "any_actor", "several_camps", "n_camps"]
        names += [f"camp_{camp}" for camp in _ACTOR_CAMPS] + [f"kind_{kind}" for kind in _KINDS]
        return np.asarray(names, dtype=object)

    def transform(self, X: Iterable[str]) -> sp.csr_matrix:
        """Return a sparse matrix of actor features, one row per statement."""
        texts = _as_list(X)
        mentions = np.zeros(len(texts))
        camp_seen = np.zeros((len(texts), len(_ACTOR_CAMPS)))
        kind_seen = np.zeros((len(texts), len(_KINDS)))
        if texts:
            # The placeholders are among the batch's tokens, flagged by the cue lexicon's
            # codes (computed once per batch and cached with the tokens).
            lexicon = _cue_lexicon()
            tokens, codes, document_of_token = lexicon.token_codes(texts)
            flagged = np.flatnonzero(lexicon.has(codes, lexicon.ACTOR))
            for position, row in zip(flagged.tolist(), document_of_token[flagged].tolist()):
                for kind, camp in _placeholders_in(tokens[position]):
                    mentions[row] += 1
                    kind_seen[row, kind] = 1.0
                    if camp >= 0:
                        camp_seen[row, camp] = 1.0
        distinct_camps = camp_seen.sum(axis=1)
        columns = [
            np.log1p(mentions)[:, None],
            (mentions > 0)[:, None],
            (distinct_camps >= 2)[:, None],
            (distinct_camps / 4.0)[:, None],
            camp_seen,
            kind_seen,
        ]
        return sp.csr_matrix(np.hstack(columns).astype(np.float64))


class _CueLexicon:
    """The cue words, looked up token by token.

    Each token gets a code: its category plus one (0 for none), with flags for a token
    that starts a cue phrase and for an actor placeholder. Codes are computed once per
    distinct token and kept (:class:`_TokenValues`).
    """

    PHRASE_START = 1 << 8
    PHRASE_SECOND = 1 << 9
    ACTOR = 1 << 10

    def __init__(self, raw: dict[str, list[str]]) -> None:
        self.categories = [name for name in raw if name not in ("about", "negation")]
        self.negation = len(self.categories)
        self.exact: dict[str, int] = {}
        self.stems: dict[str, int] = {}
        # First word -> (phrase words, category), longest phrase first.
        self.phrases: dict[str, list[tuple[tuple[str, ...], int]]] = {}
        for index, name in enumerate([*self.categories, "negation"]):
            for word in raw[name]:
                if " " in word:
                    words = tuple(word.split())
                    self.phrases.setdefault(words[0], []).append((words, index))
                elif word.endswith("*"):
                    self.stems.setdefault(word[:-1], index)
                else:
                    self.exact.setdefault(word, index)
        for candidates in self.phrases.values():
            candidates.sort(key=lambda phrase: -len(phrase[0]))
        self.second_words = {words[1] for candidates in self.phrases.values() for words, _ in candidates}
        self.token_values = _TokenValues(self._code_or_break)

    def _category(self, word: str) -> int:
        index = self.exact.get(word)
        if index is not None:
            return index
        for end in range(len(word), 0, -1):
            index = self.stems.get(word[:end])
            if index is not None:
                return index
        return -1

    def _code(self, token: str) -> int:
        index = self._category(token)
        if index < 0 and "'" in token:
            # "ally's": the word before the apostrophe; "don't", "isn't": a negation.
            index = self.negation if token.endswith("n't") else self._category(token.split("'", 1)[0])
        code = index + 1
        if token in self.phrases:
            code |= self.PHRASE_START
        if token in self.second_words or token.split("'", 1)[0] in self.second_words:
            code |= self.PHRASE_SECOND
        if "act_" in token and _PLACEHOLDER.search(token):
            code |= self.ACTOR
        return code

    def _code_or_break(self, token: str) -> int:
        return _BREAK_ID if token == _DOC_BREAK else self._code(token)

    def has(self, codes: np.ndarray, flag: int) -> np.ndarray:
        """Which of the tokens' ``codes`` carry ``flag`` (document breaks carry none)."""
        return (codes >= 0) & (codes & flag > 0)

    def token_codes(self, documents: list[str]) -> tuple[list[str], np.ndarray, np.ndarray]:
        """The batch's tokens, their codes and the document of each token.

        The codes of a :class:`NormalizedStatements` batch are kept with it: the actor
        and the cue features both read them.
        """
        cached = getattr(documents, "__dict__", {}).get("cue_codes")
        if cached is not None:
            return cached
        tokens, numbers, document_of_token = _batch_tokens(documents, TOKEN_PATTERN)
        codes = self.token_values.of(tokens, numbers)
        if isinstance(documents, NormalizedStatements):
            codes.flags.writeable = False  # shared by the feature groups of the batch
            documents.__dict__["cue_codes"] = (tokens, codes, document_of_token)
        return tokens, codes, document_of_token


@lru_cache(maxsize=1)
def _cue_lexicon() -> _CueLexicon:
    raw = resources.files("stancekit.resources").joinpath("cues.json").read_text("utf-8")
    return _CueLexicon(json.loads(raw))


class CueFeatures(TransformerMixin, BaseEstimator):
    """Counts of each label's cue words, inside and outside a negation scope.

    The lexicons (``resources/cues.json``) are written from the codebook's wording. They
    are matched on the lower-cased words of the statement (the n-grams' tokens, so a
    batch is tokenized once): a word ending in ``*`` matches any word it starts, a
    possessive matches its noun ("ally's"), and a contraction in "n't" is a negation.
    A cue preceded within ``scope`` words by a negation ("not", "never", "no"...)
    counts as negated, so "we do not oppose anyone" adds to ``oppositional_negated``
    and not to ``oppositional``. Phrases are matched longest first: "not against
    anyone" is a multi-vector cue of its own.

    Codebook rule 2 says a stance needs a target: "a direct threat to our security" is
    neutral about terrorism and oppositional about NATO. A linear model cannot express
    that "and" from separate cue and actor counts, so ``<category>_with_actor`` repeats
    each category's (not negated) count when the statement names an actor, read from
    the placeholders of :class:`StatementNormalizer`.

    Parameters
    ----------
    scope : int, default=3
        How many words before a cue a negation reaches.
    actor_interactions : bool, default=True
        Add the ``<category>_with_actor`` features.

    Examples
    --------
    >>> names = CueFeatures().get_feature_names_out()
    >>> row = CueFeatures().fit_transform(["we do not oppose anyone"]).toarray()[0]
    >>> bool(dict(zip(names, row))["oppositional_negated"] > 0)
    True
    """

    def __init__(self, *, scope: int = 3, actor_interactions: bool = True) -> None:
        self.scope = scope
        self.actor_interactions = actor_interactions

    def __setstate__(self, state: dict) -> None:
        # Models saved before the interaction features existed were fitted without them.
        state = {"actor_interactions": False, **state}
        super().__setstate__(state)

    def fit(self, X: Iterable[str], y: object = None) -> CueFeatures:
        """Check parameters; the lexicons are fixed. Returns ``self``."""
        if not isinstance(self.scope, int) or self.scope < 0:
            raise ValueError(f"scope must be a non-negative int, got {self.scope!r}")
        self.n_features_in_ = 1
        return self

    def get_feature_names_out(self, input_features: object = None) -> np.ndarray:
        """Names of the cue features: ``<category>``, ``<category>_negated`` (and ``<category>_with_actor``)."""
        categories = _cue_lexicon().categories
        names = [f"{c}{suffix}" for c in categories for suffix in ("", "_negated")] + ["negations"]
        if self.actor_interactions:
            names += [f"{c}_with_actor" for c in categories]
        return np.asarray(names, dtype=object)

    def transform(self, X: Iterable[str]) -> sp.csr_matrix:
        """Return a sparse matrix of cue counts (log-scaled), one row per statement."""
        lexicon = _cue_lexicon()
        documents = _as_list(X)
        n_categories = len(lexicon.categories)
        width = 2 * n_categories + 1
        if not documents:
            return sp.csr_matrix((0, width + n_categories * bool(self.actor_interactions)))
        tokens, codes, document_of_token = lexicon.token_codes(documents)
        category = np.where(codes >= 0, (codes & 0xFF) - 1, -1)
        # Phrases first: a phrase match replaces the cues of the words it covers, as a
        # longest-first match would ("not against anyone" is one multi-vector cue).
        cue_start = category >= 0
        negation_at = category == lexicon.negation
        starts = np.flatnonzero(
            lexicon.has(codes[:-1], lexicon.PHRASE_START) & lexicon.has(codes[1:], lexicon.PHRASE_SECOND)
        ).tolist()
        covered_until = -1
        for start in starts:
            if start <= covered_until:
                continue
            for words, index in lexicon.phrases[tokens[start]]:
                end = start + len(words)
                window = tuple(tokens[start:end])
                # The last word may carry a possessive: "the General Assembly's agenda".
                if window == words or window[:-1] + (window[-1].split("'", 1)[0],) == words:
                    category[start:end] = -1
                    cue_start[start:end] = negation_at[start:end] = False
                    if index == lexicon.negation:
                        negation_at[end - 1] = True  # its scope starts after the phrase
                    else:
                        category[start], cue_start[start] = index, True
                    covered_until = end - 1
                    break
        cue_start &= ~negation_at
        # A cue is negated when the last negation before it, in the same statement, is
        # at most `scope` words away; document breaks stop a negation.
        position = np.arange(len(tokens))
        marker = np.where(negation_at | (codes == _BREAK_ID), position, -1)
        last = np.maximum.accumulate(marker) if len(marker) else marker
        cues = np.flatnonzero(cue_start)
        before = last[np.maximum(cues - 1, 0)]
        negated = (cues > 0) & (before >= 0) & negation_at[before] & (cues - before - 1 <= self.scope)
        documents_of_cues = document_of_token[cues]
        columns = 2 * category[cues] + negated
        negations = np.flatnonzero(negation_at)
        flat = np.concatenate([documents_of_cues * width + columns, document_of_token[negations] * width + (width - 1)])
        counts = np.bincount(flat, minlength=len(documents) * width).reshape(len(documents), width).astype(float)
        if self.actor_interactions:
            has_actor = np.zeros(len(documents), dtype=bool)
            has_actor[document_of_token[lexicon.has(codes, lexicon.ACTOR)]] = True
            counts = np.hstack([counts, counts[:, 0 : 2 * n_categories : 2] * has_actor[:, None]])
        return sp.csr_matrix(np.log1p(counts))


def _with_break(vocabulary: dict[str, int]) -> dict[str, int]:
    return {**vocabulary, _DOC_BREAK: _BREAK_ID}


# For ASCII text, TOKEN_PATTERN's tokens are the white-space separated runs of
# [A-Za-z0-9_'-] with apostrophes and hyphens stripped from their ends: bytes.translate
# and str.split find them about three times faster than the regex.
_ASCII_WORD = frozenset(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_'-")
_ASCII_TO_WORDS = bytes(c if c in _ASCII_WORD else 0x20 for c in range(256))


def _ascii_tokens(text: str) -> list[str]:
    runs = " " + text.encode("ascii").translate(_ASCII_TO_WORDS).decode("ascii") + " "
    # Strip apostrophes and hyphens from the ends of each run with str.replace, at C
    # speed: a run that starts or ends with one has a space on that side.
    while " '" in runs or " -" in runs:
        runs = runs.replace(" '", "  ").replace(" -", "  ")
    while "' " in runs or "- " in runs:
        runs = runs.replace("' ", "  ").replace("- ", "  ")
    return runs.split()


def _tokenize_batch(documents: Sequence[str], token_pattern: str) -> list[str]:
    """The lower-cased tokens of the documents, one break token between documents."""
    separator = f" {_DOC_BREAK} "
    if token_pattern != TOKEN_PATTERN:
        return re.findall(token_pattern, separator.join(documents).lower())
    tokens: list[str] = []
    # Runs of consecutive ASCII documents take the fast path, the others the regex.
    for index, (is_ascii, run) in enumerate(groupby(documents, key=str.isascii)):
        if index:
            tokens.append(_DOC_BREAK)
        text = separator.join(run).lower()
        tokens += _ascii_tokens(text) if is_ascii else re.findall(token_pattern, text)
    return tokens


class _TokenIndex:
    """A number for every distinct token this process has seen (the document break is 0).

    Each feature group needs its own value per token: an n-gram vocabulary id, a word
    vector row, a cue code. Rather than look every token of a batch up in each group's
    dictionary, the batch is looked up once here, and each group reads its values from
    an array indexed by these numbers (:class:`_TokenValues`). Past ``max_tokens``
    distinct tokens new ones get no number (-1), so memory stays bounded, and their
    values are looked up directly.
    """

    def __init__(self, max_tokens: int = 1_000_000) -> None:
        self.max_tokens = max_tokens
        self.numbers: dict[str, int] = {_DOC_BREAK: 0}
        self.tokens: list[str] = [_DOC_BREAK]
        self.lock = threading.Lock()  # Dask's threaded scheduler featurizes batches concurrently

    def number(self, tokens: list[str]) -> np.ndarray:
        """The numbers of ``tokens`` (-1 for a new token once the index is full)."""
        numbers = np.fromiter(map(self.numbers.get, tokens, repeat(-1)), dtype=np.int64, count=len(tokens))
        new = np.flatnonzero(numbers < 0)
        if len(new) and len(self.tokens) < self.max_tokens:
            with self.lock:
                for position in new.tolist():
                    token = tokens[position]
                    number = self.numbers.get(token)
                    if number is None and len(self.tokens) < self.max_tokens:
                        number = self.numbers[token] = len(self.tokens)
                        self.tokens.append(token)
                    numbers[position] = -1 if number is None else number
        return numbers


_TOKEN_INDEX = _TokenIndex()


class _TokenValues:
    """One feature group's value for every token of :data:`_TOKEN_INDEX`, as an array.

    ``value(token)`` is computed once per distinct token, when a batch first brings it.
    """

    def __init__(self, value: Callable[[str], int]) -> None:
        self.value = value
        self.values = np.zeros(0, dtype=np.int64)

    def of(self, tokens: list[str], numbers: np.ndarray) -> np.ndarray:
        """The values of a batch's ``tokens``, given their index ``numbers``."""
        index = _TOKEN_INDEX
        if len(self.values) < len(index.tokens):
            with index.lock:
                have, need = len(self.values), len(index.tokens)
                if have < need:
                    added = np.fromiter(map(self.value, index.tokens[have:need]), dtype=np.int64, count=need - have)
                    self.values = np.concatenate([self.values, added])
        values = self.values[numbers]
        unnumbered = np.flatnonzero(numbers < 0)
        if len(unnumbered):
            values[unnumbered] = [self.value(tokens[position]) for position in unnumbered.tolist()]
        return values


def _batch_tokens(documents: list[str], token_pattern: str) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Tokenize a batch in one pass: its tokens, their :data:`_TOKEN_INDEX` numbers and documents.

    The documents are joined by a break token, lower-cased and tokenized in one call
    (once per :class:`NormalizedStatements` batch, whose cache keeps the result, shared
    by the feature groups), and every token is numbered at C speed (``map``), instead of
    a Python loop per document. Feature groups turn the numbers into their own ids with
    :class:`_TokenValues`, whose values must be ``_BREAK_ID`` for the break token. The
    break tokens stay in the token list, so an n-gram spanning two documents contains
    one and is never in a vocabulary (see :meth:`NgramVectorizer.transform` for a
    vocabulary fitted on the break word).
    """
    cached = getattr(documents, "__dict__", {}).get("tokens")
    if cached is not None and cached[0] == token_pattern:
        return cached[1:]
    tokens = _tokenize_batch(documents, token_pattern)
    numbers = _TOKEN_INDEX.number(tokens)
    breaks = numbers == 0
    if int(breaks.sum()) == max(len(documents) - 1, 0):
        document_of_token = np.cumsum(breaks)
    else:
        # A statement holds the break word itself (in any case): number the tokens by
        # tokenizing one statement at a time. Its own break words count as unknown words.
        per_document = [_tokenize_batch([document], token_pattern) for document in documents]
        tokens = [token for index, part in enumerate(per_document) for token in ([_DOC_BREAK] * (index > 0) + part)]
        sizes = [len(part) + (index > 0) for index, part in enumerate(per_document)]
        document_of_token = np.repeat(np.arange(len(documents)), sizes)
        numbers = _TOKEN_INDEX.number(tokens)
    if isinstance(documents, NormalizedStatements):
        documents.__dict__["tokens"] = (token_pattern, tokens, numbers, document_of_token)
    return tokens, numbers, document_of_token


class _NgramTable:
    """A fitted n-gram vocabulary as numbers, to look up a batch's n-grams with numpy.

    Every word of the vocabulary gets a token id; an n-gram of known words is the
    base-``n_tokens`` number of its token ids, and the vocabulary's n-grams are a
    sorted array of such numbers. A batch then costs one dictionary lookup per token,
    and its n-grams are found by ``np.searchsorted`` instead of joining and hashing a
    string per n-gram (three times faster, same columns). N-grams too long for an
    int64 number are joined and looked up as strings.
    """

    def __init__(self, vocabulary: dict[str, int]) -> None:
        self.vocabulary = vocabulary
        self.has_break = any(_DOC_BREAK in term.split(" ") for term in vocabulary)
        words: dict[str, int] = {}
        for term in vocabulary:
            for word in term.split(" "):
                words.setdefault(word, len(words))
        self.n_tokens = max(len(words), 1)
        self.token_ids = _with_break(words)
        self.token_values = _TokenValues(lambda token: self.token_ids.get(token, -1))
        self.unigram_columns = np.full(len(words) + 1, -1, dtype=np.int64)  # the last: unknown words
        by_length: dict[int, tuple[list[int], list[int]]] = {}
        for term, column in vocabulary.items():
            parts = term.split(" ")
            if len(parts) == 1:
                self.unigram_columns[words[term]] = column
                continue
            key = 0
            for part in parts:
                key = key * self.n_tokens + words[part]
            keys, columns = by_length.setdefault(len(parts), ([], []))
            keys.append(key)
            columns.append(column)
        self.ngram_keys: dict[int, tuple[np.ndarray, np.ndarray]] = {}
        for n, (keys, columns) in by_length.items():
            if self._fits_int64(n):
                order = np.argsort(keys)
                self.ngram_keys[n] = (
                    np.asarray(keys, dtype=np.int64)[order],
                    np.asarray(columns, dtype=np.int64)[order],
                )
        self.strings = _with_break(vocabulary)

    def _fits_int64(self, n: int) -> bool:
        return self.n_tokens**n < 2**62

    def ngram_columns(self, n: int, tokens: list[str], token_ids: np.ndarray) -> np.ndarray:
        """The vocabulary column of each n-gram of the token stream (-1 if none)."""
        count = max(len(tokens) - n + 1, 0)
        if n == 1:
            return self.unigram_columns[np.where(token_ids >= 0, token_ids, -1)]
        if not self._fits_int64(n):
            grams = map(" ".join, zip(*(tokens[i:] for i in range(n))))
            return np.fromiter(map(self.strings.get, grams, repeat(-1)), dtype=np.int64, count=count)
        if n not in self.ngram_keys or count == 0:
            return np.full(count, -1, dtype=np.int64)
        keys, columns = self.ngram_keys[n]
        known = token_ids >= 0  # unknown words and document breaks are negative
        valid = np.ones(count, dtype=bool)
        key = np.zeros(count, dtype=np.int64)
        for i in range(n):
            valid &= known[i : i + count]
            key = key * self.n_tokens + token_ids[i : i + count]
        position = np.minimum(np.searchsorted(keys, key), len(keys) - 1)
        hit = valid & (keys[position] == key)
        return np.where(hit, columns[position], -1)


class NgramVectorizer(TfidfVectorizer):
    """A :class:`~sklearn.feature_extraction.text.TfidfVectorizer` that saves compactly.

    It behaves exactly like its parent. Only its saved form differs: the vocabulary is
    stored as one newline-joined string instead of a dict of tens of thousands of
    numpy integers, which skops would write as one file each (14 MB and 4 s to load,
    against under 1 MB and a fraction of a second).
    """

    def transform(self, raw_documents: Iterable[str]) -> sp.csr_matrix:
        """Return the TF-IDF matrix of ``raw_documents``, exactly as the parent would.

        For the word analyzer with default pre-processing, the n-grams of the whole
        batch are looked up in one pass at C speed (``map`` over one token list) and
        counted with sparse-matrix arithmetic, instead of the parent's Python loop over
        every n-gram of every document: several times faster, same numbers.
        """
        documents = _as_list(raw_documents)
        # A vocabulary fitted on text holding the break word would count it where the
        # batch path cannot: the parent's path then.
        if not self._batch_counting_applies() or self._lookup_table().has_break:
            return super().transform(documents)
        counts = self._count_batch(documents)
        return self._tfidf.transform(counts, copy=False)

    def _batch_counting_applies(self) -> bool:
        return (
            self.analyzer == "word"
            and self.lowercase
            and self.preprocessor is None
            and self.tokenizer is None
            and self.stop_words is None
            and self.strip_accents is None
            and not self.binary
        )

    def _count_batch(self, documents: list[str]) -> sp.csr_matrix:
        table = self._lookup_table()
        tokens, numbers, document_of_token = _batch_tokens(documents, self.token_pattern)
        token_ids = table.token_values.of(tokens, numbers)
        min_n, max_n = self.ngram_range
        rows, columns = [], []
        for n in range(min_n, max_n + 1):
            ids = table.ngram_columns(n, tokens, token_ids)
            found = ids >= 0
            rows.append(document_of_token[: len(ids)][found])
            columns.append(ids[found])
        row = np.concatenate(rows) if rows else np.zeros(0, dtype=np.int64)
        column = np.concatenate(columns) if columns else np.zeros(0, dtype=np.int64)
        counts = sp.csr_matrix(
            (np.ones(len(row), dtype=self.dtype), (row, column)),
            shape=(len(documents), len(self.vocabulary_)),
            dtype=self.dtype,
        )
        counts.sum_duplicates()
        return counts

    def _lookup_table(self) -> _NgramTable:
        # Built once per fitted vocabulary and never saved (see __getstate__).
        check_is_fitted(self, "vocabulary_")
        cached = self.__dict__.get("_lookup")
        if cached is None or cached.vocabulary is not self.vocabulary_:
            cached = _NgramTable(self.vocabulary_)
            self.__dict__["_lookup"] = cached
        return cached

    def fit(self, raw_documents: Iterable[str], y: object = None) -> NgramVectorizer:
        """Learn the vocabulary and IDF, as the parent does. Returns ``self``."""
        self.__dict__.pop("_lookup", None)
        return super().fit(raw_documents, y)

    def fit_transform(self, raw_documents: Iterable[str], y: object = None) -> sp.csr_matrix:
        """Learn the vocabulary and IDF and return the TF-IDF matrix, as the parent does."""
        self.__dict__.pop("_lookup", None)
        return super().fit_transform(raw_documents, y)

    def __getstate__(self) -> dict:
        state = dict(super().__getstate__())  # a copy: the parent returns our own __dict__
        state.pop("_lookup", None)
        vocabulary = state.pop("vocabulary_", None)
        if vocabulary is not None:
            terms = sorted(vocabulary, key=vocabulary.__getitem__)
            state["vocabulary_terms_"] = "\n".join(terms)
        state.pop("stop_words_", None)  # only informative, and as large as the vocabulary
        return state

    def __setstate__(self, state: dict) -> None:
        state = dict(state)
        terms = state.pop("vocabulary_terms_", None)
        if terms is not None:
            state["vocabulary_"] = {term: i for i, term in enumerate(terms.split("\n"))}
        super().__setstate__(state)


@lru_cache(maxsize=1)
def _word_vectors() -> tuple[dict[str, int], np.ndarray, str]:
    """The shipped UNGDC word vectors: a lookup table (with the break token), the matrix, its sha256."""
    raw = resources.files("stancekit.resources").joinpath("word_vectors.npz").read_bytes()
    archive = np.load(io.BytesIO(raw), allow_pickle=False)
    words = archive["vocabulary"].tobytes().decode("utf-8").split("\n")
    vectors = archive["vectors"].astype(np.float32)
    return _with_break({word: i for i, word in enumerate(words)}), vectors, hashlib.sha256(raw).hexdigest()


@lru_cache(maxsize=1)
def _word_vector_rows() -> _TokenValues:
    """The row of each token in the shipped word vectors (-1: none; the break: ``_BREAK_ID``)."""
    lookup = _word_vectors()[0]
    return _TokenValues(lambda token: lookup.get(token, -1))


#: Smoothing ``a`` of the smooth-inverse-frequency word weights ``a / (a + p(word))``.
SIF_SMOOTHING = 1e-3


@lru_cache(maxsize=1)
def _sif_word_vectors() -> np.ndarray:
    """The shipped word vectors, each scaled by its smooth-inverse-frequency weight."""
    _, vectors, sha256 = _word_vectors()
    raw = resources.files("stancekit.resources").joinpath("word_frequencies.npz").read_bytes()
    archive = np.load(io.BytesIO(raw), allow_pickle=False)
    if archive["vectors_sha256"].tobytes().decode("ascii") != sha256 or len(archive["counts"]) != len(vectors):
        raise RuntimeError(
            "stancekit/resources/word_frequencies.npz was counted for other word vectors; "
            "rebuild it with tools/count_word_frequencies.py"
        )
    frequency = archive["counts"] / float(archive["total"])
    weights = (SIF_SMOOTHING / (SIF_SMOOTHING + frequency)).astype(np.float32)
    return vectors * weights[:, None]


class WordVectorFeatures(TransformerMixin, BaseEstimator):
    """A statement's word vector, from word2vec trained on the UN General Debate.

    The vectors (``resources/word_vectors.npz``, built by ``tools/train_word_vectors.py``
    from the corpus's training speeches and the unlabeled rest of the UNGDC) place words
    used in the same contexts near each other, so a statement can be recognised from
    words the labeled corpus never showed with a label ("equidistant", "lackeys"). They
    are read from the package, never stored in a saved model.

    Parameters
    ----------
    weighting : {"sif", "mean"}, default="sif"
        ``"sif"``: the smooth-inverse-frequency embedding of Arora, Liang and Ma (2017,
        "A simple but tough-to-beat baseline for sentence embeddings"): each word's
        vector is weighted by ``a / (a + p(word))`` (:data:`SIF_SMOOTHING`, word
        frequencies from ``resources/word_frequencies.npz``), and the direction that all
        training statements share (their first singular vector, learned in ``fit``) is
        removed. Frequent words then no longer set the direction of a long statement,
        so short quotes and long speech sentences are described alike. ``"mean"``: the
        plain mean of the word vectors (models saved before the weighting existed use it).
        Either way the result is L2-normalized; a statement with no known word is all
        zeros.

    Attributes
    ----------
    common_direction_ : ndarray of shape (n_dimensions,)
        With ``weighting="sif"``: the direction removed from every statement's vector.
    vectors_sha256_ : str
        The sha256 of the word vectors the model was fitted with.

    Examples
    --------
    >>> features = WordVectorFeatures().fit(["our closest ally", "the budget session", "we condemn it"])
    >>> rows = features.transform(["our closest ally", "our closest partner", "the budget session"]).toarray()
    >>> bool(rows[0] @ rows[1] > rows[0] @ rows[2])
    True
    """

    def __init__(self, *, weighting: str = "sif") -> None:
        self.weighting = weighting

    def __setstate__(self, state: dict) -> None:
        # Models saved before the weighting existed used the plain mean.
        super().__setstate__({"weighting": "mean", **state})

    def fit(self, X: Iterable[str], y: object = None) -> WordVectorFeatures:
        """Record the vectors' sha256 and, for ``"sif"``, learn the common direction. Returns ``self``.

        Raises
        ------
        ValueError
            If ``weighting`` is not ``"sif"`` or ``"mean"``.
        """
        if self.weighting not in ("sif", "mean"):
            raise ValueError(f"weighting must be 'sif' or 'mean', got {self.weighting!r}")
        self.n_features_in_ = 1
        self.vectors_sha256_ = _word_vectors()[2]
        self.__dict__.pop("common_direction_", None)
        if self.weighting == "sif":
            sums, n_words = self._sums(_as_list(X))
            means = sums / np.maximum(n_words, 1)[:, None]
            # The first right singular vector of the statements' vectors (not centered,
            # as in the paper): the direction they all share; none if no word is known.
            direction = np.linalg.svd(means, full_matrices=False)[2][0] if means.any() else np.zeros(means.shape[1])
            self.common_direction_ = direction.astype(np.float32)
        return self

    def get_feature_names_out(self, input_features: object = None) -> np.ndarray:
        """Names of the vector dimensions: ``dim_000``, ``dim_001``..."""
        return np.asarray([f"dim_{i:03d}" for i in range(_word_vectors()[1].shape[1])], dtype=object)

    def transform(self, X: Iterable[str]) -> sp.csr_matrix:
        """Return the normalized statement vectors (dense values, sparse type).

        Raises
        ------
        ModelVersionError
            If the model was fitted with other word vectors than this installation
            ships: its weights would not mean anything for these.
        """
        return sp.csr_matrix(self.transform_dense(X))

    def transform_dense(self, X: Iterable[str]) -> np.ndarray:
        """:meth:`transform` as a dense array, which the vectors are: cheaper to multiply.

        Raises
        ------
        ModelVersionError
            As :meth:`transform`.
        """
        documents = _as_list(X)
        self._check_vectors()
        sums, _ = self._sums(documents)
        direction = getattr(self, "common_direction_", None)
        if direction is not None:
            # Scale does not matter before normalizing: the sum stands for the mean. A
            # row-wise sum, not a matrix product, so a row's value is the same whatever
            # the batch (BLAS kernels vary with the matrix size).
            sums -= np.outer((sums * direction).sum(axis=1), direction)
        norms = np.linalg.norm(sums, axis=1, keepdims=True)
        return np.divide(sums, norms, out=np.zeros_like(sums), where=norms > 0)

    def word_contributions(self, text: str, weights: np.ndarray) -> list[tuple[str, float]]:
        """Split the product of ``weights`` with a statement's vector over its words.

        The statement vector is a sum of word vectors, projected and scaled by the same
        factors for every word, so ``weights @ transform([text])[0]`` is exactly a sum of
        one term per word: a word's share of the direction the statement points in.
        This is what makes the vector dimensions, which have no readable names,
        explainable by words.

        Parameters
        ----------
        text : str
            One normalized statement (the output of :class:`StatementNormalizer`).
        weights : ndarray of shape (n_dimensions,)
            A weight for each vector dimension (for instance a classifier's
            coefficients).

        Returns
        -------
        list of (str, float)
            Each distinct word that has a vector, first occurrence first, with the sum
            of its terms (a repeated word counts each time). The values add up to
            ``weights @ transform([text])[0]``.

        Examples
        --------
        >>> features = WordVectorFeatures(weighting="mean").fit(["our closest ally"])
        >>> weights = features.transform(["our closest ally"]).toarray()[0]
        >>> [word for word, _ in features.word_contributions("our closest ally", weights)]
        ['our', 'closest', 'ally']
        """
        self._check_vectors()
        tokens, numbers, _ = _batch_tokens([text], TOKEN_PATTERN)
        rows = _word_vector_rows().of(tokens, numbers)
        words = [token for token, row in zip(tokens, rows.tolist()) if row >= 0]
        if not words:
            return []
        word_vectors = self._vectors()[rows[rows >= 0]].astype(np.float64)
        direction = getattr(self, "common_direction_", None)
        if direction is not None:
            word_vectors -= np.outer(word_vectors @ direction, direction)
        norm = np.linalg.norm(word_vectors.sum(axis=0))
        if norm == 0:
            return []
        shares: dict[str, float] = {}
        for word, value in zip(words, (word_vectors @ np.asarray(weights, dtype=np.float64) / norm).tolist()):
            shares[word] = shares.get(word, 0.0) + value
        return list(shares.items())

    def _check_vectors(self) -> None:
        """Raise :class:`ModelVersionError` if fitted with other word vectors than this installation ships."""
        sha256 = _word_vectors()[2]
        fitted_with = getattr(self, "vectors_sha256_", sha256)
        if fitted_with != sha256:
            raise ModelVersionError(
                f"this model was fitted with word vectors {fitted_with[:12]}, but this stancekit installation "
                f"ships {sha256[:12]}; retrain the model, or use the stancekit version it was trained with"
            )

    def _vectors(self) -> np.ndarray:
        """The word vectors of this weighting: SIF-scaled or plain."""
        return _sif_word_vectors() if self.weighting == "sif" else _word_vectors()[1]

    def _sums(self, documents: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """The (weighted) sum of each statement's word vectors, and its number of known words."""
        vectors = self._vectors()
        if not documents:
            return np.zeros((0, vectors.shape[1]), dtype=np.float32), np.zeros(0, dtype=np.int64)
        tokens, numbers, document_of_token = _batch_tokens(documents, TOKEN_PATTERN)
        ids = _word_vector_rows().of(tokens, numbers)
        known = ids >= 0
        # Tokens come in document order, so the rows can be laid out directly.
        rows = document_of_token[known]
        n_words = np.bincount(rows, minlength=len(documents))
        row_starts = np.concatenate([[0], np.cumsum(n_words)])
        counts = sp.csr_matrix(
            (np.ones(len(rows), dtype=np.float32), ids[known], row_starts),
            shape=(len(documents), vectors.shape[0]),
        )
        return np.asarray(counts @ vectors), n_words


def make_ngram_vectorizer(
    *, ngram_range: tuple[int, int] = (1, 2), min_df: int = 2, max_features: int | None = 50_000
) -> TfidfVectorizer:
    """Return the word n-gram vectorizer used by the model.

    Tokens are words of letters, digits, apostrophes, hyphens and underscores (so the
    actor placeholders stay whole); weights are sublinear TF-IDF.

    Examples
    --------
    >>> make_ngram_vectorizer(min_df=1).fit(["our closest ally"]).get_feature_names_out()[:3].tolist()
    ['ally', 'closest', 'closest ally']
    """
    return NgramVectorizer(
        lowercase=True,
        token_pattern=TOKEN_PATTERN,
        ngram_range=ngram_range,
        min_df=min_df,
        max_features=max_features,
        sublinear_tf=True,
        dtype=np.float32,
    )


def make_feature_union(
    groups: Sequence[str] = FEATURE_GROUPS,
    *,
    ngram_range: tuple[int, int] = (1, 2),
    min_df: int = 2,
    max_features: int | None = 50_000,
    lexicon_weight: float = 1.0,
    vector_weight: float = 2.0,
    vector_weighting: str = "sif",
) -> FeatureUnion:
    """Return a :class:`~sklearn.pipeline.FeatureUnion` of the named feature groups.

    Parameters
    ----------
    groups : sequence of str
        Any of :data:`FEATURE_GROUPS`.
    ngram_range, min_df, max_features
        Passed to :func:`make_ngram_vectorizer`.
    lexicon_weight : float, default=1.0
        Multiplier of the actor and cue features. Larger values make them cheaper under
        the classifier's regularization, so the codebook's wording counts for more
        against the thousands of corpus n-grams.
    vector_weight : float, default=2.0
        Multiplier of the word-vector features.
    vector_weighting : {"sif", "mean"}, default="sif"
        How word vectors make a statement's vector (:class:`WordVectorFeatures`).

    Raises
    ------
    ValueError
        If a group name is unknown or no group is given.
    """
    unknown = [g for g in groups if g not in FEATURE_GROUPS]
    if unknown or not groups:
        raise ValueError(f"features must be a non-empty subset of {list(FEATURE_GROUPS)}, got {list(groups)!r}")
    makers = {
        "ngrams": lambda: make_ngram_vectorizer(ngram_range=ngram_range, min_df=min_df, max_features=max_features),
        "vectors": lambda: WordVectorFeatures(weighting=vector_weighting),
        "actors": ActorFeatures,
        "cues": CueFeatures,
    }
    chosen = [name for name in FEATURE_GROUPS if name in groups]
    group_weights = {"ngrams": 1.0, "vectors": float(vector_weight)}
    weights = {name: group_weights.get(name, float(lexicon_weight)) for name in chosen}
    return FeatureUnion([(name, makers[name]()) for name in chosen], transformer_weights=weights)
