"""Build and check this set with eval/scripts/validate.py, at this set's own reference time.

    python eval/scripts_unseen25/validate.py --build   # passages.src.txt -> passages.jsonl, then check
    python eval/scripts_unseen25/validate.py           # check passages.jsonl against kb.json

Every passage's `at` is its set's moment; this set is written for 2029-09-22 23:40 (+08:00), a Saturday late night (澄湾夜食文化节, 夜宵秒杀 22:30-00:30).
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
from validate import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main(Path(__file__).resolve().parent, "2029-09-22T23:40:00+08:00"))
