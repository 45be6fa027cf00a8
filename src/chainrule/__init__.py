"""chainrule: derivatives and backpropagation that show their work.

The public face re-exports the names most people need; everything else lives in the
subpackages (``chainrule.scalar``, ``chainrule.numeric``, …).
"""

from chainrule._version import __version__
from chainrule.errors import ChainruleError
from chainrule.scalar import Value

__all__ = ["ChainruleError", "Value", "__version__"]
