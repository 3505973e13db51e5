#!/usr/bin/python3
"""Reference for benchmarks/src/csv-tensor.ts: CSV -> float32 arrays with pandas (Debian python3-pandas).

Reads the same file with pandas.read_csv (C parser) and converts the 8 feature columns and the
target to float32 numpy arrays, as a tensor library would receive them. Best of --repeat runs.
The file is written by csv-tensor.ts (or csv-stream.ts): run one of them first.

Usage: /usr/bin/python3 benchmarks/reference/csv_pandas.py --file /tmp/weft-bench-2000000-rows.csv [--repeat 3] [--json]
"""
import argparse
import json
import os
import time

import numpy as np
import pandas as pd

FEATURES = [f'f{i}' for i in range(8)]

parser = argparse.ArgumentParser()
parser.add_argument('--file', default='/tmp/weft-bench-2000000-rows.csv')
parser.add_argument('--repeat', type=int, default=3)
parser.add_argument('--json', action='store_true')
args = parser.parse_args()

size = os.path.getsize(args.file)
best = float('inf')
rows = 0
for _ in range(args.repeat):
    start = time.perf_counter()
    frame = pd.read_csv(args.file)
    x = frame[FEATURES].to_numpy(dtype=np.float32)
    y = frame[['y']].to_numpy(dtype=np.float32)
    best = min(best, time.perf_counter() - start)
    rows = x.shape[0]
    assert y.shape == (rows, 1)

result = {
    'file': args.file,
    'rows': rows,
    'fileMB': round(size / 2**20, 1),
    'pandas': pd.__version__,
    'read_csv_to_numpy': {
        'seconds': round(best, 2),
        'rowsPerSecond': round(rows / best),
        'mbPerSecond': round(size / 2**20 / best, 1),
    },
}
print(json.dumps(result) if args.json else result)
