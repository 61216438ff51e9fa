"""Layers on yuv420p frames: the product card (image, name, price) lands bottom-left and nowhere else."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from core.errors import InputError
from render.overlay import Card, Overlays
from render.yuv import planes

SIZE = (640, 360)


def grey_frame() -> np.ndarray:
    return np.full(SIZE[0] * SIZE[1] * 3 // 2, 100, np.uint8)  # Y = Cb = Cr = 100


def test_card_draws_image_name_and_price_bottom_left(tmp_path):
    photo = tmp_path / "cup.png"
    Image.new("RGB", (200, 200), (220, 20, 20)).save(photo)
    frame = grey_frame()
    Overlays(SIZE, label=None, card=Card(name="保温杯 300ml", price="¥99", image=str(photo))).apply(frame, 0)
    y, _, cr = planes(frame, SIZE)
    changed = y != 100
    rows, cols = np.flatnonzero(changed.any(1)), np.flatnonzero(changed.any(0))
    assert rows[0] > SIZE[1] // 2 and cols[0] < 40 and cols[-1] < SIZE[0] // 2, "bottom-left, clear of the mouth"
    assert not changed[: SIZE[1] // 2].any()
    assert (cr[rows[0] // 2:rows[-1] // 2, cols[0] // 2:cols[-1] // 2] > 200).mean() > 0.2, "the red product photo"
    assert (y[rows[0]:rows[-1], cols[0]:cols[-1]] > 200).mean() > 0.2, "on a light panel"


def test_card_name_is_cut_to_fit_and_bad_image_is_named(tmp_path):
    frame = grey_frame()
    Overlays(SIZE, label=None, card=Card(name="超长的商品名称" * 8, price="¥1")).apply(frame, 0)
    cols = np.flatnonzero((planes(frame, SIZE)[0] != 100).any(0))
    assert cols[-1] < SIZE[0] - 10
    broken = tmp_path / "broken.jpg"
    broken.write_bytes(b"not an image")
    with pytest.raises(InputError, match="broken.jpg"):
        Overlays(SIZE, label=None, card=Card(name="x", price="¥1", image=str(broken)))
