"""Build and check this set with eval/scripts/validate.py, at this set's own reference time.

    python eval/scripts_unseen44/validate.py --build   # passages.src.txt -> passages.jsonl, then check
    python eval/scripts_unseen44/validate.py           # check passages.jsonl against kb.json

Every passage's `at` is its set's moment; this set is written for 2035-07-19 09:40 (+08:00), a Thursday morning (伏天好物节 day six of eleven, 早凉场 09:00-10:00, 晚凉场 from 19:30).
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
from validate import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main(Path(__file__).resolve().parent, "2035-07-19T09:40:00+08:00"))
