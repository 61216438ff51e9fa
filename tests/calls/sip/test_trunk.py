"""Trunk URLs: every part checked, hostile input refused with a message that names the part, never the password."""

from __future__ import annotations

import pytest

from calls.dialer import CallStatus, TrunkConfig
from calls.sip import SipTrunk, TrunkUrlError, parse_trunk_url
from calls.sip.outcome import status_for
from calls.sip.trunk import trunk_from_config


def test_full_url_is_parsed_and_the_password_stays_secret():
    trunk = parse_trunk_url("sip:acme:s3cr%40t@sip.example.com:5070;transport=tcp", caller_id="+861012345678",
                            max_channels=20, calls_per_second=2.5)
    assert (trunk.transport, trunk.host, trunk.port, trunk.username) == ("tcp", "sip.example.com", 5070, "acme")
    assert trunk.password.get_secret_value() == "s3cr@t"
    assert "s3cr" not in repr(trunk) and "s3cr" not in str(trunk) and "s3cr" not in trunk.model_dump_json()
    assert trunk.uri_for("+8613800138000") == "sip:+8613800138000@sip.example.com:5070;transport=tcp"
    assert trunk.from_uri == "sip:+861012345678@sip.example.com:5070"
    assert (trunk.max_channels, trunk.calls_per_second) == (20, 2.5)


@pytest.mark.parametrize(("url", "transport", "host", "port"), [
    ("sip:10.0.0.5", "udp", "10.0.0.5", 5060),
    ("sips:u:p@trunk.example.net", "tls", "trunk.example.net", 5061),
    ("sip:u:p@[2001:db8::1]:5080;transport=tls", "tls", "2001:db8::1", 5080),
    ("SIP:u@Trunk.Example.COM;TRANSPORT=UDP", "udp", "trunk.example.com", 5060),
])
def test_forms_of_the_url(url: str, transport: str, host: str, port: int):
    trunk = parse_trunk_url(url, caller_id="evercast")
    assert (trunk.transport, trunk.host, trunk.port) == (transport, host, port)


def test_a_trunk_may_ask_for_registration():
    trunk = parse_trunk_url("sip:acme:pw@trunk.example.com;transport=tcp;register=yes", caller_id="+861012345678")
    assert trunk.registers and trunk.aor_uri == "sip:acme@trunk.example.com:5060"
    assert not parse_trunk_url("sip:acme:pw@trunk.example.com", caller_id="1000").registers


def test_ipv6_trunk_uri_is_bracketed():
    assert parse_trunk_url("sip:[::1]:5062", caller_id="1000").uri_for("+123456") == "sip:+123456@[::1]:5062;transport=udp"


@pytest.mark.parametrize(("url", "names"), [
    ("", "empty"),
    ("http://u:hunter2@host", "sip: or sips:"),
    ("sip://u:hunter2@host", "'//'"),
    ("sip:u:hunter2@host:0", "port"),
    ("sip:u:hunter2@host:65536", "port"),
    ("sip:u:hunter2@host:50x", "port"),
    ("sip:u:hunter2@host;transport=sctp", "transport"),
    ("sips:u:hunter2@host;transport=udp", "transport"),
    ("sip:u:hunter2@host;maddr=evil.example", "parameter"),
    ("sip:u:hunter2@host?Subject=x", "headers"),
    ("sip:u:hunter2@host;register=maybe", "register must be yes or no"),
    ("sip:u@host;register=yes", "needs the trunk's user and password"),
    ("sip:u:hunter2@ho st", "spaces"),
    ("sip:u:hunter2@host\r\nVia: x", "control"),
    ("sip:u:hunter2@hôst", "non-ASCII"),
    ("sip:u:hunter2@-bad-.example", "DNS name"),
    ("sip:u:hunter2@999.1.1.1", "DNS name"),
    ("sip:u:hunter2@[::zz]", "IPv6"),
    ("sip:u:hunter2@[::1", "unclosed"),
    ("sip::hunter2@host", "user name"),
    ("sip:u<x>:hunter2@host", "user name"),
    ("sip:u:@host", "empty password"),
    ("sip:u:hunter2%0a@host", "control"),
    ("sip:u:hunter2@", "no host"),
    ("sip:" + "a" * 2000, "longer"),
])
def test_hostile_urls_are_refused_without_echoing_the_password(url: str, names: str):
    with pytest.raises(TrunkUrlError) as err:
        parse_trunk_url(url, caller_id="+8610000")
    assert names in str(err.value)
    assert "hunter2" not in str(err.value)


@pytest.mark.parametrize(("field", "value", "names"), [
    ("caller_id", "+86 10", "caller id"),
    ("caller_id", "<sip:x>", "caller id"),
    ("caller_id", "x" * 70, "caller id"),
    ("max_channels", 0, "max channels"),
    ("max_channels", 10_000, "max channels"),
    ("calls_per_second", 0, "calls per second"),
    ("calls_per_second", 1000, "calls per second"),
])
def test_limits_and_caller_id_are_checked(field: str, value: object, names: str):
    settings = {"caller_id": "+8610000", "max_channels": 10, "calls_per_second": 5.0, field: value}
    with pytest.raises(TrunkUrlError, match=names):
        parse_trunk_url("sip:trunk.example.com", **settings)  # type: ignore[arg-type]


@pytest.mark.parametrize("number", ["13800138000x", "+0123", "+1", "+86 138", "+8613800138000;user=phone", "a@b"])
def test_only_e164_numbers_become_request_uris(number: str):
    trunk = parse_trunk_url("sip:trunk.example.com", caller_id="+8610000")
    with pytest.raises(TrunkUrlError, match="E.164"):
        trunk.uri_for(number)


def test_the_campaigns_trunk_config_is_parsed():
    trunk = trunk_from_config(TrunkConfig(url="sip:u:p@10.1.2.3:5080", caller_id="+8610000", max_channels=3,
                                          calls_per_second=1.0))
    assert isinstance(trunk, SipTrunk) and (trunk.host, trunk.port, trunk.max_channels) == ("10.1.2.3", 5080, 3)


@pytest.mark.parametrize(("code", "status"), [
    (486, CallStatus.BUSY), (600, CallStatus.BUSY), (480, CallStatus.NO_ANSWER), (408, CallStatus.NO_ANSWER),
    (487, CallStatus.NO_ANSWER), (603, CallStatus.REJECTED), (403, CallStatus.REJECTED), (404, CallStatus.REJECTED),
    (488, CallStatus.FAILED), (500, CallStatus.FAILED), (503, CallStatus.FAILED),
])
def test_final_codes_map_to_outcomes(code: int, status: CallStatus):
    assert status_for(code) is status
