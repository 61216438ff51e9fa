"""Build and check this set with eval/scripts/validate.py, at this set's own reference time.

    python eval/scripts_unseen63/validate.py --build   # passages.src.txt -> passages.jsonl, then check
    python eval/scripts_unseen63/validate.py           # check passages.jsonl against kb.json

Every passage's `at` is its set's moment; this set is written for 2039-06-18 16:40 (+08:00), a Saturday afternoon show (仲夏胡同节 06-12..06-20, 大碗茶场 15:30-17:30, 撸串儿场 tonight 20:30-22:00).
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
from validate import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main(Path(__file__).resolve().parent, "2039-06-18T16:40:00+08:00"))
