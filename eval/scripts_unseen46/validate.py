"""Build and check this set with eval/scripts/validate.py, at this set's own reference time.

    python eval/scripts_unseen46/validate.py --build   # passages.src.txt -> passages.jsonl, then check
    python eval/scripts_unseen46/validate.py           # check passages.jsonl against kb.json

Every passage's `at` is its set's moment; this set is written for 2037-03-17 20:15 (+08:00), a Tuesday evening (插秧节 day six of eleven, 竹灯场 19:30-21:00, 打更场 from 22:30).
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
from validate import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main(Path(__file__).resolve().parent, "2037-03-17T20:15:00+08:00"))
