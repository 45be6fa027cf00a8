"""Rows of the activation functions a network applies element by element.

========== =============================== ========================================= ==========
row        out                             local derivative                          at the kink
========== =============================== ========================================= ==========
identity   x                               1
sigmoid    σ(x) = 1/(1 + e⁻ˣ)              out·(1 − out)
relu       max(0, x)                       step(x)                                   ReLU'(0) = 0
leaky_relu x if x > 0 else α·x             1 if x > 0 else α;  ∂/∂α = min(x, 0)      α at 0
elu        x if x > 0 else α(eˣ − 1)       1 if x > 0 else out + α; ∂/∂α = e^min(x,0) − 1   α at 0
softplus   ln(1 + eˣ)                      σ(x)
gelu       x·Φ(x) = x/2·(1 + erf(x/√2))    Φ(x) + x·φ(x)
========== =============================== ========================================= ==========

The kink conventions match PyTorch's (its ELU and leaky ReLU take the x ≤ 0 branch at 0).
tanh is declared with the hyperbolic functions (:mod:`chainrule.rules.functions`).
"""

from __future__ import annotations

from chainrule.rules.record import declare

IDENTITY = declare("identity", 1, lambda m, x: x, lambda m, x, out: (1,),
                   text="{0}", latex="{0}", d_text=("1",), d_latex=("1",), symbol="id",
                   activation=("identity", "linear"), layer="Identity",
                   doc="the identity (a linear output layer)")
SIGMOID = declare(
    "sigmoid", 1, lambda m, x: m.sigmoid(x), lambda m, x, out: (out * (1 - out),),
    text="σ({0})", latex=r"\sigma({0})", d_text=("{out}(1 − {out})",),
    d_latex=(r"{out}\left(1 - {out}\right)",), symbol="σ", aliases=("σ", "logistic"),
    formula=True, text_name="σ", ascii="sigmoid", latex_name=r"\sigma",
    activation=("sigmoid", "logistic"), layer="Sigmoid", doc="the logistic function")
RELU = declare(
    "relu", 1, lambda m, x: m.relu(x), lambda m, x, out: (m.step(x),),
    text="max(0, {0})", latex=r"\max(0, {0})", d_text=("1 if {0} > 0 else 0",),
    d_latex=(r"\begin{{cases}}1 & {0} > 0\\0 & {0} \le 0\end{{cases}}",), symbol="ReLU",
    aliases=("ReLU",), formula=True, latex_name=r"\operatorname{ReLU}",
    kink="ReLU'(0) = 0", activation=("relu",), layer="ReLU", doc="the rectified linear unit")
LEAKY_RELU = declare(
    "leaky_relu", 2, lambda m, x, a: m.relu(x) - a * m.relu(-x),
    lambda m, x, a, out: (m.step(x) + a * (1 - m.step(x)), -m.relu(-x)),
    text="{0} if {0} > 0 else {1}·{0}",
    latex=r"\begin{{cases}}{0} & {0} > 0\\{1} {0} & {0} \le 0\end{{cases}}",
    d_text=("1 if {0} > 0 else {1}", "0 if {0} > 0 else {0}"),
    d_latex=(r"\begin{{cases}}1 & {0} > 0\\{1} & {0} \le 0\end{{cases}}",
             r"\begin{{cases}}0 & {0} > 0\\{0} & {0} \le 0\end{{cases}}"),
    symbol="LReLU", params=("alpha",), defaults=(0.01,), kink="slope α at x = 0",
    activation=("leaky_relu", "leakyrelu"), layer="LeakyReLU",
    doc="leaky ReLU with negative slope α")
ELU = declare(
    "elu", 2, lambda m, x, a: m.relu(x) + a * m.expm1(-m.relu(-x)),
    lambda m, x, a, out: (m.step(x) + (1 - m.step(x)) * (out + a), m.expm1(-m.relu(-x))),
    text="{0} if {0} > 0 else {1}(e^{0} − 1)",
    latex=r"\begin{{cases}}{0} & {0} > 0\\{1}\left(e^{{{0}}} - 1\right) & {0} \le 0"
          r"\end{{cases}}",
    d_text=("1 if {0} > 0 else {out} + {1}", "0 if {0} > 0 else e^{0} − 1"),
    d_latex=(r"\begin{{cases}}1 & {0} > 0\\{out} + {1} & {0} \le 0\end{{cases}}",
             r"\begin{{cases}}0 & {0} > 0\\e^{{{0}}} - 1 & {0} \le 0\end{{cases}}"),
    symbol="ELU", params=("alpha",), defaults=(1.0,), kink="slope α at x = 0 (as PyTorch)",
    activation=("elu",), layer="ELU", doc="the exponential linear unit")
SOFTPLUS = declare(
    "softplus", 1, lambda m, x: m.softplus(x), lambda m, x, out: (m.sigmoid(x),),
    text="ln(1 + e^{0})", latex=r"\ln\left(1 + e^{{{0}}}\right)", d_text=("σ({0})",),
    d_latex=(r"\sigma({0})",), symbol="softplus", formula=True,
    latex_name=r"\operatorname{softplus}", activation=("softplus",), layer="Softplus",
    doc="softplus, a smooth ReLU")
GELU = declare(
    "gelu", 1, lambda m, x: x * (1 + m.erf(x / m.sqrt2)) / 2,
    lambda m, x, out: ((1 + m.erf(x / m.sqrt2)) / 2
                       + x * m.exp(-(x * x) / 2) / (m.sqrt2 * m.sqrt_pi),),
    text="GELU({0})", latex=r"\operatorname{{GELU}}({0})",
    d_text=("Φ({0}) + {0}·φ({0})",), d_latex=(r"\Phi({0}) + {0}\,\varphi({0})",),
    symbol="GELU", aliases=("GELU",), formula=True, latex_name=r"\operatorname{GELU}",
    activation=("gelu",), layer="GELU",
    doc="the Gaussian error linear unit x·Φ(x) (exact, with erf; Φ, φ the normal cdf, pdf)")
