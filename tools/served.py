"""The built site served on 127.0.0.1 as GitHub Pages serves it, for `make audit` and `make bench`,
which measure what a reader downloads: text gzipped when the browser accepts gzip (with
Content-Encoding, the compressed Content-Length and Vary), everything else as it is on disk,
connections kept alive, and GitHub Pages' ten-minute cache lifetime.

Python's http.server does not compress, and no package in our pins serves files; these lines do.
"""

from __future__ import annotations

import contextlib
import email.utils
import functools
import gzip
import http.server
import os
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

# What GitHub Pages compresses: text, not images or fonts (compressed already).
GZIP_TYPES = ("text/html", "text/css", "text/javascript", "application/javascript", "application/json",
              "image/svg+xml", "application/xml", "text/xml", "text/plain", "application/manifest+json")


@dataclass
class Served:
    """The site's address, and the bytes of each response body sent, by path, since `sent` was
    last cleared."""

    url: str = ""
    sent: list[tuple[str, int]] = field(default_factory=list)


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # a browser keeps its connection to GitHub Pages
    served: Served

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        pass

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "max-age=600")  # GitHub Pages' ten minutes
        super().end_headers()

    def send_head(self):  # noqa: ANN201 - the base class returns a file object or None
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?", 1)[0].endswith("/"):
            path = path / "index.html"
        content_type = self.guess_type(str(path))
        if not (path.is_file() and content_type.split(";")[0] in GZIP_TYPES and accepts_gzip(self.headers)):
            body = super().send_head()  # redirects, 404s, images, and browsers that do not ask
            if body is not None and path.is_file():
                self.served.sent.append((self.path, path.stat().st_size))
            return body
        stat = path.stat()
        data = gzipped(str(path), stat.st_mtime_ns)
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Last-Modified", email.utils.formatdate(stat.st_mtime, usegmt=True))
        self.end_headers()
        self.served.sent.append((self.path, len(data)))
        return _Body(data)


class _Body:
    """The file-like object send_head returns; do_GET copies it, do_HEAD closes it."""

    def __init__(self, data: bytes) -> None:
        self.data = data

    def read(self, size: int = -1) -> bytes:
        data, self.data = (self.data, b"") if size < 0 else (self.data[:size], self.data[size:])
        return data

    def close(self) -> None:
        self.data = b""


def accepts_gzip(headers) -> bool:  # noqa: ANN001 - an http.client.HTTPMessage
    for part in headers.get("Accept-Encoding", "").split(","):
        coding, _, params = part.strip().partition(";")
        if coding.strip().lower() in ("gzip", "*"):
            quality = re.search(r"q\s*=\s*([0-9.]+)", params)
            return not quality or float(quality.group(1)) > 0
    return False


@functools.lru_cache(maxsize=512)
def gzipped(path: str, mtime_ns: int) -> bytes:  # mtime_ns is part of the cache key
    # Level 6: what web servers use by default.
    return gzip.compress(Path(path).read_bytes(), compresslevel=6, mtime=0)


@contextlib.contextmanager
def serve(site: Path) -> Iterator[Served]:
    """The site folder served at the root of a local address until the block ends."""
    served = Served()
    handler = functools.partial(type("Handler", (GzipHandler,), {"served": served}), directory=os.fspath(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    served.url = f"http://127.0.0.1:{server.server_address[1]}/"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield served
    finally:
        server.shutdown()
        server.server_close()
