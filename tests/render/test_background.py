"""Background replacement on a real photo: the person stays, everything else becomes the merchant's picture."""

import cv2
import numpy as np
import pytest
from skimage import data

from core.errors import InputError
from render.background import load_background, replace_background


def test_the_person_stays_and_the_background_is_replaced(tmp_path):
    photo = data.astronaut()  # a real person in a real scene
    picture = tmp_path / "studio.png"
    cv2.imwrite(str(picture), np.full((300, 800, 3), (40, 200, 60), np.uint8))  # BGR: a green studio wall
    background = load_background(picture, (512, 512))
    assert background.shape == (512, 512, 3) and tuple(background[0, 0]) == (60, 200, 40)
    out = list(replace_background([photo, photo], background))[-1]
    face = (slice(80, 160), slice(190, 260))
    assert np.abs(out[face].astype(int) - photo[face]).mean() < 3, "the face is the photo's own pixels"
    corner = out[:60, :60].astype(int)
    assert np.abs(corner - (60, 200, 40)).mean() < 6, "the scene behind the person is gone"
    assert np.abs(photo[:60, :60].astype(int) - (60, 200, 40)).mean() > 60


def test_an_unreadable_background_is_refused(tmp_path):
    bad = tmp_path / "bg.png"
    bad.write_bytes(b"not an image")
    with pytest.raises(InputError, match="not a readable image"):
        load_background(bad, (64, 64))


def test_a_render_over_the_merchants_background_keeps_the_person(trained_avatar, speech, tmp_path):
    from core.media import read_frames
    from render import render_speech

    picture = tmp_path / "shop.png"
    cv2.imwrite(str(picture), np.full((720, 1280, 3), (40, 200, 60), np.uint8))  # BGR
    plain = render_speech(trained_avatar, speech, tmp_path / "plain.mp4", resolution="360p", label=None)
    over = render_speech(trained_avatar, speech, tmp_path / "over.mp4", resolution="360p", label=None, background=picture)
    assert (over.width, over.height, over.frames) == (plain.width, plain.height, plain.frames)
    a, b = next(read_frames(plain.path)).astype(int), next(read_frames(over.path)).astype(int)
    green = np.array([60, 200, 40])
    assert np.abs(b[:40, :40] - green).mean() < 12, "the corner (behind the person) shows the merchant's picture"
    assert np.abs(a[:40, :40] - green).mean() > 60
    h, w = a.shape[:2]
    face = (slice(int(h * 0.3), int(h * 0.5)), slice(int(w * 0.45), int(w * 0.55)))
    assert np.abs(a[face] - b[face]).mean() < 6, "the person is the footage's own pixels"
    caches = list((trained_avatar / "cache").glob("idle-*-bg*.yuv"))
    assert len(caches) == 1, "cut out once per picture and size, then reused"
