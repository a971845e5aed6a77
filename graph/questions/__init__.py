"""The questions users ask of the graph, one module each; all return pydantic models."""

from graph.questions.dormant import Dormant, dormant
from graph.questions.history import History, history
from graph.questions.lookup import EntityView, SearchHit, find_entity, search, show, side
from graph.questions.unexplored import Suggestion, unexplored

__all__ = [
    "Dormant",
    "EntityView",
    "History",
    "SearchHit",
    "Suggestion",
    "dormant",
    "find_entity",
    "history",
    "search",
    "show",
    "side",
    "unexplored",
]
