"""``chainrule explain WEIGHTS --torch ARCH.toml`` on a 3-layer torch MLP."""

import pickle

import pytest

from chainrule.cli.main import main

torch = pytest.importorskip("torch")

ARCH = """layers = [{type = "Linear"}, {type = "LeakyReLU", negative_slope = 0.2},
          {type = "Linear"}, {type = "Tanh"}, {type = "Linear"}]
loss = "MSELoss"
inputs = [[0.5, -1.0, 2.0], [1.0, 0.0, -0.5]]
targets = [[0.0, 1.0], [1.0, 0.0]]
"""


@pytest.fixture
def files(tmp_path):
    from safetensors.torch import save_file

    torch.manual_seed(0)
    m = torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.LeakyReLU(0.2),
                            torch.nn.Linear(4, 3), torch.nn.Tanh(), torch.nn.Linear(3, 2))
    save_file(m.state_dict(), str(tmp_path / "mlp.safetensors"))
    torch.save(m.state_dict(), str(tmp_path / "mlp.pt"))
    (tmp_path / "mlp.toml").write_text(ARCH)
    return tmp_path


@pytest.mark.parametrize("name", ["mlp.safetensors", "mlp.pt"])
def test_explains_and_prints_torch_check(files, name, capsys):
    rc = main(["explain", str(files / name), "--torch", str(files / "mlp.toml"), "--json"])
    out = capsys.readouterr()
    assert rc == 0
    assert "all 39 gradients equal torch's .grad within 1e-12" in out.err
    assert '"learning_rate"' in out.out


class Evil:
    def __reduce__(self):
        return (print, ("unpickled!",))


def test_pickle_refused(files, capsys):
    (files / "evil.pt").write_bytes(pickle.dumps({"0.weight": Evil()}))
    rc = main(["explain", str(files / "evil.pt"), "--torch", str(files / "mlp.toml")])
    out = capsys.readouterr()
    assert rc == 2 and "unpickled!" not in out.out
    assert "weights_only=True" in out.err and len(out.err.strip().splitlines()) == 1


def test_wrong_layer_type_one_line(files, capsys):
    (files / "bad.toml").write_text(ARCH.replace('"Tanh"', '"Hardswish"'))
    rc = main(["explain", str(files / "mlp.safetensors"), "--torch", str(files / "bad.toml")])
    err = capsys.readouterr().err
    assert rc == 2 and "layer 3 has type 'Hardswish'" in err
