"""The learning loop: what airs is measured, credited and fed back into what airs next.

Public API:

* :class:`VariantStats`, :class:`Beta`, :func:`prob_better`, :func:`prob_best` - the data contract:
  attributed outcomes per section variant, posteriors over rates and how to compare them.
* :func:`parse_metrics`, :func:`parse_transcript`, :func:`match_utterances` - outcomes in.
* :func:`attribute` - credit airings with the clicks, orders and GMV of their lagged windows.
* :func:`choose`, :func:`judge` - Thompson sampling with an exploration floor, and promotion.
* :func:`phrasing_weights` - the template generator's learned preferences.
"""

from learn.attribution import attribute
from learn.experiments import choose, judge
from learn.matching import match_utterances
from learn.metrics import parse_metrics
from learn.outcomes import Beta, VariantStats, prob_best, prob_better
from learn.phrasing import phrasing_weights
from learn.transcript import parse_transcript

__all__ = ["Beta", "VariantStats", "attribute", "choose", "judge", "match_utterances", "parse_metrics",
           "parse_transcript", "phrasing_weights", "prob_best", "prob_better"]
