"""Old import path, kept for callers outside explain: the module is now
:mod:`chainrule.explain.render.notation`."""

from chainrule.explain.render.notation import *  # noqa: F403
from chainrule.explain.render.notation import __all__  # noqa: F401
