"""The rules of differentiation, applied by walking the parsed formula.

The walk follows the AST — the user's own structure — so ``a − b`` is differentiated by the
difference rule and ``u/v`` by the quotient rule. Each node gives a :class:`Step`: the rule's
name, the expression it was applied to (input), its derivative (output), and the steps for the
parts. A function of something other than the variable itself is a ``chain`` step naming the
inner function u, with two children: the outer rule in terms of u, and du/dx.

SymPy only builds and tidies the expressions; it does not choose the rules. That the walk's
result equals ``sympy.diff`` is checked by the tests.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import sympy as sp

from chainrule import rules
from chainrule.rules.symbolic import SYMPY
from chainrule.symbolic.formula import build, symbol
from chainrule.symbolic.functions import FUNCTIONS
from chainrule.symbolic.nodes import Bin, Call, Name, Neg, Node

#: The structural rules a step can name, in words (d/dx written '); each function of the
#: rule table adds its own entry below, read off its row.
RULES: dict[str, str] = {
    "constant": "the derivative of a number is 0",
    "partial": "other variables are held constant, so their derivative is 0",
    "identity": "x' = 1",
    "constant multiple": "(c·u)' = c·u'",
    "sum": "(u + v)' = u' + v'",
    "difference": "(u − v)' = u' − v' (with sums too: (u − v + w)' = u' − v' + w')",
    "product": "(u·v)' = u'·v + u·v'",
    "quotient": "(u/v)' = (u'·v − u·v')/v²",
    "power": "(xⁿ)' = n·xⁿ⁻¹",
    "exponential": "(aˣ)' = aˣ·ln(a)",
    "general power": "(u^v)' = u^v·(v'·ln(u) + v·u'/u)",
    "chain": "f(u)' = f'(u)·u'",
}
for _row in rules.FUNCTIONS.values():
    _shown = f"{_row.text_name}(x)"
    RULES[_row.name] = f"{_shown}' = {_row.local_text(['x'], _shown)[0]}"

_MUL, _DIV, _POWC = rules.ROWS["mul"], rules.ROWS["div"], rules.ROWS["powc"]


def _outer(fn: str, u: sp.Expr) -> sp.Expr:
    """f'(u) for the formula function ``fn``: its row's local derivative, in SymPy, with
    1/tan written cot as textbooks do (csc′ = −csc·cot; the row computes −csc/tan)."""
    spec = FUNCTIONS[fn]
    local = sp.sympify(spec.rule.local(SYMPY, u, spec.build(u))[0])
    return local.replace(lambda t: t.is_Pow and t.exp == -1 and isinstance(t.base, sp.tan),
                         lambda t: sp.cot(t.base.args[0]))


_INNER_NAMES = ("u", "v", "w", "p", "q", "r", "s", "t")


@dataclass(frozen=True)
class Step:
    """One application of a rule.

    Attributes
    ----------
    rule : str
        A key of :data:`RULES` (``"sum"``, ``"chain"``, ``"power"``, …).
    input : sympy.Expr
        The expression differentiated.
    output : sympy.Expr
        Its derivative with respect to ``wrt``.
    wrt : sympy.Symbol
        The variable (for a chain step's outer child, the inner name u).
    children : tuple of Step
        The steps this one used (for ``chain``: the outer rule in u, then du/dx).
    note : str
        What to know besides the rule: ``"u = 4x² + 5x + 6"``, ``"c = 3"``,
        ``"b, c held constant"``.
    inner : tuple (Symbol, Expr) or None
        For ``chain``: the name u and the inner expression it stands for.
    """

    rule: str
    input: sp.Expr
    output: sp.Expr
    wrt: sp.Symbol
    children: tuple[Step, ...] = ()
    note: str = ""
    inner: tuple[sp.Symbol, sp.Expr] | None = None

    def walk(self) -> list[Step]:
        """This step and all below it, parents before children (depth first)."""
        out, stack = [], [self]
        while stack:
            s = stack.pop()
            out.append(s)
            stack.extend(reversed(s.children))
        return out


class _Walker:
    def __init__(self, text: str, wrt: str, taken: set[str]) -> None:
        self.text = text
        self.x = symbol(wrt)
        self.memo: dict[int, sp.Expr] = {}
        self.free_names = [n for n in _INNER_NAMES if n not in taken and n != wrt]
        self.free_names += [f"u{i}" for i in range(1, 100) if f"u{i}" not in taken]

    def expr(self, node: Node) -> sp.Expr:
        key = id(node)
        if key not in self.memo:
            self.memo[key] = build(node, self.text)
        return self.memo[key]

    def depends(self, node: Node) -> bool:
        return self.expr(node).has(self.x)

    def held(self, e: sp.Expr) -> str:
        names = sorted(s.name for s in e.free_symbols)
        return f"{', '.join(names)} held constant" if names else ""

    def step(self, node: Node) -> Step:
        e, x = self.expr(node), self.x
        if not e.has(x):
            rule = "partial" if e.free_symbols else "constant"
            return Step(rule, e, sp.Integer(0), x, note=self.held(e))
        if isinstance(node, Name):
            return Step("identity", e, sp.Integer(1), x)
        if isinstance(node, Neg):
            inner = self.step(node.operand)
            return Step("constant multiple", e, -inner.output, x, (inner,), "factor −1")
        if isinstance(node, Call):
            return self.function(node)
        assert isinstance(node, Bin)
        if node.op in "+-":
            # u + v − w + … is one step with a child per term (not nested pairs).
            terms = _terms(node)
            parts = tuple(self.step(t) for _, t in terms)
            out = sp.Add(*(sign * p.output for (sign, _), p in zip(terms, parts)))
            rule = "sum" if all(sign > 0 for sign, _ in terms) else "difference"
            return Step(rule, e, out, x, parts)
        if node.op == "*":
            return self.product(node)
        if node.op == "/":
            return self.quotient(node)
        return self.power(node)

    def constant_multiple(self, e: sp.Expr, c: sp.Expr, part: Node) -> Step:
        inner = self.step(part)
        note = f"factor {_show(c)}" + (f"; {self.held(c)}" if c.free_symbols else "")
        return Step("constant multiple", e, c * inner.output, self.x, (inner,), note)

    def product(self, node: Bin) -> Step:
        e, left, right = self.expr(node), self.expr(node.left), self.expr(node.right)
        if not self.depends(node.left):
            return self.constant_multiple(e, left, node.right)
        if not self.depends(node.right):
            return self.constant_multiple(e, right, node.left)
        du, dv = self.step(node.left), self.step(node.right)
        shown = sp.Mul(left, right, evaluate=False)  # a²·(−7a), not SymPy's −7a³
        d_left, d_right = _MUL.local(SYMPY, left, right, e)  # the mul row: (v, u)
        out = du.output * d_left + d_right * dv.output
        return Step("product", shown, out, self.x, (du, dv))

    def quotient(self, node: Bin) -> Step:
        e, top, bottom = self.expr(node), self.expr(node.left), self.expr(node.right)
        if not self.depends(node.right):
            return self.constant_multiple(e, 1 / bottom, node.left)
        du, dv = self.step(node.left), self.step(node.right)
        d_top, d_bottom = _DIV.local(SYMPY, top, bottom, e)  # the div row: (1/v, −u/v²)
        out = du.output * d_top + d_bottom * dv.output
        return Step("quotient", e, out, self.x, (du, dv))

    def power(self, node: Bin) -> Step:
        e, base, exponent = self.expr(node), self.expr(node.left), self.expr(node.right)
        if not self.depends(node.right):  # xⁿ, or uⁿ by the chain rule
            return self.outer("power", e, node.left, lambda u: u**exponent,
                              lambda u: _POWC.local(SYMPY, u, exponent, u**exponent)[0])
        if not self.depends(node.left):  # aˣ, or a^v by the chain rule
            return self.outer("exponential", e, node.right, lambda v: base**v,
                              lambda v: base**v * sp.log(base))
        du, dv = self.step(node.left), self.step(node.right)
        out = e * (dv.output * sp.log(base) + exponent * du.output / base)
        return Step("general power", e, out, self.x, (du, dv))

    def function(self, node: Call) -> Step:
        spec = FUNCTIONS[node.fn]
        return self.outer(spec.op, self.expr(node), node.arg, spec.build,
                          lambda u: _outer(node.fn, u))

    def outer(self, rule: str, e: sp.Expr, arg: Node, f: Callable[[sp.Expr], sp.Expr],
              df: Callable[[sp.Expr], sp.Expr]) -> Step:
        """f(arg)' directly when arg is the variable, else by the chain rule with u = arg."""
        g = self.expr(arg)
        if isinstance(arg, Name):
            return Step(rule, e, df(g), self.x)
        u = symbol(self.free_names.pop(0))
        outer = Step(rule, f(u), df(u), u)
        inner = self.step(arg)
        return Step("chain", e, df(g) * inner.output, self.x, (outer, inner),
                    f"{u.name} = {_show(g)}", (u, g))


def _terms(node: Node, sign: int = 1) -> list[tuple[int, Node]]:
    """The terms of a chain of + and − with their signs: a − (b + c) -> +a, −b, −c."""
    if isinstance(node, Bin) and node.op in "+-":
        right_sign = sign if node.op == "+" else -sign
        return _terms(node.left, sign) + _terms(node.right, right_sign)
    return [(sign, node)]


def _show(e: sp.Expr) -> str:
    from chainrule.symbolic.render import render

    return render(e)


def derive_steps(tree: Node, text: str, wrt: str, taken: set[str]) -> Step:
    """The step tree of d/d(wrt) of the formula ``tree`` (parsed from ``text``).

    ``taken`` holds the formula's variable names, so that chain-rule names (u, v, w, …)
    never clash with them.
    """
    return _Walker(text, wrt, taken).step(tree)
