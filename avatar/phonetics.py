"""IPA phonemes -> visible mouth classes (visemes), from general articulatory phonetics.

Classes group what the lips and jaw show, not what the tongue does: /t d n s l/ look alike, /p b m/
shut the lips, /f v/ tuck the lower lip, rounded sounds protrude. The classes say nothing about how far a
person opens for each: that is learned per person from their footage (``avatar.visemes``). Used for the
voice stage's IPA (espeak-ng: English and Mandarin, tone digits and stress marks included).
"""

from __future__ import annotations

import re
import unicodedata

CLASSES = ("silence", "bilabial", "labiodental", "rounded", "alveolar", "postalveolar", "back", "close",
           "mid", "mid_rounded", "open", "rhotic")
CLASS = {name: k for k, name in enumerate(CLASSES)}
VOWEL_CLASSES = frozenset({CLASS["close"], CLASS["mid"], CLASS["mid_rounded"], CLASS["open"], CLASS["rounded"]})

# multi-letter units first (affricates), then single IPA letters
_UNITS: dict[str, str] = {
    "tʃ": "postalveolar", "dʒ": "postalveolar", "tɕ": "postalveolar", "dʑ": "postalveolar", "ts": "alveolar",
    "dz": "alveolar", "tʂ": "postalveolar", "dʐ": "postalveolar",
    "p": "bilabial", "b": "bilabial", "m": "bilabial", "ɸ": "bilabial", "β": "bilabial",
    "f": "labiodental", "v": "labiodental", "ʋ": "labiodental", "ɱ": "labiodental",
    "w": "rounded", "ʍ": "rounded", "u": "rounded", "ʊ": "rounded", "y": "rounded", "ʏ": "rounded", "ɥ": "rounded",
    "t": "alveolar", "d": "alveolar", "n": "alveolar", "s": "alveolar", "z": "alveolar", "l": "alveolar",
    "θ": "alveolar", "ð": "alveolar", "ɾ": "alveolar", "ɬ": "alveolar", "ɫ": "alveolar", "ʔ": "back",
    "ʃ": "postalveolar", "ʒ": "postalveolar", "ɕ": "postalveolar", "ʑ": "postalveolar", "ʂ": "postalveolar",
    "ʐ": "postalveolar",
    "k": "back", "g": "back", "ɡ": "back", "ŋ": "back", "h": "back", "x": "back", "ɣ": "back", "ç": "back",
    "j": "back", "ɲ": "back", "ɦ": "back", "q": "back", "χ": "back",
    "i": "close", "ɪ": "close", "ɨ": "close", "ɯ": "close", "ɿ": "close", "ʅ": "close",
    "e": "mid", "ɛ": "mid", "ə": "mid", "ɚ": "mid", "ɜ": "mid", "ɘ": "mid", "ɤ": "mid", "ɝ": "mid", "ᵻ": "mid",
    "o": "mid_rounded", "ɔ": "mid_rounded", "ɒ": "mid_rounded", "ø": "mid_rounded", "œ": "mid_rounded",
    "ɵ": "mid_rounded",
    "a": "open", "ɑ": "open", "æ": "open", "ʌ": "open", "ɐ": "open", "ɶ": "open", "ä": "open",
    "ɹ": "rhotic", "r": "rhotic", "ɻ": "rhotic", "ʁ": "rhotic", "ʀ": "rhotic",
}
# espeak-ng's Mandarin writes retroflexes with a dot (ts. s. z.) and aspiration as a plain h (tsh, kh)
_ESPEAK_CMN = (("ts.", "tʂ"), ("s.", "ʂ"), ("z.", "ʐ"))
_SKIP = set("ˈˌːˑ.-_|‖ʰʲʷˠˤ̃̚ʼ'0123456789 ")


def viseme_classes(phoneme: str) -> list[int]:
    """The visible classes one phoneme passes through, in order (a diphthong gives two); ``[]`` if none.

    Empty, ``_`` and unknown-only symbols are silence."""
    text = unicodedata.normalize("NFD", phoneme)
    for espeak, ipa in _ESPEAK_CMN:
        text = text.replace(espeak, ipa)
    text = re.sub(r"(?<=[ptkcsʂɕʐ])h", "", text)  # aspiration, not /h/
    text = "".join(c for c in text if not unicodedata.combining(c) and c not in _SKIP)
    out: list[int] = []
    i = 0
    while i < len(text):
        unit = text[i : i + 2] if text[i : i + 2] in _UNITS else text[i]
        i += len(unit)
        if unit in _UNITS and (not out or out[-1] != CLASS[_UNITS[unit]]):
            out.append(CLASS[_UNITS[unit]])
    return out or [CLASS["silence"]]


def frame_segments(phonemes: list[tuple[str, float, float]]) -> list[tuple[int, float, float]]:
    """(IPA, start s, end s) -> (class, start, end), a multi-class phoneme's span shared evenly."""
    out: list[tuple[int, float, float]] = []
    for symbol, start, end in phonemes:
        classes = viseme_classes(symbol)
        step = (end - start) / len(classes)
        out.extend((c, start + k * step, start + (k + 1) * step) for k, c in enumerate(classes))
    return out
