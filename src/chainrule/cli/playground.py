"""``chainrule playground``: the local web app where backpropagation can be watched and clicked."""

from __future__ import annotations

import argparse
import ipaddress
import sys
from typing import Any

from chainrule.cli.common import Formatter, add_common
from chainrule.errors import ConfigError

HELP = "a local web page to train, step through and click networks (needs chainrule[web])"
EPILOG = """\
examples:
  chainrule playground                     # opens http://127.0.0.1:8765/ in the browser
  chainrule playground --port 9000 --no-browser
  chainrule playground --host 0.0.0.0      # reachable from other machines (a warning says so)

Everything the page shows is computed by chainrule in this process: training with the array
engine, each sample's step with the explanation (MathML derivations) and check-my-work.
Needs the web extra: pip install 'chainrule[web]'."""


def register(subparsers: Any) -> None:
    """Add the ``playground`` subcommand to ``subparsers``."""
    p = subparsers.add_parser("playground", help=HELP, description=HELP[0].upper() + HELP[1:] +
                              ".", epilog=EPILOG, formatter_class=Formatter)
    p.add_argument("--host", default="127.0.0.1",
                   help="address to listen on (default: 127.0.0.1, this machine only)")
    p.add_argument("--port", type=int, default=8765, help="port (default: 8765)")
    p.add_argument("--no-browser", action="store_true", help="do not open a browser")
    add_common(p)
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Serve the playground until interrupted."""
    from chainrule.playground.server import serve, web_modules

    if not 0 < args.port < 65536:
        raise ConfigError(f"--port: expected 1 to 65535, got {args.port}")
    web_modules()
    if not _loopback(args.host):
        print(f"warning: listening on {args.host}: anyone who can reach this machine can use "
              "the playground (it has no login)", file=sys.stderr)
    serve(args.host, args.port, open_browser=not args.no_browser,
          ready=lambda url: print(f"chainrule playground at {url} (Ctrl-C stops it)",
                                  flush=True))
    return 0


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
