"""PDFs print names in Latin Extended and Arabic script as written, never as "?"."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from io import BytesIO
from typing import Any

from pypdf import PdfReader

from samen.core.pdf import document

NAMES = ["Şahin Öztürk", "Łukasz Wąsowski", "Ðorđe Čolić", "محمد العلي"]


def test_names_in_latin_extended_and_arabic_script_survive_the_pdf() -> None:
    pdf = document("Test", "nl")
    pdf.add_page()
    for name in NAMES:
        pdf.multi_cell(0, 6, name, new_x="LMARGIN", new_y="NEXT")
    data = bytes(pdf.output())
    reader = PdfReader(BytesIO(data))
    text = reader.pages[0].extract_text()
    assert "?" not in text
    for name in NAMES[:3]:
        assert name in text
    # Arabic is shaped (joined letters, right to left): its glyphs come from the Arabic font.
    fonts = {str(font) for font in _fonts(reader)}
    assert any("NotoSansArabic" in font for font in fonts), fonts
    assert reader.metadata is not None and reader.metadata.title == "Test"


def _fonts(reader: PdfReader) -> list[object]:
    resources = reader.pages[0]["/Resources"]["/Font"]
    return [resources[key].get_object()["/BaseFont"] for key in resources]


def test_text_is_shaped_only_where_a_script_needs_it() -> None:
    from samen.core.pdf import needs_shaping

    assert not needs_shaping("Şahin Öztürk \u2013 12 € \u201cquoted\u201d … Ðorđe Čolić, Москва")
    assert needs_shaping("محمد العلي")
    assert needs_shaping("שלום")
    assert needs_shaping("e\u0301")  # a combining accent
    pdf = document("Test", "nl")
    pdf.add_page()
    pdf.multi_cell(0, 6, "Łukasz Wąsowski", new_x="LMARGIN", new_y="NEXT")
    assert not pdf.text_shaping
    pdf.cell(0, 6, text="محمد العلي")
    assert pdf.text_shaping  # HarfBuzz joins the Arabic letters
    shaped: list[bool] = []
    measure = pdf.multi_cell

    def spy(*args: object, **kwargs: object) -> object:
        result = measure(*args, **kwargs)  # type: ignore[arg-type]
        shaped.append(bool(pdf.text_shaping))
        return result

    pdf.multi_cell = spy  # type: ignore[method-assign]
    with pdf.table() as table:
        table.row().cell("Łukasz")
        table.row().cell("محمد")
    assert shaped == [False, True, False, True]  # every cell measured, then drawn


def test_a_long_paragraph_is_broken_into_lines_that_fit_and_keep_every_word() -> None:
    pdf = document("Test", "nl")
    pdf.add_page()
    pdf.set_font("NotoSans", size=9)
    text = " ".join(f"woord{n}" for n in range(120))
    lines = pdf._lines(text)
    assert lines is not None and len(lines) > 3
    room = pdf.w - pdf.r_margin - pdf.l_margin - 2 * pdf.c_margin
    assert all(pdf.get_string_width(line) <= room for line in lines)
    assert " ".join(lines) == text
    # fpdf2 lays out what it must: a word longer than a line, line breaks, Arabic.
    assert pdf._lines("x" * 400) is None
    assert pdf._lines("een\ntwee") is None
    assert pdf._lines("محمد العلي") is None
    pdf.paragraph(text, size=9)
    extracted = PdfReader(BytesIO(bytes(pdf.output()))).pages[0].extract_text()
    assert all(f"woord{n}" in extracted for n in range(120))


def _comparable() -> Any:
    """A document with a first page whose bytes depend only on what is drawn: a fixed
    creation date, streams left uncompressed (a difference can be read)."""
    pdf = document("Test", "nl")
    pdf.set_compression(False)
    pdf.set_creation_date(datetime(2026, 1, 1, tzinfo=UTC))
    pdf.add_page()
    return pdf


def test_fitted_lines_land_where_fpdf2s_cells_put_them_across_page_breaks(
    monkeypatch: Any,
) -> None:
    """``paragraph`` draws the lines ``_lines`` fitted with fpdf2's plain ``text`` (issue 16):
    the document is the same, byte for byte, as the one fpdf2's cells draw, page breaks,
    empty last lines and marked content included."""
    from samen.core.pdf import TaggedPDF

    def draw() -> bytes:
        pdf = _comparable()
        for n in range(160):  # several pages
            pdf.paragraph(f"regel {n} " + "woord " * (n % 30), height=5, size=9)
        return bytes(pdf.output())

    drawn = draw()
    with monkeypatch.context() as patched:
        patched.setattr(
            TaggedPDF,
            "_line",
            lambda self, text, height: self.cell(0, height, text, new_x="LMARGIN", new_y="NEXT"),
        )
        by_cells = draw()
    assert len(PdfReader(BytesIO(drawn)).pages) > 2
    assert drawn == by_cells


def _mixed() -> bytes:
    """A document with Latin, bold, Arabic and a character that no font has (fpdf2 records it
    as missing and measures it with the default width)."""
    pdf = _comparable()
    pdf.heading("Overzicht", 1, 14)
    pdf.paragraph("Şahin Öztürk, Łukasz Wąsowski " * 5)
    pdf.multi_cell(0, 6, "محمد العلي \u0531 Ðorđe", new_x="LMARGIN", new_y="NEXT")
    pdf.paragraph("Daarna weer \u0531 Latijn")
    return bytes(pdf.output())


def test_fonts_measured_once_per_process_print_as_fpdf2s_own_add_font(monkeypatch: Any) -> None:
    """Each document copies what it changes of the fonts read once per process (issue 16):
    the document is the same, byte for byte, as with fpdf2's ``add_font`` reading the files
    for every document, and one document leaves nothing behind for the next."""
    from samen.core import pdf as module

    # Measuring a character that no font has (Armenian) makes fpdf2 add it to the widths.
    assert document("Test", "nl").get_string_width("\u0531") > 0
    assert 0x0531 not in document("Test", "nl").fonts["notosans"].cw  # type: ignore[union-attr]
    first, second = _mixed(), _mixed()
    assert first == second
    with monkeypatch.context() as patched:
        patched.setattr(
            module,
            "_add_font",
            lambda pdf, family, style: pdf.add_font(
                family, style, module.FONTS / module.FONT_FILES[family, style]
            ),
        )
        by_fpdf2 = _mixed()
    assert first == by_fpdf2
    text = PdfReader(BytesIO(first)).pages[0].extract_text()
    assert "Şahin Öztürk" in text and "Ðorđe" in text


def test_the_arabic_fallback_fonts_are_embedded_only_when_a_text_needs_them() -> None:
    pdf = document("Test", "nl")
    pdf.add_page()
    pdf.heading("Şahin Öztürk", 1, 14)
    pdf.multi_cell(0, 6, "Ðorđe Čolić \u0531", new_x="LMARGIN", new_y="NEXT")
    assert _embedded(bytes(pdf.output())) == {"NotoSans", "NotoSansBold"}
    pdf = document("Test", "nl")
    pdf.add_page()
    pdf.multi_cell(0, 6, "محمد", new_x="LMARGIN", new_y="NEXT")
    assert _embedded(bytes(pdf.output())) == {
        "NotoSans",
        "NotoSansBold",
        "NotoSansArabic",
        "NotoSansArabicBold",
    }


def _embedded(data: bytes) -> set[str]:
    return {name.decode() for name in re.findall(rb"/BaseFont /MPDFAA\+(\w+)", data)}


def test_a_pdf_leaves_no_trace_of_its_letters_in_the_logs(caplog: Any) -> None:
    """fontTools logs each font's subsetting at INFO, glyph names included: the letters a
    document holds (such as a person's name). samen's logging keeps it to warnings."""
    caplog.set_level("INFO")
    pdf = document("Test", "nl")
    pdf.add_page()
    pdf.paragraph("Şahin Öztürk")
    pdf.output()
    assert not [r for r in caplog.records if r.name.startswith("fontTools")]


def test_headings_take_the_fitted_lines_too(monkeypatch: Any) -> None:
    """A heading that fits on a line is drawn as fpdf2's multi-cell draws it, byte for byte;
    a longer one is broken into left-aligned lines (multi-cell would justify them) that keep
    every word (issue 16: a subject-access PDF has a heading per record)."""
    from samen.core.pdf import TaggedPDF

    def draw(words: int) -> bytes:
        pdf = _comparable()
        for n in range(60):  # over a page break
            pdf.heading(f"Zaak {n} " + "kopje " * (n % words), 2 + n % 3, 12)
            pdf.paragraph(f"regel {n}", height=5, size=9)
        return bytes(pdf.output())

    fitted = draw(4)
    with monkeypatch.context() as patched:
        patched.setattr(
            TaggedPDF,
            "_text",
            lambda self, text, height: self.multi_cell(
                0, height, text, new_x="LMARGIN", new_y="NEXT"
            ),
        )
        by_multi_cell = draw(4)
    assert fitted == by_multi_cell
    long = PdfReader(BytesIO(draw(40))).pages
    assert len(long) > 2
    text = " ".join(page.extract_text() for page in long)
    assert "Zaak 39 " + "kopje " * 38 + "kopje" in " ".join(text.split())
