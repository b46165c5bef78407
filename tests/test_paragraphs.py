"""Paragraph ends: where split_paragraphs breaks a story's runs of lines."""

from __future__ import annotations

from broadsheet.fragments import run_measure
from broadsheet.page import Line
from broadsheet.paragraphs import split_paragraphs

LEFT = ("The committee heard the harbour board on Monday,\n"
        "and agreed that the new berths on the east quays\n"
        "should be built before the winter, though a few\n"
        "members were not aware of\n")
RIGHT = ("any plan to pay for them out of the rates, so the\n"
         "chairman promised a full account of their costs\n"
         "at the next meeting of the council in the spring.\n")


def _run(text: str, first: int) -> list[Line]:
    return [Line(first + n, 0, line, 0, len(line), 0, 0, first + n) for n, line in enumerate(text.splitlines())]


def _paragraphs(left: str, right: str) -> list[str]:
    """The two runs of lines (two fragments of one story, in reading order) as paragraphs."""
    runs = [_run(left, 0), _run(right, 10)]
    pieces = split_paragraphs(runs, [run_measure(run) for run in runs], "latin", blocks=False)
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
