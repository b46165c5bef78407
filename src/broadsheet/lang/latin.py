"""Rules for Latin-script pages (English, German, French, Dutch …): joins and cue words.

Lines join with one space. A line-end hyphen is dropped when the two halves make a word
(`exam-` + `ple`), and kept when the joined form is no word but the hyphenated one is a
real compound (`well-` + `known`). Cue words open bylines (By, Von, Par, Door), photo
credits (Photo:, Foto:) and jumps (Continued on page 4, Suite page 3).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterator
from functools import lru_cache
from itertools import islice

import numpy as np

from broadsheet.lang.words import is_latin_word

SCRIPT = "latin"
JOIN_CHANCE = 0.25  # share of unrelated line pairs whose break happens to make a hyphenated word

SENTENCE_END = ".!?:;"
# A small story's title absorbed into the story above opens its paragraph: Latin papers
# run such heads in ("ZÜRICH. — Der Große Rath …"), so the words are body text.
RUN_IN_HEAD_ROLE = "body"
MEASURE_SLACK = 2  # display columns a full line may fall short by, whatever its measure
# Proportional type: a full line holds more or fewer characters by its letters, so two
# lines of one width in characters say nothing of their column (interleave reads this).
WIDTH_TELLS_COLUMN = False
# Proportional type: a line's length in characters does not show an indent the extractor
# stripped (paragraphs.split_paragraphs reads only one it kept: a -layout line's x).
INDENT_LOST: int | None = None
# Words are parted by spaces, so a space says nothing of where one column's line ends in a
# line of two (interleave.unzip leaves Latin lines whole).
SPACE_PARTS_COLUMNS = False
# A column's top opening in a small letter goes on from a sentence begun elsewhere, so a
# -layout pair to such a top is scored whatever the screen ranks it (graph.screened_pairs).
TOP_SHOWS_RUN_ON = True
# OCR loses stops and a justified line often ends on a whole word, so a titled story ending
# on no stop says nothing of which title-less chain goes on from it (measured: -layout
# pages lose, dev −0.0002, synthetic −0.0002).
OPEN_END_TAKES_ORPHAN = False
# A byline set right under a line of text, a blank line under it, signs that text off
# (attach._byline_pull, CLOSING_PULL).
BYLINE_UNDER_TEXT_CLOSES = True
# On a page printed a box a paragraph (pdfminer), blank lines add paragraph breaks: a
# justified column hides a paragraph's end whose last line is full, the box shows it.
BLANK_LINES_ADD_BREAKS = True
# On a Latin page whose long blocks stand between blank lines (an OCR engine's block export),
# each block is a paragraph, as METS/ALTO keeps them: a TextBlock is the unit an article's
# structure points to, so a block that ends mid-word ("Prinz Al-") still ends one there
# (measured on real OCR exports: +0.014; typeset dumps that set a column a block lose a little).
BLOCKS_ARE_PARAGRAPHS = True
# A word hyphenated at a line's end goes on in the next line of its column: where the next
# fragment's first word completes it, the trees' reading of the gap between the two (rows
# left blank beside another column's text on a -layout page) does not part them
# (graph.fragments_to_graph adds graph.WORD_GOES_ON).
BROKEN_WORD_GOES_ON = True
CLOSERS = "\"'”’»)]"
OPENERS = "\"'“‘«(["
HYPHENS = "-\u00ad\u2010\u2011\u00ac\u2e17"

BYLINE_WORDS = ("By", "BY", "by", "Von", "VON", "von", "Par", "PAR", "par", "Door", "DOOR", "door", "Van", "De")
_BYLINE_LEAD = r"(?:By|BY|Von|VON|Par|PAR|Door|DOOR)"
_NAME_WORD = r"[A-ZÀ-ÞĀ-Ž][\w'’.-]*"
BYLINE = re.compile(
    rf"^(?P<prefix>{_BYLINE_LEAD})\s+(?P<names>{_NAME_WORD}(?:\s+(?:{_NAME_WORD}|and|und|et|en|&|,|van|von|de|der|den|la|le))*)"
    r"(?:\s*[,|·–—-]\s*(?P<role>[\w .’'-]+))?\s*$"
)
CREDIT = re.compile(
    r"(?P<credit>(?:Photo(?:graph)?s?|Foto|Bild|Credit|Illustration|Picture|Image|Photographie|Afbeelding)"
    r"\s*(?:[:/]|by|von|par|door)\s*\S.*)$",
    re.IGNORECASE,
)


# Every CREDIT match holds one of these, in any case; re's IGNORECASE also lets ı and İ stand
# for i and ſ for s (the only letters beyond ASCII it matches to ASCII ones).
_CREDIT_WORDS = ("photo", "foto", "bild", "credit", "illustration", "picture", "image", "afbeelding")
_FOLDED_TO_ASCII = ("\u0130", "\u0131", "\u017f")


def find_credit(text: str) -> re.Match[str] | None:
    """CREDIT.search, with the scan skipped where no credit word stands (most text).

    >>> find_credit("A view. PHOTO: Jane Doe") is not None, find_credit("the harbour at dawn") is None
    (True, True)
    """
    return _search_worded(CREDIT, _CREDIT_WORDS, text)


def _search_worded(pattern: re.Pattern[str], words: tuple[str, ...], text: str) -> re.Match[str] | None:
    """pattern.search(text), skipped where none of `words` (lower case) stands in the
    lower-cased text and no letter folds to ASCII (İ, ı, ſ: IGNORECASE still matches them)."""
    lowered = text.lower()
    if not any(map(lowered.__contains__, words)) and not any(map(text.__contains__, _FOLDED_TO_ASCII)):
        return None
    return pattern.search(text)


# A jump line: "Continued on page 2" sends the article on, "Continued from page 1" picks it up.
JUMP = re.compile(
    r"(?:(?P<from>\b(?:continued|cont'd|cont\.)\s+from|\bsuite\s+de\s+la|\bfortsetzung\s+von|\bvervolg\s+van|^\W*from)"
    r"|(?P<to>\b(?:continued|cont'd|cont\.)(?:\s+on)?|\bsee|\bturn\s+to|\bsuite(?:\s+en)?|\bfortsetzung\s+auf|\bsiehe"
    r"|\bvervolg\s+op|\bzie))\s+(?:page|p\.|seite|pagina|blz\.?)\s*(?P<page>[A-Z]?\d+|[0-9A-Z]+)\b",
    re.IGNORECASE,
)
_JUMP_WORDS = ("pag", "p.", "seite", "blz")  # every JUMP match holds one of these, lower-cased


def find_jump(text: str) -> re.Match[str] | None:
    """JUMP.search, with the scan skipped where no page word stands (most lines: the scan
    tries a dozen \\b alternatives at every position).

    >>> find_jump("Continued on page 4") is not None, find_jump("the harbour at dawn") is None
    (True, True)
    """
    return _search_worded(JUMP, _JUMP_WORDS, text)


FURNITURE = (
    re.compile(r"\b(?:PAGE|Page|SEITE|Seite|PAGINA|Pagina)\s+[0-9IVXLC]+\b"),
    re.compile(
        r"\b(?:MONDAY|TUESDAY|WEDNESDAY|THURSDAY|FRIDAY|SATURDAY|SUNDAY|Monday|Tuesday|Wednesday|Thursday|Friday|"
        r"Saturday|Sunday|Montag|Dienstag|Mittwoch|Donnerstag|Freitag|Samstag|Sonntag|lundi|mardi|mercredi|"
        r"jeudi|vendredi|samedi|dimanche|maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag)\b,?\s+"
        r"(?:\w+\s+)?\d{1,2}\.?,?\s+\w*\s*\d{4}",
        re.IGNORECASE,
    ),
    re.compile(r"\b(?:Edited by|Printed and published by|Subscribe|Advertise with us|Advertise here|Advertisement|"
               r"Anzeige|Annonce|Advertentie|Abonnieren Sie|Inserieren Sie|Abonnez-vous|Abonneer)\b"),
    # a house advertisement for the paper or its sister title: Read the Weekly Review every Saturday
    re.compile(r"\bRead (?:the )?(?:[A-Z][\w']* )+every (?:day|week|morning|evening|Monday|Tuesday|Wednesday|"
               r"Thursday|Friday|Saturday|Sunday)\b"),
)
# Every FURNITURE match holds one of these words (the dated pattern: a year, four digits).
_FURNITURE_WORDS = ("PAGE", "Page", "SEITE", "Seite", "PAGINA", "Pagina", "Edited by", "Printed and published by",
                    "Subscribe", "Advertise", "Anzeige", "Annonce", "Advertentie", "Abonn", "Inserieren", "Read ")
# the words and the year as one scan: a third faster than thirteen `in` tests and a search
_FURNITURE_HINT = re.compile("|".join(map(re.escape, _FURNITURE_WORDS)) + r"|\d{4}")
# what an ASCII line must hold for that scan to match: a word's first letter or a digit (most lack all)
_NOT_FURNITURE_LEADS = bytes(byte for byte in range(128) if chr(byte) not in "PSEAIR0123456789")


def may_be_furniture(text: str) -> bool:
    """False where no FURNITURE pattern can match, found without their slower scans.

    >>> may_be_furniture("Page 4"), may_be_furniture("Monday, May 3, 1824"), may_be_furniture("the harbour")
    (True, True, False)
    """
    if text.isascii() and not text.encode("ascii").translate(None, _NOT_FURNITURE_LEADS):
        return False
    return _FURNITURE_HINT.search(text) is not None


STOPWORDS = {
    "en": frozenset([
        "the", "of", "and", "to", "in", "a", "is", "that", "was", "for", "he", "it", "with", "as", "his", "on", "be",
        "by", "at", "from", "which", "had", "this",
    ]),
    "de": frozenset([
        "der", "die", "und", "in", "den", "von", "zu", "das", "mit", "sich", "des", "auf", "für", "ist", "im", "dem",
        "nicht", "ein", "eine", "als", "auch",
    ]),
    "fr": frozenset([
        "de", "la", "le", "et", "les", "des", "en", "un", "du", "une", "que", "est", "pour", "qui", "dans", "par",
        "sur", "au", "pas", "plus", "ne",
    ]),
    "nl": frozenset([
        "de", "het", "een", "en", "van", "in", "is", "dat", "op", "te", "zijn", "met", "voor", "niet", "aan", "er",
        "die", "ook", "als", "bij",
    ]),
}


# Small words a line cut from a sentence ends on and no title does (lower case only: a
# headline in capitals may end on IN or ON). The languages' words together: no page mixes
# them, and none is a word another of them ends a title on ("die" is left out for English).
_NO_TITLE_END = frozenset([
    "the", "a", "an", "of", "and", "to", "for", "with", "on", "by", "at", "from", "or", "that", "which",
    "der", "das", "des", "dem", "den", "und", "von", "zu", "mit", "auf", "für", "im", "ein", "eine", "einer", "wie",
    "la", "le", "les", "du", "et", "un", "une", "pour", "par", "sur", "au", "aux", "que",
    "het", "een", "en", "van", "te", "met", "voor", "aan", "op", "bij",
])


def could_end_title(text: str) -> bool:
    """False when `text` ends on an article, preposition or conjunction in lower case.

    >>> could_end_title("The Navy Estimates"), could_end_title("He was anxious to know the"), could_end_title("WAR ON")
    (True, False, True)
    """
    words = text.split()
    return not words or words[-1].strip(CLOSERS + ",;:") not in _NO_TITLE_END


def names_only(text: str) -> bool:
    """False: a Latin line of names in capitals reads like a headline in capitals, so only
    a byline word (By, Von …) makes one a byline.

    >>> names_only("GEORGE HARCOURT")
    False
    """
    return False


# Small words a line of names holds: particles (Pieter de Groot, Ludwig van Beethoven)
# and the conjunctions between two names (… en Dirk van Dijk).
NAME_WORDS = frozenset(("van", "von", "de", "der", "den", "du", "la", "le", "ten", "ter", "des", "het",
                        "and", "und", "en", "et", "&"))
_PHRASE_WORDS = frozenset().union(*STOPWORDS.values()) - NAME_WORDS


def reads_as_phrase(text: str) -> bool:
    """True when `text` holds a function word (STOPWORDS, any case) that no line of names
    holds (NAME_WORDS): a headline in capitals, not a signature.

    >>> reads_as_phrase("COIN OF TIM REALM"), reads_as_phrase("Pieter de Groot en Dirk van Dijk")
    (True, False)
    """
    return any(word.strip(".,;:").lower() in _PHRASE_WORDS for word in text.split())


OPENING_SLACK = 2  # words a body's opening may hold beyond its title's (a stray OCR mark: d p i [so before)
OPENING_SHARE = 0.8  # of the title's words that must stand there


def title_opens(title: str, text: str) -> bool:
    """Whether a text opens with its title's words, as a report opens by restating its
    head (MR HUME SAID over "Mr. HUME said that…"; I SO BEFORE THE OUSE over "d p i [so
    before the Ouse…"): most of the title's words, two at least, in any case, among as
    many first words of the text and OPENING_SLACK more.

    >>> title_opens("MR HUME SAID", "Mr. HUME said that he saw no reason"), title_opens("WEST INDIES", "The Bill")
    (True, False)
    """
    words = opening_words(title)
    if len(words) < 2:
        return False
    opening = set(opening_words(text, len(words) + OPENING_SLACK))
    return sum(word in opening for word in words) >= OPENING_SHARE * len(words)


def opening_keys(title: str) -> list[str]:
    """Words of a title one of which every text it opens (`title_opens`) holds among its
    first words: its longest (the rarest, as a rule), one more than it may lack.

    >>> opening_keys("THE CONSEQUENCE MUST NECESSARILY"), opening_keys("WEST")
    (['consequence'], [])
    """
    words = opening_words(title)
    if len(words) < 2:
        return []
    lacking = len(words) - math.ceil(OPENING_SHARE * len(words))
    return sorted(set(words), key=lambda word: (-len(word), word))[: lacking + 1]


def opening_words(text: str, count: int = 1 << 16) -> list[str]:
    """The first `count` words of a text as `title_opens` reads them: in small letters."""
    return _OPENING_WORD.findall(text[: 16 * count].lower())[:count]  # 16 letters a word: text enough


_OPENING_WORD = re.compile(r"\w+")


def signs_briefs(text: str) -> bool:
    """False: a short Latin piece signed at its end (HEINRICH BAUMANN) is an article of its
    own, not an item of a briefs column.

    >>> signs_briefs("HEINRICH BAUMANN")
    False
    """
    return False


def breaks_inside_word(left: str, right: str) -> bool:
    """True when `left` ends on a hyphen after a letter and `right` opens with a letter:
    a word hyphenated across the break.

    >>> breaks_inside_word("THE HARBOUR BOARD RE-", "OPENS"), breaks_inside_word("Dock and", "harbour")
    (True, False)
    """
    end, start = left.rstrip(), right.lstrip()
    return len(end) > 1 and end[-1] in HYPHENS and end[-2].isalpha() and start[:1].isalpha()


def breaks_inside_words(lefts: list[str], rights: list[str]) -> list[bool]:
    """`breaks_inside_word` of each (left, right) pair (cjk's twin reads its table once for all).

    >>> breaks_inside_words(["THE HARBOUR BOARD RE-", "Dock and"], ["OPENS", "harbour"])
    [True, False]
    """
    return [breaks_inside_word(left, right) for left, right in zip(lefts, rights, strict=True)]


def signs_off(text: str) -> bool:
    """False: a Latin byline opens its article (By …); a line of names that reads as one
    is most often a wrapped byline's second line, which stands with the first.

    >>> signs_off("FAIRBANK")
    False
    """
    return False


# Names a briefs column goes under, in the four languages' papers.
BRIEFS_COLUMN_NAMES = re.compile(
    r"^(?:(?:news )?in brief|briefly|kurz gemeldet|in kürze|in het kort|kort nieuws|en bref)\W*$", re.IGNORECASE)


def names_briefs_column(text: str) -> bool:
    """Whether a title names a briefs column: it heads the items under it, however short.

    >>> names_briefs_column("NEWS IN BRIEF"), names_briefs_column("Fire at the docks")
    (True, False)
    """
    return BRIEFS_COLUMN_NAMES.match(" ".join(text.split())) is not None


# A paper's name as its masthead prints it: a few capitalised words ending on what papers
# call themselves in the four languages (THE MERIDIAN HERALD, Kölnische Zeitung, Het Dagblad).
NEWSPAPER_NAME = re.compile(
    r"(?:the |der |die |das |de |het |le |la |l')?(?:[\w'.&-]+ ){0,3}(?:herald|times|gazette|chronicle|courier|"
    r"post|journal|standard|tribune|mail|telegraph|observer|express|mercury|advertiser|examiner|sentinel|register|"
    r"statesman|zeitung|anzeiger|bote|kurier|tagblatt|nachrichten|courant|krant|dagblad|nieuwsblad|courrier|"
    r"quotidien)",
    re.IGNORECASE,
)


def reads_as_slogan(text: str) -> bool:
    """False: a Latin paper's slogans and mottos have no shape of their own to tell them by."""
    return False


def names_newspaper(text: str) -> bool:
    """Whether a title is a paper's own name (its masthead), not a story's headline:
    capitalised throughout, as mastheads are, and read as a paper's name.

    >>> names_newspaper("THE MERIDIAN HERALD"), names_newspaper("Fire at the Herald")
    (True, False)
    """
    if len(text) > MASTHEAD_CHARS or text[:1].islower():  # most lines: a glance, no split (fragments asks each)
        return False
    words = text.split()
    if not words or any(word[0].islower() for word in words if word.lower() not in _NAME_PARTICLES):
        return False
    return NEWSPAPER_NAME.fullmatch(" ".join(words)) is not None


MASTHEAD_CHARS = 48  # a paper's name with its article (THE NORTHGATE COURIER) is far shorter


_NAME_PARTICLES = frozenset({"the", "der", "die", "das", "de", "het", "le", "la", "of", "and", "für", "van"})


def could_start_title(text: str) -> bool:
    """False when `text` opens on a mark that follows a word (, ; : ) ]): a line cut from a
    sentence. (A small first letter is `could_be_title`'s test.)

    >>> could_start_title("The Navy Estimates"), could_start_title(", and the House")
    (True, False)
    """
    stripped = text.lstrip()
    return not stripped or stripped[0] not in ",;:)]}.!?"


def ends_sentence(text: str) -> bool:
    """True when `text` ends where a sentence may end.

    >>> ends_sentence("the navy."), ends_sentence("the navy"), ends_sentence('he said."')
    (True, False, True)
    """
    stripped = text.rstrip().rstrip(CLOSERS)
    return bool(stripped) and stripped[-1] in SENTENCE_END


def indent_stripped(text: str, width: float, measure: float) -> bool:
    """False: proportional type shows no indent the extractor stripped (see INDENT_LOST)."""
    return False


def paragraph_end_slack(measure: float) -> float:
    """How far short of its measure a line ending a sentence must fall to end its
    paragraph: an eighth or so of it (a justified column's full lines vary by a word).

    >>> paragraph_end_slack(50)
    6.0
    """
    return 0.12 * measure


# Words that stand before a name, closed by a full stop that ends no sentence (English,
# German, French, Dutch): "… before that took place, Mr." / "HUME said".
NAME_TITLES = frozenset((
    "mr", "mrs", "messrs", "dr", "st", "hon", "rev", "capt", "col", "gen", "lieut", "gov", "prof",  # English
    "hr", "hrn",  # German
    "dhr", "mej", "mevr",  # Dutch
    "mme", "mlle", "mm",  # French
))


def ends_on_name_title(text: str) -> bool:
    """True when `text` ends on a title that stands before a name ("Mr.", "Dr.", "St.") or
    on a capital initial ("J.", "V."): its sentence runs on into the next line.

    >>> ends_on_name_title("before that took place, Mr."), ends_on_name_title("BYRNE V.")
    (True, True)
    >>> ends_on_name_title("the navy."), ends_on_name_title("Mr")
    (False, False)
    """
    stripped = text.rstrip()
    if not stripped.endswith(".") or not stripped[:-1].strip():
        return False
    word = stripped[:-1].rsplit(maxsplit=1)[-1]
    return word.lower() in NAME_TITLES or (len(word) == 1 and word.isupper())


def words_open_paragraph(last: str, first: str) -> bool:
    """False: no corpus of Latin-script paragraphs ships to learn from (the bench's gold
    measures the pages); a Latin paragraph's end shows in its short last line.

    >>> words_open_paragraph("the vote was taken.", "The House then rose")
    False
    """
    return False


def opens_paragraph(first: str) -> bool:
    """False when a line's text reads as no paragraph's start: it opens with a small
    letter, so its sentence runs on from the line before.

    >>> opens_paragraph("Mr. SMITH said"), opens_paragraph("which he became known")
    (True, False)
    """
    return not first.lstrip()[:1].islower()


def block_ends_paragraph(last: str, first: str) -> bool:
    """On a page whose blank lines mark paragraphs: True when the blank line between a
    block's `last` line and the next block's `first` ends a paragraph. It does unless the
    text plainly runs on (a line-end hyphen, a lower-case start), stop or no stop: OCR
    loses and garbles full stops, while the block break is the engine's own reading.

    >>> block_ends_paragraph("the wise restrictions", "Mr. SMITH said"), block_ends_paragraph("Prinz Al-", "bert")
    (True, False)
    """
    tail = last.rstrip()[-1:]
    return not (tail and tail in HYPHENS) and opens_paragraph(first)


def open_quote(text: str) -> bool:
    """False: Latin quotes cannot say whether they open or close (straight quotes serve as
    both, and German closes with the “ that English opens with).

    >>> open_quote('"The mayor')
    False
    """
    return False


_INNER_END = re.compile(r"[.!?][\"'”’)]*\s+[\"'“‘(]*[A-Z]")


def runs_sentences(text: str) -> bool:
    """True when a sentence ends inside `text` (a decimal point or "Mr." before a
    small letter is none): no title does.

    >>> runs_sentences("held together. You cannot"), runs_sentences("Prices rose 3.5 per cent")
    (True, False)
    """
    return _INNER_END.search(text) is not None


def runs_on_to(end: str, top: str) -> bool:
    """True when a column's top `top` plainly goes on from a chain's last line `end`: no
    sentence ends there and the top opens in a small letter (order.join_column_tops). OCR
    loses stops and a justified line often ends on a whole word, so a line with no stop is
    no sure sign of a cut sentence alone (measured: en and nl -layout pages lose).

    >>> runs_on_to("the cost of the", "new berths"), runs_on_to("the cost", "The berths")
    (True, False)
    """
    return not ends_sentence(end) and goes_on(top)


def goes_on(text: str) -> bool:
    """True when `text` opens in a small letter: it goes on from a sentence begun above.

    >>> goes_on("much of the proposed vote"), goes_on("Much of it")
    (True, False)
    """
    return text.lstrip()[:1].islower()


def could_be_title(text: str) -> bool:
    """False for text no title standing alone is set as: under three letters (OCR specks
    such as `_^`) or opening on a small letter (a line cut from a sentence; a deck cut from
    one stands beside its headline, which roles.py checks).

    >>> could_be_title("Der große Maskenzug"), could_be_title("_^"), could_be_title("the office")
    (True, False, False)
    """
    letters = list(islice(filter(str.isalpha, text), 3))  # stops at the third letter
    return len(letters) == 3 and not letters[0].islower()


def wraps_title(line: str, rest: str) -> bool:
    """False: a Latin title wraps at a word, which `could_be_title` reads as it is."""
    return False


STOPPED_TITLE_WORDS = 8  # a title in capitals closed by a full stop holds no more words than this
CAPITALS = 0.8  # share of a text's letters in capitals from which it is set in capitals (an odd initial aside)


def opens_deck(text: str) -> bool:
    """False: a Latin deck is set in its own type, not led by a mark; a dash opening a line
    is a column's text going on ("— the Hon. Member said")."""
    return False


def stopped_title(text: str) -> bool:
    """True for a short title in capitals closed by a full stop, as papers of the 18th and
    19th centuries set them (NAVY ESTIMATES., POLICE.): the stop ends no sentence.

    >>> stopped_title("NAVY ESTIMATES."), stopped_title("He said so."), stopped_title("NAVY ESTIMATES")
    (True, False, False)
    """
    stripped = text.rstrip()
    if not stripped.endswith(".") or len(stripped.split()) > STOPPED_TITLE_WORDS:
        return False
    letters = [char for char in stripped if char.isalpha()]
    return len(letters) >= 3 and sum(char.isupper() for char in letters) >= CAPITALS * len(letters)


# a place (its capital OCR may misread: ®enf for Genf), then a day and a month (3 décembre,
# 3. Dezember, 3rd of May) or a month and a day (Feb. 16)
_DATELINE = re.compile(r"[A-ZÄÖÜÉÈ®©§][\w'’.-]+(?: [\w'’.-]+){0,2}, (?:(?:le |den |am |the )?\d{1,2}"
                       r"(?:\.|er|st|nd|rd|th)? ?[^\W\d_]|[A-Z][a-zéû]{2,8}\.? \d{1,2}\b)")
_MONTH = (r"(?i:jan|feb|f[ée]v|m[aä]r|apr|avr|ma[iy]|mei|jun|juin|jul|juil|aug|ao[uû]|sep|o[ck]t|nov|d[ée][cz])"
          r"[^\W\d_]*\.?")
# a place of up to three capitalised words, maybe a weekday, then a day and a month or a month and a day
_WHOLE_DATELINE = re.compile(r"\S[\w'’.-]+(?: [A-ZÄÖÜÉ][\w'’.-]+){0,2},? (?:(?:den|le|am|the) )?"
                             r"(?:[A-ZÄÖÜÉ][^\W\d_]+,? )?(?:\d{1,2}\.? ?(?:er |ste |de )?" + _MONTH
                             + r"|" + _MONTH + r" \d{1,2})\.?,?(?: \d{4}\.?)?")
DATELINE_CHARS = 50  # a dateline standing alone is at most this long


def reads_as_dateline(text: str) -> bool:
    """True for a line that is a place and a date and nothing more (Groningen den 5 November
    1813., SMITHFIELD, MONDAY, FEB. 16.): the dateline closing a notice or opening a report,
    set apart like a title but never one.

    >>> reads_as_dateline("Groningen den 5 November 1813."), reads_as_dateline("SMITHFIELD, MONDAY, FEB. 16.")
    (True, True)
    >>> reads_as_dateline("TUESDAY EVENING. FEBRUARY 17, 1824."), reads_as_dateline("LONDON MARKETS.")
    (True, False)
    >>> reads_as_dateline("Séance du 4 décembre")  # a sitting's date, a deck in its own right
    False
    """
    stripped = text.strip()
    return len(stripped) <= DATELINE_CHARS and _WHOLE_DATELINE.fullmatch(stripped) is not None


_SOURCE_NAME = re.compile(r"(?:[A-ZÄÖÜÉÈ][\w'’-]*\.? ?){1,3}")
SOURCE_NAME_CHARS = 30  # a paper's name at most


def names_a_source(text: str, below: str) -> bool:
    """True for a paper's or an agency's name closed by a stop (Le Nord., Constitutionnel.,
    Correspondance Havas.) over text that opens with a dateline (Paris, 3 décembre.): a
    19th-century paper heads the news it reprints by its source.

    >>> names_a_source("Le Nord.", "Paris, 3 décembre. Ma lettre d'hier"), names_a_source("Le Nord.", "Ma lettre")
    (True, False)
    >>> names_a_source("Kölnische Zeitung.", "®enf, 1. Dccembei. Wir erhalten heute")
    True
    >>> names_a_source("Morning Chronicle.", "LONDON, Feb. 16.")
    True
    >>> names_a_source("He said so.", "Paris, 3 décembre."), names_a_source("Le Nord", "Paris, 3 décembre.")
    (False, False)
    """
    stripped = text.strip()
    return (stripped.endswith(".") and len(stripped) <= SOURCE_NAME_CHARS
            and _SOURCE_NAME.fullmatch(stripped) is not None and _DATELINE.match(below) is not None)


def heading_shape(text: str) -> tuple[int, ...] | None:
    """None: Latin section heads share no printed shape that tells them from a deck."""
    return None


_BYLINE_JOINERS = ("and", "&", ",", "und", "et", "en")


def continues_byline(previous: str, text: str) -> bool:
    """True when `text` is the wrapped rest of the byline `previous`: a few words, and one
    of the two holds the joiner between names (By GEORGE and LUCY / HARCOURT). A line of
    capitals alone after a one-name byline is more often the next article's headline.

    A small-letter word that is neither a joiner nor a name particle is text, not a name
    (pdfminer cuts "and he" off a stretched line under a byline).

    >>> continues_byline("By GEORGE", "HARCOURT and LUCY BELL"), continues_byline("By LUCY BELL", "MR HUME SAID")
    (True, False)
    >>> continues_byline("By ALICE THORNBURY", "and he"), continues_byline("Door JAN en", "PIET van der BERG")
    (False, True)
    """
    before, after = previous.replace(",", " , ").split(), text.split()
    if not before or not after or len(after) > 4:
        return False
    if any(word[:1].islower() and word not in _BYLINE_JOINERS and word not in NAME_WORDS for word in after):
        return False
    return any(word.lower() in _BYLINE_JOINERS for word in (*before, *after))


# guess_lang's words, the runs of [a-zà-ÿ], found as Latin-1 bytes: a table turns every other
# byte to a space (a character beyond Latin-1 is encoded as "?" first), and bytes.split
# cuts the runs out twice as fast as re.findall; only stopwords are counted
_RUN_BYTES = frozenset(range(ord("a"), ord("z") + 1)) | frozenset(range(0xE0, 0x100))
_RUN_TABLE = bytes(byte if byte in _RUN_BYTES else 0x20 for byte in range(256))
_STOPWORDS_BYTES = {lang: frozenset(word.encode("latin-1") for word in stop) for lang, stop in STOPWORDS.items()}
_STOP_BYTES = frozenset().union(*_STOPWORDS_BYTES.values())


def _letter_runs(text: str) -> list[bytes]:
    """re.findall(r"[a-zà-ÿ]+", text), each run as Latin-1 bytes.

    >>> _letter_runs("für 3 Tage, naïve")
    [b'f\\xfcr', b'age', b'na\\xefve']
    """
    return text.encode("latin-1", "replace").translate(_RUN_TABLE).split()


def _stopwords(text: str) -> Iterator[bytes]:
    """The stopwords of any of the languages in `text`, lower-cased, as Latin-1 bytes."""
    return filter(_STOP_BYTES.__contains__, _letter_runs(text.lower()))


def guess_lang(text: str) -> str:
    """The language whose commonest words are commonest in `text` (en, de, fr or nl).

    >>> guess_lang("Der Landbote begrüßt seine Leser und erzählt wie er zu den Boten kam")
    'de'
    """
    words = Counter(_stopwords(text))
    counts = {lang: sum(words[word] for word in stop if word in words) for lang, stop in _STOPWORDS_BYTES.items()}
    best = max(counts, key=lambda lang: counts[lang])
    return best if counts[best] else "en"


# A fragment's own language, for pages that print two (a Luxembourg paper's German and
# French columns side by side). A stopword shared by k of the languages counts 1/k for each
# (des: German and French), so only a line's telling words decide.
LANGUAGE_FLOOR = 1.5  # stopword evidence a fragment needs to be read as one language
LANGUAGE_MARGIN = 2.0  # times the runner-up's evidence the language must hold
_STOP_SHARES = {word: tuple((lang, 1.0 / sum(word in stop for stop in _STOPWORDS_BYTES.values()))
                            for lang, stop in _STOPWORDS_BYTES.items() if word in stop)
                for word in _STOP_BYTES}


def text_language(text: str) -> str | None:
    """The language `text` is clearly in, or None where its stopwords are too few or shared.

    >>> text_language("11 est question dans cette allocution des fautes")
    'fr'
    >>> text_language("vativen in Preußeu und in ganz Deutschland.")
    'de'
    >>> print(text_language("Mr. F. LEWIS"))
    None
    """
    evidence: dict[str, float] = {}
    for word in _stopwords(text):
        for lang, share in _STOP_SHARES[word]:
            evidence[lang] = evidence.get(lang, 0.0) + share
    if not evidence:
        return None
    best = max(evidence, key=evidence.__getitem__)  # the first of equals, as the evidence came
    second = max((share for lang, share in evidence.items() if lang != best), default=0.0)
    return best if evidence[best] >= LANGUAGE_FLOOR and evidence[best] >= LANGUAGE_MARGIN * second else None


@lru_cache(maxsize=65536)
def is_word(word: str, lang: str) -> bool:
    """True when `word` is in the language's word list (wordfreq), case aside."""
    return is_latin_word(word.lower(), lang)


_NO_HYPHENS = str.maketrans("", "", HYPHENS)


def unhyphenated(text: str) -> str:
    """`text` without its hyphens: a passage quoted elsewhere on the page (a pull quote)
    loses the line-end hyphens it spanned.

    >>> unhyphenated("the prin-cipal objections")
    'the principal objections'
    """
    return text.translate(_NO_HYPHENS)


_HYPHENATED_END = re.compile(r"([\w'’]*)[" + HYPHENS + r"]$")
_WORD_START = re.compile(r"([\w'’]+)(.*)$", re.DOTALL)


def dehyphenate(left: str, right: str, lang: str) -> tuple[str, bool]:
    """Join `left` (ending in a hyphen) and `right`; True in second place if the hyphen went.

    The hyphen goes when the joined word is a word or the hyphenated form is not;
    lowercase continuations are taken as broken words, and so are capitals after capitals
    (a title set in capitals breaks its words as text does).

    >>> dehyphenate("exam-", "ple of", "en")
    ('example of', True)
    >>> dehyphenate("Anglo-", "Saxon", "en")
    ('Anglo-Saxon', False)
    >>> dehyphenate("GOVERN-", "MENT HOUSE", "en"), dehyphenate("SELF-", "GOVERNMENT", "en")
    (('GOVERNMENT HOUSE', True), ('SELF-GOVERNMENT', False))
    """
    head = _hyphenated_end(left)
    tail = _WORD_START.match(right)
    if head is None or tail is None:
        return f"{left} {right}", False
    (first, cut), second = head, tail.group(1)
    in_capitals = first.isupper() and second.isupper()  # a title in capitals: CONSTITU- / TIONNEL.
    if not first or not (second[:1].islower() or in_capitals):
        return left + right, False
    whole = first + second
    if is_word(whole, lang) or not (is_word(first, lang) and is_word(second, lang)):
        return left[:cut] + right, True
    return left + right, False


def _hyphenated_end(left: str) -> tuple[str, int] | None:
    """The word before `left`'s final hyphen and where that hyphen stands, as
    _HYPHENATED_END.search(left) gives them; None when `left` ends on no hyphen.

    `left` is the paragraph so far: its last word is read back from the hyphen a character
    at a time (what [\\w'’] matches: isalnum, _, ' and ’), not searched for from its start."""
    if not left or left[-1] not in HYPHENS:
        if left[-1:] != "\n":
            return None
        match = _HYPHENATED_END.search(left)  # `$` also stands before a last newline
        return None if match is None else (match.group(1), match.end(1))
    begin = end = len(left) - 1
    while begin and (left[begin - 1].isalnum() or left[begin - 1] in "_'’"):
        begin -= 1
    return left[begin:end], end


def joins_across(left: str, right: str, lang: str = "en") -> bool:
    """True when `left` ends in a hyphenated word that `right`'s first word completes: the
    two lines stand one under the other in a column.

    >>> joins_across("the exam-", "ple of it"), joins_across("the exam-", "Saxon rule")
    (True, False)
    """
    return ends_join(line_ends(left)[0], line_ends(right)[1], lang)


def line_ends(text: str) -> tuple[str, str]:
    """What `joins_across` reads of a line: the word before the hyphen it ends on and the
    word it starts with ("" where it ends or starts otherwise), so a line is read once, not per pair.

    >>> line_ends("the exam-"), line_ends("ple of it")
    (('exam', 'the'), ('', 'ple'))
    """
    stripped = text.rstrip()
    head = _HYPHENATED_END.search(stripped) if stripped[-1:] in HYPHENS else None  # most lines: no scan
    tail = _WORD_START.match(text.lstrip())
    return head.group(1) if head else "", tail.group(1) if tail else ""


MIN_CARRIED = 2  # letters a typesetter carries over a hyphen at the least: a lone "l" is OCR dirt, not a word's rest


def ends_join(end: str, start: str, lang: str = "en") -> bool:
    """`joins_across` from the line_ends of the line above (its end) and of the line below
    (its start). A word begun in small letters goes on in small letters: wordfreq's list
    holds run-together junk ("dewas", "orthe"), and a capital shows a new word instead.

    >>> ends_join("de", "was"), ends_join("de", "To"), ends_join("RE", "OPENS"), ends_join("ob", "jection")
    (True, False, True, True)
    >>> ends_join("ge", "l", "de"), ends_join("ge", "spannt", "de")  # heimlicher ge- / l 4 . sollten: OCR dirt
    (False, True)
    """
    if len(start) < MIN_CARRIED or not end or (start[0].isupper() and not end.isupper()):
        return False
    return is_word(end + start, lang)


def ends_joins(ends: list[str], starts: list[str], lang: str = "en") -> np.ndarray:
    """`ends_join` of each (end, start) pair, as bools (cjk.ends_joins' Latin twin: a lookup each)."""
    return np.array([ends_join(end, start, lang) for end, start in zip(ends, starts, strict=True)], dtype=bool)


def join_evidence(ends: list[str], starts: list[str], lang: str = "en") -> np.ndarray:
    """What each (end, start) pair tells of the two lines being one column's (cjk.join_evidence's
    twin): a word hyphenated across the break counts one, less JOIN_CHANCE, the share of
    unrelated line pairs whose break happens to make one.

    >>> join_evidence(["exam", ""], ["ple", "The"]).tolist()  # the exam- / ple; a whole line / The
    [0.75, -0.25]
    """
    return ends_joins(ends, starts, lang).astype(float) - JOIN_CHANCE


def join(left: str, right: str, lang: str = "en") -> tuple[str, bool]:
    """Join two lines of Latin text; True in second place if a hyphen was dropped.

    >>> join("the na-", "vy was", "en")
    ('the navy was', True)
    >>> join("the navy", "was", "en")
    ('the navy was', False)
    """
    if left and left[-1] in HYPHENS and len(left) > 1 and left[-2].isalpha():
        return dehyphenate(left, right, lang)
    return (f"{left} {right}" if left and right else left + right), False


def split_byline(text: str) -> tuple[str, str, tuple[str, ...]]:
    """(prefix, role words, names) of a byline.

    >>> split_byline("By GEORGE HARCOURT and LUCY FAIRBANK")
    ('By', '', ('GEORGE HARCOURT', 'LUCY FAIRBANK'))
    >>> split_byline("By Jane Doe, Staff Writer")
    ('By', 'Staff Writer', ('Jane Doe',))
    """
    match = BYLINE.match(" ".join(text.split()))
    if match is None:
        return "", "", (text.strip(),)
    names = re.split(r"\s*(?:,|\band\b|\bund\b|\bet\b|\ben\b|&)\s*", match.group("names"))
    return match.group("prefix"), (match.group("role") or "").strip(), tuple(n for n in names if n)
