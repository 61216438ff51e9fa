"""Build and check this set with eval/scripts/validate.py, at this set's own reference time.

    python eval/scripts_unseen61/validate.py --build   # passages.src.txt -> passages.jsonl, then check
    python eval/scripts_unseen61/validate.py           # check passages.jsonl against kb.json

Every passage's `at` is its set's moment; this set is written for 2040-10-16 12:50 (+08:00), a Tuesday lunchtime show (秋日揪团节 10-11..10-21, 便当场 12:00-13:30, 夜市场 tonight 20:00-22:00).
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
from validate import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main(Path(__file__).resolve().parent, "2040-10-16T12:50:00+08:00"))
