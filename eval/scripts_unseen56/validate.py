"""Build and check this set with eval/scripts/validate.py, at this set's own reference time.

    python eval/scripts_unseen56/validate.py --build   # passages.src.txt -> passages.jsonl, then check
    python eval/scripts_unseen56/validate.py           # check passages.jsonl against kb.json

Every passage's `at` is its set's moment; this set is written for 2040-06-16 13:40 (+08:00), a Saturday early afternoon in mid-June (莲蓬节 06-10..06-20, 凤仙场 13:00-14:30, 睡莲场 20:00-22:00, 合欢场 ended last night, 竹筏预售 from 06-22 20:00).
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
from validate import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main(Path(__file__).resolve().parent, "2040-06-16T13:40:00+08:00"))
