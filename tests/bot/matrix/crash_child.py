"""The crash test's first process: sends the due digests, then dies before marking them sent.

Run as a script with the same environment as ``policywatch run`` (homeserver, account,
data directory). It prints ``<outbox id> <event id>`` for each digest it sent and then
SIGKILLs itself, as a crash between a send and its acknowledgement would: the outbox
still holds every digest as pending, leased for one second only.
"""

from __future__ import annotations

import os
import signal
from datetime import UTC, datetime, timedelta

from bot.matrix.connection import MatrixConnection
from bot.matrix.settings import matrix_env
from bot.matrix.sink import MatrixSink
from watchers.storage import Store
from watchers.storage.database import database_url


def main() -> None:
    env = matrix_env(os.environ)
    assert env is not None, "MATRIX_HOMESERVER is not set"
    store = Store.open(database_url())
    sink = MatrixSink(MatrixConnection(env))
    for entry in store.due_outbox(datetime.now(UTC), "crashing", lease=timedelta(seconds=1)):
        print(entry.id, sink.send(entry), flush=True)
    os.kill(os.getpid(), signal.SIGKILL)


if __name__ == "__main__":
    main()
