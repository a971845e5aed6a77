"""What a brief holds, whatever its format: sections of lines, each line citing numbered
sources, the cover, the source list and the picture."""

from __future__ import annotations

from pydantic import BaseModel, Field

from graph.briefs.picture import Picture

__all__ = ["Brief", "Line", "Section", "SourceEntry"]


class Line(BaseModel):
    text: str
    refs: list[int] = Field(default_factory=list)
    cells: list[str] = Field(default_factory=list, description="For sections shown as tables.")


class Section(BaseModel):
    key: str
    title: str
    lines: list[Line]
    empty: str = Field(description="The one line shown when there is nothing on record.")
    columns: list[str] = Field(default_factory=list)
    note: str | None = None


class SourceEntry(BaseModel):
    number: int
    id: str
    title: str
    detail: str
    url: str | None = None


class Brief(BaseModel):
    lang: str
    partner_id: str
    partner_label: str
    title: str
    heading: str
    cover: list[tuple[str, str]]
    sections: list[Section]
    sources: list[SourceEntry]
    labels: dict[str, str] = Field(description="Fixed texts the layouts need, translated.")
    picture: Picture | None = Field(
        None, description="The partner's neighbourhood, drawn by render."
    )
