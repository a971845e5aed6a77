"""A brief in four formats: HTML (print-ready) and PDF from the same template, DOCX with real
headings and tables, Markdown for notes and version control."""

from __future__ import annotations

import io
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from graph.briefs.model import Brief, Line, Section
from graph.choices import BriefFormat

__all__ = ["FORMATS", "MEDIA_TYPES", "render", "warm"]

FORMATS = tuple(BriefFormat)
MEDIA_TYPES = {
    BriefFormat.html: "text/html; charset=utf-8",
    BriefFormat.md: "text/markdown; charset=utf-8",
    BriefFormat.pdf: "application/pdf",
    BriefFormat.docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
_TEMPLATES = Path(__file__).with_name("templates")
_html_env = Environment(
    loader=FileSystemLoader(_TEMPLATES), autoescape=select_autoescape(["html"]), auto_reload=False
)
_md_env = Environment(
    loader=FileSystemLoader(_TEMPLATES),
    autoescape=False,
    auto_reload=False,
    keep_trailing_newline=True,
    trim_blocks=True,
    lstrip_blocks=True,
    # text from the data is never markup: no raw HTML reaches a Markdown renderer
    finalize=lambda v: str(v).replace("<", "&lt;").replace(">", "&gt;") if v is not None else "",
)
_md_env.filters["mdcell"] = lambda v: str(v).replace("|", "\\|").replace("\n", " ")


def render(brief: Brief, fmt: BriefFormat) -> bytes:
    if fmt == "html":
        return _html(brief).encode("utf-8")
    if fmt == "md":
        return _md_env.get_template("brief.md").render(brief=brief).encode("utf-8")
    if fmt == "pdf":
        from weasyprint import HTML

        pdf: bytes = HTML(string=_html(brief)).write_pdf()
        return pdf
    if fmt == "docx":
        return _docx(brief)
    raise ValueError(fmt)


def warm() -> None:
    """What a process's first brief would pay once, done ahead: the templates, the catalogues,
    WeasyPrint's import (cffi reading Pango's declarations, its libraries opened) and its first
    layout (fontconfig, the user-agent stylesheet, the brief's font). About 1 s; the web app
    runs it at start-up so that its first PDF takes what the others do."""
    from weasyprint import HTML

    from graph.briefs.i18n import LANGUAGES, Language

    for code in LANGUAGES:
        Language.get(code)
    _html_env.get_template("brief.html")
    _md_env.get_template("brief.md")
    HTML(string=_WARM_PAGE).write_pdf()


_WARM_PAGE = (
    '<html style="font-family: DejaVu Sans"><body><h1>Đan Mạch</h1><p><b>Hải Phòng</b> '
    "<i>2022</i></p></body></html>"
)


def _html(brief: Brief) -> str:
    from graph.briefs.picture import neighbourhood_svg

    # the SVG is ours, every text in it escaped (picture.py): inline, so WeasyPrint draws it
    # as vectors and the PDF keeps its words
    picture = Markup(neighbourhood_svg(brief.picture)) if brief.picture else None
    return _html_env.get_template("brief.html").render(brief=brief, picture=picture)


def _refs(line: Line) -> str:
    return "".join(f"[{n}]" for n in line.refs)


# Relative widths of a table's columns (the last is the sources' column), by section.
_WIDTHS = {
    "timeline": [2.2, 6.0, 2.6, 6.0, 1.4],
    "agreements": [2.2, 6.4, 2.4, 5.8, 1.4],
    "counterparts": [4.0, 4.4, 8.0, 1.4],
}
_A4 = (21.0, 29.7)  # cm
_MARGIN = 1.8  # cm, as the PDF's


def _docx(brief: Brief) -> bytes:
    from docx import Document
    from docx.shared import Cm, Pt

    from graph.briefs.picture import neighbourhood_png

    doc = Document()
    for s in doc.sections:  # A4 as the PDF, not python-docx's US Letter
        s.page_width, s.page_height = Cm(_A4[0]), Cm(_A4[1])
        s.left_margin = s.right_margin = s.top_margin = s.bottom_margin = Cm(_MARGIN)
    style = doc.styles["Normal"]
    style.font.name = "DejaVu Sans"
    style.font.size = Pt(10)
    doc.core_properties.title = brief.heading
    doc.core_properties.language = brief.lang
    doc.add_heading(brief.heading, level=0)
    cover = doc.add_table(rows=0, cols=2)
    cover.style = "Light List Accent 1"
    for label, value in brief.cover:
        cells = cover.add_row().cells
        cells[0].text, cells[1].text = label, value
    _widths(cover, [5.0, 12.4])
    for i, section in enumerate(brief.sections, start=1):
        doc.add_heading(f"{i}. {section.title}", level=1)
        _docx_section(doc, section, brief)
        if section.key == "networks" and brief.picture:
            doc.add_heading(brief.labels["network"], level=2)
            doc.add_picture(io.BytesIO(neighbourhood_png(brief.picture)), width=Cm(17))
    doc.add_heading(brief.labels["sources"], level=1)
    for source in brief.sources:
        doc.add_paragraph(f"[{source.number}] {source.title}. {source.detail}")
    doc.add_paragraph(brief.labels["generated"]).runs[0].italic = True
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def _widths(table: object, widths: list[float]) -> None:
    """Column widths in cm, scaled to the A4 text width; Word reads them from every cell."""
    from docx.shared import Cm
    from docx.table import Table

    assert isinstance(table, Table)
    scale = (_A4[0] - 2 * _MARGIN) / sum(widths)
    table.autofit = False
    for col, w in zip(table.columns, widths, strict=True):
        col.width = Cm(w * scale)
        for cell in col.cells:
            cell.width = Cm(w * scale)


def _docx_section(doc: object, section: Section, brief: Brief) -> None:
    from docx.document import Document as DocumentType

    assert isinstance(doc, DocumentType)
    if section.note:
        doc.add_paragraph(section.note).runs[0].italic = True
    if not section.lines:
        doc.add_paragraph(section.empty).runs[0].italic = True
        return
    if section.columns:
        table = doc.add_table(rows=1, cols=len(section.columns) + 1)
        table.style = "Table Grid"
        for cell, text in zip(
            table.rows[0].cells, [*section.columns, brief.labels["refs"]], strict=True
        ):
            cell.text = text
            cell.paragraphs[0].runs[0].bold = True
        for line in section.lines:
            cells = table.add_row().cells
            for cell, text in zip(cells, [*line.cells, _refs(line)], strict=True):
                cell.text = text
        _widths(table, _WIDTHS.get(section.key, [1.0] * len(section.columns) + [0.3]))
        return
    for line in section.lines:
        doc.add_paragraph(f"{line.text} {_refs(line)}".strip(), style="List Bullet")
