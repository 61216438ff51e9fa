"""Build and check this set with eval/scripts/validate.py, at this set's own reference time.

    python eval/scripts_unseen55/validate.py --build   # passages.src.txt -> passages.jsonl, then check
    python eval/scripts_unseen55/validate.py           # check passages.jsonl against kb.json

Every passage's `at` is its set's moment; this set is written for 2040-04-05 07:55 (+08:00), a Thursday morning on the Qingming holiday (杜鹃节 04-01..04-08, 蒲公英场 07:30-08:30, 喜鹊场 from 19:30).
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
from validate import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main(Path(__file__).resolve().parent, "2040-04-05T07:55:00+08:00"))
