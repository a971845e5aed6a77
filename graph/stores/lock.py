"""One writer or many readers per database file, across processes.

An advisory lock file beside the database (``graph.lbdb.partnergraph.lock``): every
partnergraph process that opens the file holds it for as long as the file is open, shared to
read, exclusive to write, and never waits. LadybugDB itself lets a read-only open run beside a
writer in another process, and that reader then sees pages the writer has since moved (wrong
answers, or "String dictionary contains a non-monotonic ... string offset") until it reopens.
The lock is released by the kernel when the process ends, however it ends: a ``kill -9``
leaves no stale lock. Holders are named from ``/proc/locks`` where the system has it.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

from graph.errors import StoreError

__all__ = ["DbLock", "holders", "lock_path"]


def lock_path(db: Path) -> Path:
    return db.with_name(db.name + ".partnergraph.lock")


class DbLock:
    """The lock of one open database; :meth:`acquire` or :class:`StoreError`."""

    def __init__(self, db: Path) -> None:
        self.db = db
        self.path = lock_path(db)
        self._fd: int | None = None
        self.exclusive = False

    def acquire(self, *, exclusive: bool) -> None:
        """Take the lock without waiting, or raise :class:`StoreError` naming the holders."""
        if not self._try(exclusive=exclusive):
            raise StoreError(_refusal(self.db, self.path, exclusive=exclusive))

    def try_exclusive(self) -> bool:
        """Take the lock exclusively if no other process holds it; keep what was held if not.
        (A flock conversion may drop the old lock before it fails: it is taken again.)"""
        if self._try(exclusive=True):
            return True
        if not self._try(exclusive=False):
            raise StoreError(_refusal(self.db, self.path, exclusive=False))
        return False

    def share(self) -> None:
        """From exclusive to shared (after a recovery, before the read-only open)."""
        if self.exclusive and not self._try(exclusive=False):
            raise StoreError(_refusal(self.db, self.path, exclusive=False))

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing the descriptor releases the lock
            self._fd = None

    def _try(self, *, exclusive: bool) -> bool:
        fd = self._open()
        if fd is None:  # a read-only folder without a lock file: no writer can be there either
            return True
        try:
            fcntl.flock(fd, (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH) | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        self.exclusive = exclusive
        return True

    def _open(self) -> int | None:
        if self._fd is None:
            try:
                self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
            except OSError:
                try:
                    self._fd = os.open(self.path, os.O_RDONLY | os.O_CLOEXEC)
                except FileNotFoundError:
                    return None
                except OSError as exc:
                    raise StoreError(
                        f"cannot open the lock file {self.path} ({exc.strerror or exc}); "
                        f"check the permissions of {self.path.parent}"
                    ) from exc
        return self._fd


def _refusal(db: Path, lock: Path, *, exclusive: bool) -> str:
    who = holders(lock)
    named = "; ".join(who) if who else "another partnergraph process"
    if exclusive:
        return (
            f"cannot write {db}: it is open in another partnergraph process ({named}). "
            "Writing now would change the file under that process. Stop it first (the web app: "
            "Ctrl-C where it runs), then run this again; to add files while the app runs, "
            "start it with PARTNERGRAPH_API_KEY and upload them to it"
        )
    return (
        f"cannot read {db}: it is being updated by another partnergraph process ({named}), and "
        "a reader now could see it half-written. Try again when that command has finished; a "
        "web app started with PARTNERGRAPH_API_KEY holds the file for writing while it runs: "
        "read through the app, or stop it"
    )


def holders(lock: Path) -> list[str]:
    """Who else holds ``lock``: "pid 123 (partnergraph serve)" per process, from /proc/locks;
    empty where the system does not say."""
    try:
        st = lock.stat()
        table = Path("/proc/locks").read_text()
    except OSError:
        return []
    device = f"{os.major(st.st_dev):02x}:{os.minor(st.st_dev):02x}:{st.st_ino}"
    pids: list[int] = []
    for line in table.splitlines():
        fields = line.split()
        if "->" in fields or len(fields) < 6 or fields[1] != "FLOCK":  # "->": a waiter
            continue
        pid, where = fields[4], fields[5]
        if where == device and pid.isdigit() and int(pid) != os.getpid():
            pids.append(int(pid))
    return [f"pid {pid}{_command(pid)}" for pid in sorted(set(pids))]


def _command(pid: int) -> str:
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return ""
    argv = [a for a in raw.decode(errors="replace").split("\0") if a]
    if not argv:
        return ""
    if len(argv) > 2 and argv[1] == "-m" and argv[2] == "api.cli":  # python -m api.cli ...
        argv = ["partnergraph", *argv[3:]]
    else:
        argv[0] = Path(argv[0]).name
        if argv[0].startswith("python") and len(argv) > 1:
            argv = [Path(argv[1]).name, *argv[2:]]
    text = " ".join(argv)
    return f": {text[:100]}{'…' if len(text) > 100 else ''}"
