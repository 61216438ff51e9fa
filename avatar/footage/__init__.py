"""Test footage: a real face photo animated into a talking clip driven by espeak-ng speech."""

from avatar.footage.generate import Footage, FootageSpec, generate_footage
from avatar.footage.phonemes import Phoneme, Utterance, synthesize

__all__ = ["Footage", "FootageSpec", "Phoneme", "Utterance", "generate_footage", "synthesize"]
