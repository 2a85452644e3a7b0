#!/usr/bin/env python3
"""Times two commands run alternately in one directory, each process on its own: forked and
waited for from here, so no shell start, `cd` or pipe is counted. Prints the median wall
seconds and the median CPU seconds (user + system) of the first command, then of the second.
The first run of each is a warm-up and not counted. A non-zero exit does not count as a
failure (lint exits 1 when it reports findings); a crash (a signal) does.

Usage: alternate.py RUNS DIR -- CMD1... -- CMD2...
"""
import os, statistics, subprocess, sys, time


def once(cmd, cwd):
    start = time.perf_counter()
    p = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(p.pid, 0)
    wall = time.perf_counter() - start
    if os.WIFSIGNALED(status):
        sys.exit(f"{cmd[0]} died of signal {os.WTERMSIG(status)}")
    return wall, usage.ru_utime + usage.ru_stime


def main():
    runs, cwd = int(sys.argv[1]), sys.argv[2]
    rest = sys.argv[3:]
    assert rest[0] == "--" and rest.count("--") == 2, __doc__
    split = rest.index("--", 1)
    commands = [rest[1:split], rest[split + 1:]]
    times = [([], []) for _ in commands]
    for cmd in commands:
        once(cmd, cwd)
    for _ in range(runs):
        for cmd, (walls, cpus) in zip(commands, times):
            wall, cpu = once(cmd, cwd)
            walls.append(wall)
            cpus.append(cpu)
    print(" ".join(f"{statistics.median(walls):.4f} {statistics.median(cpus):.3f}" for walls, cpus in times))


main()
