"""The command line's words in Vietnamese or English: its messages, counts, numbers and money.

Messages and counts come from the command line's catalogue
(``graph/briefs/locale/vi/LC_MESSAGES/cli.po``, English the source language), read here with
the standard library (:func:`read_po`, which a test keeps equal to babel's reading, the briefs'
and the pages' reader): babel's import is a tenth of a question's start. Numbers and money by
babel's CLDR data with the briefs' rules (:meth:`graph.briefs.i18n.Language.money`, which a
test keeps equal), counts without it. Not the briefs' own ``Language``: importing
``graph.briefs`` loads the briefs' sections and templates, a third of a second.

>>> Words.get("vi").count("{n} engagement", "{n} engagements", 17178)
'17.178 hoạt động'
>>> Words.get("vi").text("Next: {step}")
'Tiếp theo: {step}'
>>> Words.get("en").money(2_061_530_000, "USD"), Words.get("vi").money(2_061_530_000, "USD")
('USD 2,061.53 million', '2.061,53 triệu USD')
"""

from __future__ import annotations

import ast
import gettext
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import graph

__all__ = ["CLI_PO", "LOCALE_DIR", "Words", "read_po"]

LOCALE_DIR = Path(graph.__file__).parent / "briefs" / "locale"  # the briefs' and the pages'
_LOCALES = {"vi": "vi", "en": "en_GB"}  # as graph.briefs.i18n writes each language
CLI_PO = "cli.po"


@dataclass(frozen=True)
class Words:
    code: str
    locale: str
    translations: gettext.NullTranslations = field(repr=False)

    @staticmethod
    @cache
    def get(code: str) -> Words:
        return Words(str(code), _LOCALES[code], _translations(code))

    def text(self, message: str) -> str:
        """A message of the command line in this language (English: as written)."""
        return self.translations.gettext(message)

    def count(self, singular: str, plural: str, n: int) -> str:
        """``{n}`` in the catalogue's singular or plural text, as this language writes it."""
        return self.translations.ngettext(singular, plural, n).format(n=self.number(n, 0))

    def number(self, value: float, digits: int = 2) -> str:
        if type(value) is int:  # a count: what CLDR writes, without babel's import
            grouped = f"{value:,}"  # en_GB: 17,178
            return grouped if self.code == "en" else grouped.replace(",", ".")  # vi: 17.178
        from babel.numbers import format_decimal

        pattern = "#,##0." + "#" * digits if digits else "#,##0"
        return str(format_decimal(value, pattern, locale=self.locale))

    def money(self, value: float, unit: str) -> str:
        """Amounts in millions above a million: "USD 2,061.53 million", "2.061,53 triệu USD"."""
        text = self.translations.gettext
        if abs(value) >= 1_000_000:
            return text("{unit} {amount} million").format(
                unit=unit, amount=self.number(value / 1e6)
            )
        return text("{unit} {amount}").format(unit=unit, amount=self.number(value))


def _translations(code: str) -> gettext.NullTranslations:
    if code == "en":
        return gettext.NullTranslations()  # the source language
    catalog, plural = read_po(LOCALE_DIR / code / "LC_MESSAGES" / CLI_PO)
    translations = gettext.GNUTranslations()  # no file: its catalogue is set here
    translations._catalog = catalog  # type: ignore[attr-defined]
    translations.plural = plural  # type: ignore[attr-defined]
    return translations


_ENTRY = re.compile(r"^(msgid|msgid_plural|msgstr(?:\[\d+\])?|msgctxt)\s+(\".*\")\s*$")


def read_po(path: Path) -> tuple[dict[Any, str], Callable[[int], int]]:
    """A catalogue's translated messages as :class:`gettext.GNUTranslations` keeps them
    (``msgid``, or ``(msgid, form)`` for a count), and its plural rule. What babel's ``read_po``
    then ``write_mo`` keep: no fuzzy or untranslated entry, nor the header."""
    entries: list[dict[str, str]] = []  # each entry's keywords and texts
    entry: dict[str, str] = {}
    fuzzy = False
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = line.strip()
        if line.startswith("#,") and "fuzzy" in line:
            fuzzy = True
        if not line or line.startswith("#"):
            continue
        found = _ENTRY.match(line)
        if (
            found
            and found[1] in ("msgid", "msgctxt")
            and any(k.startswith("msgstr") for k in entry)
        ):
            entries.append(entry)  # the next entry begins
            entry = {}
        if found and found[1] in ("msgid", "msgctxt") and "fuzzy" not in entry:
            entry["fuzzy"], fuzzy = ("1" if fuzzy else ""), False
        if found:
            entry["last"] = found[1]
            entry[found[1]] = ast.literal_eval(found[2])
        elif line.startswith('"') and "last" in entry:  # a text continued on the next line
            entry[entry["last"]] += ast.literal_eval(line)
        else:
            raise ValueError(f"{path}, line {number}: cannot read {line!r}")
    entries.append(entry)
    catalog: dict[Any, str] = {}
    rule = "0"
    for e in entries:
        if e.get("msgid") == "":
            header = re.search(r"plural=([^;\n]+)", e.get("msgstr", ""))
            rule = header[1].strip() if header else rule
        elif e.get("fuzzy") or "msgctxt" in e:
            continue
        elif "msgid_plural" in e:
            forms = sorted(k for k in e if k.startswith("msgstr["))
            if all(e[k] for k in forms):
                for k in forms:
                    catalog[(e["msgid"], int(k[7:-1]))] = e[k]
        elif e.get("msgstr"):
            catalog[e["msgid"]] = e["msgstr"]
    return catalog, gettext.c2py(rule)
