"""Upload handling that streams to disk and stops reading a file past the size limit."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadhandler import SkipFile, TemporaryFileUploadHandler
from django.http import HttpRequest

from gallery.services import upload_max_bytes

MAX_FILES_PER_REQUEST = 20


def request_max_bytes() -> int:
    """Largest request body accepted before reading it: answered with 413 beyond this."""
    return upload_max_bytes() * MAX_FILES_PER_REQUEST + 1024 * 1024


class LimitedUploadHandler(TemporaryFileUploadHandler):
    """Writes each file to a temporary file; a file over the limit is dropped as it
    streams in (nothing more is written) and its name is remembered in `too_large`."""

    def __init__(self, request: HttpRequest | None = None) -> None:
        super().__init__(request)
        self.max_bytes = upload_max_bytes()
        self.too_large: list[str] = []
        self.received = 0

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        self.received = 0
        super().new_file(*args, **kwargs)

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        self.received += len(raw_data)
        if self.received > self.max_bytes:
            self.file.close()  # a NamedTemporaryFile: closing removes it
            if self.file_name not in self.too_large:
                self.too_large.append(self.file_name)
            raise SkipFile
        return super().receive_data_chunk(raw_data, start)
