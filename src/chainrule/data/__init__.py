"""Data: small real datasets (scikit-learn's digits, moons, circles), toy sets (XOR, spirals),
the user's own CSV tables, seeded splits and mini-batches.

Everything random takes a ``seed`` (default 0), so the same call gives the same arrays.
"""

from chainrule.data.arrays import DataLoader, batches, one_hot, train_test_split
from chainrule.data.csvfile import CsvData, load_csv
from chainrule.data.real import load_digits, make_circles, make_moons
from chainrule.data.toys import make_spirals, make_xor
from chainrule.renamed import renamed_getattr

__getattr__ = renamed_getattr(__name__)

__all__ = [
    "CsvData",
    "DataLoader",
    "batches",
    "load_csv",
    "load_digits",
    "make_circles",
    "make_moons",
    "make_spirals",
    "make_xor",
    "one_hot",
    "train_test_split",
]
