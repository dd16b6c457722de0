"""The built site served on 127.0.0.1 as GitHub Pages serves it: text gzipped when the browser
accepts it, everything else as it is on disk. For `make audit` and `make bench`, which measure
what a reader downloads.

Python's http.server does not compress; no library in our pins does what these few lines do.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

# What GitHub Pages compresses: text. Pagefind's index files are gzipped on disk already.
COMPRESSED = {".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".map", ".webmanifest"}


@dataclass
class Served:
    """The site's address, and the bytes sent for each path since `sent` was last cleared."""

    url: str
    sent: list[tuple[str, int]] = field(default_factory=list)


class _Handler(http.server.SimpleHTTPRequestHandler):
    served: Served

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        pass

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?")[0].endswith("/"):
            path = path / "index.html"
        if (path.suffix in COMPRESSED and path.is_file()
                and "gzip" in self.headers.get("Accept-Encoding", "")):
            body = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
            self.send_response(200)
            self.send_header("Content-Type", self.guess_type(str(path)))
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Vary", "Accept-Encoding")
            self.end_headers()
            self.wfile.write(body)
            self.served.sent.append((self.path, len(body)))
            return
        super().do_GET()
        if path.is_file():
            self.served.sent.append((self.path, path.stat().st_size))


@contextlib.contextmanager
def serve(site: Path) -> Iterator[Served]:
    """The site folder served at the root of a local address until the block ends."""
    served = Served("")
    handler = functools.partial(type("Handler", (_Handler,), {"served": served}), directory=os.fspath(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    served.url = f"http://127.0.0.1:{server.server_address[1]}/"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield served
    finally:
        server.shutdown()
        server.server_close()
