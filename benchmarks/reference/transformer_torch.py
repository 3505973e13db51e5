#!/usr/bin/python3
"""Reference for benchmarks/src/workloads/transformer.ts (workload B6) in PyTorch 1.13 CPU.

The same training run: Embedding(1000, 64) + learned positions (a [32, 64] parameter), 2 post-norm
nn.TransformerEncoderLayer blocks (batch_first, 2 heads, feed-forward 128, ReLU, dropout 0), mean
over the steps, Linear(64, 2) (embedding and position tables initialized as Weft's); Adam 1e-3; cross-entropy; batch 32, shuffled every epoch; 320
synthetic training sequences of 32 ids in [1, 1000), class-1 sequences with 8 random positions
holding "signal" ids in [1, 50); 4 epochs = 40 steps. The data come from numpy with a fixed seed
(not Weft's generator: same shapes and rule, different draws). One untimed 1-epoch run warms up;
each repeat is a fresh model (torch seed = repeat index); the time is the training loop only.
Held-out accuracy on 320 more sequences shows a broken run.

Usage: /usr/bin/python3 benchmarks/reference/transformer_torch.py [--repeats 3] [--threads 2] [--json]
"""
import argparse
import json
import statistics
import time

import numpy as np
import torch

VOCAB, STEPS, BATCH, ROWS, EPOCHS, SIGNAL = 1000, 32, 32, 320, 4, 50


def synthetic(rng, rows):
    ids = rng.integers(1, VOCAB, size=(rows, STEPS))
    labels = np.arange(rows) % 2
    for r in np.flatnonzero(labels == 1):
        ids[r, rng.permutation(STEPS)[:8]] = rng.integers(1, SIGNAL, size=8)
    order = rng.permutation(rows)
    return torch.tensor(ids[order]), torch.tensor(labels[order])


class Classifier(torch.nn.Module):
    def __init__(self):
        super().__init__()
        # Initialized as Weft's Embedding ('uniform': U(-0.05, 0.05)) and learned positions
        # (glorotUniform over [32, 64]); the encoder blocks and head keep PyTorch's own initializers.
        self.embedding = torch.nn.Embedding(VOCAB, 64)
        torch.nn.init.uniform_(self.embedding.weight, -0.05, 0.05)
        limit = (6 / (STEPS + 64)) ** 0.5
        self.positions = torch.nn.Parameter(torch.empty(STEPS, 64).uniform_(-limit, limit))
        block = torch.nn.TransformerEncoderLayer(64, 2, dim_feedforward=128, dropout=0.0, batch_first=True)
        self.encoder = torch.nn.TransformerEncoder(block, 2, enable_nested_tensor=False)
        self.head = torch.nn.Linear(64, 2)

    def forward(self, ids):
        h = self.embedding(ids) + self.positions[: ids.shape[1]]
        return self.head(self.encoder(h).mean(1))


def run(seed, epochs, data):
    (x, y), (tx, ty) = data
    torch.manual_seed(seed)
    model = Classifier()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = torch.nn.CrossEntropyLoss()
    start = time.perf_counter()
    for _ in range(epochs):
        perm = torch.randperm(ROWS)
        total = 0.0
        for i in range(0, ROWS, BATCH):
            idx = perm[i:i + BATCH]
            opt.zero_grad()
            loss = loss_fn(model(x[idx]), y[idx])
            loss.backward()
            opt.step()
            total += loss.detach() * len(idx)
        last_loss = float(total) / ROWS  # read once per epoch, as Weft's fit does
    seconds = time.perf_counter() - start
    model.eval()
    with torch.no_grad():
        accuracy = float((model(tx).argmax(1) == ty).float().mean())
    return seconds, accuracy, last_loss


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--repeats', type=int, default=3)
    parser.add_argument('--threads', type=int, default=2)
    parser.add_argument('--json', action='store_true')
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    rng = np.random.default_rng(0)
    data = (synthetic(rng, ROWS), synthetic(rng, ROWS))
    run(0, 1, data)  # warm-up
    runs = [run(seed, EPOCHS, data) for seed in range(args.repeats)]
    samples = [r[0] for r in runs]
    seconds = statistics.median(samples)
    steps = ROWS // BATCH * EPOCHS
    figures = {'msPerStep': seconds / steps * 1000, 'sequencesPerSecond': steps * BATCH / seconds,
               'finalLoss': statistics.median(r[2] for r in runs), 'accuracy': statistics.median(r[1] for r in runs)}
    if args.json:
        print(json.dumps({'workload': 'transformer', 'backend': f'pytorch {torch.__version__} cpu ({args.threads} threads)',
                          'seconds': seconds, 'samples': samples, 'figures': figures}))
    else:
        print(f"transformer: {figures['msPerStep']:.1f} ms/step, {figures['sequencesPerSecond']:.0f} sequences/s "
              f"(median of {args.repeats}), loss {figures['finalLoss']:.3f}, held-out accuracy {figures['accuracy']:.3f}")


if __name__ == '__main__':
    main()
