"""Reference values for @weft/preprocess from scikit-learn.

Run with Debian's interpreter (it sees python3-sklearn):
    /usr/bin/python3 packages/preprocess/scripts/make-fixtures.py
Writes packages/preprocess/test/fixtures/<transform>.json (image-resize.json comes from PyTorch,
python3-torch). The matrices are seeded, so the
output is reproducible; the JSON is committed and the project never needs Python at run time.
"""
import json
import pathlib

import numpy as np
import sklearn
from sklearn.impute import SimpleImputer
from sklearn.compose import ColumnTransformer
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import (
    LabelEncoder,
    MinMaxScaler,
    OneHotEncoder,
    OrdinalEncoder,
    RobustScaler,
    StandardScaler,
)

OUT = pathlib.Path(__file__).resolve().parent.parent / "test" / "fixtures"


def tolist(a):
    """Arrays to nested lists; None stays None; NaN becomes null (JSON has no NaN)."""
    if a is None:
        return None
    a = np.asarray(a, dtype=np.float64)
    return [[None if np.isnan(v) else float(v) for v in row] for row in a] if a.ndim == 2 else [
        None if np.isnan(v) else float(v) for v in a
    ]


def plain(a):
    """Any numpy value or array (numbers, strings, None, NaN) to JSON-ready Python; NaN becomes null."""
    if isinstance(a, np.ndarray):
        return [plain(v) for v in a]
    if isinstance(a, (list, tuple)):
        return [plain(v) for v in a]
    if a is None:
        return None
    if isinstance(a, (np.bool_, bool)):
        return bool(a)
    if isinstance(a, (np.integer, int)):
        return int(a)
    if isinstance(a, (np.floating, float)):
        return None if np.isnan(a) else float(a)
    return str(a)


def matrices():
    """(name, columns, fit matrix, second matrix) for a few seeded cases."""
    rng = np.random.RandomState(0)
    cases = []
    loc, scale = np.array([0.0, 10.0, -5.0]), np.array([1.0, 3.0, 0.1])
    cases.append(("basic", ["a", "b", "c"], rng.normal(loc, scale, (50, 3)), rng.normal(loc, scale, (7, 3))))
    # A constant column, a column of zeros, and 0.1 repeated: its float64 mean is not exactly 0.1,
    # so the variance is a rounding artefact (~1e-34) that must still count as constant.
    x = np.column_stack([rng.uniform(-2, 2, 20), np.full(20, 7.5), np.zeros(20), np.full(20, 0.1)])
    y = np.column_stack([rng.uniform(-2, 2, 5), [7.5, 8.0, 7.0, 7.5, 6.0], [0.0, 1.0, -1.0, 0.5, 0.0], np.full(5, 0.1)])
    cases.append(("constant", ["u", "seven", "zero", "tenth"], x, y))
    # A large offset with a small spread: a one-pass variance would lose most digits here.
    x = np.column_stack([1e6 + rng.normal(0, 1, 30), rng.randint(0, 100, 30).astype(np.float64)])
    y = np.column_stack([1e6 + rng.normal(0, 1, 4), rng.randint(0, 100, 4).astype(np.float64)])
    cases.append(("offset", ["big", "ints"], x, y))
    cases.append(("single_row", ["p", "q"], np.array([[3.0, -4.0]]), np.array([[3.0, -4.0], [4.0, -2.0]])))
    return cases


def standard_scaler():
    out = []
    for name, columns, x, y in matrices():
        for with_mean, with_std in [(True, True), (False, True), (True, False)]:
            if name != "basic" and not (with_mean and with_std):
                continue
            s = StandardScaler(with_mean=with_mean, with_std=with_std).fit(x)
            out.append({
                "name": name if with_mean and with_std else f"{name}_withMean={with_mean}_withStd={with_std}",
                "columns": columns,
                "options": {"withMean": with_mean, "withStd": with_std},
                "fit": tolist(x),
                "other": tolist(y),
                "mean": tolist(s.mean_),
                "var": tolist(s.var_),
                "scale": tolist(s.scale_),
                "nSamples": int(s.n_samples_seen_),
                "transformed": tolist(s.transform(x)),
                "otherTransformed": tolist(s.transform(y)),
                "otherInverse": tolist(s.inverse_transform(y)),
            })
    return out


def min_max_scaler():
    out = []
    for name, columns, x, y in matrices():
        configs = [((0, 1), False)]
        if name == "basic":
            configs += [((-1, 1), False), ((0, 1), True)]
        for feature_range, clip in configs:
            s = MinMaxScaler(feature_range=feature_range, clip=clip).fit(x)
            # Held-out data reaches outside the training range, so clipping shows.
            other = y * 1.5
            out.append({
                "name": f"{name}_range={list(feature_range)}_clip={clip}",
                "columns": columns,
                "options": {"featureRange": list(feature_range), "clip": clip},
                "fit": tolist(x),
                "other": tolist(other),
                "dataMin": tolist(s.data_min_),
                "dataMax": tolist(s.data_max_),
                "scale": tolist(s.scale_),
                "min": tolist(s.min_),
                "transformed": tolist(s.transform(x)),
                "otherTransformed": tolist(s.transform(other)),
                "otherInverse": tolist(s.inverse_transform(other)),
            })
    return out


def robust_scaler():
    out = []
    rng = np.random.RandomState(3)
    # Heavy tails and outliers (what RobustScaler is for), an even and an odd row count, and
    # ties: the quantiles land between and on sample points.
    extra = [
        ("outliers", ["a", "b"], np.column_stack([rng.standard_t(2, 41), np.r_[rng.normal(0, 1, 38), 1e3, -1e3, 5e2]]),
         np.array([[0.0, 0.0], [10.0, -10.0], [-3.5, 2.25]])),
        ("even_ties", ["t"], np.array([[1.0], [2.0], [2.0], [2.0], [3.0], [7.0]]), np.array([[2.0], [0.0]])),
    ]
    configs = [({}, {})]
    for name, columns, x, y in matrices() + extra:
        configs = [({}, {})]
        if name == "basic":
            configs += [
                ({"quantile_range": (10.0, 90.0)}, {"quantileRange": [10, 90]}),
                ({"quantile_range": (33.3, 66.7), "unit_variance": True}, {"quantileRange": [33.3, 66.7], "unitVariance": True}),
                ({"unit_variance": True}, {"unitVariance": True}),
                ({"with_centering": False}, {"withCentering": False}),
                ({"with_scaling": False}, {"withScaling": False}),
                ({"quantile_range": (0.0, 100.0)}, {"quantileRange": [0, 100]}),
                ({"quantile_range": (50.0, 50.0)}, {"quantileRange": [50, 50]}),
            ]
        for sk, ours in configs:
            s = RobustScaler(**sk).fit(x)
            out.append({
                "name": name + "".join(f"_{k}={v}" for k, v in ours.items()),
                "columns": columns,
                "options": ours,
                "fit": tolist(x),
                "other": tolist(y),
                # scikit-learn leaves center_/scale_ as None when a step is off.
                "center": tolist(s.center_) if s.center_ is not None else tolist(np.median(x, axis=0)),
                "scale": tolist(s.scale_) if s.scale_ is not None else [1.0] * x.shape[1],
                "transformed": tolist(s.transform(x)),
                "otherTransformed": tolist(s.transform(y)),
                "otherInverse": tolist(s.inverse_transform(y)),
            })
    return out


def column_transformer():
    """Mixed tables through ColumnTransformer; output names from get_feature_names_out()."""
    import pandas as pd

    rng = np.random.RandomState(4)
    n = 30
    fit = pd.DataFrame({
        "id": np.arange(n, dtype=np.float64),
        "area": rng.normal(100, 30, n),
        "rooms": rng.randint(1, 6, n).astype(np.float64),
        "kind": rng.choice(["flat", "house", "villa"], n),
        "code": rng.choice([3, 1, 7], n),
        "age": rng.exponential(20, n),
        "noise": rng.normal(0, 1, n),
    })
    fit.loc[[2, 11, 17], "rooms"] = np.nan
    # Held-out rows in another column order, with an unseen kind and an extra column.
    other = pd.DataFrame({
        "extra": [1.0, 2.0, 3.0],
        "noise": [0.5, -0.5, 0.0],
        "age": [1.0, 50.0, 10.0],
        "code": [7, 1, 5],
        "kind": ["house", "castle", "flat"],
        "rooms": [2.0, np.nan, 4.0],
        "area": [80.0, 120.0, 95.5],
        "id": [100.0, 101.0, 102.0],
    })

    def steps():
        return [
            ("num", make_pipeline(SimpleImputer(strategy="median"), StandardScaler()), ["area", "rooms"]),
            ("robust", RobustScaler(), ["age"]),
            ("cat", OneHotEncoder(handle_unknown="ignore", sparse_output=False), ["kind", "code"]),
            ("keep", "passthrough", ["noise"]),
            ("gone", "drop", ["id"]),
        ]

    cases = []
    for remainder in ["drop", "passthrough"]:
        for verbose in [False, True]:
            ct = ColumnTransformer(steps(), remainder=remainder, verbose_feature_names_out=verbose)
            fit_only = fit.drop(columns=["noise"]) if remainder == "passthrough" else fit
            # With passthrough the remainder is "noise" itself, so drop the "keep" step there.
            if remainder == "passthrough":
                ct = ColumnTransformer(steps()[:3] + steps()[4:], remainder=remainder,
                                       verbose_feature_names_out=verbose)
                fit_only = fit
            ct.fit(fit_only)
            cases.append({
                "name": f"remainder={remainder}_prefix={verbose}",
                "remainder": remainder,
                "prefixNames": verbose,
                "withKeepStep": remainder == "drop",
                "fit": {c: plain(fit[c].to_numpy()) for c in fit.columns},
                "other": {c: plain(other[c].to_numpy()) for c in other.columns},
                "outputColumns": list(ct.get_feature_names_out()),
                "transformed": tolist(ct.transform(fit).astype(np.float64)),
                "otherTransformed": tolist(ct.transform(other).astype(np.float64)),
            })
    return cases


def image_resize():
    """Bilinear resizes by PyTorch (align_corners=False, no antialias): half-pixel centres."""
    import torch
    import torch.nn.functional as F

    rng = np.random.RandomState(5)
    image = rng.uniform(0, 1, (2, 5, 7, 3)).astype(np.float32)  # NHWC
    cases = []
    for size in [(3, 4), (8, 11), (5, 3), (1, 1), (10, 14)]:
        nchw = torch.from_numpy(image).permute(0, 3, 1, 2)
        out = F.interpolate(nchw, size=size, mode="bilinear", align_corners=False).permute(0, 2, 3, 1)
        cases.append({"name": f"{image.shape[1]}x{image.shape[2]}->{size[0]}x{size[1]}", "size": list(size),
                      "output": out.numpy().astype(np.float64).tolist()})
    return {"torch": torch.__version__, "image": image.astype(np.float64).tolist(), "cases": cases}


def categorical_data():
    """Columns of strings and of integer codes; held-out rows bring unseen categories."""
    rng = np.random.RandomState(1)
    n = 25
    fit = {
        "color": rng.choice(["red", "green", "blue"], n),
        "size": rng.choice(["S", "M", "L", "XL"], n),
        "code": rng.choice([3, 1, 2, 10], n),
    }
    other = {
        "color": np.array(["green", "purple", "red", "blue", "red"]),
        "size": np.array(["M", "S", "XXL", "L", "XL"]),
        "code": np.array([1, 10, 2, 7, 3]),
    }
    return ["color", "size", "code"], fit, other


def as_matrix(columns, data):
    return np.array([[data[c][i] for c in columns] for i in range(len(data[columns[0]]))], dtype=object)


def one_hot_encoder():
    columns, fit, other = categorical_data()
    x, y = as_matrix(columns, fit), as_matrix(columns, other)
    # Each column on its own: scikit-learn needs one kind of value per column.
    cases = []
    for column in columns:
        xc = np.array(fit[column]).reshape(-1, 1)
        yc = np.array(other[column]).reshape(-1, 1)
        e = OneHotEncoder(handle_unknown="ignore", sparse_output=False).fit(xc)
        cases.append({
            "name": column,
            "column": column,
            "fit": plain(fit[column]),
            "other": plain(other[column]),
            "categories": plain(e.categories_[0]),
            "outputColumns": [n.replace("x0", column, 1) for n in e.get_feature_names_out()],
            "transformed": tolist(e.transform(xc)),
            "otherTransformed": tolist(e.transform(yc)),
            "otherInverse": plain(e.inverse_transform(e.transform(yc))[:, 0]),
        })
    return cases


def ordinal_encoder():
    columns, fit, other = categorical_data()
    cases = []
    for column in columns:
        xc = np.array(fit[column]).reshape(-1, 1)
        yc = np.array(other[column]).reshape(-1, 1)
        e = OrdinalEncoder(handle_unknown="use_encoded_value", unknown_value=-1).fit(xc)
        cases.append({
            "name": column,
            "column": column,
            "fit": plain(fit[column]),
            "other": plain(other[column]),
            "categories": plain(e.categories_[0]),
            "transformed": tolist(e.transform(xc)[:, 0]),
            "otherTransformed": tolist(e.transform(yc)[:, 0]),
            "otherInverse": plain(e.inverse_transform(e.transform(yc))[:, 0]),
        })
    return cases


def label_encoder():
    rng = np.random.RandomState(2)
    cases = []
    for name, labels in [("strings", rng.choice(["virginica", "setosa", "versicolor"], 30)),
                         ("integers", rng.choice([5, -1, 3, 12], 30))]:
        e = LabelEncoder().fit(labels)
        codes = rng.randint(0, len(e.classes_), 8)
        cases.append({
            "name": name,
            "fit": plain(labels),
            "classes": plain(e.classes_),
            "transformed": plain(e.transform(labels)),
            "codes": plain(codes),
            "decoded": plain(e.inverse_transform(codes)),
        })
    return cases


def simple_imputer():
    nan = np.nan
    # Ties on purpose: column a has 1.0 and 2.0 twice each; scikit-learn picks the smaller.
    x = np.array([
        [1.0, nan, 10.0],
        [1.0, 4.0, nan],
        [2.0, 4.0, 30.0],
        [2.0, 8.0, 10.0],
        [nan, 9.0, nan],
        [7.5, nan, 20.0],
    ])
    y = np.array([[nan, nan, nan], [3.0, nan, 5.0]])
    text = np.array(["b", "b", nan, "a", "a", "c"], dtype=object).reshape(-1, 1)
    text_other = np.array([nan, "z"], dtype=object).reshape(-1, 1)
    cases = []
    for strategy, fill in [("mean", None), ("median", None), ("most_frequent", None), ("constant", None), ("constant", 7.0)]:
        s = SimpleImputer(strategy=strategy, fill_value=fill).fit(x)
        cases.append({
            "name": f"numeric_{strategy}" + ("" if fill is None else f"_{fill}"),
            "columns": ["a", "b", "c"],
            "options": {"strategy": "mostFrequent" if strategy == "most_frequent" else strategy,
                        **({} if fill is None else {"fillValue": fill})},
            "fit": tolist(x),
            "other": tolist(y),
            "statistics": plain(s.statistics_),
            "transformed": tolist(s.transform(x)),
            "otherTransformed": tolist(s.transform(y)),
        })
    for strategy in ["most_frequent", "constant"]:
        s = SimpleImputer(strategy=strategy).fit(text)
        cases.append({
            "name": f"text_{strategy}",
            "columns": ["t"],
            "options": {"strategy": "mostFrequent" if strategy == "most_frequent" else strategy},
            "fit": plain(text),
            "other": plain(text_other),
            "statistics": plain(s.statistics_),
            "transformed": plain(s.transform(text)),
            "otherTransformed": plain(s.transform(text_other)),
        })
    return cases


def write(name, cases):
    OUT.mkdir(parents=True, exist_ok=True)
    doc = {"generator": "packages/preprocess/scripts/make-fixtures.py", "sklearn": sklearn.__version__,
           "numpy": np.__version__}
    doc.update(cases if isinstance(cases, dict) else {"cases": cases})
    (OUT / f"{name}.json").write_text(json.dumps(doc, indent=1) + "\n")


if __name__ == "__main__":
    write("standard-scaler", standard_scaler())
    write("min-max-scaler", min_max_scaler())
    write("one-hot-encoder", one_hot_encoder())
    write("ordinal-encoder", ordinal_encoder())
    write("label-encoder", label_encoder())
    write("simple-imputer", simple_imputer())
    write("robust-scaler", robust_scaler())
    write("column-transformer", column_transformer())
    write("image-resize", image_resize())
