"""Build and check this set with eval/scripts/validate.py, at this set's own reference time.

    python eval/scripts_unseen38/validate.py --build   # passages.src.txt -> passages.jsonl, then check
    python eval/scripts_unseen38/validate.py           # check passages.jsonl against kb.json

Every passage's `at` is its set's moment; this set is written for 2033-03-19 09:40 (+08:00), a Saturday morning (春分好物节 day three, 露珠场 09:00-10:30, 海棠场 from 15:00).
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
from validate import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main(Path(__file__).resolve().parent, "2033-03-19T09:40:00+08:00"))
