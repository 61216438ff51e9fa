import pytest
import torch
from safetensors.torch import save_file

from avatar.checkpoints import load_syncnet, load_wav2lip
from avatar.models.syncnet import SyncNet
from avatar.models.wav2lip import Wav2Lip, Wav2LipConfig
from core.errors import InputError, NotConfiguredError


def test_loads_a_published_style_checkpoint_with_module_prefix(tmp_path):
    torch.manual_seed(0)
    original = Wav2Lip(Wav2LipConfig(width=0.125)).eval()
    path = tmp_path / "wav2lip.pth"
    torch.save({"state_dict": {f"module.{k}": v for k, v in original.state_dict().items()}, "global_step": 7}, path)
    loaded = load_wav2lip(path)
    mel, faces = torch.randn(2, 1, 80, 16), torch.rand(2, 6, 96, 96)
    with torch.no_grad():
        out = loaded(mel, faces)
        assert out.shape == (2, 3, 96, 96)
        assert torch.allclose(out, original(mel, faces))


def test_clear_errors_for_missing_and_foreign_checkpoints(tmp_path):
    with pytest.raises(NotConfiguredError, match="WAV2LIP_CHECKPOINT"):
        load_wav2lip(None)
    with pytest.raises(NotConfiguredError, match="not found"):
        load_wav2lip(tmp_path / "nope.pth")
    other = tmp_path / "other.pth"
    torch.save({"state_dict": {"encoder.weight": torch.zeros(3)}}, other)
    with pytest.raises(InputError, match="not a Wav2Lip generator"):
        load_wav2lip(other)
    broken = Wav2Lip(Wav2LipConfig(width=0.125)).state_dict()
    broken.pop("output_block.1.bias")
    partial = tmp_path / "partial.pth"
    torch.save(broken, partial)
    with pytest.raises(InputError, match="does not match"):
        load_wav2lip(partial)


def _random_syncnet(seed: int = 0) -> SyncNet:
    """A tiny SyncNet with random weights and batch-norm statistics (a loader that dropped either would differ)."""
    torch.manual_seed(seed)
    net = SyncNet(Wav2LipConfig(width=0.125))
    for module in net.modules():
        if isinstance(module, torch.nn.BatchNorm2d):
            module.running_mean.uniform_(-0.1, 0.1)
            module.running_var.uniform_(0.5, 2.0)
    return net.eval()


def test_loads_a_published_style_syncnet_and_its_safetensors_form(tmp_path):
    original = _random_syncnet()
    pth, safe = tmp_path / "lipsync_expert.pth", tmp_path / "lipsync_expert.safetensors"
    torch.save({"state_dict": {f"module.{k}": v for k, v in original.state_dict().items()}, "global_step": 3}, pth)
    save_file(original.state_dict(), str(safe))
    mel, faces = torch.randn(3, 1, 80, 16), torch.rand(3, 15, 48, 96)
    with torch.no_grad():
        expected = original(mel, faces)
        for path in (pth, safe):
            audio, face = load_syncnet(path)(mel, faces)
            assert audio.shape == face.shape == (3, 64)  # 512 x width
            assert torch.allclose(audio.norm(dim=1), torch.ones(3)) and torch.allclose(face.norm(dim=1), torch.ones(3))
            assert torch.allclose(audio, expected[0], atol=1e-6) and torch.allclose(face, expected[1], atol=1e-6)


def test_clear_errors_for_a_missing_or_wrong_syncnet(tmp_path):
    with pytest.raises(NotConfiguredError, match="EVERCAST_AVATAR__SYNCNET_CHECKPOINT"):
        load_syncnet(None)
    with pytest.raises(NotConfiguredError, match="not found"):
        load_syncnet(tmp_path / "lipsync_expert.pth")
    generator = tmp_path / "wav2lip.pth"
    torch.save({"state_dict": {f"module.{k}": v for k, v in Wav2Lip(Wav2LipConfig(width=0.125)).state_dict().items()}}, generator)
    with pytest.raises(InputError, match="not a SyncNet"):
        load_syncnet(generator)
    state = _random_syncnet().state_dict()
    state.pop("audio_encoder.13.conv_block.1.bias")
    torch.save(state, tmp_path / "partial.pth")
    with pytest.raises(InputError, match="does not match"):
        load_syncnet(tmp_path / "partial.pth")
    state = _random_syncnet().state_dict()
    state["face_encoder.1.conv_block.0.weight"] = torch.zeros(8, 4, 3, 3)  # another layout, same names
    torch.save(state, tmp_path / "other_layout.pth")
    with pytest.raises(InputError, match="does not match"):
        load_syncnet(tmp_path / "other_layout.pth")
