"""Wav2Lip's colour lip-sync expert (SyncNet_color), so a user-supplied ``lipsync_expert.pth`` can score lip-sync.

Layer names and shapes follow the published checkpoint: a face encoder over 5 consecutive 96 px face crops,
lower half only, stacked as 15 channels (15 x 48 x 96), and an audio encoder over a 1 x 80 x 16 mel window
(0.2 s of Wav2Lip's mel, ``avatar.audio.wav2lip_mel``); both end in an L2-normalised embedding (512-d at full
width) and their dot product is the expert's sync score. ``width`` scales every channel count as in the
generator, so tests can write tiny random checkpoints.
"""

from __future__ import annotations

import torch
from torch import nn
from torch.nn import functional as F

from avatar.models.wav2lip import ConvBlock, Wav2LipConfig, residual_blocks

FRAMES = 5  # video frames per window: 0.2 s at 25 fps
MEL_STEPS = 16  # mel columns per window: 0.2 s at 80 Hz


class SyncNet(nn.Module):
    """(mel (B, 1, 80, 16), faces (B, 15, 48, 96) in [0, 1], BGR per frame) -> unit (audio, face) embeddings."""

    def __init__(self, config: Wav2LipConfig = Wav2LipConfig()) -> None:
        super().__init__()
        c = config.ch
        self.face_encoder = nn.Sequential(
            ConvBlock(3 * FRAMES, c(32), 7, 1, 3),
            ConvBlock(c(32), c(64), 5, (1, 2), 1), *residual_blocks(c(64), 2),
            ConvBlock(c(64), c(128), 3, 2, 1), *residual_blocks(c(128), 3),
            ConvBlock(c(128), c(256), 3, 2, 1), *residual_blocks(c(256), 2),
            ConvBlock(c(256), c(512), 3, 2, 1), *residual_blocks(c(512), 2),
            ConvBlock(c(512), c(512), 3, 2, 1), ConvBlock(c(512), c(512), 3, 1, 0), ConvBlock(c(512), c(512), 1, 1, 0),
        )
        self.audio_encoder = nn.Sequential(
            ConvBlock(1, c(32), 3, 1, 1), *residual_blocks(c(32), 2),
            ConvBlock(c(32), c(64), 3, (3, 1), 1), *residual_blocks(c(64), 2),
            ConvBlock(c(64), c(128), 3, 3, 1), *residual_blocks(c(128), 2),
            ConvBlock(c(128), c(256), 3, (3, 2), 1), *residual_blocks(c(256), 2),
            ConvBlock(c(256), c(512), 3, 1, 0), ConvBlock(c(512), c(512), 1, 1, 0),
        )

    def embed_faces(self, faces: torch.Tensor) -> torch.Tensor:
        return F.normalize(self.face_encoder(faces).flatten(1), dim=1)

    def embed_audio(self, mel: torch.Tensor) -> torch.Tensor:
        return F.normalize(self.audio_encoder(mel).flatten(1), dim=1)

    def forward(self, mel: torch.Tensor, faces: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        return self.embed_audio(mel), self.embed_faces(faces)
