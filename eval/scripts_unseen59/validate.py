"""Build and check this set with eval/scripts/validate.py, at this set's own reference time.

    python eval/scripts_unseen59/validate.py --build   # passages.src.txt -> passages.jsonl, then check
    python eval/scripts_unseen59/validate.py           # check passages.jsonl against kb.json

Every passage's `at` is its set's moment; this set is written for 2040-12-20 16:05 (+08:00), a Thursday afternoon show (打边炉节 12-15..12-23, 姜撞奶场 15:30-17:30, 艇仔场 tonight 20:00-22:00).
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
from validate import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main(Path(__file__).resolve().parent, "2040-12-20T16:05:00+08:00"))
