"""The Wav2Lip generator architecture (Prajwal et al. 2020), so a user-supplied checkpoint can be loaded.

Layer names and shapes follow the published ``wav2lip.pth`` / ``wav2lip_gan.pth`` checkpoints
(96x96 face, 6 input channels = masked target + reference, 80x16 mel window). ``width`` scales
every channel count; tests build ``width=0.125`` models to write tiny random checkpoints.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
from torch import nn


@dataclass(frozen=True)
class Wav2LipConfig:
    width: float = 1.0

    def ch(self, channels: int) -> int:
        return max(1, int(round(channels * self.width)))


class ConvBlock(nn.Module):
    """Conv + BatchNorm + ReLU, optionally residual: the block of Wav2Lip's generator and its lip-sync expert
    (state-dict names ``conv_block.0`` / ``conv_block.1``)."""

    def __init__(self, cin: int, cout: int, kernel: int, stride, padding: int, residual: bool = False) -> None:
        super().__init__()
        self.conv_block = nn.Sequential(nn.Conv2d(cin, cout, kernel, stride, padding), nn.BatchNorm2d(cout))
        self.act = nn.ReLU()
        self.residual = residual

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        out = self.conv_block(x)
        return self.act(out + x if self.residual else out)


class _Up(nn.Module):
    def __init__(self, cin: int, cout: int, kernel: int, stride: int, padding: int, output_padding: int = 0) -> None:
        super().__init__()
        self.conv_block = nn.Sequential(nn.ConvTranspose2d(cin, cout, kernel, stride, padding, output_padding), nn.BatchNorm2d(cout))
        self.act = nn.ReLU()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.act(self.conv_block(x))


def residual_blocks(c: int, n: int) -> list[nn.Module]:
    """``n`` shape-preserving 3x3 residual blocks of ``c`` channels."""
    return [ConvBlock(c, c, 3, 1, 1, residual=True) for _ in range(n)]


class Wav2Lip(nn.Module):
    """(mel (B, 1, 80, 16), faces (B, 6, 96, 96) in [0, 1]) -> lower-face image (B, 3, 96, 96)."""

    def __init__(self, config: Wav2LipConfig = Wav2LipConfig()) -> None:
        super().__init__()
        c = config.ch
        self.face_encoder_blocks = nn.ModuleList([
            nn.Sequential(ConvBlock(6, c(16), 7, 1, 3)),
            nn.Sequential(ConvBlock(c(16), c(32), 3, 2, 1), *residual_blocks(c(32), 2)),
            nn.Sequential(ConvBlock(c(32), c(64), 3, 2, 1), *residual_blocks(c(64), 3)),
            nn.Sequential(ConvBlock(c(64), c(128), 3, 2, 1), *residual_blocks(c(128), 2)),
            nn.Sequential(ConvBlock(c(128), c(256), 3, 2, 1), *residual_blocks(c(256), 2)),
            nn.Sequential(ConvBlock(c(256), c(512), 3, 2, 1), *residual_blocks(c(512), 1)),
            nn.Sequential(ConvBlock(c(512), c(512), 3, 1, 0), ConvBlock(c(512), c(512), 1, 1, 0)),
        ])
        self.audio_encoder = nn.Sequential(
            ConvBlock(1, c(32), 3, 1, 1), *residual_blocks(c(32), 2),
            ConvBlock(c(32), c(64), 3, (3, 1), 1), *residual_blocks(c(64), 2),
            ConvBlock(c(64), c(128), 3, 3, 1), *residual_blocks(c(128), 2),
            ConvBlock(c(128), c(256), 3, (3, 2), 1), *residual_blocks(c(256), 1),
            ConvBlock(c(256), c(512), 3, 1, 0), ConvBlock(c(512), c(512), 1, 1, 0),
        )
        self.face_decoder_blocks = nn.ModuleList([
            nn.Sequential(ConvBlock(c(512), c(512), 1, 1, 0)),
            nn.Sequential(_Up(c(1024), c(512), 3, 1, 0), *residual_blocks(c(512), 1)),
            nn.Sequential(_Up(c(1024), c(512), 3, 2, 1, 1), *residual_blocks(c(512), 2)),
            nn.Sequential(_Up(c(768), c(384), 3, 2, 1, 1), *residual_blocks(c(384), 2)),
            nn.Sequential(_Up(c(512), c(256), 3, 2, 1, 1), *residual_blocks(c(256), 2)),
            nn.Sequential(_Up(c(320), c(128), 3, 2, 1, 1), *residual_blocks(c(128), 2)),
            nn.Sequential(_Up(c(160), c(64), 3, 2, 1, 1), *residual_blocks(c(64), 2)),
        ])
        self.output_block = nn.Sequential(ConvBlock(c(80), c(32), 3, 1, 1), nn.Conv2d(c(32), 3, 1, 1, 0), nn.Sigmoid())

    def forward(self, mel: torch.Tensor, faces: torch.Tensor) -> torch.Tensor:
        x = self.audio_encoder(mel)
        feats = []
        f = faces
        for block in self.face_encoder_blocks:
            f = block(f)
            feats.append(f)
        for block in self.face_decoder_blocks:
            x = torch.cat((block(x), feats.pop()), dim=1)
        return self.output_block(x)
