"""The Dask executor: chunk extraction and per-event finishing as tasks on a dask.distributed cluster."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from typing import Any

from .config import Config
from .executor import EventTask, InfrastructureError, Outcome, chunks_of, extract_chunk, finish_event


def _lost_worker_errors() -> tuple[type[BaseException], ...]:
    from concurrent.futures import CancelledError

    from distributed import KilledWorker

    return (KilledWorker, CancelledError, OSError, TimeoutError)  # OSError covers CommClosedError


class DaskExecutor:
    """Chunk extraction and per-event finishing as tasks on a dask.distributed cluster.

    ``--scheduler tcp://host:8786`` names an existing scheduler; every worker
    loads the model once. The finish task takes its chunks' futures, so the
    mentions move between workers, not through this process. Every wait is
    bound to this executor's own client (it is never made the default
    client). Tasks of a worker that dies are re-run by the scheduler on the
    others; when it gives up (``KilledWorker``) or the cluster is lost, the
    run raises :class:`InfrastructureError`.
    """

    def __init__(self, scheduler: str | Any) -> None:
        from dask.distributed import Client

        try:
            self.client = scheduler if isinstance(scheduler, Client) else Client(scheduler, set_as_default=False)
        except (OSError, TimeoutError) as exc:
            raise InfrastructureError(
                f"{scheduler}: cannot reach the Dask scheduler ({exc}); nothing published, the previous report is kept"
            ) from exc
        self._owned = not isinstance(scheduler, Client)

    def _result(self, task: EventTask, fut: Any) -> Outcome:
        try:
            return fut.result()
        except _lost_worker_errors() as exc:
            raise InfrastructureError(
                f"{task.event}: the Dask cluster lost the work ({type(exc).__name__}: {exc}); "
                "nothing published, the previous report is kept"
            ) from exc
        except Exception as exc:
            return exc

    def run(self, tasks: Iterable[EventTask], config: Config) -> Iterator[tuple[EventTask, Outcome]]:
        from dask.distributed import as_completed

        workers = max(1, len(self.client.scheduler_info().get("workers", {})))
        window = 4 * workers
        inflight: deque[tuple[EventTask, Any]] = deque()
        queued: set[Any] = set()  # chunk futures not yet done
        done = as_completed(loop=self.client.loop)  # bound to our client, not to a default one

        def finished_heads() -> Iterator[tuple[EventTask, Outcome]]:
            while inflight and inflight[0][1].done():
                head, fut = inflight.popleft()
                yield head, self._result(head, fut)

        for task in tasks:
            chunks = [
                self.client.submit(extract_chunk, c, config, pure=False) for c in chunks_of(task, config.run.chunk_size)
            ]
            inflight.append((task, self.client.submit(finish_event, task, chunks, config, pure=False)))
            queued.update(chunks)
            for chunk in chunks:
                done.add(chunk)
            while len(queued) >= window:
                queued.discard(next(done))
                yield from finished_heads()
            yield from finished_heads()
        while inflight:
            head, fut = inflight.popleft()
            yield head, self._result(head, fut)

    def close(self) -> None:
        if self._owned:
            self.client.close()
