"""A 3-layer torch MLP saved as weights plus an architecture file, for ``chainrule explain``.

Writes ``torch-mlp.safetensors`` (torch's ``state_dict``, no pickle) and ``torch-mlp.toml``
(the modules in order, the loss and one batch) in the current folder; then::

    chainrule explain torch-mlp.safetensors --torch torch-mlp.toml

walks through one training step of the torch model and checks every explained gradient
against torch's own ``.grad``. Needs ``pip install "chainrule[torch]"``.
"""

from __future__ import annotations

import torch
from safetensors.torch import save_file

ARCH = """\
# The torch model of torch-mlp.safetensors: Linear(2, 3), Tanh, Linear(3, 2), Tanh,
# Linear(2, 1), trained on one batch of two samples with torch.nn.MSELoss().
layers = [{type = "Linear"}, {type = "Tanh"}, {type = "Linear"}, {type = "Tanh"},
          {type = "Linear"}]
loss = "MSELoss"
inputs = [[0.5, -1.0], [1.5, 0.25]]
targets = [[1.0], [0.0]]
"""


def main() -> None:
    """Build the seeded model, save its weights and write its architecture file."""
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(2, 3), torch.nn.Tanh(), torch.nn.Linear(3, 2),
                                torch.nn.Tanh(), torch.nn.Linear(2, 1)).double()
    # two digits per weight, so the explanation's numbers can be followed by hand
    state = {k: torch.round(v.detach() * 100) / 100 for k, v in model.state_dict().items()}
    save_file({k: v.contiguous() for k, v in state.items()}, "torch-mlp.safetensors")
    with open("torch-mlp.toml", "w", encoding="utf-8") as f:
        f.write(ARCH)
    print("wrote torch-mlp.safetensors (torch state_dict) and torch-mlp.toml (architecture)")


if __name__ == "__main__":
    main()
