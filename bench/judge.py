"""What the judge stage costs per check, on the CPU and on CUDA when torch sees a GPU.

The judge (``script_gen.judge``) reads every claim clause the rules left open against the SKU facts retrieved for
it, with a local checkpoint an operator supplies by path. What it catches depends on that checkpoint; what it
costs does not, so this bench builds checkpoints of the shapes an operator would bring, with random weights over
a character vocabulary: a BERT-base-sized NLI cross-encoder (12 layers, 768 wide) and a GPT-2-small-sized causal
LM. Both are loaded by path through ``hf_judge`` and run inside the full check (rules, then judge) over the
hand-written passages of ``eval/scripts``, at each passage's own time.

Figures (last line): ``{nli,lm}_passages_per_s_{cpu,cuda}`` and ``{nli,lm}_claims_per_s_{cpu,cuda}`` (clauses
judged per second), ``{nli,lm}_cuda_speedup``, and ``nli_prob_max_abs_diff`` (the largest difference between the
CPU's and CUDA's label probabilities on the same pairs: the CUDA path computes what the CPU path does).

    python bench/judge.py                 # each model on the CPU, and on CUDA when present, 30 s or 300 passages
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "tests"), str(REPO / "eval" / "scripts")]

import torch  # noqa: E402
from evercast_testkit import char_pair_tokenizer  # noqa: E402
from score import embedded_checker, load_passages  # noqa: E402
from transformers import BertConfig, BertForSequenceClassification, GPT2Config, GPT2LMHeadModel  # noqa: E402

from script_gen.judge import Judge, JudgeBackend, JudgeItem, Verdict  # noqa: E402
from script_gen.judge_backends import NliJudge, hf_judge  # noqa: E402

KB = REPO / "eval" / "scripts" / "kb.json"
LABELS = {0: "entailment", 1: "neutral", 2: "contradiction"}


class Counted:
    """A judge backend that counts the clauses it is asked about (the judge's unit of work)."""

    def __init__(self, inner: JudgeBackend):
        self.inner, self.name, self.claims = inner, inner.name, 0

    def judge(self, items: Sequence[JudgeItem]) -> list[Verdict]:
        self.claims += len(items)
        return self.inner.judge(items)


def save_checkpoints(root: Path, texts: list[str]) -> dict[str, Path]:
    """A BERT-base-shaped NLI cross-encoder and a GPT-2-small-shaped causal LM, random weights, saved by path."""
    torch.manual_seed(0)
    nli_tok = char_pair_tokenizer(texts, pair=True, max_length=512)
    nli = BertForSequenceClassification(BertConfig(
        vocab_size=nli_tok.vocab_size, hidden_size=768, num_hidden_layers=12, num_attention_heads=12,
        intermediate_size=3072, max_position_embeddings=512, num_labels=3, id2label=LABELS,
        label2id={v: k for k, v in LABELS.items()}))
    lm_tok = char_pair_tokenizer(texts, pair=False, max_length=4096)
    lm = GPT2LMHeadModel(GPT2Config(vocab_size=lm_tok.vocab_size, n_positions=4096, n_embd=768, n_layer=12, n_head=12,
                                    pad_token_id=0, eos_token_id=3, bos_token_id=3))
    paths = {"nli": root / "nli-base", "lm": root / "lm-small"}
    for kind, model, tok in (("nli", nli, nli_tok), ("lm", lm, lm_tok)):
        model.save_pretrained(paths[kind])
        tok.save_pretrained(paths[kind])
    return paths


def run(backend: JudgeBackend, device: str, passages: list[dict], budget_s: float) -> tuple[float, float, int]:
    """Passages and claims checked per second, rules then ``backend``'s judge, on ``device``, and how many
    passages that was: they are checked in order until all are done or ``budget_s`` has passed."""
    counted = Counted(backend)
    check = embedded_checker(KB, judge=Judge(counted))
    check(passages[0]["text"], passages[0]["sku_id"], datetime.fromisoformat(passages[0]["at"]))  # warm up
    counted.claims = 0
    if device == "cuda":
        torch.cuda.synchronize()
    t0, done = time.perf_counter(), 0
    for p in passages:
        check(p["text"], p["sku_id"], datetime.fromisoformat(p["at"]))
        done += 1
        if time.perf_counter() - t0 > budget_s:
            break
    if device == "cuda":
        torch.cuda.synchronize()
    seconds = time.perf_counter() - t0
    return done / seconds, counted.claims / seconds, done


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--passages", type=int, default=300, help="passages checked per model and device, at most")
    parser.add_argument("--seconds", type=float, default=30.0, help="time per model and device, at most")
    args = parser.parse_args()
    passages = load_passages()[: args.passages]
    texts = [p["text"] for p in passages] + [KB.read_text(encoding="utf-8"),
                                             "".join(chr(c) for c in range(32, 127))]
    devices = ["cpu"] + (["cuda"] if torch.cuda.is_available() else [])
    figures: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="evercast-judge-bench-") as tmp:
        paths = save_checkpoints(Path(tmp), texts)
        for kind, path in paths.items():
            for device in devices:
                per_passage, per_claim, done = run(hf_judge(path, device=device), device, passages, args.seconds)
                figures[f"{kind}_passages_per_s_{device}"] = per_passage
                figures[f"{kind}_claims_per_s_{device}"] = per_claim
                print(f"{kind} on {device}: {per_passage:.2f} passages/s, {per_claim:.1f} claims/s "
                      f"({done} passages)", flush=True)
            if "cuda" in devices:
                figures[f"{kind}_cuda_speedup"] = (figures[f"{kind}_claims_per_s_cuda"]
                                                   / figures[f"{kind}_claims_per_s_cpu"])
        if "cuda" in devices:
            pairs = [(p["text"][:200], q["text"][:200]) for p, q in zip(passages[:64], passages[64:128], strict=True)]
            cpu, cuda = (NliJudge(paths["nli"], device=d).probabilities(pairs) for d in ("cpu", "cuda"))
            figures["nli_prob_max_abs_diff"] = float((cpu - cuda).abs().max())
    print(" ".join(f"{k}={v:.4g}" for k, v in figures.items()))


if __name__ == "__main__":
    main()
