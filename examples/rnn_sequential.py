"""describe() of an nn.Sequential(RNN, Dense): the rnn family of explain from Python.

Run: python examples/rnn_sequential.py
"""

import numpy as np

from chainrule import nn
from chainrule.explain import describe, explain

model = nn.Sequential(nn.RNN(2, 3, seed=1, dtype=np.float64),
                      nn.Dense(3, 1, seed=2, dtype=np.float64))
x = [[1.0, 0.0], [0.5, -0.5], [0.0, 1.0]]  # x_1, x_2, x_3: (T, in)
net = describe(model, inputs=x, targets=[0.5], loss=nn.MSELoss(), learning_rate=0.1)
ex = explain(net, 4)
print(net)
print("dE/dW_hh =", ex.detail(1).grads["W_hh"].round(6).tolist())
print("E before steps 1-4:", ", ".join(f"{e:.4g}" for e in ex.losses))
