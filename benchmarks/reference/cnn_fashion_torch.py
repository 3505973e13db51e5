#!/usr/bin/python3
"""Reference for benchmarks/src/cnn-fashion.ts in PyTorch (Debian python3-torch 1.13, CPU).

The same workload (reference run B5's model): Conv(1->32, 3)-ReLU-MaxPool(2)-Conv(32->64, 3)-ReLU-
MaxPool(2)-Flatten-Linear(1600, 128)-ReLU-Linear(128, 10); Adam lr 1e-3; cross-entropy; batch 64;
synthetic 28x28 images (uniform pixels, random labels: speed does not depend on the values).
Warm-up steps first, then timed steps, each reading its loss back with .item() as the TypeScript
benchmark does. 2 threads by default, like the reference runs.

Usage: /usr/bin/python3 benchmarks/reference/cnn_fashion_torch.py [--steps 20] [--warmup 3]
       [--batch 64] [--threads 2] [--json]
"""
import argparse
import json
import time

import torch


def model():
    return torch.nn.Sequential(
        torch.nn.Conv2d(1, 32, 3), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
        torch.nn.Conv2d(32, 64, 3), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
        torch.nn.Flatten(),
        torch.nn.Linear(1600, 128), torch.nn.ReLU(),
        torch.nn.Linear(128, 10),
    )


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--steps', type=int, default=20)
    parser.add_argument('--warmup', type=int, default=3)
    parser.add_argument('--batch', type=int, default=64)
    parser.add_argument('--threads', type=int, default=2)
    parser.add_argument('--json', action='store_true')
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    net = model()
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    loss_fn = torch.nn.CrossEntropyLoss()
    batches = [(torch.rand(args.batch, 1, 28, 28), torch.randint(0, 10, (args.batch,))) for _ in range(4)]

    def step(i):
        x, y = batches[i % len(batches)]
        opt.zero_grad()
        loss = loss_fn(net(x), y)
        loss.backward()
        opt.step()
        return loss.item()

    first = step(0)
    for i in range(1, args.warmup):
        step(i)
    start = time.perf_counter()
    last = first
    for i in range(args.steps):
        last = step(i)
    seconds = time.perf_counter() - start
    result = {
        'backend': f'pytorch-{torch.__version__}-cpu-{args.threads}threads',
        'imagesPerSecond': args.steps * args.batch / seconds,
        'msPerStep': seconds * 1000 / args.steps,
        'steps': args.steps,
        'batch': args.batch,
        'firstLoss': first,
        'lastLoss': last,
    }
    if args.json:
        print(json.dumps({'workload': 'cnn-fashion', 'results': [result]}))
    else:
        print(f"pytorch {result['imagesPerSecond']:6.0f} images/s  {result['msPerStep']:.1f} ms/step  "
              f"(batch {args.batch}, {args.steps} steps, {args.threads} threads; loss {first:.3f} -> {last:.3f})")


if __name__ == '__main__':
    main()
