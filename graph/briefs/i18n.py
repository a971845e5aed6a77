"""Fixed texts from the message catalogue (gettext, read with babel), dates and numbers per
locale (babel's CLDR data). English is the source language; ``locale/vi`` translates it.

>>> vi, en = Language.get("vi"), Language.get("en")
>>> vi.date("2022-12-20", "day"), en.date("2022-12-20", "day")
('20/12/2022', '20 Dec 2022')
>>> vi.money(2_061_530_000, "USD"), en.money(2_061_530_000, "USD")
('2.061,53 triệu USD', 'USD 2,061.53 million')
>>> vi.gettext("Sources")
'Nguồn'
"""

from __future__ import annotations

import datetime as dt
import gettext
import io
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from babel.dates import format_skeleton
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal

from graph.choices import Lang
from graph.errors import ValidationError

__all__ = ["LANGUAGES", "NN_", "N_", "Language"]

LOCALE_DIR = Path(__file__).with_name("locale")


def N_(message: str) -> str:
    """Marks a text kept in a table for the catalogue; it is translated where it is used."""
    return message


def NN_(singular: str, plural: str) -> tuple[str, str]:
    """Marks a text with a plural form kept in a table, for the catalogue."""
    return singular, plural


# How precise dates are written in each language (CLDR skeletons): "20/12/2022" in Vietnamese,
# "20 Dec 2022" in English; "tháng 12, 2022" and "Dec 2022" for a month.
_SKELETONS: dict[str, dict[str, str]] = {
    Lang.vi: {"day": "yMd", "month": "yMM", "year": "y"},
    Lang.en: {"day": "yMMMd", "month": "yMMM", "year": "y"},
}
_LOCALES: dict[str, str] = {Lang.vi: "vi", Lang.en: "en_GB"}
LANGUAGES = tuple(Lang)


@dataclass(frozen=True)
class Language:
    code: str
    locale: str
    translations: gettext.NullTranslations = field(repr=False)
    domain: str = "messages"

    @staticmethod
    @cache
    def get(code: str, domain: str = "messages") -> Language:
        """The language ``code`` with the texts of the catalogue ``domain`` (``messages`` for
        the briefs, ``web`` for the web app's pages)."""
        if code not in _LOCALES:
            raise ValidationError(f"language {code!r}: choose one of {', '.join(LANGUAGES)}")
        return Language(code, _LOCALES[code], _translations(code, domain), domain)

    def gettext(self, message: str, **values: object) -> str:
        """The catalogue's text for ``message``, with ``{name}`` placeholders filled."""
        text = self.translations.gettext(message)
        return text.format(**values) if values else text

    def term(self, word: str) -> str:
        """A word of the data's vocabulary (a label, role, direction, status or unit), as the
        catalogue translates it, else as the web app's does (where a new label's name is
        given: docs/schema.md, "Adding a label"); unknown words are shown as they are."""
        text = self.translations.gettext(word)
        if text == word and self.domain != "web":
            return Language.get(self.code, "web").translations.gettext(word)
        return text

    def ngettext(self, singular: str, plural: str, n: int, **values: object) -> str:
        text = self.translations.ngettext(singular, plural, n)
        return text.format(n=self.number(n), **values)

    def date(self, value: str | dt.date | None, precision: str | None = "day") -> str:
        """An ISO date as precise as its source gave it; "undated" when there is none."""
        if not value:
            return self.gettext("undated")
        day = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])
        skeleton = _SKELETONS[self.code].get(precision or "day", _SKELETONS[self.code]["day"])
        return str(format_skeleton(skeleton, day, locale=self.locale))

    def number(self, value: float, digits: int = 2) -> str:
        pattern = "#,##0." + "#" * digits if digits else "#,##0"
        return str(format_decimal(value, pattern, locale=self.locale))

    def money(self, value: float, unit: str, *, approximate: bool = False) -> str:
        """Amounts in millions above a million: "USD 2,061.53 million", "2.061,53 triệu USD"."""
        if abs(value) >= 1_000_000:
            text = self.gettext(
                "{unit} {amount} million", unit=unit, amount=self.number(value / 1e6)
            )
        else:
            text = self.gettext("{unit} {amount}", unit=unit, amount=self.number(value))
        return self.gettext("nearly {amount}", amount=text) if approximate else text

    def territory(self, code: str) -> str:
        """A country's name in this language from CLDR ("DK" → "Đan Mạch", "Denmark")."""
        return str(_territories(self.locale).get(code.upper(), code.upper()))

    def name(self, name: str | None, name_vi: str | None) -> str:
        """An entity's name in this language first, the other after it where it differs."""
        first, second = (name_vi, name) if self.code == "vi" else (name, name_vi)
        first = first or second or "?"
        return f"{first} ({second})" if second and second != first else first


@cache
def _territories(locale: str) -> dict[str, str]:
    from babel import Locale

    return dict(Locale.parse(locale).territories)


def _translations(code: str, domain: str = "messages") -> gettext.NullTranslations:
    po = LOCALE_DIR / code / "LC_MESSAGES" / f"{domain}.po"
    if not po.exists():
        return gettext.NullTranslations()  # the source language
    with po.open("rb") as f:
        catalog = read_po(f, locale=code)
    buf = io.BytesIO()
    write_mo(buf, catalog)
    buf.seek(0)
    return gettext.GNUTranslations(buf)
