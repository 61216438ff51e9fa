"""Build and check this set with eval/scripts/validate.py, at this set's own reference time.

    python eval/scripts_unseen42/validate.py --build   # passages.src.txt -> passages.jsonl, then check
    python eval/scripts_unseen42/validate.py           # check passages.jsonl against kb.json

Every passage's `at` is its set's moment; this set is written for 2031-11-18 21:30 (+08:00), a Tuesday evening (煨芋节 day seven of eleven, 剪烛场 21:00-22:00, 午钟场 tomorrow from 12:00).
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
from validate import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main(Path(__file__).resolve().parent, "2031-11-18T21:30:00+08:00"))
