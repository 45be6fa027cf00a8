"""Exercises for teachers: problems with per-student numbers, worksheets and keys, grading,
and export to learning platforms.

::

    from chainrule.exercise import generate, student_seed

    ex = generate("backprop-logistic", level=2, seed=student_seed("s1234"))
    ex                                   # in Jupyter: the worksheet (HTML, MathML)
    ex.check({"y1": 0.3825, "y1^a": 0.5945})   # marks, with a hint for each wrong value
    ex.answers()                         # the key: every value at its stated precision

Every number is computed by the library — derivatives by :mod:`chainrule.symbolic`, limit
quotients by :mod:`chainrule.numeric`, descent by :mod:`chainrule.optim`, network steps by
:mod:`chainrule.explain` — and an exercise is plain data (``to_dict`` / ``from_dict``), which is
what a key file holds.
"""

from chainrule.exercise.kinds import KINDS, generate
from chainrule.exercise.problem import Exercise, Quantity
from chainrule.exercise.seeding import student_seed

__all__ = ["KINDS", "Exercise", "Quantity", "generate", "student_seed"]
