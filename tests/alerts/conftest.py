"""A real SMTP server (aiosmtpd) on 127.0.0.1 for the alert tests: Django's SMTP backend sends to
it and the tests read what it received, parsed as a mail client would."""
import asyncio
import email
import email.policy
import socket
import threading

import pytest
from aiosmtpd.controller import Controller


class Inbox:
    """What the server received, and addresses it refuses (451, as a greylisting server would)."""

    def __init__(self):
        self.messages, self.refuse, self.lock = [], set(), threading.Lock()
        # After this many messages the server holds the next one unanswered (a test kills the sender
        # meanwhile), then refuses it: it is never delivered.
        self.hold_after, self.holding = None, threading.Event()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return "451 4.7.1 Please try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.hold_after is not None and len(self.messages) >= self.hold_after:
            self.holding.set()
            while self.hold_after is not None:
                await asyncio.sleep(0.02)
            return "451 4.3.0 Sender went away"
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self.lock:
            self.messages.append((list(envelope.rcpt_tos), message))
        return "250 Message accepted for delivery"

    def to(self, address):
        with self.lock:
            return [m for rcpt, m in self.messages if address in rcpt]

    def clear(self):
        with self.lock:
            self.messages.clear()


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def smtp_server():
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    try:
        yield controller, inbox
    finally:
        controller.stop()


@pytest.fixture
def inbox(smtp_server, settings):
    """Django's SMTP backend pointed at the local server; an empty inbox for the test."""
    controller, box = smtp_server
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = controller.hostname, controller.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.ARCHIVE_SITE_URL = "https://nghisu.example"
    box.clear()
    box.refuse.clear()
    box.hold_after = None
    box.holding.clear()
    yield box
    box.hold_after = None


def parts(message):
    """(plain text, HTML) of a received message."""
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    return text, html
