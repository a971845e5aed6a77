"""Graph stores: one interface (:class:`GraphStore`); the embedded LadybugDB store by default,
Neo4j 5 (:mod:`graph.stores.neo4j`) when a Neo4j address is configured."""

from __future__ import annotations

from typing import TYPE_CHECKING

from graph.settings import Settings
from graph.stores.base import GraphStore, QueryResult, WriteReport
from graph.stores.ladybug import LadybugStore
from graph.stores.sandbox import Limits

if TYPE_CHECKING:
    from graph.stores.neo4j import Neo4jStore

__all__ = [
    "GraphStore",
    "LadybugStore",
    "QueryResult",
    "WriteReport",
    "open_embedded",
    "open_neo4j",
    "open_store",
]


def open_store(settings: Settings, *, read_only: bool) -> GraphStore:
    """The store the settings name: Neo4j when ``neo4j_uri`` is set, else the embedded file."""
    if settings.neo4j_uri:
        return open_neo4j(settings, settings.neo4j_uri, read_only=read_only)
    return open_embedded(settings, read_only=read_only)


def open_embedded(settings: Settings, *, read_only: bool) -> LadybugStore:
    return LadybugStore(
        settings.db,
        read_only=read_only,
        buffer_pool_mb=settings.buffer_pool_mb,
        console_workers=settings.console_workers,
        console_limits=Limits(
            timeout_ms=settings.query_timeout_ms,
            max_rows=settings.max_rows,
            max_bytes=settings.max_result_mb * 2**20,
            memory_mb=settings.query_memory_mb,
        ),
    )


def open_neo4j(settings: Settings, uri: str, *, read_only: bool) -> Neo4jStore:
    """Neo4j at ``uri`` with the settings' user, password and database."""
    from graph.stores.neo4j import Neo4jStore

    return Neo4jStore.connect(
        uri,
        user=settings.neo4j_user,
        password=settings.neo4j_password.get_secret_value(),
        database=settings.neo4j_database,
        read_only=read_only,
    )
