"""Voice licences: scope, territory, start and expiry decide; the refusal names the failing condition."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from calls.licence import Licence, LicenceRefused, require_licence
from core.errors import InputError

NOW = datetime(2026, 12, 3, 12, 0, tzinfo=timezone.utc)


def test_a_licence_covers_its_scopes_and_territories_until_it_expires():
    videos_only = Licence("Star Agency", ("videos", "live"), ("CN",), NOW + timedelta(days=30))
    calls_cn = Licence("Star Agency", ("calls",), ("CN",), NOW + timedelta(days=30), NOW - timedelta(days=1))
    assert require_licence([videos_only, calls_cn], "calls", NOW, "CN") is calls_cn
    with pytest.raises(LicenceRefused, match="for videos, live, not calls"):
        require_licence([videos_only], "calls", NOW)
    with pytest.raises(LicenceRefused, match="for CN, not US"):
        require_licence([calls_cn], "calls", NOW, "US")
    with pytest.raises(LicenceRefused, match="expired 2027-01-02"):
        require_licence([calls_cn], "calls", NOW + timedelta(days=31))
    with pytest.raises(LicenceRefused, match="valid from"):
        require_licence([calls_cn], "calls", NOW - timedelta(days=2))
    with pytest.raises(LicenceRefused, match="no licence record"):
        require_licence([], "calls", NOW)
    assert require_licence([Licence("X", ("calls",), ("*",), NOW + timedelta(days=1))], "calls", NOW, "FR")


def test_a_malformed_licence_is_refused_when_it_is_entered():
    later = NOW + timedelta(days=1)
    for bad in (dict(scopes=("radio",)), dict(territories=("China",)), dict(territories=()),
                dict(expires_at=later.replace(tzinfo=None)), dict(starts_at=later + timedelta(days=1))):
        fields = dict(grantor="X", scopes=("calls",), territories=("CN",), expires_at=later) | bad
        with pytest.raises(InputError):
            Licence(**fields)
