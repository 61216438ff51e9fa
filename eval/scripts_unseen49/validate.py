"""Build and check this set with eval/scripts/validate.py, at this set's own reference time.

    python eval/scripts_unseen49/validate.py --build   # passages.src.txt -> passages.jsonl, then check
    python eval/scripts_unseen49/validate.py           # check passages.jsonl against kb.json

Every passage's `at` is its set's moment; this set is written for 2038-08-28 16:40 (+08:00), a Saturday afternoon (拾穗节 day seven of ten, 葵扇场 16:00-17:30, 瓜棚场 from 20:30).
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
from validate import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main(Path(__file__).resolve().parent, "2038-08-28T16:40:00+08:00"))
