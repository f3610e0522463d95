"""Reference baselines the shipped model must beat, side by side on the same data.

* :class:`MajorityBaseline` predicts the most frequent training label.
* :class:`KeywordRuleBaseline` applies rules written only from the codebook's wording
  (its label definitions and examples), in the codebook's precedence order
  (rule 6: oppositional > aligned > multi-vector > neutral).
* :class:`VaderBaseline` maps VADER sentiment (vaderSentiment) to labels: compound
  <= -0.05 -> oppositional, >= 0.05 -> aligned, otherwise neutral. Sentiment has no
  notion of balancing several camps, so it never predicts multi-vector.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

import numpy as np

from stancekit import LABELS

_RULES: list[tuple[str, re.Pattern[str]]] = [
    (
        "multi-vector",
        re.compile(
            r"multi-?vector|balanced (?:relations|policy|foreign policy)|with (?:all|everyone)|"
            r"against (?:no one|nobody|anyone)|not (?:intend|want) to choose|east and (?:in the )?west|"
            r"diversif|several directions|all partners|friends with everyone",
            re.I,
        ),
    ),
    (
        "oppositional",
        re.compile(
            r"condemn|sanction|aggress|occup|hegemon|imperialis|interfer|expansion|threat|"
            r"dictate|impose their will|self-proclaimed masters|colonial|blockade",
            re.I,
        ),
    ),
    (
        "aligned",
        re.compile(
            r"\ball(?:y|ies|iance)\b|strategic partner|brotherly|fraternal|solidarity|"
            r"fully support|shoulder to shoulder|our future lies|closest|integration|union state",
            re.I,
        ),
    ),
]
# Codebook rule 6 precedence; "against no one" (multi-vector) is tested before opposition.
_ORDER = ["oppositional", "aligned", "multi-vector"]


class MajorityBaseline:
    """Predict the most frequent label of the training data."""

    def fit(self, texts: Iterable[str], labels: Iterable[str]) -> MajorityBaseline:
        self.label_ = Counter(labels).most_common(1)[0][0]
        return self

    def predict(self, texts: Iterable[str]) -> np.ndarray:
        return np.asarray([self.label_ for _ in texts], dtype=object)


class KeywordRuleBaseline:
    """Keyword rules written from the codebook's definitions and examples."""

    def fit(self, texts: Iterable[str] = (), labels: Iterable[str] = ()) -> KeywordRuleBaseline:
        return self

    def predict_one(self, text: str) -> str:
        hits = {label for label, pattern in _RULES if pattern.search(text)}
        if "multi-vector" in hits and re.search(r"against (?:no one|nobody|anyone)", text, re.I):
            return "multi-vector"
        for label in _ORDER:
            if label in hits:
                return label
        return "neutral"

    def predict(self, texts: Iterable[str]) -> np.ndarray:
        return np.asarray([self.predict_one(t) for t in texts], dtype=object)


class VaderBaseline:
    """VADER sentiment mapped to stance labels."""

    def fit(self, texts: Iterable[str] = (), labels: Iterable[str] = ()) -> VaderBaseline:
        from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

        self.analyzer_ = SentimentIntensityAnalyzer()
        return self

    def predict(self, texts: Iterable[str]) -> np.ndarray:
        out = []
        for text in texts:
            compound = self.analyzer_.polarity_scores(text)["compound"]
            out.append("oppositional" if compound <= -0.05 else "aligned" if compound >= 0.05 else "neutral")
        return np.asarray(out, dtype=object)


assert set(_ORDER) | {"neutral"} == set(LABELS)
