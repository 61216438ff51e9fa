"""Build and check this set with eval/scripts/validate.py, at this set's own reference time.

    python eval/scripts_unseen40/validate.py --build   # passages.src.txt -> passages.jsonl, then check
    python eval/scripts_unseen40/validate.py           # check passages.jsonl against kb.json

Every passage's `at` is its set's moment; this set is written for 2033-04-21 19:45 (+08:00), a Thursday evening (紫藤节 day ten of thirteen, 晚霞场 19:00-20:30, 夜莺场 from 22:30).
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
from validate import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main(Path(__file__).resolve().parent, "2033-04-21T19:45:00+08:00"))
