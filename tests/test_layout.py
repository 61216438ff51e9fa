"""The default test run: slow tests are left out, and exactly one whole-product walk stays in it."""

from __future__ import annotations

import ast
import shlex
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _marks(node: ast.FunctionDef) -> set[str]:
    """Names of the ``pytest.mark.X`` decorators on a test, with or without arguments."""
    names = set()
    for deco in node.decorator_list:
        target = deco.func if isinstance(deco, ast.Call) else deco
        if isinstance(target, ast.Attribute) and ast.unparse(target.value) == "pytest.mark":
            names.add(target.attr)
    return names


def test_default_run_leaves_out_slow_tests_and_keeps_one_whole_product_walk():
    options = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["pytest"]["ini_options"]
    args = shlex.split(options["addopts"])
    assert args[args.index("-m") + 1] == "not slow"
    walks = {}
    for path in (REPO / "tests").rglob("test_*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.FunctionDef) and "walk" in _marks(node):
                walks[f"{path.relative_to(REPO)}::{node.name}"] = "slow" in _marks(node)
    assert len(walks) >= 3, walks
    assert [name for name, slow in walks.items() if not slow] == [
        "tests/studio/test_cli.py::test_demo_runs_the_whole_data_path_to_a_live_room"]
