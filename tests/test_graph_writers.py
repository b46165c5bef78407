"""The graph as the CLI writes it (GraphML, node-link JSON, DOT), `--explain`, and the notebook views.

Every format must say the same: each node its role and confidence, each `continues` edge its
weight and every feature by name, the solver's choices marked. The figure and HTML writers
are checked here too: deterministic boxes, escaped text, a clear error without matplotlib.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import networkx as nx
import pytest
from lxml import etree, html
from typer.testing import CliRunner

import broadsheet
from broadsheet.cli import app
from broadsheet.errors import OutputError
from broadsheet.explain import page_evidence
from broadsheet.page import ROLES, FragmentGraph, Page
from broadsheet.pairs import PAIR_FEATURES
from broadsheet.writers.figure import draw_article_order, draw_page, fragment_boxes
from broadsheet.writers.graph import ROLE_COLOURS, page_to_networkx
from broadsheet.writers.html import page_roles, page_to_html

SAMPLE = Path(__file__).parent.parent / "samples" / "paragraphs.txt"
ATTACHMENTS = {"heads", "deck_of", "byline_of", "caption_of"}
DOT_NODE = re.compile(r'^  (\d+) \[label="[^"]*", fillcolor="(#\w+)", role="(\w+)", confidence="([\d.]+)"\];$')
DOT_EDGE = re.compile(r'^  (\d+) -> (\d+) \[label="(-?[\d.]+)", style=(\w+), .*kind="(\w+)", '
                      r'chosen="(true|false)"(.*)\];$')
EXPLAIN = re.compile(r"^ *(\d+) (\w+) +([\d.]+) (a\d+|furniture) +['\"].*['\"] → (?:end|(\d+) \(([+-][\d.]+)\))"
                     r"(?: rival → (\d+) \(([+-][\d.]+)\))? *$")


@pytest.fixture(scope="module")
def page() -> Page:
    return broadsheet.reconstruct(SAMPLE.read_bytes())


def cli(*args: str) -> str:
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


def write_graph(tmp_path: Path, suffix: str) -> Path:
    out = tmp_path / f"page.{suffix}"
    cli("graph", str(SAMPLE), "-o", str(out))
    return out


def chosen_pairs(page: Page) -> set[tuple[int, int]]:
    return {(d.chosen.source, d.chosen.target) for d in page.order.decisions if d.chosen is not None}


def test_graphml_parses_with_roles_weights_features_and_choices(tmp_path: Path, page: Page) -> None:
    view = nx.read_graphml(write_graph(tmp_path, "graphml"), node_type=int)
    assert sorted(view.nodes) == list(range(len(page.fragments)))
    for _, data in view.nodes(data=True):
        assert data["role"] in ROLES
        assert 0.0 <= data["confidence"] <= 1.0
    continues = [(s, t, d) for s, t, d in view.edges(data=True) if d["kind"] == "continues"]
    assert len(continues) == len(page.graph.of_kind("continues"))
    assert all("weight" in d and set(PAIR_FEATURES) <= set(d) for *_, d in continues)
    assert {(s, t) for s, t, d in continues if d["chosen"]} == chosen_pairs(page)
    assert all(d["chosen"] for *_, d in view.edges(data=True) if d["kind"] in ATTACHMENTS)


def test_node_link_json_round_trips(tmp_path: Path, page: Page) -> None:
    data = json.loads(write_graph(tmp_path, "json").read_text(encoding="utf-8"))
    view = nx.node_link_graph(data, edges="edges")
    expected = page_to_networkx(page)
    assert dict(view.nodes(data=True)) == dict(expected.nodes(data=True))
    assert {(s, t): d for s, t, d in view.edges(data=True)} == {(s, t): d for s, t, d in expected.edges(data=True)}
    assert nx.node_link_data(view, edges="edges") == data


def test_dot_carries_the_same_attributes(tmp_path: Path, page: Page) -> None:
    lines = write_graph(tmp_path, "dot").read_text(encoding="utf-8").splitlines()
    assert (lines[0], lines[-1]) == ("digraph page {", "}")
    nodes = [m.groups() for m in map(DOT_NODE.match, lines) if m]
    edges = [m.groups() for m in map(DOT_EDGE.match, lines) if m]
    assert len(nodes) == len(page.fragments)
    assert all(colour == ROLE_COLOURS[role] and 0 <= float(conf) <= 1 for _, colour, role, conf in nodes)
    assert len(edges) == page_to_networkx(page).number_of_edges() == sum(" -> " in line for line in lines)
    continues = [e for e in edges if e[4] == "continues"]
    assert all(all(f' {name}="' in e[6] for name in PAIR_FEATURES) for e in continues)
    assert {(int(e[0]), int(e[1])) for e in continues if e[5] == "true"} == chosen_pairs(page)
    assert all((e[3] == "bold") == (e[5] == "true") for e in edges)


def test_graph_format_comes_from_the_suffix_or_is_refused(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["graph", str(SAMPLE), "-o", str(tmp_path / "page.png")])
    assert result.exit_code == 2
    assert not (tmp_path / "page.png").exists()


def test_explain_prints_role_successor_and_runner_up(page: Page) -> None:
    lines = [m.groups() for m in map(EXPLAIN.match, cli("reflow", str(SAMPLE), "--explain").splitlines()) if m]
    assert len(lines) == len(page.fragments)
    for item, (number, role, _, where, chosen, weight, rival, rival_weight) in zip(page_evidence(page), lines,
                                                                                   strict=True):
        assert (int(number), role) == (item.fragment, item.role)
        assert where == (f"a{item.article}" if item.article else "furniture")
        assert (chosen, weight) == ((str(item.chosen.target), f"{item.chosen.weight:+.1f}") if item.chosen
                                    else (None, None))
        assert (rival, rival_weight) == ((str(item.runner_up.target), f"{item.runner_up.weight:+.1f}")
                                         if item.runner_up else (None, None))


def test_graph_is_reachable_from_reconstruct(page: Page) -> None:
    assert isinstance(page.graph, FragmentGraph)
    assert page.graph.nodes == len(page.fragments) == page.nx.number_of_nodes()
    assert page.nx.number_of_edges() == sum(len(edges) for edges in page.graph.edges)


def test_graph_and_page_render_themselves(page: Page) -> None:
    svg = etree.fromstring(page.graph._repr_svg_().encode("utf-8"))
    assert etree.QName(svg).localname == "svg"
    assert len(svg.findall("{http://www.w3.org/2000/svg}circle")) == len(page.fragments)
    assert page._repr_html_() == page_to_html(page)


def test_html_escapes_the_dump() -> None:
    hostile = "Tom & Jerry <script>alert(1)</script> win\n\n" + "The body of the story goes on here. " * 8
    shown = page_to_html(broadsheet.reconstruct(hostile))
    tree = html.fromstring(shown)
    assert not tree.xpath("//script")
    assert "<script>" not in shown
    assert "Tom & Jerry <script>aler" in tree.text_content()  # shown as text, escaped, however it is cut


def test_boxes_are_deterministic_and_read_down_each_column(page: Page) -> None:
    boxes = fragment_boxes(page)
    assert boxes == fragment_boxes(page)
    assert sorted(boxes) == list(range(len(page.fragments)))
    for a, b in zip(page.fragments, page.fragments[1:], strict=False):
        first, second = boxes[a.id], boxes[b.id]
        assert second.x > first.x or second.top >= first.top + first.height
    snaked = fragment_boxes(page, rows=40)
    assert len({box.x for box in snaked.values()}) > len({box.x for box in boxes.values()})
    assert max(box.top + box.height for box in snaked.values()) < 2 * 40


def test_draw_page_and_article_order(page: Page) -> None:
    pyplot = pytest.importorskip("matplotlib.pyplot")
    rectangle = pytest.importorskip("matplotlib.patches").Rectangle
    figure = draw_page(page)
    boxes = [patch for patch in figure.axes[0].patches if isinstance(patch, rectangle)]
    assert len(boxes) == len(page.fragments)
    legend = {text.get_text() for text in figure.axes[0].get_legend().get_texts()}
    assert {"chosen", "rival", *page_roles(page)} <= legend
    longest = max(page.articles, key=lambda article: len(article.fragments))
    pyplot.close(draw_article_order(page, longest.number))
    pyplot.close(figure)
    with pytest.raises(OutputError, match="no article 999"):
        draw_article_order(page, 999)


def test_drawing_without_matplotlib_says_what_to_install(page: Page, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    with pytest.raises(OutputError, match="pip install matplotlib"):
        draw_page(page)
