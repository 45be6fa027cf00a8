"""Old import path, kept for callers outside explain: the module is now
:mod:`chainrule.explain.render.document`."""

from chainrule.explain.render.document import *  # noqa: F403
from chainrule.explain.render.document import __all__  # noqa: F401
