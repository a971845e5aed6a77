"""Briefing packs before a visit: sourced, in Vietnamese and English, as PDF, DOCX, HTML and
Markdown. ``build_brief`` gathers what the graph knows; ``render`` lays it out."""

from graph.briefs.content import Brief, build_brief
from graph.briefs.render import FORMATS, MEDIA_TYPES, render

__all__ = ["FORMATS", "MEDIA_TYPES", "Brief", "build_brief", "render"]
