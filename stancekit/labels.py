"""The closed set of stance labels and the one function that parses them.

The scheme is fixed by the project's codebook (``docs/CODEBOOK.md``): every statement
gets exactly one of four labels. No other module spells a label out.
"""

from __future__ import annotations

import enum
import re

from .exceptions import LabelError

__all__ = ["LABELS", "Label", "parse_label"]


class Label(str, enum.Enum):
    """A foreign-policy stance, as defined by the codebook.

    Members compare equal to their string values, so ``Label.ALIGNED == "aligned"``.
    """

    MULTI_VECTOR = "multi-vector"
    ALIGNED = "aligned"
    NEUTRAL = "neutral"
    OPPOSITIONAL = "oppositional"

    def __str__(self) -> str:
        return self.value

    @property
    def column(self) -> str:
        """Name of the probability column in batch output, e.g. ``p_multi_vector``."""
        return "p_" + self.value.replace("-", "_")


#: The four labels in the codebook's order.
LABELS: tuple[str, ...] = tuple(label.value for label in Label)

_SEPARATORS = re.compile(r"[\s_-]+")
_BY_KEY = {_SEPARATORS.sub("", label.value): label for label in Label}


def parse_label(value: object) -> Label:
    """Parse a label written by a person or another tool.

    Matching ignores case, surrounding white space, and the separator in
    ``multi-vector``: ``"Multi-Vector"``, ``"multivector"`` and ``"multi_vector"`` all
    parse to :attr:`Label.MULTI_VECTOR`.

    Parameters
    ----------
    value : object
        A string (or :class:`Label`).

    Returns
    -------
    Label

    Raises
    ------
    LabelError
        If ``value`` is not a string naming one of the four labels.

    Examples
    --------
    >>> parse_label(" Multi_Vector ")
    <Label.MULTI_VECTOR: 'multi-vector'>
    >>> parse_label("pro-west")
    Traceback (most recent call last):
    ...
    stancekit.exceptions.LabelError: unknown label 'pro-west'; expected one of 'multi-vector', ...
    """
    if isinstance(value, Label):
        return value
    if isinstance(value, str):
        label = _BY_KEY.get(_SEPARATORS.sub("", value.strip().lower()))
        if label is not None:
            return label
    expected = ", ".join(repr(label) for label in LABELS)
    raise LabelError(f"unknown label {value!r}; expected one of {expected}")
