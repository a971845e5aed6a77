"""The message catalogue: every text the briefs use is translated, with the same placeholders."""

from __future__ import annotations

import string
from pathlib import Path

from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po

from graph.briefs import i18n
from graph.schema import MODEL

PO = i18n.LOCALE_DIR / "vi" / "LC_MESSAGES" / "messages.po"


def _catalog() -> dict[str, object]:
    with PO.open("rb") as f:
        return {m.id if isinstance(m.id, str) else m.id[0]: m for m in read_po(f) if m.id}


# Every module of the briefs: the sections, and the tables of texts marked with N_ / NN_.
MODULES = sorted(Path(i18n.__file__).parent.rglob("*.py"))
KEYWORDS = {"gettext": None, "ngettext": (1, 2), "N_": None, "NN_": (1, 2)}


def _used() -> set[str]:
    used: set[str] = set()
    for module in MODULES:
        for _, msg, _, _ in extract_from_file("python", str(module), keywords=KEYWORDS):
            used.add(msg if isinstance(msg, str) else msg[0])
    return used


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_fixed_text_is_translated() -> None:
    assert len(MODULES) > 10 and any(m.parent.name == "sections" for m in MODULES), MODULES
    catalog = _catalog()
    used = _used()
    assert "a sister city of {cities}, as {home} is" in used  # a table's text is seen
    missing = sorted(used - set(catalog))
    assert not missing, f"add these to {PO}: {missing}"
    for msgid, message in catalog.items():
        strings = message.string if isinstance(message.string, tuple) else (message.string,)  # type: ignore[attr-defined]
        assert all(strings), f"{msgid!r} has no Vietnamese text"
        for s in strings:
            assert _fields(s) == _fields(msgid), (msgid, s)


def test_the_data_vocabulary_is_translated() -> None:
    catalog = _catalog()
    words = [*MODEL.enums["role"], *MODEL.enums["direction"], *MODEL.enums["agreement_status"]]
    assert not [w for w in words if w not in catalog]
    # a label's name may come from the web app's catalogue alone (docs/schema.md's one line)
    vi = i18n.Language.get("vi")
    assert not [label for label in MODEL.domain_labels if vi.term(label) == label]


def test_catalogue_file_is_where_the_package_data_says() -> None:
    assert PO.is_file() and Path(i18n.__file__).parent / "locale" == i18n.LOCALE_DIR
