#!/usr/bin/python3
"""Reference for benchmarks/src/workloads/export-load.ts: saving and loading models in PyTorch 1.13.

The same two architectures, freshly initialized: the digits MLP (Linear(64, 64)-ReLU-Linear(64, 64)-
ReLU-Linear(64, 10)-Softmax, 9,034 parameters) and the Fashion CNN (Conv(1->32, 3)-ReLU-MaxPool(2)-
Conv(32->64, 3)-ReLU-MaxPool(2)-Flatten-Linear(1600, 128)-ReLU-Linear(128, 10)-Softmax, 225,034
parameters), to files in a temporary directory (removed at the end):
- export-load-<model>-native: torch.save(model.state_dict(), file), then torch.load(file) and
  model.load_state_dict(...) into a built model (PyTorch's own format; Weft's native load also
  rebuilds the model from its config);
- export-load-<model>-safetensors: safetensors.torch.save_file / load_file + load_state_dict, only
  when the Python safetensors package is installed (it is not a Debian package; skipped otherwise,
  with a note on stderr);
- export-load-<model>-onnx: torch.onnx.export(model, example input, file, opset 17) (export only:
  loading ONNX is onnxruntime's job, as in Weft).
Median of max(repeats, 5) after one warm-up; the time is save + load (save alone for ONNX).
Figures: msPerSave, msPerLoad, fileKB and roundTripExact (1 when the reloaded model predicts
exactly what the saved one does).

Usage: /usr/bin/python3 benchmarks/reference/export_torch.py [--repeats 5] [--threads 2] [--json]
"""
import argparse
import io
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
import warnings

import torch

try:
    import safetensors.torch as st
except ImportError:
    st = None


def mlp():
    return torch.nn.Sequential(torch.nn.Linear(64, 64), torch.nn.ReLU(), torch.nn.Linear(64, 64), torch.nn.ReLU(),
                               torch.nn.Linear(64, 10), torch.nn.Softmax(-1))


def cnn():
    return torch.nn.Sequential(
        torch.nn.Conv2d(1, 32, 3), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
        torch.nn.Conv2d(32, 64, 3), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
        torch.nn.Flatten(), torch.nn.Linear(1600, 128), torch.nn.ReLU(), torch.nn.Linear(128, 10),
        torch.nn.Softmax(-1))


MODELS = [('mlp', mlp, (8, 64)), ('cnn', cnn, (8, 1, 28, 28))]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--repeats', type=int, default=5)
    parser.add_argument('--threads', type=int, default=2)
    parser.add_argument('--json', action='store_true')
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    backend = f'pytorch {torch.__version__} cpu ({args.threads} threads)'
    if st is None:
        print('export_torch.py: the safetensors package is not installed; no safetensors reference',
              file=sys.stderr)
    folder = tempfile.mkdtemp(prefix='weft-bench-export-torch-')
    try:
        for name, make, shape in MODELS:
            model, twin = make().eval(), make().eval()
            x = torch.rand(*shape)
            formats = [('native', f'{name}.pt', lambda f: torch.save(model.state_dict(), f),
                        lambda f: twin.load_state_dict(torch.load(f)))]
            if st is not None:
                formats.append(('safetensors', f'{name}.safetensors', lambda f: st.save_file(model.state_dict(), f),
                                lambda f: twin.load_state_dict(st.load_file(f))))
            formats.append(('onnx', f'{name}.onnx', lambda f: torch.onnx.export(
                model, x, f, opset_version=17, input_names=['input'], output_names=['output'],
                dynamic_axes={'input': {0: 'batch'}, 'output': {0: 'batch'}}, verbose=False), None))
            for fmt, file_name, save, load in formats:
                path = os.path.join(folder, file_name)
                saves, loads, totals = [], [], []
                exact = None
                for i in range(max(args.repeats, 5) + 1):
                    start = time.perf_counter()
                    with warnings.catch_warnings(), io.StringIO() as quiet:
                        warnings.simplefilter('ignore')
                        stdout, sys.stdout = sys.stdout, quiet  # torch.onnx.export may print
                        try:
                            save(path)
                        finally:
                            sys.stdout = stdout
                    saved = time.perf_counter() - start
                    loaded = 0.0
                    if load is not None:
                        start = time.perf_counter()
                        load(path)
                        loaded = time.perf_counter() - start
                        if i == 0:
                            with torch.no_grad():
                                exact = int(torch.equal(model(x), twin(x)))
                    if i == 0:
                        continue  # warm-up
                    saves.append(saved * 1000)
                    loads.append(loaded * 1000)
                    totals.append(saved + loaded)
                figures = {'msPerSave': statistics.median(saves)}
                if load is not None:
                    figures.update(msPerLoad=statistics.median(loads), roundTripExact=exact)
                figures['fileKB'] = os.path.getsize(path) / 1024
                workload = f'export-load-{name}-{fmt}'
                if args.json:
                    print(json.dumps({'workload': workload, 'backend': backend, 'seconds': statistics.median(totals),
                                      'samples': totals, 'figures': figures}))
                else:
                    print(f'{workload}: ' + ', '.join(f'{k} {v:.3g}' for k, v in figures.items()))
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == '__main__':
    main()
