"""Saving and loading models safely, with metadata readable without loading.

Models are stored with skops (``.skops``), which rebuilds objects from a declarative
description and never executes code from the file. Loading accepts only the types in
:data:`TRUSTED_TYPES` beyond the numpy, scipy and scikit-learn types skops trusts by
default; a file naming anything else is refused with :class:`UntrustedModelError`.

A ``.skops`` file is a zip archive. stancekit adds one entry to it,
``stancekit-metadata.json`` (versions, labels, training data fingerprint, metrics,
creation time, model card), which :func:`model_info` reads without building the model.
"""

from __future__ import annotations

import io
import json
import os
import platform
import warnings
import zipfile
from datetime import datetime, timezone
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ._atomic import write_atomically
from ._version import __version__
from .exceptions import ModelLoadError, ModelVersionWarning, UntrustedModelError

if TYPE_CHECKING:
    from .model import StanceClassifier

__all__ = [
    "DEFAULT_MODEL_NAME",
    "TRUSTED_TYPES",
    "default_model_path",
    "load_model",
    "model_info",
    "save_model",
]

#: File name of the default model, in ``models/`` and inside the installed package.
DEFAULT_MODEL_NAME = "stancekit-default.skops"
METADATA_ENTRY = "stancekit-metadata.json"

#: stancekit's own types that a model file may contain.
TRUSTED_TYPES: tuple[str, ...] = (
    "stancekit.features.ActorFeatures",
    "stancekit.features.CueFeatures",
    "stancekit.features.NgramVectorizer",
    "stancekit.features.StatementNormalizer",
    "stancekit.features.WordVectorFeatures",
    "stancekit.model.StanceClassifier",
)


def default_model_path() -> Path:
    """Return the path of the default model shipped with stancekit.

    An installed package carries it as ``stancekit/models/``; a source checkout
    (editable install) reads it from the repository's top-level ``models/``.

    Returns
    -------
    pathlib.Path

    Raises
    ------
    ModelLoadError
        If neither location has the file.
    """
    packaged = Path(str(resources.files("stancekit"))) / "models" / DEFAULT_MODEL_NAME
    checkout = Path(__file__).resolve().parent.parent / "models" / DEFAULT_MODEL_NAME
    for candidate in (packaged, checkout):
        if candidate.is_file():
            return candidate
    raise ModelLoadError(
        f"the default model {DEFAULT_MODEL_NAME} is missing (looked in {packaged} and "
        f"{checkout}); reinstall stancekit, or pass the path of a model file"
    )


def save_model(
    model: StanceClassifier, path: str | os.PathLike[str], *, metadata: dict[str, Any] | None = None
) -> Path:
    """Save a fitted model to a ``.skops`` file, atomically.

    The file is written next to its destination and renamed into place when complete,
    so an interrupted save never leaves a truncated model behind.

    Parameters
    ----------
    model : StanceClassifier
        A fitted model.
    path : str or path-like
        Destination; ``.skops`` is the conventional extension.
    metadata : dict, optional
        Extra JSON-serializable fields stored with the model (metrics, a model card
        under ``"card"``...). They override the automatic fields of the same name.

    Returns
    -------
    pathlib.Path
        The path written.
    """
    import sklearn
    import skops
    import skops.io as sio
    from sklearn.utils.validation import check_is_fitted

    check_is_fitted(model, "pipeline_")
    info = {
        "format": "stancekit-model",
        "stancekit_version": __version__,
        "sklearn_version": sklearn.__version__,
        "skops_version": skops.__version__,
        "python_version": platform.python_version(),
        "labels": [str(label) for label in model.classes_],
        "params": {k: _jsonable(v) for k, v in model.get_params().items()},
        "training": getattr(model, "training_info_", {}),
        "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
    }
    info.update(metadata or {})
    buffer = io.BytesIO(sio.dumps(model, compression=zipfile.ZIP_DEFLATED))
    with zipfile.ZipFile(buffer, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(METADATA_ENTRY, json.dumps(info, indent=2, ensure_ascii=False))
    return write_atomically(path, buffer.getvalue())


def _jsonable(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value


def _read_archive(path: Path) -> tuple[bytes, dict[str, Any]]:
    if not path.is_file():
        raise ModelLoadError(f"model file not found: {path}")
    data = path.read_bytes()
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if "schema.json" not in names:
                raise ModelLoadError(f"{path} is not a skops model file (no schema.json inside)")
            metadata = json.loads(archive.read(METADATA_ENTRY)) if METADATA_ENTRY in names else {}
    except ModelLoadError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError) as exc:
        raise ModelLoadError(
            f"cannot read model file {path}: it is truncated, corrupted or not a "
            f".skops file ({type(exc).__name__}: {exc})"
        ) from exc
    return data, metadata


def model_info(path: str | os.PathLike[str] | None = None) -> dict[str, Any]:
    """Return the metadata stored with a model, without loading the model.

    Parameters
    ----------
    path : str or path-like, optional
        A ``.skops`` file; the default model if omitted.

    Returns
    -------
    dict
        ``stancekit_version``, ``sklearn_version``, ``labels``, ``training``
        (statements, label counts, ``data_sha256``), ``created``, and whatever the
        trainer stored (``metrics``, ``card``...).

    Raises
    ------
    ModelLoadError
        If the file is missing, truncated or not a model file.
    """
    _, metadata = _read_archive(Path(path) if path is not None else default_model_path())
    return metadata


@lru_cache(maxsize=1)
def _default_model() -> StanceClassifier:
    """The default model, loaded once per process for :func:`stancekit.predict`."""
    return load_model()


def load_model(path: str | os.PathLike[str] | None = None) -> StanceClassifier:
    """Load a model saved with :func:`save_model`, refusing untrusted content.

    Parameters
    ----------
    path : str or path-like, optional
        A ``.skops`` file; the default model shipped with stancekit if omitted.

    Returns
    -------
    StanceClassifier
        The fitted model.

    Raises
    ------
    ModelLoadError
        If the file is missing, truncated, corrupted or holds no stancekit model.
    UntrustedModelError
        If the file contains a type outside scikit-learn's and :data:`TRUSTED_TYPES`;
        nothing from the file is executed.

    Warns
    -----
    ModelVersionWarning
        If the model was saved with another version of scikit-learn or stancekit.
    """
    import sklearn
    import skops.io as sio

    from .model import StanceClassifier

    path = Path(path) if path is not None else default_model_path()
    data, metadata = _read_archive(path)
    try:
        untrusted = sio.get_untrusted_types(data=data)
    except Exception as exc:  # skops raises assorted errors on a damaged schema
        raise ModelLoadError(f"cannot read model file {path}: corrupted schema ({exc})") from exc
    refused = sorted(set(untrusted) - set(TRUSTED_TYPES))
    if refused:
        raise UntrustedModelError(
            f"refusing to load {path}: it contains types stancekit does not trust: "
            f"{', '.join(refused)}. Only load model files from sources you trust; "
            "if you do trust this one, load it with skops.io.load(path, trusted=[...])"
        )
    for package, saved, running in (
        ("scikit-learn", metadata.get("sklearn_version"), sklearn.__version__),
        ("stancekit", metadata.get("stancekit_version"), __version__),
    ):
        if saved and saved != running:
            warnings.warn(
                f"{path} was saved with {package} {saved} and is loaded with {running}; "
                "predictions may differ. Retrain or re-save the model with this version "
                "to silence this warning",
                ModelVersionWarning,
                stacklevel=2,
            )
    try:
        model = sio.loads(data, trusted=list(untrusted))
    except Exception as exc:
        raise ModelLoadError(f"cannot load model file {path}: {type(exc).__name__}: {exc}") from exc
    if not isinstance(model, StanceClassifier):
        raise ModelLoadError(f"{path} holds a {type(model).__name__}, not a stancekit StanceClassifier")
    model.metadata_ = metadata
    return model
