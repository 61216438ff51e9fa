import numpy as np

from avatar import load_avatar
from avatar.ingest.align import to_canonical_points
from avatar.ingest.landmarks import RIGID
from avatar.retrieve import paste
from core.media import probe, read_frames


def test_avatar_directory_describes_itself(avatar_dir):
    avatar = load_avatar(avatar_dir)
    info = avatar.info
    assert info.gate.passed and info.gate.usable_s > 30 and info.gate.speech_s > 5
    assert info.gate.lip_sync_z >= 3 and info.gate.lip_audio_corr > 0.3, "the mouth moves with its own voice"
    assert info.frames == 900 and info.holdout_start == round(900 * 0.88)
    assert 0 <= info.idle_start < info.idle_stop <= info.holdout_start
    assert info.model["weights"] == "model/weights.safetensors"
    assert avatar.landmarks.shape == (900, 478, 3) and avatar.usable.all()
    crops = probe(avatar.crops_path).video
    assert (crops.width, crops.height) == (info.crop_width, info.crop_height) and crops.frames == 900
    assert probe(avatar_dir / "holdout.mp4").video.frames == 900 - info.holdout_start
    assert probe(avatar_dir / "idle.mp4").video.frames == info.idle_stop - info.idle_start


def test_tracked_mouth_opening_follows_the_generated_truth(avatar_dir, good_clip):
    avatar = load_avatar(avatar_dir)
    assert np.corrcoef(avatar.opening, good_clip.opening)[0, 1] > 0.9


def test_alignment_cancels_head_motion(avatar_dir):
    avatar = load_avatar(avatar_dir)
    raw = avatar.landmarks[:, RIGID, :2]
    canonical = to_canonical_points(avatar.landmarks, avatar.to_canonical)[:, RIGID]
    iod = np.linalg.norm(avatar.landmarks[:, 33, :2] - avatar.landmarks[:, 263, :2], axis=1).mean()
    raw_spread = (raw - raw.mean(0)).std() / iod
    canonical_spread = (canonical - canonical.mean(0)).std()
    assert canonical_spread < raw_spread / 3


def test_crop_transform_is_exact_both_ways(avatar_dir):
    """Pasting a frame's own crop back reproduces the frame inside the mask and leaves the rest untouched."""
    avatar = load_avatar(avatar_dir)
    split = avatar.info.holdout_start
    frame = next(iter(read_frames(avatar_dir / "holdout.mp4")))
    crop = next(c for i, c in enumerate(read_frames(avatar.crops_path)) if i == split)
    import cv2

    to_frame = cv2.invertAffineTransform(avatar.to_crop(split))
    out = paste(frame, crop, avatar.mask, to_frame)
    alpha = cv2.warpAffine(avatar.mask, to_frame, (frame.shape[1], frame.shape[0]))
    assert (alpha > 0.5).sum() > 2000
    assert np.array_equal(out[alpha == 0], frame[alpha == 0])
    err = np.abs(out[alpha > 0.5].astype(int) - frame[alpha > 0.5].astype(int)).mean()
    assert err < 6.0
