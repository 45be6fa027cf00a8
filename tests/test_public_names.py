"""One public face: every name in a chainrule package's ``__all__`` means one thing.

A name exported by two packages must be the same object in both, unless it is on
:data:`ENGINE_MIRRORS`: the same operation, once on the scalar engine's Values and once on the
array engine's Tensors. Renamed names are not kept as aliases; asking for one raises a single
line naming the new name (:mod:`chainrule.renamed`).
"""

from __future__ import annotations

import importlib
import pkgutil
import types
from collections import defaultdict
from collections.abc import Iterable

import pytest

import chainrule
import chainrule.nn
import chainrule.symbolic
from chainrule.renamed import RENAMED

#: Names that two packages export as two objects on purpose, each with the reason.
ENGINE_MIRRORS: dict[str, str] = {
    "apply": "applies a rule-table row to operands: scalar.apply on Values, tensor.apply on "
             "Tensors (the same operation on each engine's nodes)",
    "grad": "derivatives of outputs with respect to inputs, PyTorch's autograd.grad: on Values "
            "(scalar.grad) and on Tensors (tensor.grad), with create_graph on both",
    "nn": "the building blocks of each engine: chainrule.nn is the array engine's PyTorch-shaped "
          "modules, chainrule.scalar.nn mirrors micrograd.nn (Neuron, Layer, MLP) so that "
          "micrograd code runs with only its import changed",
    **{name: "the interface every layer family of explain provides (chainrule.explain.families: "
             "a family module's from_dict, describe_model and NN_CLASSES), once per family"
       for name in ("from_dict", "describe_model", "NN_CLASSES")},
}


def public_packages() -> list[types.ModuleType]:
    """chainrule and every subpackage of it, imported."""
    names = ["chainrule"] + [m.name for m in pkgutil.walk_packages(chainrule.__path__,
                                                                   "chainrule.") if m.ispkg]
    return [importlib.import_module(n) for n in names]


def meanings(packages: Iterable[types.ModuleType]) -> dict[str, dict[str, object]]:
    """Public name -> {package: object} for every name in any package's ``__all__``."""
    found: dict[str, dict[str, object]] = defaultdict(dict)
    for package in packages:
        for name in getattr(package, "__all__", ()):
            found[name][package.__name__] = getattr(package, name)
    return found


def clashes(packages: Iterable[types.ModuleType]) -> dict[str, list[str]]:
    """Names exported as two or more different objects -> the packages exporting them."""
    out = {}
    for name, where in meanings(packages).items():
        if len({id(obj) for obj in where.values()}) > 1:
            out[name] = sorted(where)
    return out


def test_every_public_name_means_one_thing() -> None:
    found = clashes(public_packages())
    unexplained = {name: where for name, where in found.items() if name not in ENGINE_MIRRORS}
    assert not unexplained, (
        "these public names mean different objects in different packages; rename one (and add "
        f"the old name to chainrule.renamed.RENAMED) or explain it in ENGINE_MIRRORS: "
        f"{unexplained}")


def test_the_allowlist_lists_only_live_mirrors() -> None:
    found = clashes(public_packages())
    stale = sorted(set(ENGINE_MIRRORS) - set(found))
    assert not stale, f"no longer two meanings, remove from ENGINE_MIRRORS: {stale}"


def test_the_clash_finder_finds_a_clash() -> None:
    one, two, three = (types.ModuleType(n) for n in ("pkg.one", "pkg.two", "pkg.three"))
    shared = object()
    one.__all__, one.Table, one.same = ["Table", "same"], object(), shared
    two.__all__, two.Table, two.same = ["Table", "same"], object(), shared
    three.__all__, three.other = ["other"], object()
    assert clashes([one, two, three]) == {"Table": ["pkg.one", "pkg.two"]}


def _resolve(package: str, new: str) -> object:
    if "." in new:  # a name that moved to another package: "chainrule.rules.ROWS"
        module, _, attribute = new.rpartition(".")
        return getattr(importlib.import_module(module), attribute)
    return getattr(importlib.import_module(package), new)


RENAMES = [(p, old, new) for p, table in RENAMED.items() for old, new in table.items()]


@pytest.mark.parametrize(("package", "old", "new"), RENAMES,
                         ids=[f"{p}.{o}" for p, o, _ in RENAMES])
def test_an_old_name_says_what_it_was_renamed(package: str, old: str, new: str) -> None:
    module = importlib.import_module(package)
    with pytest.raises(AttributeError) as caught:
        getattr(module, old)
    assert str(caught.value) == f"{package}.{old} was renamed {new}"
    assert not hasattr(module, old)  # hasattr stays usable: no other error leaks
    assert old not in module.__all__
    _resolve(package, new)  # the new name exists


def test_from_import_of_an_old_name_gives_the_same_line() -> None:
    with pytest.raises(ImportError, match=r"^chainrule\.nn\.SoftmaxCrossEntropy was renamed "
                                          r"CrossEntropyLoss$"):
        from chainrule.nn import SoftmaxCrossEntropy  # noqa: F401
    with pytest.raises(ImportError, match=r"^chainrule\.symbolic\.check was renamed "
                                          r"check_derivative$"):
        from chainrule.symbolic import (  # noqa: F401
            check,
            diff,
        )


def test_other_missing_names_keep_pythons_message() -> None:
    with pytest.raises(AttributeError, match=r"^module 'chainrule.nn' has no attribute 'Nope'$"):
        chainrule.nn.Nope  # noqa: B018


def test_every_op_record_names_its_domain_test_alike() -> None:
    # The three op records (rows, vector rows, scalar Ops) name their domain test one way.
    from chainrule.rules import Rule, VectorRule
    from chainrule.scalar import Op

    for record in (Rule, VectorRule, Op):
        assert callable(getattr(record, "domain_error", None)), record
        assert not hasattr(record, "check"), f"{record.__name__}.check: call it domain_error"
