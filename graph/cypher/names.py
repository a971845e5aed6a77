"""Schema names in query text: the only things put into it, each checked first.

>>> ident("City")
'`City`'
>>> ident("City) DETACH DELETE (n")
Traceback (most recent call last):
...
graph.errors.ValidationError: 'City) DETACH DELETE (n' is not a label, ... in the schema
"""

from __future__ import annotations

from graph.errors import ValidationError
from graph.schema import MODEL, Model

__all__ = ["ident"]


def ident(name: str, model: Model = MODEL) -> str:
    """Backtick-quote a schema identifier, refusing anything ``model`` does not declare."""
    if name not in model.identifiers:
        raise ValidationError(
            f"{name!r} is not a label, relationship type or property in the schema"
        )
    return f"`{name}`"
