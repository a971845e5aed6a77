"""The closed choices a user makes, one enum per concept, shared by the command line (typer)
and the web app (FastAPI): both list them in their help and refuse anything else.

Nothing is imported here, so that ``partnergraph --help`` stays fast.

>>> [str(lang) for lang in Lang]
['vi', 'en']
>>> BriefFormat("md") is BriefFormat.md
True
"""

from __future__ import annotations

from enum import StrEnum

__all__ = ["BriefFormat", "Direction", "ExportFormat", "Lang", "ReviewStatus"]


class Lang(StrEnum):
    """A language of the pages and briefs: Vietnamese first."""

    vi = "vi"
    en = "en"


class BriefFormat(StrEnum):
    """A brief's file format (``graph.briefs.render``)."""

    pdf = "pdf"
    docx = "docx"
    html = "html"
    md = "md"


class ExportFormat(StrEnum):
    """An export format of the whole graph (``graph.exports.FORMATS`` says what each is)."""

    json = "json"
    graphml = "graphml"
    gexf = "gexf"
    csv = "csv"
    cypher = "cypher"
    ftm = "ftm"


class Direction(StrEnum):
    """Of a visit: incoming (they visit us) or outgoing (we visit them); the schema's enum
    ``direction``, which a test keeps equal to this."""

    incoming = "incoming"
    outgoing = "outgoing"


class ReviewStatus(StrEnum):
    """Which review items to list: those of one status (the schema's enum ``review_status``,
    which a test keeps equal to every member but the last) or ``all`` of them."""

    open = "open"
    accepted = "accepted"
    merged = "merged"
    rejected = "rejected"
    all = "all"

    @property
    def stored(self) -> str | None:
        """The status as the store keeps it; none for ``all``."""
        return None if self is ReviewStatus.all else self.value
