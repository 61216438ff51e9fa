"""Build and check this set with eval/scripts/validate.py, at this set's own reference time.

    python eval/scripts_unseen47/validate.py --build   # passages.src.txt -> passages.jsonl, then check
    python eval/scripts_unseen47/validate.py           # check passages.jsonl against kb.json

Every passage's `at` is its set's moment; this set is written for 2037-12-13 11:30 (+08:00), a Sunday late morning (冰嬉节 day six of ten, 煮雪场 11:00-12:00, 烘笼场 from 20:00).
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
from validate import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main(Path(__file__).resolve().parent, "2037-12-13T11:30:00+08:00"))
