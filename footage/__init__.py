"""Test footage: a real face photo animated into a talking clip driven by espeak-ng speech.

Test material for the demo, the tests and the benchmarks, not a product stage: it speaks through
the voice stage's one espeak-ng binding (:mod:`voice.espeak`) and no stage imports it.
"""

from footage.generate import Footage, FootageSpec, generate_footage

__all__ = ["Footage", "FootageSpec", "generate_footage"]
