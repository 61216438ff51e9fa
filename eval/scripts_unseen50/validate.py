"""Build and check this set with eval/scripts/validate.py, at this set's own reference time.

    python eval/scripts_unseen50/validate.py --build   # passages.src.txt -> passages.jsonl, then check
    python eval/scripts_unseen50/validate.py           # check passages.jsonl against kb.json

Every passage's `at` is its set's moment; this set is written for 2038-11-18 21:15 (+08:00), a Thursday evening (橘灯节 day seven of eleven, 煨茶场 20:30-22:00, 晨粥场 tomorrow 09:30).
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
from validate import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main(Path(__file__).resolve().parent, "2038-11-18T21:15:00+08:00"))
