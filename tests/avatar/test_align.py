import numpy as np

from avatar.ingest.align import align, head_pose, lower_face_mask, to_canonical_points
from avatar.segments import holdout_split, idle_loop


def _face(n: int, seed: int = 0):
    """A random rigid 3D 'face' seen under known roll, yaw, scale and translation per frame."""
    rng = np.random.default_rng(seed)
    base = rng.normal(0, 40, (478, 3))
    base[33], base[263] = (-30, 0, 0), (30, 0, 0)
    roll = np.radians(np.linspace(-10, 10, n))
    yaw = np.radians(np.linspace(-15, 15, n)[::-1])
    frames = []
    for r, y, s, t in zip(roll, yaw, np.linspace(0.8, 1.2, n), np.linspace(0, 50, n)):
        ry = np.array([[np.cos(y), 0, np.sin(y)], [0, 1, 0], [-np.sin(y), 0, np.cos(y)]])
        rz = np.array([[np.cos(r), -np.sin(r), 0], [np.sin(r), np.cos(r), 0], [0, 0, 1]])
        frames.append(s * base @ (rz @ ry).T + (300 + t, 200, 0))
    return np.stack(frames).astype(np.float32), np.degrees(roll), np.degrees(yaw)


def test_alignment_removes_roll_scale_and_translation():
    landmarks, _, _ = _face(40)
    alignment = align(landmarks, np.ones(40, bool), smooth_frames=0)
    canonical = to_canonical_points(landmarks, alignment.to_canonical)
    iod = np.linalg.norm(canonical[:, 33] - canonical[:, 263], axis=1)
    assert np.allclose(iod, iod.mean(), rtol=0.1)
    assert 0.8 < iod.mean() < 1.2
    mask = lower_face_mask(canonical, np.ones(40, bool), alignment.px_per_iod)
    assert mask.shape[::-1] == alignment.crop_size and 0.0 <= mask.min() and mask.max() <= 1.0


def test_head_pose_recovers_yaw_and_roll_relative_to_the_mean():
    landmarks, roll, yaw = _face(31)
    pose = head_pose(landmarks, np.ones(31, bool))
    assert np.corrcoef(pose[:, 2], roll)[0, 1] > 0.99
    assert np.corrcoef(np.abs(pose[:, 0]), np.abs(yaw))[0, 1] > 0.95
    assert abs(pose[15]).max() < 1.5


def test_holdout_and_idle_loop():
    assert holdout_split(1000, 0.12) == 880
    n = 600
    rng = np.random.default_rng(0)
    pose = np.cumsum(rng.normal(0, 0.3, (n, 3)), 0)
    opening = np.abs(rng.normal(0.2, 0.1, n))
    opening[300:460] = 0.02  # a quiet stretch
    eye = np.full(n, 0.3)
    eye[380:384] = 0.05  # with a blink
    start, stop = idle_loop(np.ones(n, bool), pose, opening, eye, np.zeros(n, bool), 500)
    assert 300 <= start and stop <= 470 and start <= 380 < stop
