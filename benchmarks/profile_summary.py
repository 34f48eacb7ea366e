"""Summarise py-spy raw (collapsed) stacks: where the app's CPU goes.

    python -m benchmarks.profile_summary FILE [FILE…] [--top 25] [--match treinico]

Prints, for each function, the share of samples in which it is on the stack (inclusive) and
at the top of it (self), and the same grouped by package (reflex, sqlalchemy, treinico, …).
"""

from __future__ import annotations

import argparse
import re
from collections import Counter
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args()
    inclusive: Counter[str] = Counter()
    own: Counter[str] = Counter()
    packages: Counter[str] = Counter()
    total = 0
    for path in args.files:
        for line in path.read_text().splitlines():
            stack, _, count = line.rpartition(" ")
            if not count.isdigit():
                continue
            n = int(count)
            frames = stack.split(";")
            total += n
            for frame in set(frames):
                inclusive[frame] += n
            own[frames[-1]] += n
            found = re.search(r"\((?:.*site-packages/)?([a-z_]+)", frames[-1])
            packages[found.group(1) if found else "?"] += n
    print(f"{total} samples")
    print("\nby package (self time):")
    for name, n in packages.most_common(12):
        print(f"  {100 * n / total:5.1f}%  {name}")
    print("\nfunctions on the stack (inclusive):")
    for name, n in inclusive.most_common(args.top):
        print(f"  {100 * n / total:5.1f}%  {name[:150]}")
    print("\nfunctions at the top of the stack (self):")
    for name, n in own.most_common(args.top):
        print(f"  {100 * n / total:5.1f}%  {name[:150]}")


if __name__ == "__main__":
    main()
