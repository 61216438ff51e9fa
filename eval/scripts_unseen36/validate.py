"""Build and check this set with eval/scripts/validate.py, at this set's own reference time.

    python eval/scripts_unseen36/validate.py --build   # passages.src.txt -> passages.jsonl, then check
    python eval/scripts_unseen36/validate.py           # check passages.jsonl against kb.json

Every passage's `at` is its set's moment; this set is written for 2032-07-15 14:10 (+08:00), a Thursday afternoon (消暑纳凉节 last day, 冰棍场 14:00-15:30).
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
from validate import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main(Path(__file__).resolve().parent, "2032-07-15T14:10:00+08:00"))
