"""How often a CJK line break falls inside a dictionary word, true breaks against chance ones.

    python benchmarks/join_rates.py [--corpus ../shared/corpus/zh-news-2022-2024.jsonl] [--pairs 50000]

`lang.cjk.JOIN_RATES` holds what this prints. A true break is any place between two Han
characters in the corpus's paragraphs (a column may break a line anywhere); a chance one
pairs two Han characters drawn at random from the same text (the last of one line and the
first of an unrelated one). Each pair is put in the highest tier of `lang.words.PAIR_TIERS`
that a jieba dictionary word holding it reaches by its count, or in none; the share of true
and of chance pairs in each tier is what a join across a break tells (`cjk.join_evidence`).
Seeded, so it prints the same table every run. Skips cleanly without the corpus or jieba.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

import numpy as np

from broadsheet.lang import cjk
from broadsheet.lang.words import PAIR_CODE, PAIR_TIERS, cjk_pair_codes, pair_tiers

DEFAULT_CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "zh-news-2022-2024.jsonl"


def han_texts(corpus: Path) -> list[str]:
    texts = []
    with corpus.open(encoding="utf-8") as stream:
        for line in stream:
            texts += [block["text"] for block in json.loads(line)["body"] if block.get("type") == "p"]
    return texts


def tier_shares(pairs: list[str]) -> list[float]:
    """Share of the pairs in each tier, none first, then PAIR_TIERS in order."""
    codes = np.array([ord(a) * PAIR_CODE + ord(b) for a, b in pairs], dtype=np.int64)
    tiers = pair_tiers(codes)
    return [float(np.mean(tiers == tier)) for tier in range(-1, len(PAIR_TIERS))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--pairs", type=int, default=50000)
    options = parser.parse_args()
    if not options.corpus.is_file() or not len(cjk_pair_codes()):
        print(f"no corpus at {options.corpus} or no jieba dictionary: skipped")
        return 0
    rng = random.Random(0)
    true, chars = [], []
    for text in han_texts(options.corpus):
        true += [text[i : i + 2] for i in range(len(text) - 1) if cjk.is_han(text[i]) and cjk.is_han(text[i + 1])]
        chars += [char for char in text if cjk.is_han(char)]
    true = rng.sample(true, options.pairs)
    chance = [rng.choice(chars) + rng.choice(chars) for _ in range(options.pairs)]
    print("tier (dictionary count)   true    chance   ln(true/chance)")
    for name, a, b in zip(["none", *(f">= {t}" for t in PAIR_TIERS)], tier_shares(true), tier_shares(chance),
                          strict=True):
        print(f"{name:24s} {a:7.3f} {b:8.3f} {np.log(a / b):+9.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
