"""The command line's counts, numbers and money in Vietnamese or English.

Counts come from the command line's catalogue (``graph/briefs/locale/vi/LC_MESSAGES/cli.po``,
English the source language, read with babel as the briefs' and the pages' catalogues are);
numbers and money from babel's CLDR data by the briefs' rules
(:meth:`graph.briefs.i18n.Language.money`, which a test keeps equal). Not the briefs' own
``Language``: importing ``graph.briefs`` loads the briefs' sections and templates, a third of
a second of every question's start.

>>> Words.get("vi").count("{n} engagement", "{n} engagements", 17178)
'17.178 hoạt động'
>>> Words.get("en").money(2_061_530_000, "USD"), Words.get("vi").money(2_061_530_000, "USD")
('USD 2,061.53 million', '2.061,53 triệu USD')
"""

from __future__ import annotations

import gettext
import io
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import graph

__all__ = ["LOCALE_DIR", "Words"]

LOCALE_DIR = Path(graph.__file__).parent / "briefs" / "locale"  # the briefs' and the pages'
_LOCALES = {"vi": "vi", "en": "en_GB"}  # as graph.briefs.i18n writes each language


@dataclass(frozen=True)
class Words:
    code: str
    locale: str
    translations: gettext.NullTranslations = field(repr=False)

    @staticmethod
    @cache
    def get(code: str) -> Words:
        return Words(str(code), _LOCALES[code], _translations(code))

    def count(self, singular: str, plural: str, n: int) -> str:
        """``{n}`` in the catalogue's singular or plural text, as this language writes it."""
        return self.translations.ngettext(singular, plural, n).format(n=self.number(n, 0))

    def number(self, value: float, digits: int = 2) -> str:
        if type(value) is int and self.code == "en":  # a count: what CLDR's en_GB writes
            return f"{value:,}"  # without babel's import, a tenth of a question's start
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
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with (LOCALE_DIR / code / "LC_MESSAGES" / "cli.po").open("rb") as f:
        catalog = read_po(f, locale=code)
    buf = io.BytesIO()
    write_mo(buf, catalog)
    buf.seek(0)
    return gettext.GNUTranslations(buf)
