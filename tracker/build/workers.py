"""Running a build's independent pieces of work in several processes at once.

A site of thousands of platforms is thousands of pages and feeds that do not depend on each other. On a
machine with more than one core they are shared between this process and forked copies of it: each copy
starts with everything already computed (the data, the derived facts, the loaded templates), writes its
share of the files into the same staging folder, and sends back only what this process needs to finish
the build (see tracker/plugin.py). Threads would not help: the work is Python code, which runs one thread
at a time.

A failure in any copy fails the build, with that copy's traceback. Where `os.fork` does not exist the
work simply runs here, one piece after another.
"""

from __future__ import annotations

import contextlib
import gc
import os
import pickle
import signal
import struct
import sys
import traceback
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

from tracker.settings import TrackerSettings

__all__ = ["TaskQueue", "WorkerFailed", "can_fork", "run_shared"]

T = TypeVar("T")


class WorkerFailed(RuntimeError):
    """A forked worker raised; the message carries its traceback."""


def can_fork() -> bool:
    return hasattr(os, "fork")


# A pipe holds 64 KiB before a writer blocks; every task number is written before any process reads.
MAX_TASKS = 65536 // 4


class TaskQueue:
    """Task numbers 0 .. count-1 for whichever process asks next, so a slower process takes fewer.

    The numbers are written into a pipe before the processes fork; each process reads four bytes at a
    time (a pipe never splits such a read between readers) until the pipe is empty.
    """

    def __init__(self, count: int) -> None:
        if count > MAX_TASKS:
            raise ValueError(f"at most {MAX_TASKS} tasks")
        self._read, write = os.pipe()
        with os.fdopen(write, "wb") as pipe:
            pipe.write(b"".join(struct.pack("<I", n) for n in range(count)))

    def __iter__(self) -> Iterator[int]:
        while True:
            data = os.read(self._read, 4)
            if len(data) < 4:
                return
            yield struct.unpack("<I", data)[0]

    def close(self) -> None:
        with contextlib.suppress(OSError):
            os.close(self._read)


def _child(job: Callable[[], Any], write_end: int) -> None:
    """Run `job` in the forked child, send its result (or its traceback) and leave at once."""
    status = 0
    try:
        outcome: tuple[str, Any] = ("done", job())
    except BaseException:
        outcome = ("failed", traceback.format_exc())
        status = 1
    try:
        data = pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL)
        with os.fdopen(write_end, "wb") as pipe:
            pipe.write(data)
    finally:
        # Never return into the parent's code (its cleanup would remove the staging folder).
        os._exit(status)


def run_shared(jobs: Sequence[Callable[[], T]]) -> list[T]:
    """Run `jobs[1:]` in forked children and `jobs[0]` here, at the same time; their results in order.

    Results travel back pickled through a pipe, so they should be plain data.
    """
    if len(jobs) <= 1 or not can_fork():
        return [job() for job in jobs]
    sys.stdout.flush()
    sys.stderr.flush()
    # Keep the collector away from the objects the children share, so they stay shared pages (and leave
    # a freeze the build made, site.py's, in place).
    frozen_before = gc.get_freeze_count() > 0
    gc.freeze()
    children: list[tuple[int, int]] = []
    try:
        for job in jobs[1:]:
            read_end, write_end = os.pipe()
            pid = os.fork()
            if pid == 0:
                os.close(read_end)
                _child(job, write_end)
            os.close(write_end)
            children.append((pid, read_end))
    finally:
        if not frozen_before:
            gc.unfreeze()
    try:
        first = jobs[0]()
    except BaseException:
        _stop(children)
        raise
    results: list[T] = [first]
    failure: str | None = None
    for pid, read_end in children:
        with os.fdopen(read_end, "rb") as pipe:
            data = pipe.read()
        _, status = os.waitpid(pid, 0)
        try:
            kind, value = pickle.loads(data)  # noqa: S301 - from our own forked child
        except Exception:
            kind, value = "failed", f"a worker process ended without a result (status {status})"
        if kind == "failed":
            failure = failure or value
        else:
            results.append(value)
    if failure is not None:
        raise WorkerFailed(failure)
    return results


def _stop(children: list[tuple[int, int]]) -> None:
    for pid, read_end in children:
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGTERM)
        with contextlib.suppress(OSError):
            os.close(read_end)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, 0)


# Below this many platforms a build is quick enough in one process.
PARALLEL_FROM = 200


def workers(settings: TrackerSettings, platforms: int) -> int:
    """How many processes make the pages: `TRACKER_WORKERS` (1 = this one only), else one per core (at
    most four) for a large site."""
    if settings.workers:
        return max(1, settings.workers)
    if platforms < PARALLEL_FROM or not can_fork():
        return 1
    return max(1, min(4, os.cpu_count() or 1))
