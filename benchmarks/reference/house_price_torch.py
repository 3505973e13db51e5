#!/usr/bin/python3
"""Reference run B1 in PyTorch (Debian python3-torch): the same workload as `pnpm tutorial house-price`.

500 rows: area ~ U(50, 250), bedrooms uniform in 1..5, type uniform in 0..2,
price = 3000*area + 20000*bedrooms + 50000*type + N(0, 30000^2); 80/20 split; features and target
standardized with statistics of the training split (population std, like scikit-learn);
Linear(3,10) - ReLU - Linear(10,1); SGD lr 0.01; MSE; 100 epochs; batch 10, shuffled every epoch.
Metrics on the test split in price units. Also the OLS fit (numpy lstsq) as the ceiling.

The data are drawn with numpy, not with Weft's generator, so the rows differ from the tutorial's; the
comparison is of the workload and of the resulting metrics over several seeds, not of identical rows.

Usage: /usr/bin/python3 benchmarks/reference/house_price_torch.py [--seeds 0,1,2] [--json]
"""
import argparse
import json
import time

import numpy as np
import torch


def make_data(n, rng):
    area = rng.uniform(50, 250, n)
    bedrooms = rng.integers(1, 6, n).astype(np.float64)
    kind = rng.integers(0, 3, n).astype(np.float64)
    price = 3000 * area + 20000 * bedrooms + 50000 * kind + rng.normal(0, 30000, n)
    return np.stack([area, bedrooms, kind], axis=1), price


def run(seed, epochs=100, batch=10, n=500):
    rng = np.random.default_rng(seed)
    torch.manual_seed(seed)
    x, y = make_data(n, rng)
    order = rng.permutation(n)
    n_test = int(np.ceil(0.2 * n))
    test_idx, train_idx = order[:n_test], order[n_test:]
    xtr, ytr, xte, yte = x[train_idx], y[train_idx], x[test_idx], y[test_idx]
    xm, xs = xtr.mean(0), xtr.std(0)
    ym, ys = ytr.mean(), ytr.std()
    xt = torch.tensor((xtr - xm) / xs, dtype=torch.float32)
    yt = torch.tensor(((ytr - ym) / ys)[:, None], dtype=torch.float32)
    model = torch.nn.Sequential(torch.nn.Linear(3, 10), torch.nn.ReLU(), torch.nn.Linear(10, 1))
    opt = torch.optim.SGD(model.parameters(), lr=0.01)
    loss_fn = torch.nn.MSELoss()
    start = time.perf_counter()
    for _ in range(epochs):
        perm = torch.randperm(len(xt))
        for i in range(0, len(xt), batch):
            idx = perm[i:i + batch]
            opt.zero_grad()
            loss = loss_fn(model(xt[idx]), yt[idx])
            loss.backward()
            opt.step()
    train_seconds = time.perf_counter() - start
    with torch.no_grad():
        pred = model(torch.tensor((xte - xm) / xs, dtype=torch.float32)).numpy()[:, 0] * ys + ym
    mse = float(np.mean((yte - pred) ** 2))
    r2 = 1 - mse * len(yte) / float(np.sum((yte - yte.mean()) ** 2))
    design = np.hstack([xtr, np.ones((len(xtr), 1))])
    coef, *_ = np.linalg.lstsq(design, ytr, rcond=None)
    ols_pred = np.hstack([xte, np.ones((len(xte), 1))]) @ coef
    ols_r2 = 1 - float(np.sum((yte - ols_pred) ** 2)) / float(np.sum((yte - yte.mean()) ** 2))
    return {"seed": seed, "trainSeconds": train_seconds, "mse": mse, "rmse": mse ** 0.5,
            "mae": float(np.mean(np.abs(yte - pred))), "r2": r2, "olsR2": ols_r2,
            "usPerStep": train_seconds / (epochs * int(np.ceil(len(xt) / batch))) * 1e6}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seeds", default="0,1,2")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    torch.set_num_threads(2)
    runs = [run(int(s)) for s in args.seeds.split(",")]
    median = {k: float(np.median([r[k] for r in runs])) for k in runs[0] if k != "seed"}
    result = {"workload": "B1 house price", "torch": torch.__version__, "runs": runs, "median": median}
    if args.json:
        # One line in the runner's WorkloadResult shape (benchmarks/src/measure.ts).
        print(json.dumps({"workload": "house-price", "backend": f"pytorch {torch.__version__} cpu",
                          "seconds": median["trainSeconds"], "samples": [r["trainSeconds"] for r in runs],
                          "figures": {"usPerStep": median["usPerStep"], "r2": median["r2"]}, "detail": result}))
    else:
        for r in runs:
            print(f"seed {r['seed']}: R2 {r['r2']:.4f} RMSE {r['rmse']:.0f} (OLS R2 {r['olsR2']:.4f}) "
                  f"train {r['trainSeconds']:.2f}s ({r['usPerStep']:.0f} us/step)")
        print(f"median: R2 {median['r2']:.4f} RMSE {median['rmse']:.0f} train {median['trainSeconds']:.2f}s")


if __name__ == "__main__":
    main()
