"""The nouns of a newspaper page, from the lines of a dump to finished articles.

Each stage of the pipeline takes one of these frozen records and makes the next:

    Dump ─▶ Fragment* ─▶ Cues ─▶ FragmentGraph ─▶ Order ─▶ Article* ─▶ Page

A `Line` is one printed line of one column (a `-layout` row is cut into its columns
first), a `Fragment` a run of lines that belong together, a `Story` the fragments an
article is made of, and an `Article` the finished text. `Page` keeps every
intermediate so that `--explain`, the notebooks and the graph writers read data, not
logs. Fragment ids are stable: they are the fragment's index in `Page.fragments`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

import numpy as np

if TYPE_CHECKING:
    import networkx as nx

    from broadsheet.params import Params

Role = Literal[
    "body",
    "headline",
    "kicker",
    "deck",
    "byline",
    "section",
    "lede",
    "caption",
    "credit",
    "jump",
    "furniture",
]
ROLES: tuple[Role, ...] = (
    "body",
    "headline",
    "kicker",
    "deck",
    "byline",
    "section",
    "lede",
    "caption",
    "credit",
    "jump",
    "furniture",
)
Script = Literal["cjk", "latin"]
DumpStyle = Literal["lines", "paragraphs", "layout"]
EdgeKind = Literal["continues", "heads", "caption_of"]


@dataclass(frozen=True, slots=True)
class Line:
    """One printed line of one column, as the dump gives it."""

    number: int  # 0-based line number in the dump
    page: int  # 0-based page (pages are split on form feeds)
    text: str  # the text, surrounding spaces stripped; never empty
    x: int  # display column where the text starts (indent, or x in a -layout row)
    width: int  # display width of `text` (a CJK character is two columns)
    gap: int  # blank lines (or empty layout rows) between this line and the one above
    column: int = 0  # column stream of a -layout page, 0 elsewhere
    row: int = -1  # 0-based row of the dump text this line stands on (newlines counted across pages)
    cell: int = -1  # -layout: grid cell of its first character (a CJK character takes one); -1 elsewhere


@dataclass(frozen=True, slots=True)
class Dump:
    """The decoded dump: its text, its lines and what kind of dump it is."""

    text: str  # the whole dump after decoding and newline normalisation
    lines: tuple[Line, ...]
    pages: int
    style: DumpStyle
    script: Script
    lang: str  # ISO 639-1 guess: zh, en, de, fr, nl …
    encoding: str = "utf-8"
    controls: int = 0  # control characters dropped while reading


@dataclass(frozen=True, slots=True)
class Fragment:
    """A run of lines of one column that belong together: the graph's node."""

    id: int
    page: int
    lines: tuple[Line, ...]

    @property
    def text(self) -> str:
        return "\n".join([line.text for line in self.lines])  # a list joins twice as fast as a generator

    @property
    def first(self) -> Line:
        return self.lines[0]

    @property
    def last(self) -> Line:
        return self.lines[-1]

    @property
    def left(self) -> int:
        """The display column its leftmost line starts at."""
        return min([line.x for line in self.lines])  # lists: faster than generators

    @property
    def right(self) -> int:
        """The display column its widest-reaching line ends at."""
        return max([line.x + line.width for line in self.lines])


@dataclass(frozen=True, slots=True)
class Cues:
    """What each fragment looks like: its feature row, role and confidence."""

    features: np.ndarray  # (fragments, len(cues.FRAGMENT_FEATURES)), float
    roles: tuple[Role, ...]
    confidence: tuple[float, ...]
    measure: float  # the page's body column width, in display columns
    probabilities: np.ndarray = field(default_factory=lambda: np.zeros((0, len(ROLES))))
    words: tuple[Counter[str], ...] = ()  # each fragment's topical units (cues.vocabulary), counted once


@dataclass(frozen=True, slots=True)
class Edge:
    """A scored candidate: `source` is followed by (or belongs to) `target`."""

    source: int
    target: int
    kind: EdgeKind
    weight: float  # log-odds from the model; > 0 means more likely than not
    features: tuple[float, ...]


@dataclass(frozen=True, slots=True)
class EdgeSet:
    """All candidate edges of one kind, as parallel arrays (one row an edge)."""

    kind: EdgeKind
    source: np.ndarray  # int, fragment ids
    target: np.ndarray  # int, fragment ids
    weight: np.ndarray  # float, log-odds from the model; > 0 means more likely than not
    features: np.ndarray  # (edges, len(FEATURES of this kind)), float

    def __len__(self) -> int:
        return len(self.source)

    def edge(self, row: int) -> Edge:
        return Edge(
            int(self.source[row]),
            int(self.target[row]),
            self.kind,
            float(self.weight[row]),
            tuple(self.features[row].tolist()),
        )


@dataclass(frozen=True, slots=True)
class FragmentGraph:
    """The fragments as nodes and every scored candidate edge between them."""

    nodes: int
    edges: tuple[EdgeSet, ...]

    def of_kind(self, kind: EdgeKind) -> EdgeSet:
        for edge_set in self.edges:
            if edge_set.kind == kind:
                return edge_set
        raise KeyError(kind)

    def to_networkx(self, cues: Cues | None = None, fragments: tuple[Fragment, ...] = ()) -> nx.DiGraph:
        from broadsheet.graph import graph_to_networkx  # noqa: PLC0415  # breaks the cycle with graph.py

        return graph_to_networkx(self, cues, fragments)

    def _repr_svg_(self) -> str:
        from broadsheet.writers.html import graph_to_svg  # noqa: PLC0415  # breaks the cycle with writers/html.py

        return graph_to_svg(self)


Unit = tuple[int, ...]  # the fragments of one printed item (a wrapped headline, a byline) in order


@dataclass(frozen=True, slots=True)
class Story:
    """The fragments one article is made of, in reading order, before joining text."""

    body: tuple[int, ...]  # body, lede and section fragments in reading order
    headline: Unit = ()
    kickers: tuple[Unit, ...] = ()
    decks: tuple[Unit, ...] = ()  # subtitles after the headline
    bylines: tuple[Unit, ...] = ()
    captions: tuple[tuple[Unit, Unit], ...] = ()  # (caption, its credit or ())
    jumps: tuple[int, ...] = ()

    @property
    def fragments(self) -> tuple[int, ...]:
        """Every fragment the story holds, once each."""
        units = (self.headline, *self.kickers, *self.decks, *self.bylines)
        parts = [*self.body, *(i for unit in units for i in unit), *self.jumps]
        parts += [i for caption, credit in self.captions for i in (*caption, *credit)]
        return tuple(parts)


@dataclass(frozen=True, slots=True)
class Decision:
    """Why a fragment went where it did: chosen edge and the best rival (rows of `edges`,
    -1 for none; made into `Edge`s only when asked, as most pages are never explained)."""

    fragment: int
    role: Role
    edges: EdgeSet | None = field(default=None, compare=False, repr=False)
    chosen_row: int = -1
    rival_row: int = -1

    @property
    def chosen(self) -> Edge | None:
        return self.edges.edge(self.chosen_row) if self.edges is not None and self.chosen_row >= 0 else None

    @property
    def runner_up(self) -> Edge | None:
        return self.edges.edge(self.rival_row) if self.edges is not None and self.rival_row >= 0 else None


@dataclass(frozen=True, slots=True)
class Order:
    """The solved graph: stories in reading order and what no story took."""

    stories: tuple[Story, ...]
    furniture: tuple[int, ...]
    decisions: tuple[Decision, ...] = ()
    roles: tuple[Role, ...] = ()  # the roles as solved (a headline inside an article's flow is a section)


@dataclass(frozen=True, slots=True)
class Paragraph:
    text: str
    kind: Literal["p", "lede"] = "p"


@dataclass(frozen=True, slots=True)
class Heading:
    """A section heading inside an article."""

    title: str


@dataclass(frozen=True, slots=True)
class Byline:
    text: str  # as printed: "□本报记者 黄光红", "By JOHN SMITH"
    names: tuple[str, ...]  # the people: ("黄光红",), ("JOHN SMITH",)
    role: str = ""  # the role words apart: "本报记者", "Staff Writer"
    prefix: str = ""  # what stands before the role or names and is neither: "□", "By"


@dataclass(frozen=True, slots=True)
class Caption:
    text: str
    credit: str = ""


@dataclass(frozen=True, slots=True)
class Article:
    """One finished article: every field is text cut from the dump."""

    number: int  # 1-based, in reading order on its page
    page: int
    headline: str = ""
    kickers: tuple[str, ...] = ()
    subtitles: tuple[str, ...] = ()
    bylines: tuple[Byline, ...] = ()
    body: tuple[Paragraph | Heading, ...] = ()
    captions: tuple[Caption, ...] = ()
    jumps: tuple[str, ...] = ()
    fragments: tuple[int, ...] = ()

    @property
    def paragraphs(self) -> tuple[Paragraph, ...]:
        return tuple(block for block in self.body if isinstance(block, Paragraph))


@dataclass(frozen=True, slots=True)
class Furniture:
    """Running heads, folios, advertisements and leftovers: kept, marked, not news."""

    page: int
    text: str
    fragments: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class Page:
    """Everything broadsheet knows about one dump, every intermediate kept."""

    dump: Dump
    fragments: tuple[Fragment, ...]
    cues: Cues
    graph: FragmentGraph
    order: Order
    articles: tuple[Article, ...]
    furniture: tuple[Furniture, ...]
    params: Params
    hyphens_removed: int = 0  # line-end hyphens dropped when joining words

    def texts(self) -> Iterator[str]:
        """Every text the page gives back: each article's fields, then the furniture.

        With `hyphens_removed` this accounts for every non-space character of the dump.
        """
        for article in self.articles:
            yield article.headline
            yield from article.kickers
            yield from article.subtitles
            yield from (byline.text for byline in article.bylines)
            yield from (block.title if isinstance(block, Heading) else block.text for block in article.body)
            for caption in article.captions:
                yield caption.text
                yield caption.credit
            yield from article.jumps
        yield from (item.text for item in self.furniture)

    @property
    def nx(self) -> nx.DiGraph:
        """The fragment graph as networkx: nodes with role and confidence, edges scored."""
        return self.graph.to_networkx(self.cues, self.fragments)

    def _repr_html_(self) -> str:
        from broadsheet.writers.html import page_to_html  # noqa: PLC0415  # breaks the cycle with writers/html.py

        return page_to_html(self)
