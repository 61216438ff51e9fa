"""Build and check this set with eval/scripts/validate.py, at this set's own reference time.

    python eval/scripts_unseen28/validate.py --build   # passages.src.txt -> passages.jsonl, then check
    python eval/scripts_unseen28/validate.py           # check passages.jsonl against kb.json

Every passage's `at` is its set's moment; this set is written for 2030-07-19 23:40 (+08:00), a Friday late at night (萤川夏集, 子夜场 22:00-01:00).
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
from validate import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main(Path(__file__).resolve().parent, "2030-07-19T23:40:00+08:00"))
