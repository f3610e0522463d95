"""Exceptions raised by stancekit.

Each subclasses :class:`StancekitError` and the builtin it refines, so callers can catch
either ``stancekit.DataError`` or plain ``ValueError``.
"""

from __future__ import annotations

__all__ = [
    "DataError",
    "DataWarning",
    "LabelError",
    "ModelLoadError",
    "ModelVersionError",
    "ModelVersionWarning",
    "StancekitError",
    "UntrustedModelError",
]


class StancekitError(Exception):
    """Base class of every error stancekit raises on purpose."""


class LabelError(StancekitError, ValueError):
    """A value is not one of the four stance labels."""


class DataError(StancekitError, ValueError):
    """Input data is malformed: a missing column, a bad row, an unreadable file."""


class ModelLoadError(StancekitError, OSError):
    """A model file cannot be read: missing, truncated, corrupted or not a stancekit model."""


class UntrustedModelError(ModelLoadError):
    """A model file contains types stancekit does not trust, so it was not loaded."""


class ModelVersionWarning(UserWarning):
    """A model was saved with other versions of stancekit or scikit-learn than those running."""


class ModelVersionError(StancekitError, ValueError):
    """A model needs package data (word vectors) that differ from those installed."""


class DataWarning(UserWarning):
    """Input data was changed to be usable: empty statements or conflicting duplicates dropped."""
