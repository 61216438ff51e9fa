"""Speech cache keyed by a content hash of everything that changes the audio.

The key covers the text, emotion, the voice profile's content hash, the backend's identity and
settings, and the output format; a change to any of them is a different key, so entries never
need invalidating. Entries are a ``.npz`` of samples plus the timings JSON.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import OrderedDict
from pathlib import Path
from typing import Protocol

import numpy as np

from voice.records import Speech, speech_from_dict, timings_to_dict

CACHE_VERSION = 1  # bump when the synthesis pipeline changes what the same inputs produce


def cache_key(text: str, *, emotion: str | None, voice_hash: str | None, backend_id: str, output: str) -> str:
    """SHA-256 over a canonical JSON of the inputs (hex)."""
    payload = {
        "v": CACHE_VERSION, "text": text, "emotion": emotion or "neutral", "voice": voice_hash,
        "backend": backend_id, "output": output,
    }
    return hashlib.sha256(json.dumps(payload, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


class SpeechCache:
    """A directory of cached speech: ``get`` returns None on a miss; ``put`` is atomic."""

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)

    def _path(self, key: str) -> Path:
        return self.root / key[:2] / f"{key}.npz"

    def get(self, key: str) -> Speech | None:
        path = self._path(key)
        if not path.is_file():
            return None
        with np.load(path, allow_pickle=False) as data:
            return speech_from_dict(json.loads(str(data["timings"])), data["samples"])

    def put(self, key: str, speech: Speech) -> Path:
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp.npz")
        np.savez(tmp, samples=speech.samples.astype(np.float32),
                 timings=np.array(json.dumps(timings_to_dict(speech), ensure_ascii=False)))
        os.replace(tmp, path)
        return path


class SpeechStore(Protocol):
    """Where rendered speech is looked up by key (``None`` on a miss) and kept."""

    def get(self, key: str) -> Speech | None: ...

    def put(self, key: str, speech: Speech) -> object: ...


class SpeechMemo:
    """Speech kept in this process's memory, least recently used dropped first beyond ``max_bytes``.

    For sentences a batch repeats: every message of a call campaign shares its disclosure, offer and keypad
    sentences, so they are rendered once per process and only the personal sentences per recipient.
    """

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.hits = self.misses = 0
        self._held: OrderedDict[str, Speech] = OrderedDict()
        self._bytes = 0

    def get(self, key: str) -> Speech | None:
        speech = self._held.get(key)
        if speech is None:
            self.misses += 1
            return None
        self.hits += 1
        self._held.move_to_end(key)
        return speech

    def put(self, key: str, speech: Speech) -> None:
        if key in self._held or speech.samples.nbytes > self.max_bytes:
            return
        self._held[key] = speech
        self._bytes += speech.samples.nbytes
        while self._bytes > self.max_bytes:
            _, dropped = self._held.popitem(last=False)
            self._bytes -= dropped.samples.nbytes
