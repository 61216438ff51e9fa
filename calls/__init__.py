"""Outbound voice calls: personalised call campaigns over SIP, in a licensed voice.

Public API (everything else is internal):

* :class:`Dialer`, :class:`CallRequest`, :class:`CallResult`, :class:`CallStatus`, :class:`DigitAction`,
  :data:`SpeechReply`, :class:`TrunkConfig`, :class:`TrunkDown` - the contract between a campaign and the SIP
  delivery (``calls.sip`` implements it);
* :func:`open_transcriber`, :class:`Transcriber` - speech replies' recogniser, a model supplied by path
  (``calls.asr``).
"""

from calls.asr import Transcriber, open_transcriber
from calls.dialer import CallRequest, CallResult, CallStatus, Dialer, DigitAction, SpeechReply, TrunkConfig, TrunkDown

__all__ = ["CallRequest", "CallResult", "CallStatus", "Dialer", "DigitAction", "SpeechReply", "Transcriber",
           "TrunkConfig", "TrunkDown", "open_transcriber"]
