"""Fixtures shared by the workers' command tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.models import Merchant
from workers.commands import kb
from workers.runtime import Runtime

SAMPLE_KB = Path(__file__).resolve().parents[2] / "assets" / "kb" / "sample_kb.json"


@pytest.fixture
def dairy(make_stack):
    """A runtime and a merchant holding the sample knowledge base: (rt, merchant id)."""
    rt = Runtime.create(make_stack().settings)
    with rt.session() as s:
        merchant = Merchant(slug="dairy", name="Dairy")
        s.add(merchant)
        s.flush()
        merchant_id = merchant.id
    kb.import_file(rt, merchant_id, SAMPLE_KB)
    yield rt, merchant_id
    rt.close()
