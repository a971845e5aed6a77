"""Graph stores: one interface (:class:`GraphStore`), the embedded LadybugDB implementation."""

from graph.stores.base import GraphStore, QueryResult, WriteReport
from graph.stores.ladybug import LadybugStore

__all__ = ["GraphStore", "LadybugStore", "QueryResult", "WriteReport"]
