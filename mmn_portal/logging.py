"""Logging helpers."""

import logging
import time


class OncePerInterval(logging.Filter):
    """Let the first record from a logger through, then drop repeats for `seconds`.

    When Redis is down every request would log the same cache error; one line per
    outage (per process) is what an operator needs.
    """

    def __init__(self, seconds: float = 300.0):
        super().__init__()
        self.seconds = seconds
        self.last_emitted: dict[str, float] = {}

    def filter(self, record: logging.LogRecord) -> bool:
        now = time.monotonic()
        last = self.last_emitted.get(record.name)
        if last is not None and now - last < self.seconds:
            return False
        self.last_emitted[record.name] = now
        return True
