"""Model backends: an OpenAI-compatible chat endpoint, and a local Hugging Face causal LM by path.

Both send the same messages (``prompt.py``) and must answer in the ``LlmScript`` JSON contract;
``generate.py`` treats anything else as a failed attempt.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from core.errors import InputError, NotConfiguredError, TransientError
from script_gen.backend import DraftRequest, parse_llm_output, script_json_schema
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

        self._openai = openai
        self.client = openai.OpenAI(base_url=base_url, api_key=api_key or "EMPTY", timeout=timeout_s, max_retries=1)
        self.model = model
        self.temperature = temperature
        self.max_tokens = max_tokens
        self.name = f"openai:{model}"

    def draft(self, request: DraftRequest) -> list[dict[str, Any]]:
        openai = self._openai
        try:
            response = self.client.chat.completions.create(
                model=self.model,
                messages=build_messages(request),
                temperature=self.temperature if request.attempt else min(self.temperature, 0.3),
                max_tokens=self.max_tokens,
                seed=request.seed + request.attempt,
                response_format={"type": "json_schema",
                                 "json_schema": {"name": "live_script", "schema": script_json_schema(), "strict": True}},
            )
        except openai.AuthenticationError as exc:
            raise NotConfiguredError(f"script LLM endpoint rejected the API key: {exc}") from exc
        except openai.NotFoundError as exc:
            raise NotConfiguredError(f"script LLM endpoint has no model {self.model!r}: {exc}") from exc
        except (openai.APIConnectionError, openai.APITimeoutError, openai.RateLimitError,
                openai.InternalServerError) as exc:
            raise TransientError(f"script LLM endpoint unavailable: {exc}") from exc
        except openai.BadRequestError as exc:
            raise InputError(f"script LLM endpoint refused the request: {exc}") from exc
        if not response.choices:
            return parse_llm_output("")
        return parse_llm_output(response.choices[0].message.content or "")


class HFCausalBackend:
    """A local causal LM loaded by path with transformers (optionally with a PEFT LoRA adapter).

    Nothing is downloaded: ``local_files_only`` is always set, so a missing checkpoint is a clear
    configuration error rather than a hub request.
    """

    def __init__(self, model_path: str | Path, adapter_path: str | Path | None = None, *,
                 max_new_tokens: int = 1024, temperature: float = 0.7, device: str = "cpu"):
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
        self.name = f"hf:{path.name}" + (f"+{Path(adapter_path).name}" if adapter_path else "")
        self._torch = torch
        self._lock = threading.Lock()

    def prompt_text(self, request: DraftRequest) -> str:
        """The exact prompt string the model sees (chat template when the tokenizer has one)."""
        messages = build_messages(request)
        if getattr(self.tokenizer, "chat_template", None):
            return self.tokenizer.apply_chat_template(messages, tokenize=False, add_generation_prompt=True)
        return "".join(f"<{m['role']}>\n{m['content']}\n" for m in messages) + "<assistant>\n"

    def draft(self, request: DraftRequest) -> list[dict[str, Any]]:
        torch = self._torch
        inputs = self.tokenizer(self.prompt_text(request), return_tensors="pt").to(self.device)
        sample = request.attempt > 0 and self.temperature > 0
        with self._lock, torch.inference_mode():
            torch.manual_seed(request.seed * 1000 + request.attempt)
            out = self.model.generate(
                **inputs, max_new_tokens=self.max_new_tokens, do_sample=sample,
                temperature=self.temperature if sample else None, top_p=0.95 if sample else None,
                pad_token_id=self.tokenizer.pad_token_id if self.tokenizer.pad_token_id is not None else self.tokenizer.eos_token_id,
            )
        text = self.tokenizer.decode(out[0, inputs["input_ids"].shape[1]:], skip_special_tokens=True)
        return parse_llm_output(text)


def make_backend(settings: ScriptSettings, device: str = "cpu"):
    """The backend ``settings.backend`` names (template needs nothing; the others their endpoint/path)."""
    from script_gen.template import TemplateBackend

    if settings.backend == "openai":
        return OpenAIChatBackend(settings.openai_base_url, settings.openai_model, settings.openai_api_key,
                                 temperature=settings.temperature, timeout_s=settings.timeout_s,
                                 max_tokens=settings.max_new_tokens)
    if settings.backend == "hf":
        return HFCausalBackend(settings.hf_model_path, settings.hf_adapter_path or None,
                               max_new_tokens=settings.max_new_tokens, temperature=settings.temperature,
                               device=device)
    return TemplateBackend()
