"""``chainrule playground`` on the command line: it serves the page, warns off localhost, and
says which extra to install when the web stack is missing."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from chainrule.errors import MissingDependencyError


def _chainrule() -> list[str]:
    script = Path(sys.executable).with_name("chainrule")
    return [str(script)] if script.exists() else [sys.executable, "-m", "chainrule.cli.main"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.parametrize(("host", "warns"), [("127.0.0.1", False), ("0.0.0.0", True)])
def test_serves_the_page_and_warns_when_not_on_localhost(host, warns):
    port = _free_port()
    proc = subprocess.Popen([*_chainrule(), "playground", "--no-browser", "--host", host,
                             "--port", str(port)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    try:
        deadline, page = time.monotonic() + 30, ""
        while time.monotonic() < deadline and not page:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as r:
                    page = r.read().decode("utf-8")
            except OSError:
                time.sleep(0.1)
        assert "<title>chainrule playground</title>" in page
    finally:
        proc.terminate()
        out, err = proc.communicate(timeout=10)
    assert f"chainrule playground at http://127.0.0.1:{port}/" in out
    assert ("warning: listening on 0.0.0.0" in err) is warns


def test_a_bad_port_is_one_line_and_exit_2():
    result = subprocess.run([*_chainrule(), "playground", "--port", "70000", "--no-browser"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0 and "--port" in result.stderr


def test_missing_web_extra_names_it(monkeypatch):
    import builtins

    from chainrule.playground import server

    real_import = builtins.__import__

    def no_uvicorn(name, *args, **kwargs):
        if name == "uvicorn":
            raise ImportError("No module named 'uvicorn'", name="uvicorn")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_uvicorn)
    with pytest.raises(MissingDependencyError, match=r"pip install 'chainrule\[web\]'"):
        server.web_modules()


def test_a_port_in_use_is_one_line_exit_2_and_no_url():
    """Another program already listens on the port: the playground says so in one line and
    exits 2, before it prints (or opens) a URL that would show the other server's page."""
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run([*_chainrule(), "playground", "--port", str(port),
                                 "--no-browser"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 2, result.stderr
    assert result.stdout == ""
    assert result.stderr.strip().count("\n") == 0
    assert f"--port: 127.0.0.1:{port} is already in use" in result.stderr
    assert "Errno" not in result.stderr
