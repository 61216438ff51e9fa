"""Layers drawn onto frames: the visible "AI 生成" label, burned-in subtitles and product cards.

Text is rasterised once per distinct string with Pillow and a CJK font (Debian ``fonts-noto-cjk``)
into premultiplied yuv420p planes; per frame only the sprite's box is blended, in the encoder's own
format, so overlays cost a few hundred microseconds even at 4K.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from pydantic import BaseModel, ConfigDict, Field

from core.errors import InputError, NotConfiguredError
from render.yuv import halve, planes, rgb_to_ycbcr

FONT_CANDIDATES = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
    "/usr/share/fonts/truetype/noto/NotoSansCJK-Regular.ttc",
)


def find_cjk_font(path: str | Path | None = None) -> Path:
    """The font file to draw Chinese text with; a clear error when none is installed."""
    for candidate in ([path] if path else FONT_CANDIDATES):
        if candidate and Path(candidate).is_file():
            return Path(candidate)
    raise NotConfiguredError(
        "no CJK font found for the AI label and subtitles: apt-get install fonts-noto-cjk "
        f"(looked for {', '.join(FONT_CANDIDATES) if not path else path})")


@dataclass(frozen=True)
class Sprite:
    """Rasterised text on a translucent box as premultiplied yuv420p planes (even width and height)."""

    luma: np.ndarray  # (h, w) float32, alpha x Y
    alpha: np.ndarray  # (h, w) float32
    chroma: np.ndarray  # (h/2, w/2, 2) float32, alpha x (Cb, Cr), 2x2 averaged
    alpha_c: np.ndarray  # (h/2, w/2, 1) float32

    @property
    def size(self) -> tuple[int, int]:
        return self.alpha.shape[1], self.alpha.shape[0]


@lru_cache(maxsize=256)
def text_sprite(text: str, height_px: int, font_path: str, *, box_opacity: float = 0.45) -> Sprite:
    """White text of about ``height_px`` line height on a dark rounded box, as a blendable sprite."""
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype(font_path, max(8, int(height_px * 0.8)))
    left, top, right, bottom = font.getbbox(text)
    pad = max(2, height_px // 4)
    w, h = right - left + 2 * pad, bottom - top + 2 * pad
    image = Image.new("RGBA", (w + w % 2, h + h % 2), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((0, 0, w - 1, h - 1), radius=pad, fill=(0, 0, 0, int(255 * box_opacity)))
    draw.text((pad - left, pad - top), text, font=font, fill=(255, 255, 255, 255),
              stroke_width=max(1, height_px // 24), stroke_fill=(0, 0, 0, 255))
    return sprite_from(image)


def sprite_from(image) -> Sprite:
    """A Pillow RGBA image of even size as a :class:`Sprite`."""
    rgba = np.asarray(image)
    alpha = rgba[..., 3].astype(np.float32) / 255.0
    premultiplied = rgb_to_ycbcr(rgba[..., :3]).astype(np.float32) * alpha[..., None]
    return Sprite(luma=premultiplied[..., 0], alpha=alpha, chroma=halve(np.ascontiguousarray(premultiplied[..., 1:])),
                  alpha_c=halve(alpha)[..., None])


class Card(BaseModel):
    """A product card layer from a SKU's fields: its image, name and price on a light rounded panel."""

    model_config = ConfigDict(frozen=True)

    name: str = Field(min_length=1, max_length=60)
    price: str = Field(min_length=1, max_length=20, description="as shown, e.g. ¥99")
    image: str | None = Field(None, description="path of the product image (any format Pillow reads)")


@lru_cache(maxsize=64)
def card_sprite(card: Card, height_px: int, max_width: int, font_path: str) -> Sprite:
    """The card rasterised once: image square on the left, name above a large price, at most ``max_width`` wide."""
    from PIL import Image, ImageDraw, ImageFont, UnidentifiedImageError

    pad = max(2, height_px // 12)
    side = height_px - 2 * pad
    name_font = ImageFont.truetype(font_path, max(8, int(height_px * 0.22)))
    price_font = ImageFont.truetype(font_path, max(8, int(height_px * 0.36)))
    photo = None
    if card.image:
        try:
            with Image.open(card.image) as source:
                photo = source.convert("RGB")
        except (OSError, UnidentifiedImageError) as exc:
            raise InputError(f"product image for card {card.name!r} cannot be read: {card.image} ({exc})") from None
        photo.thumbnail((side, side))
    text_x = pad + (side + pad if photo is not None else 0)
    name = card.name
    while len(name) > 1 and text_x + name_font.getlength(name) + pad > max_width:
        name = name[:-2] + "…"
    width = min(max_width, int(text_x + max(name_font.getlength(name), price_font.getlength(card.price)) + pad))
    image = Image.new("RGBA", (width + width % 2, height_px + height_px % 2), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((0, 0, width - 1, height_px - 1), radius=pad * 2, fill=(255, 255, 255, 230))
    if photo is not None:
        image.paste(photo, (pad + (side - photo.width) // 2, pad + (side - photo.height) // 2))
    draw.text((text_x, pad), name, font=name_font, fill=(30, 30, 30, 255))
    draw.text((text_x, height_px - pad), card.price, font=price_font, fill=(230, 40, 30, 255), anchor="ls")
    return sprite_from(image)


def sprite_box(size: tuple[int, int], sprite: Sprite, x: int, y: int) -> tuple[int, int, int, int] | None:
    """(x0, y0, x1, y1) that :func:`blend` touches for ``sprite`` at (x, y) on a frame of ``size``; None: off-frame."""
    x, y = x // 2 * 2, y // 2 * 2
    sw, sh = sprite.size
    x0, y0, x1, y1 = max(x, 0), max(y, 0), min(x + sw, size[0]), min(y + sh, size[1])
    return (x0, y0, x1, y1) if x1 > x0 and y1 > y0 else None


def blend(frame: np.ndarray, size: tuple[int, int], sprite: Sprite, x: int, y: int) -> None:
    """Alpha-blend ``sprite`` onto flat yuv420p ``frame`` in place, top-left at (x, y) rounded down to even, clipped."""
    box = sprite_box(size, sprite, x, y)
    if box is None:
        return
    x0, y0, x1, y1 = box
    x, y = x // 2 * 2, y // 2 * 2
    luma, cb, cr = planes(frame, size)
    inside = np.s_[y0 - y:y1 - y, x0 - x:x1 - x]
    roi = luma[y0:y1, x0:x1]
    roi[:] = roi * (1.0 - sprite.alpha[inside]) + sprite.luma[inside] + 0.5
    inside_c = np.s_[(y0 - y) // 2:(y1 - y) // 2, (x0 - x) // 2:(x1 - x) // 2]
    chroma = np.s_[y0 // 2:y1 // 2, x0 // 2:x1 // 2]
    roi_c = np.dstack([cb[chroma], cr[chroma]]) * (1.0 - sprite.alpha_c[inside_c]) + sprite.chroma[inside_c] + 0.5
    cb[chroma], cr[chroma] = roi_c[..., 0], roi_c[..., 1]


class Overlays:
    """Everything drawn on top of the composited frame, sized for one output resolution.

    ``cues`` are (start_s, end_s, text) subtitles to burn in (empty: none). The label sits top-right
    inside a 4 % safe margin; subtitles are centred above the bottom 8 % (aesthetics note, section 8);
    a product ``card`` sits bottom-left, above the subtitle line.
    """

    def __init__(
        self, size: tuple[int, int], *, label: str | None, cues: tuple[tuple[float, float, str], ...] = (),
        fps: int = 25, font: str | Path | None = None, card: Card | None = None,
    ) -> None:
        self.width, self.height = size
        self.fps = fps
        self.cues = cues
        short = min(size)
        self.font = str(find_cjk_font(font)) if (label or cues or card) else ""
        self.label = text_sprite(label, max(12, short // 20), self.font) if label else None
        self.sub_px = max(14, short // 18)
        self.margin = max(4, short // 25)
        self.card = card_sprite(card, max(24, short // 5), self.width - 2 * self.margin, self.font) if card else None

    def cue_at(self, frame_index: int) -> str | None:
        t = (frame_index + 0.5) / self.fps
        for start, end, text in self.cues:
            if start <= t < end:
                return text
        return None

    def placed(self, frame_index: int) -> list[tuple[Sprite, int, int]]:
        """The sprites drawn on frame ``frame_index`` and their top-left corners (label, card, subtitle)."""
        placed = []
        if self.label is not None:
            placed.append((self.label, self.width - self.margin - self.label.size[0], self.margin))
        if self.card is not None:
            bottom = self.height - int(self.height * 0.08) - 2 * self.sub_px - self.margin
            placed.append((self.card, self.margin, bottom - self.card.size[1]))
        text = self.cue_at(frame_index) if self.cues else None
        if text:
            sprite = text_sprite(text, self.sub_px, self.font)
            placed.append((sprite, (self.width - sprite.size[0]) // 2,
                           self.height - int(self.height * 0.08) - sprite.size[1]))
        return placed

    def boxes(self, frame_index: int) -> list[tuple[int, int, int, int]]:
        """(x0, y0, x1, y1) of every pixel :meth:`apply` may change on frame ``frame_index``."""
        size = (self.width, self.height)
        return [box for sprite, x, y in self.placed(frame_index) if (box := sprite_box(size, sprite, x, y))]

    def apply(self, frame: np.ndarray, frame_index: int) -> np.ndarray:
        """Draw onto the flat yuv420p ``frame`` (of this size) in place; returns it."""
        for sprite, x, y in self.placed(frame_index):
            blend(frame, (self.width, self.height), sprite, x, y)
        return frame
