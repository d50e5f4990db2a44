"""The topic classifier's stored weights (nlu/topic_classifier.py) load back into the same answers, without pickle."""

from pathlib import Path

import numpy as np
import pytest
from scipy.sparse import csr_matrix
from sklearn.linear_model import LogisticRegression

from nlu.topic_classifier import load_weights, save_weights

LABELS = ["none", "overlast", "schulden", "none", "drugs", "schulden", "overlast", "drugs"]


@pytest.fixture
def fitted() -> tuple:
    features = csr_matrix(np.random.default_rng(7).random((len(LABELS), 12)))
    clf = LogisticRegression(C=5.0, max_iter=300, class_weight="balanced", random_state=42)
    return clf.fit(features, LABELS), features


def test_stored_weights_answer_as_the_fitted_classifier(tmp_path: Path, fitted: tuple) -> None:
    clf, features = fitted
    save_weights(clf, tmp_path / "weights.npz")
    loaded = load_weights(tmp_path / "weights.npz")
    assert list(loaded.classes_) == list(clf.classes_)
    np.testing.assert_allclose(loaded.predict_proba(features), clf.predict_proba(features), rtol=1e-12)
    assert list(loaded.predict(features)) == list(clf.predict(features))


def test_one_vs_rest_is_kept(tmp_path: Path, fitted: tuple) -> None:
    _, features = fitted
    clf = LogisticRegression(multi_class="ovr", solver="liblinear").fit(features, LABELS)
    save_weights(clf, tmp_path / "weights.npz")
    np.testing.assert_allclose(
        load_weights(tmp_path / "weights.npz").predict_proba(features), clf.predict_proba(features)
    )


def test_a_model_file_cannot_carry_code(tmp_path: Path, fitted: tuple) -> None:
    clf, _ = fitted
    save_weights(clf, tmp_path / "weights.npz")
    with np.load(tmp_path / "weights.npz") as stored:
        arrays = {name: stored[name] for name in stored.files}
    np.savez(tmp_path / "weights.npz", **{**arrays, "coef": np.array([object()], dtype=object)})  # pickled
    with pytest.raises(ValueError, match="pickle"):
        load_weights(tmp_path / "weights.npz")
