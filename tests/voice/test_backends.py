import io
import json
import threading
import wave
from email.parser import BytesParser
from email.policy import HTTP
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import numpy as np
import pytest

from core.errors import InputError, NotConfiguredError
from core.settings import VoiceSettings
from voice.backends import HttpBackend, XttsBackend, backend_from_settings
from voice.embedded import EspeakBackend, EspeakVoice
from voice.normalize import ScriptSentence
from voice.output import resample
from voice.records import Emotion
from voice.synthesize import synthesize

SERVER_RATE = 24_000


class _TtsServer(BaseHTTPRequestHandler):
    """A stand-in TTS server that speaks real audio (espeak-ng, another voice, 10 % faster)."""

    seen: list[dict] = []
    truth: list = []

    def log_message(self, *args):  # keep test output quiet
        pass

    def _fields(self) -> dict:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        if self.headers["Content-Type"].startswith("application/json"):
            return json.loads(body)
        message = BytesParser(policy=HTTP).parsebytes(
            f"Content-Type: {self.headers['Content-Type']}\r\n\r\n".encode() + body)
        return {part.get_param("name", header="content-disposition"): part.get_payload(decode=True)
                for part in message.iter_parts()}

    def do_POST(self):  # noqa: N802 - http.server API
        fields = self._fields()
        text = fields.get("tts_text") or fields.get("text")
        text = text.decode() if isinstance(text, bytes) else text
        self.seen.append({"path": self.path, **{k: (len(v) if k == "prompt_wav" else v) for k, v in fields.items()}})
        backend = EspeakBackend(EspeakVoice(variant="m1", rate_wpm=190))
        speech = synthesize(text, backend=backend)
        self.truth.append(speech)
        pcm = (resample(speech.samples, speech.sample_rate, SERVER_RATE) * 32767).astype("<i2").tobytes()
        if self.path.startswith("/inference_"):
            payload, kind = pcm, "application/octet-stream"
        else:
            buf = io.BytesIO()
            with wave.open(buf, "wb") as wav:
                wav.setnchannels(1), wav.setsampwidth(2), wav.setframerate(SERVER_RATE), wav.writeframes(pcm)
            payload, kind = buf.getvalue(), "audio/wav"
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)


@pytest.fixture()
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _TtsServer)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    _TtsServer.seen.clear()
    _TtsServer.truth.clear()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.mark.parametrize("kind", ["cosyvoice", "gpt-sovits", "indextts"])
def test_http_backend_returns_speech_with_aligned_timings(server, kind, speaker_profile):
    backend = HttpBackend(server, kind, sample_rate=SERVER_RATE)
    speech = synthesize("[excited]欢迎来到直播间。", speaker_profile, backend=backend)
    assert speech.timing_source == "aligned" and speech.sample_rate == SERVER_RATE
    request = _TtsServer.seen[0]
    if kind == "cosyvoice":
        assert request["path"] == "/inference_instruct2"
        assert request["instruct_text"].decode().startswith("用非常兴奋")
    if kind != "gpt-sovits":
        assert request["prompt_wav"] > 10_000  # the profile's reference clip was sent
    truth = _TtsServer.truth[0]
    assert [w.text for w in speech.words] == [w.text for w in truth.words]
    if kind == "cosyvoice":  # audio untouched by post-processing: compare with the server's true timings
        errors = [abs(a.start - b.start) for a, b in zip(speech.words, truth.words, strict=True)]
        assert np.mean(errors) < 0.08


def test_http_backend_needs_a_url_and_a_voice(server):
    with pytest.raises(NotConfiguredError, match="HTTP_URL"):
        HttpBackend("")
    with pytest.raises(InputError, match="voice profile"):
        HttpBackend(server).render(ScriptSentence("你好", "你好", Emotion.NEUTRAL, "zh"), None)


def test_xtts_requires_licence_and_local_directory(tmp_path):
    with pytest.raises(NotConfiguredError, match="XTTS_ACCEPT_CPML"):
        XttsBackend(tmp_path, accept_cpml=False)
    with pytest.raises(NotConfiguredError, match="XTTS_MODEL_DIR"):
        XttsBackend(tmp_path / "missing", accept_cpml=True)
    with pytest.raises(NotConfiguredError, match="XTTS_MODEL_DIR"):
        backend_from_settings(VoiceSettings(backend="xtts", xtts_accept_cpml=True))


def test_settings_pick_the_embedded_backend():
    backend = backend_from_settings(VoiceSettings(espeak_variant="m3"))
    assert isinstance(backend, EspeakBackend) and backend.voice.variant == "m3"


def test_cosyvoice_neutral_speech_uses_cross_lingual_cloning(server, speaker_profile):
    backend = HttpBackend(server, "cosyvoice", sample_rate=SERVER_RATE)
    speech = synthesize("Thank you for watching.", speaker_profile, backend=backend)
    assert _TtsServer.seen[0]["path"] == "/inference_cross_lingual"
    assert speech.words[0].text == "Thank" and speech.words[-1].end <= speech.duration
