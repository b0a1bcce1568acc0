"""Small modules with one job, small functions: the limits of docs/architecture.md, kept by a test.

A module over `MODULE_LINES` or a function over `FUNCTION_LINES` fails, unless the function's docstring
gives the reason in a sentence starting "Long because" (a table, a parser state machine...).
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MODULE_LINES = 420
FUNCTION_LINES = 60
REASON = "Long because"


def long_functions(source: str) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            length = (node.end_lineno or node.lineno) - node.lineno + 1
            if length > FUNCTION_LINES and REASON not in (ast.get_docstring(node) or ""):
                found.append(f"{node.name} ({length} lines)")
    return found


def test_no_module_is_too_long() -> None:
    long = []
    for path in sorted((ROOT / "tracker").rglob("*.py")):
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > MODULE_LINES:
            long.append(f"{path.relative_to(ROOT)}: {lines} lines")
    assert long == []


def test_no_function_is_too_long_without_a_reason() -> None:
    long = []
    for path in sorted((ROOT / "tracker").rglob("*.py")):
        long += [f"{path.relative_to(ROOT)}: {f}" for f in long_functions(path.read_text(encoding="utf-8"))]
    assert long == []


def test_the_length_check_can_fail() -> None:
    body = "\n".join(f"    x{i} = {i}" for i in range(FUNCTION_LINES))
    assert long_functions(f"def f():\n{body}\n") == [f"f ({FUNCTION_LINES + 1} lines)"]
    reason = f'    """{REASON} it is a table."""\n'
    assert long_functions(f"def f():\n{reason}{body}\n") == []
