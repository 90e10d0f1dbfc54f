"""A database outage: pages answer 503 with the friendly page (no SQL, no trace), and the portal
recovers by itself when the database is back, with no restart. PostgreSQL is reached through a
small TCP relay that the test cuts and restores."""

import contextlib
import socket
import threading

import pytest
from sqlalchemy.engine import make_url

from portal import create_app
from tests.conftest import POSTGRES_URL


class Relay:
    """127.0.0.1:<port> -> the PostgreSQL server, which can be cut (every connection dropped and
    new ones refused) and restored on the same port."""

    def __init__(self, host: str, port: int):
        self.target = (host, port)
        probe = socket.socket()
        probe.bind(("127.0.0.1", 0))
        self.port = probe.getsockname()[1]
        probe.close()
        self.connections: list[socket.socket] = []
        self.listener = None
        self.up()

    def up(self):
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", self.port))
        self.listener.listen()
        threading.Thread(target=self._accept, args=(self.listener,), daemon=True).start()

    def down(self):
        # shutdown() first: on Linux a plain close() leaves a thread blocked in accept() listening.
        with contextlib.suppress(OSError):
            self.listener.shutdown(socket.SHUT_RDWR)
        self.listener.close()
        for connection in self.connections:
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)
            connection.close()
        self.connections = []

    def _accept(self, listener):
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(self.target)
            self.connections += [client, upstream]
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    @staticmethod
    def _pump(source, sink):
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, sink):
                with contextlib.suppress(OSError):
                    sock.close()


@pytest.mark.skipif(not POSTGRES_URL, reason="PostgreSQL is not available: run the suite with scripts/test.sh")
def test_outage_gives_503_and_the_portal_recovers_by_itself(postgres_schema):
    url = make_url(POSTGRES_URL)
    relay = Relay(url.host or "127.0.0.1", url.port or 5432)
    app = create_app(
        {
            "PORTAL_ENV": "testing",
            "SQLALCHEMY_DATABASE_URI": url.set(host="127.0.0.1", port=relay.port).render_as_string(hide_password=False),
        }
    )
    client = app.test_client()
    try:
        assert client.get("/opportunities/").status_code == 200
        assert client.get("/healthz").status_code == 200

        relay.down()
        for path in ("/opportunities/", "/opportunities/1", "/healthz"):
            response = client.get(path)
            assert response.status_code == 503, path
        page = client.get("/opportunities/").get_data(as_text=True)
        assert "Sorry, the service is unavailable" in page
        assert "SELECT" not in page and "Traceback" not in page and "psycopg" not in page

        relay.up()
        # No restart: the next requests find the database again.
        assert client.get("/careers/").status_code == 200
        assert client.get("/opportunities/1").status_code == 404  # answered by the database again
        assert client.get("/opportunities/").status_code == 200
        assert client.get("/healthz").json == {"status": "ok", "database": "up"}
    finally:
        relay.down()
        with app.app_context():
            from portal.extensions import db

            db.engine.dispose()
