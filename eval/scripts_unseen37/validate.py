"""Build and check this set with eval/scripts/validate.py, at this set's own reference time.

    python eval/scripts_unseen37/validate.py --build   # passages.src.txt -> passages.jsonl, then check
    python eval/scripts_unseen37/validate.py           # check passages.jsonl against kb.json

Every passage's `at` is its set's moment; this set is written for 2032-09-22 21:45 (+08:00), a Wednesday night (婵娟团圆节 day two, 清辉场 21:00-22:30, 熬夜场 from 22:00).
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
from validate import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main(Path(__file__).resolve().parent, "2032-09-22T21:45:00+08:00"))
