"""Build and check this set with eval/scripts/validate.py, at this set's own reference time.

    python eval/scripts_unseen33/validate.py --build   # passages.src.txt -> passages.jsonl, then check
    python eval/scripts_unseen33/validate.py           # check passages.jsonl against kb.json

Every passage's `at` is its set's moment; this set is written for 2031-07-15 14:05 (+08:00), a Tuesday afternoon (蝉鸣夏集 day two, 下午场 14:00-16:00).
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
from validate import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main(Path(__file__).resolve().parent, "2031-07-15T14:05:00+08:00"))
