"""Articles by URL: ``partnergraph ingest https://...`` fetches the page, when the machine is
online, into a file that the ingest then reads like any saved page (``ingest/textparse.py``
takes the article's body and metadata out of it with trafilatura).

The page is written with a ``url:`` header line, so the Source says where it came from; its
file name follows the URL, so that fetching the same page again is the same source (and the
same content changes nothing). Only ``http`` and ``https``; a page larger than
:data:`MAX_BYTES`, slower than :data:`TIMEOUT`, or not HTML or text is refused with what to do.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import urlsplit

from graph.errors import InputError
from graph.text import slug

__all__ = ["MAX_BYTES", "TIMEOUT", "fetch", "is_url", "local_paths"]

MAX_BYTES = 5 * 1024 * 1024
"""A news page is well under a megabyte; a larger answer is not an article."""
TIMEOUT = 20.0
"""Seconds to connect and to read."""
_TYPES = ("text/html", "application/xhtml+xml", "text/plain")


def is_url(text: str) -> bool:
    return bool(re.match(r"(?i)https?://", text))


def local_paths(inputs: Iterable[str], directory: Path) -> list[Path]:
    """The inputs as files: paths as they are, URLs fetched into ``directory``."""
    return [fetch(item, directory) if is_url(item) else Path(item) for item in inputs]


def fetch(url: str, directory: Path) -> Path:
    """Fetch ``url`` into a file in ``directory`` and return its path."""
    import urllib3

    parts = urlsplit(url)
    if parts.scheme.lower() not in {"http", "https"} or not parts.hostname:
        raise InputError(f"{url}: only http:// and https:// addresses can be fetched")
    pool = urllib3.PoolManager(
        timeout=urllib3.Timeout(connect=TIMEOUT, read=TIMEOUT),
        retries=urllib3.Retry(total=2, redirect=5, raise_on_redirect=True),
        headers={"User-Agent": "partnergraph (article reader)"},
    )
    try:
        response = pool.request("GET", url, preload_content=False)
    except urllib3.exceptions.HTTPError as exc:
        raise InputError(
            f"{url}: could not be fetched ({type(exc).__name__}); is the machine online and "
            "the address right? Save the page as .html and ingest the file instead"
        ) from exc
    try:
        if response.status != 200:
            raise InputError(f"{url}: the server answered {response.status}; nothing was read")
        kind = (response.headers.get("Content-Type") or "text/html").split(";")[0].strip()
        if kind.lower() not in _TYPES:
            raise InputError(f"{url}: is {kind}, not a web page; download it and ingest the file")
        body = b""
        for chunk in response.stream(64 * 1024):
            body += chunk
            if len(body) > MAX_BYTES:
                raise InputError(
                    f"{url}: is larger than {MAX_BYTES // (1024 * 1024)} MiB, more than an "
                    "article; nothing was read"
                )
        charset = response.headers.get("Content-Type", "").partition("charset=")[2].strip()
    finally:
        response.release_conn()
    text = _decode(body, charset)
    name = slug(f"{parts.hostname}{parts.path}")[:80] or "page"
    digest = hashlib.sha1(url.encode()).hexdigest()[:8]
    suffix = ".txt" if kind == "text/plain" else ".html"
    path = directory / f"{name}-{digest}{suffix}"
    path.write_text(f"url: {url}\n\n{text}", encoding="utf-8")
    return path


def _decode(body: bytes, charset: str) -> str:
    for encoding in (charset, "utf-8"):
        if encoding:
            try:
                return body.decode(encoding)
            except (LookupError, UnicodeDecodeError):
                continue
    return body.decode("utf-8", errors="replace")
