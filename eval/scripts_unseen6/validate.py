"""Build and check this set with eval/scripts/validate.py, at this set's own reference time.

    python eval/scripts_unseen6/validate.py --build   # passages.src.txt -> passages.jsonl, then check
    python eval/scripts_unseen6/validate.py           # check passages.jsonl against kb.json

The shared tool fixes every passage's `at` to its own set's moment; this set is written for 2027-01-14 19:30 (+08:00),
so the tool is loaded and its reference time and folder are set here instead of copying it.
"""
import importlib.util
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
_spec = importlib.util.spec_from_file_location("shared_validate", HERE.parent / "scripts" / "validate.py")
shared = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(shared)
shared.AT = "2027-01-14T19:30:00+08:00"
shared.HERE = HERE

if __name__ == "__main__":
    if "--build" in sys.argv:
        shared.build()
    sys.exit(0 if shared.check() else 1)
