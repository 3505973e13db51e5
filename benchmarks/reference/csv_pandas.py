#!/usr/bin/python3
"""Reference for benchmarks/src/csv-tensor.ts and the runner's csv-tensors workload
(benchmarks/src/workloads/csv-tensors.ts): CSV -> float32 arrays with pandas (Debian python3-pandas).

Reads the same file with pandas.read_csv (C parser) and converts the 8 feature columns and the
target to float32 numpy arrays, as a tensor library would receive them, two ways:
- whole: read_csv, then to_numpy(float32) (the counterpart of loadCSV + toTensors);
- chunks: read_csv(chunksize=65536), each chunk to_numpy(float32) (streamCSV + batches).
One untimed pass of each first, then --repeats timed passes (at least 3). The file is written by
the TypeScript side (csv-tensors.ts, csv-tensor.ts or csv-stream.ts): run one of them first.

Without --json: a summary with the median and best time of each way. With --json: one line per
way in the benchmark runner's WorkloadResult shape (workloads csv-tensors-load and
csv-tensors-stream; median time; mbPerSecond, rowsPerSecond).

Usage: /usr/bin/python3 benchmarks/reference/csv_pandas.py --file /tmp/weft-bench-2000000-rows.csv [--repeats 3] [--json]
"""
import argparse
import json
import os
import statistics
import time

import numpy as np
import pandas as pd

FEATURES = [f'f{i}' for i in range(8)]


def whole(path):
    frame = pd.read_csv(path)
    x = frame[FEATURES].to_numpy(dtype=np.float32)
    y = frame[['y']].to_numpy(dtype=np.float32)
    assert y.shape == (x.shape[0], 1)
    return x.shape[0]


def chunks(path):
    rows = 0
    for frame in pd.read_csv(path, chunksize=65536):
        x = frame[FEATURES].to_numpy(dtype=np.float32)
        y = frame[['y']].to_numpy(dtype=np.float32)
        assert y.shape == (x.shape[0], 1)
        rows += x.shape[0]
    return rows


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--file', default='/tmp/weft-bench-2000000-rows.csv')
    parser.add_argument('--repeats', '--repeat', type=int, default=3)
    parser.add_argument('--json', action='store_true')
    args = parser.parse_args()
    size_mb = os.path.getsize(args.file) / 2**20
    summary = {'file': args.file, 'fileMB': round(size_mb, 1), 'pandas': pd.__version__}
    for workload, read in (('csv-tensors-load', whole), ('csv-tensors-stream', chunks)):
        rows = read(args.file)  # warm-up
        samples = []
        for _ in range(max(args.repeats, 3)):
            start = time.perf_counter()
            assert read(args.file) == rows
            samples.append(time.perf_counter() - start)
        seconds = statistics.median(samples)
        figures = {'mbPerSecond': size_mb / seconds, 'rowsPerSecond': rows / seconds}
        if args.json:
            print(json.dumps({'workload': workload, 'backend': f'pandas {pd.__version__}', 'seconds': seconds,
                              'samples': samples, 'figures': figures}))
        summary['rows'] = rows
        summary['read_csv_to_numpy' if read is whole else 'read_csv_chunks_to_numpy'] = {
            'seconds': round(seconds, 3),
            'bestSeconds': round(min(samples), 3),
            'rowsPerSecond': round(figures['rowsPerSecond']),
            'mbPerSecond': round(figures['mbPerSecond'], 1),
        }
    if not args.json:
        print(summary)


if __name__ == '__main__':
    main()
