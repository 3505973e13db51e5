"""Cross-checks the exporter's files with Python's reference libraries (Debian's python3-onnx 1.12
and python3-h5py), and writes what they saw under test/fixtures/ for the tests to compare with.

Run from packages/export after `node --conditions=source --import tsx scripts/make-fixtures.ts`:
    /usr/bin/python3 scripts/check-fixtures.py

Writes:
- onnx-checker.json: per ONNX file, onnx.checker's full-check verdict, IR version, opset, op types.
- keras-h5py-layout.json: every group and dataset of weft-cnn.keras's model.weights.h5 as h5py
  reads it (shape, dtype, float64 sum), plus the archive's entries and config class names.
- h5py-written.keras (+ .expected.json): a Sequential Dense/LayerNormalization/Dense model whose
  weights h5py writes exactly as Keras 3's saving library does (a `vars` group per object,
  `layers/<snake_case>[_N]/vars/<i>` float32 datasets), with outputs computed in numpy.
"""
import io
import json
import pathlib
import zipfile

import h5py
import numpy as np
import onnx

FIXTURES = pathlib.Path(__file__).resolve().parent.parent / "test" / "fixtures"


def check_onnx():
    report = {}
    for path in sorted(FIXTURES.glob("*.onnx")):
        model = onnx.load(str(path))
        try:
            onnx.checker.check_model(model, full_check=True)
            verdict = {"ok": True}
        except Exception as error:  # the verdict is the fixture: record why it failed
            verdict = {"ok": False, "error": str(error)[:500]}
        verdict["ir_version"] = model.ir_version
        verdict["opset"] = [{"domain": o.domain, "version": o.version} for o in model.opset_import]
        verdict["ops"] = [n.op_type for n in model.graph.node]
        report[path.name] = verdict
    (FIXTURES / "onnx-checker.json").write_text(json.dumps(report, indent=2) + "\n")
    return report


def keras_layout():
    with zipfile.ZipFile(FIXTURES / "weft-cnn.keras") as archive:
        entries = sorted(archive.namelist())
        config = json.loads(archive.read("config.json"))
        weights = archive.read("model.weights.h5")
    layout = {}
    with h5py.File(io.BytesIO(weights), "r") as f:
        def visit(name, obj):
            if isinstance(obj, h5py.Dataset):
                layout["/" + name] = {
                    "shape": list(obj.shape),
                    "dtype": obj.dtype.str,
                    "sum": float(np.asarray(obj, dtype=np.float64).sum()),
                }
            else:
                layout["/" + name + "/"] = None
        f.visititems(visit)
    report = {
        "entries": entries,
        "classes": [layer["class_name"] for layer in config["config"]["layers"]],
        "layout": layout,
    }
    (FIXTURES / "keras-h5py-layout.json").write_text(json.dumps(report, indent=2) + "\n")


def keras_written_by_h5py():
    rng = np.random.default_rng(0)
    shapes = {"dense": [(4, 6), (6,)], "layer_normalization": [(6,), (6,)], "dense_1": [(6, 3), (3,)]}
    values = {k: [rng.normal(size=s).astype(np.float32) for s in v] for k, v in shapes.items()}

    def initializer(name):
        return {"module": "keras.initializers", "class_name": name, "config": {"seed": None}, "registered_name": None}

    dtype = {"module": "keras", "class_name": "DTypePolicy", "config": {"name": "float32"}, "registered_name": None}

    def dense(name, units, activation, input_shape):
        return {
            "module": "keras.layers", "class_name": "Dense", "registered_name": None,
            "build_config": {"input_shape": input_shape},
            "config": {
                "name": name, "trainable": True, "dtype": dtype, "units": units, "activation": activation,
                "use_bias": True, "kernel_initializer": initializer("GlorotUniform"),
                "bias_initializer": initializer("Zeros"), "kernel_regularizer": None, "bias_regularizer": None,
                "kernel_constraint": None, "bias_constraint": None,
            },
        }

    config = {
        "module": "keras", "class_name": "Sequential", "registered_name": None,
        "build_config": {"input_shape": [None, 4]}, "compile_config": None,
        "config": {
            "name": "sequential", "trainable": True, "dtype": dtype, "build_input_shape": [None, 4],
            "layers": [
                {"module": "keras.layers", "class_name": "InputLayer", "registered_name": None,
                 "config": {"batch_shape": [None, 4], "dtype": "float32", "sparse": False, "name": "input_layer"}},
                dense("dense", 6, "relu", [None, 4]),
                {"module": "keras.layers", "class_name": "LayerNormalization", "registered_name": None,
                 "build_config": {"input_shape": [None, 6]},
                 "config": {"name": "layer_normalization", "trainable": True, "dtype": dtype, "axis": -1,
                            "epsilon": 0.001, "center": True, "scale": True, "rms_scaling": False,
                            "beta_initializer": initializer("Zeros"), "gamma_initializer": initializer("Ones"),
                            "beta_regularizer": None, "gamma_regularizer": None, "beta_constraint": None,
                            "gamma_constraint": None}},
                dense("dense_1", 3, "softmax", [None, 6]),
            ],
        },
    }
    # As keras/src/saving/saving_lib.py's H5IOStore/H5Entry write them.
    buffer = io.BytesIO()
    with h5py.File(buffer, "w") as f:
        f.create_group("vars")
        for path, arrays in values.items():
            group = f.create_group("layers/" + path).create_group("vars")
            for i, a in enumerate(arrays):
                group[str(i)] = a
    with zipfile.ZipFile(FIXTURES / "h5py-written.keras", "w") as archive:
        archive.writestr("metadata.json", json.dumps({"keras_version": "3.6.0", "date_saved": "2025-01-01@00:00:00"}))
        archive.writestr("config.json", json.dumps(config))
        archive.writestr("model.weights.h5", buffer.getvalue())

    x = rng.normal(size=(5, 4)).astype(np.float32)
    (k0, b0), (gamma, beta), (k1, b1) = (
        [v.astype(np.float64) for v in values[k]] for k in ("dense", "layer_normalization", "dense_1")
    )
    h = np.maximum(x.astype(np.float64) @ k0 + b0, 0)
    h = (h - h.mean(-1, keepdims=True)) / np.sqrt(h.var(-1, keepdims=True) + 0.001) * gamma + beta
    z = h @ k1 + b1
    y = np.exp(z - z.max(-1, keepdims=True))
    y /= y.sum(-1, keepdims=True)
    (FIXTURES / "h5py-written.expected.json").write_text(
        json.dumps({"input": x.tolist(), "output": y.tolist()}, indent=2) + "\n"
    )


if __name__ == "__main__":
    report = check_onnx()
    keras_layout()
    keras_written_by_h5py()
    for name, verdict in report.items():
        print(name, "ok" if verdict["ok"] else verdict["error"])
