"""A local HTTP server for the archive's tests: pages that behave as cited pages do in the wild.

It listens on 127.0.0.1 only (the tests allow-list that host); nothing here reaches the network.
"""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PAGE = (
    "<!doctype html><html><head><title>Сообщение МВД</title>"
    "<script>document.title = 'script ran'</script><style>p{color:red}</style></head>"
    "<body><p>По данным МВД,   в Алматы\n задержаны 12 человек.</p>"
    '<img src="https://tracker.example/pixel.gif"></body></html>'
)


class Handler(BaseHTTPRequestHandler):
    server: "ArchiveServer"

    def log_message(self, *args):  # quiet tests
        pass

    def _send(self, status: int, body: bytes, content_type="text/html; charset=utf-8", **extra):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in extra.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()
        self.wfile.write(body)

    def _redirect(self, location: str):
        self.send_response(302)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_GET(self):
        self.server.hits.append(self.path)
        path = self.path
        if path in self.server.gone:  # a page that was there and vanished
            self._send(404, b"<p>not found</p>")
        elif path == "/page":
            self._send(200, PAGE.encode(), X_Served_By="archive-test")
        elif path == "/text":
            self._send(200, b"plain words", "text/plain; charset=utf-8")
        elif path == "/r1":
            self._redirect("/r2")
        elif path == "/r2":
            self._redirect(f"http://127.0.0.1:{self.server.server_port}/page")
        elif path.startswith("/loop/"):
            self._redirect(f"/loop/{int(path.rsplit('/', 1)[1]) + 1}")
        elif path == "/huge":  # declares its size
            self._send(200, b"x" * 5000, "text/plain")
        elif path == "/huge-undeclared":  # says nothing of its size: read until the limit
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()
            self.wfile.write(b"y" * 5000)
            self.close_connection = True
        elif path == "/slow":  # answers only when the test is over
            self.server.release.wait(30)
            self._send(200, b"late")
        elif path == "/trickle":  # headers a line at a time, each well within the read timeout
            self.wfile.write(b"HTTP/1.1 200 OK\r\n")
            while not self.server.release.wait(0.2):
                self.wfile.write(b"X-Slow: a\r\n")
                self.wfile.flush()
        elif path == "/changing":
            self.server.version += 1
            self._send(200, f"<p>version {self.server.version}</p>".encode())
        elif path == "/to-loopback":
            self._redirect(f"http://127.0.0.1:{self.server.server_port}/page")
        elif path == "/to-metadata":
            self._redirect("http://169.254.169.254/latest/meta-data/")
        elif path in self.server.files:  # media and pages a test puts there
            body, content_type = self.server.files[path]
            self._send(200, body, content_type)
        elif path.startswith("/save/"):  # a public web archive's save service, as the Wayback's
            self._redirect("/web/20261130000000/" + path.removeprefix("/save/"))
        elif path.startswith("/web/"):
            self._send(200, b"<p>saved copy</p>")
        elif path == "/gone":
            self._send(404, b"<p>not found</p>")
        else:
            self._send(404, b"<p>no such page</p>")


class ArchiveServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), Handler)
        self.hits: list[str] = []
        self.gone: set[str] = set()
        self.version = 0
        self.files: dict[str, tuple[bytes, str]] = {}
        self.release = threading.Event()

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.server_port}{path}"


def start() -> ArchiveServer:
    server = ArchiveServer()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def stop(server: ArchiveServer) -> None:
    server.release.set()
    server.shutdown()
    server.server_close()


def stored_capture(citation, body: str = PAGE, content_type: str = "text/html; charset=utf-8"):
    """A good capture of `citation`'s page as if fetched, without any network (services.store)."""
    from sources.archiving import services
    from sources.archiving.fetch import Fetched

    fetched = Fetched(
        requested_url=citation.url,
        final_url=citation.url,
        status=200,
        reason_phrase="OK",
        headers=[("Content-Type", content_type)],
        request_headers=[("GET", "/ HTTP/1.1"), ("Host", "example.test")],
        body=body.encode(),
        address="203.0.113.7",
    )
    return services.store(citation=citation, fetched=fetched)
