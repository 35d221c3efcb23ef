"""The change report as a printable PDF (reportlab platypus), A4 landscape.

Content: the title and whether the report is of an applied sync or of a plan still under review; a summary
table (facts on the left, counts per kind and per alert level on the right, then the notes); one table per
kind, destructive first as in the window — Removida, Redução, Aumento, Nova, Alterada; most severe lines first,
CRÍTICO/ATENÇÃO cells coloured — and the alerts. Columns that hold a lote code are at least as wide as the
longest code, so that a code is never split across lines. Table headers repeat on every page; every page
has a footer with the title and page number.

Fonts: pt-BR needs accents, and the impact text uses "→" and "−". A TrueType font is embedded so that the file
prints the same everywhere: DejaVu Sans (or Arial) where the system has it at a known path, else the Bitstream
Vera that ships inside reportlab itself, so the writer never depends on fonts installed on the machine. A
character the chosen font lacks is replaced by an ASCII equivalent ("→" → "->", "−" → "-") when there is one.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from itertools import zip_longest
from pathlib import Path
from typing import Any, BinaryIO
from xml.sax.saxutils import escape

import reportlab
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import CondPageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from carteira_gui.adapters.reports.formatting import (
    clean_text,
    datetime_br,
    decimal_br,
    int_br,
    seconds_br,
    signed_decimal_br,
)
from carteira_gui.adapters.reports.model import (
    CHANGE_HEADERS,
    KIND_TITLES,
    LEVEL_LABELS,
    RUN_LABEL,
    Cell,
    ChangeReport,
    ReportAlert,
    ReportLine,
)

PAGE_SIZE = landscape(A4)
MARGIN = 1.2 * cm
#: Rows per table flowable: one huge table makes reportlab's page splitting quadratic, and a small first
#: chunk lets a kind's heading start on the page where the previous kind ended.
CHUNK_ROWS = 300
#: A cell taller than a page cannot be laid out at all; Odoo texts are capped well below that.
MAX_CELL_CHARS = 400
MAX_MESSAGE_CHARS = 800
#: A section heading starts a new page when less than this is left (never a heading alone at the bottom).
HEADING_ROOM = 3 * cm
CELL_FONT_SIZE = 7
CELL_LEADING = 8.6
CELL_PADDING = 3

#: (regular, bold) TrueType files tried in order; the first pair that loads wins.
FONT_CANDIDATES: tuple[tuple[str, str], ...] = (
    (  # Debian, Ubuntu
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    ),
    ("/usr/share/fonts/dejavu/DejaVuSans.ttf", "/usr/share/fonts/dejavu/DejaVuSans-Bold.ttf"),  # Fedora
    ("/usr/share/fonts/TTF/DejaVuSans.ttf", "/usr/share/fonts/TTF/DejaVuSans-Bold.ttf"),  # Arch
    ("/usr/local/share/fonts/DejaVuSans.ttf", "/usr/local/share/fonts/DejaVuSans-Bold.ttf"),
    ("C:/Windows/Fonts/arial.ttf", "C:/Windows/Fonts/arialbd.ttf"),
    (
        "/System/Library/Fonts/Supplemental/Arial.ttf",
        "/System/Library/Fonts/Supplemental/Arial Bold.ttf",
    ),
)
_REPORTLAB_FONTS = Path(reportlab.__file__).parent / "fonts"
#: Always there: reportlab ships Bitstream Vera (Latin-1 and a little more, no "→").
BUNDLED_FONTS: tuple[str, str] = (str(_REPORTLAB_FONTS / "Vera.ttf"), str(_REPORTLAB_FONTS / "VeraBd.ttf"))

_ASCII_FALLBACK: dict[str, str] = {
    "→": "->",
    "−": "-",
    "–": "-",
    "—": "-",
    "…": "...",
    "“": '"',
    "”": '"',
    "‘": "'",
    "’": "'",
    "\ufffd": "?",
}

_HEADER_BG = colors.HexColor("#1F4E78")
_ZEBRA = colors.HexColor("#F2F2F2")
_LEVEL_BG = {
    LEVEL_LABELS["CRITICO"]: colors.HexColor("#FFC7CE"),
    LEVEL_LABELS["ATENCAO"]: colors.HexColor("#FFEB9C"),
}


@dataclass(frozen=True, slots=True)
class PdfFonts:
    """The registered font names and the characters the regular font can draw (None: standard fonts)."""

    regular: str
    bold: str
    glyphs: frozenset[int] | None

    def text(self, value: str, limit: int | None = None) -> str:
        """``value`` made drawable with these fonts (control characters and missing glyphs replaced)."""
        text = clean_text(value)
        if limit is not None and len(text) > limit:
            text = text[: limit - 1] + "…"
        out = []
        # A TrueType font draws its "missing" box for a character without equivalent, which at least shows
        # that one was there; the standard fonts cannot even encode it, so there it becomes "?".
        missing = "?" if self.glyphs is None else None
        for char in text:
            if self._has(char) or char in "\n\t":
                out.append(char)
            else:
                out.append(_ASCII_FALLBACK.get(char, missing or char))
        return "".join(out)

    def _has(self, char: str) -> bool:
        if self.glyphs is None:
            try:
                char.encode("cp1252")
            except UnicodeEncodeError:
                return False
            return True
        return ord(char) in self.glyphs


@functools.cache
def load_fonts(candidates: tuple[tuple[str, str], ...] = FONT_CANDIDATES) -> PdfFonts:
    """Register the first loadable (regular, bold) pair of ``candidates``, else reportlab's bundled Vera.

    Cached: reportlab keeps fonts in a process-wide registry, and parsing a TTF file takes time.
    """
    for regular, bold in (*candidates, BUNDLED_FONTS):
        if not (os.path.isfile(regular) and os.path.isfile(bold)):
            continue
        try:
            name = "CarteiraSans-" + Path(regular).stem.replace(" ", "")
            font = TTFont(name, regular)
            bold_name = "CarteiraSans-" + Path(bold).stem.replace(" ", "")
            pdfmetrics.registerFont(font)
            pdfmetrics.registerFont(TTFont(bold_name, bold))
        except Exception:  # a broken font file must only mean "try the next one"
            continue
        pdfmetrics.registerFontFamily(name, normal=name, bold=bold_name, italic=name, boldItalic=bold_name)
        return PdfFonts(name, bold_name, frozenset(font.face.charToGlyph))
    # Helvetica is built into every PDF reader and draws the Windows-1252 characters, enough for pt-BR.
    return PdfFonts("Helvetica", "Helvetica-Bold", None)


class _Styles:
    def __init__(self, fonts: PdfFonts) -> None:
        self.fonts = fonts
        self.title = ParagraphStyle("titulo", fontName=fonts.bold, fontSize=15, leading=19, spaceAfter=4)
        self.subtitle = ParagraphStyle("subtitulo", fontName=fonts.regular, fontSize=9, leading=12)
        self.warning = ParagraphStyle(
            "aviso", fontName=fonts.bold, fontSize=10, leading=13, textColor=colors.HexColor("#9C0006")
        )
        self.heading = ParagraphStyle(
            "secao",
            fontName=fonts.bold,
            fontSize=11.5,
            leading=15,
            spaceBefore=10,
            spaceAfter=4,
        )
        self.cell = ParagraphStyle("celula", fontName=fonts.regular, fontSize=CELL_FONT_SIZE, leading=CELL_LEADING)
        self.number = ParagraphStyle("numero", parent=self.cell, alignment=TA_RIGHT)
        self.head = ParagraphStyle("cabecalho", parent=self.cell, fontName=fonts.bold, textColor=colors.white)
        self.label = ParagraphStyle("rotulo", parent=self.cell, fontName=fonts.bold, fontSize=8, leading=10)
        self.value = ParagraphStyle("valor", parent=self.cell, fontSize=8, leading=10)
        self.note = ParagraphStyle("nota", parent=self.cell, fontSize=8, leading=10)

    def para(self, text: str, style: ParagraphStyle, limit: int | None = MAX_CELL_CHARS) -> Paragraph:
        """A paragraph of plain text (drawable with the fonts, markup characters escaped)."""
        return self._paragraph(self.fonts.text(text, limit), style)

    def _paragraph(self, text: str, style: ParagraphStyle) -> Paragraph:
        # Paragraph parses a small XML markup: text from Odoo ("<", "&") must be escaped, never interpreted.
        return Paragraph(escape(text).replace("\n", "<br/>"), style)

    def fit(self, text: str, width: float, *, numeric: bool = False, limit: int = MAX_CELL_CHARS) -> str | Paragraph:
        """A table cell: the plain string when it fits on one line, else a wrapping paragraph.

        A Paragraph costs about ten times a plain string to lay out; most cells (codes, numbers) fit.
        """
        text = self.fonts.text(text, limit)
        if "\n" not in text and pdfmetrics.stringWidth(text, self.fonts.regular, CELL_FONT_SIZE) <= width:
            return text
        return self._paragraph(text, self.number if numeric else self.cell)


def _value_text(value: Cell) -> str:
    if value is None:
        return "—"
    if isinstance(value, Decimal):
        return decimal_br(value, grouping=True)
    if isinstance(value, bool):
        return "sim" if value else "não"
    if isinstance(value, int):
        return int_br(value)
    if isinstance(value, float):
        return seconds_br(value)
    if isinstance(value, datetime):
        return datetime_br(value)
    return value


def _summary(report: ChangeReport, st: _Styles, width: float) -> list[Any]:
    facts = [(label, value) for label, value in report.facts() if label != "Relatório"]
    counts = report.count_rows()
    rows = []
    for left, right in zip_longest(facts, counts):
        row: list[Any] = ["", "", "", ""]
        if left is not None:
            row[0] = st.para(left[0], st.label)
            value = left[1]
            # The only quantity among the facts is the total change: a delta reads best with its sign.
            if isinstance(value, Decimal):
                text = signed_decimal_br(value, grouping=True)
            elif left[0] == RUN_LABEL and value is not None:
                text = f"#{value}"
            else:
                text = _value_text(value)
            row[1] = st.para(text, st.value)
        if right is not None:
            row[2] = st.para(right[0], st.label)
            row[3] = st.para(int_br(right[1]), st.value)
        rows.append(row)
    table = Table(rows, colWidths=[width * f for f in (0.2, 0.4, 0.2, 0.1)], hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (1, len(facts) - 1), 0.25, colors.lightgrey),
                ("LINEBELOW", (2, 0), (3, len(counts) - 1), 0.25, colors.lightgrey),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    out: list[Any] = [table]
    out += [st.para(note, st.note) for note in report.notes]
    return out


def _tables(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    numeric: frozenset[int],
    limits: Mapping[int, int],
    levels: Sequence[str],
    level_column: int,
    fractions: Sequence[float],
    width: float,
    st: _Styles,
) -> list[Table]:
    col_widths = [width * f for f in fractions]
    text_widths = [w - 2 * CELL_PADDING for w in col_widths]
    head = [st.para(h, st.head) for h in headers]
    tables = []
    for start in range(0, len(rows), CHUNK_ROWS):
        chunk = [
            [
                st.fit(text, text_widths[i], numeric=i in numeric, limit=limits.get(i, MAX_CELL_CHARS))
                for i, text in enumerate(row)
            ]
            for row in rows[start : start + CHUNK_ROWS]
        ]
        table = Table([head, *chunk], colWidths=col_widths, repeatRows=1, hAlign="LEFT")
        style: list[tuple[Any, ...]] = [
            ("BACKGROUND", (0, 0), (-1, 0), _HEADER_BG),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
            ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, _ZEBRA]),
            # Plain-string cells: the same look as the paragraphs.
            ("FONTNAME", (0, 1), (-1, -1), st.fonts.regular),
            ("FONTSIZE", (0, 1), (-1, -1), CELL_FONT_SIZE),
            ("LEADING", (0, 1), (-1, -1), CELL_LEADING),
            ("TOPPADDING", (0, 0), (-1, -1), 2),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING),
            ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING),
        ]
        style += [("ALIGN", (i, 1), (i, -1), "RIGHT") for i in sorted(numeric)]
        for i, level in enumerate(levels[start : start + CHUNK_ROWS], start=1):
            colour = _LEVEL_BG.get(level)
            if colour is not None:
                style.append(("BACKGROUND", (level_column, i), (level_column, i), colour))
        table.setStyle(TableStyle(style))
        tables.append(table)
    return tables


_CHANGE_HEADERS = CHANGE_HEADERS
_CHANGE_FRACTIONS = (0.07, 0.09, 0.09, 0.15, 0.065, 0.065, 0.065, 0.065, 0.20, 0.14)


_CHANGE_NUMERIC = frozenset({4, 5, 6, 7})


def _change_row(line: ReportLine) -> list[str]:
    return [
        line.nivel_label,
        line.num_pedido,
        line.cod_produto,
        line.cliente or "",
        decimal_br(line.qtd_antes, grouping=True),
        decimal_br(line.qtd_depois, grouping=True),
        signed_decimal_br(line.delta, grouping=True),
        decimal_br(line.nao_coberto, grouping=True) if line.nao_coberto else "",
        line.impacto_text,
        "\n".join(line.campos),
    ]


_ALERT_HEADERS = (
    "Nº",
    "Nível",
    "Tipo",
    "Pedido",
    "Produto",
    "Lote",
    "Qtd anterior",
    "Qtd nova",
    "Mensagem",
    "Reconhecimento",
)
#: The "Lote" column (5) fits a whole ``LOTE-AAAAMMDD-NNNN`` at the cell font: a code is never split.
_ALERT_FRACTIONS = (0.04, 0.07, 0.07, 0.08, 0.08, 0.12, 0.06, 0.06, 0.28, 0.14)


_ALERT_NUMERIC = frozenset({6, 7})
_ALERT_LIMITS = {8: MAX_MESSAGE_CHARS}


def _alert_row(alert: ReportAlert) -> list[str]:
    if alert.reconhecido_em is not None:
        ack = f"{alert.reconhecido_por or ''} em {datetime_br(alert.reconhecido_em)}"
        if alert.nota:
            ack += f" — {alert.nota}"
    else:
        ack = "pendente"
    lote = alert.lote or ""
    if alert.separacao_id is not None:
        # The code on its own line, the separação's number below it: the code is never cut.
        lote = f"{lote}\nseparação #{alert.separacao_id}" if lote else f"separação #{alert.separacao_id}"
    return [
        str(alert.id) if alert.id is not None else "—",
        alert.nivel_label,
        alert.tipo_label,
        alert.num_pedido,
        alert.cod_produto,
        lote,
        decimal_br(alert.qtd_anterior, grouping=True),
        decimal_br(alert.qtd_nova, grouping=True),
        alert.mensagem,
        ack,
    ]


def build_story(report: ChangeReport, fonts: PdfFonts, width: float) -> list[Any]:
    """The flowables of the report (exposed for tests and for a print preview)."""
    st = _Styles(fonts)
    story: list[Any] = [st.para(report.title, st.title, None)]
    if not report.applied:
        story.append(st.para("PLANO NÃO APLICADO — revisado para aprovação; a carteira ainda não mudou.", st.warning))
    story.append(st.para(f"Gerado em {datetime_br(report.generated_at)} pelo Carteira Sync.", st.subtitle))
    story.append(Spacer(1, 6))
    story.append(st.para("Resumo", st.heading))
    story += _summary(report, st, width)
    for tipo, lines in report.groups():
        heading = st.para(f"{KIND_TITLES[tipo]} ({int_br(len(lines))})", st.heading)
        if not lines:
            story += [CondPageBreak(HEADING_ROOM), heading, st.para("Nenhuma linha.", st.note)]
            continue
        story += [CondPageBreak(HEADING_ROOM), heading]
        story += _tables(
            _CHANGE_HEADERS,
            [_change_row(line) for line in lines],
            numeric=_CHANGE_NUMERIC,
            limits={},
            levels=[line.nivel_label for line in lines],
            level_column=0,
            fractions=_CHANGE_FRACTIONS,
            width=width,
            st=st,
        )
    heading = st.para(f"Alertas ({int_br(len(report.alerts))})", st.heading)
    if not report.alerts:
        story += [CondPageBreak(HEADING_ROOM), heading, st.para("Nenhum alerta.", st.note)]
    else:
        story += [CondPageBreak(HEADING_ROOM), heading]
        story += _tables(
            _ALERT_HEADERS,
            [_alert_row(a) for a in report.alerts],
            numeric=_ALERT_NUMERIC,
            limits=_ALERT_LIMITS,
            levels=[a.nivel_label for a in report.alerts],
            level_column=1,
            fractions=_ALERT_FRACTIONS,
            width=width,
            st=st,
        )
    return story


def write_pdf(report: ChangeReport, stream: BinaryIO, *, fonts: PdfFonts | None = None) -> None:
    """Write ``report`` as an A4 landscape PDF to a binary stream (layout in the module docstring)."""
    fonts = fonts or load_fonts()
    footer = fonts.text(f"Carteira Sync — {report.title}")
    doc = SimpleDocTemplate(
        stream,
        pagesize=PAGE_SIZE,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=fonts.text(report.title),
        author="Carteira Sync",
        subject=fonts.text(report.subject),
        creator="Carteira Sync",
    )

    def on_page(canvas: Any, document: Any) -> None:
        canvas.saveState()
        canvas.setFont(fonts.regular, 7)
        canvas.setFillColor(colors.grey)
        canvas.drawString(MARGIN, MARGIN / 2, footer)
        canvas.drawRightString(PAGE_SIZE[0] - MARGIN, MARGIN / 2, f"Página {document.page}")
        canvas.restoreState()

    doc.build(build_story(report, fonts, doc.width), onFirstPage=on_page, onLaterPages=on_page)
