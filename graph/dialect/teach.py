"""The embedded engine's errors, said as what to do.

Examples
--------
>>> teach("Binder exception: Table Contry does not exist.", labels=("City", "Country"))
'Binder exception: Table Contry does not exist. Did you mean Country?'
>>> teach("Catalog exception: function TOPLOWER does not exist.")
'Catalog exception: function TOPLOWER does not exist. Did you mean toLower (tolower)?'
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable

__all__ = ["teach"]

_TABLE = re.compile(r"Table (\w+) does not exist")
_FUNCTION = re.compile(r"function (\w+) does not exist", re.IGNORECASE)
_PROPERTY = re.compile(r"Cannot find property (\w+) for (\w+)")
_SCOPE = re.compile(r"Variable (\w+) is not in scope")
_TEMPORAL = re.compile(r"(\w+(?:\.\w+)?) has data type (DATE|TIMESTAMP|INTERVAL) but")
# Names researchers know, with the embedded store's spelling.
_KNOWN = {
    "toLower": "tolower",
    "toUpper": "toupper",
    "toInteger": "to_int64",
    "toFloat": "to_double",
    "toString": "to_string",
    "size": "size",
    "length": "length",
    "collect": "collect",
    "coalesce": "coalesce",
    "substring": "substring",
    "replace": "replace",
    "trim": "trim",
    "split": "string_split",
    "reverse": "reverse",
    "range": "range",
    "nodes": "nodes",
    "relationships": "rels",
    "label": "label",
    "date_part": "date_part",
}
_DATE_PARTS = {"year", "month", "day", "quarter", "week", "hour", "minute", "second"}


def _near(word: str, names: Iterable[str]) -> str | None:
    by_lower = {n.lower(): n for n in names}
    found = difflib.get_close_matches(word.lower(), list(by_lower), n=1, cutoff=0.7)
    return by_lower[found[0]] if found else None


def teach(
    message: str,
    *,
    labels: Iterable[str] = (),
    properties: Iterable[str] = (),
) -> str:
    """``message`` with what to write instead, when the error is a known kind."""
    hint = ""
    if m := _TABLE.search(message):
        near = _near(m.group(1), labels)
        hint = f" Did you mean {near}?" if near else " CALL db.labels() lists the labels."
    elif m := _FUNCTION.search(message):
        near = _near(m.group(1), _KNOWN)
        hint = (
            f" Did you mean {near} ({_KNOWN[near]})?"
            if near
            else " CALL show_functions() RETURN name lists the functions."
        )
    elif m := _PROPERTY.search(message):
        word = m.group(1)
        if word.lower() in _DATE_PARTS:
            hint = f" For the {word} of a date write date_part('{word.lower()}', d)."
        else:
            near = _near(word, properties)
            hint = f" Did you mean {near}?" if near else ""
    elif m := _TEMPORAL.search(message):
        hint = (
            f" {m.group(1)} is a {m.group(2).lower()}: for its year write "
            f"date_part('year', d) (month, day likewise), not d.year."
        )
    elif m := _SCOPE.search(message):
        hint = (
            f" Name {m.group(1)} in a MATCH, UNWIND or WITH before using it (after a WITH only "
            "the names it carries are in scope)."
        )
    return message + hint
