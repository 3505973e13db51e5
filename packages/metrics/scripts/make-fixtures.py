"""Reference values for @weft/metrics' parity tests.

Run with Debian's interpreter (scikit-learn 1.2, NumPy; PyTorch 1.13 and NLTK for the text and
language-model metrics):

    /usr/bin/python3 packages/metrics/scripts/make-fixtures.py

It rewrites packages/metrics/test/fixtures/*.json. Inputs are drawn from a seeded generator so the
files only change when this script does. JSON has no NaN or infinities: they are written as the
strings "NaN", "Infinity" and "-Infinity" and decoded by the tests.
"""

import json
import math
import os

import warnings

import numpy as np
from sklearn import metrics as skm

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "test", "fixtures")
rng = np.random.default_rng(20261125)
# Undefined cases (constant targets, one sample) are fixtures on purpose; their warnings are noise.
warnings.filterwarnings("ignore")


def plain(value):
    """NumPy values to JSON-safe Python, with non-finite floats as strings."""
    if isinstance(value, np.ndarray):
        return [plain(v) for v in value.tolist()]
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, (np.floating, float)):
        v = float(value)
        if math.isnan(v):
            return "NaN"
        if math.isinf(v):
            return "Infinity" if v > 0 else "-Infinity"
        return v
    if isinstance(value, (np.integer,)):
        return int(value)
    return value


def write(name, cases):
    path = os.path.join(OUT, name)
    with open(path, "w") as f:
        json.dump(plain(cases), f, separators=(",", ":"))
        f.write("\n")
    print(f"wrote {len(cases)} cases to {os.path.relpath(path)}")


# --- regression -------------------------------------------------------------------------

def regression_case(name, y_true, y_pred, sample_weight=None, multioutput="uniform_average", force_finite=True):
    y_true = np.asarray(y_true, dtype=np.float64)
    y_pred = np.asarray(y_pred, dtype=np.float64)
    kw = {"sample_weight": sample_weight, "multioutput": multioutput}
    expected = {
        "r2Score": skm.r2_score(y_true, y_pred, force_finite=force_finite, **kw),
        "explainedVariance": skm.explained_variance_score(y_true, y_pred, force_finite=force_finite, **kw),
    }
    if not (isinstance(multioutput, str) and multioutput == "variance_weighted"):
        expected["meanSquaredError"] = skm.mean_squared_error(y_true, y_pred, **kw)
        expected["rootMeanSquaredError"] = skm.mean_squared_error(y_true, y_pred, squared=False, **kw)
        expected["meanAbsoluteError"] = skm.mean_absolute_error(y_true, y_pred, **kw)
    options = {"multioutput": multioutput, "forceFinite": force_finite}
    if sample_weight is not None:
        options["sampleWeight"] = sample_weight
    return {"name": name, "yTrue": y_true, "yPred": y_pred, "options": options, "expected": expected}


def regression_cases():
    cases = []
    # scikit-learn's docstring examples.
    cases.append(regression_case("docs 1-D", [3, -0.5, 2, 7], [2.5, 0.0, 2, 8]))
    docs_true = [[0.5, 1], [-1, 1], [7, -6]]
    docs_pred = [[0, 2], [-1, 2], [8, -5]]
    for mo in ["raw_values", "uniform_average", "variance_weighted", [0.3, 0.7]]:
        cases.append(regression_case(f"docs 2-D {mo}", docs_true, docs_pred, multioutput=mo))
    # Random data, unweighted and weighted.
    y = rng.normal(size=64)
    p = y + rng.normal(scale=0.5, size=64)
    w = rng.uniform(0, 3, size=64)
    cases.append(regression_case("random 1-D", y, p))
    cases.append(regression_case("random 1-D weighted", y, p, sample_weight=w))
    # Zero weights on some rows, integer weights elsewhere.
    wi = rng.integers(0, 4, size=64).astype(np.float64)
    cases.append(regression_case("random 1-D integer weights with zeros", y, p, sample_weight=wi))
    y2 = rng.normal(size=(40, 3)) * [1, 10, 0.1]
    p2 = y2 + rng.normal(scale=0.3, size=(40, 3))
    w2 = rng.uniform(0.5, 2, size=40)
    for mo in ["raw_values", "uniform_average", "variance_weighted", [0.2, 0.3, 0.5]]:
        cases.append(regression_case(f"random 2-D {mo}", y2, p2, multioutput=mo))
        cases.append(regression_case(f"random 2-D weighted {mo}", y2, p2, sample_weight=w2, multioutput=mo))
    # A large offset: power sums would cancel catastrophically here.
    yo = 1e6 + rng.normal(size=50)
    po = yo + rng.normal(scale=0.1, size=50)
    cases.append(regression_case("large offset", yo, po))
    # Constant targets: force_finite decides between 1 / 0 and NaN / -inf.
    for ff in [True, False]:
        cases.append(regression_case(f"constant perfect forceFinite={ff}", [-2, -2, -2], [-2, -2, -2], force_finite=ff))
        cases.append(regression_case(f"constant imperfect forceFinite={ff}", [-2, -2, -2], [-2, -2, -1], force_finite=ff))
        cases.append(regression_case(
            f"one constant output forceFinite={ff}",
            [[1, 5], [2, 5], [3, 5]], [[1.5, 5], [2, 5], [2, 6]],
            multioutput="raw_values", force_finite=ff))
    cases.append(regression_case("all outputs constant variance_weighted", [[1, 5], [1, 5]], [[1, 5], [2, 5]],
                                 multioutput="variance_weighted"))
    # R² is NaN for a single sample.
    cases.append(regression_case("single sample", [1.5], [2.0]))
    return cases


# --- classification from labels -------------------------------------------------------------

AVERAGES = ["binary", "micro", "macro", "weighted", None]


def set_wise(y_true, y_pred, average, zero_division, labels, pos_label, sample_weight):
    kw = dict(average=average, zero_division=zero_division, sample_weight=sample_weight, pos_label=pos_label)
    if labels is not None:
        kw["labels"] = labels
    opts = {"average": "none" if average is None else average, "zeroDivision": zero_division, "posLabel": pos_label}
    if labels is not None:
        opts["labels"] = labels
    try:
        out = {
            "precision": skm.precision_score(y_true, y_pred, **kw),
            "recall": skm.recall_score(y_true, y_pred, **kw),
            "f1Score": skm.f1_score(y_true, y_pred, **kw),
            "fbeta05": skm.fbeta_score(y_true, y_pred, beta=0.5, **kw),
            "fbeta2": skm.fbeta_score(y_true, y_pred, beta=2, **kw),
        }
    except ValueError as e:
        # Our error classes: a wrong `average` for the data is a ConfigError; a bad posLabel a ValueError.
        kind = "ConfigError" if "average=" in str(e) else "ValueError"
        out = {"error": kind, "message": str(e)}
    return {"options": opts, **out}


def label_case(name, y_true, y_pred, sample_weight=None, labels=None, pos_label=1, y_score=None, threshold=None):
    y_true = np.asarray(y_true)
    y_pred = np.asarray(y_pred)
    results = []
    for average in AVERAGES:
        for zd in [0, 1]:
            results.append(set_wise(y_true, y_pred, average, zd, labels, pos_label, sample_weight))
    cm = {}
    for normalize in [None, "true", "pred", "all"]:
        cm["none" if normalize is None else normalize] = skm.confusion_matrix(
            y_true, y_pred, labels=labels, sample_weight=sample_weight, normalize=normalize)
    case = {
        "name": name,
        "yTrue": y_true,
        "yPred": y_pred,
        "accuracy": skm.accuracy_score(y_true, y_pred, sample_weight=sample_weight),
        "accuracyCount": skm.accuracy_score(y_true, y_pred, sample_weight=sample_weight, normalize=False),
        "confusionMatrix": cm,
        "results": results,
    }
    if labels is not None:
        case["labels"] = labels
    if sample_weight is not None:
        case["sampleWeight"] = sample_weight
    if y_score is not None:
        # The same predictions as scores: argmax of [n, C] rows, or 1-D probabilities > threshold.
        case["yScore"] = y_score
        if threshold is not None:
            case["threshold"] = threshold
    return case


def label_cases():
    cases = []
    n = 60
    yt = rng.integers(0, 2, size=n)
    yp = np.where(rng.uniform(size=n) < 0.75, yt, 1 - yt)
    cases.append(label_case("binary", yt, yp))
    cases.append(label_case("binary posLabel 0", yt, yp, pos_label=0))
    cases.append(label_case("binary weighted", yt, yp, sample_weight=rng.uniform(0, 2, size=n)))
    cases.append(label_case("binary labels -1 and 1", 2 * yt - 1, 2 * yp - 1))
    cases.append(label_case("binary labels -1 and 1, posLabel -1", 2 * yt - 1, 2 * yp - 1, pos_label=-1))
    cases.append(label_case("binary labels 2 and 3 (posLabel 1 absent)", yt + 2, yp + 2))
    # 1-D probabilities with ties at the threshold: label 1 iff p > 0.5.
    prob = np.clip(np.where(yp == 1, 0.5 + rng.uniform(0.01, 0.5, size=n), rng.uniform(0, 0.5, size=n)), 0, 1)
    prob[:5] = 0.5
    yp_thr = (prob > 0.5).astype(int)
    cases.append(label_case("binary from probabilities", yt, yp_thr, y_score=prob))
    cases.append(label_case("binary from probabilities, threshold 0.3", yt, (prob > 0.3).astype(int), y_score=prob, threshold=0.3))
    # Multiclass with a class (3) that is never predicted.
    m = 80
    mt = rng.integers(0, 4, size=m)
    mp = np.where(rng.uniform(size=m) < 0.6, mt, rng.integers(0, 3, size=m))
    mp[mp == 3] = 2
    cases.append(label_case("multiclass, class 3 never predicted", mt, mp))
    cases.append(label_case("multiclass weighted", mt, mp, sample_weight=rng.uniform(0, 2, size=m)))
    cases.append(label_case("multiclass labels subset", mt, mp, labels=[2, 0]))
    cases.append(label_case("multiclass labels with an absent one", mt, mp, labels=[0, 1, 2, 3, 9]))
    # [n, C] scores whose argmax is the prediction, with exact ties (argmax takes the first).
    scores = rng.uniform(size=(m, 4))
    scores[:6] = 0.25
    sp = scores.argmax(axis=1)
    cases.append(label_case("multiclass from [n, C] scores with ties", mt, sp, y_score=scores))
    # Labels that are not small non-negative integers.
    big = np.array([-3, 10, 7000, 20])
    cases.append(label_case("multiclass large and negative labels", big[mt], big[mp]))
    # A single class in yTrue.
    cases.append(label_case("single class in yTrue", np.full(20, 2), rng.integers(1, 3, size=20)))
    cases.append(label_case("single class everywhere", np.zeros(10, dtype=int), np.zeros(10, dtype=int)))
    cases.append(label_case("all wrong", [0, 0, 1, 1], [1, 1, 0, 0]))
    return cases


# --- ranking: ROC AUC and average precision ---------------------------------------------------

def ranking_case(name, y_true, y_score, sample_weight=None, labels=None, pos_label=1):
    y_true = np.asarray(y_true)
    y_score = np.asarray(y_score, dtype=np.float64)
    results = []

    def record(metric, options, fn):
        try:
            results.append({"metric": metric, "options": options, "expected": fn()})
        except ValueError as e:
            results.append({"metric": metric, "options": options, "error": "ValueError", "message": str(e)})

    if y_score.ndim == 1:
        record("rocAuc", {}, lambda: skm.roc_auc_score(y_true, y_score, sample_weight=sample_weight))
        record("averagePrecision", {"posLabel": pos_label},
               lambda: skm.average_precision_score(y_true, y_score, sample_weight=sample_weight, pos_label=pos_label))
    else:
        for average in ["macro", "weighted", "micro", None]:
            opts = {"multiClass": "ovr", "average": "none" if average is None else average}
            if labels is not None:
                opts["labels"] = labels
            record("rocAuc", opts, lambda: skm.roc_auc_score(
                y_true, y_score, multi_class="ovr", average=average, labels=labels, sample_weight=sample_weight))
            # scikit-learn 1.3+ binarizes multiclass targets; 1.2 gives the same on the indicator matrix.
            classes = np.unique(y_true)
            indicator = (y_true[:, None] == classes[None, :]).astype(int)
            record("averagePrecision", {"average": "none" if average is None else average},
                   lambda: skm.average_precision_score(indicator, y_score, average=average, sample_weight=sample_weight))
        if sample_weight is None:
            for average in ["macro", "weighted"]:
                opts = {"multiClass": "ovo", "average": average}
                if labels is not None:
                    opts["labels"] = labels
                record("rocAuc", opts, lambda: skm.roc_auc_score(
                    y_true, y_score, multi_class="ovo", average=average, labels=labels))
    case = {"name": name, "yTrue": y_true, "yScore": y_score, "results": results}
    if sample_weight is not None:
        case["sampleWeight"] = sample_weight
    return case


def ranking_cases():
    cases = []
    n = 50
    yt = rng.integers(0, 2, size=n)
    # Scores on a coarse grid so that many are tied.
    score = np.round(np.clip(0.3 * yt + rng.uniform(0, 0.7, size=n), 0, 1), 1)
    w = rng.uniform(0, 2, size=n)
    w[:4] = 0
    cases.append(ranking_case("binary with ties", yt, score))
    cases.append(ranking_case("binary weighted, some weights 0", yt, score, sample_weight=w))
    cases.append(ranking_case("binary labels -1 and 1", 2 * yt - 1, score))
    cases.append(ranking_case("binary labels 2 and 5, posLabel 5", np.where(yt == 1, 5, 2), score, pos_label=5))
    cases.append(ranking_case("binary perfect", [0, 0, 1, 1], [0.1, 0.2, 0.8, 0.9]))
    cases.append(ranking_case("binary all tied", [0, 1, 0, 1], [0.5, 0.5, 0.5, 0.5]))
    cases.append(ranking_case("single class in yTrue", [1, 1, 1], [0.2, 0.5, 0.9]))
    m = 60
    mt = rng.integers(0, 4, size=m)
    mt[:4] = [0, 1, 2, 3]
    logits = rng.normal(size=(m, 4)) + 1.5 * np.eye(4)[mt]
    probs = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    probs[:6] = 0.25  # ties
    cases.append(ranking_case("multiclass probabilities", mt, probs))
    cases.append(ranking_case("multiclass weighted", mt, probs, sample_weight=rng.uniform(0.1, 2, size=m)))
    big = np.array([10, 20, 30, 40])
    cases.append(ranking_case("multiclass labels 10…40 with labels", big[mt], probs, labels=[10, 20, 30, 40]))
    return cases


# --- probabilities: log loss and top-k accuracy; the classification report -----------------------

def probability_cases():
    cases = []

    def case(name, y_true, y_prob, sample_weight=None, labels=None, ks=(1, 2, 3)):
        y_true = np.asarray(y_true)
        y_prob = np.asarray(y_prob, dtype=np.float64)
        out = {"name": name, "yTrue": y_true, "yProb": y_prob, "logLoss": {}, "topK": {}}
        if sample_weight is not None:
            out["sampleWeight"] = sample_weight
        if labels is not None:
            out["labels"] = labels
        for normalize in [True, False]:
            key = "mean" if normalize else "sum"
            try:
                out["logLoss"][key] = skm.log_loss(y_true, y_prob, normalize=normalize, sample_weight=sample_weight, labels=labels)
            except ValueError as e:
                out["logLoss"][key] = {"error": str(e)}
            for k in ks:
                try:
                    out["topK"][f"{key}{k}"] = skm.top_k_accuracy_score(
                        y_true, y_prob, k=k, normalize=normalize, sample_weight=sample_weight,
                        labels=None if labels is None else sorted(labels))
                except ValueError as e:
                    out["topK"][f"{key}{k}"] = {"error": str(e)}
        cases.append(out)

    m = 50
    mt = rng.integers(0, 4, size=m)
    mt[:4] = [0, 1, 2, 3]
    logits = rng.normal(size=(m, 4)) + np.eye(4)[mt]
    probs = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    probs[:5] = 0.25  # ties: top-k takes the higher column first
    probs[5] = [0.4, 0.4, 0.1, 0.1]
    case("multiclass", mt, probs)
    case("multiclass weighted", mt, probs, sample_weight=rng.uniform(0, 2, size=m))
    case("multiclass labels 5…8", mt + 5, probs)
    # Rows that do not sum to one are renormalized; zeros are clipped to eps.
    raw = probs * rng.uniform(0.5, 2, size=(m, 1))
    raw[6] = [1.0, 0, 0, 0]
    case("unnormalized rows with zeros", mt, raw, ks=(1,))
    # Some classes absent from yTrue: labels names the columns.
    case("absent classes with labels", np.where(mt == 3, 0, mt), probs, labels=[0, 1, 2, 3])
    case("absent classes without labels", np.where(mt == 3, 0, mt), probs, ks=(1,))
    b = 40
    bt = rng.integers(0, 2, size=b)
    bp = np.clip(0.3 * bt + rng.uniform(0, 0.7, size=b), 0, 1)
    case("binary 1-D probabilities", bt, bp, ks=(1, 2))
    case("binary 1-D scores outside [0, 1]", bt, 4 * bp - 2, ks=(1,))
    case("binary labels -1 and 1", 2 * bt - 1, bp, ks=(1,))
    return cases


def report_cases():
    cases = []
    m = 60
    mt = rng.integers(0, 4, size=m)
    mp = np.where(rng.uniform(size=m) < 0.6, mt, rng.integers(0, 3, size=m))
    w = rng.uniform(0, 2, size=m)

    def case(name, y_true, y_pred, **kw):
        report = skm.classification_report(y_true, y_pred, output_dict=True, **kw)
        text = {str(d): skm.classification_report(y_true, y_pred, digits=d, **kw) for d in (2, 4)}
        opts = {}
        if "labels" in kw:
            opts["labels"] = kw["labels"]
        if "target_names" in kw:
            opts["targetNames"] = kw["target_names"]
        if "zero_division" in kw:
            opts["zeroDivision"] = kw["zero_division"]
        out = {"name": name, "yTrue": y_true, "yPred": y_pred, "options": opts, "report": report, "text": text}
        if "sample_weight" in kw:
            out["sampleWeight"] = kw["sample_weight"]
        cases.append(out)

    case("multiclass", mt, mp)
    case("multiclass, zeroDivision 1", mt, mp, zero_division=1)
    case("labels subset (micro avg row)", mt, mp, labels=[1, 3])
    case("target names", mt, mp, target_names=["cat", "dog", "bird", "a long class name"])
    case("binary", (mt > 1).astype(int), (mp > 1).astype(int))
    # Weighted supports print as floats in scikit-learn's text: only the dict is compared.
    case("weighted", mt, mp, sample_weight=w)
    # precision 1/8 = 0.125 is an exact tie at 2 digits: Python rounds it to even, 0.12.
    case("exact rounding tie", [0] * 8 + [1] * 8, [0] * 8 + [0] * 7 + [1])
    return cases


# --- text: NLTK's corpus_bleu (sacreBLEU and rouge-score are not packaged here) -----------------

def bleu_cases():
    from nltk.translate.bleu_score import SmoothingFunction, corpus_bleu

    words = "the a cat dog sat on mat and ran fast slow big small red".split()
    smooth = SmoothingFunction()
    methods = {"none": smooth.method0, "floor": smooth.method1, "exp": smooth.method3}

    def sentence(lo, hi):
        return [str(w) for w in rng.choice(words, size=int(rng.integers(lo, hi)))]

    def perturb(tokens):
        out = list(tokens)
        for _ in range(int(rng.integers(0, 4))):
            out[int(rng.integers(0, len(out)))] = str(rng.choice(words))
        if rng.uniform() < 0.3:
            # NLTK floors each sentence's n-gram count at 1 (max(1, …)) where sacreBLEU adds the
            # true 0, so the two agree only for hypotheses of at least 4 tokens: keep them so.
            out = out[: max(4, len(out) - int(rng.integers(1, 3)))]
        return out

    cases = []
    for name, n, refs_per, lo, hi in [
        ("one reference, long sentences", 12, 1, 8, 20),
        ("three references", 10, 3, 6, 15),
        ("short sentences", 6, 2, 4, 6),
        ("reversed words (smoothing decides)", 5, 1, 5, 9),
    ]:
        refs = [[sentence(lo, hi) for _ in range(refs_per)] for _ in range(n)]
        if name.startswith("reversed"):
            # Reversed sentences keep unigrams but (almost) no longer n-grams: smoothing matters.
            hyps = [list(reversed(r[0])) for r in refs]
        else:
            hyps = [perturb(r[0]) for r in refs]
        expected = {}
        for key, fn in methods.items():
            expected[key] = 100 * corpus_bleu(refs, hyps, smoothing_function=fn)
        cases.append({
            "name": name,
            "references": [[" ".join(r) for r in rs] for rs in refs],
            "hypotheses": [" ".join(h) for h in hyps],
            "expected": expected,
        })
    return cases


# --- perplexity: PyTorch's cross-entropy -----------------------------------------------------------

def perplexity_cases():
    import torch
    import torch.nn.functional as F

    cases = []

    def case(name, logits, target, ignore_index=None):
        lt = torch.tensor(logits, dtype=torch.float64)
        tt = torch.tensor(target, dtype=torch.long)
        flat_logits = lt.reshape(-1, lt.shape[-1])
        flat_target = tt.reshape(-1)
        ii = -100 if ignore_index is None else ignore_index
        ce = F.cross_entropy(flat_logits, flat_target, ignore_index=ii)
        probs = torch.softmax(lt, dim=-1)
        nll = F.nll_loss(torch.log(probs).reshape(-1, lt.shape[-1]), flat_target, ignore_index=ii)
        out = {"name": name, "logits": logits, "probs": probs.numpy(), "target": target,
               "fromLogits": float(torch.exp(ce)), "fromProbs": float(torch.exp(nll))}
        if ignore_index is not None:
            out["ignoreIndex"] = ignore_index
        cases.append(out)

    logits = rng.normal(scale=2, size=(3, 5, 7))
    target = rng.integers(0, 7, size=(3, 5))
    case("[batch, time, vocab]", logits, target)
    padded = target.copy()
    padded[0, 3:] = -100
    padded[2, 4] = -100
    case("padding ignored", logits, padded, ignore_index=-100)
    case("[n, vocab]", rng.normal(size=(6, 4)) * 5, rng.integers(0, 4, size=6))
    return cases


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    write("regression.json", regression_cases())
    write("labels.json", label_cases())
    write("ranking.json", ranking_cases())
    write("probabilities.json", probability_cases())
    write("report.json", report_cases())
    write("bleu-nltk.json", bleu_cases())
    write("perplexity.json", perplexity_cases())
