"""Derivatives from function values alone: finite differences, extrapolation and ``gradcheck``.

``derivative`` (f' and f'' of a function of one number, with an error estimate),
``difference_quotient`` (the seeds' (f(x + h) − f(x))/h), ``gradient``, ``jacobian`` and
``hessian`` (functions of NumPy arrays), ``tangent_line`` and ``step_study`` (seed 002's
tangent lines and the choice of h), and ``gradcheck`` (an engine's gradients against central
differences).
"""

from chainrule.numeric.derivative import DerivativeEstimate, derivative, difference_quotient
from chainrule.numeric.gradcheck import GradcheckResult, Mismatch, gradcheck
from chainrule.numeric.multivariate import gradient, hessian, jacobian
from chainrule.numeric.study import StepStudy, TangentLine, step_study, tangent_line

__all__ = [
    "DerivativeEstimate",
    "GradcheckResult",
    "Mismatch",
    "StepStudy",
    "TangentLine",
    "derivative",
    "difference_quotient",
    "gradcheck",
    "gradient",
    "hessian",
    "jacobian",
    "step_study",
    "tangent_line",
]
