#!/usr/bin/env python3
"""Re-enact one program of the seed tutorials and report what it showed, as one JSON object.

`threadlab seeds` runs this once per row: `seeds.py EXAMPLE [--time-scale S]`, where
EXAMPLE is a row id such as `001-5` (seed 001, fifth code example) or `003-timer` (a
program seed 003 describes in prose). Every sleep of the seed is multiplied by S (1.0 is
the seed's own seconds). The programs are written here from what the seeds describe, not
copied; each records what a reader of the seed would see (lines, their order, counts,
times) instead of only printing it, so that the Rust side can be compared key by key.

The object always has: `example`, `python` (the interpreter's version), `holds` (whether
the behaviour the seed describes was seen), `observed` (that behaviour in words and
numbers) and `elapsed_s` (the program's own timed region, interpreter start-up excluded).
Other keys carry the same names as the Rust outcome they are compared with (`total`,
`max_inside`, `order`, ...). Where a seed's own words are wrong or dated, `corrections`
maps a name to what this run measured about it (e.g. `pauses`: a thread that never asks
for the lock goes on while another holds it). `--child NAME` is internal: a program whose main thread must
end without a join runs in a child interpreter, so that what happens at exit is observed.
"""
import argparse
import atexit
import contextlib
import io
import json
import platform
import random
import subprocess
import sys
import threading
import time
import warnings
from concurrent.futures import ThreadPoolExecutor

EXAMPLES = {}


def example(name):
    """Register the function that re-enacts row `name`."""

    def register(function):
        EXAMPLES[name] = function
        return function

    return register


def captured_lines(program):
    """Run `program()` with print() going to a buffer; return its whole lines in order."""
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        program()
    return buffer.getvalue().splitlines()


def run_child(name, scale):
    """Run `--child name` in a fresh interpreter; return (its stdout lines, wall seconds)."""
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, __file__, "--child", name, "--time-scale", str(scale)],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return done.stdout.splitlines(), time.perf_counter() - started


def doubled_tally(values, n):
    """How the results compare with 2*i for i in range(n), each expected once."""
    wanted = [2 * i for i in range(n)]
    return {
        "seen": sum(1 for w in wanted if values.count(w) == 1),
        "missing": sum(1 for w in wanted if w not in values),
        "duplicates": sum(1 for w in wanted if values.count(w) > 1),
        "wrong": sum(1 for v in values if v not in wanted),
    }


def exit_record(lines):
    """The child's last line, written at exit after its threads finished: a JSON object."""
    found = [line[len("at-exit ") :] for line in lines if line.startswith("at-exit ")]
    return json.loads(found[-1]) if found else {}


# ---- children: programs whose main thread returns without joining --------------------


RESULTS = []


def child_without_join(start_threads):
    """Start the threads, then let the main thread return. At exit (CPython runs atexit
    after it has waited for the non-daemon threads) print the time and what they computed."""
    started = time.perf_counter()

    def at_exit():
        record = {"elapsed_s": time.perf_counter() - started, "results": RESULTS}
        print("\nat-exit " + json.dumps(record), flush=True)

    atexit.register(at_exit)
    start_threads()


def child_doubler_function(scale):
    def doubler(number):
        RESULTS.append(number * 2)
        print(threading.current_thread().name)
        print(number * 2)

    def start():
        for i in range(5):
            threading.Thread(target=doubler, args=(i,)).start()

    child_without_join(start)


def child_doubler_class(scale):
    class Doubler(threading.Thread):
        def __init__(self, number):
            super().__init__()
            self.number = number

        def run(self):
            RESULTS.append(self.number * 2)
            print(self.name)
            print(self.number * 2)

    child_without_join(lambda: [Doubler(i).start() for i in range(5)])


def child_counting_numbers(scale):
    def count():
        for i in range(5):
            time.sleep(1 * scale)
            print(f"Number: {i}", flush=True)

    def start():
        threading.Thread(target=count).start()
        print("Main thread is still running...", flush=True)

    child_without_join(start)


CHILDREN = {
    "000-1": child_doubler_function,
    "000-2": child_doubler_class,
    "004-1": child_counting_numbers,
}


# ---- measured corrections of the seeds' own words ------------------------------------


def deprecated_names():
    """What this interpreter says when seed 000's `currentThread().getName()` is called."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            threading.currentThread().getName()
        except AttributeError as e:
            return f"this interpreter no longer has them: {e}"
    said = [str(w.message) for w in caught if issubclass(w.category, DeprecationWarning)]
    if not said:
        return "this interpreter ran them without a DeprecationWarning"
    return "this interpreter warned: " + "; ".join(f"DeprecationWarning: {m}" for m in said)


def join_in_the_loop():
    """Seed 000's commented-out join, put back: how many of the five ran at once."""
    alive, guard = [], threading.Lock()

    def doubler(number):
        with guard:
            alive.append(threading.active_count() - 1)  # threads besides main
        return number * 2

    started = time.perf_counter()
    for i in range(5):
        thread = threading.Thread(target=doubler, args=(i,))
        thread.start()
        thread.join()
    took = time.perf_counter() - started
    return (f"with join() in the loop, at most {max(alive)} of the 5 threads was alive at "
            f"once ({took * 1e3:.1f} ms in all): main waited for each in turn and started the "
            f"next afterwards; nothing else froze")


def bystander_during_hold(hold_s=0.02):
    """While one thread holds a lock, does a thread that never asks for it go on?"""
    lock, held, done = threading.Lock(), threading.Event(), threading.Event()
    steps = {"during": 0}

    def holder():
        with lock:
            held.set()
            time.sleep(hold_s)
        done.set()

    def bystander():
        held.wait()
        while not done.is_set():
            steps["during"] += 1

    threads = [threading.Thread(target=bystander), threading.Thread(target=holder)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return (f"while one thread held the lock for {hold_s * 1e3:.0f} ms, a thread that never "
            f"asks for it ran {steps['during']:,} loop steps: only a thread acquiring the "
            f"same lock waits")


# ---- seed 000 -------------------------------------------------------------------------


def doubled_without_join(name, scale, how):
    lines, wall = run_child(name, scale)
    record = exit_record(lines)
    results = record.get("results", [])
    tally = doubled_tally(results, 5)
    printed = [l for l in lines if l and not l.startswith("at-exit")]
    names = {f"Thread-{i}" for i in range(1, 6)} | {f"Thread-{i} (doubler)" for i in range(1, 6)}
    whole = sum(1 for l in printed if l in names or l in {str(2 * i) for i in range(5)})
    torn = 10 - whole
    holds = tally["missing"] == 0 and tally["duplicates"] == 0 and tally["wrong"] == 0
    return {
        **tally,
        "torn_lines": torn,
        "holds": holds,
        "elapsed_s": record.get("elapsed_s"),
        "child_wall_s": wall,
        "printed": printed,
        "corrections": {"deprecated": deprecated_names(), "join": join_in_the_loop()},
        "observed": f"{how}, no join: all {tally['seen']} of 5 threads ran and printed "
        f"(results {sorted(results)}): the interpreter waited for its non-daemon threads "
        f"at exit; {torn} of 10 lines torn or glued (print writes the text and the newline "
        f"separately), e.g. {printed[:3]}",
    }


@example("000-1")
def doubler_function(scale):
    return doubled_without_join("000-1", scale, "doubler(i) as target with args")


@example("000-2")
def doubler_class(scale):
    return doubled_without_join("000-2", scale, "a Thread subclass with run()")


@example("000-3")
def lock_plus_five(scale):
    state = {"total": 0}
    lock = threading.Lock()

    def update_total(amount):
        with lock:
            state["total"] += amount
        print(state["total"])  # read and printed outside the lock, as the seed does

    def program():
        for w in workers:
            w.start()
        for w in workers:
            w.join()

    workers = [threading.Thread(target=update_total, args=(5,)) for _ in range(10)]
    started = time.perf_counter()
    lines = captured_lines(program)
    elapsed = time.perf_counter() - started
    totals = {str(5 * k) for k in range(1, 11)}
    printed = [int(line) for line in lines if line in totals]
    torn = [line for line in lines if line not in totals]
    out_of_order = sum(1 for a, b in zip(printed, printed[1:]) if b < a)
    repeats = len(printed) - len(set(printed))
    return {
        "total": state["total"],
        "expected": 50,
        "holds": state["total"] == 50,
        "elapsed_s": elapsed,
        "printed": lines,
        "whole_lines": len(printed),
        "torn_lines": len(torn),
        "out_of_order": out_of_order,
        "corrections": {"pauses": bystander_during_hold()},
        "observed": f"total {state['total']} of 10 x +5; the lines each thread printed "
        f"outside the lock: {lines} ({len(printed)} whole, {len(torn)} torn or glued "
        f"{torn}, {out_of_order} out of order, {repeats} repeated)",
    }


# ---- seed 001 -------------------------------------------------------------------------


@example("001-1")
def one_worker_joined(scale):
    events = []

    def worker(name):
        events.append(("start", time.perf_counter()))
        time.sleep(2 * scale)
        events.append(("finish", time.perf_counter()))

    started = time.perf_counter()
    thread = threading.Thread(target=worker, args=("A",))
    thread.start()
    thread.join()
    events.append(("main", time.perf_counter()))
    order = [e for e, _ in events]
    held = order == ["start", "finish", "main"]
    took = events[1][1] - events[0][1]
    return {
        "seen": 1 if held else 0,
        "missing": 0 if held else 1,
        "holds": held,
        "elapsed_s": time.perf_counter() - started,
        "observed": f"A starting, A finishing {took:.3f} s later (2 s x {scale}), "
        "then 'All threads complete': main went on only after join",
    }


@example("001-2")
def named_worker_class(scale):
    seen = {}

    class WorkerThread(threading.Thread):
        def __init__(self, name):
            super().__init__()
            self.name = name

        def run(self):
            seen["name"] = threading.current_thread().name
            time.sleep(2 * scale)

    started = time.perf_counter()
    thread = WorkerThread("Worker-1")
    thread.start()
    thread.join()
    right = seen.get("name") == "Worker-1"
    return {
        "seen": 1 if "name" in seen else 0,
        "misnamed": 0 if right else 1,
        "holds": right,
        "elapsed_s": time.perf_counter() - started,
        "observed": f"run() ran on the thread named {seen.get('name')!r}, joined after "
        f"2 s x {scale}",
    }


def locked_counter(threads, increments):
    state = {"total": 0}
    lock = threading.Lock()

    def increment():
        for _ in range(increments):
            with lock:
                state["total"] += 1

    workers = [threading.Thread(target=increment) for _ in range(threads)]
    started = time.perf_counter()
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    elapsed = time.perf_counter() - started
    expected = threads * increments
    return {
        "total": state["total"],
        "expected": expected,
        "holds": state["total"] == expected,
        "elapsed_s": elapsed,
        "observed": f"Counter: {state['total']:,} ({threads} threads x {increments:,} "
        f"under the lock), {elapsed / expected * 1e9:.0f} ns per increment",
    }


@example("001-3")
def counter_ten_threads(scale):
    return locked_counter(10, 100_000)


@example("001-4")
def event_after_pause(scale):
    event = threading.Event()
    times = {}

    def waiter():
        times["waiting"] = time.perf_counter()
        times["woke"] = time.perf_counter() if event.wait(timeout=60) else None

    def setter():
        time.sleep(2 * scale)
        times["set"] = time.perf_counter()
        event.set()

    started = time.perf_counter()
    threads = [threading.Thread(target=waiter), threading.Thread(target=setter)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    woke, was_set = times.get("woke"), times["set"]
    hung = 1 if woke is None else 0
    stale = 1 if woke is not None and woke < was_set else 0
    pause = was_set - started
    return {
        "hung": hung,
        "stale": stale,
        "holds": hung == 0 and stale == 0,
        "elapsed_s": time.perf_counter() - started,
        "observed": f"'Waiting for event', the setter paused {pause:.3f} s (2 s x {scale}), "
        f"'Setting event', 'Event received' {((woke or was_set) - was_set) * 1e6:.0f} us after set",
    }


def waves(times, gap):
    """Group start times into waves: a new wave starts more than `gap` after the last."""
    groups = []
    for t in sorted(times):
        if groups and t - groups[-1][-1] <= gap:
            groups[-1].append(t)
        else:
            groups.append([t])
    return [len(g) for g in groups]


@example("001-5")
def semaphore_of_three(scale):
    semaphore = threading.Semaphore(3)
    guard = threading.Lock()
    state = {"inside": 0, "max_inside": 0, "finished": 0}
    entered = []

    def worker(name):
        with semaphore:
            with guard:
                state["inside"] += 1
                state["max_inside"] = max(state["max_inside"], state["inside"])
                entered.append(time.perf_counter())
            time.sleep(2 * scale)
            with guard:
                state["inside"] -= 1
                state["finished"] += 1

    workers = [threading.Thread(target=worker, args=(f"Thread-{i}",)) for i in range(10)]
    started = time.perf_counter()
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    sizes = waves(entered, scale)  # a wave's entries lie well within one sleep of 2 s x scale
    return {
        "max_inside": state["max_inside"],
        "finished": state["finished"],
        "entries": len(entered),
        "waves": sizes,
        "holds": state["max_inside"] <= 3 and state["finished"] == 10,
        "elapsed_s": time.perf_counter() - started,
        "observed": f"at most {state['max_inside']} inside at once, {state['finished']} of 10 "
        f"finished, in {len(sizes)} waves of {'+'.join(map(str, sizes))} "
        f"(2 s x {scale} each)",
    }


def rounds(elapsed, task_seconds):
    return round(elapsed / task_seconds) if task_seconds > 0 else None


@example("001-6")
def pool_map_squares(scale):
    def task(n):
        time.sleep(1 * scale)
        return n * n

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=5) as executor:
        results = list(executor.map(task, range(10)))
    elapsed = time.perf_counter() - started
    squares = [n * n for n in range(10)]
    in_order = sum(1 for got, want in zip(results, squares) if got == want)
    return {
        "order": ",".join(map(str, results)),
        "mapped_in_order": in_order,
        "holds": results == squares,
        "rounds": rounds(elapsed, 1 * scale),
        "elapsed_s": elapsed,
        "observed": f"{results}: the squares in input order, in {rounds(elapsed, scale)} "
        f"rounds of 5 ({elapsed:.3f} s for ten 1 s x {scale} tasks)",
    }


# ---- seed 002 -------------------------------------------------------------------------


@example("002-1")
def random_finish_order(scale):
    sleeps = [random.randint(1, 10) for _ in range(5)]

    def slow_function(index):
        time.sleep(sleeps[index] * scale)
        print(f"Thread {index} done!")

    def program():
        threads = [threading.Thread(target=slow_function, args=(i,)) for i in range(5)]
        for t in threads:
            t.start()
        print("Main flow of application")
        for t in threads:
            t.join()
        print("All threads are done")

    started = time.perf_counter()
    lines = captured_lines(program)
    elapsed = time.perf_counter() - started
    done = [int(l.split()[1]) for l in lines if l.endswith("done!")]
    by_sleep = [sleeps[i] for i in done] == sorted(sleeps)
    main_first = bool(lines) and lines[0] == "Main flow of application"
    all_last = bool(lines) and lines[-1] == "All threads are done"
    overlapped = elapsed < 0.75 * sum(sleeps) * scale
    # Main's line first, the finish order following the sleeps and the overlap all hold when
    # a sleep dwarfs the scheduling delays, as the seed's whole seconds do; at a small time
    # scale on a busy machine any can fail, so they are reported, not required.
    return {
        "tasks_done": len(done),
        "holds": len(done) == 5 and all_last,
        "overlapped": overlapped,
        "main_first": main_first,
        "in_sleep_order": by_sleep,
        "finish_order": done,
        "sleeps_s": sleeps,
        "corrections": {
            "one_at_a_time": f"the five sleeps add up to {sum(sleeps) * scale:.3f} s and the "
            f"program took {elapsed:.3f} s (the longest sleep: {max(sleeps) * scale:.3f} s): "
            f"the sleeps overlapped: a sleeping thread did not stop the others from running"
            if overlapped
            else f"the five sleeps add up to {sum(sleeps) * scale:.3f} s and the program "
            f"took {elapsed:.3f} s: they did not overlap in this run",
        },
        "elapsed_s": elapsed,
        "observed": f"'Main flow' first: {'yes' if main_first else 'NO'}; threads done in "
        f"order {done} (random sleeps {sleeps} s x {scale}; in sleep order: "
        f"{'yes' if by_sleep else 'NO'}); 'All threads are done' last; {elapsed:.3f} s "
        f"against the longest sleep {max(sleeps) * scale:.3f} s and the sum "
        f"{sum(sleeps) * scale:.3f} s",
    }


# ---- seed 003 -------------------------------------------------------------------------


@example("003-timer")
def timers_one_cancelled(scale):
    # 0.1 s between deadline, cancel and deadline is the seed's margin; scaled below x 0.2
    # (20 ms) it drowns in the scheduling delays of a busy machine, so it never is.
    scale = max(scale, 0.2)
    fired = []
    first = threading.Timer(0.5 * scale, lambda: fired.append("first"))
    second = threading.Timer(0.7 * scale, lambda: fired.append("second"))
    started = time.perf_counter()
    first.start()
    second.start()
    time.sleep(0.6 * scale)
    second.cancel()
    first.join()
    second.join()
    time.sleep(0.2 * scale)  # past the second timer's deadline: it must stay silent
    order = ",".join("fired" if name in fired else "cancelled" for name in ("first", "second"))
    return {
        "order": order,
        "fired": len(fired),
        "cancelled": 0 if "second" in fired else 1,
        "holds": fired == ["first"],
        "elapsed_s": time.perf_counter() - started,
        "observed": f"the 0.5 s timer fired, the 0.7 s timer cancelled at 0.6 s never ran "
        f"(x {scale}): fired {fired}",
    }


@example("003-ways")
def three_ways_to_give_a_thread_code(scale):
    ran = []

    class Sleeper(threading.Thread):
        def __init__(self, seconds):
            super().__init__()
            self.seconds = seconds

        def run(self):
            time.sleep(self.seconds)
            print("Wake up!")
            ran.append(("class", self.name))

    class Callable:
        def __init__(self, tag):
            self.tag = tag

        def __call__(self):
            ran.append(("callable", self.tag))

    def function(a, b, *, c):
        ran.append(("function", (a, b, c)))

    def program():
        threads = [Sleeper(2 * scale) for _ in range(5)]
        threads.append(threading.Thread(target=Callable("functor")))
        threads.append(threading.Thread(target=function, args=(1, 2), kwargs={"c": 3}))
        for t in threads:
            t.start()
        print("Usefull message")
        for t in threads:
            t.join()

    started = time.perf_counter()
    lines = captured_lines(program)
    elapsed = time.perf_counter() - started
    wakes = lines.count("Wake up!")
    right = (
        sum(1 for kind, _ in ran if kind == "class") == 5
        and ("callable", "functor") in ran
        and ("function", (1, 2, 3)) in ran
    )
    first = lines[0] if lines else None
    return {
        "missing": 7 - len(ran),
        "wrong": 0 if right else 1,
        "holds": right and wakes == 5,  # main's line first: reported (a scheduling race)
        "elapsed_s": elapsed,
        "observed": f"'{first}' first, then {wakes} 'Wake up!' after 2 s x {scale}; a "
        "callable object and a function with args=(1, 2), kwargs={'c': 3} each ran once "
        "with them",
    }


@example("003-poll")
def check_without_blocking(scale):
    # The thread's work ends only when main lets it, so "still running" at the checks is
    # certain, not a race with a sleep; then it works 1 s x scale more.
    let_go = threading.Event()

    def work():
        let_go.wait()
        time.sleep(1 * scale)

    thread = threading.Thread(target=work)
    started = time.perf_counter()
    thread.start()
    alive_at_start = thread.is_alive()
    thread.join(timeout=0.1 * scale)  # returns at the timeout: the thread is still running
    alive_after_timed_join = thread.is_alive()
    let_go.set()
    polls = 0
    while thread.is_alive():
        polls += 1
        time.sleep(0.05 * scale)
    thread.join()  # finished: this returns at once
    return {
        "blocking_joins": 0,
        "missing": 0,
        "holds": alive_at_start and alive_after_timed_join and not thread.is_alive(),
        "polls": polls,
        "elapsed_s": time.perf_counter() - started,
        "observed": f"is_alive() {alive_at_start} at start, join(timeout) returned with the "
        f"thread still alive ({alive_after_timed_join}), {polls} non-blocking polls until it "
        "finished, then join()",
    }


# ---- seed 004 -------------------------------------------------------------------------


def line_checks(lines, owners):
    """torn_lines: lines that are no thread's whole line; out_of_order: a thread's lines
    not in the order it printed them. `owners` maps each thread to its lines, in order."""
    expected = {line: name for name, own in owners.items() for line in own}
    torn = sum(1 for line in lines if line not in expected)
    out_of_order = 0
    for name, own in owners.items():
        mine = [line for line in lines if expected.get(line) == name]
        out_of_order += sum(1 for got, want in zip(mine, own) if got != want)
    whole = len(lines) - torn
    return {"whole_lines": whole, "torn_lines": torn, "out_of_order": out_of_order}


@example("004-1")
def numbers_while_main_goes_on(scale):
    lines, wall = run_child("004-1", scale)
    shown = [l for l in lines if l and not l.startswith("at-exit")]
    numbers = [f"Number: {i}" for i in range(5)]
    checks = line_checks([l for l in shown if l.startswith("Number")], {"t": numbers})
    main_first = bool(shown) and shown[0] == "Main thread is still running..."
    return {
        **checks,
        # Main's line first is a race between main and a 1 s x scale sleep: reported.
        "holds": checks["whole_lines"] == 5 and checks["out_of_order"] == 0,
        "elapsed_s": exit_record(lines).get("elapsed_s"),
        "child_wall_s": wall,
        "observed": f"main's line first: {'yes' if main_first else 'NO'}; Number: 0..4 one "
        f"per 1 s x {scale}, all "
        f"{checks['whole_lines']} printed without a join: the interpreter waited at exit",
    }


@example("004-2")
def numbers_and_letters(scale):
    numbers = [f"Number: {i}" for i in range(5)]
    letters = [f"Letter: {c}" for c in "ABCDE"]

    def show(items):
        for item in items:
            time.sleep(1 * scale)
            print(item)

    def program():
        threads = [threading.Thread(target=show, args=(own,)) for own in (numbers, letters)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()

    started = time.perf_counter()
    lines = captured_lines(program)
    elapsed = time.perf_counter() - started
    checks = line_checks(lines, {"numbers": numbers, "letters": letters})
    pairs = [lines[i : i + 2] for i in range(0, len(lines), 2)]
    alternating = all(sorted(l[0] for l in pair) == ["L", "N"] for pair in pairs)
    return {
        **checks,
        "alternating": alternating,
        # The alternation needs each 1 s sleep to dwarf the scheduling jitter: reported,
        # not required, since a small time scale on a busy machine can break it.
        "holds": checks["torn_lines"] == 0 and checks["out_of_order"] == 0,
        "elapsed_s": elapsed,
        "observed": f"{checks['whole_lines']} whole lines, a number and a letter each "
        f"1 s x {scale} (alternating: {alternating}); first four: {lines[:4]}",
    }


@example("004-3")
def hello_and_world(scale):
    own = {"Hello": ["Hello"] * 3, "World": ["World"] * 3}

    def print_message(msg, delay):
        for _ in range(3):
            time.sleep(delay * scale)
            print(msg)

    def program():
        args = [("Hello", 1), ("World", 2)]
        threads = [threading.Thread(target=print_message, args=a) for a in args]
        for t in threads:
            t.start()
        for t in threads:
            t.join()

    started = time.perf_counter()
    lines = captured_lines(program)
    elapsed = time.perf_counter() - started
    checks = line_checks(lines, own)
    return {
        **checks,
        "holds": checks["torn_lines"] == 0 and len(lines) == 6,
        "elapsed_s": elapsed,
        "observed": f"{' '.join(lines)}: Hello every 1 s, World every 2 s (x {scale}); "
        f"done in {elapsed:.3f} s against World's 6 s x {scale} (3 + 6 one after the other)",
    }


@example("004-4")
def named_threads_with_delays(scale):
    printed = []

    class Repeater(threading.Thread):
        def __init__(self, name, delay):
            super().__init__()
            self.name = name
            self.delay = delay

        def run(self):
            for i in range(3):
                time.sleep(self.delay * scale)
                printed.append((self.name, threading.current_thread().name, i))

    started = time.perf_counter()
    threads = [Repeater("Thread-1", 1), Repeater("Thread-2", 2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    misnamed = sum(1 for given, actual, _ in printed if given != actual)
    seen = len({given for given, _, _ in printed})
    shown = [f"{given}: {i}" for given, _, i in printed]
    return {
        "seen": seen,
        "misnamed": misnamed,
        "missing": 2 - seen,
        "holds": misnamed == 0 and seen == 2 and len(printed) == 6,
        "elapsed_s": time.perf_counter() - started,
        "observed": f"{', '.join(shown)}: each thread under its own name, at its own delay",
    }


@example("004-5")
def counter_two_threads(scale):
    return locked_counter(2, 1_000_000)


@example("004-6")
def pool_submit(scale):
    ran = []
    done = []

    def worker(n):
        time.sleep(1 * scale)
        ran.append((n, threading.current_thread().name))

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=3) as executor:
        for i in range(5):
            executor.submit(worker, i)
    done.append(len(ran))  # "All tasks submitted." prints here, after the with block
    elapsed = time.perf_counter() - started
    tasks = [n for n, _ in ran]
    once = sum(1 for n in range(5) if tasks.count(n) == 1)
    workers = len({name for _, name in ran})
    return {
        "ran_once": once,
        "never_ran": sum(1 for n in range(5) if n not in tasks),
        "threads_started": workers,
        "holds": once == 5 and workers <= 3,
        "rounds": rounds(elapsed, 1 * scale),
        "elapsed_s": elapsed,
        "observed": f"5 workers done on {workers} threads in {rounds(elapsed, scale)} rounds "
        f"(3 then 2, 1 s x {scale} each); 'All tasks submitted.' printed after "
        f"{done[0]} had finished: the with block waited",
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("example", nargs="?", help="row id, e.g. 001-5; --list shows them")
    parser.add_argument("--time-scale", type=float, default=1.0, help="1.0 = the seeds' seconds")
    parser.add_argument("--list", action="store_true", help="print the row ids")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.time_scale <= 0:
        parser.error("--time-scale must be above 0")
    if args.child:
        CHILDREN[args.child](args.time_scale)
        return 0
    if args.list:
        print("\n".join(EXAMPLES))
        return 0
    if args.example not in EXAMPLES:
        parser.error(f"unknown example {args.example!r} (known: {', '.join(EXAMPLES)})")
    result = EXAMPLES[args.example](args.time_scale)
    result = {"example": args.example, "python": platform.python_version(), **result}
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
