#!/usr/bin/python3
"""Reference for benchmarks/src/workloads/conv2d.ts: forward float32 conv2d in PyTorch CPU (2 threads).

The Fashion CNN's two convolutions at batch 64, 3x3 kernels, stride 1, 'valid' padding, through
torch.nn.functional.conv2d in PyTorch's NCHW layout (no bias): 1x28x28 -> 32x26x26 and
32x13x13 -> 64x11x11. GFLOP/s counts 2*N*Ho*Wo*Cout*Kh*Kw*Cin flops. One warm-up convolution,
then max(repeats, 5) timed ones; median.

Usage: /usr/bin/python3 benchmarks/reference/conv2d_torch.py [--repeats N] [--threads T] [--json]
"""
import argparse
import json
import statistics
import time

import torch

BATCH = 64
SHAPES = [('conv2d-28x28x1-32', 28, 1, 32), ('conv2d-13x13x32-64', 13, 32, 64)]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--repeats', type=int, default=5)
    parser.add_argument('--threads', type=int, default=2)
    parser.add_argument('--json', action='store_true')
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    gen = torch.Generator().manual_seed(0)
    backend = f'pytorch {torch.__version__} cpu ({args.threads} threads)'
    with torch.no_grad():
        for name, size, cin, cout in SHAPES:
            x = torch.randn(BATCH, cin, size, size, generator=gen)
            w = torch.randn(cout, cin, 3, 3, generator=gen) * 0.1
            torch.nn.functional.conv2d(x, w)
            samples = []
            for _ in range(max(args.repeats, 5)):
                start = time.perf_counter()
                torch.nn.functional.conv2d(x, w)
                samples.append(time.perf_counter() - start)
            seconds = statistics.median(samples)
            out = size - 2
            gflops = 2 * BATCH * out * out * cout * 9 * cin / seconds / 1e9
            if args.json:
                print(json.dumps({'workload': name, 'backend': backend, 'seconds': seconds, 'samples': samples,
                                  'figures': {'gflops': gflops, 'msPerConv': seconds * 1000}}))
            else:
                print(f'{name}: {seconds * 1000:.2f} ms, {gflops:.1f} GFLOP/s ({backend})')


if __name__ == '__main__':
    main()
