"""The learning loop: what airs is measured, credited and fed back into what airs next.

Public API (this first part is the data contract the other parts share):

* :class:`VariantStats` - one section variant of one SKU's script with its attributed outcomes.
* :class:`Beta`, :func:`prob_better`, :func:`prob_best` - posteriors over rates and how to compare them.
"""

from learn.outcomes import Beta, VariantStats, prob_best, prob_better

__all__ = ["Beta", "VariantStats", "prob_best", "prob_better"]
