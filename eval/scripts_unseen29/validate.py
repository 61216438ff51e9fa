"""Build and check this set with eval/scripts/validate.py, at this set's own reference time.

    python eval/scripts_unseen29/validate.py --build   # passages.src.txt -> passages.jsonl, then check
    python eval/scripts_unseen29/validate.py           # check passages.jsonl against kb.json

Every passage's `at` is its set's moment; this set is written for 2030-09-10 16:20 (+08:00), a Tuesday afternoon (教师节, 桐川秋集 day four, 下午闪购 15:00-17:00).
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
from validate import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main(Path(__file__).resolve().parent, "2030-09-10T16:20:00+08:00"))
