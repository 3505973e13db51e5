#!/usr/bin/python3
"""Reference for benchmarks/src/workloads/matmul.ts: float32 n×n matmul in PyTorch CPU (2 threads).

Usage: /usr/bin/python3 benchmarks/reference/matmul_torch.py [--repeats N] [--threads T]
Prints one JSON line per size in the runner's WorkloadResult shape.
"""
import argparse
import json
import statistics
import time

import torch


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    gen = torch.Generator().manual_seed(0)
    for n in (512, 1024):
        a = torch.randn(n, n, generator=gen)
        b = torch.randn(n, n, generator=gen)
        torch.mm(a, b)
        samples = []
        for _ in range(max(args.repeats, 3)):
            start = time.perf_counter()
            torch.mm(a, b)
            samples.append(time.perf_counter() - start)
        seconds = statistics.median(samples)
        print(json.dumps({"workload": f"matmul-{n}", "backend": f"pytorch {torch.__version__} cpu ({args.threads} threads)",
                          "seconds": seconds, "samples": samples, "figures": {"gflops": 2 * n ** 3 / seconds / 1e9}}))


if __name__ == "__main__":
    main()
