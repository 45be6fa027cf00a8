"""Functions that misbehave get a ChainruleError that says what happened and where."""

from __future__ import annotations

import math

import numpy as np
import pytest

from chainrule.errors import ChainruleError, ConfigError, NumericalError
from chainrule.numeric import derivative, difference_quotient, step_study, tangent_line


def boom(x):
    raise RuntimeError("no")


@pytest.mark.parametrize("method", ["central", "forward", "backward", "complex"])
@pytest.mark.parametrize(
    ("f", "kind", "fragment"),
    [(lambda x: np.nan, NumericalError, "returned nan at x = 0.5"),
     (lambda x: np.inf, NumericalError, "returned inf at x = 0.5"),
     (boom, NumericalError, "raised RuntimeError \\(no\\) at x = 0.5"),
     (lambda x: np.array([x, x]), ConfigError, "one number, got an array of shape \\(2,\\)"),
     (lambda x: "0.5", ConfigError, "must return a number, got str"),
     (lambda x: None, ConfigError, "must return a number, got NoneType")],
)
def test_bad_functions(f, kind: type, fragment: str, method: str) -> None:
    with pytest.raises(kind, match=fragment) as info:
        derivative(f, 0.5, method=method)
    assert isinstance(info.value, ChainruleError)


def test_failure_at_a_probe_names_the_probe() -> None:
    # log(x − 1) at x = 1.0001 is fine; forward probes are too, but a backward probe of
    # 2e-4 is not: the message gives the probe point.
    with pytest.raises(NumericalError, match=r"returned nan at x = 0\.99"):
        derivative(lambda x: np.log(x - 1), 1.0001, method="backward", step=2e-4)


def test_one_sided_domain_says_what_to_try() -> None:
    with pytest.raises(NumericalError, match="try method='forward'"):
        derivative(math.sqrt, 0.0)
    assert derivative(math.sqrt, 1.0, method="backward").value == pytest.approx(0.5, rel=1e-6)


def test_complex_step_with_math_functions_explains() -> None:
    with pytest.raises(NumericalError, match="must use numpy or cmath"):
        derivative(math.sin, 1.0, method="complex")


def test_other_entry_points_check_too() -> None:
    with pytest.raises(NumericalError, match=r"at x = 2\.0"):
        difference_quotient(lambda x: 1 / (x - 2), 2.0, 0.1)
    with pytest.raises(ConfigError, match="tangent_line"):
        tangent_line(lambda x: [x], 1.0)
    with pytest.raises(NumericalError, match="step_study"):
        step_study(lambda x: math.log(x), 1.0, exact=1.0, hs=[10.0])
