"""Consent records: validated here, stored with the avatar or voice they allow."""

from __future__ import annotations

from typing import Any

from fastapi import HTTPException
from sqlalchemy.orm import Session

from core.models import Asset, utcnow
from studio.api.deps import Principal
from studio.api.tenancy import owned
from studio.schemas import Consent


def consent_record(s: Session, consent: Consent, principal: Principal) -> dict[str, Any]:
    if consent.kind == "clip":
        if not consent.asset_id:
            raise HTTPException(422, "consent clip: give the asset_id of the uploaded consent recording")
        clip = owned(s, Asset, consent.asset_id, principal)
        if clip.kind not in ("video", "audio"):
            raise HTTPException(422, "consent clip must be a video or audio recording")
        evidence: dict[str, Any] = {"asset_id": clip.id, "sha256": clip.sha256}
    else:
        if not (consent.signer and consent.signer.strip() and consent.statement and len(consent.statement.strip()) >= 20):
            raise HTTPException(422, "consent declaration: give the signer's name and the signed statement")
        evidence = {"signer": consent.signer.strip(), "statement": consent.statement.strip()}
    return {"kind": consent.kind, **evidence, "recorded_by": principal.actor, "recorded_at": utcnow().isoformat()}
