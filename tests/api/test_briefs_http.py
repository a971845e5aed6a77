"""Briefing packs from the API and the command line."""

from __future__ import annotations

import io
from pathlib import Path

import httpx
from docx import Document
from pypdf import PdfReader

from tests.api.test_cli import run


def test_brief_in_every_format(client: httpx.Client) -> None:
    for fmt, media in [
        ("pdf", "application/pdf"),
        ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("html", "text/html"),
        ("md", "text/markdown"),
    ]:
        r = client.get(f"/api/briefs/dk.{fmt}", params={"lang": "vi"})
        assert r.status_code == 200, (fmt, r.text[:300])
        assert r.headers["content-type"].startswith(media)
        assert "brief-dk-vi." + fmt in r.headers["content-disposition"]
    pdf = client.get("/api/briefs/Đan Mạch.pdf", params={"lang": "vi", "visit_date": "2022-12-20"})
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Đan Mạch" in text and "20/12/2022" in text
    docx = client.get("/api/briefs/esbjerg-dk.docx", params={"lang": "en"})
    doc = Document(io.BytesIO(docx.content))
    assert any(p.style is not None and p.style.name == "Heading 1" for p in doc.paragraphs)


def test_brief_errors(client: httpx.Client) -> None:
    r = client.get("/api/briefs/Danmark.md")
    assert r.status_code == 404 and "Denmark (dk)" in r.json()["message"]
    r = client.get("/api/briefs/dk.odt")
    assert r.status_code == 422 and "fmt" in r.json()["message"]
    r = client.get("/api/briefs/dk.md", params={"lang": "fr"})
    assert r.status_code == 422 and "lang" in r.json()["message"]


def test_entity_page_brief_form_takes_date_and_direction(client: httpx.Client) -> None:
    page = client.get("/entities/dk", headers={"accept": "text/html"}).text
    assert 'action="/entities/dk/brief"' in page
    for field in ('name="lang"', 'name="fmt"', 'name="visit_date"', 'name="direction"'):
        assert field in page, field
    for lang in ("en", "vi"):
        for fmt in ("pdf", "docx", "html", "md"):
            params = {"lang": lang, "fmt": fmt, "visit_date": "2023-03-01", "direction": "outgoing"}
            r = client.get("/entities/dk/brief", params=params, follow_redirects=False)
            assert r.status_code == 303, r.text
            where = r.headers["location"]
            assert where.startswith(f"/api/briefs/dk.{fmt}?lang={lang}&visit_date=2023-03-01"), (
                where
            )
            assert "direction=outgoing" in where and ("download=true" in where) == (fmt != "html")
    brief = client.get(
        "/entities/dk/brief",
        params={"lang": "vi", "fmt": "md", "visit_date": "2023-03-01"},
        follow_redirects=True,
    )
    assert brief.status_code == 200 and "1/3/2023" in brief.text, brief.text[:500]
    blank = client.get(
        "/entities/dk/brief",
        params={"fmt": "html", "visit_date": "", "direction": ""},
        follow_redirects=False,
    )
    assert blank.headers["location"] == "/api/briefs/dk.html?lang=vi"
    bad = client.get("/entities/dk/brief", params={"visit_date": "1/3/2023"})
    assert bad.status_code == 422 and "YYYY-MM-DD" in bad.json()["message"]


def test_cli_brief_writes_the_file(tmp_path: Path) -> None:
    db = tmp_path / "graph.lbdb"
    loaded = run(db, "load-sample", "--no-reference")
    assert loaded.returncode == 0 and "| 2022 " not in loaded.stdout
    assert "2022-01-01" not in loaded.stdout  # year-precision dates at their precision
    shown = run(db, "show", "visit-2022-in-dk").stdout
    assert "2022-01-01" not in shown and "2022" in shown
    assert "2022-01-01" not in run(db, "history", "dk").stdout
    target = tmp_path / "dk.pdf"
    done = run(db, "brief", "Đan Mạch", "--lang", "vi", "--format", "pdf", "-o", str(target))
    assert done.returncode == 0, done.stderr
    assert target.read_bytes().startswith(b"%PDF")
    done = run(db, "brief", "Denmark", "-o", str(tmp_path / "dk.docx"))  # format from the name
    assert done.returncode == 0 and (tmp_path / "dk.docx").stat().st_size > 10_000
    done = run(db, "brief", "Danmark", "-o", str(tmp_path / "x.md"))
    assert done.returncode == 4 and "Denmark (dk)" in done.stderr
    done = run(db, "brief", "dk", "--format", "odt")
    assert done.returncode == 2 and "pdf" in done.stderr and "docx" in done.stderr  # usage

    # dormancy follows --as-of and the brief's visit date, counted from the end of 2022
    import json

    for as_of, months in (("2023-06-30", 6), ("2024-06-30", 18)):
        quiet = run(db, "dormant", "--as-of", as_of, "--months", "3", "--json")
        assert quiet.returncode == 0, quiet.stderr
        japan = next(p for p in json.loads(quiet.stdout)["partners"] if p["id"] == "jp")
        assert japan["months_quiet"] == months and japan["last_shown"] == "2022", japan
    quiet = run(db, "dormant", "--months", "3").stdout
    assert "the latest date the sources reach" in quiet and "2022-01-01" not in quiet
    for visit, said in (
        ("2023-03-01", "Active: contact in the last months"),
        ("2024-06-01", "Dormant: 17 months without contact"),
    ):
        target = tmp_path / f"dk-{visit}.md"
        done = run(db, "brief", "dk", "--visit-date", visit, "-o", str(target))
        assert done.returncode == 0, done.stderr
        text = target.read_text(encoding="utf-8")
        assert said in text and "Data as of:** sources reach to Dec 2022" in text, text[:600]


def test_opportunities_with_their_numbers(client: httpx.Client) -> None:
    r = client.get("/api/opportunities/dk", params={"limit": 5})
    assert r.status_code == 200, r.text
    found = r.json()
    assert found and all(s["country_code"] == "DK" for s in found), found
    for s in found:
        assert s["score"] == round(sum(reason["score"] for reason in s["reasons"]), 4)
        assert all(reason["via"] for reason in s["reasons"]), s
    assert client.get("/api/opportunities/Danmark").status_code == 404
