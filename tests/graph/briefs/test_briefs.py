"""Briefing packs from the sample graph, in both languages and all formats, read back: text from
the PDF (diacritics intact) and the DOCX, the key facts, a source behind every fact line, a
first page that is not blank."""

from __future__ import annotations

import io
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from docx import Document
from pypdf import PdfReader

from graph.briefs import Brief, build_brief, render
from graph.errors import NotFound
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
        "clean industry",
        "Raise offshore wind",
    ],
    ("dk", "vi"): [
        "Đoàn Thái tử kế vị Đan Mạch",
        "Esbjerg",
        "Ørsted",
        "Tài liệu chuẩn bị làm việc",
        "công nghiệp sạch",  # a sector by its Vietnamese name
        "điện gió ngoài khơi",
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
def briefs(full_store: LadybugStore) -> dict[tuple[str, str], Brief]:
    return {
        (pid, lang): build_brief(full_store, name, home=HOME, lang=lang)
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
    assert "<svg" in html and "<text" in html  # the neighbourhood picture as SVG, no JavaScript
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


def test_dates_per_locale(full_store: LadybugStore) -> None:
    import datetime as dt

    kw = {
        "home": HOME,
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


def test_unknown_partner_lists_close_matches(full_store: LadybugStore) -> None:
    with pytest.raises(NotFound, match=r"close matches: .*Denmark \(dk\)"):
        build_brief(full_store, "Danmark", home=HOME)


def test_markdown_keeps_data_from_becoming_markup(briefs: dict[tuple[str, str], Brief]) -> None:
    brief = briefs[("dk", "en")].model_copy(deep=True)
    brief.sections[0].lines[0].text = "<script>alert(1)</script> | pipe"
    md = render(brief, "md").decode()
    assert "<script>" not in md and "&lt;script&gt;" in md


# -- issue 14: answers an officer can act on ---------------------------------------------------
def _section(brief: Brief, key: str) -> list[str]:
    return [line.text for s in brief.sections if s.key == key for line in s.lines]


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_the_denmark_brief_suggests_danish_partners_and_raises_offshore_wind(
    briefs: dict[tuple[str, str], Brief], lang: str
) -> None:
    brief = briefs[("dk", lang)]
    opportunities = _section(brief, "opportunities")
    assert len(opportunities) >= 3, opportunities
    danish = {"Odense", "Aalborg", "Copenhagen", "Næstved", "Holstebro", "Gladsaxe"}
    assert all(line.split(" (")[0] in danish for line in opportunities), opportunities
    text = " ".join(opportunities)
    for engaged in ("Esbjerg", "Ørsted", "Suzhou", "Hồ Chí Minh", "Ho Chi Minh"):
        assert engaged not in text, engaged
    points = " ".join(_section(brief, "points_to_raise"))
    wind = "offshore wind" if lang == "en" else "điện gió ngoài khơi"
    assert wind in points and "Suzhou" not in points, points
    assert ("Ørsted" in points) and ("Meet again" in points or "Gặp lại" in points), points
    plain = "sister city of" if lang == "en" else "kết nghĩa với"
    assert plain in text, text
    for jargon in ("adamic", "pagerank", "score", "0.0"):
        assert jargon not in text.lower(), jargon
    if lang == "vi":
        assert "sister city" not in text and "works with" not in text, text


def test_a_city_brief_suggests_its_countrys_actors_and_its_own_partners(
    briefs: dict[tuple[str, str], Brief],
) -> None:
    brief = briefs[("esbjerg-dk", "en")]
    opportunities = _section(brief, "opportunities")
    assert any(", Denmark (city)" in line for line in opportunities), opportunities
    assert any("a sister city of Esbjerg" in line for line in opportunities), opportunities
    facts = _section(brief, "key_facts")
    assert sum("Located in Denmark" in line for line in facts) == 1, facts


@pytest.mark.parametrize("key", sorted(EXPECTED))
def test_no_false_precision_and_sources_with_their_metadata(
    briefs: dict[tuple[str, str], Brief], key: tuple[str, str]
) -> None:
    brief = briefs[key]
    md = render(brief, "md").decode()
    assert "2022-01-01" not in md and "2022-12-31" not in md
    assert ".txt" not in md and "seed-00" not in md  # no internal file names or ids
    for s in brief.sources:
        assert s.title and s.title != s.id
        publisher, published, url = s.detail.split("; ")
        assert publisher and published and url, s
    assert any("https://en.wikipedia.org/" in s.detail for s in brief.sources) or key[0] in {
        "nl",
        "kr",
        "orsted",
    }


def test_the_vietnamese_brief_is_all_in_vietnamese(briefs: dict[tuple[str, str], Brief]) -> None:
    md = render(briefs[("dk", "vi")], "md").decode()
    assert "Crown Prince" not in md and "Thái tử kế vị Đan Mạch" in md
    assert "Thái tử kế vị Đan Mạch | Thái tử kế vị Đan Mạch" not in md
    assert "công nghiệp hỗ trợ" in md and "công nghệ phụ trợ" not in md
    assert "Supporting industry" not in md and "Clean industry" not in md
    assert "(đề xuất)" not in md  # the suggestion mark is not glued to a capital
    assert ", các đoàn quốc tế đến từ Đan Mạch" in md  # no capital mid-sentence
    assert "For context" not in md and "Opportunities" not in md
    kr = render(briefs[("kr", "vi")], "md").decode()
    assert "Hải Phòng (Hai Phong), Vốn" not in kr  # the home's figures: one line of context
    # the investor and where it invests by their Vietnamese names, in every section
    assert "Hàn Quốc đầu tư vào Hải Phòng" in kr and "Đầu tư: Hàn Quốc vào Hải Phòng" in kr
    assert "South Korea" not in kr.replace("(South Korea)", ""), kr


def test_dormancy_and_data_as_of_follow_the_visit_date(full_store: LadybugStore) -> None:
    import datetime as dt

    later = build_brief(
        full_store, "dk", home=HOME, lang="en", visit_date=dt.date(2024, 6, 1), picture=False
    )
    facts = " ".join(_section(later, "key_facts"))
    assert "Dormant: 17 months without contact" in facts, facts
    assert ("Data as of", "sources reach to Dec 2022") in later.cover, later.cover
    vi = build_brief(full_store, "dk", home=HOME, lang="vi", picture=False)
    assert ("Dữ liệu cập nhật đến", "nguồn tin đến 12/2022") in vi.cover, vi.cover


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_the_picture_is_the_partners_engagements_with_the_home_linked(
    briefs: dict[tuple[str, str], Brief], lang: str
) -> None:
    from graph.briefs.picture import neighbourhood_svg

    picture = briefs[("dk", lang)].picture
    assert picture is not None
    assert any(picture.home in edge for edge in picture.edges)  # the home is linked
    names = {text for text, _ in picture.nodes.values()}
    assert not names & {"Odense", "Aalborg", "Vesthimmerland"}  # not the twin list's cities
    svg = neighbourhood_svg(picture)
    home, legend = ("Hai Phong", "Country") if lang == "en" else ("Hải Phòng", "Quốc gia")
    assert f">{home}</text>" in svg and f">{legend}</text>" in svg
    assert "Crown Prince" in svg if lang == "en" else "Thái tử kế vị Đan Mạch" in svg


@pytest.mark.parametrize("key", [("dk", "vi"), ("dk", "en")])
def test_a_rendered_pdf_page_is_a4_with_the_picture_in_vectors(
    briefs: dict[tuple[str, str], Brief], key: tuple[str, str]
) -> None:
    reader = PdfReader(io.BytesIO(render(briefs[key], "pdf")))
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4 in points
    text = nfc(" ".join(page.extract_text() for page in reader.pages))
    home = "Hải Phòng" if key[1] == "vi" else "Hai Phong"
    picture_page = next(
        page for page in reader.pages if briefs[key].labels["network"] in page.extract_text()
    )
    assert home in nfc(picture_page.extract_text())  # the picture's labels are text, not pixels
    assert not list(picture_page.images)
    assert "2022-01-01" not in text and ".txt" not in text
    fonts = {
        str(f.get_object().get("/BaseFont")).split("+")[-1]
        for page in reader.pages
        for f in (page["/Resources"].get("/Font") or {}).values()
    }
    # one family, the page numbers included (margin boxes inherit from the root, not the body)
    assert fonts <= {"DejaVu-Sans", "DejaVu-Sans-Bold", "DejaVu-Sans-Oblique"}, fonts
    assert f"1 / {len(reader.pages)}" in reader.pages[0].extract_text()


@pytest.mark.parametrize("key", [("dk", "vi"), ("dk", "en")])
def test_the_docx_is_a4_with_sensible_columns(
    briefs: dict[tuple[str, str], Brief], key: tuple[str, str]
) -> None:
    from docx.shared import Cm
    from PIL import Image

    doc = Document(io.BytesIO(render(briefs[key], "docx")))
    section = doc.sections[0]
    assert abs(section.page_width - Cm(21)) < Cm(0.1) and abs(section.page_height - Cm(29.7)) < Cm(
        0.1
    )
    text_width = section.page_width - section.left_margin - section.right_margin
    timeline = next(t for t in doc.tables if len(t.columns) == 5)
    widths = [c.width for c in timeline.columns]
    assert max(widths) > 3 * min(widths), widths  # the title and who, not the sources' column
    for table in doc.tables:  # every table within the text width, every cell told its width
        assert sum(c.width for c in table.columns) <= text_width + Cm(0.1), table.columns
        assert all(cell.width for row in table.rows for cell in row.cells)
    assert doc.inline_shapes[0].width <= text_width  # the picture too
    assert doc.styles["Normal"].font.name == "DejaVu Sans"
    kinds = {row.cells[2].text for row in timeline.rows[1:]}
    expected = (
        {"Sự kiện", "Chuyến thăm (đoàn vào)"} if key[1] == "vi" else {"Event", "Visit (incoming)"}
    )
    assert kinds == expected, kinds
    counterparts = next(t for t in doc.tables if len(t.columns) == 4 and t is not timeline)
    for row in counterparts.rows[1:]:
        assert row.cells[0].text != row.cells[1].text, row.cells[0].text
    blob = doc.inline_shapes[0]._inline.graphic.graphicData.pic.blipFill.blip.embed
    image = Image.open(io.BytesIO(doc.part.related_parts[blob].blob))
    assert image.info["dpi"][0] >= 299 and image.width >= 2000  # print resolution


def test_every_opportunity_signal_has_its_words() -> None:
    from graph.briefs.sections.opportunities import REASONS
    from graph.questions.unexplored import OPPORTUNITY_WEIGHTS

    assert set(REASONS) == set(OPPORTUNITY_WEIGHTS), set(REASONS) ^ set(OPPORTUNITY_WEIGHTS)


@pytest.mark.parametrize("key", sorted(EXPECTED))
def test_the_pictures_labels_are_apart_and_inside_it(
    briefs: dict[tuple[str, str], Brief], key: tuple[str, str]
) -> None:
    from itertools import combinations

    from graph.briefs.picture import HEIGHT, WIDTH, _layout, place_labels

    picture = briefs[key].picture
    assert picture is not None
    labels = place_labels(picture, _layout(picture))
    assert set(labels) == set(picture.nodes)
    for (a, la), (b, lb) in combinations(labels.items(), 2):
        x = min(la.box[2], lb.box[2]) - max(la.box[0], lb.box[0])
        y = min(la.box[3], lb.box[3]) - max(la.box[1], lb.box[1])
        assert x <= 0 or y <= 0, (a, la, b, lb)
    for n, label in labels.items():
        x0, y0, x1, y1 = label.box
        assert x0 >= 0 and y0 >= 0 and x1 <= WIDTH and y1 <= HEIGHT - 24, (n, label)


def _words(pdf: bytes, tmp_path: Path) -> list[list[tuple[float, float, float, float, str]]]:
    """Each page's words with their boxes in points, as poppler lays them out."""
    path = tmp_path / "brief.pdf"
    path.write_bytes(pdf)
    out = tmp_path / "words.html"
    subprocess.run(["pdftotext", "-bbox", str(path), str(out)], check=True)
    word = re.compile(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>'
    )
    return [
        [(float(a), float(b), float(c), float(d), t) for a, b, c, d, t in word.findall(page)]
        for page in out.read_text(encoding="utf-8").split("<page ")[1:]
    ]


@pytest.mark.parametrize("key", [("dk", "vi"), ("dk", "en"), ("kr", "en"), ("nl", "vi")])
def test_a_rendered_pdf_keeps_its_words_apart_and_inside_the_margins(
    briefs: dict[tuple[str, str], Brief], key: tuple[str, str], tmp_path: Path
) -> None:
    """The page as a reader sees it: no word drawn over another (the picture's labels
    included), none in the margins (16 mm a side), the picture's labels whole."""
    from itertools import combinations

    pages = _words(render(briefs[key], "pdf"), tmp_path)
    assert len(pages) >= 3, len(pages)
    margin, width = 16 / 25.4 * 72, 595.28
    for number, words in enumerate(pages, start=1):
        for x0, _, x1, _, text in words:
            assert margin - 1 <= x0 and x1 <= width - margin + 1, (number, text, x0, x1)
        for a, b in combinations(words, 2):
            x = min(a[2], b[2]) - max(a[0], b[0])
            y = min(a[3], b[3]) - max(a[1], b[1])
            assert x <= 0.5 or y <= 0.5, (number, a, b)
    picture = briefs[key].picture
    assert picture is not None
    from graph.briefs.picture import _lines

    def drawn(text: str) -> set[str]:  # as drawn: two lines at most, then "…"
        return {w for w in " ".join(_lines(text)).split() if "…" not in w}

    everything = set().union(*(drawn(text) for text, _ in picture.nodes.values()))
    page = max(({w[4] for w in words} for words in pages), key=lambda p: len(p & everything))
    for text, _ in picture.nodes.values():
        assert drawn(text) and drawn(text) <= page, (text, sorted(drawn(text) - page))


AGREEMENT = """
source: {id: test-mou, name: "Esbjerg and Hai Phong sign a memorandum", kind: records,
         publisher: Test desk, published: "2024-05-02", url: "https://example.org/mou"}
nodes:
  - {label: Agreement, id: mou-2022-esbjerg, name: MoU on port cooperation with Esbjerg,
     name_vi: Bản ghi nhớ hợp tác cảng biển với Esbjerg, kind: mou, status: signed,
     date: 2022-01-01, date_precision: year, evidence: "signed a memorandum in 2022",
     participants: [{id: esbjerg-dk, role: signatory}, {id: haiphong-vn, role: signatory}]}
  - {label: Visit, id: visit-2022-esbjerg-again, name: Esbjerg delegation again,
     name_vi: Đoàn Esbjerg trở lại, direction: incoming, date: 2022-01-01, date_precision: year,
     evidence: "came back in 2022", participants: [{id: esbjerg-dk, role: guest},
     {id: haiphong-vn, role: host}]}
"""
LATER = """
source: {id: test-visit, name: "Esbjerg's mayor returns", kind: records}
nodes:
  - {label: Visit, id: visit-2024-esbjerg, name: Esbjerg port delegation,
     name_vi: Đoàn cảng Esbjerg, direction: incoming, date: 2024-03-01, date_precision: month,
     evidence: "in March 2024", participants: [{id: esbjerg-dk, role: guest},
     {id: haiphong-vn, role: host}]}
"""


def test_an_agreement_without_follow_up_is_a_point_to_raise(
    sample_store: LadybugStore, tmp_path: Path
) -> None:
    """A year-precision agreement "in 2022" is not followed up by another contact "in 2022"
    (during 2022, not after it); a visit in March 2024 follows it up."""
    from ingest.pipeline import ingest_paths

    (tmp_path / "mou.yaml").write_text(AGREEMENT, encoding="utf-8")
    ingest_paths(sample_store, [tmp_path / "mou.yaml"])
    brief = build_brief(sample_store, "esbjerg-dk", home=HOME, lang="en", picture=False)
    (agreement,) = next(s for s in brief.sections if s.key == "agreements").lines
    assert agreement.cells == [
        "2022",
        "MoU on port cooperation with Esbjerg",
        "signed",
        "none on record",
    ], agreement
    points = _section(brief, "points_to_raise")
    assert (
        "MoU on port cooperation with Esbjerg (2022) has no follow-up on record: ask how it is "
        "being carried out" in points
    ), points
    vi = build_brief(sample_store, "esbjerg-dk", home=HOME, lang="vi", picture=False)
    assert any(
        "Bản ghi nhớ hợp tác cảng biển với Esbjerg (2022)" in p
        for p in _section(vi, "points_to_raise")
    )

    (tmp_path / "later.yaml").write_text(LATER, encoding="utf-8")
    ingest_paths(sample_store, [tmp_path / "later.yaml"])
    brief = build_brief(sample_store, "esbjerg-dk", home=HOME, lang="en", picture=False)
    (agreement,) = next(s for s in brief.sections if s.key == "agreements").lines
    assert agreement.cells[3] == "seen: Esbjerg port delegation (Mar 2024)", agreement
    assert not any("no follow-up" in p for p in _section(brief, "points_to_raise"))
    source = next(s for s in brief.sources if s.id == "test-mou")
    assert source.detail == "Test desk; 2 May 2024; https://example.org/mou", source


def test_warm_runs_what_a_first_pdf_would_pay_for() -> None:
    """The app's start-up warms the PDF engine (api/state.py); run in a new process, so that
    it is the first layout of that process."""
    code = (
        "import sys; from graph.briefs.render import warm; warm(); "
        "print('weasyprint' in sys.modules, 'weasyprint.layout' in sys.modules)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=120
    )
    assert done.returncode == 0 and done.stdout.split() == ["True", "True"], done.stderr


def test_an_agreement_whose_status_no_source_gives_is_not_called_signed(
    sample_store: LadybugStore, tmp_path: Path
) -> None:
    from ingest.pipeline import ingest_paths

    unsaid = AGREEMENT.replace(" status: signed,", "")
    assert unsaid != AGREEMENT
    (tmp_path / "mou.yaml").write_text(unsaid, encoding="utf-8")
    ingest_paths(sample_store, [tmp_path / "mou.yaml"])
    for lang, said in (("en", "not stated in the sources"), ("vi", "nguồn tin không nêu")):
        brief = build_brief(sample_store, "esbjerg-dk", home=HOME, lang=lang, picture=False)
        (agreement,) = next(s for s in brief.sections if s.key == "agreements").lines
        assert agreement.cells[2] == said, agreement
