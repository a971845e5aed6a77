"""One settings object, read from the environment (``PARTNERGRAPH_*``) and command-line flags."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["Settings", "get_settings"]


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="PARTNERGRAPH_", extra="forbid")

    db: Path = Field(Path("data/partnergraph.lbdb"), description="The embedded database file.")
    home: str = Field(
        "haiphong-vn",
        description="Id of the home city or province: whose partnerships the graph keeps.",
    )
    query_timeout_ms: int = Field(10_000, ge=100, description="Time limit of a researcher's query.")
    max_rows: int = Field(10_000, ge=1, description="Row cap of a researcher's query.")
    dormant_months: int = Field(12, ge=1, description="Default quiet period for 'dormant'.")
    api_key: SecretStr | None = Field(
        None,
        description="Key the web app asks of uploads (header X-API-Key); without one, the app "
        "opens the database read-only and refuses uploads.",
    )


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
