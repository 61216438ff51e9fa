"""Judge backends: an NLI cross-encoder or a causal LM by local path, or an OpenAI-compatible endpoint.

Which local backend a checkpoint gets is read from its ``config.json`` (a sequence classifier with
entailment and contradiction labels, or a causal LM), so an operator only names a directory. torch
and transformers are imported when a local judge is built, never on the embedded path.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

from core.device import resolve_device
from core.errors import NotConfiguredError
from script_gen.judge import LABELS, JudgeBackend, JudgeItem, Verdict, judge_messages, parse_verdict, verdict_schema
from script_gen.llm_backends import chat_completion, chat_prompt

if TYPE_CHECKING:
    from core.settings import JudgeSettings

_PATH_SETTING = "EVERCAST_SCRIPT__JUDGE__MODEL_PATH"


class OpenAIJudge:
    """Any ``/v1/chat/completions`` server, asked for one strict-JSON verdict per claim.

    Requests run a few at a time (servers batch them); each is bounded by ``timeout_s`` and retried
    once by the client, so a text of n claims waits at most about ``2 * timeout_s * n / workers``.
    """

    def __init__(self, base_url: str, model: str, api_key: str = "EMPTY", *, timeout_s: float = 20.0,
                 workers: int = 4):
        if not base_url or not model:
            raise NotConfiguredError(
                "OpenAI-compatible judge needs a base URL and a model name "
                "(EVERCAST_SCRIPT__JUDGE__OPENAI_BASE_URL, EVERCAST_SCRIPT__JUDGE__OPENAI_MODEL)")
        import openai

        self.client = openai.OpenAI(base_url=base_url, api_key=api_key or "EMPTY", timeout=timeout_s, max_retries=1)
        self.model = model
        self.workers = workers
        self.name = f"openai:{model}"

    def _one(self, item: JudgeItem) -> Verdict:
        return parse_verdict(chat_completion(
            self.client, "judge endpoint",
            model=self.model, messages=judge_messages(item), temperature=0, max_tokens=256,
            response_format={"type": "json_schema",
                             "json_schema": {"name": "verdict", "schema": verdict_schema(item), "strict": True}},
        ), item)

    def judge(self, items: Sequence[JudgeItem]) -> list[Verdict]:
        with ThreadPoolExecutor(max_workers=self.workers) as pool:
            return list(pool.map(self._one, items))


class NliJudge:
    """An NLI cross-encoder: each (fact, claim) pair is classified; the most contradicting fact decides."""

    def __init__(self, path: Path, *, device: str = "cpu", threshold: float = 0.5, batch_size: int = 32):
        import torch
        from transformers import AutoModelForSequenceClassification, AutoTokenizer

        self.tokenizer = AutoTokenizer.from_pretrained(path, local_files_only=True)
        model = AutoModelForSequenceClassification.from_pretrained(path, local_files_only=True)
        names = {str(label).lower(): int(i) for i, label in model.config.id2label.items()}
        found = {want: next((i for name, i in names.items() if name.startswith(want)), None)
                 for want in ("contradict", "entail")}
        if None in found.values():
            raise NotConfiguredError(
                f"{path.name} is a sequence classifier without entailment and contradiction labels "
                f"(config id2label: {sorted(names)}); the judge needs an NLI cross-encoder")
        self._contra, self._entail = found["contradict"], found["entail"]
        self.model = model.to(device).eval()
        self.device = device
        self.threshold = threshold
        self.batch_size = batch_size
        self.name = f"nli:{path.name}"
        self._torch = torch
        self._lock = threading.Lock()

    def probabilities(self, pairs: Sequence[tuple[str, str]]):
        """Label probabilities of (premise, hypothesis) pairs, one row each."""
        torch = self._torch
        rows = []
        with self._lock, torch.inference_mode():
            for k in range(0, len(pairs), self.batch_size):
                premises, hypotheses = zip(*pairs[k : k + self.batch_size], strict=True)
                batch = self.tokenizer(list(premises), list(hypotheses), padding=True, truncation=True,
                                       max_length=min(self.tokenizer.model_max_length, 512),
                                       return_tensors="pt").to(self.device)
                rows.append(self.model(**batch).logits.float().softmax(-1).cpu())
        return torch.cat(rows) if rows else torch.empty(0, len(self.model.config.id2label))

    def judge(self, items: Sequence[JudgeItem]) -> list[Verdict]:
        probs = self.probabilities([(fact.text, item.claim) for item in items for fact in item.facts])
        verdicts, row = [], 0
        for item in items:
            block, row = probs[row : row + len(item.facts)], row + len(item.facts)
            if not item.facts:
                verdicts.append(Verdict("not_mentioned"))
                continue
            worst = int(block[:, self._contra].argmax())
            contra, entail = float(block[worst, self._contra]), float(block[worst, self._entail])
            if contra >= self.threshold and contra > entail:
                verdicts.append(Verdict("contradicted", item.facts[worst], f"NLI矛盾概率{contra:.2f}"))
            elif float(block[:, self._entail].max()) >= self.threshold:
                verdicts.append(Verdict("supported", item.facts[int(block[:, self._entail].argmax())]))
            else:
                verdicts.append(Verdict("not_mentioned"))
        return verdicts


class CausalJudge:
    """A causal LM prompted like the endpoint judge, its answer constrained to the verdict JSON.

    Code writes the JSON; the model only chooses, by likelihood, the verdict and then the fact
    number, so even a small local model always answers in the contract.
    """

    def __init__(self, path: Path, *, device: str = "cpu"):
        import torch
        from transformers import AutoModelForCausalLM, AutoTokenizer

        self.tokenizer = AutoTokenizer.from_pretrained(path, local_files_only=True)
        self.model = AutoModelForCausalLM.from_pretrained(path, local_files_only=True).to(device).eval()
        pad = self.tokenizer.pad_token_id
        self._pad = pad if pad is not None else self.tokenizer.eos_token_id or 0
        self.device = device
        self.name = f"lm:{path.name}"
        self._torch = torch
        self._lock = threading.Lock()

    def choose(self, prefix: str, options: Sequence[str]) -> int:
        """Index of the option the model finds most likely after ``prefix`` (summed token log-probs)."""
        torch = self._torch
        head = len(self.tokenizer(prefix).input_ids)
        rows = [self.tokenizer(prefix + option).input_ids for option in options]
        width = max(len(r) for r in rows)
        ids = torch.tensor([r + [self._pad] * (width - len(r)) for r in rows], device=self.device)
        mask = torch.tensor([[1] * len(r) + [0] * (width - len(r)) for r in rows], device=self.device)
        logp = self.model(input_ids=ids, attention_mask=mask).logits.float().log_softmax(-1)
        scores = [logp[k, head - 1 : len(r) - 1].gather(-1, ids[k, head : len(r), None]).sum() for k, r in enumerate(rows)]
        return int(torch.stack(scores).argmax())

    def judge(self, items: Sequence[JudgeItem]) -> list[Verdict]:
        verdicts = []
        with self._lock, self._torch.inference_mode():
            for item in items:
                prefix = chat_prompt(self.tokenizer, judge_messages(item)) + '{"verdict": "'
                label = LABELS[self.choose(prefix, [f'{label}"' for label in LABELS])]
                fact = None
                if label != "not_mentioned" and item.facts:
                    refs = [f'F{n}"' for n in range(1, len(item.facts) + 1)]
                    fact = item.facts[self.choose(f'{prefix}{label}", "fact": "', refs)]
                verdicts.append(Verdict(label, fact))
        return verdicts


def hf_judge(model_path: str | Path, *, device: str = "cpu", threshold: float = 0.5) -> JudgeBackend:
    """An :class:`NliJudge` or a :class:`CausalJudge`, whichever the checkpoint's config says it is."""
    path = Path(model_path or "")
    config = path / "config.json"
    if not model_path or not config.is_file():
        raise NotConfiguredError(
            f"HF judge needs a local checkpoint directory with config.json ({_PATH_SETTING}); got {str(model_path)!r}")
    architectures = json.loads(config.read_text(encoding="utf-8")).get("architectures") or []
    if any(a.endswith("ForSequenceClassification") for a in architectures):
        return NliJudge(path, device=device, threshold=threshold)
    if any(a.endswith(("ForCausalLM", "LMHeadModel")) for a in architectures):
        return CausalJudge(path, device=device)
    raise NotConfiguredError(
        f"{path.name} is neither a sequence classifier nor a causal LM (architectures: {architectures}); "
        f"point {_PATH_SETTING} at an NLI cross-encoder or a causal LM")


def make_judge_backend(settings: JudgeSettings) -> JudgeBackend:
    """The backend for ``settings.backend`` (``openai`` or ``hf``), on the device settings resolve to."""
    if settings.backend == "openai":
        return OpenAIJudge(settings.openai_base_url, settings.openai_model,
                           settings.openai_api_key.get_secret_value(), timeout_s=settings.timeout_s)
    return hf_judge(settings.model_path, device=resolve_device(settings.device), threshold=settings.threshold)
