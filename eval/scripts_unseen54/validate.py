"""Build and check this set with eval/scripts/validate.py, at this set's own reference time.

    python eval/scripts_unseen54/validate.py --build   # passages.src.txt -> passages.jsonl, then check
    python eval/scripts_unseen54/validate.py           # check passages.jsonl against kb.json

Every passage's `at` is its set's moment; this set is written for 2040-01-17 20:50 (+08:00), a Tuesday evening (冰雕节 day eight of fifteen, 炕头场 20:30-21:15, 雪屋场 from 22:30).
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
from validate import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main(Path(__file__).resolve().parent, "2040-01-17T20:50:00+08:00"))
