"""Reference values for @weft/train's loss and optimizer tests, from PyTorch 1.13.

Run with Debian's interpreter (it has torch):

    /usr/bin/python3 packages/train/scripts/make-fixtures.py

It rewrites packages/train/test/fixtures/losses.json and optimizers.json. Inputs come from a
seeded generator, so the files change only when this script does.
"""

import json
import os

import torch
import torch.nn.functional as F

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "test", "fixtures")
torch.manual_seed(20261125)
torch.set_default_dtype(torch.float64)


def lst(t):
    return t.detach().tolist()


def loss_case(name, options, y_true, y_pred, per_sample_fn, weights=None):
    """per_sample_fn(y_true, y_pred) -> [n] losses; mean and gradient of the mean w.r.t. y_pred."""
    pred = y_pred.clone().requires_grad_(True)
    per = per_sample_fn(y_true, pred)
    mean = per.mean()
    (grad,) = torch.autograd.grad(mean, pred)
    case = {
        "name": name,
        "options": options,
        "yTrue": lst(y_true),
        "yPred": lst(y_pred),
        "perSample": lst(per),
        "mean": mean.item(),
        "grad": lst(grad),
    }
    if weights is not None:
        # Keras' reduction: sum(w * loss) / batch size.
        case["sampleWeight"] = lst(weights)
        case["weightedMean"] = (per * weights).sum().item() / per.shape[0]
    return case


def elementwise(fn):
    return lambda t, p: fn(p, t).reshape(t.shape[0], -1).mean(dim=1)


n = 6
weights = torch.rand(n) * 2
reg_true = torch.randn(n, 3)
reg_pred = reg_true + torch.randn(n, 3) * 1.5
cases = [
    loss_case("mse", {}, reg_true, reg_pred, elementwise(lambda p, t: F.mse_loss(p, t, reduction="none")), weights),
    loss_case("mae", {}, reg_true, reg_pred, elementwise(lambda p, t: F.l1_loss(p, t, reduction="none"))),
    loss_case("huber", {}, reg_true, reg_pred,
              elementwise(lambda p, t: F.huber_loss(p, t, reduction="none", delta=1.0)), weights),
    loss_case("huber", {"delta": 0.5}, reg_true, reg_pred,
              elementwise(lambda p, t: F.huber_loss(p, t, reduction="none", delta=0.5))),
]

bin_true = torch.tensor([[1.0, 0.0], [0.0, 0.0], [1.0, 1.0], [0.0, 1.0], [0.3, 0.8], [1.0, 0.0]])
logits = torch.randn(n, 2) * 2
logits[0, 0] = 30.0  # stability of the logits form at large |z|
logits[1, 1] = -30.0
probs = torch.sigmoid(torch.randn(n, 2) * 2)
cases += [
    loss_case("binaryCrossentropy", {}, bin_true, probs,
              elementwise(lambda p, t: F.binary_cross_entropy(p, t, reduction="none")), weights),
    loss_case("binaryCrossentropy", {"fromLogits": True}, bin_true, logits,
              elementwise(lambda p, t: F.binary_cross_entropy_with_logits(p, t, reduction="none")), weights),
]

k = 4
labels = torch.tensor([0, 3, 1, 2, 3, 0])
one_hot = F.one_hot(labels, k).double()
soft = torch.softmax(torch.randn(n, k), dim=1)
cat_logits = torch.randn(n, k) * 2
cat_probs = torch.softmax(torch.randn(n, k), dim=1)
cases += [
    loss_case("categoricalCrossentropy", {}, one_hot, cat_probs, lambda t, p: -(t * torch.log(p)).sum(dim=1), weights),
    loss_case("categoricalCrossentropy", {}, soft, cat_probs, lambda t, p: -(t * torch.log(p)).sum(dim=1)),
    loss_case("categoricalCrossentropy", {"fromLogits": True}, soft, cat_logits,
              lambda t, p: F.cross_entropy(p, t, reduction="none"), weights),
    loss_case("sparseCategoricalCrossentropy", {}, labels, cat_probs,
              lambda t, p: F.nll_loss(torch.log(p), t, reduction="none"), weights),
    loss_case("sparseCategoricalCrossentropy", {"fromLogits": True}, labels, cat_logits,
              lambda t, p: F.cross_entropy(p, t, reduction="none")),
]

# Optimizers: full-batch steps on a linear model with MSE (mean over all elements).
x = torch.randn(8, 3)
y = torch.randn(8, 2)
w0 = torch.randn(3, 2) * 0.5
b0 = torch.randn(2) * 0.1


def run(make, steps=5):
    w = w0.clone().requires_grad_(True)
    b = b0.clone().requires_grad_(True)
    opt = make([w, b])
    trace = []
    for _ in range(steps):
        opt.zero_grad()
        loss = ((x @ w + b - y) ** 2).mean()
        loss.backward()
        opt.step()
        trace.append({"kernel": lst(w), "bias": lst(b)})
    return trace


optimizers = {
    "x": lst(x),
    "y": lst(y),
    "kernel": lst(w0),
    "bias": lst(b0),
    "runs": [
        {"optimizer": "sgd", "options": {"learningRate": 0.1},
         "steps": run(lambda p: torch.optim.SGD(p, lr=0.1))},
        {"optimizer": "momentum", "options": {"learningRate": 0.1, "momentum": 0.9},
         "steps": run(lambda p: torch.optim.SGD(p, lr=0.1, momentum=0.9))},
        {"optimizer": "adam", "options": {"learningRate": 0.05, "epsilon": 1e-7},
         "steps": run(lambda p: torch.optim.Adam(p, lr=0.05, eps=1e-7))},
        {"optimizer": "adamw", "options": {"learningRate": 0.05, "weightDecay": 0.1, "epsilon": 1e-7},
         "steps": run(lambda p: torch.optim.AdamW(p, lr=0.05, weight_decay=0.1, eps=1e-7))},
        {"optimizer": "adamw", "options": {"learningRate": 0.01, "weightDecay": 0.01, "beta1": 0.8,
                                            "beta2": 0.99, "epsilon": 1e-8},
         "steps": run(lambda p: torch.optim.AdamW(p, lr=0.01, betas=(0.8, 0.99), weight_decay=0.01, eps=1e-8))},
        # torch divides by sqrt(v) + eps, Keras and tfjs by sqrt(v + eps): a tiny eps makes both agree.
        {"optimizer": "rmsprop", "options": {"learningRate": 0.01, "rho": 0.9, "epsilon": 1e-12},
         "steps": run(lambda p: torch.optim.RMSprop(p, lr=0.01, alpha=0.9, eps=1e-12))},
    ],
}

os.makedirs(OUT, exist_ok=True)
with open(os.path.join(OUT, "losses.json"), "w") as f:
    json.dump({"generator": "scripts/make-fixtures.py (PyTorch 1.13)", "cases": cases}, f, indent=1)
    f.write("\n")
with open(os.path.join(OUT, "optimizers.json"), "w") as f:
    json.dump({"generator": "scripts/make-fixtures.py (PyTorch 1.13)", **optimizers}, f, indent=1)
    f.write("\n")
print(f"wrote {len(cases)} loss cases and {len(optimizers['runs'])} optimizer runs to {OUT}")
