"""Jumps: an article that runs on from one page to another becomes one article.

    page 1 (dump page 0)                 page 2 (dump page 1)
    ┌───────────────────────┐            ┌───────────────────────┐
    │ 电商节激活消费新动能  │            │ （上接第1版）         │ ◀─ "from 1"
    │ … body …              │ ─────────▶ │ … body runs on …      │
    │ （下转第2版）         │ "to 2"     │                       │
    └───────────────────────┘            └───────────────────────┘

In: the dump, its fragments, the solved order and the built articles. Out: the articles
with every jumped pair joined, renumbered in reading order. A jump line (lang/cjk.py and
lang/latin.py `JUMP`) reads "to" a page (下转第2版, Continued on page 2) or "from" one
(上接第1版, Continued from page 1). First each jump line goes to the article it stands by
on its own page: a "to" line to the article of the nearest fragment above it, a "from"
line to that of the nearest one below. Then a "to" line on dump page p naming page N is
paired with a "from" line on a later dump page q naming page M when the two agree on how
printed numbers sit on dump pages (N - q == M - p); when several qualify, the offset most
pairs agree on wins, then shared vocabulary (headlines included). The continuation's
body follows the first part's (a paragraph cut mid-sentence at the jump runs on); its
headline, a jump head, is kept with both jump lines in `Article.jumps`.
Limits: both ends need a jump line; pages must be in dump order; labels like A2 pair
only with the same section letter.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace
from itertools import product

from broadsheet.cues import cosine, vocabulary
from broadsheet.lang import rules_for
from broadsheet.page import Article, Dump, Fragment, Heading, Order, Paragraph
from broadsheet.paragraphs import join_lines

CHINESE_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
WIDE_DIGITS = str.maketrans("０１２３４５６７８９ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺ",
                            "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ")
AGREED_OFFSET = 10.0  # score of a pair on the page offset most pairs share, beside cosine similarity (0-1)


@dataclass(frozen=True, slots=True)
class Jump:
    """One jump line: which fragment, which way and which printed page it names."""

    fragment: int
    page: int  # the dump page (form-feed page, 0-based) the line stands on
    way: str  # "to" or "from"
    section: str  # the letter of a label such as A2, upper case; "" for plain numbers
    number: int  # the printed page number the line names


def join_jumps(dump: Dump, fragments: tuple[Fragment, ...], order: Order,
               articles: tuple[Article, ...]) -> tuple[Article, ...]:
    """The articles with every pair that jumps between pages joined into one."""
    jump_ids = {i for story in order.stories for i in story.jumps}
    if not jump_ids or dump.pages < 2:
        return articles
    placed = rehome_jumps(dump, fragments, jump_ids, list(articles))
    jumps = [jump for i in sorted(jump_ids) if (jump := read_jump(fragments[i], dump.script))]
    owner = {i: number for number, article in enumerate(placed) for i in article.fragments}
    bags = [_bag(fragments, article, dump.script) for article in placed]
    follows = pair_jumps(jumps, owner, bags)
    return _joined(placed, follows, dump.script)


def read_jump(fragment: Fragment, script: str) -> Jump | None:
    """The jump a fragment's text announces, when it names a page by number.

    >>> from broadsheet.page import Line
    >>> read_jump(Fragment(3, 0, (Line(9, 0, "（下转第十二版）", 0, 16, 0),)), "cjk")
    Jump(fragment=3, page=0, way='to', section='', number=12)
    >>> read_jump(Fragment(5, 1, (Line(9, 1, "Continued from Page A1", 0, 22, 0),)), "latin")
    Jump(fragment=5, page=1, way='from', section='A', number=1)
    """
    match = rules_for(script).find_jump(" ".join(fragment.text.split()))
    if match is None:
        return None
    label = re.sub(r"\s", "", match.group("page")).translate(WIDE_DIGITS).upper()
    number = _number(label.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
    if number is None:
        return None
    section = label[: len(label) - len(label.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))]
    return Jump(fragment.id, fragment.page, "from" if match.group("from") else "to", section, number)


def _number(label: str) -> int | None:
    """A page number in digits or Chinese numerals up to 九十九.

    >>> _number("12"), _number("十二"), _number("二十"), _number("三"), _number("x")
    (12, 12, 20, 3, None)
    """
    if label.isdigit():
        return int(label)
    match = re.fullmatch("([一二三四五六七八九]?)(十?)([一二三四五六七八九]?)", label)
    if not label or match is None:
        return None
    tens, ten, ones = match.groups()
    if not ten:
        return CHINESE_DIGITS.get(tens) if not ones else None
    return CHINESE_DIGITS.get(tens, 1) * 10 + CHINESE_DIGITS.get(ones, 0)


def rehome_jumps(dump: Dump, fragments: tuple[Fragment, ...], jump_ids: set[int],
                 articles: list[Article]) -> list[Article]:
    """Each jump line to the article it stands by on its own page (above a "to", below a "from")."""
    owner = {i: number for number, article in enumerate(articles) for i in article.fragments}
    for i in sorted(jump_ids):
        jump = read_jump(fragments[i], dump.script)
        if jump is None or i not in owner:
            continue
        current, target = owner[i], owner.get(_neighbour(fragments, i, jump.way, owner, jump_ids), owner[i])
        text = join_lines([line.text for line in fragments[i].lines], dump.script, dump.lang).text
        if target == current or text not in articles[current].jumps:
            continue
        index = articles[current].jumps.index(text)
        articles[current] = replace(articles[current], jumps=articles[current].jumps[:index] + articles[current].jumps[
            index + 1 :], fragments=tuple(j for j in articles[current].fragments if j != i))
        articles[target] = replace(articles[target], jumps=(*articles[target].jumps, text),
                                   fragments=tuple(sorted((*articles[target].fragments, i))))
        owner[i] = target
    return [article for article in articles if _holds_text(article)]


def _neighbour(fragments: tuple[Fragment, ...], i: int, way: str, owner: dict[int, int], jump_ids: set[int]) -> int:
    """The nearest fragment of an article on the jump line's page: above for "to", below for "from"; -1 if none."""
    ids = range(i - 1, -1, -1) if way == "to" else range(i + 1, len(fragments))
    for j in ids:
        if fragments[j].page != fragments[i].page:
            break
        if j in owner and j not in jump_ids:
            return j
    return -1


def _holds_text(article: Article) -> bool:
    return bool(article.headline or article.kickers or article.subtitles or article.bylines or article.body
                or article.captions or article.jumps)


def _bag(fragments: tuple[Fragment, ...], article: Article, script: str) -> Counter[str]:
    bag: Counter[str] = Counter()
    for i in article.fragments:
        bag.update(vocabulary(fragments[i], script))
    return bag


def pair_jumps(jumps: list[Jump], owner: dict[int, int], bags: list[Counter[str]]) -> dict[int, int]:
    """Article number -> the article that continues it, from agreeing "to" and "from" lines."""
    outs = [jump for jump in jumps if jump.way == "to"]
    ins = [jump for jump in jumps if jump.way == "from"]
    pairs = [(a, b) for a, b in product(outs, ins) if _agree(a, b) and owner[a.fragment] != owner[b.fragment]]
    offsets = Counter(a.number - b.page for a, b in pairs)
    common = max(offsets, key=lambda offset: (offsets[offset], offset == 1, -abs(offset)), default=None)
    scored = sorted(
        ((AGREED_OFFSET * (a.number - b.page == common) + cosine(bags[owner[a.fragment]], bags[owner[b.fragment]]),
          -a.fragment, -b.fragment, owner[a.fragment], owner[b.fragment]) for a, b in pairs),
        reverse=True,
    )
    follows: dict[int, int] = {}
    for *_, first, then in scored:
        if first not in follows and then not in follows.values() and not _closes_loop(follows, first, then):
            follows[first] = then
    return follows


def _agree(out: Jump, into: Jump) -> bool:
    """A "to" line and a later "from" line that name each other's pages under one offset."""
    return (into.page > out.page and out.section == into.section
            and out.number - into.page == into.number - out.page)


def _closes_loop(follows: dict[int, int], first: int, then: int) -> bool:
    at: int | None = then
    while at is not None:
        if at == first:
            return True
        at = follows.get(at)
    return False


def _joined(articles: list[Article], follows: dict[int, int], script: str) -> tuple[Article, ...]:
    """Each chain of continuations as one article, at its first part's place, renumbered."""
    continued = set(follows.values())
    out: list[Article] = []
    for head in range(len(articles)):
        if head in continued:
            continue
        article, at = articles[head], head
        while at in follows:
            at = follows[at]
            article = run_on(article, articles[at], script)
        out.append(replace(article, number=len(out) + 1))
    return tuple(out)


def run_on(first: Article, then: Article, script: str) -> Article:
    """`then` continues `first`: its body follows, a paragraph cut at the jump runs on."""
    jump_head = (then.headline,) if then.headline and first.headline else ()
    return replace(
        first,
        headline=first.headline or then.headline,
        kickers=(*first.kickers, *then.kickers),
        subtitles=(*first.subtitles, *then.subtitles),
        bylines=(*first.bylines, *then.bylines),
        body=_run_on(first.body, then.body, script),
        captions=(*first.captions, *then.captions),
        jumps=(*first.jumps, *jump_head, *then.jumps),
        fragments=tuple(sorted((*first.fragments, *then.fragments))),
    )


def _run_on(left: tuple[Paragraph | Heading, ...], right: tuple[Paragraph | Heading, ...],
            script: str) -> tuple[Paragraph | Heading, ...]:
    """The two bodies one after the other; the last paragraph joins the next when cut mid-sentence."""
    if not (left and right and isinstance(left[-1], Paragraph) and isinstance(right[0], Paragraph)):
        return (*left, *right)
    rules = rules_for(script)
    if rules.ends_sentence(left[-1].text):
        return (*left, *right)
    text = left[-1].text
    joined = rules.join(text, right[0].text) if script == "cjk" else _latin_join(text, right[0].text)
    return (*left[:-1], Paragraph(joined, left[-1].kind), *right[1:])


def _latin_join(left: str, right: str) -> str:
    """With a space, or straight on after a hyphen (kept: the reader sees both halves)."""
    return left + right if left.endswith(tuple(rules_for("latin").HYPHENS)) else f"{left} {right}"
