"""The analytics view (:meth:`GraphStore.to_networkx`) kept in a file beside the database.

The file holds the graph's version (:meth:`GraphStore.graph_version`: the file's identity and
its write count, both kept in each write's transaction) and the networkx graph, pickled. It is
read back only while the database still has that version: any write, in this process or
another, makes it stale, and the next view is built from the graph and saved again. A view
that cannot be read (another release's, cut short) is built again; one that cannot be saved
(a read-only folder) is only not kept.

Pickle runs code from the file it reads: the file sits beside the database, so whoever can
write it can write the database too; it is never read from anywhere else.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import os
import pickle
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["load", "paused_collector", "save"]

log = logging.getLogger("partnergraph")

_FORMAT = "partnergraph-view-1"


def load(path: Path, version: str) -> nx.MultiDiGraph | None:
    """The view kept at ``path`` if it was saved at ``version``, else None."""
    try:
        with path.open("rb") as f, paused_collector():
            head: Any = pickle.load(f)
            if head != (_FORMAT, version):
                return None
            graph: nx.MultiDiGraph = pickle.load(f)
    except FileNotFoundError:
        return None
    except Exception as exc:  # any file that cannot be read is only built again
        log.warning("%s: the kept analytics view could not be read (%s); building it", path, exc)
        return None
    return graph


@contextlib.contextmanager
def paused_collector() -> Iterator[None]:
    """The cyclic garbage collector off while millions of acyclic containers are made: it
    would walk them all again and again (reading the view back took 0.9 s with it, 0.17 s
    without, for the sample with the twin list; building it 2.7 s and 1.8 s)."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def save(path: Path, version: str, graph: nx.MultiDiGraph) -> None:
    """Keep ``graph`` at ``path`` for ``version`` (written aside, then moved in place)."""
    part = path.with_name(f"{path.name}.{os.getpid()}.part")
    try:
        with part.open("wb") as f:
            pickle.dump((_FORMAT, version), f, protocol=5)
            pickle.dump(graph, f, protocol=5)
        os.replace(part, path)
    except OSError as exc:
        log.info("%s: the analytics view is not kept (%s)", path, exc)
        with contextlib.suppress(OSError):
            part.unlink()
