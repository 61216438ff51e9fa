"""Cutting what the far end says out of its audio, 20 ms frame by frame, by energy.

A phone line carries a little noise and, after our own message, a tail of it coming back (an echoing trunk, a
far end's speaker): speech starts when several frames in a row stand clearly above the noise heard so far and
ends after a stretch of quiet, so an utterance is a question said in one go. It keeps a little audio from
before the start (the first syllable's onset) and is cut at a maximum length.
"""

from __future__ import annotations

import numpy as np

FRAME_S = 0.02


class Utterances:
    """Frames in, whole utterances (int16 samples) out; ``active`` while the far end is speaking."""

    def __init__(self, rate: int = 8000, *, start_frames: int = 5, end_quiet_s: float = 0.7, min_s: float = 0.3,
                 max_s: float = 8.0, preroll_s: float = 0.2, floor_rms: float = 300.0) -> None:
        self.rate, self.start_frames, self.floor_rms = rate, start_frames, floor_rms
        self.end_quiet = round(end_quiet_s / FRAME_S)
        self.min_frames, self.max_frames = round(min_s / FRAME_S), round(max_s / FRAME_S)
        self.preroll = round(preroll_s / FRAME_S)
        self.noise = 0.0
        self.reset()

    def reset(self) -> None:
        """Forget a half-heard utterance (our own audio started playing over it)."""
        self.frames: list[np.ndarray] = []
        self.loud = self.quiet = 0
        self.active = False

    def push(self, frame: np.ndarray) -> np.ndarray | None:
        """One frame of int16 samples; a finished utterance when this frame ended one."""
        rms = float(np.sqrt(np.mean(frame.astype(np.float64) ** 2))) if len(frame) else 0.0
        loud = rms > max(self.floor_rms, 4.0 * self.noise)
        self.frames.append(frame)
        if not self.active:
            if not loud:
                self.noise = 0.95 * self.noise + 0.05 * rms
            self.loud = self.loud + 1 if loud else 0
            if self.loud >= self.start_frames:
                self.active, self.quiet = True, 0
            else:
                del self.frames[:-(self.preroll + self.start_frames)]
            return None
        self.quiet = 0 if loud else self.quiet + 1
        if self.quiet < self.end_quiet and len(self.frames) < self.max_frames:
            return None
        spoken = self.frames[:len(self.frames) - self.quiet + 2] if self.quiet >= self.end_quiet else self.frames
        self.reset()
        if len(spoken) - self.preroll < self.min_frames:
            return None
        return np.concatenate(spoken)
