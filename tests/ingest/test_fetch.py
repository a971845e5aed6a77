"""``partnergraph ingest https://...``: a page served from 127.0.0.1 (a news page with its
navigation, related links and comments, all written for this test), fetched by the real
command line into a real database."""

from __future__ import annotations

import http.server
import json
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.stores import LadybugStore
from tests.api.test_cli import run

PAGE = """<!doctype html><html lang="vi"><head><meta charset="utf-8">
<title>Ninh Bình đón đoàn tỉnh Gyeongsangbuk | Cổng thông tin</title>
<meta property="article:published_time" content="2024-11-28T09:00:00+07:00">
<meta property="og:site_name" content="Cổng thông tin tỉnh Ninh Bình">
<link rel="canonical" href="https://ninhbinh.example.vn/tin/gyeongsangbuk.html">
</head><body>
<nav><a href="/">Trang chủ</a> <a href="/tin">Tin tức</a> Thủ tướng Nhật Bản thăm Hà Nội</nav>
<article><h1>Ninh Bình đón đoàn tỉnh Gyeongsangbuk</h1>
<p>Chiều 27/11, Chủ tịch UBND tỉnh Ninh Bình Phạm Quang Ngọc đã tiếp đoàn công tác của tỉnh
Gyeongsangbuk (Hàn Quốc) do Phó Tỉnh trưởng Kim Hak Hong dẫn đầu.</p>
<p>Hai bên đã trao đổi về hợp tác trong các lĩnh vực du lịch, văn hóa và đào tạo nghề, và
thống nhất sẽ ký kết bản ghi nhớ hợp tác trong thời gian tới.</p></article>
<aside><h2>Tin liên quan</h2><a href="/x">Đoàn Thái Lan thăm Ninh Bình</a></aside>
<section class="comments"><p>Bình luận: Osaka rất đẹp!</p></section>
</body></html>"""


class _Page(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        if self.path == "/big":
            body, kind = b"<p>" + b"x" * (6 * 1024 * 1024), "text/html"
        elif self.path == "/pdf":
            body, kind = b"%PDF-1.4", "application/pdf"
        elif self.path == "/tin/gyeongsangbuk.html":
            body, kind = PAGE.encode(), "text/html; charset=utf-8"
        else:
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Page)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_an_article_by_its_address(site: str, tmp_path: Path) -> None:
    db = tmp_path / "graph.lbdb"
    env = {"PARTNERGRAPH_HOME": "ninh-binh-vn"}
    url = f"{site}/tin/gyeongsangbuk.html"
    done = run(db, "--json", "ingest", url, env=env)
    assert done.returncode == 0, done.stderr
    with LadybugStore(db, read_only=True) as store:
        (source,) = store.read(
            "MATCH (s:Source {kind: 'article'}) RETURN s.url AS url, s.published AS published, "
            "s.publisher AS publisher, s.text AS text, s.name AS title"
        )
        names = {r["n"] for r in store.read("MATCH (n:Person) RETURN n.name AS n")}
    assert source["url"] == url, source  # the address fetched, not the page's canonical one
    assert str(source["published"]) == "2024-11-28", source
    assert source["publisher"] == "Cổng thông tin tỉnh Ninh Bình", source
    assert source["title"].startswith("Ninh Bình đón đoàn"), source
    text = source["text"]
    assert "Kim Hak Hong" in text and "Trang chủ" not in text, text  # no navigation
    assert "Tin liên quan" not in text and "Osaka" not in text, text  # no related, no comments
    assert {"Pham Quang Ngoc", "Kim Hak Hong"} <= names, names
    again = run(db, "--json", "ingest", url, env=env)
    assert again.returncode == 0 and json.loads(again.stdout)[0]["skipped"], again.stdout
    # the README's walk from a page to a brief: what waits for a person, the history, a brief
    waiting = run(db, "--json", "review", "list", env=env)
    assert waiting.returncode == 0, waiting.stderr
    history = run(db, "--json", "history", "Gyeongsangbuk", env=env)
    assert history.returncode == 0, history.stderr
    assert "Kim Hak Hong" in history.stdout, history.stdout  # the visit, with its guest
    brief = run(
        db,
        "brief",
        "Gyeongsangbuk",
        "--lang",
        "vi",
        "--format",
        "md",
        "-o",
        str(tmp_path / "b.md"),
        env=env,
    )
    assert brief.returncode == 0, brief.stderr
    assert "Gyeongsangbuk" in (tmp_path / "b.md").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("path", "message"), [("/big", "larger than"), ("/pdf", "not a web page"), ("/gone", "404")]
)
def test_a_bad_address_is_refused_and_writes_nothing(
    site: str, tmp_path: Path, path: str, message: str
) -> None:
    db = tmp_path / "graph.lbdb"
    done = run(db, "ingest", f"{site}{path}")
    assert done.returncode != 0 and message in done.stderr, (done.returncode, done.stderr)
    assert not db.exists() or "Source" not in run(db, "--json", "stats").stdout


def test_only_web_addresses_are_fetched(tmp_path: Path) -> None:
    done = run(tmp_path / "graph.lbdb", "ingest", "ftp://example.org/a.html")
    assert done.returncode != 0, done.stdout
