"""Roles: fragments and their cues in, a role and a confidence per fragment out.

The role model (weights.py) scores every fragment for each class — body, headline,
byline, section, caption, credit, jump, furniture — from its feature row; the best class
wins and its softmax share is the confidence. A short revision pass then applies what
one fragment cannot see alone (after jusText's classify-then-revise):

  * a caption needs a credit after it, a credit in its tail, or its text repeated in a
    body; otherwise it is body text; a short body-like fragment right above a credit is
    that photo's caption;
  * the lines of a byline that wrapped (By GEORGE / HARCOURT and LUCY) are byline too,
    as the script's `continues_byline` tells;
  * a headline or section heading must read as one in its script (`could_be_title`: OCR
    specks standing alone are body text), and close the quotations it opens unless its
    next line, a title line too, does (else it is a paragraph's start cut off by a block
    set inside the paragraph); the last line of a title ends on no comma, line-end
    hyphen or small word (`could_end_title`: the, und, 的, 。), the first opens on no
    particle or mark that follows a word and closes no quotation it never opened
    (`could_start_title`) — else it is a line cut from a sentence, body text;
  * a "title" that is a block of bare names (`names_only`: 邓宏伟 曹雪琳) is a byline, and
    a "byline" with no byline cue that holds a word no names do (`reads_as_phrase`:
    COIN OF TIM REALM), or that a text on the page restates at its opening
    (`title_opens`: MR HUME SAID over "Mr. HUME said that…"), is a title;
  * a line read as a byline, with no byline cue, no byline above it and a title line
    under it, is that title's first line (COIN OF / TIM REALM) when it cannot end a
    title, reads as no list of names, or the title has its own byline (By …) under it;
  * a fragment with no letter at all (OCR dirt: •) is no word split off a title, and a
    line (not in capitals) over body text that goes on from it (`goes_on`: a small
    letter; 的, 了, a comma) is not a title but that sentence's start (He was anxious to
    know how / much of the vote …), also where the line under it was first read as a
    title and no blank line or title line stands right above or under the line;
  * a title above the first body text that is the paper's own name (`names_newspaper`:
    南屏日报, THE MERIDIAN HERALD) is its masthead: furniture;
  * a short line closed by a stop naming a source over text that opens with a dateline
    (`names_a_source`: Le Nord. / Paris, 3 décembre.) heads the news a paper reprints,
    and a title-like line that is a dateline alone (`reads_as_dateline`: Groningen den 5
    November 1813.) is text, a notice's close or a report's opening;
  * where widths show the column measure, title lines the model read apart are joined:
    a short line ending no sentence right above a title line is its first line, a line
    spanning columns beside a title line, above a blank or a byline, is a deck, and a
    line read as a section head right under or over a headline line is the headline's;
  * on a -layout page a lone short line set under a headline line, within its edges on
    the next rows, is its wrapped rest (习近平会见冈 / 比亚总统), not furniture or text.

Kicker, headline and deck are told apart later, inside each title group (order.py).
"""

from __future__ import annotations

from types import ModuleType
from typing import cast

import numpy as np

from broadsheet.cues import FRAGMENT_FEATURES, fragment_features, fragment_strings, squeezed_vocabulary, text_vocabulary
from broadsheet.fragments import runs_on
from broadsheet.lang import rules_for
from broadsheet.page import Cues, Dump, Fragment, Line, Role
from broadsheet.titles import in_capitals, set_under
from broadsheet.weights import ROLE_CLASSES, Model

_COLUMN = {name: index for index, name in enumerate(FRAGMENT_FEATURES)}
_CLASS_INDEX = {name: index for index, name in enumerate(ROLE_CLASSES)}


def fragments_to_cues(dump: Dump, fragments: tuple[Fragment, ...], model: Model) -> Cues:
    """Score each fragment's role and revise the choices that need context."""
    flats, squeezed = strings = fragment_strings(fragments)
    rows, measure = fragment_features(dump, fragments, strings=strings)
    probabilities = softmax(model.roles.scores(rows)) if len(fragments) else np.zeros((0, len(ROLE_CLASSES)))
    chosen = [ROLE_CLASSES[index] for index in probabilities.argmax(axis=1).tolist()] if len(fragments) else []
    texts = [fragment.text for fragment in fragments]  # joined once for the revision
    roles = revise_roles(chosen, rows, texts, rules_for(dump.script), measured=dump.style != "paragraphs",
                         pages=[fragment.page for fragment in fragments],
                         lines=[fragment.lines for fragment in fragments] if dump.style == "layout" else None)
    shares = probabilities.tolist()  # Python floats, read without a numpy index per fragment
    confidence = tuple(shares[i][_CLASS_INDEX[role]] if role in _CLASS_INDEX else 1.0 for i, role in enumerate(roles))
    words = (tuple(map(squeezed_vocabulary, squeezed)) if dump.script == "cjk"  # the strings the rows read
             else tuple(text_vocabulary(flat, dump.script) for flat in flats))
    return Cues(rows, roles, confidence, measure, probabilities, words)


def softmax(scores: np.ndarray) -> np.ndarray:
    """Row-wise softmax.

    >>> softmax(np.array([[0.0, 0.0]])).tolist()
    [[0.5, 0.5]]
    """
    shifted = np.exp(scores - scores.max(axis=1, keepdims=True))
    return np.asarray(shifted / shifted.sum(axis=1, keepdims=True))


def revise_roles(chosen: list[str], rows: np.ndarray, texts: list[str], rules: ModuleType, *,
                 measured: bool = True, pages: list[int] | None = None,
                 lines: list[tuple[Line, ...]] | None = None) -> tuple[Role, ...]:
    """Fix the roles a fragment's neighbours or its script's rules decide.

    `measured`: line widths show the column measure (not so in a dump set a paragraph a
    line), so that title lines can be told by their width too; `pages`: each fragment's
    page (one page when not given); `lines`: each fragment's lines, on a -layout page
    (where rows and left edges tell where a line stands), else None.
    """
    roles = cast(list[Role], list(chosen))  # the model's classes are roles
    if measured:
        _join_title_lines(roles, chosen, rows, texts, rules)
    word_cut = _word_cut_into_text(roles, chosen, texts, rules)
    for index, role in enumerate(roles):
        if role == "caption" and not _has_credit(index, rows):
            roles[index] = "body"
        elif role == "body" and _opens_credit(index, roles, rows):
            roles[index] = "caption"
        elif role in _TITLES:
            roles[index] = _title_or_not(index, role, chosen, rows=rows, texts=texts, rules=rules,
                                         word_cut=index in word_cut)
        elif _phrase_read_as_byline(index, roles, rows, texts, rules) or _names_a_source(index, role, texts, rules):
            roles[index] = "headline"
    _revise_by_neighbours(roles, rows, texts, rules)
    if lines is not None:
        _wrapped_under_titles(roles, lines, rules)
    _mastheads_to_furniture(roles, chosen, texts, rules, pages or [0] * len(roles))
    _slogans_to_furniture(roles, texts, rules)
    return tuple(roles)


def _wrapped_under_titles(roles: list[Role], lines: list[tuple[Line, ...]], rules: ModuleType) -> None:
    """On a -layout page, a lone short line set under a headline line, within its span on
    the next rows (`titles.set_under`), is that headline's wrapped rest (习近平会见冈 / 比亚总统, set
    to the right under it, which the gutters read as a stream of its own): the role
    model, reading a short line alone near the page's head, takes it for furniture or
    text."""
    for index in range(1, len(roles)):
        if roles[index] not in ("furniture", "body") or roles[index - 1] != "headline" or len(lines[index]) != 1:
            continue
        line, above = lines[index][0], lines[index - 1][-1]
        if set_under(line, above) and not rules.ends_sentence(line.text) and rules.could_be_title(line.text):
            roles[index] = "headline"


def _names_a_source(index: int, role: Role, texts: list[str], rules: ModuleType) -> bool:
    """A line read as text that names a source over a dateline (Le Nord. / Paris, 3 décembre.)."""
    return role == "body" and index + 1 < len(texts) and rules.names_a_source(texts[index], texts[index + 1])


def _slogans_to_furniture(roles: list[Role], texts: list[str], rules: ModuleType) -> None:
    """A title shaped as a slogan (`reads_as_slogan`, by script: 文明城市 你我共建) with
    page furniture right above or below it (an editor's line, a folio) is furniture too:
    pdftotext -raw prints it among the page's titles, which the model reads it as."""
    for index, role in enumerate(roles):
        if role in _TITLES and rules.reads_as_slogan(texts[index]) and any(
                roles[other] == "furniture" for other in (index - 1, index + 1) if 0 <= other < len(roles)):
            roles[index] = "furniture"


def _revise_by_neighbours(roles: list[Role], rows: np.ndarray, texts: list[str], rules: ModuleType) -> None:
    """The revisions that read the roles already revised around a fragment, pass by pass."""
    for index in range(1, len(roles)):
        if roles[index - 1] == "byline" and roles[index] == "headline" and rules.continues_byline(
                texts[index - 1], texts[index]):
            roles[index] = "byline"
    for index in range(1, len(roles) - 1):
        if _ends_title(index, roles, rows):
            roles[index] = "headline"
    for index in range(len(roles) - 1):
        if _opens_title(index, roles, rows, texts, rules):
            roles[index] = "headline"
    for index in range(len(roles) - 1):
        if _starts_sentence_below(index, roles, rows, texts, rules):
            roles[index] = "body"


def _starts_sentence_below(index: int, roles: list[Role], rows: np.ndarray, texts: list[str],
                           rules: ModuleType) -> bool:
    """A title line standing alone (no title right above it; not in capitals, ending no
    sentence) with body text right under it, no blank line between, that goes on from it
    (`goes_on`: a small letter; 的) is that sentence's start, though the model first read
    the line under it as a title too (He was anxious to know / how much of / the proposed
    / vote was…: pdfminer's box of a column's lines, its first line cut off as wider than
    the next). A title line under another is a wrapped deck's (Nous reproduisons / plus
    loin l'article / de): left alone."""
    return (roles[index] == "headline" and roles[index + 1] == "body" and not (index and roles[index - 1] in _TITLES)
            and not rows[index, _COLUMN["gap_after"]] and not in_capitals((index,), rows)
            and not rules.ends_sentence(texts[index]) and rules.goes_on(texts[index + 1]))


def _mastheads_to_furniture(roles: list[Role], chosen: list[str], texts: list[str], rules: ModuleType,
                            pages: list[int]) -> None:
    """A title above its page's first body text that is a paper's name (`names_newspaper`:
    南屏日报, THE MERIDIAN HERALD) is its masthead: furniture, not a story's headline."""
    body_seen: set[int] = set()
    for index, role in enumerate(roles):
        if chosen[index] == "body":
            body_seen.add(pages[index])
        elif role in _TITLES and pages[index] not in body_seen and rules.names_newspaper(texts[index]):
            roles[index] = "furniture"


def _phrase_read_as_byline(index: int, roles: list[Role], rows: np.ndarray, texts: list[str],
                           rules: ModuleType) -> bool:
    """A short line in capitals reads like a name, so the model may take a headline
    (COIN OF TIM REALM) for a byline. With no byline cue of its own, no byline above it
    that it continues (`continues_byline`: By HELEN WYNDHAM / COIN OF TIM REALM does
    not), and a word no run of names holds (`reads_as_phrase`: OF; where a signature's
    "de" or "en" is a name's) or a text restating it (`_restated`), it is a title, where
    it could be one."""
    if not (roles[index] == "byline" and not rows[index, _COLUMN["byline"]]
            and not (index and roles[index - 1] == "byline" and rules.continues_byline(texts[index - 1], texts[index]))
            and rules.could_be_title(texts[index])):
        return False
    return rules.reads_as_phrase(texts[index]) or _restated(index, roles, texts, rules)


def _restated(index: int, roles: list[Role], texts: list[str], rules: ModuleType) -> bool:
    """Whether a text on the page opens by restating the line (`title_opens`, by script:
    MR HUME SAID over "Mr. HUME said that…"): a report restates its head, never its byline."""
    return any(role == "body" and rules.title_opens(texts[index], texts[other]) for other, role in enumerate(roles))


def _ends_title(index: int, roles: list[Role], rows: np.ndarray) -> bool:
    """A wrapped title's last line, between the title and its byline: a short last line
    (高地 under 上海东方枢纽国…打造制度型开放新) reads like a name, so the model often takes
    it for the first line of the byline below. With no byline cue of its own, and one in
    the byline under it, it is the title's."""
    byline = _COLUMN["byline"]
    return (roles[index] == "byline" and roles[index - 1] == "headline" and roles[index + 1] == "byline"
            and not rows[index, byline] and bool(rows[index + 1, byline]))


def _opens_title(index: int, roles: list[Role], rows: np.ndarray, texts: list[str], rules: ModuleType) -> bool:
    """A wrapped title's first line, over the rest of it: a short line of capitals (COIN
    OF over TIM REALM) reads like a name, so the model takes it for a byline. With no
    byline cue of its own (By, Von, 本报记者), no byline above it to continue, and a title
    line right under it (no blank between), it is the title's when it cannot end one (it
    stops on "of", "und", 的), holds no list of names, or the title has a byline of its
    own (By …) right under it."""
    if roles[index] != "byline" or roles[index + 1] != "headline" or (index and roles[index - 1] == "byline"):
        return False
    row = rows[index]
    if row[_COLUMN["byline"]] or row[_COLUMN["gap_after"]]:
        return False
    signed_under = index + 2 < len(roles) and roles[index + 2] == "byline" and bool(rows[index + 2, _COLUMN["byline"]])
    return (not row[_COLUMN["names"]] or signed_under  # the title has its byline (By …) under it already
            or not rules.could_end_title(texts[index].lower()))  # OF as of


def _title_or_not(index: int, role: Role, chosen: list[str], *, rows: np.ndarray, texts: list[str],
                  rules: ModuleType, word_cut: bool = False) -> Role:
    """A title-labelled fragment's role once its script's rules have read its text;
    `word_cut`: its last word runs on into the text under it (`_word_cut_into_text`)."""
    text = texts[index]
    chosen_before = chosen[index - 1] if index else ""
    chosen_after = chosen[index + 1] if index + 1 < len(chosen) else ""
    runs_on_into_body = ((rows[index, _COLUMN["soft_end"]] or not rules.could_end_title(text) or word_cut)
                         and chosen_after not in _TITLES)
    if not rules.could_be_title(text):
        # a word split off a title line, a deck, stays a title; a sentence's end, or a
        # piece that runs on into the body, does not
        beside = {chosen_before, chosen_after} & {"headline", "byline"}
        speck = not any(char.isalpha() for char in text)  # no letter at all: OCR dirt, not a word of a title
        return "body" if speck or not beside or rules.ends_sentence(text) or runs_on_into_body else role
    # a line (not in capitals) over body text that goes on from it is that sentence's start
    opens_sentence = (chosen_after == "body" and not in_capitals((index,), rows)
                      and rules.goes_on(texts[index + 1]))
    # no title ends on a comma, a line-end hyphen or "the" (a sentence runs on), nor is a
    # place and a date alone (a notice's close or a report's opening, set apart)
    if runs_on_into_body or opens_sentence or rules.reads_as_dateline(text.split("\n", 1)[0]):
        return "body"
    if rules.names_only(text):
        return "byline"  # no title is a list of names
    if not rules.could_start_title(text) and chosen_before not in _TITLES:
        return "body"  # nor opens on 了 or a comma, or closes a quotation it never opened
    if runs_on(text, rules):
        closed = chosen_after in _TITLES and not rules.open_quote(text + texts[index + 1])
        return role if closed else "body"  # no next title line closes the quotation: a paragraph's start
    return role


def _word_cut_into_text(roles: list[Role], chosen: list[str], texts: list[str], rules: ModuleType) -> set[int]:
    """The title-read fragments whose last word the column broke into the fragment under
    it (`breaks_inside_words`, by script: 七届南博会首批展品今天入 / 境), where that one is
    text the model read as no title: more than one line, or a line no title could be (a
    wrapped title's lines run on so too: 【我们的2024】中华 / 文化绽放时代光彩)."""
    titles = [index for index in range(len(roles) - 1) if roles[index] in _TITLES and chosen[index + 1] not in _TITLES]
    broken = rules.breaks_inside_words([texts[index] for index in titles], [texts[index + 1] for index in titles])
    return {index for index, cut in zip(titles, broken, strict=True)
            if cut and ("\n" in texts[index + 1] or not rules.could_be_title(texts[index + 1]))}


WIDE_TITLE = 1.15  # a line this much wider than the page's body measure spans columns


def _join_title_lines(roles: list[Role], chosen: list[str], rows: np.ndarray, texts: list[str],
                      rules: ModuleType) -> None:
    """Lines of one title the model read apart: a short line that ends no sentence right
    above a title line (no blank between) is that title's first line, and so is a line
    spanning columns over a narrower title line (a headline set across two columns wraps
    what is left of it: 举行会 / 谈, the remainder no wider than the line, and in CJK it may
    be one letter, too short to read as a title alone: `wraps_title`); a line that ends
    no sentence and spans columns, touching a title line, with a blank line or a byline
    under the two, is a title too (a deck set across the page), and then so is the line
    it touches (no section head spans columns); a line read as a section head right under
    or right over a headline line is the headline's (a section head stands over body text)."""
    # the columns read, as Python floats: a numpy index per cell would cost more than the tests
    gap_after, single, sentence_end, soft_end, width, next_byline = (
        rows[:, _COLUMN[name]].tolist()
        for name in ("gap_after", "single", "sentence_end", "soft_end", "width", "next_byline"))
    for index in range(len(roles) - 1):
        lower = index + 1
        if gap_after[index] or not (single[index] and single[lower]):
            continue
        if sentence_end[index] or soft_end[index] or sentence_end[lower] or soft_end[lower]:
            continue  # a title ends on no sentence end, comma or hyphen
        if not rules.could_be_title(texts[index]) or rules.runs_sentences(texts[index]) or rules.runs_sentences(
                texts[lower]):
            continue
        pair = (chosen[index], chosen[lower])  # the model's reading, so that no change cascades
        if pair[0] == "body" and pair[1] in _TITLES and (
                width[index] < 1.0 or (width[lower] < width[index] and width[index] >= WIDE_TITLE)) and (
                rules.could_be_title(texts[lower]) or (width[index] >= WIDE_TITLE
                                                       and rules.wraps_title(texts[index], texts[lower]))):
            roles[index] = pair[1]  # a wrapped title's remainder may be one letter (举行会 / 谈)
        if not rules.could_be_title(texts[lower]):
            continue
        if pair == ("headline", "section"):  # a section heads text in the body, never sits on a headline
            roles[lower] = "headline"
        if pair == ("section", "headline"):  # nor stands right over one: the two are one title's
            roles[index] = "headline"
        wide = width[index] >= WIDE_TITLE or width[lower] >= WIDE_TITLE
        apart = gap_after[lower] or next_byline[lower]  # a title block ends here
        if wide and apart and set(pair) <= {"body", *_TITLES} and set(pair) & set(_TITLES):
            roles[index] = roles[index + 1] = "headline"


_TITLES: tuple[Role, ...] = ("headline", "section")
CAPTION_LINES = 4  # a body-like fragment this short right above a photo credit is its caption


def _opens_credit(index: int, roles: list[Role], rows: np.ndarray) -> bool:
    if index + 1 >= len(roles) or roles[index + 1] != "credit":
        return False
    return bool(rows[index, _COLUMN["lines"]] <= np.log1p(CAPTION_LINES) + 1e-9)


def _has_credit(index: int, rows: np.ndarray) -> bool:
    row = rows[index]
    return bool(row[_COLUMN["next_credit"]] or row[_COLUMN["credit_tail"]] or row[_COLUMN["repeated"]])
