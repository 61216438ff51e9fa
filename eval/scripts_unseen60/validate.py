"""Build and check this set with eval/scripts/validate.py, at this set's own reference time.

    python eval/scripts_unseen60/validate.py --build   # passages.src.txt -> passages.jsonl, then check
    python eval/scripts_unseen60/validate.py           # check passages.jsonl against kb.json

Every passage's `at` is its set's moment; this set is written for 2041-08-04 22:35 (+08:00), a Sunday late-night show (乘风凉节 08-01..08-11, 夜排档场 22:00-00:30 next day, 大饼油条场 tomorrow 07:00-08:30).
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
from validate import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main(Path(__file__).resolve().parent, "2041-08-04T22:35:00+08:00"))
