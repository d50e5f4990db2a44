"""Races for the tests: several threads start the same work at one moment; what any of them raises fails the test."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Callable, List, Sequence, TypeVar

T = TypeVar("T")
START_TIMEOUT = 30.0  # seconds for every thread to reach the start line


def race(work: Callable[..., T], arguments: Sequence[tuple]) -> List[T]:
    """Runs `work(*args)` for every tuple in `arguments`, each in a thread of its own, all released at once.

    Returns the results in the order of `arguments`. The first exception a thread raised is raised here, after
    all threads ended, so an error in a thread fails the test instead of leaving a result out."""
    start = threading.Barrier(len(arguments))

    def at_the_start(*args: object) -> T:
        start.wait(timeout=START_TIMEOUT)
        return work(*args)

    with ThreadPoolExecutor(max_workers=len(arguments)) as pool:
        futures = [pool.submit(at_the_start, *args) for args in arguments]
    return [future.result() for future in futures]  # result() raises what the thread raised
