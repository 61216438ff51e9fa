"""Pass 1 reads frames that ffmpeg scaled or converted while decoding: same landmarks, same sharpness."""

import cv2
import numpy as np

from footage import FootageSpec, generate_footage
from avatar.ingest.gate import sharpness
from avatar.ingest.landmarks import FaceMeshTracker, inter_ocular
from core.media import read_frames


def test_landmarks_from_a_decoder_scaled_proxy_match_full_frames(tmp_path):
    clip = generate_footage(tmp_path / "hd.mp4", FootageSpec(duration_s=2.0, width=1280, height=720, seed=5,
                                                            preset="ultrafast")).path
    full = next(iter(read_frames(clip, start_s=1.0)))
    with FaceMeshTracker(static=True) as tracker:
        size = tracker.proxy_size(1280, 720)
        assert size == (720, 405)
        small = next(iter(read_frames(clip, start_s=1.0, size=size)))
        reference, scaled = tracker.observe(full), tracker.observe(small, (1280, 720))
    assert reference.faces == scaled.faces == 1
    iod = float(inter_ocular(reference.landmarks))
    error = np.linalg.norm(reference.landmarks[:, :2] - scaled.landmarks[:, :2], axis=1)
    assert np.median(error) < 0.02 * iod, f"median landmark error {np.median(error):.2f} px at IOD {iod:.0f} px"
    luma = next(iter(read_frames(clip, start_s=1.0, pix_fmt="gray")))
    assert luma.shape == (720, 1280)
    full_sharp = sharpness(cv2.cvtColor(full, cv2.COLOR_RGB2GRAY), reference.landmarks)
    assert abs(sharpness(luma, scaled.landmarks) - full_sharp) < 0.02 * full_sharp
