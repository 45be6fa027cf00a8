"""``gradcheck`` keeps working: the scalar engine passes, a wrong gradient is caught."""

from __future__ import annotations

import pytest

from chainrule.errors import GradcheckError
from chainrule.numeric import derivative, gradcheck
from chainrule.scalar import Value


def test_scalar_engine_passes_gradcheck() -> None:
    a, b = Value(0.7, name="a"), Value(-1.3, name="b")
    result = gradcheck(lambda a, b: (a * b).sigmoid() + a.exp() / (b * b + 1), [a, b])
    assert result.ok and not result.mismatches


def test_gradcheck_agrees_with_derivative() -> None:
    x = Value(0.4)
    result = gradcheck(lambda x: (x * x).tanh(), [x])
    expected = derivative(lambda t: Value(t * t).tanh(), 0.4).value
    assert float(result.numerical[0]) == pytest.approx(expected, rel=1e-8)


class Wrong:
    """A one-number 'engine' whose backward claims d(x²)/dx = x (it is 2x)."""

    def __init__(self, x: Value) -> None:
        self.x = x
        self.data = x.data**2

    def backward(self) -> None:
        self.x.grad += self.x.data


def test_wrong_gradients_are_caught() -> None:
    x = Value(3.0)
    with pytest.raises(GradcheckError, match=r"numerical 6\.0* ?\d* vs analytical 3"):
        gradcheck(Wrong, [x])
    assert not gradcheck(Wrong, [x], raise_on_failure=False).ok
