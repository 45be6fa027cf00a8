"""Whether ops record a graph: on by default, off inside ``with no_grad():``."""

from __future__ import annotations

import contextlib
from types import TracebackType


class _GradMode:
    __slots__ = ("enabled",)

    def __init__(self) -> None:
        self.enabled = True


MODE = _GradMode()


def is_grad_enabled() -> bool:
    """True when ops record the graph that ``backward`` needs (outside any ``no_grad``)."""
    return MODE.enabled


class no_grad(contextlib.ContextDecorator):  # noqa: N801 - lower case like torch.no_grad
    """Turn graph recording off: for evaluation, and for updating parameters by hand.

    Inside the block every op returns a Tensor with ``requires_grad=False`` and keeps no
    references to its inputs, so nothing is held in memory for a backward pass. Works as a
    context manager (``with no_grad(): ...``) and as a decorator; nests.

    The mode is process-wide (not per thread), like the rest of the engine.
    """

    def __init__(self) -> None:
        self._saved: list[bool] = []

    def __enter__(self) -> no_grad:
        self._saved.append(MODE.enabled)
        MODE.enabled = False
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 tb: TracebackType | None) -> None:
        MODE.enabled = self._saved.pop()
