"""Briefing packs from the sample graph, in both languages and all formats, read back: text from
the PDF (diacritics intact) and the DOCX, the key facts, a source behind every fact line, a
first page that is not blank."""

from __future__ import annotations

import io
import re
import subprocess
import unicodedata
from pathlib import Path

import pytest
from docx import Document
from pypdf import PdfReader

from graph.briefs import Brief, build_brief, render
from graph.briefs.content import NEAR_POOL
from graph.errors import NotFound
from graph.questions import unexplored
from graph.questions.unexplored import Suggestion
from graph.settings import Settings
from graph.stores import LadybugStore

HOME = Settings().home
PARTNERS = {
    "dk": "Denmark",
    "nl": "Hà Lan",
    "kr": "Hàn Quốc",
    "esbjerg-dk": "Esbjerg",
    "orsted": "Ørsted",
}
# What an officer must find in each brief (names as the brief's language writes them).
EXPECTED = {
    ("dk", "en"): [
        "Crown Prince of Denmark",
        "Esbjerg",
        "Ørsted",
        "Jesper Frost Rasmussen",
        "Clean industry (công nghiệp sạch)",
    ],
    ("dk", "vi"): [
        "Đoàn Thái tử kế vị Đan Mạch",
        "Esbjerg",
        "Ørsted",
        "Tài liệu chuẩn bị làm việc",
        "công nghiệp sạch (Clean industry)",  # a sector by its Vietnamese name first
    ],
    ("nl", "en"): ["Rotterdam", "Port of Rotterdam", "Amsterdam Airport Schiphol"],
    ("nl", "vi"): ["Rotterdam", "Hà Lan"],
    ("kr", "en"): ["South Korea", "investor no. 1"],
    ("kr", "vi"): ["Hàn Quốc", "nhà đầu tư lớn thứ 1"],
    ("esbjerg-dk", "en"): ["Jesper Frost Rasmussen", "Mayor of Esbjerg"],
    ("esbjerg-dk", "vi"): ["Thị trưởng thành phố Esbjerg"],
    ("orsted", "en"): ["Ørsted", "Connecting Hai Phong with foreign businesses"],
    ("orsted", "vi"): ["Ørsted", "Kết nối hàng trăm doanh nghiệp các nước"],
}


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


@pytest.fixture(scope="module")
def suggestions(full_store: LadybugStore) -> list[Suggestion]:
    return unexplored(full_store, home=HOME, limit=NEAR_POOL)


@pytest.fixture(scope="module")
def briefs(full_store: LadybugStore, suggestions: list[Suggestion]) -> dict[tuple[str, str], Brief]:
    return {
        (pid, lang): build_brief(full_store, name, home=HOME, lang=lang, suggestions=suggestions)
        for pid, name in PARTNERS.items()
        for lang in ("en", "vi")
    }


@pytest.mark.parametrize("key", sorted(EXPECTED))
def test_every_fact_line_cites_a_listed_source(
    briefs: dict[tuple[str, str], Brief], key: tuple[str, str]
) -> None:
    brief = briefs[key]
    assert brief.partner_id == key[0]
    numbers = {s.number for s in brief.sources}
    assert numbers == set(range(1, len(numbers) + 1))
    lines = [line for section in brief.sections for line in section.lines]
    assert lines
    for line in lines:
        assert line.refs, line.text
        assert set(line.refs) <= numbers, line


@pytest.mark.parametrize("key", sorted(EXPECTED))
def test_markdown_and_html_hold_the_key_facts(
    briefs: dict[tuple[str, str], Brief], key: tuple[str, str]
) -> None:
    brief = briefs[key]
    md = render(brief, "md").decode("utf-8")
    html = render(brief, "html").decode("utf-8")
    for fact in EXPECTED[key]:
        assert fact in md, (fact, key)
        assert fact in html, (fact, key)
    # every fact line in the Markdown carries a reference to a listed source
    body = md.split("\n## " + brief.labels["sources"])[0]
    numbers = {str(s.number) for s in brief.sources}
    for row in body.splitlines():
        if (row.startswith("- ") and not row.startswith("- **")) or (
            row.startswith("| ")
            and not row.startswith(
                ("| Date", "| Ngày", "| Person", "| Nhân vật", "| Agreement", "| Thoả")
            )
        ):
            refs = re.findall(r"\[(\d+)\]", row)
            assert refs and set(refs) <= numbers, row
    assert 'src="data:image/png;base64,' in html  # the neighbourhood picture, no JavaScript
    assert "<script" not in html


def test_a_section_with_no_data_says_so_in_one_line(briefs: dict[tuple[str, str], Brief]) -> None:
    brief = briefs[("dk", "en")]
    agreements = next(s for s in brief.sections if s.key == "agreements")
    assert agreements.lines == [] and agreements.empty == "Nothing on record."
    assert (
        "## 3. Agreements and their status\n\n_Nothing on record._" in render(brief, "md").decode()
    )


def test_figures_that_disagree_are_both_shown(briefs: dict[tuple[str, str], Brief]) -> None:
    en = render(briefs[("kr", "en")], "md").decode()
    vi = render(briefs[("kr", "vi")], "md").decode()
    assert (
        "USD 2,061.53 million" in en
        and "nearly USD 2,500 million" in en
        and "the sources disagree" in en
    )
    assert (
        "2.061,53 triệu USD" in vi
        and "gần 2.500 triệu USD" in vi
        and "các nguồn không thống nhất" in vi
    )


def test_dates_per_locale(full_store: LadybugStore, suggestions: list[Suggestion]) -> None:
    import datetime as dt

    kw = {
        "home": HOME,
        "suggestions": suggestions,
        "picture": False,
        "visit_date": dt.date(2022, 12, 20),
    }
    vi = build_brief(full_store, "dk", lang="vi", direction="incoming", **kw)  # type: ignore[arg-type]
    en = build_brief(full_store, "dk", lang="en", direction="outgoing", **kw)  # type: ignore[arg-type]
    assert ("Ngày làm việc", "20/12/2022") in vi.cover and ("Hình thức", "đoàn vào") in vi.cover
    assert ("Visit date", "20 Dec 2022") in en.cover and ("Direction", "outgoing") in en.cover


@pytest.mark.parametrize("key", [("dk", "vi"), ("dk", "en"), ("kr", "vi"), ("orsted", "en")])
def test_pdf_reads_back_with_every_diacritic(
    briefs: dict[tuple[str, str], Brief], key: tuple[str, str], tmp_path: Path
) -> None:
    pdf = render(briefs[key], "pdf")
    assert pdf.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(pdf))
    text = nfc(" ".join(page.extract_text() for page in reader.pages))
    text = re.sub(r"\s+", " ", text)
    for fact in EXPECTED[key]:
        assert nfc(fact) in text, fact
    fonts = {
        str(f.get_object().get("/BaseFont"))
        for page in reader.pages
        for f in (page["/Resources"].get("/Font") or {}).values()
    }
    assert any("DejaVu" in f for f in fonts), fonts  # embedded, with Vietnamese glyphs
    path = tmp_path / "brief.pdf"
    path.write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "40", "-f", "1", "-l", "1", str(path), str(tmp_path / "p")],
        check=True,
    )
    from PIL import Image

    page = Image.open(next(tmp_path.glob("p*.png"))).convert("L")
    dark = sum(page.histogram()[:200])
    assert dark > 0.01 * page.width * page.height  # the first page is not blank


@pytest.mark.parametrize("key", [("dk", "en"), ("dk", "vi"), ("nl", "en")])
def test_docx_has_real_headings_and_tables(
    briefs: dict[tuple[str, str], Brief], key: tuple[str, str]
) -> None:
    brief = briefs[key]
    doc = Document(io.BytesIO(render(brief, "docx")))
    headings = [
        p.text for p in doc.paragraphs if p.style is not None and p.style.name.startswith("Heading")
    ]
    assert any(h.endswith(brief.sections[0].title) for h in headings)
    assert brief.labels["sources"] in headings
    assert len(doc.tables) >= 2  # the cover and the timeline at least
    text = "\n".join(p.text for p in doc.paragraphs) + "\n".join(
        c.text for t in doc.tables for row in t.rows for c in row.cells
    )
    for fact in EXPECTED[key]:
        assert fact in text, fact
    assert doc.inline_shapes  # the neighbourhood picture


def test_unknown_partner_lists_close_matches(
    full_store: LadybugStore, suggestions: list[Suggestion]
) -> None:
    with pytest.raises(NotFound, match=r"close matches: .*Denmark \(dk\)"):
        build_brief(full_store, "Danmark", home=HOME, suggestions=suggestions)


def test_markdown_keeps_data_from_becoming_markup(briefs: dict[tuple[str, str], Brief]) -> None:
    brief = briefs[("dk", "en")].model_copy(deep=True)
    brief.sections[0].lines[0].text = "<script>alert(1)</script> | pipe"
    md = render(brief, "md").decode()
    assert "<script>" not in md and "&lt;script&gt;" in md
