"""Make up a newspaper page from dressed copy: the compositor behind `synth.make_page`.

In: dressed `Copy` records, furniture texts (top, bottom, OCR ornaments) and a seeded
`random.Random`. Out: a `Sheet` (synth_lines) holding every set line and the item it
belongs to. The page is bands of pillars of articles on a 2-8 column grid (templates
"bands", "pillars", "mixed"): furniture on a row at the top (or foot), articles below.
An article sets its head (kicker, headline, subtitles, byline) above its columns, over
all but one of them, or beside them in its first column; may set a lede across its
columns; then balances the body over its columns, breaking anywhere (mid-sentence too),
around photos at the top or bottom of some columns with the caption (and its credit,
on its own line or at the end of the caption's last line) under them. A bare name may
close the body, a jump line may follow it. Body pitch varies by article (1.0-1.3 rows)
so that neighbouring columns' baselines drift apart as they do on real pages.
Known limits: rectangular articles, no text wrapped around photos, no boxed items.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, replace

from broadsheet.page import Role
from broadsheet.synth_lines import Copy, Grid, Item, SetLine, Sheet, Slug, cells, set_text

Placing = tuple[int, int, Slug, str]  # item, its line number, the line, its alignment
Entry = tuple[float, Placing | None]  # a galley line (or a space, None) and its height in rows


class _Press:
    """Collects items and lines while one page is set (mutable only while setting)."""

    def __init__(self, grid: Grid, rng: random.Random) -> None:
        self.grid, self.rng = grid, rng
        self.items: list[Item] = []
        self.lines: list[SetLine] = []
        self.blocks = 0

    def item(self, article: int, role: Role, slot: int, order: int) -> int:
        self.items.append(Item(article, role, slot, order))
        return len(self.items) - 1

    def block(self) -> int:
        self.blocks += 1
        return self.blocks

    def line(self, slug: Slug, ref: tuple[int, int], at: tuple[float, float], shape: tuple[float, int, str]) -> None:
        """Place line `number` of `item` (`ref`); `shape` is (type size, measure, "kind:align")."""
        (text, indent, slack, hyphen), (item, number), (x, y), (size, width, how) = slug, ref, at, shape
        kind, align = how.split(":")
        free = width - cells(text) * size - indent
        shift = max(free / 2 if align == "centre" else free if align == "right" else 0.0, 0.0)
        block = self.blocks if number else self.block()
        self.lines.append(SetLine(text, item, self.items[item].article, number, round(x + indent + shift), y, size,
                                  slack, hyphen, block, kind))

    def put(self, slugs: list[Slug], item: int, at: tuple[float, float], shape: tuple[float, int, str]) -> float:
        """Place an item's lines from `at` (x, y) down; `shape` as for `line`. Returns the y below them."""
        (x, y), size = at, shape[0]
        for number, slug in enumerate(slugs):
            self.line(slug, (item, number), (x, y), shape)
            y += size * 1.2
        return y


def set_page(rng: random.Random, copies: list[Copy], furniture: tuple[tuple[str, ...], ...], cjk_page: bool) -> Sheet:
    """Set the articles and furniture (top, bottom, ornaments) into one page."""
    grid = choose_grid(rng, cjk_page)
    template, bands = plan_page(rng, len(copies), grid.columns)
    press = _Press(grid, rng)
    top, bottom, ornaments = furniture
    y = set_furniture(press, ornaments, 0.0, stacked=True)
    foot_first = rng.random() < 0.15  # the masthead line at the foot of the page
    y = set_furniture(press, bottom if foot_first else top, y, stacked=rng.random() < 0.3) + 1.0
    for band in bands:
        x, band_bottom = 0, y
        for columns, articles in band:
            column_y = y
            for article in articles:
                copy = fit_copy(rng, copies[article], columns, grid)
                column_y = set_article(press, article, copy, (x, column_y), columns) + rng.uniform(1.0, 2.5)
            band_bottom, x = max(band_bottom, column_y), x + columns * (grid.measure + grid.gutter)
        y = band_bottom
    set_furniture(press, top if foot_first else bottom, y + 0.5, stacked=rng.random() < 0.5)
    return Sheet(tuple(press.lines), tuple(press.items), grid, template)


def choose_grid(rng: random.Random, cjk_page: bool) -> Grid:
    """Column count and measures for one page."""
    columns = rng.randint(2, 8)
    if cjk_page:
        measure = 2 * rng.randint(8, max(8, min(24, 150 // columns)))
        cut = 0 if rng.random() < 0.15 else 4
        indent = rng.choice((2, 3, 4, 5)) if cut else 0
    else:
        measure = rng.randint(22, max(22, min(50, 300 // columns)))
        cut = indent = rng.choice((0, 1, 2, 2, 3))
    hyphenate, justify = rng.random() < 0.7, rng.random() < 0.7
    spacing = 0.0 if rng.random() < 0.6 else rng.uniform(0.3, 0.8)
    return Grid(columns, measure, rng.randint(2, 6), indent, cut, cjk_page, hyphenate, justify, spacing,
                rng.random() < 0.4)


def plan_page(rng: random.Random, count: int, columns: int) -> tuple[str, list[list[tuple[int, list[int]]]]]:
    """Bands (top to bottom) of pillars (column count, articles top to bottom)."""
    template = rng.choice(("bands", "pillars", "mixed"))
    order = list(range(count))
    if template == "pillars" or count < 3:
        groups = [order]
    elif template == "mixed":
        lead = rng.randint(1, 2)
        groups = [order[:lead], order[lead:]]
    else:
        sizes = _compose(rng, count, rng.randint(2, min(3, count)))
        groups = [order[sum(sizes[:i]) : sum(sizes[: i + 1])] for i in range(len(sizes))]
    return template, [_pillars(rng, group, columns) for group in groups]


def _pillars(rng: random.Random, articles: list[int], columns: int) -> list[tuple[int, list[int]]]:
    count = rng.randint(min(2, len(articles)), min(len(articles), columns))
    widths, stacks = _compose(rng, columns, count), _compose(rng, len(articles), count)
    starts = [sum(stacks[:i]) for i in range(count)]
    return [(widths[i], articles[starts[i] : starts[i] + stacks[i]]) for i in range(count)]


def _compose(rng: random.Random, total: int, parts: int) -> list[int]:
    """`total` as `parts` positive whole numbers, at random."""
    cuts = sorted(rng.sample(range(1, total), parts - 1)) if parts > 1 else []
    edges = [0, *cuts, total]
    return [edges[i + 1] - edges[i] for i in range(parts)]


def fit_copy(rng: random.Random, copy: Copy, columns: int, grid: Grid) -> Copy:
    """Cut the body to what `columns` columns of 12-55 lines hold (whole paragraphs)."""
    per_line = grid.measure // 2 if grid.cjk else grid.measure
    budget = columns * rng.randint(12, 55) * per_line
    kept: list[tuple[str, str]] = []
    for kind, text in copy.body:
        if kept and sum(len(t) for _, t in kept) >= budget:
            break
        kept.append((kind, _shorten(text, 2 * budget, grid.cjk) if kind == "p" else text))
    while kept and kept[-1][0] == "sec":
        kept.pop()
    return replace(copy, body=tuple(kept), lede=copy.lede and bool(kept) and kept[0][0] == "p")


def _shorten(text: str, limit: int, cjk_page: bool) -> str:
    """`text` cut after its last sentence that ends before `limit` characters."""
    if len(text) <= limit:
        return text
    ends = [m.end() for m in re.finditer(r"[。！？]" if cjk_page else r"[.!?](?=\s)", text[:limit])]
    return text[: ends[-1]] if ends else text[:limit].rsplit(" ", 1)[0] if not cjk_page else text[:limit]


def set_furniture(press: _Press, texts: tuple[str, ...], y: float, stacked: bool) -> float:
    """Running heads, folios, editor lines and ads: one row spread across, or stacked."""
    width = press.grid.width
    stacked = stacked or sum(cells(text) * 2 + 4 for text in texts) > width  # masthead type is large
    for number, text in enumerate(texts):
        size = 2.2 if number == 0 and stacked and press.rng.random() < 0.5 else 1.0
        item = press.item(-1, "furniture", 0, 0)
        slug = [(text, 0, 0, False)]
        align = "left" if stacked or number == 0 else "right" if number == len(texts) - 1 else "centre"
        bottom = press.put(slug, item, (0, y), (size, width, f"furniture:{align}"))
        y = bottom if stacked else y
    return y + (0.0 if stacked or not texts else 1.4)


def set_article(press: _Press, article: int, copy: Copy, at: tuple[int, float], span: int) -> float:
    """Set one article in `span` columns from `at`; returns the y below it."""
    grid, (x, y) = press.grid, at
    width = span * grid.measure + (span - 1) * grid.gutter
    beside = span >= 3 and press.rng.random() < 0.2
    head_width = grid.measure if beside else width if span < 3 or press.rng.random() < 0.7 else width - grid.measure
    head_bottom = set_head(press, article, copy, (x, y + press.rng.uniform(0.0, 0.6)), head_width)
    body_x = x + (grid.measure + grid.gutter if beside else 0)
    body_y, columns = (y if beside else head_bottom), span - 1 if beside else span
    first = 0
    if copy.lede and columns >= 2:
        lede_width = columns * grid.measure + (columns - 1) * grid.gutter
        slugs = set_text(copy.body[0][1], int(lede_width / 1.2), grid, first=grid.cut)
        item = press.item(article, "lede", 0, 100)
        body_y, first = press.put(slugs, item, (body_x, body_y), (1.2, lede_width, "body:left")) + 0.8, 1
    pitch = press.rng.uniform(1.0, 1.3)
    bottom = set_columns(press, article, copy, (body_x, body_y, pitch), (columns, first))
    return max(head_bottom, bottom)


def set_head(press: _Press, article: int, copy: Copy, at: tuple[float, float], width: int) -> float:
    """Kicker, headline, subtitles and a top byline, one under another; the y below them."""
    x, y = at
    parts: list[tuple[Role, str, int, float, int]] = []
    if copy.kicker:
        parts.append(("kicker", copy.kicker, 0, 1.1, 0))
    if copy.headline:
        parts.append(("headline", copy.headline, 0, press.rng.uniform(1.6, 3.0), 1))
    parts += [("deck", deck, n + bool(copy.kicker), 1.3, 2 + n) for n, deck in enumerate(copy.decks)]
    if copy.byline and not copy.byline_last:
        parts.append(("byline", copy.byline, 0, 1.0, 9))
    align = "centre" if press.grid.centred else "left"
    for role, text, slot, size, order in parts:
        slugs = set_text(text, int(width / size), press.grid)
        item = press.item(article, role, slot, order)
        y = press.put(slugs, item, (x, y), (size, width, f"head:{align if role == 'headline' else 'left'}"))
    return y + (press.rng.uniform(0.5, 1.5) if parts else 0.0)


@dataclass(frozen=True, slots=True)
class _Photo:
    """A photo's place in an article's columns and the caption set under it."""

    caption: tuple[int, list[Slug]]  # item, lines
    credit: tuple[int, list[Slug], bool]  # item (-1 for none), lines, set at the end of the caption's last line
    columns: tuple[int, int]  # first column, how many
    top: bool  # at the top of its columns (else at the foot)
    offset: float  # rows of earlier photos above it (at the top) or below it (at the foot)
    height: float  # rows: picture, caption and credit


def set_columns(press: _Press, article: int, copy: Copy, at: tuple[int, float, float],
                shape: tuple[int, int]) -> float:
    """Balance the body (from block `first`) over `columns` columns around photos; the y below."""
    x, y, pitch = at
    columns, first = shape
    grid = press.grid
    galley = body_galley(press, article, copy, first, pitch)
    top, foot = [0.0] * columns, [0.0] * columns
    photos = [reserve_photo(press, (article, number), caption, (top, foot), pitch)
              for number, caption in enumerate(copy.captions)]
    height, placed = balance(galley, [top[c] + foot[c] for c in range(columns)], pitch)
    column = -1
    for number, offset, (item, line, slug, align) in placed:
        if number != column:
            press.block()
            column = number
        left = x + number * (grid.measure + grid.gutter)
        press.lines.append(_body_line(press, slug, (item, line), (left, y + top[number] + offset), align))
    for photo in photos:
        set_caption(press, photo, (x, y + (photo.offset if photo.top else height - photo.offset - photo.height)), pitch)
    return y + height


def _body_line(press: _Press, slug: Slug, ref: tuple[int, int], at: tuple[float, float], align: str) -> SetLine:
    (text, indent, slack, hyphen), (item, number), (x, y) = slug, ref, at
    free = press.grid.measure - cells(text) - indent
    left = x + indent + (free if align == "right" else free // 2 if align == "centre" else 0)
    return SetLine(text, item, press.items[item].article, number, round(left), y, 1.0, slack, hyphen, press.blocks,
                   "body")


def body_galley(press: _Press, article: int, copy: Copy, first: int, pitch: float) -> list[Entry]:
    """The body as one long column: lines and spaces with their heights, in reading order."""
    grid, galley = press.grid, list[Entry]()
    for slot in range(first, len(copy.body)):
        kind, text = copy.body[slot]
        heading = kind == "sec"
        item = press.item(article, "section" if heading else "body", slot, 100 + slot)
        if heading:
            slugs, align = set_text(text, grid.measure, grid), "centre" if grid.centred else "left"
            galley.append((pitch * 0.7, None))
        else:
            slugs, align = set_text(text, grid.measure, grid, first=grid.cut, hyphenate=grid.hyphenate), "left"
        galley += [(pitch, (item, number, slug, align)) for number, slug in enumerate(slugs)]
        if heading or grid.spacing:
            galley.append((pitch * (0.5 if heading else grid.spacing), None))
    tail: list[tuple[Role, str, int]] = [("byline", copy.byline, 1000)] if copy.byline_last else []
    tail += [("jump", copy.jump, 1001)] if copy.jump else []
    for role, text, order in tail:
        item, align = press.item(article, role, 0, order), press.rng.choice(("left", "right"))
        galley += [(pitch, (item, n, slug, align)) for n, slug in enumerate(set_text(text, grid.measure, grid))]
    return galley


def reserve_photo(press: _Press, ref: tuple[int, int], caption: tuple[str, str],
                  rooms: tuple[list[float], list[float]], pitch: float) -> _Photo:
    """Make room for a photo in some of the columns, at their top or foot, and set its caption."""
    grid, (article, number), (text, credit) = press.grid, ref, caption
    wide = press.rng.randint(1, len(rooms[0]))
    start = press.rng.randint(0, len(rooms[0]) - wide)
    width = wide * grid.measure + (wide - 1) * grid.gutter
    slugs = set_text(text, width, grid)
    credits = set_text(credit, width, grid) if credit else []
    inline = bool(credit) and press.rng.random() < 0.4 and cells(slugs[-1][0]) + cells(credit) + 2 <= width
    height = press.rng.uniform(4, 12) * pitch + (len(slugs) + (0 if inline else len(credits))) * pitch + 0.8
    top = press.rng.random() < 0.6
    room = rooms[0] if top else rooms[1]
    offset = max(room[start : start + wide])
    room[start : start + wide] = [offset + height] * wide
    item = press.item(article, "caption", number, 2000 + 2 * number)
    credit_item = press.item(article, "credit", number, 2001 + 2 * number) if credit else -1
    return _Photo((item, slugs), (credit_item, credits, inline), (start, wide), top, offset, height)


def set_caption(press: _Press, photo: _Photo, at: tuple[float, float], pitch: float) -> None:
    """The caption under its photo and the credit under or beside its last line."""
    grid, (item, slugs), (credit_item, credits, inline) = press.grid, photo.caption, photo.credit
    start, wide = photo.columns
    x = at[0] + start * (grid.measure + grid.gutter)
    width = wide * grid.measure + (wide - 1) * grid.gutter
    y = at[1] + photo.height - (len(slugs) + (0 if inline else len(credits))) * pitch - 0.8
    for number, slug in enumerate(slugs):
        press.line(slug, (item, number), (x, y + number * pitch), (1.0, width, "caption:left"))
    align = "right" if inline or press.rng.random() < 0.7 else "left"
    for number, slug in enumerate(credits):
        below = y + (len(slugs) - 1 + number + (0 if inline else 1)) * pitch
        press.line(slug, (credit_item, number), (x, below), (1.0, width, f"caption:{align}"))


def balance(galley: list[Entry], taken: list[float], pitch: float) -> tuple[float, list[tuple[int, float, Placing]]]:
    """The least column height that holds the galley beside the photos, and where each line goes."""
    total = sum(height for height, entry in galley if entry)
    height = max(*taken, (total + sum(taken)) / len(taken))
    while (placed := fill(galley, [height - t for t in taken])) is None:
        height += pitch / 2
    return height, placed


def fill(galley: list[Entry], rooms: list[float]) -> list[tuple[int, float, Placing]] | None:
    """Pour the galley into columns of the given room, none starting with a space; None if it overflows."""
    placed: list[tuple[int, float, Placing]] = []
    column, used = 0, 0.0
    for height, entry in galley:
        if entry is None and used == 0.0:
            continue
        while used + height > rooms[column] + 1e-9:
            column, used = column + 1, 0.0
            if column == len(rooms):
                return None
        if entry is not None:
            placed.append((column, used, entry))
        used += height
    return placed
