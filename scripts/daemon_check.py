#!/usr/bin/env python3
"""Show what Python does with threads main never joins: it waits for non-daemon ones.

Runs one small child program twice, in a fresh interpreter each time: five threads, each
sleeps `--delay` seconds and then prints its doubled number (seed 000's doubler), and the
main thread ends without joining them. Once with ordinary (non-daemon) threads: the
interpreter waits for them at exit, so every result is printed. Once with daemon threads:
the interpreter does not wait, so the threads are cut off and their results never appear,
the same as Rust's spawned threads when main returns.

Prints one JSON object: for each kind, the results the child printed, how many were
expected, and whether the child's main reached its last line first.
Usage: daemon_check.py [--threads 5] [--delay 0.2]
"""

import argparse
import json
import subprocess
import sys

CHILD = r"""
import os, sys, threading, time
threads, delay, daemon = int(sys.argv[1]), float(sys.argv[2]), sys.argv[3] == "daemon"

def doubler(number):
    time.sleep(delay)
    # One write call per line, so concurrent lines cannot merge.
    os.write(1, f"result {number * 2}\n".encode())

for i in range(threads):
    threading.Thread(target=doubler, args=(i,), daemon=daemon).start()
os.write(1, b"main done\n")
"""


def run_child(threads, delay, kind):
    """Run the child with threads of one kind; return what it printed."""
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(threads), str(delay), kind],
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    )
    lines = done.stdout.splitlines()
    results = sorted(int(line.split()[1]) for line in lines if line.startswith("result "))
    return {
        "expected": threads,
        "results": results,
        "main_done_first": bool(lines) and lines[0] == "main done",
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=5)
    parser.add_argument("--delay", type=float, default=0.2)
    args = parser.parse_args()
    report = {
        "python": sys.version.split()[0],
        "non_daemon": run_child(args.threads, args.delay, "non-daemon"),
        "daemon": run_child(args.threads, args.delay, "daemon"),
    }
    print(json.dumps(report))


if __name__ == "__main__":
    main()
