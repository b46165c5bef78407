"""Graph writers: a page's fragment graph as networkx, GraphML, DOT or node-link JSON.

Nodes are fragments with their role, confidence, page, first line and text; edges are
every candidate the model scored (`kind="continues"`, weight in log-odds, each feature
by name) with `chosen` set on the ones the solver took, plus the attachments the solver
made (`heads`, `byline_of`, `deck_of`, `caption_of`) from a title, byline or caption to
the first fragment of its article's body. The same view serves the notebooks.
"""

from __future__ import annotations

import io
import json
from typing import Literal

import networkx as nx

from broadsheet.graph import graph_to_networkx
from broadsheet.page import Page, Story

GraphFormat = Literal["graphml", "dot", "json"]
FORMATS: tuple[str, ...] = ("graphml", "dot", "json")


def page_to_networkx(page: Page) -> nx.DiGraph:
    """The fragment graph with the solver's choices marked and its attachments added."""
    view = graph_to_networkx(page.graph, page.cues, page.fragments)
    nx.set_edge_attributes(view, False, "chosen")
    for decision in page.order.decisions:
        if decision.chosen is not None and view.has_edge(decision.chosen.source, decision.chosen.target):
            view.edges[decision.chosen.source, decision.chosen.target]["chosen"] = True
    article_of = {i: n for n, a in enumerate(page.articles, 1) for i in a.fragments}
    for node in view.nodes:
        view.nodes[node]["article"] = article_of.get(node, 0)
    for story in page.order.stories:
        _add_attachments(view, story)
    return view


def _add_attachments(view: nx.DiGraph, story: Story) -> None:
    if not story.body:
        return
    anchor = story.body[0]
    parts = [("heads", story.headline), *(("deck_of", unit) for unit in (*story.kickers, *story.decks))]
    parts += [("byline_of", unit) for unit in story.bylines]
    parts += [("caption_of", caption) for caption, _ in story.captions]
    for kind, unit in parts:
        if unit:
            view.add_edge(unit[0], anchor, kind=kind, weight=0.0, chosen=True)


def page_to_graph(page: Page, form: GraphFormat) -> str:
    """The graph in one of FORMATS, as text."""
    view = page_to_networkx(page)
    if form == "json":
        return json.dumps(nx.node_link_data(view, edges="edges"), ensure_ascii=False, indent=1) + "\n"
    if form == "graphml":
        buffer = io.BytesIO()
        nx.write_graphml(view, buffer, encoding="utf-8")
        return buffer.getvalue().decode("utf-8")
    return graph_to_dot(view)


ROLE_COLOURS = {
    "body": "#ffffff", "headline": "#ffd54f", "kicker": "#ffe082", "deck": "#ffe082", "byline": "#81d4fa",
    "section": "#c5e1a5", "lede": "#e6ee9c", "caption": "#f8bbd0", "credit": "#f48fb1", "jump": "#b39ddb",
    "furniture": "#cfd8dc",
}


def graph_to_dot(view: nx.DiGraph) -> str:
    """Graphviz DOT: roles as fill colours, chosen edges bold, rejected candidates faint.

    Beside Graphviz's own attributes each node keeps its role and confidence, each edge its
    kind, its weight (in the label: Graphviz's `weight` means something else), `chosen` and
    every feature by name, so the DOT file says what the GraphML and JSON say.
    """
    lines = ["digraph page {", "  node [shape=box, style=filled, fontsize=10];"]
    for node, data in view.nodes(data=True):
        label = f"{node} {data.get('role', '')}\\n{_quote(str(data.get('text', ''))[:24])}"
        colour = ROLE_COLOURS.get(str(data.get("role", "")), "#ffffff")
        lines.append(f'  {node} [label="{label}", fillcolor="{colour}", role="{data.get("role", "")}", '
                     f'confidence="{data.get("confidence", "")}"];')
    for source, target, data in view.edges(data=True):
        style = "bold" if data.get("chosen") else "dotted"
        colour = "black" if data.get("chosen") else "gray70"
        features = "".join(f', {name}="{value}"' for name, value in data.items() if name not in _DOT_OWN)
        lines.append(f'  {source} -> {target} [label="{data.get("weight", 0):.1f}", style={style}, '
                     f'color="{colour}", kind="{data.get("kind", "")}", chosen="{str(data.get("chosen")).lower()}"'
                     f"{features}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


_DOT_OWN = frozenset({"kind", "weight", "chosen"})  # edge attributes written above, not as features


def _quote(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")
