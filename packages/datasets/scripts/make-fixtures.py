#!/usr/bin/python3
"""Reference values for the shipped data sets, computed independently of extract.mjs.

scikit-learn's own loaders (1.2, Debian python3-sklearn) give the first row, per-column means and
class counts of iris, wine, breast cancer, diabetes (scaled=False) and digits; numpy reads the
original Fashion-MNIST IDX files (Debian dataset-fashion-mnist) and applies the documented
selection rule (first 1000 / 200 images per class) on its own.

Usage: /usr/bin/python3 packages/datasets/scripts/make-fixtures.py
Writes packages/datasets/test/fixtures/reference.json.
"""
import gzip
import json
import os

import numpy as np
from sklearn import datasets

OUT = os.path.join(os.path.dirname(__file__), '..', 'test', 'fixtures', 'reference.json')


def summary(x, y):
    x = np.asarray(x, dtype=np.float64)
    labels, counts = np.unique(y, return_counts=True)
    return {
        'rows': int(x.shape[0]),
        'firstRow': x[0].tolist(),
        'lastRow': x[-1].tolist(),
        'means': x.mean(axis=0).tolist(),
        'target': {'first': np.asarray(y)[0].item(), 'mean': float(np.mean(y)) if np.asarray(y).dtype.kind in 'fiu' else None},
        'classCounts': {str(l): int(c) for l, c in zip(labels, counts)},
    }


ref = {}
iris = datasets.load_iris()
ref['iris'] = summary(iris.data, iris.target_names[iris.target])
wine = datasets.load_wine()
ref['wine'] = summary(wine.data, wine.target)
cancer = datasets.load_breast_cancer()
ref['breastCancer'] = summary(cancer.data, cancer.target)
ref['breastCancer']['featureNames'] = list(cancer.feature_names)
diabetes = datasets.load_diabetes(scaled=False)
d = summary(diabetes.data, diabetes.target)
d['classCounts'] = None
ref['diabetes'] = d
digits = datasets.load_digits()
ref['digits'] = summary(digits.data, digits.target)
ref['digits']['imageSums'] = [float(digits.images[i].sum()) for i in range(3)]


def idx(path):
    with gzip.open(path, 'rb') as f:
        data = f.read()
    rank = data[3]
    shape = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], 'big') for i in range(rank)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * rank).reshape(shape)


for split, prefix, per_class in [('train', 'train', 1000), ('test', 't10k', 200)]:
    images = idx(f'/usr/share/datasets/fashion-mnist/{prefix}-images-idx3-ubyte.gz')
    labels = idx(f'/usr/share/datasets/fashion-mnist/{prefix}-labels-idx1-ubyte.gz')
    keep = np.concatenate([np.flatnonzero(labels == c)[:per_class] for c in range(10)])
    keep.sort()
    sub = images[keep].reshape(len(keep), -1).astype(np.float64)
    ref[f'fashion_{split}'] = {
        'rows': int(len(keep)),
        'firstLabels': labels[keep][:20].tolist(),
        'lastLabel': int(labels[keep][-1]),
        'imageSums': [float(sub[i].sum()) for i in (0, 1, len(keep) - 1)],
        'pixelMean': float(sub.mean()),
        'sourceIndexLast': int(keep[-1]),
    }

with open(OUT, 'w') as f:
    json.dump(ref, f, indent=1)
    f.write('\n')
print('wrote', OUT)
