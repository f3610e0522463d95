import json
import shutil
import warnings
import zipfile

import numpy as np
import pytest

import stancekit
from stancekit import ModelLoadError, UntrustedModelError, load_model, model_info, save_model
from stancekit.exceptions import ModelVersionWarning

TEXTS = [
    "Russia is our closest ally.",
    "We condemn NATO's expansion.",
    "The session opened on Monday.",
    "We are friends with East and West alike.",
]


def test_round_trip_gives_identical_probabilities(small_model, tmp_path):
    path = small_model.save(tmp_path / "m.skops") or tmp_path / "m.skops"
    loaded = load_model(path)
    np.testing.assert_array_equal(loaded.predict_proba(TEXTS), small_model.predict_proba(TEXTS))
    assert list(loaded.classes_) == list(small_model.classes_)


def test_metadata_is_readable_without_loading(small_model, tmp_path):
    path = save_model(small_model, tmp_path / "m.skops", metadata={"metrics": {"macro_f1": 0.5}})
    info = model_info(path)
    assert info["stancekit_version"] == stancekit.__version__
    assert info["labels"] == [str(c) for c in small_model.classes_]
    assert info["training"]["data_sha256"] == small_model.training_info_["data_sha256"]
    assert info["metrics"] == {"macro_f1": 0.5}
    assert "created" in info and "sklearn_version" in info


def test_save_is_atomic_and_leaves_no_temporary_files(small_model, tmp_path):
    save_model(small_model, tmp_path / "m.skops")
    assert [p.name for p in tmp_path.iterdir()] == ["m.skops"]


def _rewrite_schema(source, target, edit):
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for item in old.infolist():
            data = old.read(item.filename)
            if item.filename == "schema.json":
                data = json.dumps(edit(json.loads(data))).encode()
            new.writestr(item, data)


def test_a_crafted_file_with_an_untrusted_type_is_refused(small_model, tmp_path):
    good = save_model(small_model, tmp_path / "good.skops")

    def smuggle(schema):
        # Replace the normalizer by an os.system call: must never be constructed.
        text = json.dumps(schema).replace(
            '"__class__": "StatementNormalizer", "__module__": "stancekit.features"',
            '"__class__": "system", "__module__": "os"',
            1,
        )
        return json.loads(text)

    bad = tmp_path / "bad.skops"
    _rewrite_schema(good, bad, smuggle)
    with pytest.raises(UntrustedModelError, match="os.system"):
        load_model(bad)


@pytest.mark.parametrize("cut", [10, 1000, -200])
def test_truncated_files_raise_model_load_error_naming_the_file(small_model, tmp_path, cut):
    good = save_model(small_model, tmp_path / "good.skops")
    broken = tmp_path / "broken.skops"
    broken.write_bytes(good.read_bytes()[:cut])
    with pytest.raises(ModelLoadError, match="broken.skops"):
        load_model(broken)
    with pytest.raises(ModelLoadError, match="broken.skops"):
        model_info(broken)


def test_missing_and_foreign_files(tmp_path):
    with pytest.raises(ModelLoadError, match="not found"):
        load_model(tmp_path / "nope.skops")
    text = tmp_path / "notes.skops"
    text.write_text("hello")
    with pytest.raises(ModelLoadError, match="notes.skops"):
        load_model(text)


def test_model_saved_with_other_versions_loads_with_a_warning(small_model, tmp_path):
    good = save_model(small_model, tmp_path / "good.skops")
    old = tmp_path / "old.skops"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(old, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "stancekit-metadata.json":
                meta = json.loads(data)
                meta["sklearn_version"] = "0.24.2"
                data = json.dumps(meta).encode()
            dst.writestr(item, data)
    with pytest.warns(ModelVersionWarning, match="scikit-learn 0.24.2"):
        model = load_model(old)
    assert model.predict(TEXTS).shape == (4,)


def test_default_model_loads_without_warnings():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        model = load_model()
    assert set(model.classes_) == set(stancekit.LABELS)
    assert model_info()["card"]


def test_a_copy_of_the_default_model_loads_from_anywhere(tmp_path):
    copy = shutil.copy(stancekit.default_model_path(), tmp_path / "copy.skops")
    assert load_model(copy).predict(["We condemn the blockade."])[0] in stancekit.LABELS
