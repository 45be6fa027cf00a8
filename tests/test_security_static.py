"""No code execution from user input, checked on the source itself (docs/security.md): no
``eval``/``exec``/``compile``, no pickle-family modules, ``np.load`` only with
``allow_pickle=False``, no ``shell=True``, and SymPy's ``sympify`` only with ``strict=True``
except where its argument is the rule table's own SymPy output."""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "chainrule"
# sympify here converts what the rule table built (SymPy objects and numbers), never text
SYMPIFY_OF_RULE_OUTPUT = {"symbolic/rules.py", "rules/symbolic.py"}
BANNED_MODULES = {"pickle", "cPickle", "dill", "marshal", "shelve", "cloudpickle", "joblib"}


def _calls(tree: ast.AST):
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            f = node.func
            name = f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) \
                else ""
            yield name, node


def _kw(node: ast.Call, key: str):
    for k in node.keywords:
        if k.arg == key:
            return k.value
    return None


def test_no_code_execution_paths_in_the_source():
    problems = []
    files = sorted(SRC.rglob("*.py"))
    assert len(files) > 50
    for path in files:
        rel = path.relative_to(SRC).as_posix()
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                names = [a.name for a in node.names] + [getattr(node, "module", "") or ""]
                if any(n.split(".")[0] in BANNED_MODULES for n in names):
                    problems.append(f"{rel}:{node.lineno} imports {names}")
        for name, call in _calls(tree):
            where = f"{rel}:{call.lineno}"
            if name in ("eval", "exec", "compile", "__import__") and isinstance(
                    call.func, ast.Name):
                problems.append(f"{where} calls {name}")
            if name == "load" and _kw(call, "allow_pickle") is not None:
                value = _kw(call, "allow_pickle")
                if not (isinstance(value, ast.Constant) and value.value is False):
                    problems.append(f"{where} np.load without allow_pickle=False")
            if name in ("run", "Popen", "call", "check_output") and isinstance(
                    _kw(call, "shell"), ast.Constant) and _kw(call, "shell").value:
                problems.append(f"{where} shell=True")
            if name in ("parse_expr", "sympify") and rel not in SYMPIFY_OF_RULE_OUTPUT:
                strict = _kw(call, "strict")
                if not (isinstance(strict, ast.Constant) and strict.value):
                    problems.append(f"{where} {name} without strict=True")
    assert problems == []


def test_every_np_load_refuses_pickles():
    loads = []
    for path in SRC.rglob("*.py"):
        for name, call in _calls(ast.parse(path.read_text(encoding="utf-8"))):
            if name == "load" and isinstance(call.func, ast.Attribute) and isinstance(
                    call.func.value, ast.Name) and call.func.value.id == "np":
                loads.append((path.name, _kw(call, "allow_pickle")))
    assert loads, "np.load is used to read model files"
    assert all(isinstance(v, ast.Constant) and v.value is False for _, v in loads), loads
