"""Build and check this set with eval/scripts/validate.py, at this set's own reference time.

    python eval/scripts_unseen32/validate.py --build   # passages.src.txt -> passages.jsonl, then check
    python eval/scripts_unseen32/validate.py           # check passages.jsonl against kb.json

Every passage's `at` is its set's moment; this set is written for 2031-09-25 21:40 (+08:00), a Thursday evening (栗溪秋享节 day four, 晚场 20:00-22:00).
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
from validate import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main(Path(__file__).resolve().parent, "2031-09-25T21:40:00+08:00"))
