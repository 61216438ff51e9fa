"""Build and check this set with eval/scripts/validate.py, at this set's own reference time.

    python eval/scripts_unseen52/validate.py --build   # passages.src.txt -> passages.jsonl, then check
    python eval/scripts_unseen52/validate.py           # check passages.jsonl against kb.json

Every passage's `at` is its set's moment; this set is written for 2039-07-16 09:40 (+08:00), a Saturday morning (晒谷节 day seven of ten, 牵牛场 09:00-10:30, 麦垛场 from 20:00).
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
from validate import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main(Path(__file__).resolve().parent, "2039-07-16T09:40:00+08:00"))
