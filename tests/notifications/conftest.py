"""A real SMTP server on a loopback port (aiosmtpd), and helpers to run the worker."""

import asyncio
import email
import socket
import threading
from email import policy

import pytest
from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Inbox:
    """Every message the server accepted, parsed; ``refuse`` makes it answer with an SMTP code."""

    def __init__(self):
        self.messages = []
        self.lock = threading.Lock()
        self.refuse: str | None = None
        self.delay = 0.0

    async def handle_DATA(self, server, session, envelope):
        if self.refuse:
            return self.refuse
        if self.delay:
            await asyncio.sleep(self.delay)
        parsed = email.message_from_bytes(envelope.content, policy=policy.default)
        with self.lock:
            self.messages.append({"to": envelope.rcpt_tos, "message": parsed})
        return "250 OK"


@pytest.fixture
def smtp_server():
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    inbox.url = f"smtp://127.0.0.1:{port}"
    yield inbox
    controller.stop()


@pytest.fixture
def mail_app(app, smtp_server):
    app.config["MAIL_URL"] = smtp_server.url
    app.config["PUBLIC_URL"] = "http://localhost"
    return app


def burst(app) -> int:
    return app.extensions["portal_queue"].burst()


def parts(message) -> tuple[str, str]:
    """The plain-text and HTML parts of an email."""
    text = message.get_body(preferencelist=("plain",)).get_content()
    html_part = message.get_body(preferencelist=("html",))
    return text, html_part.get_content() if html_part else ""
