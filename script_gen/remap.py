"""Pattern replacement that keeps a map back to the original characters (normalised and folded text alike)."""

from __future__ import annotations

import re
from collections.abc import Callable

Index = list[tuple[int, int]]


def replace(text: str, index: Index, pattern: re.Pattern[str],
            fn: Callable[[re.Match[str]], str | None]) -> tuple[str, Index]:
    """Apply ``fn(match) -> str | None`` replacements; the whole match maps to the whole source span.

    A replacement that would run into a digit before or after it (双11 + 十四块九, 俩 + 160) is kept apart by a space.
    """
    out: list[str] = []
    new_index: Index = []
    pos = 0
    for m in pattern.finditer(text):
        repl = fn(m)
        if repl is None:
            continue
        out.append(text[pos : m.start()])
        new_index.extend(index[pos : m.start()])
        src = (index[m.start()][0], index[m.end() - 1][1]) if m.end() > m.start() else index[m.start()]
        if repl[:1].isdigit() and m.start() > 0 and text[m.start() - 1].isdigit():
            repl = " " + repl
        if repl[-1:].isdigit() and text[m.end() : m.end() + 1].isdigit():
            repl += " "  # 俩 + 160块: two items, then a price, not 2160
        new_index.extend([src] * len(repl))
        out.append(repl)
        pos = m.end()
    if not out:
        return text, index
    out.append(text[pos:])
    new_index.extend(index[pos:])
    return "".join(out), new_index
