"""Pair features: how the break between two fragments reads."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

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
    # wordfreq lists run-together junk ("deto"): a capital opens a new word, not the rest of "de-"
    assert _joins(left.replace("ade-", "de-").replace("quate", "To")) == [0.0]
    assert _joins(left.replace("ade-", "de-").replace("quate", "to")) == [1.0]


def test_the_next_fragment_completing_a_broken_word_is_weighed_up(monkeypatch: pytest.MonkeyPatch) -> None:
    from broadsheet.graph import WORD_GOES_ON, fragments_to_graph  # noqa: PLC0415
    from broadsheet.lang import latin  # noqa: PLC0415

    text = ("The committee met on Tuesday and resolved\nthat the Bill was intended to make ade-\n\n"
            "quate provision for the performance of\nthe duties laid upon the magistrates.\n\n"
            "visions for the harbour were made last\nyear by the board and the council alike.\n")
    dump = read_dump(text, Params())
    fragments = lines_to_fragments(dump, Params())
    model = load_model()
    cues = fragments_to_cues(dump, fragments, model)

    def weights() -> dict[tuple[int, int], float]:
        edges = fragments_to_graph(dump, fragments, cues, model, Params()).of_kind("continues")
        pairs = zip(edges.source.tolist(), edges.target.tolist(), strict=True)
        return dict(zip(pairs, edges.weight.tolist(), strict=True))

    on = weights()
    monkeypatch.setattr(latin, "BROKEN_WORD_GOES_ON", False)
    off = weights()
    # "ade-" / "quate" makes a word and the two stand next to each other; "ade-" / "visions" is no word
    assert on[(0, 1)] == pytest.approx(off[(0, 1)] + WORD_GOES_ON)
    assert on.get((0, 2)) == off.get((0, 2))


def _geometry(text: str, pairs: list[tuple[int, int]]) -> dict[str, list[float]]:
    """The -layout geometry columns of PAIR_FEATURES for `pairs` of `text`'s fragments."""
    dump = read_dump(text, Params())
    fragments = lines_to_fragments(dump, Params())
    cues = fragments_to_cues(dump, fragments, load_model())
    table = fragment_table(dump, fragments, cues.features, cues.roles, cues.measure, words=cues.words)
    rows = pair_features(table, np.array(pairs, dtype=np.int64), cues.measure, dump.script)
    names = ("rows_down", "b_higher", "b_right", "room_above_b", "room_below_a", "columns_right", "tops_apart",
             "feet_apart")
    return {name: rows[:, PAIR_FEATURES.index(name)].tolist() for name in names}


STACKED = (  # a story read down its left column and on at the top of the right; a second story under it
    ["The council met on Tuesday evening to", "hear the report of the harbour board on",
     "the state of the old quay, which the", "engineers found in a poorer state than",
     "anyone had feared when the work began", "", "", "", "", "FERRY SERVICE TO RESUME", "",
     "The ferry to the islands will run again", "from Monday, the operators said, after",
     "the repairs to the landing stage were", "finished ahead of time and under budget."],
    ["last spring. The board asked for more", "money to finish the repairs before the",
     "winter storms, and the council agreed", "to find it from the reserves it holds."],
)


def test_layout_geometry_tells_a_column_top_from_a_block_below() -> None:
    left, right = STACKED
    text = "\n".join(f"{a:<52}{b}".rstrip() for a, b in itertools.zip_longest(left, right, fillvalue="")) + "\n"
    # fragments: 0 the first story's left column, 1 the headline, 2 the second story, 3 the right column
    geometry = _geometry(text, [(0, 3), (0, 2)])
    assert geometry["b_higher"] == [1.0, 0.0]  # the right column starts back up
    assert geometry["b_right"] == [1.0, 0.0]
    assert geometry["rows_down"][0] == 0.0
    assert geometry["rows_down"][1] == np.log1p(6)  # rows 5-10 stand empty
    assert geometry["room_above_b"][0] == np.log1p(12.0)  # nothing above the right column's top
    assert geometry["room_below_a"] == [np.log1p(4.0)] * 2  # four empty rows, then the headline
    assert geometry["columns_right"][0] > 0.0
    assert geometry["columns_right"][1] == 0.0
    # the right column starts level with the left one's block and ends a row above its foot
    assert geometry["tops_apart"] == [0.0, np.log1p(11)]
    assert geometry["feet_apart"] == [np.log1p(1), np.log1p(10)]


def test_geometry_is_zero_where_rows_are_only_lines() -> None:
    left, right = STACKED
    geometry = _geometry("\n".join([*left, "", *right]) + "\n", [(0, 1), (0, 2)])
    assert all(value == 0.0 for values in geometry.values() for value in values)


def test_a_cjk_link_between_blocks_of_different_measures_is_a_measure_break() -> None:
    from broadsheet.graph import measure_breaks  # noqa: PLC0415

    wide, narrow = "国家电商节激活重庆消费新动能发展", "重庆消费新动能发展"
    text = "\n\n".join(["\n".join([wide] * 3), "\n".join([narrow] * 3), "\n".join([wide] * 3), narrow]) + "\n"
    dump = read_dump(text, Params())
    fragments = lines_to_fragments(dump, Params())
    cues = fragments_to_cues(dump, fragments, load_model())
    assert [len(fragment.lines) for fragment in fragments] == [3, 3, 3, 1]
    pairs = np.array([(0, 1), (0, 2), (1, 2), (2, 3)])
    # wide to narrow and back are breaks; one measure is none; a lone line shows no measure
    table = fragment_table(dump, fragments, cues.features, cues.roles, cues.measure, words=cues.words)
    assert measure_breaks(pairs, table.measure, fragments).tolist() == [1.0, 0.0, 1.0, 0.0]


def test_a_cjk_break_inside_a_common_word_outweighs_one_by_chance() -> None:
    from broadsheet.pairs import break_evidence  # noqa: PLC0415

    # 发 / 展 (发展) and 图 / 确 (no word) across a break; a stop ends the third fragment
    text = "国家电商节激活重庆消费新动能不断发\n\n展完善。重庆消费新动能发展战略意图\n\n确立对话。\n\n中国从来\n"
    dump = read_dump(text, Params())
    fragments = lines_to_fragments(dump, Params())
    cues = fragments_to_cues(dump, fragments, load_model())
    table = fragment_table(dump, fragments, cues.features, cues.roles, cues.measure, words=cues.words)
    word, chance, stop = break_evidence(table, np.array([(0, 1), (1, 2), (2, 3)]), dump.script).tolist()
    assert word > 2.0
    assert chance < 0.0
    assert stop == 0.0  # after a stop only a character that cannot open a sentence tells (中 can)
    latin = read_dump("The Bill was meant to\n\nmake ample provision.\n", Params())
    assert break_evidence(table, np.array([(0, 1)]), latin.script).tolist() == [0.0]


def test_characters_the_break_table_never_saw_tell_nothing_either_way() -> None:
    from broadsheet.lang import cjk  # noqa: PLC0415

    def evidence(left: str, right: str) -> float:
        return float(cjk.break_evidence(np.array([ord(left)]), np.array([ord(right)]))[0])

    # learned from simplified Chinese: a traditional or Korean pair is no evidence against a link
    assert evidence("國", "際") == evidence("한", "국") == 0.0
    assert evidence("图", "确") < 0.0  # a pair of known characters it never saw together is


GERMAN = ["Die Regierung hat in der Sitzung von gestern", "den Entwurf des neuen Gesetzes über die",
          "Eisenbahn mit großer Mehrheit angenommen, und", "die Kammer wird sich in der nächsten Woche",
          "mit dem Haushalt für das kommende Jahr auf", "das eingehendste befassen, wie man vernimmt.",
          "Auch die Frage der Zölle ist noch nicht", "entschieden, doch hofft man auf eine Lösung."]
FRENCH = ["Le conseil municipal s'est réuni hier dans la", "grande salle de l'hôtel de ville pour examiner",
          "le projet de budget que le collège a présenté", "au début du mois; la discussion a été longue et",
          "les membres de la commission ont fait des", "observations sur les dépenses prévues pour la",
          "construction de la nouvelle école des filles", "qui doit ouvrir ses portes au printemps."]


def test_fragments_in_two_languages_break_a_link_only_on_a_page_printing_both() -> None:
    from broadsheet.graph import language_breaks  # noqa: PLC0415
    from broadsheet.lang import latin  # noqa: PLC0415

    def breaks(lines: list[str]) -> list[float]:
        dump = read_dump("\n\n".join(lines) + "\n", Params())
        fragments = lines_to_fragments(dump, Params())
        pairs = np.array([(i, j) for i in range(len(fragments)) for j in range(len(fragments)) if i != j])
        return language_breaks(pairs, fragments, latin).tolist() if len(pairs) else []

    german = GERMAN[:5]  # each line clearly German ("das eingehendste befassen, wie man vernimmt." is not)
    both = breaks(german + FRENCH[:5])
    assert sum(both) == 2 * 5 * 5  # every German-French pair, both ways, and no pair of one language
    assert sum(breaks(german + FRENCH[:2])) == 0  # two French lines on a German page: one language's page


def test_a_bilingual_page_interleaved_line_by_line_mixes_no_two_languages_in_a_paragraph(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import broadsheet  # noqa: PLC0415
    from broadsheet import graph  # noqa: PLC0415
    from broadsheet.lang.latin import text_language  # noqa: PLC0415

    # pdftotext's line-by-line interleave of a German and a French column
    text = "\n\n".join(line for pair in zip(GERMAN, FRENCH, strict=True) for line in pair) + "\n"

    def mixed() -> int:
        paragraphs = [block.text for article in broadsheet.reconstruct(text).articles for block in article.body]
        languages = [{text_language(line) for line in GERMAN + FRENCH if line in paragraph} - {None}
                     for paragraph in paragraphs]
        return sum(len(found) > 1 for found in languages)

    assert mixed() == 0
    monkeypatch.setattr(graph, "LANGUAGE_BREAK", 0.0)
    assert mixed() > 0  # the trees alone read a French line's end going on into a German one
