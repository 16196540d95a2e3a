"""Reading study records from a file one at a time, with a guard against deep nesting."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import IO, Any

import ijson
import orjson

from trials.importer.fields import StudyError

PAGE_START_RE = re.compile(rb'^(?:\xef\xbb\xbf)?\s*\{\s*"studies"\s*:\s*\[')
LIST_START_RE = re.compile(rb"^(?:\xef\xbb\xbf)?\s*\[")
PEEK_BYTES = 4096
# A file up to this size is read whole and parsed by orjson (several times faster than
# building each study from ijson's events); a page of 1,000 generated studies (14 MB) peaks
# at ~200 MB of RSS in all, so a file of this size stays under 300 MB. Bigger files are
# streamed one study at a time, as before, so memory does not grow with the file.
WHOLE_FILE_BYTES = 16 * 1024 * 1024
# orjson reads integers beyond 64 bits as floats where ijson refuses them (and near 2**63
# the two may differ): such a file (or any text with a run of 19 digits) goes through ijson,
# so it is imported, or refused, exactly as before.


# Real records nest about a dozen levels deep. ijson's C parser needs memory that grows
# with the square of the depth (50,000 levels took 6 GB), so deeper input is refused
# while it is read, before the parser sees it.
MAX_NESTING = 64
_QUOTED = re.compile(rb'"[^"]*"')
_NOT_STRUCTURE = bytes(b for b in range(256) if b not in b'[]{}"')


class NestingGuard:
    """A binary stream that counts JSON nesting as it is read and stops at MAX_NESTING.

    The depth is checked at the end of every small chunk, so within a chunk it can
    overshoot by at most CHUNK levels, which is harmless. String contents are skipped:
    brackets inside text do not count. Done with bytes methods that run in C (escapes
    removed, then everything but brackets and quotes): 10 times faster than a regular
    expression over the whole text, which took a quarter of the import time.
    """

    CHUNK = 2048

    def __init__(self, stream: IO[bytes]):
        self.stream = stream
        self.depth = 0
        self.in_string = False
        self.backslash = b""  # an odd run of backslashes at the end of the previous chunk

    def read(self, size: int = -1) -> bytes:
        data = self.stream.read(self.CHUNK if size is None or size < 0 else min(size, self.CHUNK))
        if data:
            self._count(data)
        return data

    def _count(self, data: bytes) -> None:
        data = self.backslash + data
        if b"\\" in data:
            stripped = data.rstrip(b"\\")
            # Only the parity of a trailing run matters (pairs are escaped backslashes).
            self.backslash = b"\\" * ((len(data) - len(stripped)) % 2)
            data = stripped.replace(b"\\\\", b"").replace(b'\\"', b"")
        else:
            self.backslash = b""
        # Left: brackets and the quotes around strings, escaped quotes gone.
        text = data.translate(None, _NOT_STRUCTURE)
        if self.in_string:
            text = b'"' + text
        text = _QUOTED.sub(b"", text)
        quote = text.find(b'"')
        self.in_string = quote != -1  # a string runs on into the next chunk
        if self.in_string:
            text = text[:quote]
        opened = text.count(b"[") + text.count(b"{")
        self.depth += opened - (len(text) - opened)
        if self.depth > MAX_NESTING:
            raise StudyError(f"the JSON is nested more than {MAX_NESTING} levels deep")


def nests_deeper(value: Any, limit: int = MAX_NESTING) -> bool:
    """Whether parsed JSON has containers nested more than `limit` deep (the top is 1).

    One level at a time, with list comprehensions: a fifth of orjson's time for a page,
    a sixth of the same check on the bytes (strings must be skipped there).
    """
    level = [value] if type(value) in _CONTAINERS else []
    for _ in range(limit):
        if not level:
            return False
        level = [
            item
            for container in level
            for item in (container.values() if type(container) is dict else container)
            if type(item) in _CONTAINERS  # what orjson makes: exact types, a set lookup
        ]
    return bool(level)


_CONTAINERS = frozenset({dict, list})


def has_long_number(data: bytes) -> bool:
    """Whether the text has a run of 19 digits (in a string or not: then it is only slower)."""
    return _LONG_RUN in data.translate(_DIGITS_AS_ZERO)


_DIGITS_AS_ZERO = bytes(48 if 48 <= b <= 57 else 32 for b in range(256))
_LONG_RUN = b"0" * 19


class _Replay:
    """A binary stream that first gives back the bytes already peeked at."""

    def __init__(self, head: bytes, stream: IO[bytes]):
        self.head = head
        self.stream = stream

    def read(self, size: int = -1) -> bytes:
        if not self.head:
            return self.stream.read(size)
        if size is None or size < 0:
            data, self.head = self.head + self.stream.read(), b""
            return data
        data, self.head = self.head[:size], self.head[size:]
        return data


def iter_studies(stream: IO[bytes]) -> Iterator[Any]:
    """Yield each study from a single-study object, a {"studies": [...]} page or a list.

    A file of up to WHOLE_FILE_BYTES that orjson reads is parsed at once (then its nesting
    checked); anything else, including every file orjson refuses, is streamed by ijson with
    only one study in memory at a time, which also gives the error messages.
    """
    head = _read_up_to(stream, WHOLE_FILE_BYTES + 1)
    if len(head) <= WHOLE_FILE_BYTES:
        whole = _parse_whole(head)
        if whole is not None:
            yield from whole
            return
    yield from _stream_studies(NestingGuard(_Replay(head, stream)))


def _read_up_to(stream: IO[bytes], size: int) -> bytes:
    parts = []
    while size > 0:
        data = stream.read(size)
        if not data:
            break
        parts.append(data)
        size -= len(data)
    return b"".join(parts)


def _parse_whole(data: bytes) -> list[Any] | None:
    """The studies of a whole file, or None when it must be streamed instead."""
    if has_long_number(data):
        return None  # ijson decides, as before
    try:
        value = orjson.loads(data)  # it refuses nesting beyond 1,024 levels
    except orjson.JSONDecodeError:
        return None  # ijson gives the error (and where it is), or names the nesting
    if nests_deeper(value):
        raise StudyError(f"the JSON is nested more than {MAX_NESTING} levels deep")
    if isinstance(value, list):
        return value
    if isinstance(value, dict) and "studies" in value:
        if not isinstance(value["studies"], list):
            raise StudyError("studies: expected a list of studies")
        return value["studies"]
    if not isinstance(value, dict):
        raise StudyError("expected a study object or a {\"studies\": [...]} page")
    return [value]


def _stream_studies(stream: IO[bytes]) -> Iterator[Any]:
    head = stream.read(PEEK_BYTES) or b""
    replay = _Replay(head, stream)
    if PAGE_START_RE.match(head):
        yield from ijson.items(replay, "studies.item", use_float=True)
        return
    if LIST_START_RE.match(head):
        yield from ijson.items(replay, "item", use_float=True)
        return
    yield from _iter_studies_events(replay)


def _iter_studies_events(stream: IO[bytes]) -> Iterator[Any]:
    events = ijson.parse(stream, use_float=True)
    top = ijson.ObjectBuilder()
    item: ijson.ObjectBuilder | None = None
    saw_list = saw_any = False
    skip_key = False
    for prefix, event, value in events:
        saw_any = True
        if prefix in ("studies.item", "item") or prefix.startswith(("studies.item.", "item.")):
            if item is None:
                item = ijson.ObjectBuilder()
            item.event(event, value)
            if prefix in ("studies.item", "item") and event in ("end_map", "end_array") or (
                prefix in ("studies.item", "item")
                and event in ("string", "number", "boolean", "null")
            ):
                yield item.value
                item = None
            continue
        if prefix in ("studies", "") and event in ("start_array", "end_array"):
            if prefix == "" and event == "start_array":
                saw_list = True
            if prefix == "studies":
                saw_list = True
            continue
        if prefix == "studies" and event in ("string", "number", "boolean", "null", "start_map"):
            raise StudyError("studies: expected a list of studies")
        if prefix == "" and event == "map_key" and value == "studies":
            skip_key = True
            continue
        if skip_key and prefix == "studies":
            continue
        skip_key = False
        top.event(event, value)
    if not saw_any:
        raise StudyError("the file is empty")
    if saw_list:
        return
    if not isinstance(top.value, dict):
        raise StudyError("expected a study object or a {\"studies\": [...]} page")
    yield top.value


def batches(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch
