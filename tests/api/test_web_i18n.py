"""The web app in Vietnamese and English: every text of the pages is in the catalogue
(graph/briefs/locale/vi/LC_MESSAGES/web.po, the same machinery as the briefs), translated,
with the same placeholders; the visitor's choice is remembered; dates and numbers follow it."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
import pytest
from babel.messages.pofile import read_po

from api import pages, reasons
from graph.schema import MODEL

ROOT = Path(__file__).parents[2]
TEMPLATES = ROOT / "api" / "templates"
PO = ROOT / "graph" / "briefs" / "locale" / "vi" / "LC_MESSAGES" / "web.po"
OTHERS = {"docs.html"}  # Swagger UI's page: its texts are Swagger's, in English
STRING = r'"((?:[^"\\]|\\.)*)"|\'((?:[^\'\\]|\\.)*)\''
ALLOWED_TEXT = {"partnergraph", "API", "Tiếng Việt", "English", "·", "→", "←"}


def _unquote(match: re.Match[str]) -> str:
    text = match.group(1) if match.group(1) is not None else match.group(2)
    return text.replace('\\"', '"').replace("\\'", "'")


def ours() -> list[Path]:
    return sorted(p for p in TEMPLATES.glob("*.html") if p.name not in OTHERS)


def template_messages() -> set[str]:
    found: set[str] = set()
    for path in ours():
        text = path.read_text(encoding="utf-8")
        for m in re.finditer(r"\b_\(\s*(?:" + STRING + ")", text):
            found.add(_unquote(m))
        for m in re.finditer(r"\bN\(\s*(?:" + STRING + r")\s*,\s*(?:" + STRING + ")", text):
            found.add(m.group(1) or m.group(2))
            found.add(m.group(3) or m.group(4))
    return found


def code_messages() -> set[str]:
    found = set(pages.NEIGHBOUR_GROUPS.values()) | set(pages.CAMEO.values())
    found |= set(pages.NETWORK_MESSAGES.values()) | set(pages.TIE_WORDS.values())
    found |= set(pages.REL_WORDS.values()) | set(pages.CONSOLE_MESSAGES.values())
    found |= set(reasons.REASON_MESSAGES.values())
    found |= {text for pair in pages.LINK_COUNTS.values() for text in pair}
    source = (ROOT / "api" / "pages.py").read_text(encoding="utf-8")
    found |= {m.group(1) for m in re.finditer(r'\badd\(\s*"([^"]+)"', source)}
    # what pages.py and the web catalogue's Language (its money) say through gettext
    for path, call in [
        ("api/pages.py", r"\bgettext"),
        ("graph/briefs/i18n.py", r"\bself\.gettext"),
    ]:
        code = (ROOT / path).read_text(encoding="utf-8")
        found |= {m.group(1) for m in re.finditer(call + r'\(\s*"([^"]+)"', code)}
    return found | {"undated"}


def terms() -> set[str]:
    """Words of the data the pages show through term(): labels and enumerated values."""
    words = {lab for lab, spec in MODEL.labels.items() if not spec.internal}
    enums = ["direction", "city_kind", "role", "agreement_status", "engagement_status"]
    enums += ["event_kind", "agreement_kind", "visit_level"]
    for name in enums:
        words |= set(MODEL.enums[name])
    # kinds the schema lists in a property's description, not as an enum
    for label in ("Organisation", "Source"):
        doc = MODEL.labels[label].properties["kind"].doc or ""
        words |= {w.strip(" .") for w in doc.split(",")}
    words.add("union")  # an Organisation's kind in the sample's records (the EU), not listed
    return words | {"active", "dormant", "none"}


def catalogue() -> dict[str, str]:
    with PO.open("rb") as f:
        cat = read_po(f, locale="vi")
    out: dict[str, str] = {}
    for m in cat:
        if not m.id:
            continue
        if isinstance(m.id, tuple):
            out[m.id[0]] = m.string[0]
            out[m.id[1]] = m.string[0]
        else:
            out[m.id] = m.string
    return out


def test_every_text_of_the_pages_is_translated() -> None:
    wanted = template_messages() | code_messages() | terms()
    assert len(template_messages()) > 60, template_messages()
    cat = catalogue()
    missing = sorted(w for w in wanted if not cat.get(w))
    assert missing == [], f"add these to {PO.relative_to(ROOT)}: {missing}"


def test_translations_keep_their_placeholders() -> None:
    for msgid, msgstr in catalogue().items():
        assert set(re.findall(r"\{\w+\}", msgid)) == set(re.findall(r"\{\w+\}", msgstr)), msgid


def test_no_text_outside_the_catalogue_in_a_template() -> None:
    """A text typed straight into a template (not through _() or N()) fails here."""
    for path in ours():
        text = path.read_text(encoding="utf-8")
        attrs = re.findall(r'\b(?:placeholder|aria-label|title|alt)="([^"]*)"', text)
        for value in attrs:
            assert not re.sub(r"\{\{.*?\}\}|\{%.*?%\}", "", value).strip(), (path.name, value)
        bare = re.sub(r"\{#.*?#\}|\{\{.*?\}\}|\{%.*?%\}", " ", text, flags=re.S)
        bare = re.sub(r"<script.*?</script>|<style.*?</style>", " ", bare, flags=re.S)
        bare = re.sub(r"<[^>]*>", "\n", bare)
        for piece in (p.strip(" \t,.:;()“”\"'") for p in re.split(r"\s*[\n·]\s*", bare)):
            if piece and re.search(r"[^\W\d_]", piece) and piece not in ALLOWED_TEXT:
                pytest.fail(f"{path.name}: {piece!r} is not in the catalogue; write it as _(...)")


def in_lang(client: httpx.Client, lang: str, path: str) -> str:
    with httpx.Client(base_url=client.base_url, cookies={"partnergraph_lang": lang}) as c:
        return c.get(path).text


def test_default_language_is_the_setting_and_the_choice_is_remembered(
    client: httpx.Client,
) -> None:
    home = client.get("/")
    assert '<html lang="vi">' in home.text and "Đối tác chưa khai thác" in home.text
    switched = client.get("/lang/en", params={"next": "/entities/dk"}, follow_redirects=False)
    assert switched.status_code == 303 and switched.headers["location"] == "/entities/dk"
    assert "partnergraph_lang=en" in switched.headers["set-cookie"]
    page = in_lang(client, "en", "/entities/dk")
    assert '<html lang="en">' in page and "Relationship with Hai Phong" in page
    vi = in_lang(client, "vi", "/entities/dk")
    assert "Quan hệ với Hải Phòng" in vi, vi[:2000]
    away = client.get("/lang/vi", params={"next": "//evil.example/"}, follow_redirects=False)
    assert away.headers["location"] == "/"


def test_dates_and_numbers_follow_the_language(client: httpx.Client) -> None:
    en = in_lang(client, "en", "/")
    vi = in_lang(client, "vi", "/")
    assert re.search(r"<strong>\d{1,3}(,\d{3})+</strong>", en), "17,178 in English"
    assert re.search(r"<strong>\d{1,3}(\.\d{3})+</strong>", vi), "17.178 in Vietnamese"
    assert "31 Dec 2022" in en and "31/12/2022" in vi
