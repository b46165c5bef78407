"""Pair features: how the break between two fragments reads."""

from __future__ import annotations

import numpy as np

from broadsheet.fragments import lines_to_fragments
from broadsheet.pairs import PAIR_FEATURES, fragment_table, pair_features
from broadsheet.params import Params
from broadsheet.read import read_dump
from broadsheet.roles import fragments_to_cues
from broadsheet.weights import load_model

JOINS = PAIR_FEATURES.index("joins_word")


def _joins(text: str) -> list[float]:
    """joins_word for each fragment of `text` followed by the next one."""
    dump = read_dump(text, Params())
    fragments = lines_to_fragments(dump, Params())
    cues = fragments_to_cues(dump, fragments, load_model())
    table = fragment_table(dump, fragments, cues.features, cues.roles, cues.measure, words=cues.words)
    pairs = np.array([(i, i + 1) for i in range(len(fragments) - 1)], dtype=np.int64)
    return pair_features(table, pairs, cues.measure, dump.script)[:, JOINS].tolist()


def test_a_latin_word_hyphenated_across_a_column_break_joins() -> None:
    left = ("The committee met on Tuesday and resolved\nthat the Bill was intended to make ade-\n\n"
            "quate provision for the performance of\nthe duties laid upon the magistrates.\n")
    assert _joins(left) == [1.0]
    assert _joins(left.replace("ade-", "ample")) == [0.0]  # no hyphen: nothing to complete
    assert _joins(left.replace("quate", "Saxon")) == [0.0]  # "adeSaxon" is no word
