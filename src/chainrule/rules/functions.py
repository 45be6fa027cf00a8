"""Rows of the elementary functions a formula may call (and the engines compute).

Each row's local derivative is one line against the namespace ``m``; its text says the same in
the form the code computes it (``tanh``: ``1 − out²`` where ``out`` is tanh x itself).
Inverse functions exclude the end points where their derivative is infinite (asin at ±1).
"""

from __future__ import annotations

from typing import Any

from chainrule.rules.record import declare


def _fn(name: str, forward: Any, local: Any, d_text: str, d_latex: str, *,
        text: str | None = None, latex: str | None = None, latex_name: str | None = None,
        **extra: Any) -> Any:
    """Declare a one-operand function callable from formulas."""
    shown = extra.pop("text_name", name)
    latex_name = latex_name or rf"\{name}"
    braced = latex_name.replace("{", "{{").replace("}", "}}")
    return declare(name, 1, forward, local, text=text or shown + " {0}",
                   latex=latex or braced + " {0}", d_text=(d_text,), d_latex=(d_latex,),
                   symbol=extra.pop("symbol", shown), formula=True, text_name=shown,
                   latex_name=latex_name, **extra)


def _positive(name: str) -> tuple[tuple[Any, str]]:
    return ((lambda m, x: x > 0, f"{name} needs x > 0"),)


def _open_unit(name: str) -> tuple[tuple[Any, str]]:
    return ((lambda m, x: (x > -1) & (x < 1), f"{name} needs −1 < x < 1"),)


def _sin_nonzero(name: str) -> tuple[tuple[Any, str]]:
    return ((lambda m, x: m.sin(x) != 0, f"{name} needs sin x ≠ 0"),)


# -- exponentials and logarithms -----------------------------------------------------------
EXP = _fn("exp", lambda m, x: m.exp(x), lambda m, x, out: (out,), "e^{0}", "e^{{{0}}}",
          text="e^{0}", latex="e^{{{0}}}", doc="the exponential eˣ")
EXPM1 = _fn("expm1", lambda m, x: m.expm1(x), lambda m, x, out: (out + 1,),
            "{out} + 1", "{out} + 1", text="e^{0} − 1", latex="e^{{{0}}} - 1",
            latex_name=r"\operatorname{expm1}", doc="eˣ − 1, exact for tiny x")
LOG = _fn("log", lambda m, x: m.log(x), lambda m, x, out: (1 / x,), "1/{0}",
          r"\frac{{1}}{{{0}}}", aliases=("ln",), text_name="ln", ascii="log",
          latex_name=r"\ln", domain=_positive("log"), doc="the natural logarithm ln x")
LOG1P = _fn("log1p", lambda m, x: m.log1p(x), lambda m, x, out: (1 / (1 + x),),
            "1/(1 + {0})", r"\frac{{1}}{{1 + {0}}}", text="ln(1 + {0})",
            latex=r"\ln\left(1 + {0}\right)", latex_name=r"\operatorname{log1p}",
            domain=((lambda m, x: x > -1, "log1p needs x > −1"),),
            doc="ln(1 + x), exact for tiny x")
LOG10 = _fn("log10", lambda m, x: m.log10(x), lambda m, x, out: (1 / (x * m.ln10),),
            "1/({0}·ln 10)", r"\frac{{1}}{{{0} \ln 10}}", text="log₁₀ {0}",
            latex=r"\log_{{10}} {0}", latex_name=r"\log_{10}", domain=_positive("log10"),
            doc="the base-10 logarithm")
LOGB = declare(
    "logb", 2, lambda m, x, b: m.log(x) / m.log(b),
    lambda m, x, b, out: (1 / (x * m.log(b)), -out / (b * m.log(b))),
    text="log_{1} {0}", latex=r"\log_{{{1}}} {0}",
    d_text=("1/({0}·ln {1})", "−{out}/({1}·ln {1})"),
    d_latex=(r"\frac{{1}}{{{0} \ln {1}}}", r"-\frac{{{out}}}{{{1} \ln {1}}}"), symbol="log_b",
    domain=((lambda m, x, b: x > 0, "log base b needs x > 0"),
            (lambda m, x, b: (b > 0) & (b != 1), "log base b needs a base b > 0 and b ≠ 1")),
    text_name="log", latex_name=r"\log", doc="the logarithm of x to the base b, ln x / ln b")
SQRT = _fn("sqrt", lambda m, x: m.sqrt(x), lambda m, x, out: (1 / (2 * out),), "1/(2√{0})",
           r"\frac{{1}}{{2\sqrt{{{0}}}}}", aliases=("√",), text="√{0}",
           latex=r"\sqrt{{{0}}}", symbol="√",
           domain=((lambda m, x: x >= 0, "sqrt needs x ≥ 0"),),
           kink="√ is defined at 0 but its derivative is infinite there",
           doc="the square root")
# norm's and std's √: where the sum of squares (or the variance) is 0, PyTorch takes the
# subgradient 0 (a zero vector has no direction); written without dividing by 0, so no warning
SQRT0 = declare(
    "sqrt0", 1, lambda m, x: m.sqrt(x),
    lambda m, x, out: (m.step(out) / (2 * out + 1 - m.step(out)),),
    text="√{0}", latex=r"\sqrt{{{0}}}", d_text=("1/(2√{0}) if {0} > 0 else 0",),
    d_latex=(r"\begin{{cases}}\frac{{1}}{{2\sqrt{{{0}}}}} & {0} > 0\\0 & {0} = 0\end{{cases}}",),
    symbol="√", domain=((lambda m, x: x >= 0, "√ needs x ≥ 0"),),
    kink="√'(0) taken as 0 (PyTorch's norm and std at a zero vector or a constant row)",
    latex_name=r"\sqrt", doc="the square root with derivative 0 at 0 (norm's and std's)")
ERF = _fn("erf", lambda m, x: m.erf(x),
          lambda m, x, out: (2 * m.exp(-(x * x)) / m.sqrt_pi,),
          "2/√π·e^(−{0}²)", r"\frac{{2}}{{\sqrt{{\pi}}}} e^{{-{0}^2}}",
          latex_name=r"\operatorname{erf}", doc="the error function")

# -- trigonometric ---------------------------------------------------------------------------
# cos x is never exactly 0 at a float x (π/2 is not a float), so tan and sec need no check.
SIN = _fn("sin", lambda m, x: m.sin(x), lambda m, x, out: (m.cos(x),), "cos {0}", r"\cos {0}",
          doc="sine")
COS = _fn("cos", lambda m, x: m.cos(x), lambda m, x, out: (-m.sin(x),), "−sin {0}",
          r"-\sin {0}", doc="cosine")
TAN = _fn("tan", lambda m, x: m.tan(x), lambda m, x, out: (1 / (m.cos(x) * m.cos(x)),),
          "1/cos²{0}", r"\frac{{1}}{{\cos^2 {0}}}", doc="tangent")
SEC = _fn("sec", lambda m, x: 1 / m.cos(x), lambda m, x, out: (out * m.tan(x),),
          "{out}·tan {0}", r"{out} \tan {0}", doc="secant 1/cos x")
CSC = _fn("csc", lambda m, x: 1 / m.sin(x), lambda m, x, out: (-out / m.tan(x),),
          "−{out}·cot {0}", r"-{out} \cot {0}", domain=_sin_nonzero("csc"),
          doc="cosecant 1/sin x")
COT = _fn("cot", lambda m, x: m.cos(x) / m.sin(x), lambda m, x, out: (-(1 + out * out),),
          "−(1 + {out}²)", r"-\left(1 + {out}^2\right)", domain=_sin_nonzero("cot"),
          doc="cotangent cos x / sin x")
ASIN = _fn("asin", lambda m, x: m.asin(x), lambda m, x, out: (1 / m.sqrt(1 - x * x),),
           "1/√(1 − {0}²)", r"\frac{{1}}{{\sqrt{{1 - {0}^2}}}}", aliases=("arcsin",),
           text="asin({0})", latex_name=r"\arcsin", domain=_open_unit("asin"),
           doc="inverse sine")
ACOS = _fn("acos", lambda m, x: m.acos(x), lambda m, x, out: (-1 / m.sqrt(1 - x * x),),
           "−1/√(1 − {0}²)", r"-\frac{{1}}{{\sqrt{{1 - {0}^2}}}}", aliases=("arccos",),
           text="acos({0})", latex_name=r"\arccos", domain=_open_unit("acos"),
           doc="inverse cosine")
ATAN = _fn("atan", lambda m, x: m.atan(x), lambda m, x, out: (1 / (1 + x * x),),
           "1/(1 + {0}²)", r"\frac{{1}}{{1 + {0}^2}}", aliases=("arctan",),
           text="atan({0})", latex_name=r"\arctan", doc="inverse tangent")

# -- hyperbolic ------------------------------------------------------------------------------
SINH = _fn("sinh", lambda m, x: m.sinh(x), lambda m, x, out: (m.cosh(x),), "cosh {0}",
           r"\cosh {0}", doc="hyperbolic sine")
COSH = _fn("cosh", lambda m, x: m.cosh(x), lambda m, x, out: (m.sinh(x),), "sinh {0}",
           r"\sinh {0}", doc="hyperbolic cosine")
TANH = _fn("tanh", lambda m, x: m.tanh(x), lambda m, x, out: (1 - out * out,),
           "1 − {out}²", "1 - {out}^2", activation=("tanh",), layer="Tanh",
           text="tanh({0})", latex=r"\tanh({0})",  # an activation: tanh(−0.15), as σ(−0.15)
           doc="hyperbolic tangent")
SECH = _fn("sech", lambda m, x: 1 / m.cosh(x), lambda m, x, out: (-out * m.tanh(x),),
           "−{out}·tanh {0}", r"-{out} \tanh {0}", latex_name=r"\operatorname{sech}",
           doc="hyperbolic secant 1/cosh x")
ASINH = _fn("asinh", lambda m, x: m.asinh(x), lambda m, x, out: (1 / m.sqrt(x * x + 1),),
            "1/√({0}² + 1)", r"\frac{{1}}{{\sqrt{{{0}^2 + 1}}}}", aliases=("arsinh", "arcsinh"),
            text="asinh({0})", latex_name=r"\operatorname{arsinh}", doc="inverse sinh")
ACOSH = _fn("acosh", lambda m, x: m.acosh(x), lambda m, x, out: (1 / m.sqrt(x * x - 1),),
            "1/√({0}² − 1)", r"\frac{{1}}{{\sqrt{{{0}^2 - 1}}}}", aliases=("arcosh", "arccosh"),
            text="acosh({0})", latex_name=r"\operatorname{arcosh}",
            domain=((lambda m, x: x > 1, "acosh needs x > 1"),), doc="inverse cosh")
ATANH = _fn("atanh", lambda m, x: m.atanh(x), lambda m, x, out: (1 / (1 - x * x),),
            "1/(1 − {0}²)", r"\frac{{1}}{{1 - {0}^2}}", aliases=("artanh", "arctanh"),
            text="atanh({0})", latex_name=r"\operatorname{artanh}", domain=_open_unit("atanh"),
            doc="inverse tanh")

# -- piecewise ---------------------------------------------------------------------------------
ABS = _fn("abs", lambda m, x: m.abs(x), lambda m, x, out: (m.sign(x),), "sign({0})",
          r"\operatorname{{sign}}({0})", text="|{0}|", latex=r"\left|{0}\right|", symbol="|x|",
          latex_name=r"\operatorname{abs}", kink="|x|'(0) = 0 (the subgradient nearest zero)",
          doc="absolute value")
SIGN = _fn("sign", lambda m, x: m.sign(x), lambda m, x, out: (0,), "0", "0",
           text="sign({0})", latex=r"\operatorname{{sign}}({0})",
           latex_name=r"\operatorname{sign}", kink="sign'(0) = 0 (it jumps there)",
           doc="the sign −1, 0 or 1; flat wherever it is differentiable")
STEP = _fn("step", lambda m, x: m.step(x), lambda m, x, out: (0,), "0", "0",
           text="step({0})", latex=r"\operatorname{{step}}({0})",
           latex_name=r"\operatorname{step}", kink="step(0) = 0 and step'(0) = 0 (it jumps)",
           doc="the unit step: 1 for x > 0, else 0 (ReLU's derivative)")
