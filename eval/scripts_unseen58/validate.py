"""Build and check this set with eval/scripts/validate.py, at this set's own reference time.

    python eval/scripts_unseen58/validate.py --build   # passages.src.txt -> passages.jsonl, then check
    python eval/scripts_unseen58/validate.py           # check passages.jsonl against kb.json

Every passage's `at` is its set's moment; this set is written for 2041-03-13 07:20 (+08:00), a Wednesday early-morning show (冰凌花节 03-08..03-17, 大碴子场 06:30-08:30 today, 秧歌场 12:00-13:30 today, 开江预售 from Monday 03-18 20:00).
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
from validate import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main(Path(__file__).resolve().parent, "2041-03-13T07:20:00+08:00"))
