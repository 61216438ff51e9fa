from script_gen.spans import Spans


def test_a_span_inside_another_is_covered_and_one_crossing_its_end_is_not():
    spans = Spans([(10, 20), (2, 5), (30, 40)])
    assert spans.cover(12, 18) and spans.cover(10, 20) and spans.cover(3, 4)
    assert not spans.cover(18, 22) and not spans.cover(0, 3) and not spans.cover(25, 26)
    assert spans.cover(19, 20) and not spans.cover(20, 21)  # half-open: 20 is past the first span


def test_an_early_long_span_still_covers_after_later_short_ones():
    spans = Spans([(0, 100), (10, 12), (50, 51)])
    assert spans.cover(60, 90)


def test_strict_cover_needs_a_longer_span_than_the_one_asked_about():
    spans = Spans([(5, 9), (5, 12), (20, 25)])
    assert spans.cover(5, 9, strict=True)  # (5, 12) holds it and is longer
    assert not spans.cover(5, 12, strict=True)  # only itself
    assert not spans.cover(20, 25, strict=True)
    assert spans.cover(21, 25, strict=True)


def test_no_spans_cover_nothing():
    assert not Spans([]).cover(0, 1) and not Spans([]).cover(0, 1, strict=True)
