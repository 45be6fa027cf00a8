"""describe() of an nn.Sequential CNN: the conv2d family of explain from Python.

Two 5×5 images, 2 kernels of 3×3 with padding 1, a ReLU, 2×2 max pooling, then a dense
layer to 3 classes trained with cross-entropy (the softmax it fuses in becomes a layer).

Run: python examples/conv_sequential.py
"""

import numpy as np

from chainrule import nn
from chainrule.explain import describe, explain

model = nn.Sequential(nn.Conv2d(1, 2, 3, padding=1, seed=1, dtype=np.float64), nn.ReLU(),
                      nn.MaxPool2d(2), nn.Flatten(), nn.Dense(8, 3, seed=2, dtype=np.float64))
x = np.random.default_rng(0).normal(size=(2, 1, 5, 5))  # (N, C, H, W)
net = describe(model, inputs=x, targets=[0, 2], loss=nn.CrossEntropyLoss(), learning_rate=0.5)
ex = explain(net, 20)
print(net)
print("dE/dK1[o=1,c=1] =", ex.detail(1).grads["K1"][0, 0].round(6).tolist())
print("E before steps 1, 10, 20:", ", ".join(f"{ex.losses[k - 1]:.4g}" for k in (1, 10, 20)))
