"""The playground: backpropagation you can watch, step through and click, in the browser.

``chainrule playground`` serves one page (``static/``: hand-written HTML, CSS and JavaScript,
no build step, nothing fetched from outside) and a WebSocket. The page only draws and sends what
the user did; every number comes from chainrule in the server process:

* :mod:`~chainrule.playground.model` — the network (``nn.Sequential``, ``optim.SGD``, the
  library's losses), trained on the 2-D data of :mod:`~chainrule.playground.datasets`;
* :mod:`~chainrule.playground.teach` — one sample's step through :mod:`chainrule.explain`
  (values, ∂E/∂ of everything, derivations as MathML, check-my-work);
* :mod:`~chainrule.playground.actions` — what each message does, every field validated and
  capped (:mod:`~chainrule.playground.limits`);
* :mod:`~chainrule.playground.server` — the Starlette app; :func:`serve` runs it.
"""

from chainrule.playground.server import create_app, serve

__all__ = ["create_app", "serve"]
