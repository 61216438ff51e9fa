"""Graded spec codes (SPF35, PA++, IPX4, 1080P/4K, Wi-Fi 6, 蓝牙5.3, USB3.0, QC3.0): one family, one true grade.

A code is a claim about where the product sits on a published scale. When the SKU's own facts state a
grade of a family, a different grade of that family said about the SKU is a contradiction, whatever the
number's size; no unit conversion applies. Resolutions are one family whether said in lines or in K.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

_FAMILIES: tuple[tuple[str, str], ...] = (
    ("spf", r"spf\s?(\d{1,3})\+?"),
    ("pa", r"(?<![a-z])pa\s?(\+{1,4})"),
    ("ip", r"(?<![a-z])ip\s?(x\d|\d{2})"),
    ("resolution", r"(?<![\d.])(480|720|1080|1440|2160)\s?p(?![a-z])|(?<![\d.])([248])\s?k(?![a-z\d])"),
    ("wifi", r"wi-?fi\s?(\d(?:e)?)"),
    ("bluetooth", r"(?:蓝牙|bluetooth)\s?(\d\.\d)"),
    ("usb", r"usb\s?(\d\.\d)"),
    ("uv", r"(?<![a-z])uv\s?(\d{3})(?!\d)"),  # UV400 sunglasses block to 400 nm
    # fast-charge protocols (USB PD, Qualcomm Quick Charge, Huawei SCP/FCP, OPPO VOOC, Samsung AFC)
    ("fastcharge", r"(?<![a-z])((?:pd|qc)\s?\d(?:\.\d)?|pps|scp|fcp|afc|vooc)(?![a-z\d])"),
)
_PATTERN = re.compile("|".join(f"(?P<{name}>{pattern})" for name, pattern in _FAMILIES), re.I)
_LINES = {"2": "1440", "4": "2160", "8": "4320"}  # 2K/4K/8K said in vertical lines, as 1080P is


@dataclass(frozen=True)
class Code:
    family: str
    grade: str
    start: int
    end: int


def codes(text: str) -> Iterator[Code]:
    """The graded codes in ``text`` (lower-cased or not), with their spans."""
    for m in _PATTERN.finditer(text):
        family = m.lastgroup or ""
        grade = re.sub(r"\s", "", next(g for g in m.groups()[m.re.groupindex[family]:] if g is not None).lower())
        if family == "resolution" and m.group(0)[-1] in "kK":
            grade = _LINES[grade]
        yield Code(family, grade, m.start(), m.end())


def grades(text: str) -> dict[str, set[str]]:
    """Family -> the grades ``text`` states (a SKU's facts: what may be said)."""
    out: dict[str, set[str]] = {}
    for code in codes(text):
        out.setdefault(code.family, set()).add(code.grade)
    return out
