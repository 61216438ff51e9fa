"""Audio -> mouth shape: a small dilated 1-D conv net from log-mel to lip-PCA coefficients per frame."""

from __future__ import annotations

from dataclasses import asdict, dataclass

import torch
from torch import nn


@dataclass(frozen=True)
class MouthNetConfig:
    n_mels: int = 80
    mel_per_frame: int = 4
    channels: int = 128
    dilations: tuple[int, ...] = (1, 2, 4, 8, 1)
    out_dim: int = 12
    dropout: float = 0.1

    def to_dict(self) -> dict:
        return asdict(self)


class _Block(nn.Module):
    def __init__(self, channels: int, dilation: int, dropout: float) -> None:
        super().__init__()
        self.conv = nn.Conv1d(channels, channels, 3, padding=dilation, dilation=dilation)
        self.norm = nn.GroupNorm(8, channels)
        self.drop = nn.Dropout(dropout)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x + self.drop(torch.nn.functional.gelu(self.norm(self.conv(x))))


class MouthNet(nn.Module):
    """(batch, 4*T, n_mels) normalised log-mel -> (batch, T, out_dim); context about +-0.6 s."""

    def __init__(self, config: MouthNetConfig = MouthNetConfig()) -> None:
        super().__init__()
        self.config = config
        c = config.channels
        self.inp = nn.Conv1d(config.n_mels * config.mel_per_frame, c, 1)
        self.blocks = nn.Sequential(*[_Block(c, d, config.dropout) for d in config.dilations])
        self.out = nn.Conv1d(c, config.out_dim, 1)

    def forward(self, mel: torch.Tensor) -> torch.Tensor:
        batch, rows, bins = mel.shape
        frames = rows // self.config.mel_per_frame
        x = mel[:, : frames * self.config.mel_per_frame].reshape(batch, frames, -1).transpose(1, 2)
        return self.out(self.blocks(torch.nn.functional.gelu(self.inp(x)))).transpose(1, 2)
