"""Asset store: content addressing, atomic writes, checksums, concurrency and hostile paths."""

from __future__ import annotations

import hashlib
import io
import multiprocessing
import os
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from core.assets import AssetCorrupted, AssetStore
from core.errors import InputError


def test_same_bytes_are_stored_once_and_read_back_verified(tmp_path):
    store = AssetStore(tmp_path)
    a = store.put_bytes("acme", b"hello", ".txt")
    b = store.put_bytes("acme", b"hello", ".txt")
    assert a.path == b.path and a.sha256 == hashlib.sha256(b"hello").hexdigest()
    assert store.read_bytes("acme", a.sha256, ".txt") == b"hello"
    assert list((tmp_path / "acme").rglob("*.txt")) == [a.path]


def test_namespaces_keep_merchants_apart(tmp_path):
    store = AssetStore(tmp_path)
    a = store.put_bytes("acme", b"secret", ".txt")
    with pytest.raises(FileNotFoundError):
        store.verify("other", a.sha256, ".txt")


def _write_many(root: str, worker: int) -> list[str]:
    store = AssetStore(root)
    digests = []
    for i in range(20):
        shared = store.put_bytes("acme", b"shared-content" * 1000, ".bin")
        own = store.put_bytes("acme", f"worker {worker} item {i}".encode() * 500, ".bin")
        digests += [shared.sha256, own.sha256]
    return digests


def test_concurrent_writers_threads_and_processes(tmp_path):
    with ThreadPoolExecutor(4) as pool:
        thread_digests = [d for ds in pool.map(lambda w: _write_many(str(tmp_path), w), range(4)) for d in ds]
    with multiprocessing.get_context("spawn").Pool(3) as pool:
        proc_digests = [d for ds in pool.starmap(_write_many, [(str(tmp_path), 10 + w) for w in range(3)]) for d in ds]
    store = AssetStore(tmp_path)
    expected = set(thread_digests + proc_digests)
    stored = {p.stem.split(".")[0] for p in (tmp_path / "acme").rglob("*.bin")}
    assert stored == expected and len(expected) == 1 + 7 * 20
    for digest in expected:
        store.verify("acme", digest, ".bin")
    assert not list((tmp_path / "acme").glob(".incoming-*"))


def test_failing_source_leaves_nothing_behind(tmp_path):
    class Broken:
        """An upload whose client goes away after a few chunks."""

        calls = 0

        def read(self, n: int) -> bytes:
            self.calls += 1
            if self.calls > 3:
                raise OSError("connection reset by peer")
            return b"x" * n

    store = AssetStore(tmp_path)
    with pytest.raises(OSError, match="connection reset"):
        store.put_stream("acme", Broken(), ".mp4")
    assert not [p for p in tmp_path.rglob("*") if p.is_file()]


def test_oversized_upload_is_refused_and_nothing_is_stored(tmp_path):
    store = AssetStore(tmp_path)
    with pytest.raises(InputError, match="exceeds the limit of 1000 bytes"):
        store.put_stream("acme", io.BytesIO(b"y" * 5000), ".bin", max_bytes=1000)
    assert not [p for p in tmp_path.rglob("*") if p.is_file()]


_SLOW_WRITER = """
import sys, time
from core.assets import AssetStore
class Slow:
    def read(self, n):
        time.sleep(0.05)
        return b"z" * 65536
print("writing", flush=True)
AssetStore(sys.argv[1]).put_stream("acme", Slow(), ".bin")
"""


def test_writer_killed_mid_write_leaves_no_partial_asset(tmp_path):
    repo = Path(__file__).resolve().parents[2]
    proc = subprocess.Popen([sys.executable, "-c", _SLOW_WRITER, str(tmp_path)], cwd=repo,
                            stdout=subprocess.PIPE, env={**os.environ, "PYTHONPATH": str(repo)})
    assert proc.stdout.readline().strip() == b"writing"
    time.sleep(0.5)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    files = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert files and all(p.name.startswith(".incoming-") for p in files), files
    assert AssetStore(tmp_path).sweep_incoming(older_than_s=0) == len(files)
    assert not [p for p in tmp_path.rglob("*") if p.is_file()]


def test_corruption_on_disk_is_detected(tmp_path):
    store = AssetStore(tmp_path)
    asset = store.put_bytes("acme", b"original bytes", ".txt")
    asset.path.write_bytes(b"tampered bytes")
    with pytest.raises(AssetCorrupted):
        store.read_bytes("acme", asset.sha256, ".txt")


@pytest.mark.parametrize("namespace", ["../etc", "acme/../../x", "", "ACME", "a" * 65, "acme\x00", ".hidden", "/abs"])
def test_hostile_namespaces_are_refused(tmp_path, namespace):
    store = AssetStore(tmp_path)
    with pytest.raises(InputError):
        store.put_bytes(namespace, b"x")


@pytest.mark.parametrize("digest", ["../" * 3 + "etc/passwd", "0" * 63, "g" * 64, "0" * 64 + "/x", ""])
def test_hostile_digests_are_refused(tmp_path, digest):
    with pytest.raises(InputError):
        AssetStore(tmp_path).verify("acme", digest)


@pytest.mark.parametrize("suffix", ["/../../x", ".tx/t", "..", ".a b", ".exe\x00.png", "." + "x" * 20])
def test_hostile_suffixes_are_refused(tmp_path, suffix):
    with pytest.raises(InputError):
        AssetStore(tmp_path).put_bytes("acme", b"x", suffix)
    assert not list(tmp_path.rglob("*x*"))
