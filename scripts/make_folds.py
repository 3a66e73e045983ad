"""Fix the cross-validation folds once, by outlet, over every article chosen for annotation.

    python scripts/make_folds.py   # writes annotations/folds.json

Run before any model is scored on the new articles; never rerun to move an outlet after its
errors were seen (new outlets get a stable hash fold, see etl.goldsets.fold_of).
"""

import json
from collections import Counter

from etl.goldsets import FOLDS_FILE, assign_folds, load_gold_articles, outlet_of

counts = Counter(g.outlet for g in load_gold_articles(sets=("devset", "wildset")))
with (FOLDS_FILE.parent / "sample.jsonl").open(encoding="utf-8") as f:
    for line in f:
        d = json.loads(line)
        counts[outlet_of(d["source"], d["id"])] += 1
folds = assign_folds(counts)
FOLDS_FILE.write_text(json.dumps(dict(sorted(folds.items())), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
load = Counter()
for o, k in folds.items():
    load[k] += counts[o]
print(f"{len(folds)} outlets in {len(load)} folds; articles per fold: {dict(sorted(load.items()))}")
