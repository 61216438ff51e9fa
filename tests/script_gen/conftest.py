import json
from datetime import datetime
from pathlib import Path

import pytest

from script_gen.compliance import load_lexicon
from script_gen.kb_import import import_kb, parse_json
from script_gen.verify import Verifier

SAMPLE = Path(__file__).resolve().parents[2] / "assets" / "kb" / "sample_kb.json"
AT = datetime(2026, 12, 5, 20, 0)  # 双12 promotions running, 双11 over, tonight's flash sale on


@pytest.fixture(scope="session")
def sample_kb_path():
    return SAMPLE


@pytest.fixture(scope="session")
def kb():
    return import_kb(SAMPLE).kb


@pytest.fixture(scope="session")
def at():
    return AT


@pytest.fixture(scope="session")
def sample_verifier(kb):
    return Verifier(kb)


@pytest.fixture(scope="module")
def verifier(request, sample_verifier):
    """A verifier over the test module's own ``KB`` (a dict in the JSON import format) when it has one, else over the
    sample KB: each module states the few SKUs its sentences are about."""
    own = getattr(request.module, "KB", None)
    return sample_verifier if own is None else Verifier(parse_json(json.dumps(own), "m").kb)


@pytest.fixture(scope="module")
def forbidden(request, verifier):
    """The texts of the ``forbidden_claim`` findings of a text for an SKU, at the module's ``AT`` (else the sample's)."""
    at = getattr(request.module, "AT", AT)
    return lambda text, sku: [f.text for f in verifier.verify(text, sku, at) if f.kind == "forbidden_claim"]


@pytest.fixture(scope="session")
def lexicon():
    return load_lexicon()
