"""Mouth warp refiner: a small UNet that bends a retrieved real mouth crop towards a target lip shape.

It predicts motion, not pixels: a dense flow (at a quarter of the input grid) and a low-frequency
shading gain (at an eighth), both smooth fields that are upsampled to the crop's NATIVE size and applied to
the native-resolution crop, so teeth and lips stay the person's own sharp pixels at any output size.
The last layers start near zero: an untrained net is (within a hundredth of a pixel) the identity warp,
i.e. plain retrieval.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import torch
from torch import nn
from torch.nn import functional as F

IN_CHANNELS = 8  # masked source RGB, the source's lips band and cavity, the wanted motion (weight, x, y)


@dataclass(frozen=True)
class MouthWarpConfig:
    size: int = 128  # input grid (square; the crop is resized to it, whatever its aspect)
    channels: int = 16
    max_flow: float = 0.25  # largest displacement, in units of the half crop (grid_sample's -1..1)
    max_log_gain: float = 0.4  # shading gain within exp(+-0.4) = 0.67..1.49

    def to_dict(self) -> dict:
        return asdict(self)


def _conv(cin: int, cout: int, stride: int = 1) -> nn.Sequential:
    return nn.Sequential(nn.Conv2d(cin, cout, 3, stride, 1), nn.LeakyReLU(0.1, inplace=True))


class MouthWarp(nn.Module):
    """(batch, 8, size, size) -> flow (batch, 2, size/4, size/4), log-gain (batch, 1, size/8, size/8).

    Flow is in grid_sample units (x then y; 1 = half the crop's width/height), so it means the same
    displacement at 128 px and at the crop's native size.
    """

    def __init__(self, config: MouthWarpConfig = MouthWarpConfig()) -> None:
        super().__init__()
        if config.size % 8:
            raise ValueError("MouthWarp size must be a multiple of 8")
        self.config = config
        c = config.channels
        # about 40 M multiply-adds per 128-px frame: the >= 200 fps on 2 CPU cores budget
        self.enc = nn.Sequential(_conv(IN_CHANNELS, c, 2), _conv(c, 2 * c, 2), _conv(2 * c, 2 * c))  # 1/4
        self.deep = nn.Sequential(_conv(2 * c, 4 * c, 2), _conv(4 * c, 4 * c))  # 1/8
        self.fuse = nn.Sequential(nn.Conv2d(6 * c, 2 * c, 1), nn.LeakyReLU(0.1, inplace=True), _conv(2 * c, c))
        self.flow = nn.Conv2d(c, 2, 3, 1, 1)
        self.gain = nn.Conv2d(4 * c, 1, 3, 1, 1)
        for head in (self.flow, self.gain):  # near-zero, not zero: a zero head would pass no gradient to the body
            nn.init.normal_(head.weight, std=1e-3)
            nn.init.zeros_(head.bias)

    def forward(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        shallow = self.enc(x)
        deep = self.deep(shallow)
        fused = self.fuse(torch.cat([F.interpolate(deep, scale_factor=2.0, mode="nearest"), shallow], 1))
        flow = self.config.max_flow * torch.tanh(self.flow(fused))
        log_gain = self.config.max_log_gain * torch.tanh(self.gain(deep))
        return flow, log_gain
