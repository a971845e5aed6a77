"""Text helpers shared by search, resolution and ids: folding diacritics and making slugs.

Examples
--------
>>> fold("Đan Mạch")
'dan mach'
>>> fold("  Cảng   ROTERDAM ")
'cang roterdam'
>>> slug("Hải Phòng")
'hai-phong'
>>> slug("Ørsted A/S")
'orsted-a-s'
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["fold", "slug"]

# Letters that NFKD does not split into a base letter and a mark.
_SPECIAL = str.maketrans(
    {
        "đ": "d",
        "Đ": "D",
        "ø": "o",
        "Ø": "O",
        "æ": "ae",
        "Æ": "AE",
        "ß": "ss",
        "ł": "l",
        "Ł": "L",
        "œ": "oe",
        "Œ": "OE",
        "ı": "i",
    }
)


def fold(text: str) -> str:
    """Lower case, no diacritics, single spaces: the key for diacritic-insensitive matching."""
    if text.isascii():  # most names: nothing to decompose (a third of the time to index cities)
        return " ".join(text.casefold().split())
    text = unicodedata.normalize("NFKD", text.translate(_SPECIAL))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(text.casefold().split())


def slug(text: str) -> str:
    """A readable id fragment: folded, ASCII letters and digits joined by '-'."""
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")
