"""PDF documents (conventions, jury reports): A4, a Unicode font, headings, text and tables.

DejaVu Sans is bundled (see data/fonts/LICENSE) because PDF core fonts lack "œ" and "€".
"""

import logging
from pathlib import Path

from fpdf import FPDF
from fpdf.fonts import FontFace

FONTS = Path(__file__).parent / "data" / "fonts"
FAMILY = "DejaVu"

# Font subsetting logs every table it writes at INFO level.
logging.getLogger("fontTools").setLevel(logging.WARNING)


class Document(FPDF):
    """An A4 document titled `title`, with page numbers in the footer."""

    def __init__(self, title: str) -> None:
        super().__init__(format="A4")
        self.add_font(FAMILY, "", FONTS / "DejaVuSans.ttf")
        self.add_font(FAMILY, "B", FONTS / "DejaVuSans-Bold.ttf")
        self.set_title(title)
        self.set_creator("Parvis")
        self.set_auto_page_break(auto=True, margin=18)
        self.add_page()
        self.set_font(FAMILY, "B", 16)
        self.multi_cell(0, 9, title, new_x="LMARGIN", new_y="NEXT")
        self.ln(3)
        self.set_font(FAMILY, "", 10)

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FAMILY, "", 8)
        self.cell(0, 6, f"{self.page_no()}/{{nb}}", align="C")
        self.set_font(FAMILY, "", 10)

    def heading(self, text: str) -> None:
        self.ln(2)
        self.set_font(FAMILY, "B", 12)
        self.multi_cell(0, 7, text, new_x="LMARGIN", new_y="NEXT")
        self.set_font(FAMILY, "", 10)

    def paragraph(self, text: str) -> None:
        self.multi_cell(0, 5.5, text, new_x="LMARGIN", new_y="NEXT")
        self.ln(1.5)

    def table(self, headers: list[str], rows: list[list[str]], widths=None) -> None:
        """A table with a bold header row repeated on each page."""
        with super().table(
            col_widths=widths, headings_style=FontFace(emphasis="BOLD"), line_height=5.5,
            text_align="LEFT",
        ) as table:
            for cells in [headers, *rows]:
                row = table.row()
                for cell in cells:
                    row.cell(str(cell))
        self.ln(2)

    def to_bytes(self) -> bytes:
        return bytes(self.output())
