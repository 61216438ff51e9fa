"""Resumable chunked uploads (videos up to the configured limit) and signed, expiring downloads."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import FileResponse

from core.assets import AssetCorrupted
from core.errors import InputError
from core.models import Asset, Upload
from core.security import BadToken, sign, unsign
from studio.api.deps import Editor, FileWorkDep, Principal, PrincipalDep, RuntimeDep
from studio.api.routing import ThreadedRoute
from studio.api.tenancy import audit, owned
from studio.schemas import AssetLink, AssetPublic, UploadCreate, UploadPublic
from studio.services import uploads
from workers.submit import Runtime

router = APIRouter(tags=["uploads"], route_class=ThreadedRoute)
DOWNLOAD = "download"
VERIFY_ON_DOWNLOAD_BYTES = 256 * 1024 * 1024


def _public(rt, upload: Upload) -> UploadPublic:  # noqa: ANN001
    return UploadPublic(id=upload.id, filename=upload.filename, kind=upload.kind, size=upload.size,
                        offset=upload.received, status=upload.status, asset_id=upload.asset_id,
                        chunk_size=rt.settings.api.upload_chunk_mb * 1024 * 1024)


@router.post("/uploads", response_model=UploadPublic, status_code=201)
def create_upload(body: UploadCreate, rt: RuntimeDep, principal: Editor) -> UploadPublic:
    """Start an upload; then PUT chunks at `offset`, then POST .../complete."""
    with rt.session() as s:
        try:
            upload = uploads.open_upload(s, rt, principal.merchant_id, body.filename, body.size, body.kind, body.sha256)
        except InputError as exc:
            raise HTTPException(422, str(exc)) from exc
        return _public(rt, upload)


@router.get("/uploads/{upload_id}", response_model=UploadPublic)
def read_upload(upload_id: str, rt: RuntimeDep, principal: PrincipalDep) -> UploadPublic:
    """Where to resume: `offset` is how many bytes have arrived."""
    with rt.session() as s:
        return _public(rt, owned(s, Upload, upload_id, principal))


@router.put("/uploads/{upload_id}", response_model=UploadPublic)
async def put_chunk(upload_id: str, request: Request, rt: RuntimeDep, principal: Editor, files: FileWorkDep,
                    offset: int = Query(ge=0, le=2**63 - 1)) -> UploadPublic:
    """Append a chunk at `offset`, with `Content-Digest: sha-256=:<base64>:` unless the upload declared its sha256;
    409 with `Upload-Offset` when the offset is wrong or another chunk of the upload is being written."""
    limit = rt.settings.api.upload_chunk_mb * 1024 * 1024
    length = request.headers.get("content-length", "")
    if not length.isdigit() or int(length) > limit:
        raise HTTPException(413, f"send chunks of at most {rt.settings.api.upload_chunk_mb} MB with a Content-Length")
    try:
        digest = uploads.parse_content_digest(request.headers.get("content-digest"))
    except InputError as exc:
        raise HTTPException(422, str(exc)) from exc
    upload = await files.run(_owned_upload, rt, upload_id, principal)
    body = await request.body()
    return await files.run(_append, rt, upload, offset, body, digest, principal)


def _owned_upload(rt: Runtime, upload_id: str, principal: Principal) -> Upload:
    with rt.session() as s:
        return owned(s, Upload, upload_id, principal)


def _append(rt: Runtime, upload: Upload, offset: int, body: bytes, digest: bytes | None,
            principal: Principal) -> UploadPublic:
    try:
        uploads.append(rt, upload, offset, body, digest)
    except uploads.UploadConflict as exc:
        raise HTTPException(409, str(exc), headers={"Upload-Offset": str(exc.expected)}) from exc
    except InputError as exc:
        raise HTTPException(422, str(exc)) from exc
    return _public(rt, _owned_upload(rt, upload.id, principal))


@router.post("/uploads/{upload_id}/complete", response_model=AssetPublic)
async def complete_upload(upload_id: str, rt: RuntimeDep, principal: Editor, files: FileWorkDep) -> AssetPublic:
    return await files.run(_complete, rt, upload_id, principal)


def _complete(rt: Runtime, upload_id: str, principal: Principal) -> AssetPublic:
    upload = _owned_upload(rt, upload_id, principal)
    try:
        asset_id = uploads.complete(rt, upload)
    except uploads.UploadConflict as exc:
        raise HTTPException(409, str(exc), headers={"Upload-Offset": str(exc.expected)}) from exc
    except InputError as exc:
        raise HTTPException(422, str(exc)) from exc
    with rt.session() as s:
        audit(s, principal, "upload.complete", f"asset:{asset_id}", filename=upload.filename, size=upload.size)
        return AssetPublic.model_validate(owned(s, Asset, asset_id, principal))


@router.delete("/uploads/{upload_id}", status_code=204)
def abort_upload(upload_id: str, rt: RuntimeDep, principal: Editor) -> None:
    with rt.session() as s:
        upload = owned(s, Upload, upload_id, principal)
    uploads.abort(rt, upload)


@router.get("/assets/{asset_id}", response_model=AssetPublic)
def read_asset(asset_id: str, rt: RuntimeDep, principal: PrincipalDep) -> AssetPublic:
    with rt.session() as s:
        return AssetPublic.model_validate(owned(s, Asset, asset_id, principal))


@router.post("/assets/{asset_id}/link", response_model=AssetLink)
def link_asset(asset_id: str, rt: RuntimeDep, principal: PrincipalDep) -> AssetLink:
    """A download URL that works without credentials until it expires."""
    with rt.session() as s:
        asset = owned(s, Asset, asset_id, principal)
    ttl = rt.settings.api.download_ttl_s
    token = sign(asset.id, secret=rt.settings.secret_key.get_secret_value(), purpose=DOWNLOAD, ttl_s=ttl)
    return AssetLink(url=f"/download/{token}", expires_in_s=ttl)


@router.get("/download/{token}", response_class=FileResponse)
async def download(token: str, rt: RuntimeDep, files: FileWorkDep) -> FileResponse:
    try:
        asset_id = unsign(token, secret=rt.settings.secret_key.get_secret_value(), purpose=DOWNLOAD)
    except BadToken as exc:
        raise HTTPException(403, f"download link {exc}") from exc
    return await files.run(_verified_download, rt, asset_id)


def _verified_download(rt: Runtime, asset_id: str) -> FileResponse:
    """The file response, after the checksum of files small enough to re-read on every download."""
    with rt.session() as s:
        asset = s.get(Asset, asset_id)
    if asset is None:
        raise HTTPException(404, "asset not found")
    try:
        if asset.size <= VERIFY_ON_DOWNLOAD_BYTES:
            path = rt.store.verify(asset.merchant_id, asset.sha256, asset.suffix)
        else:
            path = rt.store.path_for(asset.merchant_id, asset.sha256, asset.suffix)
    except (AssetCorrupted, FileNotFoundError) as exc:
        raise HTTPException(410, str(exc)) from exc
    return FileResponse(path, media_type=asset.media_type, filename=Path(asset.filename).name)
