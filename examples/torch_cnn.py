"""A small torch CNN saved as weights plus an architecture file, for ``chainrule explain``.

Writes ``torch-cnn.safetensors`` (torch's ``state_dict``, no pickle) and ``torch-cnn.toml``
(the modules in order, the loss and one batch of two 6×6 images) in the current folder;
then::

    chainrule explain torch-cnn.safetensors --torch torch-cnn.toml

walks through one training step of the torch model — every kernel cell's gradient as its sum
over the output positions it touched — and checks every explained gradient against torch's
own ``.grad``. Needs ``pip install "chainrule[torch]"``.
"""

from __future__ import annotations

import torch
from safetensors.torch import save_file

IMAGES = [[[[1, 0, 0, 1, 0, 0], [0, 1, 0, 0, 1, 0], [0, 0, 1, 0, 0, 1],
            [1, 0, 0, 1, 0, 0], [0, 1, 0, 0, 1, 0], [0, 0, 1, 0, 0, 1]]],
          [[[0, 0, 1, 0, 0, 1], [0, 1, 0, 0, 1, 0], [1, 0, 0, 1, 0, 0],
            [0, 0, 1, 0, 0, 1], [0, 1, 0, 0, 1, 0], [1, 0, 0, 1, 0, 0]]]]
ARCH = f"""\
# The torch model of torch-cnn.safetensors: Conv2d(1, 3, 3, padding=1), ReLU, MaxPool2d(2),
# Conv2d(3, 4, 2), Flatten, Linear(16, 3), trained on two 6×6 images (falling and rising
# diagonals, classes 0 and 2) with torch.nn.CrossEntropyLoss().
layers = [{{type = "Conv2d", padding = 1}}, {{type = "ReLU"}},
          {{type = "MaxPool2d", kernel_size = 2}}, {{type = "Conv2d"}},
          {{type = "Flatten"}}, {{type = "Linear"}}]
loss = "CrossEntropyLoss"
inputs = {IMAGES}
targets = [0, 2]
"""


def main() -> None:
    """Build the seeded model, save its weights and write its architecture file."""
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Conv2d(1, 3, 3, padding=1), torch.nn.ReLU(),
                                torch.nn.MaxPool2d(2), torch.nn.Conv2d(3, 4, 2),
                                torch.nn.Flatten(), torch.nn.Linear(16, 3)).double()
    # two digits per weight, so the explanation's numbers can be followed by hand
    state = {k: torch.round(v.detach() * 100) / 100 for k, v in model.state_dict().items()}
    save_file({k: v.contiguous() for k, v in state.items()}, "torch-cnn.safetensors")
    with open("torch-cnn.toml", "w", encoding="utf-8") as f:
        f.write(ARCH)
    print("wrote torch-cnn.safetensors (torch state_dict) and torch-cnn.toml (architecture)")


if __name__ == "__main__":
    main()
