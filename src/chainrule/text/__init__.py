"""How chainrule writes things down, at the bottom of the house (imports nothing of chainrule):
:mod:`chainrule.text.numbers` is the one number formatter of explain, tour, derive, viz and the
CLI."""

from chainrule.text.numbers import fmt, fmt_latex, operand

__all__ = ["fmt", "fmt_latex", "operand"]
