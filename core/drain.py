"""Child processes whose stderr is read as it comes, so a chatty child can never block on it.

A pipe holds 64 KB. A child that writes more than that to stderr while nobody reads it stops in
``write`` until someone does; if the parent is meanwhile waiting on the child's stdout (or on its
stdin taking a frame), both wait forever. A damaged TS file made ffmpeg do exactly that. Every
child started here gets a daemon thread that reads its stderr into a bounded tail, which is what
error messages quote.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import subprocess
import threading
from collections.abc import Callable, Sequence
from typing import Any

TAIL_BYTES = 64 * 1024


class DrainedProcess(subprocess.Popen):  # type: ignore[type-arg]  # stdout/stdin follow the caller's text flag
    """A ``Popen`` whose stderr a thread keeps reading; :meth:`stderr_tail` gives its last words."""

    def __init__(self, cmd: Sequence[str], *, tail_bytes: int = TAIL_BYTES, **popen: Any) -> None:
        super().__init__(list(cmd), stderr=subprocess.PIPE, **popen)
        self._tail = bytearray()
        self._tail_bytes = tail_bytes
        self._lock = threading.Lock()
        self._reader = threading.Thread(target=self._drain, name=f"stderr-{self.pid}", daemon=True)
        self._reader.start()

    def _drain(self) -> None:
        assert self.stderr is not None
        fd = self.stderr.fileno()  # raw reads: the same whether the caller asked for text or bytes
        with self.stderr:
            while chunk := os.read(fd, 65536):
                with self._lock:
                    self._tail += chunk
                    if len(self._tail) > self._tail_bytes:
                        del self._tail[: len(self._tail) - self._tail_bytes]

    def stderr_tail(self, wait_s: float = 2.0) -> str:
        """What the child wrote to stderr last (up to the tail size), once it has ended or after ``wait_s``."""
        if self.poll() is not None:
            self._reader.join(wait_s)  # the child is gone: its last words are in the pipe or read already
        with self._lock:
            return self._tail.decode(errors="replace")

    def stop(self) -> None:
        """Kill the child if it still runs and reap it, so no process or zombie outlives its caller."""
        if self.poll() is None:
            self.kill()
        self.wait()


def die_with_parent(sig: int = signal.SIGKILL) -> Callable[[], None]:
    """A ``preexec_fn`` (Linux): the child gets ``sig`` when the thread that started it ends, e.g. when its
    parent is SIGKILLed. Without it a killed room's destination copies would live on as orphans, still holding
    the platform's stream key (the platform refuses the next holder's copies for as long as they live)."""

    def arm() -> None:
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, sig)  # PR_SET_PDEATHSIG

    return arm


def spawn(cmd: Sequence[str], *, tail_bytes: int = TAIL_BYTES, **popen: Any) -> DrainedProcess:
    """Start ``cmd`` with its stderr drained into a tail of ``tail_bytes``; ``popen`` as for ``subprocess.Popen``."""
    return DrainedProcess(cmd, tail_bytes=tail_bytes, **popen)
