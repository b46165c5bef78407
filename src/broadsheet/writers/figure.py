"""Figure: a solved page drawn the way it was printed, with the graph over it.

Each fragment is a box where the dump put it: down the drawing by its row in the dump (its
line number where rows are not known), across by column stream (a `-layout` page) and by
page. A stream longer than `rows` rows snakes into several drawn columns, cut between
fragments, so the picture keeps a page's shape. Fill is the fragment's role
(`ROLE_COLOURS`), outline its article:

    ┌ 0 headline ┐  ┌ 41 body ─┐     bold     chosen `continues` edge
    └─────┬──────┘  └────┬─────┘     dashed   a rejected rival (the best few per fragment)
    ┌ 2 body ────┐       ╎           dotted   a title, byline or caption to its article
    └────────────┘─────▶ ...

Limits: fragment ids only, no text (matplotlib may lack a CJK font); a page of thousands of
fragments draws, but its boxes grow thin. matplotlib is imported only when drawing.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from itertools import groupby, pairwise
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

import networkx as nx

from broadsheet.errors import OutputError
from broadsheet.page import Fragment, Line, Page
from broadsheet.writers.graph import ROLE_COLOURS, page_to_networkx
from broadsheet.writers.html import page_roles

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

ROWS = 100  # dump lines per drawn column before a long stream snakes into the next
ATTACHMENTS = ("heads", "deck_of", "byline_of", "caption_of")
ARTICLE_COLOURS = (
    "#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#e377c2", "#bcbd22",
    "#393b79", "#637939", "#843c39", "#7b4173", "#3182bd", "#e6550d", "#31a354",
)
NO_ARTICLE = "#90a4ae"  # outline of furniture and leftovers
FONT_SIZE = 6  # points: a one-row fragment is about 8.6 points tall at 0.12 inches a row
LABEL_BOX = {"fc": "white", "ec": "none", "pad": 0.5}  # behind a label, so it reads over lines and fills


@dataclass(frozen=True, slots=True)
class Box:
    """Where one fragment is drawn: x in drawn columns, y in dump lines from the top."""

    x: float
    top: float
    width: float
    height: float

    @property
    def centre(self) -> float:
        return self.x + self.width / 2


def fragment_boxes(page: Page, rows: int = ROWS) -> dict[int, Box]:
    """Each fragment's box: column streams side by side, pages apart, streams over `rows` rows snaked."""
    boxes: dict[int, Box] = {}
    column, last_page = 0.0, 0
    for (page_number, _), stream in groupby(page.fragments, key=lambda f: (f.page, f.first.column)):
        column += 0.5 if boxes and page_number != last_page else 0.0  # a little air between pages
        last_page = page_number
        for piece in _snake(list(stream), rows):
            start = _row(piece[0].first)
            boxes |= {f.id: _box(f, column, start, page.cues.measure) for f in piece}
            column += 1
    return boxes


def _snake(stream: list[Fragment], rows: int) -> list[list[Fragment]]:
    """The stream cut between fragments into pieces of about equal length, none much over `rows`."""
    span = _row(stream[-1].last) - _row(stream[0].first) + 1
    height = span / max(1, math.ceil(span / rows))
    pieces: list[list[Fragment]] = [[]]
    for fragment in stream:
        if pieces[-1] and _row(fragment.first) - _row(stream[0].first) >= height * len(pieces):
            pieces.append([])
        pieces[-1].append(fragment)
    return pieces


def _box(fragment: Fragment, column: float, start: int, measure: float) -> Box:
    widest = max(line.width for line in fragment.lines)
    share = min(1.0, max(0.3, widest / measure)) if measure > 0 else 1.0
    top = _row(fragment.first) - start
    return Box(column + 0.05, top, 0.85 * share, _row(fragment.last) - _row(fragment.first) + 1)


def _row(line: Line) -> int:
    """The dump row the line stands on, so blank rows and side-by-side columns show; else its number."""
    row: int = getattr(line, "row", -1)  # kept by read.py where it knows the rows
    return row if row >= 0 else line.number


def draw_page(page: Page, ax: Axes | None = None, *, rows: int = ROWS, rivals: int = 2) -> Figure:
    """Draw the page: role-filled boxes, article outlines, chosen edges bold, `rivals` per fragment faint."""
    plt = _matplotlib().pyplot
    boxes, view = fragment_boxes(page, rows), page_to_networkx(page)
    if ax is None:
        depth = max((b.top + b.height for b in boxes.values()), default=1)
        across = max((b.x for b in boxes.values()), default=0) + 1
        _, ax = plt.subplots(figsize=(min(40, 1.6 * across + 0.8), min(40, 0.12 * depth + 2.0)))
    colours = {i: ARTICLE_COLOURS[(a.number - 1) % len(ARTICLE_COLOURS)] for a in page.articles for i in a.fragments}
    _draw_boxes(ax, page, boxes, colours)
    _draw_edges(ax, view, boxes, colours, rivals)
    _finish(ax, page, view, boxes)
    return ax.figure  # type: ignore[return-value]


def _draw_boxes(ax: Axes, page: Page, boxes: dict[int, Box], colours: dict[int, str]) -> None:
    rectangle = _matplotlib().patches.Rectangle
    first = {a.fragments[0]: a.number for a in page.articles if a.fragments}
    roles = page_roles(page)
    for node, box in boxes.items():
        role = roles[node] if node < len(roles) else "body"
        outline = colours.get(node, NO_ARTICLE)
        ax.add_patch(rectangle((box.x, box.top), box.width, box.height, facecolor=ROLE_COLOURS.get(role, "#ffffff"),
                               edgecolor=outline, linewidth=1.6 if node in colours else 0.8, zorder=2))
        ax.text(box.x + 0.03, box.top + box.height / 2, str(node), fontsize=FONT_SIZE, va="center", zorder=4)
        if node in first:
            ax.text(box.x + box.width - 0.03, box.top + box.height / 2, f"a{first[node]}", fontsize=FONT_SIZE + 1,
                    va="center", ha="right", color=outline, fontweight="bold", zorder=4, bbox=LABEL_BOX)


def _draw_edges(ax: Axes, view: nx.DiGraph, boxes: dict[int, Box], colours: dict[int, str], rivals: int) -> None:
    for source in sorted(view.nodes):
        out = [(t, d) for t, d in view.succ[source].items() if t in boxes and source in boxes]
        lost = sorted((d["weight"], -t, t) for t, d in out if d.get("kind") == "continues" and not d.get("chosen"))
        for _, _, target in lost[::-1][:rivals]:
            weight = float(view.edges[source, target]["weight"])
            alpha = 0.3 + 0.5 / (1 + math.exp(-weight))
            _arrow(ax, boxes[source], boxes[target], {"color": "#78909c", "alpha": alpha, "lw": 0.8, "ls": "--"})
        for target, data in out:
            if data.get("chosen") and data.get("kind") == "continues":
                _arrow(ax, boxes[source], boxes[target], {"color": "black", "lw": 1.8})
            elif data.get("kind") in ATTACHMENTS:
                style = {"color": colours.get(target, NO_ARTICLE), "lw": 1.0, "ls": ":"}
                _arrow(ax, boxes[source], boxes[target], style)


def _arrow(ax: Axes, source: Box, target: Box, style: dict[str, Any]) -> None:
    """Centre to centre: straight down a drawn column, bowed across columns; rivals bow further."""
    arrow = _matplotlib().patches.FancyArrowPatch
    start, end = (source.centre, source.top + source.height / 2), (target.centre, target.top + target.height / 2)
    bend = 0.0 if source.x == target.x and end[1] > start[1] else 0.12
    bend += 0.35 if style.get("ls") else 0.0
    ax.add_patch(arrow(start, end, arrowstyle="-|>", mutation_scale=7, shrinkA=0, shrinkB=0,
                                 connectionstyle=f"arc3,rad={bend}", zorder=3, **style))


def _finish(ax: Axes, page: Page, view: nx.DiGraph, boxes: dict[int, Box]) -> None:
    """Limits with the page's top up, a title with the counts, and the legend below."""
    line, patch = _matplotlib().lines.Line2D, _matplotlib().patches.Patch
    depth = max((b.top + b.height for b in boxes.values()), default=1)
    ax.set_xlim(-0.1, max((b.x for b in boxes.values()), default=0) + 1)
    ax.set_ylim(depth + 1, -1)
    ax.axis("off")
    chosen = sum(1 for *_, d in view.edges(data=True) if d.get("kind") == "continues" and d.get("chosen"))
    ax.set_title(f"{len(page.fragments)} fragments → {len(page.articles)} articles; "
                 f"{len(page.graph.of_kind('continues')) if page.graph.edges else 0} candidate edges, "
                 f"{chosen} chosen", fontsize=10)
    roles = [role for role in ROLE_COLOURS if role in page_roles(page)]
    handles: list[Any] = [patch(facecolor=ROLE_COLOURS[r], edgecolor="#90a4ae", label=r) for r in roles]
    handles += [line([], [], color="black", lw=1.8, label="chosen"),
                line([], [], color="#607d8b", lw=0.8, ls="--", label="rival"),
                line([], [], color="#1f77b4", lw=1.0, ls=":", label="attached"),
                patch(facecolor="white", edgecolor="#1f77b4", lw=1.6, label="outline: article")]
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, 0.0), ncol=min(8, len(handles)),
              fontsize=7, frameon=False)


def draw_article_order(page: Page, number: int, ax: Axes | None = None) -> Figure:
    """One article's fragments top down in reading order, each step's weight, each runner-up to the right."""
    plt = _matplotlib().pyplot
    article = next((a for a in page.articles if a.number == number), None)
    if article is None:
        raise OutputError(f"no article {number} on this page; it has articles 1 to {len(page.articles)}")
    chain, pos = _article_chain(page, article.fragments)
    if ax is None:
        _, ax = plt.subplots(figsize=(6, max(3.0, 0.8 * len(article.fragments) + 1)))
    roles = nx.get_node_attributes(chain, "role")
    nx.draw_networkx_nodes(chain, pos, ax=ax, node_shape="s", node_size=420, edgecolors="#546e7a",
                           node_color=[ROLE_COLOURS.get(roles[n], "#ffffff") for n in chain])
    nx.draw_networkx_labels(chain, pos, ax=ax, font_size=7)
    for step, style in STEP_STYLES.items():
        edges = [(s, t) for s, t, kind in chain.edges(data="step") if kind == step]
        labels = {(s, t): chain.edges[s, t]["label"] for s, t in edges}
        nx.draw_networkx_edges(chain, pos, edgelist=edges, ax=ax, node_size=420, node_shape="s", **style)
        nx.draw_networkx_edge_labels(chain, pos, edge_labels=labels, ax=ax, font_size=6, rotate=False,
                                     connectionstyle=style["connectionstyle"], bbox=LABEL_BOX)
    ax.set_title(f"article {number}: reading order down the left, rivals passed over to the right", fontsize=9)
    ax.axis("off")
    return ax.figure  # type: ignore[return-value]


STEP_STYLES: dict[str, dict[str, Any]] = {
    "chosen": {"width": 1.8, "edge_color": "black", "connectionstyle": "arc3"},
    "then": {"width": 0.8, "edge_color": "#b0bec5", "connectionstyle": "arc3"},  # a title or byline before the body
    "rival": {"width": 0.8, "edge_color": "#78909c", "style": "--", "connectionstyle": "arc3,rad=-0.3"},
}


def _article_chain(page: Page, order: tuple[int, ...]) -> tuple[nx.DiGraph, dict[int, tuple[float, float]]]:
    """The article's fragments as a chain (`step` chosen or then), plus each fragment's runner-up (rival)."""
    decisions = {d.fragment: d for d in page.order.decisions}
    chain = nx.DiGraph()
    pos = {node: (0.0, -float(step)) for step, node in enumerate(order)}
    roles = page_roles(page)
    chain.add_nodes_from((node, {"role": roles[node]}) for node in order)
    for node, after in pairwise(order):
        chosen = decisions[node].chosen if node in decisions else None
        if chosen is not None and chosen.target == after:
            chain.add_edge(node, after, step="chosen", label=f"{chosen.weight:+.1f}")
        else:
            chain.add_edge(node, after, step="then", label="")
    for node in order:
        rival = decisions[node].runner_up if node in decisions else None
        if rival is not None:
            pos.setdefault(rival.target, (1.0, pos[node][1] - 0.5))
            chain.add_node(rival.target, role=roles[rival.target])
            chain.add_edge(node, rival.target, step="rival", label=f"{rival.weight:+.1f}")
    return chain, pos


def _matplotlib() -> SimpleNamespace:
    """matplotlib's pyplot, lines and patches, or an error that says how to get them."""
    try:
        from matplotlib import lines, patches, pyplot  # noqa: PLC0415  # optional: loaded only when drawing
    except ImportError as error:
        raise OutputError("drawing a page needs matplotlib; install it with `pip install matplotlib` "
                          "or `pip install -e '.[dev]'`") from error
    return SimpleNamespace(pyplot=pyplot, lines=lines, patches=patches)
