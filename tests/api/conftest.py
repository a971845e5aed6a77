"""The real app over HTTP: uvicorn in a thread on a free loopback port, over real databases."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import pytest
import uvicorn
from pydantic import SecretStr

from api.app import create_app
from graph.settings import Settings
from graph.stores import GraphStore, LadybugStore

KEY = "test-key-4f1c"


@contextmanager
def serving(store: GraphStore, *, api_key: str | None = KEY, **settings_: Any) -> Iterator[str]:
    """Serve ``store`` on 127.0.0.1 and yield the base URL (``settings_`` override the app's
    settings)."""
    settings = Settings(
        db=getattr(store, "path", "unused"),
        api_key=SecretStr(api_key) if api_key is not None else None,
        **{"query_timeout_ms": 2_000, "max_rows": 500, **settings_},
    )
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(create_app(settings, store), host="127.0.0.1", port=port, log_level="error")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the app did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="session")
def base_url(full_store: LadybugStore) -> Iterator[str]:
    """The app over the sample graph with the twin-city list, uploads off (no key)."""
    with serving(full_store, api_key=None) as url:
        yield url


@pytest.fixture
def client(base_url: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=base_url, timeout=60) as c:
        yield c


@pytest.fixture
def writable(sample_store: LadybugStore) -> Iterator[tuple[httpx.Client, LadybugStore]]:
    """A fresh sample graph served with an upload key, for tests that write."""
    with serving(sample_store) as url, httpx.Client(base_url=url, timeout=120) as c:
        yield c, sample_store
