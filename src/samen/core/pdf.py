"""PDF documents with the fonts samen ships: every name and script prints as written.

The subject-access export and the yearly account are built with ``document()``: a tagged
title and document language, an outline of the headings, Noto Sans for Latin (Extended),
Greek and Cyrillic with Noto Sans Arabic as fallback, and HarfBuzz text shaping so that
Arabic joins and runs right to left. Nothing falls back to a core font that would print "?".
"""

from __future__ import annotations

from pathlib import Path

from fpdf import FPDF

FONTS = Path(__file__).resolve().parent / "fonts"
FAMILY = "NotoSans"
FALLBACK = "NotoSansArabic"


def document(title: str, language: str) -> FPDF:
    """A new A4 document with samen's fonts, its title and language set."""
    pdf = FPDF(format="A4")
    pdf.set_title(title)
    pdf.set_lang(language)
    pdf.set_creator("samen")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_font(FAMILY, "", FONTS / "NotoSans-Regular.ttf")
    pdf.add_font(FAMILY, "B", FONTS / "NotoSans-Bold.ttf")
    pdf.add_font(FALLBACK, "", FONTS / "NotoSansArabic-Regular.ttf")
    pdf.add_font(FALLBACK, "B", FONTS / "NotoSansArabic-Bold.ttf")
    pdf.set_font(FAMILY, size=10)
    pdf.set_fallback_fonts([FALLBACK])
    pdf.set_text_shaping(use_shaping_engine=True)
    return pdf
