"""Rules for Chinese (and other CJK) pages: widths, joins, punctuation and cue words.

Lines join with nothing between them. A byline names the reporter after role words
such as 本报记者; a photo credit ends in 摄; a jump reads （下转第三版）. Every rule
about Chinese text in broadsheet lives here, so a new cue word is a one-line change.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache
from itertools import islice

import numpy as np

from broadsheet.lang.words import PAIR_CODE, break_ratios, cjk_opening_table, known_pair, known_pairs, pair_tiers

SCRIPT = "cjk"

SENTENCE_END = "。！？!?…；;"
CLOSERS = "”’」』）)】》\"'"
OPENERS = "“‘「『（(【《\"'"
CLAUSE_MARKS = "，、：；,:;"
# Full-width stops a column breaks after like any character: the break table also reads
# which characters may open the next clause or sentence (，在 yes; ，展 never: 发展 broke)
BREAK_STOPS = "，。、；：！？"
# A small story's title absorbed into the story above stays a head on its own line: CJK
# briefs columns (快讯, 简讯) set each item's title as a line of its own above its text.
RUN_IN_HEAD_ROLE = "section"
MEASURE_SLACK = 6  # display columns: half-width digits and squeezed punctuation move a full line by three characters
# Characters sit on a square grid, so a column's full lines are one width to the
# character: two lines of one width are likely one column's (interleave reads this).
WIDTH_TELLS_COLUMN = True
# A paragraph's first line is set two characters in; an extractor that strips the indent
# leaves the line this many display columns short of a full one (two characters, less one
# column for punctuation squeezed into the line), which marks a paragraph that began after
# a sentence ending at the very end of the line above (paragraphs.split_paragraphs).
INDENT_LOST = 3
# ... and at most this many (indent_stripped): where a sentence ends at the very end of that
# first line, the line stands alone at the top of its unit or run (fragments._indented_opening,
# paragraphs._breaks); a line shorter still is a one-line paragraph's or a title's. Measured:
# 5 (two characters and a half) took a third of the gain of 7 on dev; 9 and 11 read as 7.
INDENT_MOST = 7
# Words run on without spaces, so a space between two runs of characters in a line wider
# than a column parts the lines of side-by-side columns printed on one line (interleave.unzip).
SPACE_PARTS_COLUMNS = True
# A line's first character does not show that its sentence began above: every chain end
# stopping on no 。 would pair with every column top (measured: zh -layout pages lose).
TOP_SHOWS_RUN_ON = False
# On a -layout page a titled story whose last line stops on no 。！？ goes on in a title-less
# chain printed after it, its column's next part (attach._merge_orphans, ORPHAN_RUN_ON).
OPEN_END_TAKES_ORPHAN = True
# A byline right under a line of text opens the next story as often as it closes this one:
# pdftotext prints an interleaved column's line over the byline that opens its story
# (attach._byline_pull; measured: dev −0.0004, zh pdftotext).
BYLINE_UNDER_TEXT_CLOSES = False
# On a page printed a box a paragraph, blank lines add no paragraph breaks: a short line
# with a stop and the indent already show the ends (measured: they would only cost).
BLANK_LINES_ADD_BREAKS = False
# A CJK block that stops on no 。！？ runs on into the next (a column break in a typeset
# dump), whatever exported it: its blocks are not taken as paragraphs as they stand.
BLOCKS_ARE_PARAGRAPHS = False
# A character pair across a break that makes a word says too little alone (break_evidence
# weighs it): no bonus for the next fragment's first characters completing the last word.
BROKEN_WORD_GOES_ON = False
# How often a line break between two Han characters falls inside a dictionary word, by the
# tier of the commonest word holding the pair (words.PAIR_TIERS; none first), for a true
# break (the column broke the line there) and by chance (two unrelated lines' ends):
# measured on the training corpus by benchmarks/join_rates.py. A pair inside a frequent
# word is 15 times likelier across a true break; inside a rare one, no likelier at all.
JOIN_RATES = ((0.325, 0.766), (0.121, 0.137), (0.057, 0.041), (0.082, 0.029), (0.414, 0.026))
# Log-odds into the interleave's units, where a word across the break counted one more than
# none: a word at all carries ln(.675/.234) - ln(.325/.766) = 1.9 nats, so half a unit a nat.
JOIN_SCALE = 0.5
# The break table's ratio counts in join_evidence up to this many nats (a frequent word's
# tier gives 1.375 units, 2.75 nats). Measured: dev +0.0002, synthetic +0.0002, real
# pdftotext +0.0012 (zh default +0.005) over the tiers alone; the table alone: dev -0.0006.
BREAK_EVIDENCE_CAP = 5.0
_JOIN_EVIDENCE = np.array([round(8 * JOIN_SCALE * math.log(true / chance)) / 8  # eighths keep sums exact
                           for true, chance in JOIN_RATES])

# Role words that stand between the reporter's name and the page: 本报记者 黄光红.
BYLINE_ROLES = (
    "本报特约评论员",
    "本报评论员",
    "本报首席记者",
    "本报记者",
    "新华社记者",
    "人民日报记者",
    "央视记者",
    "特约记者",
    "首席记者",
    "见习记者",
    "实习生",
    "通讯员",
    "特约撰稿",
    "记者",
    "文/",
    "文／",
    "撰文",
)
_ROLE_PATTERN = "|".join(re.escape(role) for role in BYLINE_ROLES)
_NAME = r"[\u4e00-\u9fff·]{2,4}"
BYLINE = re.compile(
    rf"^(?P<prefix>[□■◇◆●○▲△☆★|│\s]*)(?P<body>(?:(?:{_ROLE_PATTERN})\s*{_NAME}(?:[\s、，,]+{_NAME})*\s*)+)$"
)
# A bare name block (two to four characters, perhaps several) closing an article: 苏宗生.
# Reporters' names closing an article are two or three characters (four-character words
# are phrases, like the halves of a section heading: 创新方式 紧扣主题).
_BARE_NAME = r"[\u4e00-\u9fff]{2,3}"
BARE_NAMES = re.compile(rf"^{_BARE_NAME}(?:[\s、，,]+{_BARE_NAME}){{0,3}}$")
# The commonest Chinese surnames: a bare name block whose every name opens on one of them is
# a byline, even where the role model read it as a title (no headline is a list of names).
SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
    "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)


def names_only(text: str) -> bool:
    """True when `text` is a block of bare names, each opening on a common surname.

    >>> names_only("曹雪琳"), names_only("邓宏伟 曹雪琳"), names_only("快讯"), names_only("国内联播快讯")
    (True, True, False, False)
    """
    spaced = " ".join(text.split())
    if not BARE_NAMES.match(spaced):
        return False
    return all(name[0] in SURNAMES for name in re.split(r"[\s、，,]+", spaced))


def reads_as_phrase(text: str) -> bool:
    """False: a CJK line of names is told by `names_only` (surnames, two or three
    characters each), not by the words it lacks.

    >>> reads_as_phrase("习近平会见柬埔寨首相")
    False
    """
    return False


def title_opens(title: str, text: str) -> bool:
    """False: a CJK report restates its headline inside its lede's first sentence (当地时间
    7月5日下午，国家主席习近平同塔吉克斯坦总统…), after the time and place, not at its
    opening, and the title's characters found among the lede's first few dozen moved dev
    pages either way with the span and share chosen (-0.0009 to +0.0011): the words a
    title shares with a whole story (attach.SHARED_WORDS) tell as much.

    >>> title_opens("习近平会见柬埔寨首相", "习近平会见柬埔寨首相洪玛奈")
    False
    """
    return False


def opening_keys(title: str) -> list[str]:
    """None: no text opens with a CJK title (`title_opens`).

    >>> opening_keys("习近平会见柬埔寨首相")
    []
    """
    return []


def opening_words(text: str, count: int = 1 << 16) -> list[str]:
    """None: `title_opens` reads no CJK words.

    >>> opening_words("习近平会见柬埔寨首相", 4)
    []
    """
    return []


def signs_briefs(text: str) -> bool:
    """A briefs column is signed once, under its last item, with the editor's bare name:
    such a name after a small story's text does not make that story an article of its own.

    >>> signs_briefs("刘文斌"), signs_briefs("□本报记者 刘文斌")
    (True, False)
    """
    return names_only(text)


def signs_off(text: str) -> bool:
    """A byline of bare names (no 本报记者) may sign its article off: such a name stands under
    the text as often as over it (after a lede), where 本报记者 opens the text below.

    >>> signs_off("刘文斌"), signs_off("邓宏伟 曹雪琳"), signs_off("□本报记者 刘文斌")
    (True, True, False)
    """
    return BARE_NAMES.match(" ".join(text.split())) is not None


# Names a briefs column goes under (国内联播快讯, 本地简讯): the title over its items, never one item's.
BRIEFS_COLUMN_NAMES = ("快讯", "简讯", "短讯", "速递", "速览", "集锦", "一览")


def names_briefs_column(text: str) -> bool:
    """Whether a title names a briefs column: it heads the items under it, however short.

    >>> names_briefs_column("国内联播快讯"), names_briefs_column("全国提供托育服务的机构达到近10万个")
    (True, False)
    """
    return "".join(text.split()).endswith(BRIEFS_COLUMN_NAMES)


# A paper's name as its masthead prints it (南屏日报, 临川晨报, 江州都市报): a few characters and 报.
NEWSPAPER_NAME = re.compile(r"[\u4e00-\u9fff]{1,6}(?:日报|晚报|晨报|早报|时报|商报|快报|周报|导报|都市报|青年报)")


def names_newspaper(text: str) -> bool:
    """Whether a title is a paper's own name (its masthead), not a story's headline.

    >>> names_newspaper("南屏日报"), names_newspaper("习近平同津巴布韦总统会谈")
    (True, False)
    """
    if not text.rstrip().endswith("报"):  # every paper's word ends so: most lines need no join (fragments asks each)
        return False
    return NEWSPAPER_NAME.fullmatch("".join(text.split())) is not None


_SLOGAN = re.compile(r"[\u4e00-\u9fff]{4} [\u4e00-\u9fff]{4}")


def reads_as_slogan(text: str) -> bool:
    """Whether a line is set as a public-service slogan (公益广告): two phrases of four
    characters parted by a space, as papers print them among the page's furniture.
    Headlines are set so too (神州巨变 小康梦圆), so the line's neighbours must say it.

    >>> reads_as_slogan("文明城市 你我共建"), reads_as_slogan("文明城市你我共建"), reads_as_slogan("神州巨变 小康")
    (True, False, False)
    """
    return _SLOGAN.fullmatch(text.strip()) is not None


CREDIT = re.compile(
    rf"(?P<credit>(?:(?:本报)?(?:记者|通讯员)?\s*{_NAME}(?:[\s、，,]+{_NAME})*\s*摄(?:影)?(?:[/／]\S+)?|"
    r"(?:新华社|图片来源|图/|图／|资料图片|供图)\S*))\s*$"
)
_CREDIT_WORDS = ("摄", "图", "新华社")  # every CREDIT match holds one of these


def find_credit(text: str) -> re.Match[str] | None:
    """CREDIT.search, with the scan skipped where no credit word stands (most text).

    >>> find_credit("市民观看展览。记者 王林 摄") is not None, find_credit("推动落实安全生产") is None
    (True, True)
    """
    if not any(map(text.__contains__, _CREDIT_WORDS)):
        return None
    return CREDIT.search(text)


# A jump line: （下转第2版） sends the article on to page 2, （上接第1版） picks it up from page 1.
JUMP = re.compile(
    r"[（(【〔]\s*(?:(?P<from>上接|紧接|接)|(?P<to>下转|紧转|转至|转))\s*第?\s*"
    r"(?P<page>[A-Za-zＡ-Ｚ]?\s*[0-9０-９]+|[一二三四五六七八九十]+)\s*版\s*[）)】〕]"
)


def find_jump(text: str) -> re.Match[str] | None:
    """JUMP.search, with the scan skipped where no 版 stands (every jump line names its page).

    >>> find_jump("（下转第2版）") is not None, find_jump("推动落实安全生产") is None
    (True, True)
    """
    return JUMP.search(text) if "版" in text else None


FURNITURE = (
    re.compile(r"第\s*[0-9一二三四五六七八九十]+\s*版"),
    re.compile(r"\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*(?:星期|周)[一二三四五六日天]"),
    re.compile(r"(?:责任|美术|版式|图片)编辑|校对|版式设计|热线[:：]|电话[:：]|举报电话"),
)

_FURNITURE_WORDS = ("版", "年", "编辑", "校对", "热线", "电话")  # every FURNITURE match holds one of these


def may_be_furniture(text: str) -> bool:
    """False where no FURNITURE pattern can match, found without their slower scans.

    >>> may_be_furniture("第3版"), may_be_furniture("推动落实安全生产")
    (True, False)
    """
    return any(map(text.__contains__, _FURNITURE_WORDS))


# The commonest Chinese characters (jieba's dictionary, by frequency), then the
# traditional forms of those that differ and a few more: correctly decoded Chinese is mostly
# these (read.py scores a dump's candidate encodings by them).
COMMON_SIMPLIFIED = frozenset(
    "一是人了不在有大中国和为这上他个地年来我会以到时要出的生学说道民家子也成行下们于后就发自之对得主长可过天作分方"
    "用多你着部能市等业全里工公经本都而高政法面门动日进区事代那去心小同北定开产前其军还然起种所如现理机体表力好外"
    "与文当两实重新三么只山水关明从化平建又制南内西没此将员名手最东头者月间无安看见各城十相但已些正口通想度加第她"
    "合院物性战由位常点海意场武使次二向治因立数样身情入原问把路被并利石老教万知级量任江及应省资委务元美特期世湖回"
    "系比气汉总展电科金先声提品设或义王社很统处四首共马形己儿司太目基领队直计别女权话少流命至报米给打变果书清活几"
    "州华解议更称程今决张导术府才保交放管结师便走达族反再题色五京河接条规式县白它改风光运信受什组听布百济党指论强"
    "做取技黄神选记斯真却职号界件花类何眼兵传带空干农边据集联古广完质阳难增历史专官每住商即步认车台林必死游举线言"
    "皇土团收考求德叫近备研争非具李众连调感转笑革该持始英克士尔让拉思根格造较际亲单朝红型价校约器字段周亚深候则功"
    "属积快图火千准究往极育装许参半令吃观鱼精办像帝八复影告远群包整构料随划算象容示投势热值夫网望源息语股铁断派速"
    "怎需片爱律纪支早况病境证编"
)
COMMON_HAN = COMMON_SIMPLIFIED | frozenset(
    "國為這個來會時學說們發對長過著業經門動進區開產軍還現當兩實關從內沒將員東頭間無見戰點場數樣問級應資務漢總電聲"
    "設義統處馬領隊計別權話報給變書華議稱決張導術結師達題條規縣風運組濟論強黃選記卻職號類傳帶農邊聯廣質陽難歷專認"
    "車舉線團備爭眾連調轉該爾讓較際親單紅約亞則屬積圖裝許參觀魚辦遠隨勢熱語鐵斷愛紀況證編"
    "與後裡麼體識係讀寫買賣錢獲環護歲醫療藥價標準響優擊網絡雙協劃鄉鎮臺灣颱續繼漲稅費貿銷黨顯據衛執視訊興"
)


# East Asian Wide and Fullwidth characters (Unicode's EastAsianWidth W and F, the odd emoji
# aside), as one class so that a 10 MB line is measured at regex speed.
_WIDE = re.compile(
    "[\u1100-\u115f\u231a\u231b\u2329\u232a\u23e9-\u23ec\u23f0\u23f3\u25fd\u25fe\u2614\u2615\u2648-\u2653"
    "\u267f\u2693\u26a1\u26aa\u26ab\u26bd\u26be\u26c4\u26c5\u26ce\u26d4\u26ea\u26f2\u26f3\u26f5\u26fa\u26fd"
    "\u2705\u270a\u270b\u2728\u274c\u274e\u2753-\u2755\u2757\u2795-\u2797\u27b0\u27bf\u2b1b\u2b1c\u2b50\u2b55"
    "\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\ua960-\ua97f\uac00-\ud7a3\uf900-\ufaff"
    "\ufe10-\ufe19\ufe30-\ufe6f\uff00-\uff60\uffe0-\uffe6"
    "\U00016fe0-\U0001b2ff\U0001f004\U0001f0cf\U0001f18e\U0001f191-\U0001f19a\U0001f200-\U0001f2ff"
    "\U0001f300-\U0001f64f\U0001f680-\U0001f6ff\U0001f7e0-\U0001f7eb\U0001f90c-\U0001f9ff\U0001fa70-\U0001faff"
    "\U00020000-\U0002fffd\U00030000-\U0003fffd]"
)
_WIDE_RUN = re.compile(_WIDE.pattern + "+")  # runs, so a line of Chinese is a match or two, not one a character
# Han ideographs, kana and hangul: the letters of CJK text, as code point ranges.
HAN_RANGES = ((0x3040, 0x30FF), (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xAC00, 0xD7AF), (0x20000, 0x2A6DF))
_HAN = re.compile("[" + "".join(f"{chr(low)}-{chr(high)}" for low, high in HAN_RANGES) + "]")
_HAN_RUN = re.compile(_HAN.pattern + "+")


def is_wide(char: str) -> bool:
    """True for characters a terminal draws two columns wide.

    >>> is_wide("中"), is_wide("a"), is_wide("，")
    (True, False, True)
    """
    return _WIDE.match(char) is not None


def is_han(char: str) -> bool:
    """True for Han ideographs (and kana and hangul), the letters of CJK text."""
    return _HAN.match(char) is not None


def han_count(text: str) -> int:
    """How many Han (kana, hangul) letters `text` holds."""
    return sum(map(len, _HAN_RUN.findall(text)))


# Punctuation of East Asian "ambiguous" width that Chinese type sets a full em wide.
_AMBIGUOUS = re.compile("[“”‘’·—…※§°■□▲△◆◇○●★☆①-⑳]")


def display_width(text: str, cjk_page: bool = False) -> int:
    """Columns `text` takes in a monospaced dump; on a CJK page “”·—… count as wide too.

    >>> display_width("电商节 ok"), display_width("“电商”"), display_width("“电商”", cjk_page=True)
    (9, 6, 8)
    """
    if text.isascii():
        return len(text)
    wide = sum(map(len, _WIDE_RUN.findall(text))) + (len(_AMBIGUOUS.findall(text)) if cjk_page else 0)
    return len(text) + wide


@lru_cache(maxsize=2)
def _width_table(cjk_page: bool) -> np.ndarray:
    """display_width of every character of the basic plane, made once (about 10 ms)."""
    chars = "".join(map(chr, range(0x10000)))
    table = np.ones(len(chars), dtype=np.int64)
    table[[match.start() for match in _WIDE.finditer(chars)]] += 1
    if cjk_page:
        table[[match.start() for match in _AMBIGUOUS.finditer(chars)]] += 1
    return table


def display_widths(texts: list[str], cjk_page: bool = False) -> list[int]:
    """display_width of each text, measured for all texts at once: a table lookup per
    character and a running sum, not two pattern scans a text.

    >>> display_widths(["电商节 ok", "“电商”", ""], cjk_page=True)
    [9, 8, 0]
    """
    codes = np.frombuffer("".join(texts).encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    widths = _width_table(cjk_page)[np.minimum(codes, 0xFFFF)]
    for at in np.flatnonzero(codes > 0xFFFF).tolist():  # beyond the basic plane: rare, measured one by one
        widths[at] = display_width(chr(int(codes[at])), cjk_page)
    lengths = np.array([len(text) for text in texts], dtype=np.intp)
    running = np.concatenate([[0], np.cumsum(widths)])
    ends = np.cumsum(lengths)
    widths_of: list[int] = (running[ends] - running[ends - lengths]).tolist()
    return widths_of


_LETTER_SPACED = re.compile(r"(?:\S ){3,}\S")


def unspaced(text: str) -> str:
    """A letter-spaced line (a space between every character: how extractors print a
    justified line stretched across its column) without its spaces; other text as is.

    >>> unspaced("一 条 街 ” 上 ， 汇 聚"), unspaced("安全生产 警钟长鸣"), unspaced("A B C D")
    ('一条街”上，汇聚', '安全生产 警钟长鸣', 'A B C D')
    """
    if " " in text and _LETTER_SPACED.fullmatch(text) and _HAN.search(text):
        return text.replace(" ", "")
    return text


def join(left: str, right: str) -> str:
    """Join two lines of CJK text: nothing between them, a space between Latin words.

    >>> join("电商", "节激活"), join("App", "通过"), join("iPhone", "Pro")
    ('电商节激活', 'App通过', 'iPhone Pro')
    """
    if not left or not right:
        return left + right
    if left[-1].isascii() and left[-1].isalnum() and right[0].isascii() and right[0].isalnum():
        return f"{left} {right}"
    return left + right


def ends_sentence(text: str) -> bool:
    """True when `text` ends where a sentence may end.

    >>> ends_sentence("刘女士说。”"), ends_sentence("推动落实安全生产")
    (True, False)
    """
    stripped = text.rstrip().rstrip(CLOSERS)
    return bool(stripped) and stripped[-1] in SENTENCE_END


_QUOTE_PAIRS = (("“", "”"), ("‘", "’"), ("「", "」"), ("『", "』"), ("《", "》"), ("（", "）"))
_OPENING = re.compile("[" + "".join(left for left, _ in _QUOTE_PAIRS) + "]")


def paragraph_end_slack(measure: float) -> float:
    """How far short of its measure a line ending a sentence must fall to end its
    paragraph: two display columns (one character), whatever the measure.

    >>> paragraph_end_slack(30), paragraph_end_slack(60)
    (2.0, 2.0)
    """
    return 2.0


def indent_stripped(text: str, width: float, measure: float) -> bool:
    """Whether a line `width` wide could be a paragraph's first line whose indent the
    extractor stripped: INDENT_LOST to INDENT_MOST display columns short of `measure`, in
    wide characters only, so that its width counts its characters (half-width digits move
    a line by odd columns and say nothing of an indent).

    >>> indent_stripped("第四，中南要做维护正义的全球伙伴。", 34, 38), indent_stripped("增长8.5%。", 12, 16)
    (True, False)
    """
    return measure - INDENT_MOST <= width <= measure - INDENT_LOST and width == 2 * len(text.strip())


def ends_on_name_title(text: str) -> bool:
    """False: a CJK title before a name takes no full stop.

    >>> ends_on_name_title("记者。")
    False
    """
    return False


# A sentence that ends at the very end of a full line may end its paragraph too, and no
# line shape shows it: only the words either side do. The corpus counts how often a
# sentence's last characters and the next one's first stand either side of a paragraph
# break rather than inside a paragraph (会议。/李强… mostly across one; …。/其中… never),
# learned by `make train-openings` into data/cjk-openings.npz (words.cjk_opening_table).
SEAM_STOPS = "。！？"
SEAM_CHARS = 2  # characters read either side of the seam


def sentence_seam(before: str, after: str) -> tuple[str, str] | None:
    """The keys the opening table reads where `before` ends a sentence (SEAM_STOPS, then
    any closing quotes) and `after` goes on: the sentence's last SEAM_CHARS characters and
    the next one's first; None where `before` ends no sentence.

    >>> sentence_seam("出席会议。", "李强主持"), sentence_seam("他说：“好。”", "会后"), sentence_seam("推动", "落实")
    (('会议', '李强'), ('“好', '会后'), None)
    """
    stripped = before.rstrip().rstrip(CLOSERS)
    if not stripped or stripped[-1] not in SEAM_STOPS or not after.strip():
        return None
    return stripped.rstrip(SEAM_STOPS)[-SEAM_CHARS:], after.lstrip()[:SEAM_CHARS]


def words_open_paragraph(last: str, first: str) -> bool:
    """True when line `last` ends a sentence and the corpus reads a new paragraph, not
    only a new sentence, as likelier after its last words and before `first`'s
    (`sentence_seam`; words.cjk_opening_table): for a sentence that ends at the very end
    of a full line, where no line shape tells.

    >>> words_open_paragraph("书记处第一书记出席会议。", "李强主持会议并讲话")
    True
    >>> words_open_paragraph("三年增长。", "其中，")
    False
    """
    seam = sentence_seam(last, first)
    return seam is not None and cjk_opening_table().odds(*seam) > 0.0


def opens_paragraph(first: str) -> bool:
    """True: CJK has no letter case, so any line may open a paragraph.

    >>> opens_paragraph("6月中旬")
    True
    """
    return True


def block_ends_paragraph(last: str, first: str) -> bool:
    """On a page whose blank lines mark paragraphs: True when the blank line between a
    block's `last` line and the next block's `first` ends a paragraph: after a sentence
    end (CJK stops survive extraction; blocks also break at column feet, mid-sentence).

    >>> block_ends_paragraph("带来新动能。", "6月中旬"), block_ends_paragraph("重庆稳步推进", "国际消费")
    (True, False)
    """
    return ends_sentence(last)


def open_quote(text: str) -> bool:
    """True when `text` opens a quotation or bracket it does not close: its sentence runs on
    into the next line, as after a comma (工业和信息化部今天（7月15 is a paragraph's first
    line, no title). A quotation running over several paragraphs closes only at its end,
    but each of its paragraphs still ends on a sentence end.

    >>> open_quote("“重庆小面预制面销售主战场在线"), open_quote("“码”出学生向上阶梯"), open_quote("今天（7月15")
    (True, False, True)
    """
    if _OPENING.search(text) is None:  # most lines open none: one scan, not ten counts
        return False
    return any(text.count(left) > text.count(right) for left, right in _QUOTE_PAIRS)


_INNER_END = re.compile("[。！？!?；;](?=.)")


def runs_sentences(text: str) -> bool:
    """True when a sentence ends inside `text` (a decimal point is none): no title does.

    >>> runs_sentences("通知。同时发布"), runs_sentences("零售额达324.9亿元，同比增长17.9%")
    (True, False)
    """
    return _INNER_END.search(text.rstrip()) is not None


def text_language(text: str) -> str | None:
    """None: the pages this module reads print one language a page as far as its cues
    tell (Latin pages may print two: latin.text_language)."""
    return None


def could_be_title(text: str) -> bool:
    """False for text no headline is set as: under two letters (specks, a lone mark).

    >>> could_be_title("国内联播快讯"), could_be_title("·")
    (True, False)
    """
    return len(list(islice(filter(str.isalpha, text), 2))) == 2  # stops at the second letter


def wraps_title(line: str, rest: str) -> bool:
    """True where `rest`, one letter alone, is what a title set across columns left for its
    second line (习近平同…国家主席举行会 / 谈): a title line holds no full-width comma, and a
    justified body line cut into letters by spaces (自 来 水 普 及) is none.

    >>> wraps_title("习近平同老挝人民革命党中央总书记、国家主席举行会", "谈"), wraps_title("治理，提高", "理")
    (True, False)
    """
    return len(rest.strip()) == 1 and is_han(rest.strip()) and "，" not in line and not _LETTERSPACED.search(line)


_LETTERSPACED = re.compile(r"\w \w \w")


def runs_on_to(end: str, top: str) -> bool:
    """True when a chain's last line `end` stops on no 。！？: its sentence goes on for sure,
    at a column's top (`top`, which a Chinese line's first character cannot tell;
    order.join_column_tops, measured on zh pages, dev and synthetic).

    >>> runs_on_to("中方愿同苏方一道", "努力"), runs_on_to("一道努力。", "两国")
    (True, False)
    """
    return not ends_sentence(end)


DECK_DASH = "——"
DECK_LENGTH = 40  # characters a subtitle line holds at most


def opens_deck(text: str) -> bool:
    """True for a line led by a dash that ends no sentence: a subtitle (副题) set under its
    headline ("——助力安哥拉国家发展振兴"), a line of its own, which pdfminer and -layout
    glue to the headline above or the column beside.

    >>> opens_deck("——新时代中国青年的使命担当"), opens_deck("——这是他说的。"), opens_deck("新时代——中国")
    (True, False, False)
    """
    return text.startswith(DECK_DASH) and len(text) <= DECK_LENGTH and not ends_sentence(text)


def reads_as_dateline(text: str) -> bool:
    """False: a Chinese dateline (本报北京3月1日电) opens its paragraph, never a line alone."""
    return False


def names_a_source(text: str, below: str) -> bool:
    """False: a Chinese paper credits a reprint in its dateline (新华社北京…电), not over it."""
    return False


def stopped_title(text: str) -> bool:
    """False: a Chinese title never ends on 。, so a stop always ends a sentence.

    >>> stopped_title("国内联播快讯。")
    False
    """
    return False


# Particles and verbs a line cut from a sentence ends on, and the full stop: a Chinese
# headline may end on ！ or ？ but never on 。 (nor ；).
_NO_TITLE_END = frozenset("的和与及在将是为把被。；")


def could_end_title(text: str) -> bool:
    """False when `text` ends on a particle or verb that its sentence must go on from, or
    on a full stop.

    >>> could_end_title("电商节激活重庆消费新动能"), could_end_title("由中华全国总工会和")
    (True, False)
    >>> could_end_title("王毅参加会见。")
    False
    """
    stripped = text.rstrip()
    return not stripped or stripped[-1] not in _NO_TITLE_END


_NO_TITLE_START = frozenset("了的着过和与及等之，。、；：？！,.;:?!") | frozenset(CLOSERS)


def goes_on(text: str) -> bool:
    """True when `text` opens on a particle or mark that follows a word (的, 了, ，, a closing
    quotation): it goes on from a sentence begun above.

    >>> goes_on("的重要讲话精神"), goes_on("国务院常务会议")
    (True, False)
    """
    return not could_start_title(text.lstrip()[:1])


def could_start_title(text: str) -> bool:
    """False when `text` opens on a particle or a mark its line must follow from, or
    closes a quotation or bracket it never opened: a line cut from a sentence.

    >>> could_start_title("《指导意见》发布"), could_start_title("了中国人民对"), could_start_title("行动计划》和共")
    (True, False, False)
    """
    stripped = text.lstrip()
    if not stripped or stripped[0] in _NO_TITLE_START:
        return not stripped
    return not any(text.count(right) > text.count(left) for left, right in _QUOTE_PAIRS)


def heading_shape(text: str) -> tuple[int, ...] | None:
    """The parallel shape Chinese section heads share (精心部署 上下联动 → (4, 4)): the
    lengths of their space-parted phrases; None for a heading of one phrase.

    >>> heading_shape("精心部署 上下联动"), heading_shape("电商节激活重庆消费新动能")
    ((4, 4), None)
    """
    parts = tuple(len(part) for part in text.split())
    return parts if len(parts) >= 2 else None


def continues_byline(previous: str, text: str) -> bool:
    """True when `text` is the wrapped rest of the byline `previous`: names alone.

    >>> continues_byline("□本报记者 黄光红", "罗芸"), continues_byline("□本报记者 黄光红", "国内联播快讯")
    (True, False)
    """
    return bool(previous.strip()) and BARE_NAMES.match(" ".join(text.split())) is not None


def split_byline(text: str) -> tuple[str, str, tuple[str, ...]]:
    """(prefix, role words, names) of a byline.

    >>> split_byline("□本报记者 黄光红")
    ('□', '本报记者', ('黄光红',))
    >>> split_byline("苏宗生")
    ('', '', ('苏宗生',))
    """
    match = BYLINE.match(text.strip())
    if match is None:
        return "", "", tuple(re.split(r"[\s、，,]+", text.strip()))
    body = match.group("body")
    roles = re.findall(_ROLE_PATTERN, body)
    names = re.sub(_ROLE_PATTERN, " ", body)
    return match.group("prefix").strip(), " ".join(roles), tuple(n for n in re.split(r"[\s、，,]+", names) if n)


def joins_across(left: str, right: str, lang: str = "zh") -> bool:
    """True when the last Han character of `left` and the first of `right` make a word:
    the two lines stand one under the other in a column (`lang` as latin.joins_across).

    >>> joins_across("都需要不断发", "展完善。"), joins_across("意图，", "确立对话")
    (True, False)
    """
    return ends_join(line_ends(left)[0], line_ends(right)[1], lang)


def line_ends(text: str) -> tuple[str, str]:
    """What `joins_across` reads of a line: the Han character it ends on and the one it
    starts with ("" where it ends or starts otherwise), so a line is read once, not per pair.

    >>> line_ends("都需要不断发"), line_ends("意图，")
    (('发', '都'), ('', '意'))
    """
    left, right = text.rstrip(), text.lstrip()
    return left[-1] if left and is_han(left[-1]) else "", right[0] if right and is_han(right[0]) else ""


def ends_join(end: str, start: str, lang: str = "zh") -> bool:
    """`joins_across` from the line_ends of the line above (its end) and of the line below (its start)."""
    return bool(end and start) and known_pair(end, start)


def ends_joins(ends: list[str], starts: list[str], lang: str = "zh") -> np.ndarray:
    """`ends_join` of each (end, start) pair, as bools: one search in the word pairs for
    them all, not a numpy call per pair.

    >>> ends_joins(["发", "", "图"], ["展", "意", "确"]).tolist()
    [True, False, False]
    """
    return known_pairs(_end_codes(ends, starts))  # -1, no pair, is never a known code


def _end_codes(ends: list[str], starts: list[str]) -> np.ndarray:
    """The PAIR_CODE of each (end, start) pair of line_ends; -1 where either is empty."""
    return np.array([ord(end) * PAIR_CODE + ord(start) if end and start else -1
                     for end, start in zip(ends, starts, strict=True)], dtype=np.int64)


def join_evidence(ends: list[str], starts: list[str], lang: str = "zh") -> np.ndarray:
    """What each (end, start) pair of line_ends tells of the two lines being one column's,
    in the interleave's units (JOIN_RATES): much for a frequent word across the break,
    nothing for a rare one, a little against for none; nothing where either end is no Han
    character (a stop, a digit).

    A pair the dictionary holds in no word, or only in a rare one, may still be one the
    corpus sees far more often across a true break than by chance (a particle before a
    verb): there the break table's ratio (`break_evidence`, in the same units, at most
    BREAK_EVIDENCE_CAP nats) counts instead, the larger of the two.

    >>> join_evidence(["发", "度", ""], ["展", "障", "意"]).tolist()
    [2.25, -0.25, 0.0]
    """
    codes = _end_codes(ends, starts)
    tiers = _JOIN_EVIDENCE[pair_tiers(codes).astype(np.int64) + 1]
    lasts, firsts = np.divmod(np.maximum(codes, 0), PAIR_CODE)  # each pair's two characters again (0: none)
    ratios = np.minimum(break_evidence(lasts, firsts), BREAK_EVIDENCE_CAP)
    finer = np.round(8 * JOIN_SCALE * ratios) / 8  # eighths keep the interleave's sums exact
    return np.where(codes < 0, 0.0, np.maximum(tiers, finer))


def break_evidence(lasts: np.ndarray, firsts: np.ndarray) -> np.ndarray:
    """Per pair of code points (the last character of one fragment, the first of another),
    the log-likelihood ratio, in nats, that a column broke the text between the two rather
    than two unrelated lines meeting, as the training corpus taught it (`make train-breaks`,
    words.cjk_break_table): far finer than whether the two make a dictionary word. After a
    full-width stop (BREAK_STOPS) it counts only against: the table knows which characters
    never open a clause (，的), but one that may says little, as any story's next
    paragraph opens so. 0 where the first is no Han character or the last neither Han nor
    such a stop (a digit, a letter, a quote): the continuation trees read those.

    >>> [round(float(x)) for x in break_evidence(np.array([ord("发"), ord("图"), ord("，"), ord("。"), ord("a")]),
    ...                                          np.array([ord("展"), ord("确"), ord("的"), ord("我"), ord("中")]))]
    [4, -2, -2, 0, 0]
    """
    codes = lasts.astype(np.int64) * PAIR_CODE + firsts
    stops = np.isin(lasts, _STOP_CODES)
    both = (_han_codes(lasts) | stops) & _han_codes(firsts)
    evidence: np.ndarray = np.where(both, break_ratios(np.where(both, codes, -1)), 0.0)
    return np.where(stops, np.minimum(evidence, 0.0), evidence)


_STOP_CODES = np.array([ord(stop) for stop in BREAK_STOPS])


def _han_codes(codes: np.ndarray) -> np.ndarray:
    """Per code point, whether it is a Han character (HAN_RANGES), as is_han asks of a string."""
    han = np.zeros(len(codes), dtype=bool)
    for low, high in HAN_RANGES:
        han |= (codes >= low) & (codes <= high)
    return han


WORD_BREAK = 3.0  # nats of break evidence that put a line break inside a word (a chance pair: about -2)


def breaks_inside_word(left: str, right: str) -> bool:
    """True when the corpus reads the break between `left`'s last character and `right`'s
    first as a column breaking the text (WORD_BREAK), far likelier than two lines meeting:
    two title lines so broken are one title, whatever the body quotes of either.

    >>> breaks_inside_word("【我们的2024】中华", "文化绽放时代光彩"), breaks_inside_word("国内联播快讯", "习近平会见")
    (True, False)
    """
    return breaks_inside_words([left], [right])[0]


def breaks_inside_words(lefts: list[str], rights: list[str]) -> list[bool]:
    """`breaks_inside_word` of each (left, right) pair, read in one pass over the break table
    (a table lookup a pair costs as much as the whole list's).

    >>> breaks_inside_words(["七届南博会首批展品今天入", "", "推进会议在京开幕"], ["境，展品", "境", "新华社北京电"])
    [True, False, False]
    """
    lasts = [left.rstrip()[-1:] for left in lefts]
    firsts = [right.lstrip()[:1] for right in rights]
    evidence = break_evidence(np.array([ord(last) if last else 0 for last in lasts]),
                              np.array([ord(first) if first else 0 for first in firsts]))
    return [bool(last and first and value >= WORD_BREAK)
            for last, first, value in zip(lasts, firsts, evidence.tolist(), strict=True)]


def joins_word(left: str, right: str) -> bool:
    """True when the last character of `left` and the first of `right` make a word.

    A column that breaks mid-word is one whose next line continues it.
    """
    if not left or not right:
        return False
    return known_pair(left[-1], right[0])


def join_words(lefts: np.ndarray, rights: np.ndarray) -> np.ndarray:
    """`joins_word` for many pairs of characters at once, given as their code points:
    a binary search in the sorted codes of the word pairs, not a string made per pair.

    >>> join_words(np.array([ord("电"), ord("图")]), np.array([ord("商"), ord("确")])).tolist()
    [True, False]
    """
    return known_pairs(lefts.astype(np.int64) * PAIR_CODE + rights)


def unhyphenated(text: str) -> str:
    """`text` as it is: CJK lines break between characters, with no hyphen to drop.

    >>> unhyphenated("电商节激活重庆消费")
    '电商节激活重庆消费'
    """
    return text
