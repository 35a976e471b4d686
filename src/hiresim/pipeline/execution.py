"""Executors: where runs execute, behind the ``concurrent.futures`` interface.

Local processes by default; an existing Dask distributed cluster when given a scheduler
address (``tcp://host:port``). Results never depend on the executor: every run is a pure
function of its parameters and seed.
"""

from __future__ import annotations

import importlib.metadata
import multiprocessing
import os
import pickle
import queue
import signal
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import (
    FIRST_COMPLETED,
    Executor,
    Future,
    ProcessPoolExecutor,
    ThreadPoolExecutor,
    wait,
)
from contextlib import contextmanager
from typing import Any

#: Seconds to wait for a Dask scheduler to answer, and for its first worker.
CONNECT_TIMEOUT = 20.0
WORKER_WAIT = 60.0


class ExecutorError(RuntimeError):
    """The executor cannot be used (no cluster, mismatched workers); the message says why."""


def default_workers() -> int:
    """All cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def useful_workers(requested: int | None, runs: int) -> tuple[int, str | None]:
    """How many local workers are worth starting for ``runs`` runs: at most one per core
    (runs are CPU-bound, and each worker process holds a model in memory) and one per run.
    Returns the number and, when it is fewer than ``requested``, a note that says why."""
    cores = default_workers()
    workers = max(1, min(requested or cores, cores, runs))
    if requested is None or workers >= requested:
        return workers, None
    why = f"{cores} core(s) available" if workers == cores else f"{runs} run(s) to do"
    return workers, f"--workers {requested}: using {workers} ({why}; more would not be faster)"


@contextmanager
def executor(workers: int | None = None, scheduler: str | None = None) -> Iterator[Executor]:
    """An executor for ``workers`` local workers, or for the Dask cluster at ``scheduler``.

    One worker runs in a thread of this process, which has the model loaded and starts at
    once (and is all there is with one worker: easy debugging); the others are worker
    processes, which take a few seconds to start.
    """
    if scheduler:
        with _dask_executor(scheduler) as ex:
            yield ex
        return
    workers = workers or default_workers()
    if workers <= 1:
        with ThreadPoolExecutor(max_workers=1) as ex:
            yield ex
        return
    # Mesa 3.3 sets the global start method to "spawn"; forkserver starts workers
    # quickly and safely wherever it exists, from a server that has imported the model.
    methods = multiprocessing.get_all_start_methods()
    if "forkserver" in methods:
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["hiresim.model.simulate", "hiresim.sweep.tasks"])
    else:
        ctx = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(max_workers=workers - 1, mp_context=ctx,
                               initializer=_start_worker, initargs=(os.getpid(),))
    with _HereAndInProcesses(pool, workers) as ex:
        yield ex


class _HereAndInProcesses(Executor):
    """``workers`` runs at a time, taken from one queue: one in a thread of this process,
    the others in ``pool``'s processes. This process starts on the first run while the
    pool's processes are still starting (importing the model takes seconds); a process
    takes runs only once it has started, so no run waits for a start-up, and a short
    batch may finish before any process is needed.

    A run here gets a pickled copy of its arguments, exactly as a worker process does.
    """

    def __init__(self, pool: ProcessPoolExecutor, workers: int):
        self._pool = pool
        self._max_workers = workers  # read by `parallel_slots`
        self._queue: queue.SimpleQueue = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._closed = False
        self._stopping = threading.Event()
        self._serving: list[threading.Thread] = []  # threads whose process has started
        self._threads = [threading.Thread(target=self._serve, args=(slot,),
                                          name=f"hiresim-worker-{slot}", daemon=True)
                         for slot in range(workers)]
        for thread in self._threads:
            thread.start()

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future:
        with self._lock:
            if self._closed:
                raise RuntimeError("cannot submit runs after the executor has shut down")
            future: Future = Future()
            self._queue.put((future, fn, args, kwargs))
        return future

    def _serve(self, slot: int) -> None:
        here = slot == 0
        if not here and not self._process_started():
            return  # shut down before its process started: the others took the runs
        while (item := self._queue.get()) is not None:
            future, fn, args, kwargs = item
            if not future.set_running_or_notify_cancel():
                continue  # cancelled while queued
            try:
                if here:
                    fn, args, kwargs = pickle.loads(pickle.dumps((fn, args, kwargs)))
                    result = fn(*args, **kwargs)
                else:
                    result = self._pool.submit(fn, *args, **kwargs).result()
            except BaseException as err:  # handed to whoever waits for the run
                future.set_exception(err)
            else:
                future.set_result(result)

    def _process_started(self) -> bool:
        """Start a worker process and wait until it answers (true), or until the executor
        stops (false). A pool that broke while starting counts as started: the runs sent
        to it report the error."""
        try:
            started = self._pool.submit(os.getpid)  # blocks this thread while it starts
        except RuntimeError:  # the pool has shut down
            return False
        while not self._stopping.is_set():
            try:
                started.result(timeout=0.05)
            except TimeoutError:
                continue
            except Exception:  # the runs sent to it will say what broke
                pass
            with self._lock:
                if self._stopping.is_set():
                    return False
                self._serving.append(threading.current_thread())
            return True
        return False

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        with self._lock:
            self._closed = True
        if cancel_futures:
            while True:
                try:
                    item = self._queue.get_nowait()
                except queue.Empty:
                    break
                if item is not None:
                    item[0].cancel()
        for _ in self._threads:
            self._queue.put(None)
        if wait:
            self._threads[0].join()  # this process's runs: the queue is empty after them
        with self._lock:
            self._stopping.set()
            serving = list(self._serving)
        if wait:
            for thread in serving:
                thread.join()
        if len(serving) == len(self._threads) - 1:
            self._pool.shutdown(wait=wait, cancel_futures=cancel_futures)
        else:  # a process still starting has nothing to do: do not wait for it here,
            # but do before this process exits (not a daemon), so that the process does
            # not start after the pool's semaphores are gone
            threading.Thread(target=self._pool.shutdown, name="hiresim-pool-shutdown",
                             kwargs={"wait": True, "cancel_futures": True},
                             daemon=False).start()


def _start_worker(pid: int, every: float = 1.0) -> None:
    """In a worker process: leave Ctrl-C to the process that started the pool (one clean
    message instead of a traceback per worker), and exit when that process ``pid`` is
    gone, so that a pool whose owner was killed (``kill -9``) does not linger."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)

    def watch() -> None:
        while True:
            time.sleep(every)
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                os._exit(1)
            except PermissionError:  # the number now belongs to another user's process
                os._exit(1)

    threading.Thread(target=watch, name="hiresim-parent-watch", daemon=True).start()


@contextmanager
def _dask_executor(scheduler: str) -> Iterator[Executor]:
    """The executor of a running Dask cluster, once its workers can run hiresim."""
    from distributed import Client

    from ..version import __version__

    try:
        client = Client(scheduler, timeout=CONNECT_TIMEOUT)
    except OSError as err:
        raise ExecutorError(
            f"cannot reach the Dask scheduler at {scheduler} ({err}); start it with "
            "`dask scheduler` and pass the address it prints") from None
    with client:
        try:
            client.wait_for_workers(1, timeout=WORKER_WAIT)
        except TimeoutError:
            raise ExecutorError(
                f"the Dask scheduler at {scheduler} has no workers after {WORKER_WAIT:.0f} s; "
                "start some with `dask worker ADDRESS`") from None
        # A standard-library function, so that workers without hiresim can answer too.
        versions = client.run(importlib.metadata.version, "hiresim", on_error="return")
        wrong = {w: v if isinstance(v, str) else "not installed"
                 for w, v in versions.items() if v != __version__}
        if wrong:
            listed = ", ".join(f"{w}: {v}" for w, v in sorted(wrong.items()))
            raise ExecutorError(
                f"Dask workers must run hiresim {__version__} like this machine; found {listed}"
                " (install the same hiresim in every worker's environment)")
        # pure=False: every submission is a distinct run, so skip hashing the arguments.
        yield client.get_executor(pure=False)


def parallel_slots(ex: Executor) -> int:
    """How many runs ``ex`` executes at once (worker processes or Dask worker threads)."""
    client = getattr(ex, "_client", None)
    if client is not None:
        return max(1, sum(client.nthreads().values()))
    return max(1, int(getattr(ex, "_max_workers", 1)))


def submit_bounded(ex: Executor, jobs: Iterable[tuple[Any, Callable[..., Any], tuple]],
                   window: int | Callable[[], int], done: Callable[[Any, Any], None],
                   failed: Callable[[Any, BaseException], Exception]) -> None:
    """Submit ``(key, function, args)`` jobs to ``ex``, at most ``window`` in flight (a
    number, or a function asked again as jobs go: a Dask cluster can grow or shrink),
    and hand each result to ``done(key, result)`` as it finishes, in the order they
    finish. The first job that fails raises ``failed(key, error)``. On a failure or an
    interrupt nothing more starts, what is queued is cancelled, and what has already
    finished is still handed to ``done``, so a caller that stores results keeps them.
    """
    limit = window if callable(window) else (lambda: window)
    running: dict[Future, Any] = {}

    def collect() -> None:
        finished, _ = wait(list(running), return_when=FIRST_COMPLETED)
        for fut in finished:
            key = running.pop(fut)
            err = fut.exception()
            if err is not None:
                raise failed(key, err) from err
            done(key, fut.result())

    try:
        for key, function, args in jobs:
            while len(running) >= limit():
                collect()
            running[ex.submit(function, *args)] = key
        while running:
            collect()
    except BaseException:
        for fut in running:
            fut.cancel()
        for fut, key in list(running.items()):  # keep what finished; drop what did not
            if fut.done() and not fut.cancelled() and fut.exception() is None:
                done(key, fut.result())
        raise
