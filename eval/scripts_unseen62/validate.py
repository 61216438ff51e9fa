"""Build and check this set with eval/scripts/validate.py, at this set's own reference time.

    python eval/scripts_unseen62/validate.py --build   # passages.src.txt -> passages.jsonl, then check
    python eval/scripts_unseen62/validate.py           # check passages.jsonl against kb.json

Every passage's `at` is its set's moment; this set is written for 2042-03-06 09:20 (+08:00), a Thursday morning show (冰城开春节 03-01..03-09, 早市场 09:00-10:00, 唠嗑场 tonight 20:00-22:00).
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
from validate import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main(Path(__file__).resolve().parent, "2042-03-06T09:20:00+08:00"))
