"""Set pages drawn as PDFs and read back by pdftotext: the same sheet, every character there."""

from __future__ import annotations

import re
import shutil
from collections import Counter

import pytest

from broadsheet import reconstruct, synth, synth_pdf
from broadsheet.synth import ArticleTexts

pytest.importorskip("reportlab")
LANGS = ("zh", "en")


def sheet(seed: int, mode: str, lang: str) -> synth.Sheet:
    return synth.set_sheet(seed, synth_pdf.MODE_STYLES[mode], lang, ArticleTexts.builtin(lang))[1]


def letters(text: str) -> Counter[str]:
    """The characters a reading of the page must keep: no spaces, no hyphens, which
    pdftotext drops where it joins a word broken at a line end, and no middle dots, which
    STSong-Light's character map gives back as spaces (6·18 → 6 18)."""
    return Counter(re.sub(r"[\s\-·]", "", text))


@pytest.mark.parametrize("lang", LANGS)
def test_the_drawing_is_a_pdf_and_the_same_for_the_same_sheet(lang: str) -> None:
    page = sheet(4, "default", lang)
    first, second = synth_pdf.sheet_to_pdf(page), synth_pdf.sheet_to_pdf(page)
    assert first.startswith(b"%PDF")
    assert first == second
    assert synth_pdf.sheet_to_pdf(page, 1.4) != first  # the leading moves every line


def test_set_sheet_is_the_sheet_make_page_prints() -> None:
    printed = synth.make_page(5, style="pdftotext-raw", lang="en", texts=ArticleTexts.builtin("en"))
    set_lines = sheet(5, "raw", "en").lines
    assert letters("".join(line.text for line in set_lines)) == letters(printed.dump)


def test_an_unknown_mode_is_refused() -> None:
    with pytest.raises(ValueError, match="mode must be one of"):
        synth_pdf.pdftotext(b"%PDF", "columns")


needs_pdftotext = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="no pdftotext (poppler-utils)")


@needs_pdftotext
@pytest.mark.parametrize("mode", synth_pdf.EXTRACTOR_MODES)
@pytest.mark.parametrize("lang", LANGS)
def test_pdftotext_gives_back_every_character_set(mode: str, lang: str) -> None:
    page = sheet(7, mode, lang)
    dump = synth_pdf.pdftotext(synth_pdf.sheet_to_pdf(page), mode)
    assert letters(dump) == letters("".join(line.text for line in page.lines))


@needs_pdftotext
def test_an_extracted_page_is_read_whole_and_matches_its_truth() -> None:
    page = synth_pdf.extracted_page(8, "default", "zh", ArticleTexts.builtin("zh"))
    assert page.truth["page"] == "synth-zh-pdf-default-8"
    assert not page.lines
    assert page.truth == synth.make_page(8, "pdftotext", "zh", ArticleTexts.builtin("zh")).truth | {
        "page": page.truth["page"], "source": page.truth["source"]}
    result = reconstruct(page.dump)
    assert letters("".join(result.texts())) == letters(page.dump)
