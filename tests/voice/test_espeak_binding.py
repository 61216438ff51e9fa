"""One libespeak-ng binding per process: test footage and the voice stage share ``voice.espeak``."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

# voice stage, then the footage path, then the voice stage again, all in one fresh interpreter (so what
# other tests did to the process-wide library cannot decide the outcome)
_ONE_PROCESS = """
import json, sys
from footage import FootageSpec, generate_footage
from voice.synthesize import synthesize

def words():
    speech = synthesize("Hello, maybe we can buy a map today.")
    return [[w.text, w.start, w.end, [p.phoneme for p in w.phonemes]] for w in speech.words]

before = words()
generate_footage(sys.argv[1], FootageSpec(duration_s=1.5, width=160, height=90, preset="ultrafast"))
print(json.dumps({"before": before, "after": words()}))
"""


def test_voice_phonemes_stay_ipa_with_exact_word_ends_after_footage_in_the_same_process(tmp_path):
    out = subprocess.run([sys.executable, "-c", _ONE_PROCESS, str(tmp_path / "clip.mp4")], cwd=REPO, check=True,
                         capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(REPO)}, timeout=300)
    result = json.loads(out.stdout.strip().splitlines()[-1])
    before, after = result["before"], result["after"]
    assert after[0][0] == "Hello" and after[0][3] == ["h", "ə", "l", "oʊ"]  # IPA, not espeak's ASCII "h @ l oU"
    assert [w[3] for w in after] == [w[3] for w in before]  # no pause "phonemes" folded into words
    # word ends stay where the engine put them (it varies a few ms from call to call); on the second
    # binding the comma's pause stretched "Hello" by 0.4 s
    assert all(abs(a[2] - b[2]) < 0.1 and abs(a[1] - b[1]) < 0.1 for a, b in zip(after, before, strict=True))


def test_libespeak_ng_is_bound_in_one_module_only():
    sources = [p for p in REPO.rglob("*.py") if not {".venv", "tests"} & set(p.relative_to(REPO).parts)]
    binding = [p.relative_to(REPO).as_posix() for p in sources if "espeak_Initialize" in p.read_text(errors="ignore")]
    assert binding == ["voice/espeak.py"]
