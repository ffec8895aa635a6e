import pytest
from huey.contrib.djhuey import HUEY
from huey.storage import MemoryStorage

DELIVER = "deliver_webhook"


@pytest.fixture(autouse=True)
def queue():
    """The worker's queue, in memory: what the code enqueues stays here for the test to look at
    and run (instead of landing in the developer's var/huey.sqlite3)."""
    before = HUEY._immediate, HUEY.storage
    HUEY._immediate, HUEY.storage = False, MemoryStorage(HUEY.name)
    yield HUEY
    HUEY._immediate, HUEY.storage = before


def queued_deliveries(huey) -> list[int]:
    """The delivery ids of the webhook tasks waiting in the queue (the rest, such as mail, is
    left aside), taken out of it as a worker would."""
    pks = []
    while (task := huey.dequeue()) is not None:
        if task.name == DELIVER:
            pks.append(task.args[0])
    return pks
