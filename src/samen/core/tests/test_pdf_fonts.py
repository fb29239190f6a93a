"""PDFs print names in Latin Extended and Arabic script as written, never as "?"."""

from __future__ import annotations

from io import BytesIO

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
