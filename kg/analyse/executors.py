"""Where articles are analysed: this process, a pool of processes, or a Dask cluster.

Every backend runs the same pure function on a batch of articles —
`Analyser.analyse_articles(articles) -> results`, in order — so the backends cannot drift:
the graph of a build is the same whichever ran it. Results come back batch by batch and in
the order the batches were sent; a worker holds one batch's spaCy documents at a time and
sends back only mentions and names.
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import signal
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any, Protocol

from kg.analyse.analyser import Analyser
from kg.analyse.records import CHUNK_ARTICLES, Result
from kg.config import Config
from kg.errors import UsageError
from kg.model import Article

# Batches in flight per worker: enough to keep every worker busy, few enough that the
# client never holds the whole corpus in its queues.
IN_FLIGHT_PER_WORKER = 2


class Executor(Protocol):
    remote: bool  # results come from another process (their timings are not ours yet)
    workers: int  # how many analyse at once

    def run(self, batches: Iterable[list[Article]]) -> Iterator[list[Result]]: ...

    def close(self) -> None: ...


class InProcess:
    """Analysis in this process, with its already loaded pipelines."""

    remote = False
    workers = 1

    def __init__(self, analyser: Analyser) -> None:
        self.analyser = analyser

    def run(self, batches: Iterable[list[Article]]) -> Iterator[list[Result]]:
        for batch in batches:
            yield self.analyser.analyse_articles(batch)

    def close(self) -> None:
        pass


# The analyser of a worker process, built when the worker starts.
_WORKER: Analyser | None = None
_WORKER_CONFIG: Config | None = None


PR_SET_PDEATHSIG = 1  # prctl(2): the signal a process gets when its parent ends


def die_with_parent(parent: int) -> None:
    """Make this worker end when the process that started it ends, even killed with -9
    (Linux's parent-death signal), and leave Ctrl-C to that process: it stops the workers."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    if os.getppid() != parent:  # the parent died before the signal was asked for
        os._exit(1)


def _worker_start(config: Config, parent: int) -> None:
    die_with_parent(parent)
    _worker_analyser(config)


def _worker_analyser(config: Config) -> Analyser:
    global _WORKER, _WORKER_CONFIG
    if _WORKER is None or config != _WORKER_CONFIG:
        _WORKER, _WORKER_CONFIG = Analyser(config), config
    return _WORKER


def analyse_batch(config: Config, batch: list[Article]) -> list[Result]:
    """The function every worker runs (module level, so that it pickles by name)."""
    return _worker_analyser(config).analyse_articles(batch)


def _ordered(submit: Any, batches: Iterable[list[Article]], window: int) -> Iterator[list[Result]]:
    """Submit batches, at most `window` at a time, and yield their results in order."""
    queue: deque[Future[list[Result]]] = deque()
    for batch in batches:
        queue.append(submit(batch))
        if len(queue) >= window:
            yield queue.popleft().result()
    while queue:
        yield queue.popleft().result()


class Pool:
    """Analysis in worker processes of this machine, each with its own pipelines."""

    remote = True

    def __init__(self, analyser: Analyser, workers: int) -> None:
        self.config = analyser.config
        self.workers = workers
        # Workers start afresh ("spawn") and load the pipelines once each: a forked copy of
        # a process whose libraries run thread pools (the language detector's) can hang.
        self._pool = ProcessPoolExecutor(
            workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_worker_start,
            initargs=(self.config, os.getpid()),
        )

    def run(self, batches: Iterable[list[Article]]) -> Iterator[list[Result]]:
        def submit(batch: list[Article]) -> Future[list[Result]]:
            return self._pool.submit(analyse_batch, self.config, batch)

        yield from _ordered(submit, batches, self.workers * IN_FLIGHT_PER_WORKER)

    def close(self) -> None:
        self._pool.shutdown(cancel_futures=True)


class Cluster:
    """Analysis on a Dask cluster: workers need `pip install newskg` and the models."""

    remote = True

    def __init__(self, config: Config, address: str) -> None:
        try:
            from distributed import Client
        except ImportError as err:
            raise UsageError(
                "--scheduler needs Dask: pip install 'newskg[cluster]' (dask[distributed])"
            ) from err
        self.config = config
        try:
            self._client: Any = Client(address, timeout="10s")  # type: ignore[no-untyped-call]
        except (OSError, TimeoutError) as err:
            raise UsageError(f"cannot reach the Dask scheduler at {address} ({err})") from err
        self.workers = len(self._client.scheduler_info().get("workers", {})) or 1
        self.window = self.workers * IN_FLIGHT_PER_WORKER

    def run(self, batches: Iterable[list[Article]]) -> Iterator[list[Result]]:
        def submit(batch: list[Article]) -> Any:
            return self._client.submit(analyse_batch, self.config, batch, pure=False)

        yield from _ordered(submit, batches, self.window)

    def close(self) -> None:
        self._client.close()


# The executors by name. Each is made from the build's analyser, how many workers it may use
# and the scheduler's address (a cluster's); choose() picks the name.
ExecutorFactory = Callable[[Analyser, int, str | None], Executor]
EXECUTORS: dict[str, ExecutorFactory] = {
    "this process": lambda analyser, workers, address: InProcess(analyser),
    "processes": lambda analyser, workers, address: Pool(analyser, workers),
    "dask": lambda analyser, workers, address: Cluster(analyser.config, address or ""),
}


def choose(
    analyser: Analyser, pending: int, workers: int | None, scheduler: str | None
) -> Executor:
    """The executor for a build: a cluster if one is named, else as many processes as the
    machine has cores (never more than there are batches to analyse), else this process."""
    address = scheduler or os.environ.get("DASK_SCHEDULER_ADDRESS")
    wanted = workers if workers is not None else (os.cpu_count() or 1)
    count = max(1, min(wanted, -(-pending // CHUNK_ARTICLES)))
    name = "dask" if address else "processes" if count > 1 else "this process"
    return EXECUTORS[name](analyser, count, address)
