"""House rules as tests: ruff-clean and mypy-clean, so CI holds every change to them."""

import subprocess
import sys

from tests.conftest import REPO


def run(*args):
    return subprocess.run([sys.executable, "-m", *args], cwd=REPO, capture_output=True, text=True)


def test_ruff_lint_and_format():
    lint = run("ruff", "check", ".")
    assert lint.returncode == 0, lint.stdout
    fmt = run("ruff", "format", "--check", ".")
    assert fmt.returncode == 0, fmt.stdout


def test_mypy():
    r = run("mypy")
    assert r.returncode == 0, r.stdout


# -- layers: no module imports a higher layer ---------------------------------------------------

# Rank of each part of the code base; a module may import its own part and lower ranks only.
# Ingest and question reading share a rank but not each other: each stands on the shared
# base, whose modules (rank 0) may use one another.
_LAYERS = {
    "prompts": 0,
    "retrieval.settings": 0,
    "retrieval.errors": 0,
    "retrieval.models": 0,
    "retrieval.lexicon": 0,
    "retrieval.terms": 0,
    "retrieval.ingest": 1,
    "retrieval.reading": 1,
    "retrieval.answering": 2,
    "retrieval.service": 3,
    "retrieval": 4,  # the public surface (retrieval/__init__.py)
    "bot": 5,
}


def _part(module: str) -> str:
    """The longest entry of ``_LAYERS`` that ``module`` belongs to."""
    names = module.split(".")
    for n in range(len(names), 0, -1):
        if ".".join(names[:n]) in _LAYERS:
            return ".".join(names[:n])
    raise AssertionError(f"{module} belongs to no layer")


def _imports(path):
    import ast

    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and not node.level:
            yield node.module
        elif isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)


def test_no_module_imports_a_higher_layer():
    ours = ("prompts", "retrieval", "bot")
    wrong = []
    for path in sorted(REPO.glob("*/**/*.py")):
        rel = path.relative_to(REPO)
        if rel.parts[0] not in ours:
            continue
        module = ".".join(rel.with_suffix("").parts).removesuffix(".__init__")
        here = _part(module)
        for imported in _imports(path):
            if imported.split(".")[0] not in ours:
                continue
            there = _part(imported)
            if there == here:
                continue
            if _LAYERS[there] > _LAYERS[here] or _LAYERS[there] == _LAYERS[here] > 0:
                wrong.append(f"{module} imports {imported}")
            elif here == "bot" and there not in ("prompts", "retrieval"):
                wrong.append(f"{module} imports {imported}")  # not the public surface
    assert not wrong, wrong
