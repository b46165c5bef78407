"""Draw a set page as a PDF and read it back with a real extractor.

    page = extracted_page(seed, mode="default", lang="zh")  # .dump as pdftotext prints it, .truth

In: a seed and a language, as `synth.make_page` takes them, and a pdftotext mode
(EXTRACTOR_MODES); out: a `SynthPage` whose dump is what poppler's pdftotext prints from
the page drawn as a PDF, its truth the same as the emulated page's. synth_styles imitates
what the bench's dumps show; here the extractor itself decides, so a benchmark
(benchmarks/extracted.py) can say how far the imitation is from it.

Geometry: a display column of the sheet is half an em of body type (a Han character is one
em) on CJK pages and Times' mean advance (0.45 em) on Latin ones, where the sheet counts a
column a character; a body row is 1.1 to 1.4 ems, drawn for each page (LEADINGS), the
one choice that most moves how pdftotext reads the columns. CJK text is set in
STSong-Light, a CID font every PDF reader maps without a font file, Latin text in
Times-Roman, one of the PDF base fonts. A justified line fills its cells, spreading what
is left between its words (CJK: its characters), as a typesetter does; a ragged line's
type is narrowed where it would run past them.

Optional: needs reportlab (pip install reportlab) and pdftotext (apt-get install
poppler-utils); `missing()` names what is absent. Same arguments, same bytes. Known
limits: one font a script, no rules or boxes drawn, so nothing but whitespace parts the
columns; pdfminer is not run; a middle dot in CJK text comes back a space (6·18 → 6 18: the
font's character map has no way back to it).
"""

from __future__ import annotations

import random
import shutil
import subprocess
import tempfile
from pathlib import Path

from broadsheet.synth import ArticleTexts, SynthPage, set_sheet, truth_of
from broadsheet.synth_lines import Sheet, cells

EXTRACTOR_MODES = ("default", "raw", "layout")  # pdftotext's reading orders: no flag, -raw, -layout
MODE_STYLES = {"default": "pdftotext", "raw": "pdftotext-raw", "layout": "pdftotext-layout"}  # the emulations
BODY_SIZE = 9.0  # points
# a body row, in ems of body type, drawn for each page: at 1.15 pdftotext reads the columns of
# the synthetic pages whole, at 1.4 it prints them a line or two at a time (the bench's
# Chinese pdftotext pages stand between: 47% of their continuations are not the next block)
LEADINGS = (1.1, 1.4)
MARGIN = 36.0  # points around the type area
CJK_FONT = "STSong-Light"
LATIN_FONT = "Times-Roman"
LATIN_ADVANCE = 0.45  # Times' mean advance in running text, in ems
ASCENT = 0.88  # a line's baseline under its top, in ems of its own size
TIMEOUT = 60  # seconds pdftotext may take on one page


def missing() -> str:
    """What this module lacks to run here, or "" when reportlab and pdftotext are both there."""
    try:
        import reportlab  # noqa: F401, PLC0415  # optional: only drawing needs it
    except ImportError:
        return "reportlab (pip install reportlab)"
    return "" if shutil.which("pdftotext") else "pdftotext (apt-get install poppler-utils)"


def sheet_to_pdf(sheet: Sheet, leading: float = 1.25) -> bytes:
    """The set page drawn as a one-page PDF, every line at its place and size, body rows
    `leading` ems of body type apart."""
    from reportlab.pdfbase import pdfmetrics  # noqa: PLC0415  # optional dependency
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont  # noqa: PLC0415
    from reportlab.pdfgen import canvas  # noqa: PLC0415

    cjk = sheet.grid.cjk
    font = CJK_FONT if cjk else LATIN_FONT
    if cjk and font not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(font))
    column = BODY_SIZE * (0.5 if cjk else LATIN_ADVANCE)  # points a display column spans
    row = BODY_SIZE * leading
    width = max(line.right for line in sheet.lines) * column + 2 * MARGIN
    height = max(line.y + line.size for line in sheet.lines) * row + 2 * MARGIN
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "page.pdf"
        drawing = canvas.Canvas(str(path), pagesize=(width, height), invariant=True)  # no date: same bytes
        for line in sheet.lines:
            size = BODY_SIZE * line.size
            text = line.text + ("-" if line.hyphen else "")
            type_ = drawing.beginText(MARGIN + line.x * column, height - MARGIN - line.y * row - ASCENT * size)
            type_.setFont(font, size)
            natural = pdfmetrics.stringWidth(text, font, size)
            cells_wide = (cells(text) * line.size + line.slack) * column  # what the sheet gives the line
            gaps = text.count(" ") if not cjk else len(text) - 1
            spread = (cells_wide - natural) / gaps if line.slack and gaps else 0.0
            # a justified line fills its cells, spreading the rest over its word spaces (CJK:
            # between its characters); a ragged one never runs past them: its type is narrowed
            scale = min(1.0, cells_wide / natural) if natural and not spread else 1.0
            # each set on every line: a PDF's text state outlives the text object that set it
            type_.setHorizScale(100 * scale)
            type_.setWordSpace(spread if not cjk else 0.0)
            type_.setCharSpace(spread if cjk else 0.0)
            type_.textLine(text)
            drawing.drawText(type_)
        drawing.showPage()
        drawing.save()
        return path.read_bytes()


def _checked(mode: str) -> str:
    if mode not in EXTRACTOR_MODES:
        raise ValueError(f"mode must be one of {', '.join(EXTRACTOR_MODES)}, not {mode!r}")
    return mode


def pdftotext(pdf: bytes, mode: str = "default") -> str:
    """What pdftotext prints from the PDF in `mode`, its closing form feed dropped."""
    flags = [] if _checked(mode) == "default" else [f"-{mode}"]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "page.pdf"
        path.write_bytes(pdf)
        done = subprocess.run(["pdftotext", "-enc", "UTF-8", *flags, str(path), "-"], capture_output=True,
                              check=True, timeout=TIMEOUT)
    return done.stdout.decode("utf-8").rstrip("\f")


def extracted_page(seed: int, mode: str = "default", lang: str = "zh", texts: ArticleTexts | None = None
                   ) -> SynthPage:
    """The page `make_page(seed, MODE_STYLES[mode], lang)` sets, read back by pdftotext in
    `mode` from its PDF: the same sheet and truth, the real extractor's dump. No printed
    lines: the extractor does not say which of its lines is which."""
    texts = texts or ArticleTexts.default(lang)
    _, sheet, copies = set_sheet(seed, MODE_STYLES[_checked(mode)], lang, texts)
    leading = random.Random(seed).uniform(*LEADINGS)
    dump = pdftotext(sheet_to_pdf(sheet, leading), mode)
    source = (f"broadsheet synth, seed {seed}, template {sheet.template}, {sheet.grid.columns}-column grid, "
              f"drawn as a PDF ({leading:.2f} ems a row) and read by pdftotext ({mode}); article texts: {texts.origin}")
    truth = truth_of(sheet, copies, {"page": f"synth-{lang}-pdf-{mode}-{seed}", "lang": lang, "source": source})
    return SynthPage(dump, truth, ())

