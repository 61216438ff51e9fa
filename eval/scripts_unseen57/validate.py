"""Build and check this set with eval/scripts/validate.py, at this set's own reference time.

    python eval/scripts_unseen57/validate.py --build   # passages.src.txt -> passages.jsonl, then check
    python eval/scripts_unseen57/validate.py           # check passages.jsonl against kb.json

Every passage's `at` is its set's moment; this set is written for 2040-09-23 22:10 (+08:00), a Sunday late-night show (栾树节 09-18..09-30, 纺织娘场 22:00 to 01:00 the next morning, 木樨场 tomorrow 09:00-11:00).
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
from validate import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main(Path(__file__).resolve().parent, "2040-09-23T22:10:00+08:00"))
