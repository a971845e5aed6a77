"""The sections of a brief, one module each, in the order a brief shows them. Each is a
function of the brief's :class:`~graph.briefs.context.Context` (the opportunities and the
points to raise also take the partner's opportunities)."""

from graph.briefs.sections.agreements import agreements
from graph.briefs.sections.counterparts import counterparts
from graph.briefs.sections.economic import economic
from graph.briefs.sections.key_facts import key_facts
from graph.briefs.sections.networks import networks
from graph.briefs.sections.opportunities import opportunities
from graph.briefs.sections.points_they_raise import points_they_raise
from graph.briefs.sections.points_to_raise import points_to_raise
from graph.briefs.sections.timeline import timeline

__all__ = [
    "agreements",
    "counterparts",
    "economic",
    "key_facts",
    "networks",
    "opportunities",
    "points_they_raise",
    "points_to_raise",
    "timeline",
]
