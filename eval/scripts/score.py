"""Score the script checker on this independent set: recall per label class, precision per type.

A label is found when a finding of its type overlaps its span (claim findings are every verifier kind;
banned findings are ``banned_term`` and ``forbidden_claim``; injection is ``injection``). A finding is
right when it overlaps a label of its own type; one that overlaps only a label of another type is
neither credited nor counted against (a banned phrase that is also a false claim). A clean passage
fails when it gets any finding at all. Run: ``python eval/scripts/score.py [-v]`` (``-v`` lists misses
and false alarms on stderr); ``bench/scripts.py`` prints the same figures with the prefix ``dev_``.
``--rules-only`` leaves out the learned models the embedded path runs by default (forbidden claims, the second
look at claim findings);
``--judge-hf PATH`` or ``--judge-url URL --judge-model NAME`` adds the judge stage after the rules.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections import Counter
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))

from script_gen.compliance import load_lexicon  # noqa: E402
from core.settings import JudgeSettings, ScriptSettings  # noqa: E402
from script_gen.generate import check_script_text  # noqa: E402
from script_gen.finding_model import FindingModel, finding_model_for  # noqa: E402
from script_gen.forbidden_model import ForbiddenModel, forbidden_model_for  # noqa: E402
from script_gen.judge import Judge, make_judge  # noqa: E402
from script_gen.kb_import import import_kb  # noqa: E402
from script_gen.records import Finding  # noqa: E402
from script_gen.verify import Verifier  # noqa: E402

SETS = {p.name.replace("scripts", "").strip("_") or "dev": p for p in HERE.parent.glob("*scripts*")
        if (p / "kb.json").is_file()}
# Written by independent helpers and scored only at a stop's start and end, with no passage read, while the checker
# changed: the learned models never train on them (train_forbidden.py, train_findings.py).
HELD_OUT = ("unseen62", "unseen63")
TYPE_OF = {"banned_term": "banned", "forbidden_claim": "banned", "injection": "injection"}

Checker = Callable[[str, str, datetime], list[Finding]]


def load_passages(path: Path = HERE / "passages.jsonl") -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def embedded_checker(kb_path: Path = HERE / "kb.json", judge: Judge | None = None,
                     forbidden: ForbiddenModel | None = None, second_look: FindingModel | None = None) -> Checker:
    """The library call that ``evercast script check`` makes: the rules, then the learned models when given (the
    embedded path's default, see :func:`default_forbidden` and :func:`default_second_look`), then a judge when given."""
    verifier, lexicon = Verifier(import_kb(kb_path).kb), load_lexicon()
    return lambda text, sku_id, at: check_script_text(text, sku_id, verifier, at, lexicon, judge, forbidden,
                                                      second_look)


def default_forbidden() -> ForbiddenModel | None:
    """The forbidden-claim model as the default settings configure it (on: the embedded path runs it)."""
    return forbidden_model_for(ScriptSettings())


def default_second_look() -> FindingModel | None:
    """The claim-finding model as the default settings configure it (on: the embedded path runs it)."""
    return finding_model_for(ScriptSettings())


def _type(finding: Finding) -> str:
    return TYPE_OF.get(finding.kind, "claim")


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def score(check: Checker, passages: list[dict], verbose: bool = False) -> dict[str, float]:
    """Figures keyed ``claim_recall`` ... ``clean_fp_rate``, ``recall.<class>``, ``clean_fp.<trap>``, and the
    headline figures per language, ``lang.<zh|en>.<figure>`` (English is a fifth of each set and fails apart)."""
    t0 = time.perf_counter()
    checked = [(p, check(p["text"], p["sku_id"], datetime.fromisoformat(p["at"]))) for p in passages]
    elapsed = time.perf_counter() - t0
    out = _figures(checked, verbose)
    out["passages_per_s"] = len(passages) / elapsed
    for lang in sorted({p["lang"] for p in passages if p.get("lang")}):
        figures = _figures([(p, f) for p, f in checked if p.get("lang") == lang])
        out.update((f"lang.{lang}.{k}", v) for k, v in figures.items() if "." not in k)
    return out


def _figures(checked: list[tuple[dict, list[Finding]]], verbose: bool = False) -> dict[str, float]:
    found, total = Counter(), Counter()
    right, raised = Counter(), Counter()
    clean_fp, clean_n = Counter(), Counter()
    for p, findings in checked:
        labels = p["labels"]
        for lab in labels:
            hit = any(_type(f) == lab["type"] and overlaps((f.start, f.end), (lab["start"], lab["end"]))
                      for f in findings)
            for key in (lab["type"], f"{lab['type']}.{lab['class']}"):
                total[key] += 1
                found[key] += hit
            if verbose and not hit:
                print(f"MISS {p['id']} {lab['type']}/{lab['class']} {lab['span']!r} ({lab['reason']})", file=sys.stderr)
        for f in findings:
            kind = _type(f)
            own = [lab for lab in labels if overlaps((f.start, f.end), (lab["start"], lab["end"]))]
            if any(lab["type"] == kind for lab in own):
                raised[kind] += 1
                right[kind] += 1
            elif not own:
                raised[kind] += 1
                if verbose:
                    print(f"FALSE {p['id']} {f.kind} {f.text!r}: {f.reason}", file=sys.stderr)
        if not labels:
            for trap in p.get("hard_negative") or ["plain"]:
                clean_n[trap] += 1
                clean_fp[trap] += bool(findings)
            clean_n["all"] += 1
            clean_fp["all"] += bool(findings)
    out: dict[str, float] = {}
    for kind in ("claim", "banned", "injection"):
        out[f"{kind}_recall"] = found[kind] / max(total[kind], 1)
        out[f"{kind}_precision"] = right[kind] / max(raised[kind], 1)
    out["clean_fp_rate"] = clean_fp["all"] / max(clean_n["all"], 1)
    for key in sorted(k for k in total if "." in k):
        out[f"recall.{key}"] = found[key] / total[key]
    for trap in sorted(t for t in clean_n if t != "all"):
        out[f"clean_fp.{trap}"] = clean_fp[trap] / clean_n[trap]
    return out


def mean_over_sets(rows: dict[str, dict[str, float]], key: str) -> float:
    """A figure's mean over sets (``rows``: set name -> :func:`score`'s figures); sets without it are left out."""
    values = [r[key] for r in rows.values() if key in r]
    return sum(values) / len(values) if values else float("nan")


def f1_over_sets(rows: dict[str, dict[str, float]], kind: str) -> float:
    """F1 of the mean recall and mean precision of ``kind`` (claim, banned) over sets: how the training scripts pick a
    threshold."""
    r, p = mean_over_sets(rows, f"{kind}_recall"), mean_over_sets(rows, f"{kind}_precision")
    return 2 * r * p / (r + p)


def threshold_table(cv: dict[float, dict[str, dict[str, float]]], shown: tuple[str, ...], kind: str) -> str:
    """The training scripts' table: per threshold (0.0: rules alone), the mean of each ``shown`` figure over the sets
    and the F1 of ``kind``."""
    lines = ["threshold (0.000 = rules alone), mean over the sets: " + " ".join(f"{k:>12.12s}" for k in shown)]
    lines += [f"{t:9.3f} " + " ".join(f"{mean_over_sets(rows, k):12.4f}" for k in shown)
              + f"  {kind} F1 {f1_over_sets(rows, kind):.4f}" for t, rows in cv.items()]
    return "\n".join(lines)


def _judge(args: argparse.Namespace) -> Judge | None:
    """The judge the flags name (the API key comes from EVERCAST_SCRIPT__JUDGE__OPENAI_API_KEY), or None."""
    if args.judge_hf:
        return make_judge(JudgeSettings(backend="hf", model_path=args.judge_hf))
    if args.judge_url:
        key = os.environ.get("EVERCAST_SCRIPT__JUDGE__OPENAI_API_KEY", "EMPTY")
        return make_judge(JudgeSettings(backend="openai", openai_base_url=args.judge_url,
                                        openai_model=args.judge_model, openai_api_key=key))
    return None


def main() -> None:
    parser = argparse.ArgumentParser(description="Score the script checker on the independent set.")
    parser.add_argument("-v", action="store_true", help="list misses and false alarms on stderr")
    judge = parser.add_mutually_exclusive_group()
    judge.add_argument("--judge-hf", metavar="PATH", help="add the judge stage with a local checkpoint")
    judge.add_argument("--judge-url", metavar="URL", help="add the judge stage with an OpenAI-compatible endpoint")
    parser.add_argument("--judge-model", default="", help="model name at --judge-url")
    parser.add_argument("--rules-only", action="store_true",
                        help="leave out the learned models (forbidden claims, the claim findings' second look)")
    parser.add_argument("--set", default="dev", choices=sorted(SETS), help="dev is eval/scripts, NAME is eval/scripts_NAME or eval/NAME_scripts")
    args = parser.parse_args()
    folder = SETS[args.set]
    forbidden = None if args.rules_only else default_forbidden()
    second_look = None if args.rules_only else default_second_look()
    figures = score(embedded_checker(folder / "kb.json", judge=_judge(args), forbidden=forbidden,
                                     second_look=second_look),
                    load_passages(folder / "passages.jsonl"),
                    verbose=args.v)
    for key, value in figures.items():
        if "." in key:
            print(f"  {key:40s} {value:.3f}")
    print(" ".join(f"{k}={v:.4f}" if k != "passages_per_s" else f"{k}={v:.1f}"
                   for k, v in figures.items() if "." not in k))


if __name__ == "__main__":
    main()
