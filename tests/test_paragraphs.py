"""Paragraph ends: where split_paragraphs breaks a story's runs of lines."""

from __future__ import annotations

from dataclasses import replace

from broadsheet.fragments import run_measure
from broadsheet.page import Line
from broadsheet.paragraphs import Marking, split_paragraphs

LEFT = ("The committee heard the harbour board on Monday,\n"
        "and agreed that the new berths on the east quays\n"
        "should be built before the winter, though a few\n"
        "members were not aware of\n")
RIGHT = ("any plan to pay for them out of the rates, so the\n"
         "chairman promised a full account of their costs\n"
         "at the next meeting of the council in the spring.\n")


def _run(text: str, first: int) -> list[Line]:
    return [Line(first + n, 0, line, 0, len(line), 0, 0, first + n) for n, line in enumerate(text.splitlines())]


def _paragraphs(left: str, right: str, *, blocks: bool = False, script: str = "latin",
                blank_breaks: bool = False, engine: bool = False) -> list[str]:
    """The two runs of lines (two fragments of one story, in reading order) as paragraphs;
    with `blocks`, `blank_breaks` or `engine`, a blank line stands between them, and blank
    lines mark paragraphs (`blocks`), add breaks to the line shapes' (`blank_breaks`) or
    part an OCR engine's blocks (`engine`)."""
    runs = [_run(left, 0), _run(right, 10)]
    if blocks or blank_breaks or engine:
        runs[1][0] = replace(runs[1][0], gap=1)
    marking = (Marking.ENGINE_BLOCKS if engine else Marking.BLOCKS if blocks
               else Marking.BOXES if blank_breaks else Marking.LINES)
    pieces = split_paragraphs(runs, [run_measure(run) for run in runs], script, marking)
    return [" ".join(line.text for line in piece) for piece in pieces]


def test_a_latin_line_far_short_of_its_measure_ends_its_paragraph_without_a_full_stop() -> None:
    # OCR drops and garbles stops; a justified column only leaves a line short at a paragraph's end
    paragraphs = _paragraphs(LEFT, RIGHT)
    assert len(paragraphs) == 2
    assert paragraphs[0].endswith("not aware of")
    assert paragraphs[1].startswith("any plan")


def test_a_full_latin_line_without_a_full_stop_runs_on() -> None:
    full = LEFT.replace("members were not aware of", "members of the board were not yet aware of")
    assert len(_paragraphs(full, RIGHT)) == 1


def test_a_short_latin_line_whose_next_word_could_not_fit_runs_on() -> None:
    # narrow German columns: a long word goes down whole and leaves the line above short
    left = "Die Kommission des Rates\nberiet am Montag darüber\nund beantragte sogleich,\ndie\n"
    right = "Unterstützungspflicht der\nHeimatgemeinden zu erhöhen.\n"
    assert len(_paragraphs(left, right)) == 1


def test_a_latin_ocr_block_ends_its_paragraph_without_a_full_stop() -> None:
    # an OCR export's blank line is the engine's block break; OCR loses the stop before it
    assert len(_paragraphs(LEFT, RIGHT.capitalize(), blocks=True)) == 2
    assert len(_paragraphs(LEFT, RIGHT.capitalize(), blocks=False)) == 2  # the short-line rule agrees here
    full = LEFT.replace("members were not aware of", "members of the board were not yet aware of")
    assert len(_paragraphs(full, RIGHT.capitalize(), blocks=True)) == 2
    assert len(_paragraphs(full, RIGHT.capitalize(), blocks=False)) == 1


def test_latin_text_running_on_across_a_block_break_stays_one_paragraph() -> None:
    full = LEFT.replace("members were not aware of", "members of the board were not yet aware of")
    assert len(_paragraphs(full, RIGHT, blocks=True)) == 1  # "any plan": lower case runs on
    assert len(_paragraphs(full.replace("aware of", "aware of the ex-"), "Pense of it all.\n", blocks=True)) == 1


def test_an_ocr_engines_block_is_a_paragraph_even_where_its_text_runs_on() -> None:
    # METS/ALTO keeps a TextBlock whole: the block cut at a column's foot ends there too
    full = LEFT.replace("members were not aware of", "members of the board were not yet aware of the ex-")
    assert len(_paragraphs(full, "pense of it all.\n", engine=True)) == 2
    assert len(_paragraphs(full, "pense of it all.\n", blocks=True)) == 1
    runs = [_run(LEFT, 0), _run(RIGHT, 10)]  # no blank line between: one block, whatever its lines' shapes
    assert len(split_paragraphs(runs, [run_measure(run) for run in runs], "latin", Marking.ENGINE_BLOCKS)) == 1
    assert len(_paragraphs(LEFT, RIGHT)) == 2  # read by its lines' shapes, the short line ends one


def test_which_pages_are_an_ocr_engines_blocks() -> None:
    from broadsheet.articles import engine_blocks  # noqa: PLC0415
    from broadsheet.params import Params  # noqa: PLC0415
    from broadsheet.read import read_dump  # noqa: PLC0415

    story = LEFT + RIGHT
    assert engine_blocks(read_dump("\n".join([story] * 6), Params()))  # blocks of seven lines
    spaced = "".join(line + "\n" + ("\n" if n % 2 else "") for n, line in enumerate(story.splitlines() * 6))
    assert not engine_blocks(read_dump(spaced, Params()))  # a blank line every two lines: a scan's wandering baselines
    cjk = "为重庆稳步推进国际消费\n中心城市建设带来新动能。\n" * 4
    assert not engine_blocks(read_dump("\n".join([cjk] * 6), Params()))  # CJK asks for a sentence end


def test_a_cjk_block_break_ends_a_paragraph_only_after_a_sentence_end() -> None:
    assert len(_paragraphs("为重庆稳步推进国际消费\n中心城市建设带来新动能。\n", "6月中旬，家住江北区\n南桥寺的市民\n",
                           blocks=True, script="cjk")) == 2
    assert len(_paragraphs("为重庆稳步推进国际消费\n中心城市建设带来新\n", "动能。6月中旬，家住江北区\n南桥寺的市民\n",
                           blocks=True, script="cjk")) == 1


def test_a_cjk_sentence_ending_at_a_full_lines_end_ends_its_paragraph_where_the_words_say_so() -> None:
    # every line but the last full: only the words either side of 。 tell a paragraph break
    first = ("全国政协副主席梁振英\n等出席会议并讲话。会\n后代表们出席了会议。\n"
             "李强主持会议并讲话，\n要求各地都抓好落实。\n")
    second = "其中，三项议程已完成\n两项是新的。\n"
    assert [len(line) for line in (first + second).splitlines()[:-1]] == [10] * 6
    paragraphs = _paragraphs(first, second, script="cjk")
    assert len(paragraphs) == 2  # 会议。/ 李强 breaks; 落实。/ 其中 runs on
    assert paragraphs[1].startswith("李强")
    # a paragraph a block: the blank line tells, the words inside a block do not
    assert "李强" in _paragraphs(first, second, blocks=True, script="cjk")[0]


def test_on_a_page_printed_a_box_a_paragraph_a_blank_line_breaks_where_the_line_is_full() -> None:
    full = LEFT.replace("members were not aware of", "members of the board had not been told of them.")
    assert len(_paragraphs(full, RIGHT.capitalize())) == 1  # a full last line hides the end
    assert len(_paragraphs(full, RIGHT.capitalize(), blank_breaks=True)) == 2
    assert len(_paragraphs(full, RIGHT, blank_breaks=True)) == 1  # lower case runs on across the box's end


def test_on_a_page_printed_in_boxes_a_short_line_before_a_small_letter_runs_on() -> None:
    # pdfminer parts a column into boxes at any line: "not aware of" ends a box, not a paragraph
    assert len(_paragraphs(LEFT, RIGHT, blank_breaks=True)) == 1
    right = RIGHT.replace("any plan", "Any plan")
    assert len(_paragraphs(LEFT, right, blank_breaks=True)) == 2  # a capital may open one
    assert len(_paragraphs(LEFT, RIGHT)) == 2  # a typeset short line is the setter's break


def test_on_a_page_printed_in_boxes_a_lone_line_ending_a_sentence_runs_on() -> None:
    # pdfminer cuts a stretched line into pieces: a piece's width tells nothing
    lone = "to buy him a coach and horses; in short, his fortune.\n"
    assert len(_paragraphs(lone, RIGHT.capitalize())) == 2
    runs = [_run(lone, 0), _run(RIGHT.capitalize(), 10)]
    pieces = split_paragraphs(runs, [run_measure(run) for run in runs], "latin", Marking.BOXES)
    assert len(pieces) == 1


def test_a_lone_line_ending_on_a_name_title_runs_on() -> None:
    # pdftotext prints a stretched line's pieces apart: "Mr." / "F. LEWIS said …"
    right = "F. LEWIS said that he would not detain the house long\nwith the matter before it.\n"
    assert len(_paragraphs("Mr.\n", right)) == 1
    assert len(_paragraphs("The house rose.\n", right)) == 2
    assert len(_paragraphs("The house rose.\n", right.replace("F. LEWIS", "and LEWIS"))) == 1  # a piece again


def test_which_pages_print_a_box_a_paragraph() -> None:
    from broadsheet.articles import blank_lines_follow_paragraph_ends  # noqa: PLC0415
    from broadsheet.params import Params  # noqa: PLC0415
    from broadsheet.read import read_dump  # noqa: PLC0415

    story = LEFT + RIGHT + "Nothing more was said.\n"  # a paragraph end seen: a short line ends a sentence
    boxed = "\n".join([story] * 10)  # a blank line after every paragraph's short last line
    run_on = "".join([story] * 10)
    assert blank_lines_follow_paragraph_ends(read_dump(boxed, Params()))
    assert not blank_lines_follow_paragraph_ends(read_dump(run_on, Params()))
    assert not blank_lines_follow_paragraph_ends(read_dump("\n".join([story] * 3), Params()))  # too few ends to say


def test_a_cjk_first_line_whose_indent_was_stripped_opens_a_paragraph_inside_a_run() -> None:
    # a sentence ends at the very end of a full line; the next paragraph's first line, its
    # two-character indent stripped by the extractor, stands short between full lines
    def lines(*texts: str) -> list[Line]:
        return [Line(n, 0, text, 0, 2 * len(text), 0, 0, n) for n, text in enumerate(texts)]

    full = ("中美两条道路不同但都是人民的选", "择，都应该得到尊重和发展进步。")
    rest = ("则更是中美两个大国必须守住的底", "线。")
    for marking in (Marking.LINES, Marking.BOXES):
        run = lines(*full, "其中，和平共处是国际关系", *rest)  # 12 characters of 15
        pieces = split_paragraphs([run], [30.0], "cjk", marking)
        assert [len(piece) for piece in pieces] == [2, 3]
        run = lines(*full, "其中，和平共处是国际关系基本", *rest)  # one character short: squeezed, no indent
        assert len(split_paragraphs([run], [30.0], "cjk", marking)) == 1
    # where each line is a fragment of its own (pdfminer's boxes), the line shapes still tell
    runs = [[line] for line in lines(*full, "其中，和平共处是国际关系", *rest)]
    pieces = split_paragraphs(runs, [30.0] * len(runs), "cjk", Marking.BOXES)
    assert [len(piece) for piece in pieces] == [2, 3]
    # proportional Latin type shows no stripped indent in a line's length
    latin_run = _run("the council agreed that the new berths\nshould be built before the winter.\n"
                     "The chairman promised\nan account of their costs at the meeting\n", 0)
    assert len(split_paragraphs([latin_run], [38.0], "latin", Marking.LINES)) == 1


def test_a_first_line_standing_right_of_the_lines_around_it_opens_a_paragraph_inside_a_run() -> None:
    # a -layout page keeps a paragraph's indent: under a sentence end, a line two columns or
    # more right of the lines above and below it in its column stream opens a paragraph
    def lines(*rows: tuple[int, str], column: int = 1) -> list[Line]:
        return [Line(n, 0, text, x, len(text), 0, column, n) for n, (x, text) in enumerate(rows)]

    rows = ((40, "rather more discipline than"), (40, "there was in the navy."), (42, "He was anxious to know"),
            (40, "how much of the proposed"), (40, "vote was to be spent."))
    run = lines(*rows)
    assert [len(piece) for piece in split_paragraphs([run], [run_measure(run)], "latin")] == [2, 3]
    flush = lines(*((40, text) for _, text in rows))  # no indent: a paragraph ending at the line's end shows nothing
    assert len(split_paragraphs([flush], [run_measure(flush)], "latin")) == 1
    unended = lines(*rows[:1], (40, "there was in the navy, and"), *rows[2:])  # no sentence ends above the indent
    assert len(split_paragraphs([unended], [run_measure(unended)], "latin")) == 1


def test_a_cjk_first_line_whose_sentence_ends_at_its_stripped_indent_runs_on_into_the_run_below() -> None:
    # a one-line run, two characters short of the full lines below it (its indent stripped),
    # ending a sentence: the paragraph's first line, not a paragraph of one line
    def wide(texts: list[str], first: int) -> list[Line]:
        return [Line(first + n, 0, text, 0, 2 * len(text), 0, 0, first + n) for n, text in enumerate(texts)]

    below = wide(["独立自主是我们共同坚守的原则。中方支持", "南非在国际和地区事务中发挥更大作用，愿"], 1)
    for marking in (Marking.LINES, Marking.BOXES):
        runs = [wide(["第四，中南要做维护正义的全球伙伴。"], 0), below]
        assert len(split_paragraphs(runs, [38.0, 38.0], "cjk", marking)) == 1
        # four characters short, it is a short paragraph of its own
        runs = [wide(["第四，中南要做维护正义的伙伴。"], 0), below]
        assert len(split_paragraphs(runs, [38.0, 38.0], "cjk", marking)) == 2
