"""Shared test settings: hypothesis runs derandomized and without deadlines.

Derandomized so a run is reproducible (CI and a developer see the same examples); no deadline
because these shared 2-core machines stall now and then, and a timing failure is not a bug.
"""

import os

import matplotlib
from hypothesis import settings

matplotlib.use("Agg")  # headless: no test opens a window

settings.register_profile("default", deadline=None, derandomize=True, max_examples=60)
settings.register_profile("thorough", deadline=None, max_examples=1000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))
