"""Build and check this set with eval/scripts/validate.py, at this set's own reference time.

    python eval/scripts_unseen41/validate.py --build   # passages.src.txt -> passages.jsonl, then check
    python eval/scripts_unseen41/validate.py           # check passages.jsonl against kb.json

Every passage's `at` is its set's moment; this set is written for 2032-08-14 07:10 (+08:00), a Saturday early morning (瓜棚节 day nine of eleven, 启明场 06:30-08:00, 午荫场 from 12:00).
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
from validate import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main(Path(__file__).resolve().parent, "2032-08-14T07:10:00+08:00"))
