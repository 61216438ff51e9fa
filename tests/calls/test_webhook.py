"""The interest webhook against real HTTP(S) servers on loopback: refused addresses, a resolver that rebinds
between the check and the delivery (the request still reaches the checked address), the host name kept in the
Host header and the TLS server name, and the signature on the bytes that arrive."""

from __future__ import annotations

import hashlib
import hmac
import socket
import ssl
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from ipaddress import ip_network
from pathlib import Path

import pytest
from calls_kit import self_signed

from core.errors import InputError
from workers.commands.call_webhook import check_webhook_url, post, sign

LOOPBACK = [ip_network("127.0.0.0/8")]
NAME = "hooks.example"


class _Hooks(BaseHTTPRequestHandler):
    def do_POST(self) -> None:  # noqa: N802 - http.server's name
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.server.received.append((dict(self.headers), body))  # type: ignore[attr-defined]
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


class Server:
    """An HTTP(S) server on a loopback address of its own that keeps what it was sent (and the TLS names asked)."""

    def __init__(self, ip: str, context: ssl.SSLContext | None = None) -> None:
        self.http = HTTPServer((ip, 0), _Hooks)
        self.http.received = []  # type: ignore[attr-defined]
        self.server_names: list[str | None] = []
        if context is not None:
            context.sni_callback = lambda sock, name, ctx: self.server_names.append(name)
            self.http.socket = context.wrap_socket(self.http.socket, server_side=True)
        self.ip, self.port = ip, self.http.server_port
        threading.Thread(target=self.http.serve_forever, daemon=True).start()

    @property
    def received(self) -> list[tuple[dict[str, str], bytes]]:
        return self.http.received  # type: ignore[attr-defined]

    def stop(self) -> None:
        self.http.shutdown()
        self.http.server_close()


@pytest.fixture
def rebinding(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[str]]:
    """A resolver for ``NAME`` that answers the first lookup with the test's address and every later one with
    the cloud metadata address, as a rebinding attacker's DNS would; other names and literals resolve as usual."""
    real = socket.getaddrinfo
    answers: dict[str, list[str]] = {"first": [], "asked": []}

    def resolve(host, port, *args, **kwargs):  # type: ignore[no-untyped-def]
        if host != NAME:
            return real(host, port, *args, **kwargs)
        answers["asked"].append(host)
        ip = answers["first"][0] if len(answers["asked"]) == 1 else "169.254.169.254"
        return [(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP, "", (ip, port))]

    monkeypatch.setattr(socket, "getaddrinfo", resolve)
    return answers


@pytest.fixture
def plain() -> Iterator[Server]:
    server = Server("127.0.0.9")
    yield server
    server.stop()


def test_addresses_outside_the_public_internet_are_refused_unless_allowed(plain: Server):
    for url in (f"http://127.0.0.9:{plain.port}/hook", f"http://localhost:{plain.port}/hook",
                "http://169.254.169.254/latest/meta-data", "http://[::1]/hook", "http://10.1.2.3/hook",
                "http://[::ffff:127.0.0.1]/hook"):
        with pytest.raises(InputError, match="not allowed"):
            check_webhook_url(url, [])
    for url in ("ftp://example.com/x", "http://user:pw@example.com/", "http://exa mple.com/"):
        with pytest.raises(InputError, match="plain https"):
            check_webhook_url(url, [])
    assert check_webhook_url(f"http://127.0.0.9:{plain.port}/hook?x=1", LOOPBACK).dial_url == \
        f"http://127.0.0.9:{plain.port}/hook?x=1"
    with pytest.raises(InputError, match="not allowed"):  # the allowed range is all that is let through
        check_webhook_url("http://169.254.169.254/latest/meta-data", LOOPBACK)


def test_the_delivery_goes_to_the_checked_address_under_the_hosts_name(plain: Server, rebinding):
    rebinding["first"].append(plain.ip)
    target = check_webhook_url(f"http://{NAME}:{plain.port}/hooks/evercast", LOOPBACK)
    assert rebinding["asked"] == [NAME]  # resolved once
    body = b'{"event": "interest"}'
    status = post(target, body, {"Content-Type": "application/json", "X-Evercast-Signature": sign(body, "k")}, 5)
    assert status == 204
    assert rebinding["asked"] == [NAME]  # the delivery did not look the name up again (it would get 169.254...)
    ((headers, got),) = plain.received
    assert got == body and headers["Host"] == f"{NAME}:{plain.port}"
    assert headers["X-Evercast-Signature"] == "sha256=" + hmac.new(b"k", got, hashlib.sha256).hexdigest()
    # a second check resolves afresh and sees the rebound answer
    with pytest.raises(InputError, match="not allowed"):
        check_webhook_url(f"http://{NAME}:{plain.port}/hooks/evercast", LOOPBACK)


def test_https_keeps_the_name_for_sni_and_the_certificate_check(tmp_path: Path, rebinding, monkeypatch):
    cert, key = self_signed(tmp_path, NAME)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server = Server("127.0.0.10", context)
    try:
        rebinding["first"].append(server.ip)
        target = check_webhook_url(f"https://{NAME}:{server.port}/hook", LOOPBACK)
        body = b'{"event": "interest"}'
        with pytest.raises(Exception, match="could not be reached"):  # a certificate the system does not trust
            post(target, body, {}, 5)
        monkeypatch.setenv("SSL_CERT_FILE", str(cert))  # now it does: verified against the name, not the address
        assert post(target, body, {}, 5) == 204
        assert server.server_names[-1] == NAME and server.received[-1][1] == body
        assert server.received[-1][0]["Host"] == f"{NAME}:{server.port}"
        assert rebinding["asked"] == [NAME]
    finally:
        server.stop()
