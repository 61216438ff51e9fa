"""The one interface every script writer implements, and the JSON contract LLM backends answer in.

A backend gets a :class:`DraftRequest` (facts already quarantined and retrieved, section budgets,
slot names, feedback from the last failed attempt) and returns sections as plain dicts. It never
sees prices or stock as numbers it may write: those are slots.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from script_gen.compliance import Lexicon
from script_gen.facts import Fact
from script_gen.plan import ScriptPlan
from script_gen.records import EMOTIONS, SECTIONS, Emotion, Section, Sku


@dataclass(frozen=True)
class DraftRequest:
    sku: Sku
    facts: tuple[Fact, ...]
    plan: ScriptPlan
    at: datetime
    attempt: int = 0
    seed: int = 0
    feedback: tuple[str, ...] = ()
    lexicon: Lexicon | None = None  # the compliance stack the result will be checked with


class ScriptBackend(Protocol):
    """Writes a draft; ``name`` is recorded on every script it produced."""

    name: str

    def draft(self, request: DraftRequest) -> list[dict[str, Any]]:
        """Sections as ``{"section", "variant_id"?, "sentences": [{"text", "emotion", "fact_refs"}]}``."""
        ...


class _LlmSentence(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: str = Field(min_length=1, max_length=200)
    emotion: Emotion
    fact_refs: list[str] = Field(default_factory=list)


class _LlmSection(BaseModel):
    model_config = ConfigDict(extra="forbid")
    section: Section
    sentences: list[_LlmSentence] = Field(min_length=1)


class LlmScript(BaseModel):
    """What an LLM must return (also sent as the JSON schema for structured output)."""

    model_config = ConfigDict(extra="forbid")
    sections: list[_LlmSection] = Field(min_length=1)


def script_json_schema() -> dict[str, Any]:
    """A strict JSON schema (no $refs, every property required) that vLLM/llama.cpp/OpenAI accept."""
    sentence = {
        "type": "object",
        "properties": {
            "text": {"type": "string"},
            "emotion": {"type": "string", "enum": list(EMOTIONS)},
            "fact_refs": {"type": "array", "items": {"type": "string"}},
        },
        "required": ["text", "emotion", "fact_refs"],
        "additionalProperties": False,
    }
    section = {
        "type": "object",
        "properties": {
            "section": {"type": "string", "enum": list(SECTIONS)},
            "sentences": {"type": "array", "items": sentence},
        },
        "required": ["section", "sentences"],
        "additionalProperties": False,
    }
    return {
        "type": "object",
        "properties": {"sections": {"type": "array", "items": section}},
        "required": ["sections"],
        "additionalProperties": False,
    }


class DraftParseError(ValueError):
    """The backend's text was not a script in the contract's shape."""


def parse_llm_output(text: str) -> list[dict[str, Any]]:
    """Validate LLM text against :class:`LlmScript`; tolerates code fences and chatter around it."""
    body = text.strip()
    fence = re.search(r"```(?:json)?\s*(.*?)```", body, re.S)
    if fence:
        body = fence.group(1)
    start, end = body.find("{"), body.rfind("}")
    if start < 0 or end <= start:
        raise DraftParseError(f"no JSON object in the model output (starts {text[:60]!r})")
    try:
        doc = json.loads(body[start : end + 1])
        parsed = LlmScript.model_validate(doc)
    except json.JSONDecodeError as exc:
        raise DraftParseError(f"model output is not valid JSON: {exc}") from exc
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise DraftParseError(f"model output does not match the script schema at {where}: {first['msg']}") from exc
    return [s.model_dump() for s in parsed.sections]
