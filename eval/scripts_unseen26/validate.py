"""Build and check this set with eval/scripts/validate.py, at this set's own reference time.

    python eval/scripts_unseen26/validate.py --build   # passages.src.txt -> passages.jsonl, then check
    python eval/scripts_unseen26/validate.py           # check passages.jsonl against kb.json

Every passage's `at` is its set's moment; this set is written for 2030-03-13 09:20 (+08:00), a Wednesday morning (青榆晨市节, 早八秒杀 09:00-10:00).
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
from validate import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main(Path(__file__).resolve().parent, "2030-03-13T09:20:00+08:00"))
