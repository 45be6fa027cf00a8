"""Reverse mode on Tensors: the topological order and the backward sweep.

Gradient policy (the same as the scalar engine's)
-------------------------------------------------
* **Leaves accumulate.** A Tensor made by the user with ``requires_grad=True`` gets
  ``leaf.grad += ∂root/∂leaf`` (in place once it holds an array), like PyTorch, so the
  gradients of several losses add up until someone zeroes them (``Module.zero_grad()``, an
  optimizer's ``zero_grad()``, or ``leaf.grad = None``).
* **Interior nodes keep nothing.** Their gradients live only during the sweep and are dropped
  as soon as they have been passed on, so memory does not grow with depth. Call
  ``t.retain_grad()`` before ``backward()`` to keep ``t.grad`` (set afresh on every call).
* The graph is kept after ``backward`` (calling it twice adds the leaf gradients twice) and is
  freed by reference counting when the root is dropped: nodes refer only to their parents and
  to arrays, never to themselves or to closures, so there are no reference cycles.

Ownership: an array a VJP returned fresh belongs to the engine and more gradient is added into
it in place; ``g`` passed through unchanged, or a view of it, is copied before anything writes to
it. A leaf's ``.grad`` is always an array of its own, with the leaf's dtype and shape.
"""

from __future__ import annotations

import heapq
from typing import TYPE_CHECKING, Any

import numpy as np

from chainrule.errors import ConfigError, ShapeError
from chainrule.tensor.op import shape_text

if TYPE_CHECKING:
    from chainrule.tensor.tensor import Tensor


def graph_order(root: Tensor) -> list[Tensor]:
    """Every node that ``root`` depends on through gradient-requiring paths, parents first.

    Each Tensor is stamped with a creation number (``_seq``) and an op's output is always made
    after its operands, so sorting the reachable nodes by that number puts every node after
    its parents. The search is iterative, so a chain of a million ops needs no recursion.
    """
    seen = {id(root)}
    nodes = [root]
    stack = [root]
    while stack:
        for parent in stack.pop()._parents:
            if parent.requires_grad and id(parent) not in seen:
                seen.add(id(parent))
                nodes.append(parent)
                stack.append(parent)
    nodes.sort(key=_creation)
    return nodes


def _creation(node: Tensor) -> int:
    return node._seq


def _seed(root: Tensor, grad: Any) -> tuple[np.ndarray, bool]:
    data = root._data
    if grad is None:
        if data.size != 1:
            raise ConfigError(
                f"backward: the output has shape {shape_text(data.shape)}; without grad= it "
                "must hold one number (reduce it with .sum() or .mean(), or pass grad=)"
            )
        return np.array(1, data.dtype).reshape(data.shape), True
    seed = np.asarray(getattr(grad, "data", grad), dtype=data.dtype)
    if seed.shape != data.shape:
        raise ShapeError(f"backward: grad has shape {shape_text(seed.shape)} but the output has "
                         f"shape {shape_text(data.shape)}")
    return seed, False  # the caller's array: never written to


def _into_leaf(leaf: Tensor, g: np.ndarray, owned: bool) -> None:
    dtype = leaf._data.dtype
    if g.dtype != dtype:
        g, owned = g.astype(dtype), True
    cur = leaf.grad
    if cur is None:
        leaf.grad = g if owned else np.array(g)
    elif type(cur) is np.ndarray and cur.shape == g.shape and cur.flags.writeable:
        np.add(cur, g, out=cur)
    else:  # a number (gradcheck zeroes 0-d leaves with 0.0) or a read-only array
        leaf.grad = np.asarray(np.asarray(cur) + g, dtype=dtype)


def backward(root: Tensor, grad: Any = None, create_graph: bool = False) -> None:
    """Backpropagate from ``root``: add ∂root/∂leaf (or gᵀ·∂root/∂leaf) to every leaf's grad.

    Parameters
    ----------
    root : Tensor
        The output; it must require grad.
    grad : array_like, optional
        ∂L/∂root, shaped like ``root``. Defaults to 1 when ``root`` holds one number.
    create_graph : bool
        Make the gradients Tensors with graphs of their own (leaf ``.grad`` becomes a Tensor
        that can be differentiated again), as PyTorch does.
    """
    if not root.requires_grad:
        raise ConfigError("backward: this Tensor does not require grad (no input had "
                          "requires_grad=True, or it was made under no_grad())")
    seed, owned = _seed(root, grad)
    if create_graph:
        _backward_graph(root, seed)
        return
    if root._op is None:
        _into_leaf(root, seed, owned)
        return
    _sweep(root, seed, owned)


def _sweep(root: Tensor, seed: np.ndarray, owned: bool) -> None:
    """The reverse sweep on arrays, latest-made node first.

    A node is taken from a heap keyed by its creation number, so it is processed only after
    every node made from it (they were all made later), with its gradient complete; there is
    no separate topological sort. A leaf's share is added to its ``.grad`` as soon as it
    arrives. When the heap is empty and a node reached exactly one new node, that node is next
    (nothing left could still feed it), so a chain of layers never touches the heap.
    """
    root._g, root._owned = seed, owned
    heap: list[tuple[int, Tensor]] = []
    pop, push = heapq.heappop, heapq.heappush
    node: Tensor | None = root
    found: Tensor | None = None
    try:
        while node is not None:
            found = None
            g = node._g
            node._g = None
            if node._retain:
                node.grad = np.array(g)
            op = node._op
            grads = op.vjp(g, node._ctx, node._needs)
            for parent, r in zip(node._parents, grads):
                if r is None or not parent.requires_grad:
                    continue
                if type(r) is not np.ndarray:
                    r = np.asarray(r)
                if r.shape != parent._data.shape:
                    raise ShapeError(
                        f"{op.name}: its VJP gave a gradient of shape {shape_text(r.shape)} for "
                        f"an operand of shape {shape_text(parent._data.shape)}"
                    )
                fresh = r is not g and r.base is None
                if parent._op is None:  # a leaf: straight into .grad
                    if parent.grad is None and fresh and r.dtype == parent._data.dtype:
                        parent.grad = r  # the common case (grads zeroed to None): no copy
                    else:
                        _into_leaf(parent, r, fresh)
                    continue
                cur = parent._g
                if cur is None:
                    parent._g = r
                    parent._owned = fresh
                    if found is not None:
                        push(heap, (-found._seq, found))
                    found = parent
                elif parent._owned:
                    np.add(cur, r, out=cur)
                else:
                    parent._g = cur + r
                    parent._owned = True
            if found is not None and heap:
                push(heap, (-found._seq, found))
                found = None
            node = found if found is not None else (pop(heap)[1] if heap else None)
    except BaseException:
        for _, waiting in heap:
            waiting._g = None
        if found is not None:
            found._g = None
        raise


def _backward_graph(root: Tensor, seed: np.ndarray) -> None:
    from chainrule.tensor.higher import sweep
    from chainrule.tensor.tensor import Tensor

    grads = sweep(root, Tensor(seed), create_graph=True)
    for node in graph_order(root):
        g = grads.get(id(node))
        if g is None or not (node._op is None or node._retain):
            continue
        node.grad = g if node.grad is None or node._op is not None else node.grad + g


def grad(outputs: Any, inputs: Any, grad_outputs: Any = None, retain_graph: bool | None = None,
         create_graph: bool = False, allow_unused: bool = False) -> tuple[Any, ...]:
    """∂outputs/∂inputs without touching any ``.grad`` (PyTorch's ``torch.autograd.grad``).

    ``outputs`` is a Tensor or a sequence of them (with ``grad_outputs``, one seed each, the
    result is Σₖ gₖᵀ ∂outₖ/∂input); ``inputs`` a Tensor or a sequence. With
    ``create_graph=True`` the results are Tensors with graphs, so a Hessian-vector product is
    ``grad((grad(f, x, create_graph=True)[0] * v).sum(), x)``. Returns a tuple with one Tensor
    per input (``None`` for an input the outputs do not depend on, when ``allow_unused``).
    ``retain_graph`` is accepted for PyTorch's signature; the graph is always kept.
    """
    from chainrule.tensor.higher import sweep
    from chainrule.tensor.tensor import Tensor

    outs = [outputs] if isinstance(outputs, Tensor) else list(outputs)
    ins = [inputs] if isinstance(inputs, Tensor) else list(inputs)
    seeds = [grad_outputs] if isinstance(grad_outputs, Tensor) or (grad_outputs is None and \
        len(outs) == 1) else list(grad_outputs or [None] * len(outs))
    if len(seeds) != len(outs):
        raise ConfigError(f"grad: {len(outs)} outputs but {len(seeds)} grad_outputs")
    total: dict[int, Tensor] = {}
    for out, seed in zip(outs, seeds):
        if not out.requires_grad:
            raise ConfigError("grad: an output does not require grad (no input had "
                              "requires_grad=True, or it was made under no_grad())")
        array, _ = _seed(out, seed)
        for key, g in sweep(out, Tensor(array), create_graph).items():
            total[key] = g if key not in total else total[key] + g
    result = []
    for i, x in enumerate(ins):
        g = total.get(id(x))
        if g is None and not allow_unused:
            raise ConfigError(f"grad: input {i} is not used to compute the outputs (pass "
                              "allow_unused=True to get None for it)")
        result.append(g)
    return tuple(result)
