"""Old import path, kept for callers outside explain: the module is now
:mod:`chainrule.explain.checking.learner`."""

from chainrule.explain.checking.learner import *  # noqa: F403
from chainrule.explain.checking.learner import __all__  # noqa: F401
