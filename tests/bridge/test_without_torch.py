"""Without torch the bridge says how to install it, in one line, exit 2 (no torch needed)."""

import sys

from chainrule.cli.main import main


def test_cli_says_pip_install(tmp_path, monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "torch", None)  # import torch now raises ImportError
    (tmp_path / "m.pt").write_bytes(b"x")
    (tmp_path / "a.toml").write_text('layers = [{type = "Linear"}]\ninputs = [[1.0]]\n'
                                     'targets = [[1.0]]\n')
    rc = main(["explain", str(tmp_path / "m.pt"), "--torch", str(tmp_path / "a.toml")])
    err = capsys.readouterr().err.strip()
    assert rc == 2
    assert "pip install 'chainrule[torch]'" in err and len(err.splitlines()) == 1
