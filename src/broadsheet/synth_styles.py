"""Print a set page as one text extractor would: the seven dump styles of `synth.make_page`.

In: a `Sheet` (synth_lines) and a seeded `random.Random`; out: rows of `Run`s for
synth_blocks.render, and a note of the choices made. What each style imitates, as seen
in the bench's dev dumps and the seed pages:
- pdftotext: blocks in XY-cut order, a blank line after each (so at every column break,
  often mid-sentence); a hyphenated Latin line merged with the next, hyphen gone; a
  stretched justified line a word a line; two side-by-side body blocks sometimes printed
  row by row, merged by a space where baselines agree, with blank lines where they don't.
- pdftotext-raw: draw order (natural, captions-last, heads-last, shuffled-articles), no
  blank lines, runs drawn on one baseline on one line (masthead, date and folio; a
  caption's last line and its credit), letter-spaced CJK lines spaced out.
- pdftotext-layout: every line at its row (y times 1, 1.5 or 2) and column; neighbours
  share rows, pushed right where they would touch; justified Latin lines padded; on a CJK
  page columns on pdftotext's character grid (every character one cell), not by width.
- pdfminer: boxes (paragraphs, head groups, captions, every line on some CJK articles),
  a blank line between, top-level groups shuffled; stretched Latin lines scattered in
  word groups; stray spaces in CJK lines.
- ocrorder: OCR blocks (column runs, often cut at paragraphs), a few misplaced.
- paragraphs: a paragraph a line; captions among paragraphs, a paragraph cut at its
  column break, neighbours or deck and headline sometimes on one line.
- columns: article by article, lines as set, blank lines between paragraphs and at
  column breaks, the head sometimes after the body.
Known limits: one style a page (no mixed extractors), no page breaks.
"""

from __future__ import annotations

import random
from collections.abc import Callable

from broadsheet.lang import cjk
from broadsheet.synth_blocks import (
    IDEOGRAPHIC_INDENT,
    Block,
    Rows,
    Run,
    block_rows,
    blocks_of,
    opens_paragraph,
    reading_order,
    run_of,
    spaced_out,
)
from broadsheet.synth_lines import SetLine, Sheet, join_lines

DRAW_ORDERS = ("natural", "captions-last", "heads-last", "shuffled-articles")
# pdftotext -layout's grid cell on a CJK page, in Han characters: the bench's typeset pages
# put 3 to 6 spaces between columns of about 20 characters set a character apart
CJK_CELL = 0.85


def pdftotext(sheet: Sheet, rng: random.Random) -> tuple[Rows, str]:
    across = rng.random() < 0.3
    blocks = heads_after(reading_order(blocks_of(sheet), rng, 0.0, across), rng, 0.15)
    zipping, mode = rng.choice((0.0, 0.0, 0.3, 0.7)), "mwi" if rng.random() < 0.15 else "mw"
    rows: Rows = []
    number = 0
    while number < len(blocks):
        block, neighbours = blocks[number], 1
        while number + neighbours < len(blocks) and side_by_side(blocks[number + neighbours - 1],
                                                                  blocks[number + neighbours]):
            neighbours += 1
        if neighbours > 1 and rng.random() < zipping:
            neighbours = rng.randint(2, min(neighbours, 4))
            rows += zipped(blocks[number : number + neighbours], 0.35 if block.kind == "head" else 0.05)
            number += neighbours
        else:
            rows += block_rows(block, sheet, rng, mode)
            number += 1
        glued = block.kind == "head" and number < len(blocks) and blocks[number].kind == "head"
        rows += [] if glued and rng.random() < 0.6 else [[]]
    return rows, f"reading order {'columns' if across else 'bands'} first, neighbours zipped {zipping:.0%}"


def side_by_side(left: Block, right: Block) -> bool:
    """Two body (or two head) blocks next to each other across a narrow gutter, level."""
    (_, left_x1, top, bottom), (right_x0, _, other_top, other_bottom) = left.box, right.box
    overlap = min(bottom, other_bottom) - max(top, other_top)
    return left.kind == right.kind and left.kind in ("body", "head") and 0 <= right_x0 - left_x1 <= 8 \
        and overlap >= 0.5 * min(bottom - top, other_bottom - other_top)


def zipped(blocks: list[Block], tolerance: float) -> Rows:
    """Blocks row by row: lines whose tops agree within `tolerance` on one line (a space
    between), single lines of different blocks with blank lines between."""
    rows: Rows = []
    previous: SetLine | None = None
    for line in sorted((line for block in blocks for line in block.lines), key=lambda line: (line.y, line.x)):
        if previous is not None and abs(line.y - previous.y) < tolerance and line.x > previous.x:
            rows[-1].append(run_of(line))
        else:
            if previous is not None and previous.block != line.block and len(rows[-1]) == 1:
                rows.append([])
            rows.append([run_of(line)])
        previous = line
    return rows


def heads_after(blocks: list[Block], rng: random.Random, share: float) -> list[Block]:
    """Move some articles' head blocks after their first body block."""
    for article in sorted({block.article for block in blocks if block.article >= 0}):
        heads = [b for b in blocks if b.article == article and b.kind == "head"]
        bodies = [b for b in blocks if b.article == article and b.kind == "body"]
        if heads and bodies and rng.random() < share:
            rest = [b for b in blocks if all(b is not head for head in heads)]
            at = next(n for n, b in enumerate(rest) if b is bodies[0]) + 1
            blocks = rest[:at] + heads + rest[at:]
    return blocks


def pdftotext_raw(sheet: Sheet, rng: random.Random) -> tuple[Rows, str]:
    order, ideographic = rng.choice(DRAW_ORDERS), rng.random() < 0.15
    rows: Rows = []
    previous: SetLine | None = None
    for line in (line for block in draw_order(blocks_of(sheet), order, rng) for line in block.lines):
        spaced = sheet.grid.cjk and line.slack and rng.random() < 0.5
        lead = IDEOGRAPHIC_INDENT if ideographic and opens_paragraph(line, sheet) else ""
        run = run_of(line, spaced_out(line, rng, 1.0) if spaced else None, lead)
        if previous is not None and abs(line.y - previous.y) < 0.05 and line.x >= previous.right - 0.5:
            rows[-1].append(run)
        else:
            rows.append([run])
        previous = line
    return rows, f"draw order {order}"


def draw_order(blocks: list[Block], order: str, rng: random.Random) -> list[Block]:
    """Blocks as a PDF's content stream draws them."""
    stories = [b for b in blocks if b.kind != "furniture"]
    first = next((n for n, b in enumerate(blocks) if b.kind != "furniture"), len(blocks))
    top, foot = blocks[:first], [b for b in blocks[first:] if b.kind == "furniture"]
    if order in ("captions-last", "heads-last"):
        late = "caption" if order == "captions-last" else "head"
        stories = [b for b in stories if b.kind != late] + [b for b in stories if b.kind == late]
    elif order == "shuffled-articles":
        articles = sorted({b.article for b in stories})
        rng.shuffle(articles)
        stories = [b for article in articles for b in stories if b.article == article]
    return stories + top + foot if rng.random() < 0.3 else top + stories + foot


def pdftotext_layout(sheet: Sheet, rng: random.Random) -> tuple[Rows, str]:
    """Each row's runs at their place on pdftotext's character grid: on a Latin page a cell
    is a character's width; on a CJK page every character, half-width digits too, takes
    one cell of CJK_CELL Han characters, so a column's line spans fewer cells than the page
    it covers (the gutter after it widens with its length), and a line holding digits runs
    long and pushes the next column's run right (render's `cells`; a space stays between)."""
    tolerance, ideographic = rng.choice((0.15, 0.3, 0.5)), rng.random() < 0.2
    cjk_page = sheet.grid.cjk
    rows: Rows = []
    for gap, lines in baseline_rows(sheet.lines, tolerance):
        rows += [[] for _ in range(min(int(gap / 1.3), 3))]
        runs: list[Run] = []
        end = 0
        for line in sorted(lines, key=lambda line: line.x):
            text, drift = padded(line, sheet), rng.choice((-1, 0, 0, 1)) if cjk_page and runs else 0
            lead = IDEOGRAPHIC_INDENT if ideographic and opens_paragraph(line, sheet) else ""
            left = line.x - (sheet.grid.indent if lead else 0)
            if cjk_page:  # display columns (a Han character is two) to cells
                x = max(round(left / (2 * CJK_CELL)) + drift, end + 1 if runs else 0)
                end = x + len(lead + text)
            else:
                x = max(left + drift, end + 2 if runs else 0)
                end = x + cjk.display_width(lead + text)
            runs.append(Run(text, line.item, line.index, 0, line.hyphen, x, lead=lead))
        rows.append(runs)
    note = ", ideographic indents" if ideographic else ""
    return rows, f"baselines within {tolerance} rows share a row{note}"


def baseline_rows(lines: tuple[SetLine, ...], tolerance: float) -> list[tuple[float, list[SetLine]]]:
    """Lines whose tops lie within `tolerance` of a row's first share it; each row with the
    empty space above it (in rows), as -layout turns vertical gaps into blank lines."""
    rows: list[tuple[float, list[SetLine]]] = []
    top = bottom = 0.0
    for line in sorted(lines, key=lambda line: line.y):
        if rows and line.y - top <= tolerance:
            rows[-1][1].append(line)
            bottom = max(bottom, line.y + line.size)
        else:
            rows.append((max(line.y - bottom, 0.0) if rows else 0.0, [line]))
            top, bottom = line.y, line.y + line.size
    return rows


def padded(line: SetLine, sheet: Sheet) -> str:
    """A justified Latin line with its slack shown as extra spaces, as -layout prints it."""
    gaps = line.text.count(" ")
    if sheet.grid.cjk or not gaps or line.slack < gaps:
        return line.text
    share, words = line.slack / gaps, line.text.split(" ")
    return words[0] + "".join(" " * (1 + int((n + 1) * share) - int(n * share)) + w for n, w in enumerate(words[1:]))


def pdfminer(sheet: Sheet, rng: random.Random) -> tuple[Rows, str]:
    across = rng.random() < 0.5
    boxes = reading_order(pdfminer_boxes(sheet, rng), rng, 0.35, across)
    rows: Rows = []
    for box in boxes:
        rows += [*block_rows(box, sheet, rng, "spj"), []]
    return rows, f"boxes by XY-cut, {'columns' if across else 'bands'} first"


def pdfminer_boxes(sheet: Sheet, rng: random.Random) -> list[Block]:
    """Head groups glued, body blocks cut into paragraphs (into lines on some CJK articles)."""
    glue = rng.random() < 0.7
    lines_apart = {n for n in range(len(sheet.items)) if sheet.grid.cjk and rng.random() < 0.4}
    boxes: list[Block] = []
    for block in blocks_of(sheet):
        role = sheet.items[block.lines[0].item].role
        last = boxes[-1] if boxes else None
        if glue and last and block.kind == last.kind == "head" and last.article == block.article and "byline" not in (
                role, sheet.items[last.lines[-1].item].role):
            boxes[-1] = Block.of(last.lines + block.lines)
        elif block.kind == "body":
            boxes += paragraph_boxes(block, every_line=block.article in lines_apart)
        else:
            boxes.append(block)
    return boxes


def paragraph_boxes(block: Block, every_line: bool = False) -> list[Block]:
    """A column block cut where a new item (paragraph, heading) starts, or at every line."""
    groups: list[list[SetLine]] = []
    for line in block.lines:
        if not groups or every_line or line.item != groups[-1][-1].item:
            groups.append([])
        groups[-1].append(line)
    return [Block.of(group) for group in groups]


def ocrorder(sheet: Sheet, rng: random.Random) -> tuple[Rows, str]:
    boxes: list[Block] = []
    for block in blocks_of(sheet):
        boxes += paragraph_boxes(block) if block.kind == "body" and rng.random() < 0.5 else [block]
    boxes = reading_order(boxes, rng, 0.0, rng.random() < 0.5)
    moved = 0
    for _ in range(len(boxes) // 10 + 1):
        if rng.random() < 0.5:
            boxes.insert(rng.randrange(len(boxes)), boxes.pop(rng.randrange(len(boxes))))
            moved += 1
    rows: Rows = []
    for box in boxes:
        rows += [*block_rows(box, sheet, rng, ""), []]
    return rows, f"OCR blocks in reading order, {moved} misplaced"


def article_blocks(sheet: Sheet, rng: random.Random) -> tuple[list[list[Block]], list[Block]]:
    """Each article's blocks (articles in reading order, some pages shuffled) and the furniture."""
    blocks = reading_order(blocks_of(sheet), rng, 0.0, False)
    articles = list(dict.fromkeys(b.article for b in blocks if b.article >= 0))
    if rng.random() < 0.3:
        rng.shuffle(articles)
    return [[b for b in blocks if b.article == a] for a in articles], [b for b in blocks if b.article < 0]


def columns(sheet: Sheet, rng: random.Random) -> tuple[Rows, str]:
    stories, furniture = article_blocks(sheet, rng)
    rows: Rows = []
    late = 0
    for blocks in stories:
        head = [row for b in blocks if b.kind == "head" for row in block_rows(b, sheet, rng, "")]
        body_blocks = sorted((b for b in blocks if b.kind == "body"),
                             key=lambda b: (sheet.items[b.lines[0].item].role != "lede", b.box[0], b.box[2]))
        body = [row for b in body_blocks for row in column_rows(b)]
        if body_blocks and sheet.items[body_blocks[0].lines[0].item].role == "lede" and rng.random() < 0.2:
            lede = len(column_rows(body_blocks[0]))
            body = body[lede:] + body[:lede]  # a wide lede found after the columns
        captions = [row for b in blocks if b.kind == "caption" for row in [*block_rows(b, sheet, rng, ""), []]]
        parts = [[*head, []], body, captions]
        if rng.random() < 0.3:
            parts, late = [body, [*head, []], captions], late + 1
        rows += [row for part in parts for row in part]
    furniture_rows = [row for b in furniture for row in [*block_rows(b, sheet, rng, ""), []]]
    rows = rows + furniture_rows if rng.random() < 0.3 else furniture_rows + rows
    return rows, f"articles column by column, {late} heads after their bodies"


def column_rows(block: Block) -> Rows:
    """A column's lines, a blank line between paragraphs and one at the column's end."""
    rows: Rows = []
    for number, line in enumerate(block.lines):
        if number and line.item != block.lines[number - 1].item:
            rows.append([])
        rows.append([run_of(line)])
    return [*rows, []]


def paragraphs(sheet: Sheet, rng: random.Random) -> tuple[Rows, str]:
    stories, furniture = article_blocks(sheet, rng)
    units: Rows = []
    for blocks in stories:
        lines = sorted((line for b in blocks for line in b.lines),
                       key=lambda line: (sheet.items[line.item].order, line.index))
        units += shuffled_units(sheet, whole_items(sheet, lines, rng), rng)
    furniture_units = [row for b in furniture for row in whole_items(sheet, list(b.lines), rng)]
    units = units + furniture_units if rng.random() < 0.4 else furniture_units + units
    spaced = rng.random() < 0.8
    return [row for unit in units for row in ([unit, []] if spaced else [unit])], "a paragraph a line"


def whole_items(sheet: Sheet, lines: list[SetLine], rng: random.Random) -> Rows:
    """One row an item, its lines joined; a paragraph sometimes cut in two at a column break."""
    rows: Rows = []
    for item in dict.fromkeys(line.item for line in lines):
        mine = [line for line in lines if line.item == item]
        parts = [[line for line in mine if line.block == block] for block in dict.fromkeys(line.block for line in mine)]
        if len(parts) == 1 or rng.random() >= 0.3:
            parts = [mine]
        for part in parts:
            text = join_lines(part, sheet.grid.cjk)
            rows.append([Run(text, item, part[0].index, 0, part[-1].hyphen)])
    return rows


def shuffled_units(sheet: Sheet, units: Rows, rng: random.Random) -> Rows:
    """Captions dropped among paragraphs, neighbours on one line, a deck before its headline."""
    roles = [sheet.items[unit[0].item].role for unit in units]
    captions = [u for u, role in zip(units, roles, strict=True) if role in ("caption", "credit")]
    rest = [u for u, role in zip(units, roles, strict=True) if role not in ("caption", "credit")]
    merged: Rows = []
    for unit in rest:
        role = sheet.items[unit[0].item].role
        previous = sheet.items[merged[-1][-1].item].role if merged else ""
        if (role == previous == "body" and rng.random() < 0.08) or (
                role == "headline" and previous == "deck" and rng.random() < 0.4):
            merged[-1] = merged[-1] + [_after(unit[0], rng.choice((0, 1)))]
        else:
            merged.append(unit)
    pairs: list[Rows] = []
    for unit in captions:
        if sheet.items[unit[0].item].role == "credit" and pairs:
            pairs[-1].append(unit)
        else:
            pairs.append([unit])
    for pair in pairs:
        together = len(pair) == 2 and rng.random() < 0.6
        for unit in ([pair[0] + [_after(pair[1][0], 1)]] if together else pair):
            merged.insert(rng.randint(min(1, len(merged)), len(merged)), unit)
    for number in range(len(merged) - 2, 0, -1):
        if merged[number][0].first > 0 and rng.random() < 0.6:  # the rest of a paragraph cut at a column break
            merged.insert(min(number + rng.randint(1, 3), len(merged)), merged.pop(number))
    heads = [n for n, unit in enumerate(merged) if any(sheet.items[r.item].role == "headline" for r in unit)]
    if heads and rng.random() < 0.15:  # the headline (and a deck beside it) found among the paragraphs
        merged.insert(rng.randint(heads[0], len(merged) - 1), merged.pop(heads[0]))
    return merged


def _after(run: Run, gap: int) -> Run:
    return Run(run.text, run.item, run.first, run.part, run.hyphen, -1, gap)


PRINTERS: dict[str, Callable[[Sheet, random.Random], tuple[Rows, str]]] = {
    "pdftotext": pdftotext,
    "pdftotext-raw": pdftotext_raw,
    "pdftotext-layout": pdftotext_layout,
    "pdfminer": pdfminer,
    "ocrorder": ocrorder,
    "paragraphs": paragraphs,
    "columns": columns,
}
