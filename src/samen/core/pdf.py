"""PDF documents with the fonts samen ships, tagged so that assistive technology can read them.

The subject-access export and the yearly account are built with ``document()``: a title and
document language, an outline of the headings, Noto Sans for Latin (Extended), Greek and
Cyrillic with Noto Sans Arabic as fallback, and HarfBuzz text shaping so that Arabic joins and
runs right to left. Nothing falls back to a core font that would print "?". Shaping is
switched on only for a text that needs it (``needs_shaping``: combining marks, and scripts from
Hebrew on, such as Arabic): HarfBuzz measures every candidate line again while fpdf2 breaks a
text into lines, which made a subject-access PDF with a few thousand cells take 12 s; Latin,
Greek and Cyrillic print the same without it. The fonts are read once per process and each
document gets its own copy of what it changes; the Arabic fallback is added to a document only
when one of its characters needs it, so most documents neither read nor embed it (issue 16:
reading and subsetting four fonts was 60-70 % of a one-page document's time).

*Tagged PDF.* fpdf2 writes a structure tree only for images. ``TaggedPDF`` uses its machinery
(the structure tree builder, marked-content identifiers per page) for everything it writes:
headings (``/H1`` to ``/H6``), paragraphs (``/P``), tables (``/Table`` with ``/TR`` rows of
``/TH`` and ``/TD`` cells, nested structure elements) and figures (``/Figure`` with alternate
text), in reading order. Every text is drawn inside a marked-content sequence that belongs to
one structure element; a sequence that runs over a page break continues on the next page as a
marked-content reference of the same element. The page numbers and the headings a table
repeats on a new page are marked ``/Artifact``. The catalog then says ``/MarkInfo <</Marked
true>>`` and carries ``/Lang``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from copy import copy
from functools import cache
from io import BytesIO
from pathlib import Path
from typing import Any

from fontTools import ttLib
from fpdf import FPDF
from fpdf.fonts import SubsetMap, TTFFont
from fpdf.structure_tree import StructElem, StructureTreeBuilder
from fpdf.syntax import PDFObject
from fpdf.table import Table

FONTS = Path(__file__).resolve().parent / "fonts"
FAMILY = "NotoSans"
FALLBACK = "NotoSansArabic"
FONT_FILES = {
    (FAMILY, ""): "NotoSans-Regular.ttf",
    (FAMILY, "B"): "NotoSans-Bold.ttf",
    (FALLBACK, ""): "NotoSansArabic-Regular.ttf",
    (FALLBACK, "B"): "NotoSansArabic-Bold.ttf",
}
FALLBACK_KEYS = (FALLBACK.lower(), f"{FALLBACK.lower()}B")


@cache
def _measured(family: str, style: str) -> tuple[TTFFont, bytes]:
    """A font as fpdf2's ``add_font`` reads it (its widths, character map and glyph numbers,
    50-60 ms for the four), once per process, and its file's bytes: 7.8 MB of a worker's
    memory for the four, kept from its first PDF on."""
    path = FONTS / FONT_FILES[family, style]
    return TTFFont(FPDF(), path, f"{family.lower()}{style}", style), path.read_bytes()


def _add_font(pdf: FPDF, family: str, style: str) -> None:
    """``pdf.add_font`` for one of samen's fonts, from the font measured once per process: the
    document gets its own copy of what it changes (the widths fpdf2 fills in for a missing
    character, the glyphs it uses, the font file that output subsets in place)."""
    measured, data = _measured(family, style)
    font = copy(measured)
    font.i = len(pdf.fonts) + 1
    font.cw = copy(measured.cw)
    font.missing_glyphs = []
    font.biggest_size_pt = 0
    font.ttfont = ttLib.TTFont(BytesIO(data), recalcTimestamp=False, lazy=True)
    font.subset = SubsetMap(font)
    pdf.fonts[font.fontkey] = font


class MarkedContentReference:
    """A part of a structure element drawn on another page than the element's own (``/MCR``)."""

    def __init__(self, page: PDFObject, mcid: int) -> None:
        self.page = page
        self.mcid = mcid

    def serialize(self, _security_handler: Any = None, _obj_id: Any = None) -> str:
        return f"<</Type /MCR /Pg {self.page.ref} /MCID {self.mcid}>>"


class TaggedTree(StructureTreeBuilder):
    """fpdf2's structure tree builder, with nested elements (a table's rows and cells) and
    elements whose content runs over more than one page."""

    def __init__(self, pages: dict[int, Any]) -> None:
        super().__init__()
        self._pages = pages

    def _marked(self, page_number: int) -> tuple[int, list[Any]]:
        spid = self.spid_per_page_number.setdefault(page_number, len(self.spid_per_page_number))
        return spid, self.struct_tree_root.parent_tree.nums[spid]

    def next_mcid_for_page(self, page_number: int) -> int:
        # The parent tree lists a page's elements by marked-content id: the next id is its
        # length (fpdf2 itself counts only the document's direct children).
        return len(self._marked(page_number)[1])

    def element(
        self,
        struct_type: str,
        page_number: int,
        parent: StructElem | None = None,
        alt: str | None = None,
    ) -> StructElem:
        """A new structure element begun on a page, the last child of ``parent`` (the document
        by default)."""
        parent = parent if parent is not None else self.doc_struct_elem
        elem = StructElem(
            struct_type=struct_type, parent=parent, kids=[], page_number=page_number, alt=alt
        )
        parent.k.append(elem)
        return elem

    def mark(self, elem: StructElem, page_number: int) -> tuple[int, int]:
        """A new marked-content id on the page, belonging to ``elem``: (struct parents, id)."""
        spid, owners = self._marked(page_number)
        mcid = len(owners)
        owners.append(elem)
        if elem.page_number() == page_number:
            elem.k.append(mcid)
        else:
            elem.k.append(MarkedContentReference(self._pages[page_number], mcid))
        return spid, mcid

    def __iter__(self) -> Iterator[PDFObject]:
        yield self.struct_tree_root
        yield self.doc_struct_elem
        yield self.struct_tree_root.parent_tree
        yield from self._descendants(self.doc_struct_elem)

    def _descendants(self, elem: StructElem) -> Iterator[PDFObject]:
        for kid in elem.k:
            if isinstance(kid, StructElem):
                number = kid.page_number()
                if number is not None:
                    kid.pg = self._pages[number]
                yield kid
                yield from self._descendants(kid)


class TaggedTable(Table):
    """fpdf2's table, tagged: a ``/Table`` of ``/TR`` rows, heading cells ``/TH``, the others
    ``/TD``; heading rows repeated on a following page are artifacts."""

    def render(self) -> None:
        pdf = self._fpdf
        assert isinstance(pdf, TaggedPDF)
        self._elem = pdf.struct_builder.element("/Table", pdf.page)
        self._row: StructElem | None = None
        self._cell_type = "/TD"
        self._headings_done: set[int] = set()
        super().render()

    def _render_table_row(self, i: int, row_layout_info: Any, *args: Any, **kwargs: Any) -> None:
        pdf = self._fpdf
        assert isinstance(pdf, TaggedPDF)
        heading = i < self._num_heading_rows
        if heading and i in self._headings_done:
            self._row = None
            with pdf.artifact():
                super()._render_table_row(i, row_layout_info, *args, **kwargs)
            return
        if heading:
            self._headings_done.add(i)
        self._row = pdf.struct_builder.element("/TR", pdf.page, self._elem)
        self._cell_type = "/TH" if heading else "/TD"
        super()._render_table_row(i, row_layout_info, *args, **kwargs)
        self._row = None

    def _render_table_cell(self, *args: Any, **kwargs: Any) -> Any:
        # fpdf2 first measures every cell (no ``cell_height_info``), then draws it.
        if kwargs.get("cell_height_info") is None or self._row is None:
            return super()._render_table_cell(*args, **kwargs)
        pdf = self._fpdf
        assert isinstance(pdf, TaggedPDF)
        with pdf.tagged(self._cell_type, parent=self._row):
            return super()._render_table_cell(*args, **kwargs)


# A combining mark, or a character from Hebrew (U+0590) on, apart from general punctuation and
# currency signs (U+2000 to U+20CF).
_SHAPED = re.compile("[\u0300-\u036f\u0590-\u1fff\u20d0-\U0010ffff]")


def needs_shaping(text: str) -> bool:
    """Whether a text holds a character that only prints right when shaped: a combining mark,
    or a letter of a script from Hebrew (U+0590) on (Arabic joins, runs right to left), apart
    from general punctuation and currency signs (dashes, quotes, the euro). One regular
    expression, not a test per character in Python: every line of a PDF is asked."""
    return _SHAPED.search(text) is not None


class TaggedPDF(FPDF):
    """An FPDF whose text is all tagged (see the module's docstring): write through
    ``heading``, ``paragraph``, ``table`` and ``figure``, or inside ``tagged``."""

    struct_builder: TaggedTree

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.struct_builder = TaggedTree(self.pages)
        self._open: StructElem | None = None
        self._tag = ""
        # The Arabic fallback fonts are added when a character first needs them
        # (``get_fallback_font``): a document without one neither reads nor embeds them.
        self._fallback_font_ids = list(FALLBACK_KEYS)
        self._fallback_font_exact_match = True

    def get_fallback_font(self, char: str, style: str = "") -> str | None:
        if FALLBACK_KEYS[0] not in self.fonts:
            if ord(char) not in _measured(FALLBACK, "")[0].cmap:
                return None
            for fallback_style in ("", "B"):
                _add_font(self, FALLBACK, fallback_style)
        return super().get_fallback_font(char, style)

    # --- text shaping where a text needs it ---

    def _shape_for(self, text: Any) -> None:
        # fpdf2 keeps the setting in its graphics state (a table's cells restore it), so the
        # state itself is compared, not a copy of it.
        wanted = needs_shaping(str(text or ""))
        if wanted != bool(self.text_shaping):
            self.set_text_shaping(use_shaping_engine=wanted)

    def cell(self, *args: Any, **kwargs: Any) -> Any:  # type: ignore[override]
        self._shape_for(kwargs.get("text", args[2] if len(args) > 2 else ""))
        return super().cell(*args, **kwargs)

    def multi_cell(self, *args: Any, **kwargs: Any) -> Any:  # type: ignore[override]
        self._shape_for(kwargs.get("text", args[2] if len(args) > 2 else ""))
        return super().multi_cell(*args, **kwargs)

    # --- marked content ---

    def _begin(self, elem: StructElem, tag: str) -> None:
        spid, mcid = self.struct_builder.mark(elem, self.page)
        self.pages[self.page].struct_parents = spid
        self._set_min_pdf_version("1.4")
        self._out(f"/{tag} <</MCID {mcid}>> BDC")
        self._open, self._tag = elem, tag

    def _end(self) -> None:
        self._out("EMC")
        self._open = None

    @contextmanager
    def tagged(
        self, struct_type: str, parent: StructElem | None = None, alt: str | None = None
    ) -> Iterator[StructElem]:
        """Draw the content of a new structure element (``/P``, ``/H1``, ``/TD``, ...)."""
        if self._open is not None:
            raise RuntimeError("marked-content sequences are not nested")
        elem = self.struct_builder.element(struct_type, self.page, parent, alt)
        self._begin(elem, struct_type.lstrip("/"))
        try:
            yield elem
        finally:
            if self._open is not None:
                self._end()

    @contextmanager
    def artifact(self) -> Iterator[None]:
        """Draw what is not part of the content (page numbers, repeated table headings)."""
        outer = self._open
        if outer is not None:
            self._end()
        self._out("/Artifact BMC")
        try:
            yield
        finally:
            self._out("EMC")
            if outer is not None:
                self._begin(outer, self._tag)

    def add_page(self, *args: Any, **kwargs: Any) -> None:
        # A sequence open at a page break ends on this page and continues on the next one.
        open_elem, tag = self._open, self._tag
        if open_elem is not None:
            self._end()
        super().add_page(*args, **kwargs)
        if open_elem is not None:
            self._begin(open_elem, tag)

    def footer(self) -> None:
        with self.artifact():
            self.set_y(-12)
            self.set_font(FAMILY, "", 8)
            self.cell(0, 6, str(self.page_no()), align="C")

    # --- content ---

    def heading(self, text: str, level: int, size: float, height: float = 7) -> None:
        """A heading of ``level`` (1 is the document's title) with an entry in the outline."""
        self.start_section(text, level=level - 1)
        self.set_font(FAMILY, "B", size)
        with self.tagged(f"/H{min(level, 6)}"):
            self._text(text, height)

    def paragraph(self, text: str, height: float = 6, size: float = 10, bold: bool = False) -> None:
        self.set_font(FAMILY, "B" if bold else "", size)
        with self.tagged("/P"):
            self._text(text, height)

    def _text(self, text: str, height: float) -> None:
        """``multi_cell(0, height, text, new_x="LMARGIN", new_y="NEXT")``, through the lines
        ``_lines`` fits where it can: the same for a text of one line; a longer one left-aligned
        where multi-cell justifies it."""
        lines = self._lines(text)
        if lines is None:
            self.multi_cell(0, height, text, new_x="LMARGIN", new_y="NEXT")
            return
        with self._main_font_only():
            for line in lines:
                self._line(line, height)

    def _line(self, text: str, height: float) -> None:
        """A line that ``_lines`` fitted, drawn where ``cell(0, height, text, new_x="LMARGIN",
        new_y="NEXT")`` draws it (left-aligned, no border, no fill, a page break first when it
        does not fit), through fpdf2's plain ``text``: a cell lays its text out as styled
        fragments, a third of the time of an export of thousands of lines (issue 16)."""
        self._perform_page_break_if_need_be(height)
        if text:
            self.text(
                self.l_margin + self.c_margin, self.y + 0.5 * height + 0.3 * self.font_size, text
            )
        self.x = self.l_margin
        self.y += height

    @contextmanager
    def _main_font_only(self) -> Iterator[None]:
        """No look-up in the fallback fonts, for text whose every glyph is in the main font
        (``_lines`` checked): fpdf2 otherwise splits every line character by character to find
        the ones a fallback font must print, which was a third of a subject-access PDF's time."""
        kept = self._fallback_font_ids
        self._fallback_font_ids = []
        try:
            yield
        finally:
            self._fallback_font_ids = kept

    def _lines(self, text: str) -> list[str] | None:
        """The text broken into lines that fit the page, left-aligned, measured once per word
        from the font's widths; None for a text fpdf2 must lay out itself (line breaks, shaped
        scripts, a glyph from the fallback font, a word longer than a line). fpdf2's multi-cell
        measures a line again after every character, which made a subject-access export of
        thousands of rows take seconds."""
        font = self.current_font
        if "\n" in text or needs_shaping(text) or not isinstance(font, TTFFont):
            return None
        widths: dict[int, float] = font.cw
        scale = self.font_size_pt * 0.001 / self.k
        room = self.w - self.r_margin - self.l_margin - 2 * self.c_margin
        space = widths[32] * scale
        lines: list[str] = []
        words: list[str] = []
        used = 0.0
        # Every glyph in the font (the widths are a defaultdict: asked, not indexed, first).
        if not all(map(widths.__contains__, map(ord, text))):
            return None
        for word in text.split(" "):
            width = sum(map(widths.__getitem__, map(ord, word))) * scale
            if width > room:
                return None
            if words and used + space + width > room:
                lines.append(" ".join(words))
                words, used = [word], width
            else:
                used = used + space + width if words else width
                words.append(word)
        lines.append(" ".join(words))
        return lines

    def figure(self, image: Any, alt: str, **kwargs: Any) -> None:
        """An image with its alternate text."""
        with self.tagged("/Figure", alt=alt):
            self.image(image, **kwargs)

    @contextmanager
    def table(self, *args: Any, **kwargs: Any) -> Iterator[Table]:  # type: ignore[override]
        table = TaggedTable(self, *args, **kwargs)
        yield table
        table.render()


def document(title: str, language: str) -> TaggedPDF:
    """A new A4 tagged document with samen's fonts, its title and language set."""
    pdf = TaggedPDF(format="A4")
    pdf.set_title(title)
    pdf.set_lang(language)
    pdf.set_creator("samen")
    pdf.set_auto_page_break(auto=True, margin=15)
    _add_font(pdf, FAMILY, "")
    _add_font(pdf, FAMILY, "B")
    pdf.set_font(FAMILY, size=10)
    return pdf
