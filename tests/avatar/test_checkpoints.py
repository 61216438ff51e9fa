import pytest
import torch

from avatar.checkpoints import load_wav2lip
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
