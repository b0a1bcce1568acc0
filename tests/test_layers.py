"""The package's pipeline, enforced: imports go one way, there are no cycles, derive keeps no state.

docs/architecture.md draws the layers; `LAYERS` below is the same order. A module may import modules
of its own subpackage and of any lower layer, never of a higher one or of a sibling in its own layer
(site, feeds and downloads are independent writers). Every import counts: at module level, inside a
function, or under `if TYPE_CHECKING:` (a type-only import is still a dependency a reader follows).
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "tracker"

# Lowest first. Each entry is one layer: the parts in it may not import each other.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("model", "settings"),
    ("text",),
    ("load",),
    ("check",),
    ("edit", "derive"),
    ("writing",),
    ("site", "feeds", "downloads"),
    ("build",),
    ("cli", "plugin", "__init__"),
    ("__main__",),
)
RANK = {part: rank for rank, layer in enumerate(LAYERS) for part in layer}


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" and len(parts) > 2 else parts)


def part_of(module: str) -> str:
    """The layer part of a module: `tracker.site.pages` -> `site`, `tracker.cli` -> `cli`."""
    pieces = module.split(".")
    return pieces[1] if len(pieces) > 1 else "__init__"


def imports_of(source: str, module: str, is_package: bool = False) -> Iterator[tuple[int, str]]:
    """(line, imported tracker module) for every import in `source`, relative ones resolved."""
    package = module if is_package else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "tracker":
                    yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.split(".")[0] != "tracker":
                continue
            # `from tracker.site import pages` imports the module tracker.site.pages.
            for alias in node.names:
                candidate = f"{target}.{alias.name}"
                yield node.lineno, candidate if candidate in MODULES else target


def _modules() -> dict[str, Path]:
    return {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


MODULES = _modules()


def graph(modules: dict[str, Path]) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for name, path in modules.items():
        targets = {
            t for _, t in imports_of(path.read_text(encoding="utf-8"), name, path.name == "__init__.py")
        }
        found[name] = {t for t in targets if t in modules and t != name}
    return found


def violations_in(source: str, name: str, where: str, is_package: bool = False) -> list[str]:
    """Every import in `source` (module `name`) against the layer order, as `where:line: ...`."""
    mine = part_of(name)
    problems = []
    for line, target in imports_of(source, name, is_package):
        theirs = part_of(target)
        if theirs == mine or target == "tracker":
            continue
        if mine not in RANK or theirs not in RANK:
            problems.append(f"{where}:{line}: {mine!r} or {theirs!r} is in no layer")
        elif RANK[theirs] >= RANK[mine]:
            how = "a sibling" if RANK[theirs] == RANK[mine] else "a higher layer"
            problems.append(f"{where}:{line}: {name} imports {target} ({how})")
    return problems


def layer_violations(modules: dict[str, Path]) -> list[str]:
    return [
        problem
        for name, path in modules.items()
        for problem in violations_in(
            path.read_text(encoding="utf-8"), name, str(path.relative_to(ROOT)), path.name == "__init__.py"
        )
    ]


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan), each a cycle of imports."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(edges.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def test_every_part_of_the_package_is_in_a_layer() -> None:
    assert {part_of(name) for name in MODULES} <= set(RANK)


def test_imports_go_one_way() -> None:
    assert layer_violations(MODULES) == []


def test_there_is_no_import_cycle() -> None:
    assert cycles(graph(MODULES)) == []


def test_checking_never_imports_derive_or_a_writer() -> None:
    check = {n: p for n, p in MODULES.items() if part_of(n) == "check"}
    reached = {target for n, p in check.items() for _, target in imports_of(p.read_text(), n)}
    forbidden = {"derive", "writing", "site", "feeds", "downloads", "build"}
    assert sorted(t for t in reached if part_of(t) in forbidden) == []


@pytest.mark.parametrize(
    ("where", "planted"),
    [
        ("tracker/model/vocabulary.py", "from tracker.derive.statuses import status\n"),
        ("tracker/check/rules.py", "from tracker.site import pages\n"),
        ("tracker/feeds/writer.py", "from tracker.site.pages import PagesWriter\n"),
        ("tracker/derive/facts.py", "    from tracker.build.output import BuildOutput\n"),
    ],
)
def test_a_planted_backwards_import_is_found(where: str, planted: str) -> None:
    """The layer test itself can fail: each planted import, at module level or in a function body."""
    source = (ROOT / where).read_text(encoding="utf-8")
    assert violations_in(source, module_name(ROOT / where), where) == []
    if planted.startswith(" "):
        source += "\n\ndef _planted() -> None:\n" + planted
    else:
        source = planted + source
    assert violations_in(source, module_name(ROOT / where), where), f"{planted.strip()} in {where} not found"


def test_a_planted_cycle_is_found() -> None:
    edges = graph(MODULES)
    edges["tracker.model.dates"] = edges["tracker.model.dates"] | {"tracker.model.problems"}
    edges["tracker.model.problems"] = edges["tracker.model.problems"] | {"tracker.model.dates"}
    assert ["tracker.model.dates", "tracker.model.problems"] in cycles(edges)


# --- derive keeps no state between builds ---------------------------------------------------------------

MUTABLE_CALLS = re.compile(r"^(dict|list|set|defaultdict|OrderedDict|Counter|deque|bytearray)$")


def module_state(source: str) -> list[str]:
    """Module-level names bound to a mutable value (dict, list, set displays or constructors), and any
    `global` statement: what would let one build's state leak into the next."""
    tree = ast.parse(source)
    found = []
    for node in tree.body:
        value = node.value if isinstance(node, ast.Assign | ast.AnnAssign) else None
        targets = (
            node.targets
            if isinstance(node, ast.Assign)
            else [node.target]
            if isinstance(node, ast.AnnAssign)
            else []
        )
        if value is None or any(isinstance(t, ast.Name) and t.id == "__all__" for t in targets):
            continue
        mutable = isinstance(value, ast.Dict | ast.List | ast.Set | ast.DictComp | ast.ListComp | ast.SetComp)
        if isinstance(value, ast.Call) and isinstance(value.func, ast.Name):
            mutable = mutable or bool(MUTABLE_CALLS.match(value.func.id))
        if mutable:
            found.append(f"line {node.lineno}: {ast.unparse(node).splitlines()[0][:80]}")
    found += [
        f"line {n.lineno}: global {', '.join(n.names)}" for n in ast.walk(tree) if isinstance(n, ast.Global)
    ]
    return found


@pytest.mark.parametrize("name", sorted(n for n in MODULES if part_of(n) == "derive"))
def test_derive_holds_no_module_level_mutable_state(name: str) -> None:
    assert module_state(MODULES[name].read_text(encoding="utf-8")) == []


def test_the_state_check_finds_a_cache() -> None:
    assert module_state("_CACHE: dict[str, int] = {}\nX = frozenset()\n") == [
        "line 1: _CACHE: dict[str, int] = {}"
    ]
    assert module_state("def f():\n    global X\n") == ["line 2: global X"]


def test_validating_loads_no_deriving_rendering_or_pelican() -> None:
    """What `tracker validate` runs in a pull request imports only the layers up to check."""
    code = (
        "import sys\n"
        "from tracker.cli import main\n"
        "main(['validate', '--today', '2026-11-27'])\n"
        "print(' '.join(sorted(m for m in sys.modules if m.startswith(('tracker.', 'pelican', 'jinja2')))))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    loaded = result.stdout.splitlines()[-1].split()
    assert "tracker.check.validate" in loaded
    allowed = {"model", "settings", "text", "load", "check", "cli"}
    assert [m for m in loaded if m.startswith(("pelican", "jinja2")) or part_of(m) not in allowed] == []


# --- tests use the package's public names ---------------------------------------------------------------


def private_uses(source: str) -> list[str]:
    """Private names a test takes from `tracker`: imported by name, or read off an imported module."""
    tree = ast.parse(source)
    aliases = set()
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "tracker":
            for alias in node.names:
                if alias.name.startswith("_"):
                    found.append(f"line {node.lineno}: {alias.name}")
                if f"{node.module}.{alias.name}" in MODULES:
                    aliases.add(alias.asname or alias.name)
        elif isinstance(node, ast.Import):
            aliases.update(a.asname or a.name for a in node.names if a.name.split(".")[0] == "tracker")
    for node in ast.walk(tree):
        if not isinstance(node, ast.Attribute) or not isinstance(node.value, ast.Name):
            continue
        if node.attr.startswith("_") and not node.attr.startswith("__") and node.value.id in aliases:
            found.append(f"line {node.lineno}: {node.value.id}.{node.attr}")
    return found


@pytest.mark.parametrize("path", sorted((ROOT / "tests").glob("*.py")), ids=lambda p: p.name)
def test_tests_use_public_names_only(path: Path) -> None:
    assert private_uses(path.read_text(encoding="utf-8")) == []


def test_the_private_name_check_finds_both_spellings() -> None:
    source = "from tracker.text.urls import _x, y\nfrom tracker.text import urls as u\nu._z\n"
    assert private_uses(source) == ["line 1: _x", "line 3: u._z"]
