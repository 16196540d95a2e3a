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


class WithoutQueryString(logging.Filter):
    """Drop the query string from request lines the development server logs.

    Trial searches carry a visitor's age, sex and place in the URL; they must never
    reach a log.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if record.args and isinstance(record.args, tuple) and isinstance(record.args[0], str):
            request_line = record.args[0]
            method, _, rest = request_line.partition(" ")
            path, _, protocol = rest.partition(" ")
            record.args = (f"{method} {path.split('?', 1)[0]} {protocol}", *record.args[1:])
        return True
