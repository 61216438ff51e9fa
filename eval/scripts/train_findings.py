"""Train the second look at claim findings on the development sets, with two-fold cross-validation by set.

A claim finding of the rules (no model) is a positive where it overlaps a label of the claim type and a negative where
it overlaps no label; one over a label of another type teaches nothing. Each fold fits on half the sets and scores the
other half with ``score.py``'s figures, the rules with the fold's model dropping claim findings below each threshold.
The rules were tuned on these sets, so the false alarms left on them are the hard ones and a new merchant's text has
others: the held-out sets (``score.HELD_OUT``) are the measure. The threshold is the one with the best mean claim F1
over the folds (within ``F1_TIE``, the lowest: the fewest findings dropped); the shipped weights are then fitted on
all the sets (no randomness: the same sets give the same file). Run: ``python eval/scripts/train_findings.py
[--write]``.
"""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))

from score import (  # noqa: E402
    HELD_OUT, SETS, _type, embedded_checker, f1_over_sets, load_passages, mean_over_sets, overlaps, score,
    threshold_table)
from script_gen.finding_model import KEPT, WEIGHTS, FindingModel, finding_features, fit, hashed  # noqa: E402
from script_gen.records import Finding  # noqa: E402

TRAIN_SETS = tuple(sorted(name for name in SETS if name not in HELD_OUT))
THRESHOLDS = (0.05, 0.1, 0.15, 0.2, 0.3, 0.4)
F1_TIE = 0.001
SHOWN = ("claim_recall", "claim_precision", "banned_recall", "banned_precision", "clean_fp_rate")

Checked = list[tuple[dict, list[Finding]]]


def _checked(name: str) -> Checked:
    """Each passage of set ``name`` with the rules' findings (no model)."""
    folder = SETS[name]
    check = embedded_checker(folder / "kb.json")
    return [(p, check(p["text"], p["sku_id"], datetime.fromisoformat(p["at"])))
            for p in load_passages(folder / "passages.jsonl")]


def examples(checked: Checked) -> tuple[list[np.ndarray], np.ndarray]:
    """Hashed features and 1 (holds) / 0 (false alarm) of every claim finding over a claim label or over no label."""
    rows, ys = [], []
    for p, findings in checked:
        for f in findings:
            if f.kind in KEPT:
                continue
            own = [lab for lab in p["labels"] if overlaps((f.start, f.end), (lab["start"], lab["end"]))]
            if own and not any(lab["type"] == _type(f) for lab in own):
                continue
            rows.append(hashed(finding_features(f, p["text"])))
            ys.append(float(bool(own)))
    return rows, np.array(ys)


def _fitted(names: tuple[str, ...], data: dict[str, tuple[list[np.ndarray], np.ndarray]]) -> tuple[np.ndarray, float]:
    return fit([r for n in names for r in data[n][0]], np.concatenate([data[n][1] for n in names]))


def _figures(checked: Checked, model: FindingModel | None) -> dict[str, float]:
    by_text = {(p["text"], p["sku_id"]): found for p, found in checked}

    def check(text: str, sku_id: str, at: datetime) -> list[Finding]:
        found = by_text[(text, sku_id)]
        return model.review(text, found) if model else found
    return score(check, [p for p, _ in checked])


def cross_validate(checked: dict[str, Checked], data: dict) -> dict[float, dict[str, dict[str, float]]]:
    """Per threshold (0.0: rules alone), per set: the figures with the model fitted on the other fold."""
    folds = (TRAIN_SETS[0::2], TRAIN_SETS[1::2])
    out: dict[float, dict[str, dict[str, float]]] = {t: {} for t in (0.0, *THRESHOLDS)}
    for k, fold in enumerate(folds):
        weights, bias = _fitted(folds[1 - k], data)
        for name in fold:
            for t in out:
                out[t][name] = _figures(checked[name], FindingModel(weights, bias, t) if t else None)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help=f"write {WEIGHTS.relative_to(HERE.parents[1])}")
    args = parser.parse_args()
    checked = {}
    for name in TRAIN_SETS:
        checked[name] = _checked(name)
        print(f"checked {name}", file=sys.stderr, flush=True)
    data = {name: examples(c) for name, c in checked.items()}
    cv = cross_validate(checked, data)
    print(threshold_table(cv, SHOWN, "claim"))
    best = max(f1_over_sets(cv[t], "claim") for t in THRESHOLDS)
    chosen = min(t for t in THRESHOLDS if f1_over_sets(cv[t], "claim") >= best - F1_TIE)
    print(f"rules alone: mean claim F1 {f1_over_sets(cv[0.0], 'claim'):.4f}; "
          f"with the model at {chosen}: {f1_over_sets(cv[chosen], 'claim'):.4f} "
          f"(best {best:.4f}), clean flagged {mean_over_sets(cv[chosen], 'clean_fp_rate'):.4f}")
    if args.write:
        weights, bias = _fitted(TRAIN_SETS, data)
        FindingModel(weights, bias, chosen).save(WEIGHTS, TRAIN_SETS)
        print(f"wrote {WEIGHTS}")


if __name__ == "__main__":
    main()
