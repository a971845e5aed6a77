"""One settings object, read from the environment (``PARTNERGRAPH_*``) and command-line flags.

A plain pydantic model that reads its own variables: pydantic-settings did the same for these
scalar fields, and its import (asyncio, its cloud and CLI sources, the plugin scan) was a third
of a command's start (docs/decisions.md, session 8).

>>> Settings(db="x.lbdb", environ={"PARTNERGRAPH_HOME": "hue-vn", "NEO4J_URI": ""}).home
'hue-vn'
>>> Settings(environ={"partnergraph_max_rows": "5"}).max_rows  # names in any case, as before
5
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import AliasChoices, BaseModel, ConfigDict, Field, SecretStr, field_validator

from graph.choices import Lang

__all__ = ["ENV_PREFIX", "Settings"]

ENV_PREFIX = "PARTNERGRAPH_"


class Settings(BaseModel):
    """The environment's values (``PARTNERGRAPH_<FIELD>``, or the field's ``validation_alias``
    names, the first set one winning), with the values given as arguments over them."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    db: Path = Field(Path("data/partnergraph.lbdb"), description="The embedded database file.")
    home: str = Field(
        "haiphong-vn",
        description="Id of the home city or province: whose partnerships the graph keeps.",
    )
    query_timeout_ms: int = Field(10_000, ge=100, description="Time limit of a researcher's query.")
    max_rows: int = Field(10_000, ge=1, description="Row cap of a researcher's query.")
    console_workers: int = Field(
        2, ge=1, le=32, description="Researchers' queries that may run at once (one process each)."
    )
    query_memory_mb: int = Field(
        1024, ge=128, description="Memory (MB) one researcher's query may use before it is stopped."
    )
    max_result_mb: int = Field(
        16, ge=1, description="Size (MiB of JSON) of one researcher's result before it is cut."
    )
    dormant_months: int = Field(12, ge=1, description="Default quiet period for 'dormant'.")
    review_below: float = Field(
        0.5,
        ge=0,
        le=1,
        description="An entity the article reader is less sure of than this (0-1; a typo-tolerant "
        "match is 0.6) waits in the review queue instead of entering the graph.",
    )
    lang: Lang = Field(
        Lang.vi, description="Language of the web app's pages until a visitor chooses another."
    )
    neo4j_uri: str | None = Field(
        None,
        validation_alias=AliasChoices("NEO4J_URI", "PARTNERGRAPH_NEO4J_URI"),
        description="Use Neo4j at this address (neo4j://host:7687) instead of the embedded file.",
    )
    neo4j_user: str = Field(
        "neo4j", validation_alias=AliasChoices("NEO4J_USER", "PARTNERGRAPH_NEO4J_USER")
    )
    neo4j_password: SecretStr = Field(
        SecretStr(""),
        validation_alias=AliasChoices("NEO4J_PASSWORD", "PARTNERGRAPH_NEO4J_PASSWORD"),
    )
    neo4j_database: str = Field(
        "neo4j", validation_alias=AliasChoices("NEO4J_DATABASE", "PARTNERGRAPH_NEO4J_DATABASE")
    )
    buffer_pool_mb: int = Field(
        512,
        ge=64,
        description="Memory (MB) the embedded database may cache pages in when opened read-only "
        "(questions, the web app without uploads); raise it if a large query fails with 'the "
        "buffer pool is full'. Writers use the engine's default (most of the machine's memory).",
    )
    api_key: SecretStr | None = Field(
        None,
        description="Key the web app asks of uploads (header X-API-Key); without one, the app "
        "opens the database read-only and refuses uploads. An empty key is no key.",
    )
    upload_max_files: int = Field(50, ge=1, description="Files one upload may hold.")
    upload_max_mb: int = Field(
        50, ge=1, description="Size (MiB) of one upload, all its files together."
    )

    def __init__(self, environ: Mapping[str, str] | None = None, **values: Any) -> None:
        super().__init__(
            **{**_from_environment(os.environ if environ is None else environ), **values}
        )

    @field_validator("api_key")
    @classmethod
    def _empty_key_is_no_key(cls, key: SecretStr | None) -> SecretStr | None:
        return key if key is not None and key.get_secret_value().strip() else None


def _from_environment(environ: Mapping[str, str]) -> dict[str, str]:
    """The fields the environment sets, by field name (variable names in any case)."""
    upper = {k.upper(): v for k, v in environ.items()}
    found: dict[str, str] = {}
    for name, field in Settings.model_fields.items():
        alias = field.validation_alias
        names = [str(a) for a in alias.choices] if isinstance(alias, AliasChoices) else []
        for variable in names or [ENV_PREFIX + name.upper()]:
            if variable.upper() in upper:
                found[name] = upper[variable.upper()]
                break
    return found
