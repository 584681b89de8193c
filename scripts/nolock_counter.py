#!/usr/bin/env python3
"""The seeds' counter with the lock taken out: does CPython lose updates, and why?

N threads each add 1 to one global M times with no lock (seed 004 example 5 warns that
"without a lock, the final value of counter may be incorrect"), R runs per cell, in two
variants and at two thread switch intervals (`sys.setswitchinterval`):

- `seeds`: the seeds' own loop body, `counter += 1`;
- `call`: `counter = counter + one()`, a function call between the read and the write.

Each variant's bytecode from its read of `counter` to its write (`dis`) is reported with
its totals. The interpreter is named (`sys.version`, implementation, whether the GIL is
enabled). Unless `--no-others`, a free-threaded CPython on the PATH (`python3.13t` or
later) runs the same cells; the summary ends with what it showed, or that none was found. The "summary" field is one or two
sentences computed from these
measurements only; "lines" sets them out as a table with the bytecode.

Usage: nolock_counter.py --threads 2 --ops 1000000 [--runs 3] [--tiny-interval 1e-6]
"""

import argparse
import dis
import json
import platform
import shutil
import subprocess
import sys
import threading
import time

counter = 0

# Free-threaded interpreters looked for on the PATH, newest first.
FREE_THREADED = [f"python3.{minor}t" for minor in range(16, 12, -1)]
OTHER_TIMEOUT_S = 150


def one():
    return 1


def add_seeds(increments):
    global counter
    for _ in range(increments):
        counter += 1


def add_call(increments):
    global counter
    for _ in range(increments):
        counter = counter + one()


VARIANTS = [
    ("seeds", "counter += 1", add_seeds),
    ("call", "counter = counter + one()", add_call),
]


def read_to_write(function):
    """The instructions from the loop's read of `counter` to its write, as `dis` gives them."""
    shown, inside = [], False
    for ins in dis.get_instructions(function):
        if ins.opname in ("LOAD_GLOBAL", "LOAD_NAME") and ins.argval == "counter":
            inside = True
        if inside:
            shown.append(ins.opname if ins.argrepr == "" else f"{ins.opname} {ins.argrepr}")
        if inside and ins.opname in ("STORE_GLOBAL", "STORE_NAME") and ins.argval == "counter":
            break
    return shown


def one_run(function, threads, increments):
    global counter
    counter = 0
    workers = [threading.Thread(target=function, args=(increments,)) for _ in range(threads)]
    began = time.perf_counter()
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return counter, time.perf_counter() - began


def gil_enabled():
    """True/False where the interpreter says (3.13+), else True for CPython before 3.13."""
    probe = getattr(sys, "_is_gil_enabled", None)
    if probe is not None:
        return bool(probe())
    return True if platform.python_implementation() == "CPython" else None


def interpreter():
    return {
        "executable": sys.executable,
        "version": sys.version.split()[0],
        "sys_version": sys.version,
        "implementation": platform.python_implementation(),
        "gil_enabled": gil_enabled(),
    }


def measure(args):
    default = sys.getswitchinterval()
    expected = args.threads * args.ops
    cells = []
    try:
        for name, code, function in VARIANTS:
            for label, interval in (("default", default), ("tiny", args.tiny_interval)):
                sys.setswitchinterval(interval)
                runs = [one_run(function, args.threads, args.ops) for _ in range(args.runs)]
                totals = [total for total, _ in runs]
                seconds = [took for _, took in runs]
                cells.append({
                    "variant": name,
                    "code": code,
                    "interval": label,
                    "switch_interval_s": sys.getswitchinterval(),
                    "totals": totals,
                    "lost": [expected - total for total in totals],
                    "seconds": seconds,
                    # The most times the interval elapsed in the shortest run: an upper
                    # bound on the switch requests, not a count of switches.
                    "intervals_in_shortest_run": int(min(seconds) / sys.getswitchinterval()),
                })
    finally:
        sys.setswitchinterval(default)
    return {
        **interpreter(),
        "threads": args.threads,
        "increments_per_thread": args.ops,
        "runs_per_cell": args.runs,
        "expected": expected,
        "default_switch_interval_s": default,
        "bytecode": {name: read_to_write(function) for name, _, function in VARIANTS},
        "cells": cells,
    }


def others(args):
    """Run the same cells in the first free-threaded CPython on the PATH, if any."""
    for name in FREE_THREADED:
        path = shutil.which(name)
        if path is None:
            continue
        command = [path, __file__, "--threads", str(args.threads), "--ops", str(args.ops),
                   "--runs", str(args.runs), "--tiny-interval", str(args.tiny_interval),
                   "--no-others"]
        try:
            done = subprocess.run(command, capture_output=True, text=True,
                                  timeout=OTHER_TIMEOUT_S, check=False)
        except (OSError, subprocess.TimeoutExpired) as e:
            return {"interpreter": name, "status": "failed", "reason": str(e)}
        if done.returncode != 0:
            last = (done.stderr.strip().splitlines() or [""])[-1]
            return {"interpreter": name, "status": "failed",
                    "reason": f"exit {done.returncode}: {last}"}
        try:
            return {"interpreter": name, "status": "ran", "result": json.loads(done.stdout)}
        except json.JSONDecodeError as e:
            return {"interpreter": name, "status": "failed", "reason": f"unreadable output: {e}"}
    return {"interpreter": None, "status": "not-run",
            "reason": f"no {FREE_THREADED[-1]} or later on the PATH"}


def interval_words(seconds):
    return f"{seconds * 1e3:g} ms" if seconds >= 1e-3 else f"{seconds * 1e6:g} us"


def name_of(result):
    gil = {True: "GIL enabled", False: "GIL disabled", None: "GIL state unknown"}
    return (f"{result['implementation']} {result['version']} "
            f"({gil[result['gil_enabled']]})")


def losses(cell):
    return " / ".join(f"{n:,}" for n in cell["lost"])


def summary(result):
    """What the cells showed, in words computed from them."""
    cells = {(c["variant"], c["interval"]): c for c in result["cells"]}
    lost_in = {v: any(n for i in ("default", "tiny") for n in cells[(v, i)]["lost"])
               for v, _, _ in VARIANTS}
    parts = []
    for variant, code, _ in VARIANTS:
        default, tiny = cells[(variant, "default")], cells[(variant, "tiny")]
        parts.append(f"`{code}` lost {losses(default)} at "
                     f"{interval_words(default['switch_interval_s'])} and {losses(tiny)} at "
                     f"{interval_words(tiny['switch_interval_s'])}")
    threads = f"{result['threads']} thread{'s' if result['threads'] != 1 else ''}"
    head = (f"{name_of(result)}, {threads} x "
            f"{result['increments_per_thread']:,} increments without a lock, "
            f"{result['runs_per_cell']} run(s) each: " + "; ".join(parts) + ".")
    if result["threads"] == 1:
        return f"{head} One thread has no other to race with: no run can lose an update."
    tiny = cells[("seeds", "tiny")]
    call_lost_at = [interval_words(cells[("call", i)]["switch_interval_s"])
                    for i in ("default", "tiny") if any(cells[("call", i)]["lost"])]
    if not lost_in["seeds"] and lost_in["call"] and result["gil_enabled"] is not False:
        at = " and ".join(call_lost_at)
        return (f"{head} At {interval_words(tiny['switch_interval_s'])} the GIL could be asked "
                f"to change hands about {tiny['intervals_in_shortest_run']:,} times a run and "
                f"the seeds' loop still lost nothing, while the variant with a call between its "
                f"read and its write lost updates at {at}: how often a switch may come does not "
                f"decide it, what runs between the read and the write does. The seeds' warning "
                f"holds for Python; their own loop does not show it on this interpreter.")
    if lost_in["seeds"]:
        return f"{head} The seeds' own loop lost updates here: their warning shows as written."
    if not lost_in["call"]:
        return f"{head} No variant lost an update in these runs: they do not show the race."
    return head


def lines(result):
    """The cells as a small table and the bytecode."""
    out = [f"interpreter: {result['implementation']} {result['sys_version']} "
           f"({name_of(result).split('(')[-1]}",
           f"{'loop body':<27} {'switch':>7}  {'lost updates, each run':<30} seconds"]
    for cell in result["cells"]:
        secs = f"{min(cell['seconds']):.2f}-{max(cell['seconds']):.2f}"
        out.append(f"{cell['code']:<27} {interval_words(cell['switch_interval_s']):>7}  "
                   f"{losses(cell):<30} {secs}")
    out.append("bytecode from the read of `counter` to its write (dis):")
    for variant, code, _ in VARIANTS:
        out.append(f"  {code + ':':<28} {', '.join(result['bytecode'][variant])}")
    return out


def other_lines(other):
    if other["status"] == "ran":
        return [f"{other['interpreter']} (free-threaded build looked for): "
                f"{other['result']['summary']}"]
    return [f"free-threaded CPython: {other['status'].replace('-', ' ')}: {other['reason']}"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, required=True)
    parser.add_argument("--ops", type=int, required=True, help="increments per thread")
    parser.add_argument("--runs", type=int, default=3, help="runs per variant and interval")
    parser.add_argument("--tiny-interval", type=float, default=1e-6,
                        help="the small switch interval, in seconds")
    parser.add_argument("--no-others", action="store_true",
                        help="do not look for a free-threaded CPython to run as well")
    args = parser.parse_args()
    if min(args.threads, args.ops, args.runs) < 1:
        parser.error("--threads, --ops and --runs must be at least 1")
    if not 0 < args.tiny_interval < 1:
        parser.error("--tiny-interval must be between 0 and 1 second")
    result = measure(args)
    result["summary"] = summary(result)
    result["lines"] = lines(result)
    if not args.no_others:
        other = others(args)
        result["free_threaded"] = other
        result["summary"] += " " + " ".join(other_lines(other))
    print(json.dumps(result))


if __name__ == "__main__":
    main()
