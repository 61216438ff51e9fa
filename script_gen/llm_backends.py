"""Model backends: an OpenAI-compatible chat endpoint, and a local Hugging Face causal LM by path.

Both send the same messages (``prompt.py``) and must answer in the ``LlmScript`` JSON contract;
``generate.py`` treats anything else as a failed attempt.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from core.errors import InputError, NotConfiguredError, TransientError
from script_gen.backend import DraftRequest, parse_llm_output, script_json_schema
from script_gen.plan import SECTION_EMOTION
from script_gen.prompt import build_messages

if TYPE_CHECKING:
    from core.settings import ScriptSettings


class OpenAIChatBackend:
    """Any ``/v1/chat/completions`` server (vLLM, Ollama, llama.cpp, hosted) via the ``openai`` client.

    Uses ``response_format={"type": "json_schema", ...}`` so servers with guided decoding can only
    emit the script shape; servers that ignore it are still parsed and validated.
    """

    def __init__(self, base_url: str, model: str, api_key: str = "EMPTY", *, temperature: float = 0.7,
                 timeout_s: float = 60.0, max_tokens: int = 2048):
        if not base_url or not model:
            raise NotConfiguredError(
                "OpenAI-compatible script backend needs a base URL and a model name "
                "(EVERCAST_SCRIPT__OPENAI_BASE_URL, EVERCAST_SCRIPT__OPENAI_MODEL)")
        import openai

        self.client = openai.OpenAI(base_url=base_url, api_key=api_key or "EMPTY", timeout=timeout_s, max_retries=1)
        self.model = model
        self.temperature = temperature
        self.max_tokens = max_tokens
        self.name = f"openai:{model}"

    def draft(self, request: DraftRequest) -> list[dict[str, Any]]:
        return parse_llm_output(chat_completion(
            self.client, "script LLM endpoint",
            model=self.model,
            messages=build_messages(request),
            temperature=self.temperature if request.attempt else min(self.temperature, 0.3),
            max_tokens=self.max_tokens,
            seed=request.seed + request.attempt,
            response_format={"type": "json_schema",
                             "json_schema": {"name": "live_script", "schema": script_json_schema(), "strict": True}},
        ))


def chat_completion(client, what: str, **request: Any) -> str:
    """The first choice's text of one chat completion; endpoint failures become errors naming ``what``."""
    import openai

    try:
        response = client.chat.completions.create(**request)
    except openai.AuthenticationError as exc:
        raise NotConfiguredError(f"{what} rejected the API key: {exc}") from exc
    except openai.NotFoundError as exc:
        raise NotConfiguredError(f"{what} has no model {request.get('model')!r}: {exc}") from exc
    except (openai.APIConnectionError, openai.APITimeoutError, openai.RateLimitError,
            openai.InternalServerError) as exc:
        raise TransientError(f"{what} unavailable: {exc}") from exc
    except openai.BadRequestError as exc:
        raise InputError(f"{what} refused the request: {exc}") from exc
    return (response.choices[0].message.content or "") if response.choices else ""


def plain_prompt(messages: list[dict[str, str]]) -> str:
    """Prompt layout for base models without a chat template (what a LoRA trained here expects)."""
    return "".join(f"<{m['role']}>\n{m['content']}\n" for m in messages) + "<assistant>\n"


def chat_prompt(tokenizer, messages: list[dict[str, str]]) -> str:
    """``messages`` through the tokenizer's chat template, or :func:`plain_prompt` when it has none."""
    if getattr(tokenizer, "chat_template", None):
        return tokenizer.apply_chat_template(messages, tokenize=False, add_generation_prompt=True)
    return plain_prompt(messages)


class HFCausalBackend:
    """A local causal LM loaded by path with transformers (optionally with a PEFT LoRA adapter).

    Nothing is downloaded: ``local_files_only`` is always set, so a missing checkpoint is a clear
    configuration error rather than a hub request.
    """

    def __init__(self, model_path: str | Path, adapter_path: str | Path | None = None, *,
                 max_new_tokens: int = 1024, temperature: float = 0.7, device: str = "cpu",
                 constrained: bool = True, sentence_tokens: int = 64):
        path = Path(model_path or "")
        if not model_path or not (path / "config.json").is_file():
            raise NotConfiguredError(
                f"HF script backend needs a local causal-LM checkpoint directory with config.json "
                f"(EVERCAST_SCRIPT__HF_MODEL_PATH); got {str(model_path)!r}")
        import torch
        from transformers import AutoModelForCausalLM, AutoTokenizer

        self.tokenizer = AutoTokenizer.from_pretrained(path, local_files_only=True)
        model = AutoModelForCausalLM.from_pretrained(path, local_files_only=True)
        if adapter_path:
            if not (Path(adapter_path) / "adapter_config.json").is_file():
                raise NotConfiguredError(f"LoRA adapter directory {adapter_path} has no adapter_config.json")
            from peft import PeftModel

            model = PeftModel.from_pretrained(model, str(adapter_path), is_trainable=False)
        self.model = model.to(device).eval()
        self.device = device
        self.max_new_tokens = max_new_tokens
        self.temperature = temperature
        self.constrained = constrained
        self.sentence_tokens = sentence_tokens
        self.name = f"hf:{path.name}" + (f"+{Path(adapter_path).name}" if adapter_path else "")
        self._torch = torch
        self._lock = threading.Lock()

    def prompt_text(self, request: DraftRequest) -> str:
        """The exact prompt string the model sees (chat template when the tokenizer has one)."""
        return chat_prompt(self.tokenizer, build_messages(request))

    def _generate(self, text: str, max_new_tokens: int, sample: bool, stop: str | None = None) -> str:
        inputs = self.tokenizer(text, return_tensors="pt").to(self.device)
        start = inputs["input_ids"].shape[1]
        criteria = None
        if stop is not None:
            from transformers import StoppingCriteria, StoppingCriteriaList

            tokenizer = self.tokenizer

            class _Stop(StoppingCriteria):
                def __call__(self, input_ids, scores, **kwargs):
                    return any(ch in tokenizer.decode(input_ids[0, start:], skip_special_tokens=True) for ch in stop)

            criteria = StoppingCriteriaList([_Stop()])
        pad = self.tokenizer.pad_token_id if self.tokenizer.pad_token_id is not None else self.tokenizer.eos_token_id
        out = self.model.generate(
            **inputs, max_new_tokens=max_new_tokens, do_sample=sample, pad_token_id=pad,
            temperature=self.temperature if sample else None, top_p=0.95 if sample else None,
            stopping_criteria=criteria,
        )
        return self.tokenizer.decode(out[0, start:], skip_special_tokens=True)

    def draft(self, request: DraftRequest) -> list[dict[str, Any]]:
        """Free JSON generation, or (``constrained``) a code-written JSON skeleton the model only fills.

        Constrained decoding writes every brace, key, section name and emotion itself and lets the
        model write only sentence text up to the closing quote, so small local models cannot break
        the contract; their words still face the verifier.
        """
        sample = request.attempt > 0 and self.temperature > 0
        prompt = self.prompt_text(request)
        with self._lock, self._torch.inference_mode():
            self._torch.manual_seed(request.seed * 1000 + request.attempt)
            if not self.constrained:
                return parse_llm_output(self._generate(prompt, self.max_new_tokens, sample))
            sections: list[dict[str, Any]] = []
            for plan in request.plan.sections:
                section: dict[str, Any] = {"section": plan.section, "sentences": []}
                for _ in range(plan.sentences):
                    done = json.dumps({"sections": sections + [section]}, ensure_ascii=False)
                    head = done[:-4]  # drop "]}]}": inside this section's sentence list
                    head += (', ' if section["sentences"] else '') + '{"text": "'
                    text = self._generate(prompt + head, self.sentence_tokens, sample, stop='"\n')
                    text = text.split('"')[0].split("\n")[0].strip()
                    section["sentences"].append({"text": text, "emotion": SECTION_EMOTION[plan.section], "fact_refs": []})
                sections.append(section)
        return sections


def make_backend(settings: ScriptSettings, device: str = "cpu",
                 phrasing_weights: Mapping[str, Sequence[float]] | None = None):
    """The backend ``settings.backend`` names (template needs nothing; the others their endpoint/path).
    ``phrasing_weights`` are the template generator's learned preferences (see ``TemplateBackend``)."""
    from script_gen.template import TemplateBackend

    if settings.backend == "openai":
        return OpenAIChatBackend(settings.openai_base_url, settings.openai_model,
                                 settings.openai_api_key.get_secret_value(),
                                 temperature=settings.temperature, timeout_s=settings.timeout_s,
                                 max_tokens=settings.max_new_tokens)
    if settings.backend == "hf":
        return HFCausalBackend(settings.hf_model_path, settings.hf_adapter_path or None,
                               max_new_tokens=settings.max_new_tokens, temperature=settings.temperature,
                               device=device, constrained=settings.hf_constrained)
    return TemplateBackend(phrasing_weights)
