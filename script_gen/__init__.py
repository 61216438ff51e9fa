"""Grounded, compliant sales scripts from a merchant's SKU knowledge base.

Import a KB (:func:`import_kb`, :func:`upsert`), generate with any backend
(:func:`generate_script` with the embedded template generator, an OpenAI-compatible endpoint or a
local HF model, see :func:`make_backend`), re-resolve offers at air time (:func:`refresh_script`),
check any spoken text (:func:`check_script_text`: faithfulness via :class:`Verifier` plus
advertising-law compliance via :func:`load_lexicon`) and answer viewers (:func:`answer_question`).
Review helpers live in :mod:`script_gen.review`; record types in :mod:`script_gen.records`.
"""

from script_gen.answer import answer_question
from script_gen.compliance import check_compliance, load_lexicon
from script_gen.generate import (
    GenerationRefused,
    GenerationResult,
    check_script_text,
    generate_script,
    read_script_file,
    refresh_script,
)
from script_gen.kb_diff import upsert
from script_gen.kb_import import import_kb
from script_gen.llm_backends import make_backend
from script_gen.retrieve import FactIndex
from script_gen.verify import Verifier

__all__ = [
    "FactIndex",
    "GenerationRefused",
    "GenerationResult",
    "Verifier",
    "answer_question",
    "check_compliance",
    "check_script_text",
    "generate_script",
    "import_kb",
    "load_lexicon",
    "make_backend",
    "read_script_file",
    "refresh_script",
    "upsert",
]
