"""Schema names in query text: the only things put into it, each checked first.

A name is put in backticks only if it has the form every schema name has (the model refuses
a schema that names anything otherwise, :data:`graph.schema.NAME_RE`): a word that cannot
close the quotes. Which names a graph holds is its model's (``store.model``), asked where a
name comes in (``model.label(name)``), so that a store given another schema (a label more)
is queried with that schema's names.

>>> ident("City")
'`City`'
>>> ident("City) DETACH DELETE (n")
Traceback (most recent call last):
...
graph.errors.ValidationError: 'City) DETACH DELETE (n' is not a label, ... a name is a letter, ...
"""

from __future__ import annotations

from graph.errors import ValidationError
from graph.schema import NAME_RE, NAME_WORDS

__all__ = ["ident"]


def ident(name: str) -> str:
    """Backtick-quote a schema identifier, refusing anything no schema could declare."""
    if not NAME_RE.match(name):
        raise ValidationError(
            f"{name[:80]!r} is not a label, relationship type or property name: {NAME_WORDS}"
        )
    return f"`{name}`"
