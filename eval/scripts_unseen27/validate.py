"""Build and check this set with eval/scripts/validate.py, at this set's own reference time.

    python eval/scripts_unseen27/validate.py --build   # passages.src.txt -> passages.jsonl, then check
    python eval/scripts_unseen27/validate.py           # check passages.jsonl against kb.json

Every passage's `at` is its set's moment; this set is written for 2030-05-12 13:10 (+08:00), a Sunday just after lunch (第二届榆湾春集, 午间秒杀 11:30-14:30).
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
from validate import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main(Path(__file__).resolve().parent, "2030-05-12T13:10:00+08:00"))
