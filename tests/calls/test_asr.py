"""Speech replies: a recogniser supplied by path (a tiny Whisper checkpoint the tests train themselves) hears a
question the person asks after the message; the answer comes from the knowledge base through the verified
answer path and is spoken in the campaign's voice. Off by default; a missing model is a clear error."""

from __future__ import annotations

from pathlib import Path

import pytest
from asr_kit import build_tiny_whisper, mulaw, spoken, write_wav
from calls_kit import CONSENT, recipients_asset, run_dialing, rung, set_far_end, write_recipients, zone_at

from calls.asr import open_transcriber
from core.errors import InputError
from workers.commands import calls
from workers.commands.scripts import question_answerer

pytestmark = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)

PRICE, DISHWASHER = "现在多少钱", "炸篮能不能放洗碗机"


@pytest.fixture(scope="session")
def tiny_whisper(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_tiny_whisper(tmp_path_factory.mktemp("asr"), [PRICE, DISHWASHER])


def _on_the_line(text: str, folder: Path) -> Path:
    """``text`` said at a speed and pitch the recogniser was not trained on, through mu-law, as an 8 kHz WAV."""
    return write_wav(folder / f"{len(text)}-said.wav", mulaw(0.6 * spoken(text, folder, rate=185, pitch=45)))


def test_a_checkpoint_by_path_hears_what_was_said(tiny_whisper: Path, tmp_path: Path, database_url: str):
    transcriber = open_transcriber("whisper", str(tiny_whisper), "zh")
    for question in (PRICE, DISHWASHER):
        said = mulaw(0.6 * spoken(question, tmp_path, rate=185, pitch=45))
        assert transcriber.transcribe(said, 8000) == question


def test_speech_replies_are_off_by_default_and_a_missing_model_is_named(tmp_path: Path, database_url: str):
    assert open_transcriber("none", "") is None
    with pytest.raises(InputError, match="need EVERCAST_CALLS__ASR_MODEL_PATH"):
        open_transcriber("whisper", "")
    with pytest.raises(InputError, match="does not exist"):
        open_transcriber("whisper", str(tmp_path / "nowhere"))
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputError, match="no config.json, preprocessor_config.json"):
        open_transcriber("whisper", str(tmp_path / "empty"))
    with pytest.raises(InputError, match="must be one of"):
        open_transcriber("funasr", str(tmp_path))


def test_a_question_after_the_message_is_answered_from_the_kb_in_the_campaigns_voice(
        campaign_env, tmp_path, far_end, tiny_whisper):
    env, rt = campaign_env, campaign_env["rt"]
    rt.settings.calls.asr_backend, rt.settings.calls.asr_model_path = "whisper", str(tiny_whisper)
    phone = "+8613900000400"
    rows = [{"phone": phone, "name": "王芳", "last_sku": "KIT-001", "timezone": zone_at(range(11, 16)), **CONSENT}]
    asset = recipients_asset(env, write_recipients(tmp_path / "people.csv", rows))
    campaign_id, _ = calls.create_campaign(rt, env["merchant_id"], name="questions", voice_id=env["voice_id"],
                                           trunk_id=env["trunk_id"], recipients_asset_id=asset, sku="KIT-002",
                                           queue=False)
    calls.import_recipients(rt, campaign_id)
    calls.synthesize_messages(rt, campaign_id, "{greeting}为您推荐{product}。", tmp_path / "work")
    set_far_end(far_end, {"*": {"status": "answered",
                                "says": [str(_on_the_line(q, tmp_path)) for q in (PRICE, DISHWASHER)]}})
    assert run_dialing(env, campaign_id, tmp_path)["state"] == "done" and rung(far_end) == [phone]
    answer = question_answerer(rt, env["merchant_id"])
    expected = [answer("KIT-002", PRICE), answer("KIT-002", DISHWASHER)]
    assert "日常价369元" in expected[0] and "洗碗机" in expected[1]  # grounded in the SKU's own facts
    for n, text in enumerate(expected):
        (heard,) = (far_end / "heard").glob(f"{phone}-*-answer{n}.wav")
        spoken_in_voice = calls.message_audio(rt, env["merchant_id"], env["voice_id"], text, tmp_path / "work")
        assert heard.read_bytes() == calls.stored_path(rt, spoken_in_voice, env["merchant_id"]).read_bytes()


def test_a_configured_model_that_is_not_there_pauses_the_campaign_before_anyone_is_called(
        campaign_env, tmp_path, far_end):
    env, rt = campaign_env, campaign_env["rt"]
    rt.settings.calls.asr_backend, rt.settings.calls.asr_model_path = "whisper", str(tmp_path / "gone")
    rows = [{"phone": "+8613900000401", "name": "李雷", "last_sku": "KIT-001", "timezone": zone_at(range(11, 16)),
             **CONSENT}]
    asset = recipients_asset(env, write_recipients(tmp_path / "people.csv", rows))
    campaign_id, _ = calls.create_campaign(rt, env["merchant_id"], name="questions", voice_id=env["voice_id"],
                                           trunk_id=env["trunk_id"], recipients_asset_id=asset, queue=False)
    calls.import_recipients(rt, campaign_id)
    calls.synthesize_messages(rt, campaign_id, "{greeting}为您推荐{product}。", tmp_path / "work")
    assert run_dialing(env, campaign_id, tmp_path)["state"] == "paused" and rung(far_end) == []
    view = calls.campaign_view(rt, campaign_id)
    assert view["state"] == "paused" and "EVERCAST_CALLS__ASR_MODEL_PATH" in view["alert"], view
