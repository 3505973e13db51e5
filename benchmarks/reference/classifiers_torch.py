#!/usr/bin/python3
"""Reference runs B2–B4 in PyTorch 1.13 + scikit-learn 1.2 (Debian packages), the workloads of the
linear-regression, mlp-classifier (digits) and binary-classifier tutorials, for comparison.

B2: y = 3x + 2 + N(0, 1), x ~ U(0, 1), 100 points, 80/20, Linear(1, 1), full-batch SGD, MSE:
    lr 0.01 x 100 epochs and lr 0.1 x 1000 epochs, next to OLS.
B3: digits 8x8 (1797 x 64, /16), stratified 80/20; 64-64-10 MLP; Adam 1e-3; cross-entropy;
    batch 32; 10 epochs.
B4: breast cancer (569 x 30), standardized, stratified 80/20; 128-64-1 sigmoid; Adam 1e-3; BCE;
    20 epochs; batch 32; benign = 1 positive.
Median over seeds; training time is the loop only. Splits and initial weights come from numpy and
torch with the same seeds, so individual rows differ from Weft's runs: compare medians and ranges.

With --workload digits-mlp or breast-cancer, only that run, for the benchmark runner
(benchmarks/src/workloads/digits-mlp.ts, breast-cancer.ts): one untimed 1-epoch warm-up, then
seeds 0..repeats-1; with --json one line in the runner's WorkloadResult shape (median time in the
training loop, msPerEpoch, samplesPerSecond, median test accuracy).

Usage: /usr/bin/python3 benchmarks/reference/classifiers_torch.py [--seeds 0,1,2,3,4] [--json]
       /usr/bin/python3 benchmarks/reference/classifiers_torch.py --workload digits-mlp [--repeats 3] [--threads 2] [--json]
"""
import argparse
import json
import time

import numpy as np
import torch
from sklearn.datasets import load_breast_cancer, load_digits
from sklearn.metrics import accuracy_score, f1_score, roc_auc_score
from sklearn.model_selection import train_test_split


def linear(seed):
    rng = np.random.default_rng(seed)
    torch.manual_seed(seed)
    x = rng.uniform(0, 1, 100)
    y = 3 * x + 2 + rng.normal(0, 1, 100)
    xtr, xte, ytr, yte = train_test_split(x, y, test_size=0.2, random_state=seed)
    out = {}
    for name, lr, epochs in (("tutorial", 0.01, 100), ("converged", 0.1, 1000)):
        model = torch.nn.Linear(1, 1)
        opt = torch.optim.SGD(model.parameters(), lr=lr)
        xt = torch.tensor(xtr[:, None], dtype=torch.float32)
        yt = torch.tensor(ytr[:, None], dtype=torch.float32)
        for _ in range(epochs):
            opt.zero_grad()
            loss = torch.nn.functional.mse_loss(model(xt), yt)
            loss.backward()
            opt.step()
        with torch.no_grad():
            pred = model(torch.tensor(xte[:, None], dtype=torch.float32)).numpy()[:, 0]
        out[name] = {"w": float(model.weight), "b": float(model.bias), "mse": float(np.mean((yte - pred) ** 2))}
    w, b = np.polyfit(xtr, ytr, 1)
    out["ols"] = {"w": float(w), "b": float(b), "mse": float(np.mean((yte - (w * xte + b)) ** 2))}
    return out


def train_classifier(x, y, layers, loss_fn, epochs, seed):
    torch.manual_seed(seed)
    model = torch.nn.Sequential(*layers)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    xt = torch.tensor(x, dtype=torch.float32)
    yt = torch.tensor(y)
    start = time.perf_counter()
    for _ in range(epochs):
        perm = torch.randperm(len(xt))
        for i in range(0, len(xt), 32):
            idx = perm[i:i + 32]
            opt.zero_grad()
            loss = loss_fn(model(xt[idx]), yt[idx])
            loss.backward()
            opt.step()
    return model, time.perf_counter() - start


DIGITS_EPOCHS = 10
BREAST_CANCER_EPOCHS = 20


def digits(seed, epochs=DIGITS_EPOCHS):
    data = load_digits()
    xtr, xte, ytr, yte = train_test_split(data.data / 16, data.target, test_size=0.2, stratify=data.target,
                                          random_state=seed)
    layers = [torch.nn.Linear(64, 64), torch.nn.ReLU(), torch.nn.Linear(64, 64), torch.nn.ReLU(), torch.nn.Linear(64, 10)]
    model, seconds = train_classifier(xtr, ytr, layers, torch.nn.functional.cross_entropy, epochs, seed)
    with torch.no_grad():
        pred = model(torch.tensor(xte, dtype=torch.float32)).argmax(1).numpy()
    return {"accuracy": float(accuracy_score(yte, pred)), "trainSeconds": seconds, "trainRows": len(xtr)}


def breast_cancer(seed, epochs=BREAST_CANCER_EPOCHS):
    data = load_breast_cancer()
    xtr, xte, ytr, yte = train_test_split(data.data, data.target, test_size=0.2, stratify=data.target,
                                          random_state=seed)
    mean, std = xtr.mean(0), xtr.std(0)
    xtr, xte = (xtr - mean) / std, (xte - mean) / std
    layers = [torch.nn.Linear(30, 128), torch.nn.ReLU(), torch.nn.Linear(128, 64), torch.nn.ReLU(),
              torch.nn.Linear(64, 1), torch.nn.Sigmoid()]
    loss = lambda p, t: torch.nn.functional.binary_cross_entropy(p[:, 0], t.float())  # noqa: E731
    model, seconds = train_classifier(xtr, ytr, layers, loss, epochs, seed)
    with torch.no_grad():
        prob = model(torch.tensor(xte, dtype=torch.float32)).numpy()[:, 0]
    pred = (prob >= 0.5).astype(int)
    return {"accuracy": float(accuracy_score(yte, pred)), "f1": float(f1_score(yte, pred)),
            "rocAuc": float(roc_auc_score(yte, prob)), "trainSeconds": seconds, "trainRows": len(xtr)}


def median(runs, key):
    return float(np.median([r[key] for r in runs]))


def workload(name, repeats, as_json):
    """One of B3/B4 as the benchmark runner's workload: warm-up, then seeds 0..repeats-1."""
    train, epochs = {"digits-mlp": (digits, DIGITS_EPOCHS), "breast-cancer": (breast_cancer, BREAST_CANCER_EPOCHS)}[name]
    train(0, epochs=1)  # warm-up
    runs = [train(seed) for seed in range(repeats)]
    seconds = median(runs, "trainSeconds")
    figures = {"msPerEpoch": seconds / epochs * 1000, "samplesPerSecond": runs[0]["trainRows"] * epochs / seconds,
               "accuracy": median(runs, "accuracy")}
    if as_json:
        print(json.dumps({"workload": name, "backend": f"pytorch {torch.__version__} cpu ({torch.get_num_threads()} threads)",
                          "seconds": seconds, "samples": [r["trainSeconds"] for r in runs], "figures": figures}))
    else:
        print(f"{name}: {seconds:.3f} s in the training loop (median of {repeats}), "
              f"{figures['msPerEpoch']:.1f} ms/epoch, accuracy {figures['accuracy']:.4f}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seeds", default="0,1,2,3,4")
    parser.add_argument("--workload", choices=["digits-mlp", "breast-cancer"])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    if args.workload:
        workload(args.workload, args.repeats, args.json)
        return
    seeds = [int(s) for s in args.seeds.split(",")]
    lin = [linear(s) for s in seeds]
    dig = [digits(s) for s in seeds]
    bc = [breast_cancer(s) for s in seeds]
    result = {
        "torch": torch.__version__,
        "linearRegression": {k: {m: median([r[k] for r in lin], m) for m in ("w", "b", "mse")} for k in lin[0]},
        "digits": {k: median(dig, k) for k in dig[0]},
        "breastCancer": {k: median(bc, k) for k in bc[0]},
        "digitsAccuracyRange": [min(r["accuracy"] for r in dig), max(r["accuracy"] for r in dig)],
        "breastCancerAccuracyRange": [min(r["accuracy"] for r in bc), max(r["accuracy"] for r in bc)],
    }
    print(json.dumps(result, indent=None if args.json else 2))


if __name__ == "__main__":
    main()
