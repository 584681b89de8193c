#!/usr/bin/env python3
"""The seeds' lock counter, rewritten for measurement: N threads each add 1 to a shared
total M times, every increment under one threading.Lock (seed 001: 10 x 100,000;
seed 004 example 5: 2 x 1,000,000). Prints one JSON object with the time per increment,
so threadlab can set the Rust strategies beside it.

Usage: seed_counter.py [--repeat K]
"""
import argparse
import json
import platform
import sys
import threading
import time

PRESETS = [("seed-001", 10, 100_000), ("seed-004", 2, 1_000_000)]


def locked_count(threads: int, increments: int) -> tuple[int, float]:
    total = 0
    lock = threading.Lock()

    def add_many() -> None:
        nonlocal total
        for _ in range(increments):
            with lock:
                total += 1

    workers = [threading.Thread(target=add_many) for _ in range(threads)]
    started = time.perf_counter()
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return total, time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs per preset; the fastest is kept")
    args = parser.parse_args()
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    results = []
    for name, threads, increments in PRESETS:
        runs = [locked_count(threads, increments) for _ in range(args.repeat)]
        total, seconds = min(runs, key=lambda run: run[1])
        expected = threads * increments
        results.append({
            "preset": name,
            "threads": threads,
            "increments_per_thread": increments,
            "total": total,
            "invariant_holds": total == expected,
            "seconds": seconds,
            "ns_per_increment": seconds * 1e9 / expected,
            "runs": args.repeat,
        })
    print(json.dumps({
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "results": results,
    }, indent=2))
    return 0 if all(r["invariant_holds"] for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
