"""Trees: a weights.TreeEnsemble recast for fast scoring, and the scoring itself.

`compiled_trees` makes the recast form once per ensemble; `leaf_values` gives, for a block
of feature rows, the value of the leaf each row reaches in each tree, and `class_sums` adds
those up per class as TreeEnsemble.scores needs them. Only numpy is needed.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from broadsheet.weights import TreeEnsemble


@dataclass(frozen=True, slots=True)
class CompiledTrees:
    """A TreeEnsemble recast for fast scoring: every tree a complete tree of `depth` levels.

    A leaf above the last level is copied into both children, so a sample's path always
    takes `depth` steps and ends on the node the plain node-by-node walk ends on. The
    tests (feature <= threshold) are deduplicated; scoring evaluates each once for all
    samples as bitsets, picks each level's bit along the path with bitwise selects, and
    sums the leaf values per class in the original tree order, so the numbers are the
    walk's own, bit for bit. The trees are kept grouped by class column (in their order
    within each), so a class's leaves are one block of rows.
    """

    depth: int
    tests: tuple[tuple[int, int, np.ndarray], ...]  # (feature, first test row, its sorted thresholds)
    test_count: int  # distinct tests; the row after them stands for a copied leaf's moot test
    test_of: np.ndarray  # (2**depth - 1, trees) test row of each node, heap order: a level's nodes are one block
    values: np.ndarray  # (trees, 2**depth) leaf values, left to right
    by_column: tuple[tuple[int, int], ...]  # (first, end) tree rows adding to each class column
    chunk: int  # samples scored at a time, to bound memory


_COMPILED: dict[int, tuple[TreeEnsemble, CompiledTrees]] = {}
_CHUNK_CELLS = 1 << 21  # samples x trees per chunk: ~16 MB per (samples, trees) array of floats


def compiled_trees(ensemble: TreeEnsemble) -> CompiledTrees:
    """The ensemble's compiled form, made once per ensemble object (the entry keeps it alive)."""
    entry = _COMPILED.get(id(ensemble))
    if entry is None or entry[0] is not ensemble:
        if len(_COMPILED) >= 8:
            _COMPILED.clear()
        entry = (ensemble, _compile(ensemble))
        _COMPILED[id(ensemble)] = entry
    return entry[1]


def _compile(ensemble: TreeEnsemble) -> CompiledTrees:
    trees, depth = len(ensemble.roots), ensemble.depth
    grouped = np.argsort(ensemble.column, kind="stable")  # by class column, in tree order within each
    level = ensemble.roots.astype(np.intp)[grouped, None]
    features, thresholds = [], []
    for _ in range(depth):
        leaf = ensemble.feature[level] < 0
        features.append(np.where(leaf, -1, ensemble.feature[level]))
        thresholds.append(np.where(leaf, 0.0, ensemble.threshold[level]))
        level = np.stack([np.where(leaf, level, ensemble.left[level]),
                          np.where(leaf, level, ensemble.right[level])], axis=2).reshape(trees, -1)
    feature = np.concatenate(features, axis=1) if depth else np.zeros((trees, 0), np.intp)
    threshold = np.concatenate(thresholds, axis=1) if depth else np.zeros((trees, 0))
    test_of = np.full(feature.shape, -1, dtype=np.intp)
    tests, count = [], 0
    for index in np.unique(feature[feature >= 0]):
        chosen = feature == index
        unique, inverse = np.unique(threshold[chosen], return_inverse=True)
        test_of[chosen] = count + inverse.ravel()
        tests.append((int(index), count, unique))
        count += len(unique)
    test_of[test_of < 0] = count
    ends = np.searchsorted(ensemble.column[grouped], np.arange(len(ensemble.baseline) + 1), side="left")
    by_column = tuple((int(ends[column]), int(ends[column + 1])) for column in range(len(ensemble.baseline)))
    chunk = max(64, _CHUNK_CELLS // max(trees, 1) // 64 * 64)
    return CompiledTrees(depth, tuple(tests), count, np.ascontiguousarray(test_of.T), ensemble.value[level],
                         by_column, chunk)


def class_sums(compiled: CompiledTrees, rows: np.ndarray) -> np.ndarray:
    """(samples, classes): each class's leaf values added in tree order, as the walk's
    `leaves[:, trees].sum(axis=1)` adds them (a sequential sum for two samples or more, a
    pairwise one for a single sample: both are numpy's sum along the block's tree axis)."""
    leaves = leaf_values(compiled, rows)
    totals = np.zeros((len(rows), len(compiled.by_column)))
    for column, (first, end) in enumerate(compiled.by_column):
        totals[:, column] = leaves[first:end].sum(axis=0)
    return totals


def leaf_values(compiled: CompiledTrees, rows: np.ndarray) -> np.ndarray:
    """(trees, samples): the value of the leaf each sample reaches in each tree."""
    trees, samples, depth = len(compiled.values), len(rows), compiled.depth
    if not trees or not samples:
        return np.zeros((trees, samples))
    nodes = np.take(_goes_right(compiled, rows), compiled.test_of, axis=0)  # (nodes, trees, words)
    path: list[np.ndarray] = []
    for step in range(depth):
        path.append(_select(nodes[(1 << step) - 1 : (2 << step) - 1], path))
    planes = np.stack(path).view(np.uint8) if path else np.zeros((0, trees, -(-samples // 64) * 8), np.uint8)
    leaf = _leaf_bytes(planes)[:, :samples] if depth <= 8 else _leaf_numbers(planes, samples)
    narrow = np.min_scalar_type((trees << depth) - 1)  # a narrower index is less to write and read
    index = np.add(leaf, (np.arange(trees, dtype=narrow) << depth)[:, None], dtype=narrow)
    leaves: np.ndarray = np.take(compiled.values, index)
    return leaves


@lru_cache(maxsize=1)
def _spread() -> tuple[np.ndarray, np.ndarray]:
    """Tables that spread the bits of path bytes into one byte per sample: byte k of
    `one[a]` is bit k of `a`; byte k of `two[(a << 8) | b]` is bit k of `a`, then bit k of `b`."""
    bit = np.arange(8, dtype=np.uint64)
    one = np.bitwise_or.reduce(((np.arange(256, dtype=np.uint64)[:, None] >> bit) & 1) << (8 * bit), axis=1)
    two = ((one[:, None] << np.uint64(1)) | one[None, :]).ravel()
    return one.astype("<u8"), two.astype("<u8")


def _leaf_bytes(planes: np.ndarray) -> np.ndarray:
    """(trees, bytes * 8): each sample's leaf number (its path bits, the first the highest)
    from the (depth <= 8, trees, bytes) path bytes, eight samples a table lookup: a byte of
    each of two levels indexes `two`, so the work is per byte, not per sample."""
    one, two = _spread()
    leaf = np.zeros(planes.shape[1:], dtype="<u8")
    for level in range(0, len(planes) - 1, 2):
        leaf = (leaf << np.uint64(2)) | two[(planes[level].astype(np.uint16) << 8) | planes[level + 1]]
    if len(planes) % 2:
        leaf = (leaf << np.uint64(1)) | one[planes[-1]]
    return leaf.view(np.uint8)


def _leaf_numbers(planes: np.ndarray, samples: int) -> np.ndarray:
    """`_leaf_bytes` for trees deeper than a byte holds: the bits unpacked and shifted in."""
    bits = np.unpackbits(planes, axis=2, count=samples, bitorder="little")
    leaf = np.zeros(bits.shape[1:], dtype=np.min_scalar_type((1 << len(planes)) - 1))
    for bit in bits:
        leaf = (leaf << 1) | bit
    return leaf


def _goes_right(compiled: CompiledTrees, rows: np.ndarray) -> np.ndarray:
    """(tests + 1, words) bitsets over the samples: bit set where `not value <= threshold`."""
    columns = np.ascontiguousarray(np.asarray(rows).T)
    samples = columns.shape[1]
    goes_left = np.zeros((compiled.test_count + 1, -(-samples // 64) * 64), dtype=bool)
    for feature, first, thresholds in compiled.tests:
        np.less_equal(columns[feature], thresholds[:, None], out=goes_left[first : first + len(thresholds), :samples])
    return ~np.packbits(goes_left, axis=1, bitorder="little").view(np.uint64)  # turned packed: 8 times less to turn


def _select(candidates: np.ndarray, path: list[np.ndarray]) -> np.ndarray:
    """The bit of the node each sample's path reaches among one level's nodes (2**len(path), trees, words).

    Node i's index spells the path's bits, the first the highest, so pairs are decided by
    the last bit, then their winners by the one before: a bitwise select at each step.
    Nodes first, so each node's (trees, words) block is contiguous.
    """
    for bit in reversed(path):
        left, right = candidates[0::2], candidates[1::2]
        candidates = left ^ (bit & (left ^ right))
    chosen: np.ndarray = candidates[0]
    return chosen
