"""SIP delivery of call campaigns: the :class:`calls.dialer.Dialer` over a real SIP stack (PJSIP, ``pjsua2``).

Public API:

* :func:`open_dialer` - a :class:`PjsipDialer` for a campaign's :class:`calls.dialer.TrunkConfig`;
* :func:`parse_trunk_url`, :class:`SipTrunk`, :class:`TrunkUrlError` - trunk URLs
  (``sip:user:pass@host:port;transport=udp|tcp|tls``) checked as hostile input.

PJSIP itself is loaded only in the engine processes (:mod:`calls.sip.engine`), never in the caller's.
"""

from calls.sip.dialer import PjsipDialer, open_dialer
from calls.sip.trunk import SipTrunk, TrunkUrlError, parse_trunk_url

__all__ = ["PjsipDialer", "SipTrunk", "TrunkUrlError", "open_dialer", "parse_trunk_url"]
