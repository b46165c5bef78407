"""broadsheet: put scrambled newspaper pages back together.

    page = broadsheet.reconstruct(open("dump.txt", encoding="utf-8").read())
    for article in page.articles:
        print(article.headline, len(article.paragraphs))

The pipeline, one module a stage, each a function from one record to the next:

    read ─▶ fragments ─▶ roles (cues) ─▶ graph ─▶ order ─▶ articles ─▶ writers

`reconstruct` runs them in that order and returns a `Page` that keeps every
intermediate. The library never prints and never exits; errors are `BroadsheetError`s.
"""

from __future__ import annotations

import logging
from pathlib import Path

from broadsheet.articles import order_to_articles
from broadsheet.errors import BroadsheetError, InputError, ModelError, OutputError
from broadsheet.fragments import lines_to_fragments
from broadsheet.graph import fragments_to_graph
from broadsheet.jumps import join_jumps
from broadsheet.order import graph_to_order
from broadsheet.page import (
    Article,
    Byline,
    Caption,
    Cues,
    Dump,
    Fragment,
    FragmentGraph,
    Furniture,
    Heading,
    Page,
    Paragraph,
)
from broadsheet.params import Params
from broadsheet.read import read_dump
from broadsheet.roles import fragments_to_cues
from broadsheet.weights import load_model

logging.getLogger(__name__).addHandler(logging.NullHandler())

__version__ = "0.1.0"


def reconstruct(source: str | bytes | Path, params: Params | None = None) -> Page:
    """Read a dump (text, bytes or a path) and give back its articles, every stage kept."""
    params = params or Params()
    dump = read_dump(source, params)
    model = load_model(params.model)
    fragments = lines_to_fragments(dump, params)
    cues = fragments_to_cues(dump, fragments, model)
    graph = fragments_to_graph(dump, fragments, cues, model, params)
    return solve(dump, fragments, cues, graph, params)


def solve(dump: Dump, fragments: tuple[Fragment, ...], cues: Cues, graph: FragmentGraph, params: Params) -> Page:
    """The stages after the graph: its solution in reading order, the articles and their
    jumps joined (for callers that score a graph of their own, as benchmarks/ceiling.py)."""
    order = graph_to_order(dump, fragments, cues, graph, params)
    articles, furniture, hyphens = order_to_articles(dump, fragments, cues, order, params)
    articles = join_jumps(dump, fragments, order, articles)
    return Page(dump, fragments, cues, graph, order, articles, furniture, params, hyphens)


__all__ = [
    "Article",
    "BroadsheetError",
    "Byline",
    "Caption",
    "Dump",
    "Fragment",
    "Furniture",
    "Heading",
    "InputError",
    "ModelError",
    "OutputError",
    "Page",
    "Paragraph",
    "Params",
    "read_dump",
    "reconstruct",
    "solve",
]
