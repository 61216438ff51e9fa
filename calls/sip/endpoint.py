"""One PJSIP endpoint, set up for telephony on the calling thread: the only thread that ever touches it.

PJSUA2 asserts when an unregistered thread calls into it and collects wrapper objects whose Python
references are dropped mid-call, so an endpoint lives on one thread that polls ``libHandleEvents``
(``threadCnt=0``, ``mainThreadOnly``) and everything else talks to that thread through queues. Servers have
no sound card: the null device clocks the conference bridge. The bridge runs at 8 kHz, the rate of the
messages and of G.711, so nothing is resampled; PCMU then PCMA are the only codecs offered.

The ``pjsua2-python`` wheel is built with PJSIP's default ``PJSUA_MAX_CALLS`` of 4: one endpoint (one
process) carries at most :data:`MAX_CALLS` calls, hence the engine pool in :mod:`calls.sip.dialer`.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

import pjsua2 as pj

MAX_CALLS = 4  # PJSUA_MAX_CALLS compiled into the wheel
CLOCK_RATE = 8000
REGISTER_EXPIRES_S = 300
CODEC_PRIORITY = {"PCMU/8000/1": 255, "PCMA/8000/1": 254}
TRANSPORTS = {"udp": pj.PJSIP_TRANSPORT_UDP, "tcp": pj.PJSIP_TRANSPORT_TCP, "tls": pj.PJSIP_TRANSPORT_TLS}


@dataclass(frozen=True)
class EndpointSpec:
    """How to start an endpoint: the transport and where it binds, TLS material, log verbosity (to stderr)."""

    transport: str  # udp | tcp | tls
    bind_ip: str
    sip_port: int = 0  # 0: any free port (a client); a callee listens on a fixed one
    tls_ca_file: str = ""  # trust these CAs; "" uses the system bundle
    tls_cert_file: str = ""  # a listening TLS endpoint's certificate and key
    tls_key_file: str = ""
    tls_verify_server: bool = True
    log_level: int = 1


SYSTEM_CA_FILES = ("/etc/ssl/certs/ca-certificates.crt", "/etc/pki/tls/certs/ca-bundle.crt", "/etc/ssl/cert.pem")


def system_ca_file() -> str:
    """The system CA bundle: the wheel's OpenSSL looks in its build machine's paths, not Debian's. (Python's
    ``ssl`` is not asked: loading a second OpenSSL into a PJSIP process stalls its TLS handshakes.)"""
    return next((path for path in SYSTEM_CA_FILES if Path(path).is_file()), "")


def start_endpoint(spec: EndpointSpec) -> tuple[pj.Endpoint, int]:
    """Create, configure and start the process's endpoint on this thread; returns it and its SIP transport id."""
    ep = pj.Endpoint()
    ep.libCreate()
    cfg = pj.EpConfig()
    cfg.uaConfig.threadCnt = 0
    cfg.uaConfig.mainThreadOnly = True
    cfg.uaConfig.maxCalls = MAX_CALLS
    cfg.uaConfig.userAgent = "Evercast"
    cfg.logConfig.level = spec.log_level
    cfg.logConfig.consoleLevel = spec.log_level
    cfg.medConfig.clockRate = CLOCK_RATE
    cfg.medConfig.sndClockRate = CLOCK_RATE
    cfg.medConfig.channelCount = 1
    cfg.medConfig.noVad = True  # steady RTP: silence is sent, not suppressed
    cfg.medConfig.ecTailLen = 0  # no echo canceller: nothing here loops back
    ep.libInit(cfg)

    tc = pj.TransportConfig()
    tc.boundAddress = spec.bind_ip
    tc.publicAddress = spec.bind_ip
    tc.port = spec.sip_port
    if spec.transport == "tls":
        tls = tc.tlsConfig
        tls.CaListFile = spec.tls_ca_file or (system_ca_file() if spec.tls_verify_server else "")
        tls.certFile = spec.tls_cert_file
        tls.privKeyFile = spec.tls_key_file
        tls.verifyServer = spec.tls_verify_server
        tls.method = pj.PJSIP_TLSV1_2_METHOD
    transport_id = ep.transportCreate(TRANSPORTS[spec.transport], tc)
    ep.libStart()
    ep.audDevManager().setNullDev()
    for codec in ep.codecEnum2():
        ep.codecSetPriority(codec.codecId, CODEC_PRIORITY.get(codec.codecId, 0))
    return ep, transport_id


def account_config(*, id_uri: str, transport_id: int, rtp_ip: str, username: str = "",
                   password: str = "", registrar: str = "") -> pj.AccountConfig:
    """An account that places calls straight to the trunk, RTP bound to ``rtp_ip``; with a ``registrar`` it
    registers ``id_uri`` there first (digest credentials answer the challenge) and keeps the registration fresh."""
    acfg = pj.AccountConfig()
    acfg.idUri = id_uri
    acfg.sipConfig.transportId = transport_id
    if registrar:
        acfg.regConfig.registrarUri = registrar
        acfg.regConfig.registerOnAdd = True
        acfg.regConfig.timeoutSec = REGISTER_EXPIRES_S
        acfg.regConfig.retryIntervalSec = 0  # a refused registration is the trunk's answer: the dialer reports it
    if username:
        acfg.sipConfig.authCreds.append(pj.AuthCredInfo("digest", "*", username, 0, password))
    media = acfg.mediaConfig
    media.transportConfig.boundAddress = rtp_ip
    media.transportConfig.publicAddress = rtp_ip
    media.transportConfig.port = random.randrange(20000, 60000, 2)  # PJSIP steps on past ports in use
    media.srtpUse = pj.PJMEDIA_SRTP_DISABLED
    media.lockCodecEnabled = False  # no re-INVITE to narrow a multi-codec answer down to one
    acfg.callConfig.timerUse = pj.PJSUA_SIP_TIMER_INACTIVE
    nat = acfg.natConfig
    nat.contactRewriteUse = 0
    nat.viaRewriteUse = 0
    nat.sdpNatRewriteUse = 0
    nat.sipOutboundUse = 0
    return acfg
