"""Build and check this set with eval/scripts/validate.py, at this set's own reference time.

    python eval/scripts_unseen48/validate.py --build   # passages.src.txt -> passages.jsonl, then check
    python eval/scripts_unseen48/validate.py           # check passages.jsonl against kb.json

Every passage's `at` is its set's moment; this set is written for 2038-05-19 07:45 (+08:00), a Wednesday early morning (萱草节 day five of eleven, 晓风场 07:00-08:30, 菖蒲场 from 20:00).
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
from validate import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main(Path(__file__).resolve().parent, "2038-05-19T07:45:00+08:00"))
