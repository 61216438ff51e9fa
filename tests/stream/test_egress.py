"""The egress policy of stream destinations: which addresses and URLs a room may push to, and that a
relay checks before every connect, dials what it checked and tells a tenant only a failure class."""

from __future__ import annotations

import logging
import time
from ipaddress import ip_address

import pytest
from evercast_testkit import LOOPBACK_EGRESS, AcceptCounter

from core.settings import EgressSettings
from stream.egress import EgressError, address_allowed, check_destination, is_public
from stream.push import FAILURES, Destination, DestinationRelay
from stream.room import wait_for

STRICT = EgressSettings()

NOT_PUBLIC = [
    "127.0.0.1", "127.255.0.9", "0.0.0.0", "0.1.2.3", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1",
    "169.254.169.254", "169.254.0.1", "100.64.0.1", "100.127.255.254", "192.0.0.8", "192.0.2.1", "198.18.0.1",
    "198.51.100.7", "203.0.113.9", "224.0.0.1", "239.255.255.250", "240.0.0.1", "255.255.255.255",
    "::", "::1", "::127.0.0.1", "fc00::1", "fd12:3456::1", "fe80::1", "fec0::1", "ff02::1", "100::1",
    "2001:db8::1", "3fff::1", "2001:2::1",
    "::ffff:127.0.0.1", "::ffff:169.254.169.254", "::ffff:10.0.0.1",  # v4-mapped
    "64:ff9b::7f00:1", "64:ff9b::a9fe:a9fe", "64:ff9b:1::808:808",  # NAT64 (and its local-use range)
    "2002:7f00:1::1", "2002:a9fe:a9fe::1",  # 6to4 of loopback and metadata
    "2001:0:4136:e378:8000:63bf:80ff:fffe",  # Teredo whose client is 127.0.0.1 (stored inverted)
    "2001:0:a00:1:8000:63bf:f7f7:f7f7",  # Teredo whose server is 10.0.0.1 (client 8.8.8.8)
]
PUBLIC = ["8.8.8.8", "1.1.1.1", "100.128.0.1", "172.32.0.1", "192.169.0.1", "2606:4700:4700::1111",
          "::ffff:8.8.8.8", "64:ff9b::808:808", "2002:808:808::1", "2001:0:4136:e378:8000:63bf:f7f7:f7f7"]


@pytest.mark.parametrize("address", NOT_PUBLIC)
def test_non_public_addresses_are_refused(address):
    assert not is_public(ip_address(address))
    assert not address_allowed(ip_address(address), STRICT)


@pytest.mark.parametrize("address", PUBLIC)
def test_public_addresses_pass_also_when_carried_in_ipv6(address):
    assert is_public(ip_address(address))


def test_allowed_ranges_open_exactly_themselves():
    assert address_allowed(ip_address("127.0.0.1"), LOOPBACK_EGRESS)
    assert address_allowed(ip_address("::ffff:127.0.0.1"), LOOPBACK_EGRESS), "judged as the IPv4 it carries"
    assert address_allowed(ip_address("::1"), LOOPBACK_EGRESS)
    for other in ("10.0.0.1", "169.254.169.254", "fe80::1", "::ffff:10.0.0.1", "fc00::1", "64:ff9b::a00:1"):
        assert not address_allowed(ip_address(other), LOOPBACK_EGRESS), other


@pytest.mark.parametrize("host", [
    "127.0.0.1", "[::1]", "localhost", "2130706433", "0x7f.1", "017700000001", "127.1", "[::ffff:127.0.0.1]",
    "[::ffff:7f00:1]", "169.254.169.254", "[::ffff:169.254.169.254]", "[64:ff9b::a9fe:a9fe]", "10.0.0.1",
    "0.0.0.0", "[::]", "100.64.0.1", "224.0.0.1", "[fe80::1]", "[fd00::1]", "[2002:a9fe:a9fe::1]",
])
def test_internal_hosts_in_any_spelling_are_refused(host):
    with pytest.raises(EgressError) as refused:
        check_destination(f"rtmp://{host}:1935/live/key", "custom", STRICT)
    assert refused.value.kind == "refused"
    assert host.strip("[]") not in str(refused.value), "the message does not echo the host"


@pytest.mark.parametrize("url", [
    "http://8.8.8.8/live/k", "RTMP://8.8.8.8/live/k", "rtmpt://8.8.8.8/live/k", "srt://8.8.8.8:9000",
    "file:///etc/passwd", "rtmp://user:pw@8.8.8.8/live/k", "rtmp://127.0.0.1@8.8.8.8/live/k",
    "rtmp://8.8.8.8@127.0.0.1/live/k", "rtmp://8.8.8.8\\@127.0.0.1/live/k", "rtmp://8.8.8.8/live/k\r\nX: y",
    "rtmp://8.8.8.8/live/k\x00", "rtmp://8.8.8.8/li ve/k", "rtmp:///live/k", "rtmp://8.8.8.8:0/live/k",
    "rtmp://8.8.8.8:99999/live/k", "rtmp://8.8.8.8:x/live/k", "rtmp://[fe80::1%25eth0]/live/k",
    "rtmp://[::1/live/k", "rtmp://exämple.com/live/k", "rtmp://a%2eb/live/k", "rtmp://" + "a" * 3000,
])
def test_only_plain_rtmp_urls_are_accepted(url):
    with pytest.raises(EgressError) as refused:
        check_destination(url, "custom", LOOPBACK_EGRESS)
    assert refused.value.kind == "refused"


def test_a_public_destination_is_dialled_at_its_checked_address():
    target = check_destination("rtmp://8.8.8.8/live/k", "custom", STRICT)
    assert (target.dial_url, target.tc_url) == ("rtmp://8.8.8.8:1935/live/k", "rtmp://8.8.8.8/live")
    v6 = check_destination("rtmp://[2606:4700:4700::1111]:1936/app/k?sign=1", "custom", STRICT)
    assert v6.dial_url == "rtmp://[2606:4700:4700::1111]:1936/app/k?sign=1"
    tls = check_destination("rtmps://localhost:1943/live/k", "custom", LOOPBACK_EGRESS)
    assert tls.dial_url in ("rtmps://127.0.0.1:1943/live/k", "rtmps://[::1]:1943/live/k"), "rtmps dials the address too"
    assert tls.host == "localhost", "the certificate is checked for the name"


def test_a_name_is_dialled_at_the_address_it_resolved_to_and_keeps_its_name_in_tcurl():
    target = check_destination("rtmp://localhost:1940/live/k", "custom", LOOPBACK_EGRESS)
    assert target.dial_url in ("rtmp://127.0.0.1:1940/live/k", "rtmp://[::1]:1940/live/k")
    assert target.tc_url == "rtmp://localhost:1940/live"


def test_platforms_accept_only_their_ingest_hosts():
    for host in ("douyincdn.com.evil.example", "evildouyincdn.com", "8.8.8.8", "douyincdn.com@8.8.8.8"):
        with pytest.raises(EgressError) as refused:
            check_destination(f"rtmp://{host}/third/k", "douyin", STRICT)
        assert refused.value.kind == "refused", host
    for host in ("push-rtmp-l1.douyincdn.com", "douyincdn.com", "PUSH.DOUYINCDN.COM", "push.douyincdn.com."):
        try:  # offline the name does not resolve; online it is Douyin's: either way the host list let it through
            check_destination(f"rtmp://{host}/third/k", " Douyin ", STRICT)
        except EgressError as exc:
            assert exc.kind == "unresolved", (host, exc)
    with pytest.raises(EgressError, match="unknown platform"):
        check_destination("rtmp://8.8.8.8/live/k", "myspace", STRICT)
    assert check_destination("rtmp://127.0.0.1/live/k", "douyin", LOOPBACK_EGRESS).address == ip_address("127.0.0.1")
    with pytest.raises(EgressError) as refused:  # on the host list, still not at an address that is allowed
        check_destination("rtmp://127.0.0.1/live/k", "douyin",
                          EgressSettings(platforms={"douyin": ["127.0.0.1"]}))
    assert refused.value.kind == "refused"


def test_a_host_that_does_not_resolve_is_refused_as_unresolved():
    with pytest.raises(EgressError) as refused:
        check_destination("rtmp://no-such-host.invalid/live/k", "custom", STRICT)
    assert refused.value.kind == "unresolved"


@pytest.fixture
def listener():
    server = AcceptCounter()
    yield server
    server.close()


def relay_to(url: str, egress: EgressSettings, source: str = "rtmp://127.0.0.1:9/live/none") -> DestinationRelay:
    from stream.backoff import Backoff

    return DestinationRelay(Destination(id="d", url=url), source,
                            backoff=Backoff(initial_s=0.1, max_s=0.2), egress=egress, io_timeout_s=1.0)


def test_the_relay_checks_before_every_connect_and_never_dials_a_refused_address(listener):
    relay = relay_to(f"rtmp://127.0.0.1:{listener.port}/live/secret-key", STRICT).start()
    try:
        assert wait_for(lambda: relay.stats.restarts >= 5, 10), "the relay keeps retrying"
        time.sleep(0.5)
    finally:
        relay.stop()
    assert listener.accepted == 0
    assert relay.stats.last_error == FAILURES["refused"]
    assert relay.stats.auth_failures == 0, "a refusal is not a rejected key"


def test_the_relay_dials_the_address_it_checked_and_tells_the_server_the_name():
    url = "rtmp://localhost:1940/live/secret-key"
    relay = relay_to(url, LOOPBACK_EGRESS)
    command = relay._command(check_destination(url, "custom", relay.egress))
    assert command[5] in ("rtmp://127.0.0.1:1940/live/secret-key", "rtmp://[::1]:1940/live/secret-key")
    assert command[command.index("--tc-url") + 1] == "rtmp://localhost:1940/live"


def test_tenants_see_a_failure_class_and_the_operator_log_gets_the_copy_s_words(listener, caplog):
    relay = relay_to(f"rtmp://127.0.0.1:{listener.port}/live/secret-key", LOOPBACK_EGRESS)
    with caplog.at_level(logging.WARNING, logger="stream.push"):
        relay.start()
        try:
            assert wait_for(lambda: relay.stats.restarts >= 2, 20)
        finally:
            relay.stop()
    assert listener.accepted >= 2, "an allowed address is dialled"
    assert relay.stats.last_error in (FAILURES["unreachable"], FAILURES["rejected"])
    operator = "\n".join(r.getMessage() for r in caplog.records if r.name == "stream.push")
    assert f"127.0.0.1:{listener.port}" in operator and "secret-key" not in operator, operator
