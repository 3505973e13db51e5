"""Reference for the sentiment part: bag-of-words logistic regression (scikit-learn) on the same
3000 UCI sentences, stratified 80/20 splits over five seeds (not Weft's exact split: its
permutation comes from @weft/core's Rng). Run with Debian's interpreter, which sees python3-sklearn:

    /usr/bin/python3 examples/transformer/scripts/sentiment_baseline.py
"""

import csv
import gzip
import pathlib
import statistics

from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split

DATA = pathlib.Path(__file__).resolve().parents[3] / "packages/datasets/data/sentiment.csv.gz"

with gzip.open(DATA, "rt", encoding="utf-8") as f:
    rows = list(csv.DictReader(f))
texts = [r["text"] for r in rows]
labels = [int(r["label"]) for r in rows]

for name, make in [
    ("counts, vocabulary 2000", lambda: CountVectorizer(max_features=2000)),
    ("tf-idf 1-2 grams", lambda: TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True)),
]:
    scores = []
    for seed in range(5):
        xtr, xte, ytr, yte = train_test_split(texts, labels, test_size=0.2, stratify=labels, random_state=seed)
        vec = make()
        clf = LogisticRegression(max_iter=2000).fit(vec.fit_transform(xtr), ytr)
        scores.append(clf.score(vec.transform(xte), yte))
    print(f"logistic regression, {name}: accuracy {statistics.mean(scores):.3f} ± {statistics.stdev(scores):.3f} over 5 splits")
