"""Build and check this set with eval/scripts/validate.py, at this set's own reference time.

    python eval/scripts_unseen23/validate.py --build   # passages.src.txt -> passages.jsonl, then check
    python eval/scripts_unseen23/validate.py           # check passages.jsonl against kb.json

Every passage's `at` is its set's moment; this set is written for 2029-06-13 08:40 (+08:00), a Wednesday morning (年中囤货节, 早八点半秒杀).
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
from validate import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main(Path(__file__).resolve().parent, "2029-06-13T08:40:00+08:00"))
