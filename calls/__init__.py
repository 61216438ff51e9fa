"""Outbound voice calls: personalised call campaigns over SIP, in a licensed voice.

Public API (everything else is internal):

* :class:`Dialer`, :class:`CallRequest`, :class:`CallResult`, :class:`CallStatus`, :class:`DigitAction`,
  :class:`TrunkConfig`, :class:`TrunkDown` - the contract between a campaign and the SIP delivery
  (``calls.sip`` implements it).
"""

from calls.dialer import CallRequest, CallResult, CallStatus, Dialer, DigitAction, TrunkConfig, TrunkDown

__all__ = ["CallRequest", "CallResult", "CallStatus", "Dialer", "DigitAction", "TrunkConfig", "TrunkDown"]
