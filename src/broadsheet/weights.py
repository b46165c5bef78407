"""Weights: the models as data — load, save and apply; fitting wraps scikit-learn.

Two kinds of model, both plain data and never a pickle:

* the hand-set baseline, `data/hand.json`, a linear model keyed by feature name so a
  reader sees what each cue weighs: {"roles": {"coef": {"body": {"lines": 1.2, …}}}};
* the trained model, `data/model.npz` (`make train`), gradient-boosted trees exported
  from scikit-learn as flat node arrays (feature, threshold, left, right, value) with a
  JSON header naming its features, classes, version and the command that rebuilt it.

`roles` scores each fragment for every class in ROLE_CLASSES over cues.FRAGMENT_FEATURES; `continues`
the log-odds that b continues a over pairs.PAIR_FEATURES, and `continues_layout` the same for
pdftotext -layout dumps, whose pairs carry where the text stands on the page (pairs.py's
geometry columns) and which a model fitted on every style reads less well. Applying any of
them needs only numpy (`fit_*` import sklearn).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from broadsheet.cues import FRAGMENT_FEATURES
from broadsheet.errors import ModelError
from broadsheet.pairs import PAIR_FEATURES
from broadsheet.trees import class_sums, compiled_trees

MODEL_VERSION = 1
SCORE_BLOCK = 4096  # rows a linear model scores at a time when they come in Fortran order
ROLE_CLASSES: tuple[str, ...] = ("body", "headline", "byline", "section", "caption", "credit", "jump", "furniture")


@dataclass(frozen=True, slots=True)
class LinearModel:
    """Weights of one linear model: a row of coefficients per class."""

    classes: tuple[str, ...]
    features: tuple[str, ...]
    coef: np.ndarray  # (classes, features)

    def scores(self, rows: np.ndarray) -> np.ndarray:
        """Raw scores, (samples, classes); for a binary model one column of log-odds. Rows
        are read in C order whatever their layout (pair rows are built a column at a time,
        in Fortran order): the product's rounding, and so the trees' splits on it, stay the
        same as the model was fitted with."""
        if rows.flags.c_contiguous:
            return np.asarray(rows @ self.coef.T)
        scores = np.empty((len(rows), len(self.coef)))  # C order a block at a time: no copy of all
        for start in range(0, len(rows), SCORE_BLOCK):
            scores[start : start + SCORE_BLOCK] = np.ascontiguousarray(rows[start : start + SCORE_BLOCK]) @ self.coef.T
        return scores

    @classmethod
    def from_json(cls, data: dict[str, object], features: tuple[str, ...]) -> LinearModel:
        listed = data["classes"]
        if not isinstance(listed, list):
            raise ModelError("a model's classes must be a list of names")
        classes = tuple(str(name) for name in listed)
        table = data["coef"]
        if not isinstance(table, dict):
            raise ModelError("a model's coef must map class names to {feature: weight}")
        coef = np.array([[float(table.get(name, {}).get(feature, 0.0)) for feature in features] for name in classes])
        return cls(classes, features, coef)


@dataclass(frozen=True, slots=True)
class TreeEnsemble:
    """Boosted regression trees, flattened: node i tests `features[feature[i]] <= threshold[i]`."""

    classes: tuple[str, ...]
    features: tuple[str, ...]
    baseline: np.ndarray  # (classes,) raw score before any tree
    roots: np.ndarray  # (trees,) index of each tree's root node
    column: np.ndarray  # (trees,) the class column each tree adds to
    feature: np.ndarray  # (nodes,) feature index, -1 at a leaf
    threshold: np.ndarray  # (nodes,)
    left: np.ndarray  # (nodes,)
    right: np.ndarray  # (nodes,)
    value: np.ndarray  # (nodes,) leaf values, learning rate included
    depth: int

    def scores(self, rows: np.ndarray) -> np.ndarray:
        """Raw scores (samples, classes): log-odds for a binary model's single column."""
        compiled = compiled_trees(self)
        totals = np.zeros((len(rows), len(self.baseline)))
        for start in range(0, len(rows), compiled.chunk):
            totals[start : start + compiled.chunk] = class_sums(compiled, rows[start : start + compiled.chunk])
        scores: np.ndarray = totals + self.baseline
        return scores

    def described(self) -> dict[str, object]:
        """Its part of a model file's header (what `from_arrays` reads back)."""
        return {"classes": list(self.classes), "features": list(self.features), "depth": self.depth}

    def arrays(self, prefix: str) -> dict[str, np.ndarray]:
        names = ("baseline", "roots", "column", "feature", "threshold", "left", "right", "value")
        return {f"{prefix}.{name}": getattr(self, name) for name in names}

    @classmethod
    def from_arrays(cls, arrays: dict[str, np.ndarray], prefix: str, header: dict[str, object],
                    features: tuple[str, ...]) -> TreeEnsemble:
        listed = header["features"]
        if not isinstance(listed, list):
            raise ModelError("the model's header lists no features; run `make train`")
        saved = tuple(str(name) for name in listed)
        missing = [name for name in saved if name not in features]
        if missing:
            raise ModelError(f"the model uses features this version lacks ({', '.join(missing)}); run `make train`")
        remap = np.array([features.index(name) for name in saved] + [-1])
        feature = arrays[f"{prefix}.feature"]
        return cls(
            tuple(header["classes"]),  # type: ignore[arg-type]
            features,
            arrays[f"{prefix}.baseline"],
            arrays[f"{prefix}.roots"],
            arrays[f"{prefix}.column"],
            remap[np.where(feature < 0, -1, feature)],
            arrays[f"{prefix}.threshold"],
            arrays[f"{prefix}.left"],
            arrays[f"{prefix}.right"],
            arrays[f"{prefix}.value"],
            int(header["depth"]),  # type: ignore[call-overload]
        )


Scorer = LinearModel | TreeEnsemble


@dataclass(frozen=True, slots=True)
class Model:
    """The role model and the continuation model, with where they came from."""

    roles: Scorer
    continues: Scorer
    source: str = ""
    screen: LinearModel | None = None  # cheap pre-ranking of candidate pairs before `continues`
    continues_layout: Scorer | None = None  # `continues` for -layout dumps; None: `continues` reads them too

    def continuation(self, style: str) -> Scorer:
        """The continuation model for a dump of this style."""
        if style == "layout" and self.continues_layout is not None:
            return self.continues_layout
        return self.continues


def load_model(path: str | Path = "") -> Model:
    """The model at `path`, or the shipped one (data/model.json, else data/hand.json)."""
    if path:
        return _load(Path(path))
    return _shipped()


@lru_cache(maxsize=1)
def _shipped() -> Model:
    data = resources.files("broadsheet").joinpath("data")
    trained = data.joinpath("model.npz")
    if trained.is_file():
        return load_trees(Path(str(trained)))
    hand = data.joinpath("hand.json")
    if hand.is_file():
        return _parse(json.loads(hand.read_text(encoding="utf-8")), "hand.json")
    raise ModelError("no model ships with this install; run `make train` or reinstall broadsheet")


def hand_model() -> Model:
    """The hand-set weights, the baseline every trained model must beat."""
    text = resources.files("broadsheet").joinpath("data", "hand.json").read_text(encoding="utf-8")
    return _parse(json.loads(text), "hand.json")


def _load(path: Path) -> Model:
    if path.suffix == ".npz":
        return load_trees(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ModelError(f"no model file at {path}; run `make train` or leave --model out") from None
    except (OSError, json.JSONDecodeError) as error:
        raise ModelError(f"cannot read the model {path}: {error}") from None
    return _parse(data, str(path))


def _parse(data: object, source: str) -> Model:
    if not isinstance(data, dict) or data.get("version") != MODEL_VERSION:
        raise ModelError(f"{source} is not a broadsheet model of version {MODEL_VERSION}; run `make train`")
    try:
        roles = LinearModel.from_json(data["roles"], FRAGMENT_FEATURES)
        continues = LinearModel.from_json(data["continues"], PAIR_FEATURES)
    except (KeyError, TypeError, ValueError) as error:
        raise ModelError(f"{source} is malformed ({error}); run `make train`") from None
    return Model(roles, continues, source)


def load_trees(path: Path) -> Model:
    """A trained model: trees in an .npz with a JSON header (no pickles are ever read)."""
    header, arrays = _read_archive(path)
    if header.get("version") != MODEL_VERSION:
        raise ModelError(f"{path} is a model of another version; run `make train`")
    roles = TreeEnsemble.from_arrays(arrays, "roles", header["roles"], FRAGMENT_FEATURES)
    continues = TreeEnsemble.from_arrays(arrays, "continues", header["continues"], PAIR_FEATURES)
    layout = None
    if "continues_layout" in header:
        layout = TreeEnsemble.from_arrays(arrays, "continues_layout", header["continues_layout"], PAIR_FEATURES)
    screen = None
    if "screen.coef" in arrays:
        screen = LinearModel.from_json({"classes": ["continues"], "coef": {"continues": dict(
            zip(header["screen"]["features"], arrays["screen.coef"].tolist(), strict=True))}}, PAIR_FEATURES)
    return Model(roles, continues, str(path), screen, layout)


def model_header(path: Path) -> dict[str, Any]:
    """The JSON header of the model at `path`: where it came from, its classes and features."""
    return _read_archive(path)[0]


def _read_archive(path: Path) -> tuple[dict[str, Any], dict[str, np.ndarray]]:
    """A model .npz's JSON header and its arrays, or a ModelError saying what is wrong."""
    try:
        with np.load(path, allow_pickle=False) as archive:
            arrays = {name: archive[name] for name in archive.files}
    except FileNotFoundError:
        raise ModelError(f"no model file at {path}; run `make train` or leave --model out") from None
    except (OSError, ValueError) as error:
        raise ModelError(f"cannot read the model {path}: {error}") from None
    try:
        header = json.loads(str(arrays.pop("header")))
    except (KeyError, json.JSONDecodeError):
        raise ModelError(f"{path} has no readable header; run `make train`") from None
    if not isinstance(header, dict):
        raise ModelError(f"{path} has no readable header; run `make train`")
    return header, arrays


def save_trees(roles: TreeEnsemble, continues: TreeEnsemble, path: Path, meta: dict[str, object], *,
               screen: LinearModel | None = None, layout: TreeEnsemble | None = None) -> None:
    """Write a trained model as .npz: node arrays plus a JSON header (`layout`: the
    continuation trees for -layout dumps, when there are any)."""
    header = {
        "version": MODEL_VERSION,
        "command": "make train",
        **meta,
        "roles": roles.described(),
        "continues": continues.described(),
    }
    arrays = {**roles.arrays("roles"), **continues.arrays("continues")}
    if screen is not None:
        header["screen"] = {"features": list(screen.features)}
        arrays["screen.coef"] = screen.coef[0]
    if layout is not None:
        header["continues_layout"] = layout.described()
        arrays |= layout.arrays("continues_layout")
    with path.open("wb") as handle:
        payload: dict[str, Any] = {"header": np.array(json.dumps(header, ensure_ascii=False)), **arrays}
        np.savez_compressed(handle, **payload)


TREE_DEPTH = 4
TREE_ROUNDS = 200
# A leaf's value is its gradients' sum over its hessians'; once a rare class (jump, section) is
# told apart cleanly its hessians fall towards zero and, unregularised, its leaves reach
# thousands (a 2,000-page role model had leaves of 180,000 and called body text a credit).
TREE_L2 = 1.0


def fit_trees(rows: np.ndarray, labels: np.ndarray, classes: tuple[str, ...],
              features: tuple[str, ...]) -> TreeEnsemble:
    """Gradient-boosted trees (scikit-learn's histogram GBM), exported as node arrays.

    A binary model gets one column: the log-odds of its second class.
    """
    from sklearn.ensemble import HistGradientBoostingClassifier  # noqa: PLC0415  # lazy, heavy: training only

    fitted = HistGradientBoostingClassifier(
        max_iter=TREE_ROUNDS, max_depth=TREE_DEPTH, learning_rate=0.1, early_stopping=False, random_state=0,
        l2_regularization=TREE_L2
    ).fit(rows, labels)
    learned = [str(name) for name in fitted.classes_]
    binary = len(learned) == 2
    out_classes = (learned[1],) if binary else classes
    column_of = {name: out_classes.index(name) for name in learned if name in out_classes}
    baseline = np.full(len(out_classes), -20.0)  # classes never seen in training stay out of reach
    for index, name in enumerate(learned if not binary else learned[1:]):
        baseline[column_of[name]] = float(np.ravel(fitted._baseline_prediction)[index])
    return _flatten(fitted, [column_of[n] for n in (learned[1:] if binary else learned)], out_classes, features,
                    baseline)


def _flatten(fitted: object, columns: list[int], classes: tuple[str, ...], features: tuple[str, ...],
             baseline: np.ndarray) -> TreeEnsemble:
    parts: dict[str, list[np.ndarray]] = {k: [] for k in ("feature", "threshold", "left", "right", "value")}
    roots, column = [], []
    offset = 0
    for iteration in fitted._predictors:  # type: ignore[attr-defined]
        for predictor, target in zip(iteration, columns, strict=True):
            nodes = predictor.nodes
            roots.append(offset)
            column.append(target)
            leaf = nodes["is_leaf"].astype(bool)
            parts["feature"].append(np.where(leaf, -1, nodes["feature_idx"]).astype(np.int32))
            parts["threshold"].append(nodes["num_threshold"].astype(float))
            parts["left"].append((nodes["left"] + offset).astype(np.int32))
            parts["right"].append((nodes["right"] + offset).astype(np.int32))
            parts["value"].append(np.where(leaf, nodes["value"], 0.0).astype(float))
            offset += len(nodes)
    flat = {name: np.concatenate(parts[name]) for name in ("feature", "threshold", "left", "right", "value")}
    return TreeEnsemble(classes, features, baseline, np.array(roots, dtype=np.int32), np.array(column, dtype=np.int32),
                        feature=flat["feature"], threshold=flat["threshold"], left=flat["left"], right=flat["right"],
                        value=flat["value"], depth=TREE_DEPTH)


def fit_roles(rows: np.ndarray, labels: np.ndarray) -> TreeEnsemble:
    """The role model: boosted trees over the fragment features."""
    return fit_trees(rows, labels, ROLE_CLASSES, FRAGMENT_FEATURES)


def fit_screen(rows: np.ndarray, labels: np.ndarray) -> LinearModel:
    """A logistic regression that ranks candidate pairs cheaply, so the trees see only the best."""
    from sklearn.linear_model import LogisticRegression  # noqa: PLC0415  # lazy, heavy: training only

    fitted = LogisticRegression(C=1.0, max_iter=3000, fit_intercept=False).fit(rows, labels)
    return LinearModel(("continues",), PAIR_FEATURES, fitted.coef_[:1].copy())


def fit_continues(rows: np.ndarray, labels: np.ndarray) -> TreeEnsemble:
    """The continuation model: log-odds that b continues a, boosted trees over the pair features."""
    names = np.where(labels, "continues", "breaks")
    return fit_trees(rows, names, ("continues",), PAIR_FEATURES)
