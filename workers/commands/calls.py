"""Call campaigns in the database: trunks, voice licences, rules, campaigns, recipients and their messages.

Callers pass ids they have scoped to a merchant (studio's tenancy helpers do it for the API); every query
here is also filtered by merchant. Dialing lives in :mod:`workers.commands.call_runner`.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from sqlalchemy import delete, func, select, update

from calls.licence import Licence, require_licence
from calls.message import Product, check_template, compose, recommend
from calls.message import OPTOUT_CONFIRMATION
from calls.recipients import parse_rows
from calls.rules import OCCASIONS, Policy, Retry, Window, parse_clock
from core.errors import InputError
from core.models import (
    Asset,
    CallAttempt,
    CallCampaign,
    CallRecipient,
    CallSettings,
    CallTrunk,
    DncEntry,
    Job,
    Merchant,
    Voice,
    VoiceLicence,
    utcnow,
)
from core.progress import Progress, no_progress
from workers.commands.assets import store_file, stored_path
from workers.jobs import Step, submit_pipeline
from workers.runtime import Runtime

if TYPE_CHECKING:
    from voice import SpeechStore

INSERT_BATCH = 1000
SHARE_FROM = 40  # messages from which a campaign's synthesis is shared by two jobs
CAMPAIGN_STATES = ("importing", "synthesizing", "ready", "running", "paused", "done", "cancelled", "failed")


# ---------------------------------------------------------------- trunks, licences, merchant rules


def _secret(rt: Runtime) -> str:
    return rt.settings.calls_secret.get_secret_value()


def reveal(rt: Runtime, row: Any, column: str) -> str:
    """The clear text of an encrypted column of a trunk or merchant rules row. One stored under the stream-key
    secret (before calls had a secret of their own) is re-encrypted under the calls secret on the way; the
    caller's transaction stores it."""
    from stream import decrypt_key, reencrypt_key

    token = getattr(row, column)
    try:
        return decrypt_key(token, _secret(rt))
    except InputError:
        token = reencrypt_key(token, _secret(rt), rt.settings.stream_key_secret.get_secret_value())
        setattr(row, column, token)
        return decrypt_key(token, _secret(rt))


def add_trunk(rt: Runtime, merchant_id: str, *, name: str, url: str, caller_id: str, max_channels: int = 10,
              calls_per_second: float = 5.0) -> dict[str, Any]:
    """Store a trunk (checked by the SIP stage's URL parser); the URL with its password only encrypted, and
    shown back as the parsed trunk without the password."""
    from calls.sip import TrunkUrlError, parse_trunk_url
    from stream import encrypt_key

    url = url.strip()
    try:
        trunk = parse_trunk_url(url, caller_id=caller_id, max_channels=max_channels, calls_per_second=calls_per_second)
    except TrunkUrlError as exc:
        raise InputError(f"trunk: {exc}") from None
    user = f"{trunk.username}:***@" if trunk.password.get_secret_value() else f"{trunk.username}@" if trunk.username else ""
    shown = f"sip:{user}{trunk.hostport};transport={trunk.transport}{';register=yes' if trunk.registers else ''}"
    with rt.session() as s:
        row = CallTrunk(merchant_id=merchant_id, name=name[:100], url_encrypted=encrypt_key(url, _secret(rt)),
                        url_redacted=shown[:500], caller_id=caller_id[:64], max_channels=max_channels,
                        calls_per_second=calls_per_second)
        s.add(row)
        s.flush()
        return trunk_view(row)


def trunk_view(row: CallTrunk) -> dict[str, Any]:
    return {"id": row.id, "name": row.name, "url": row.url_redacted, "caller_id": row.caller_id,
            "max_channels": row.max_channels, "calls_per_second": row.calls_per_second}


def add_licence(rt: Runtime, merchant_id: str, voice_id: str, *, grantor: str, scopes: Sequence[str],
                territories: Sequence[str], expires_at: datetime, starts_at: datetime | None = None,
                reference: str = "") -> str:
    Licence(grantor, tuple(scopes), tuple(territories), expires_at, starts_at)  # validates
    with rt.session() as s:
        voice = s.get(Voice, voice_id)
        if voice is None or voice.merchant_id != merchant_id:
            raise InputError(f"voice {voice_id} not found")
        row = VoiceLicence(merchant_id=merchant_id, voice_id=voice_id, grantor=grantor[:200], scopes=list(scopes),
                           territories=list(territories), expires_at=expires_at, starts_at=starts_at,
                           reference=reference[:200])
        s.add(row)
        s.flush()
        return row.id


def licences(s: Any, merchant_id: str, voice_id: str | None) -> list[Licence]:
    rows = s.scalars(select(VoiceLicence).where(VoiceLicence.merchant_id == merchant_id,
                                                VoiceLicence.voice_id == voice_id).order_by(VoiceLicence.created_at))
    return [Licence(r.grantor, tuple(r.scopes), tuple(r.territories), r.expires_at, r.starts_at) for r in rows]


@dataclass(frozen=True)
class Rules:
    window: Window
    frequency_max: int
    frequency_days: int
    webhook_url: str | None
    webhook_secret: str | None


def merchant_rules(rt: Runtime, s: Any, merchant_id: str) -> Rules:
    cfg = rt.settings.calls
    row = s.get(CallSettings, merchant_id)
    secret = None
    if row is not None and row.webhook_secret_encrypted:
        secret = reveal(rt, row, "webhook_secret_encrypted")
    return Rules(Window(parse_clock((row and row.quiet_start) or cfg.quiet_start),
                        parse_clock((row and row.quiet_end) or cfg.quiet_end)),
                 (row and row.frequency_max) or cfg.frequency_max, (row and row.frequency_days) or cfg.frequency_days,
                 row.webhook_url if row else None, secret)


def set_rules(rt: Runtime, merchant_id: str, *, quiet_start: str | None = None, quiet_end: str | None = None,
              frequency_max: int | None = None, frequency_days: int | None = None,
              webhook_url: str | None = None) -> dict[str, Any]:
    """A merchant's own calling hours, frequency cap and interest webhook. A new webhook URL gets a new
    signing secret, returned here once (deliveries carry ``X-Evercast-Signature: sha256=<hmac>``)."""
    from stream import encrypt_key
    from workers.commands.call_webhook import check_webhook_url

    with rt.session() as s:
        row = s.get(CallSettings, merchant_id) or CallSettings(merchant_id=merchant_id)
        s.add(row)
        for name, value in (("quiet_start", quiet_start), ("quiet_end", quiet_end),
                            ("frequency_max", frequency_max), ("frequency_days", frequency_days)):
            if value is not None:
                setattr(row, name, value)
        Window(parse_clock(row.quiet_start or rt.settings.calls.quiet_start),
               parse_clock(row.quiet_end or rt.settings.calls.quiet_end))
        shown_secret = None
        if webhook_url is not None:
            if webhook_url:
                check_webhook_url(webhook_url, rt.settings.calls.webhook_allow)
                shown_secret = secrets.token_urlsafe(32)
                row.webhook_url, row.webhook_secret_encrypted = webhook_url, encrypt_key(shown_secret, _secret(rt))
            else:
                row.webhook_url = row.webhook_secret_encrypted = None
        rules = merchant_rules(rt, s, merchant_id)
    return {"quiet_start": rules.window.start.strftime("%H:%M"), "quiet_end": rules.window.end.strftime("%H:%M"),
            "frequency_max": rules.frequency_max, "frequency_days": rules.frequency_days,
            "webhook_url": rules.webhook_url} | ({"webhook_secret": shown_secret} if shown_secret else {})


def add_dnc(rt: Runtime, merchant_id: str, phones: Sequence[str], *, region: str = "CN", source: str = "merchant",
            campaign_id: str | None = None) -> list[str]:
    """Put numbers on the merchant's do-not-call list (idempotent); returns them in E.164."""
    from calls.recipients import normalise_phone

    normalised = sorted({normalise_phone(p, region) for p in phones})
    with rt.session() as s:
        present = set(s.scalars(select(DncEntry.phone).where(DncEntry.merchant_id == merchant_id,
                                                             DncEntry.phone.in_(normalised))))
        for phone in normalised:
            if phone not in present:
                s.add(DncEntry(merchant_id=merchant_id, phone=phone, source=source, campaign_id=campaign_id))
    return normalised


# ---------------------------------------------------------------- campaigns


def _owned(s: Any, model: type, row_id: str | None, merchant_id: str, what: str) -> Any:
    row = s.get(model, row_id) if row_id else None
    if row is None or row.merchant_id != merchant_id:
        raise InputError(f"{what} {row_id} not found")
    return row


def create_campaign(rt: Runtime, merchant_id: str, *, name: str, voice_id: str, trunk_id: str,
                    recipients_asset_id: str, sku: str | None = None, occasion: str = "none", language: str = "zh",
                    template: str | None = None, daily_cap: int | None = None, region: str = "CN",
                    timezone: str = "Asia/Shanghai", start_at: datetime | None = None,
                    queue: bool = True) -> tuple[str, str | None]:
    """Check what can be checked at once (licence, voice, trunk, template, SKU), then import the recipients and
    render every message in a pipeline (``queue=False``: the caller runs both itself). Returns (campaign id,
    pipeline job id)."""
    from workers.commands.kb import load_kb

    if occasion not in OCCASIONS:
        raise InputError(f"occasion must be one of {', '.join(OCCASIONS)}")
    if template is not None:
        check_template(template, columns=None)  # its slots are checked against the file's columns after the import
    if daily_cap is not None and daily_cap < 1:
        raise InputError("daily_cap must be at least 1")
    try:
        ZoneInfo(timezone)
    except Exception as exc:
        raise InputError(f"{timezone!r} is not an IANA time zone") from exc
    if sku:
        load_kb(rt, merchant_id).get(sku)
    with rt.session() as s:
        voice = _owned(s, Voice, voice_id, merchant_id, "voice")
        if voice.status != "ready":
            raise InputError(f"voice {voice.name} is {voice.status}, not ready to speak")
        require_licence(licences(s, merchant_id, voice_id), "calls", utcnow())
        _owned(s, CallTrunk, trunk_id, merchant_id, "trunk")
        _owned(s, Asset, recipients_asset_id, merchant_id, "asset")
        row = CallCampaign(merchant_id=merchant_id, name=name[:200], voice_id=voice_id, trunk_id=trunk_id,
                           recipients_asset_id=recipients_asset_id, sku=sku or None, occasion=occasion,
                           language=language, region=region.upper()[:2], timezone=timezone, daily_cap=daily_cap,
                           start_at=start_at, state="importing")
        s.add(row)
        s.flush()
        campaign_id = row.id
    if not queue:
        return campaign_id, None
    job_id = submit_pipeline(rt, [Step("calls.import", {"campaign_id": campaign_id}),
                                  Step("calls.synthesize", {"campaign_id": campaign_id,
                                                            "template": template})],
                             merchant_id=merchant_id, name=f"call campaign {name[:60]}")
    with rt.session() as s:
        s.execute(update(CallCampaign).where(CallCampaign.id == campaign_id).values(setup_job_id=job_id))
    return campaign_id, job_id


def import_recipients(rt: Runtime, campaign_id: str, progress: Progress = no_progress) -> dict[str, Any]:
    """Read the campaign's recipients file within the caps; a bad file imports nothing (the job fails with
    every bad row and column). A re-run replaces what an interrupted run wrote."""
    from script_gen.kb_read import check_file_size, read_csv, read_xlsx

    with rt.session() as s:
        campaign = s.get(CallCampaign, campaign_id)
        if campaign.state != "importing":  # a late redelivery must not replace recipients that moved on
            return {"campaign_id": campaign_id, "skipped": f"the campaign is {campaign.state}"}
        merchant_id, asset_id, region = campaign.merchant_id, campaign.recipients_asset_id, campaign.region
        filename = s.get(Asset, asset_id).filename if asset_id else ""
    path = stored_path(rt, asset_id, merchant_id)
    limits = rt.settings.calls.recipients
    suffix = Path(filename).suffix.lower()
    progress(0.0, f"reading {filename}")
    check_file_size(path, filename, limits)
    if suffix == ".csv":
        rows = read_csv(path.read_bytes(), filename, limits)
    elif suffix in (".xlsx", ".xlsm"):
        rows = read_xlsx(path, filename, limits)
    else:
        raise InputError(f"{filename}: recipients come as .csv or .xlsx, not {suffix or 'no extension'}")
    try:
        recipients = parse_rows(rows, region, filename)
    except InputError:
        _set_state(rt, campaign_id, "failed", error=f"{filename}: the recipients file was refused")
        raise
    with rt.session() as s:
        s.execute(delete(CallRecipient).where(CallRecipient.campaign_id == campaign_id))
    for start in range(0, len(recipients), INSERT_BATCH):
        progress(0.1 + 0.9 * start / len(recipients), f"storing recipients {start + 1}-"
                 f"{min(start + INSERT_BATCH, len(recipients))} of {len(recipients)}")
        with rt.session() as s:
            s.add_all(CallRecipient(campaign_id=campaign_id, merchant_id=merchant_id, row=r.row, phone=r.phone,
                                    name=r.name, data=r.data(), state="pending")
                      for r in recipients[start:start + INSERT_BATCH])
    _set_state(rt, campaign_id, "synthesizing")
    return {"campaign_id": campaign_id, "recipients": len(recipients)}


def _set_state(rt: Runtime, campaign_id: str, state: str, *, error: str | None = None,
               alert: str | None = None, only_from: Sequence[str] | None = None) -> bool:
    with rt.session() as s:
        query = update(CallCampaign).where(CallCampaign.id == campaign_id)
        if only_from is not None:
            query = query.where(CallCampaign.state.in_(only_from))
        values: dict[str, Any] = {"state": state}
        if error is not None:
            values["error"] = error
        if alert is not None:
            values["alert"] = alert
        return s.execute(query.values(**values)).rowcount == 1


SETUP_STATES = ("importing", "synthesizing")


def note_setup_stop(rt: Runtime, campaign_id: str, step: str, attempt: int, reason: str) -> None:
    """An attempt of the campaign's import or synthesis stopped on ``reason``: the campaign's alert says so while
    the job is retried or another synthesis job finishes the messages (:func:`settle_setup` fails the campaign
    once no job is left to)."""
    with rt.session() as s:
        s.execute(update(CallCampaign).where(CallCampaign.id == campaign_id, CallCampaign.state.in_(SETUP_STATES))
                  .values(alert=f"{step} attempt {attempt} stopped: {reason}"[:2000]))


def _setup_jobs(s: Any, campaign: CallCampaign) -> list[Job]:
    """Every job working on the campaign's messages: the setup pipeline's steps and the helper synthesis job."""
    steps = list(s.scalars(select(Job).where(Job.parent_id == campaign.setup_job_id)))
    helpers = [j for j in s.scalars(select(Job).where(
        Job.merchant_id == campaign.merchant_id, Job.kind == "calls.synthesize", Job.parent_id.is_(None),
        Job.enqueued_at >= campaign.created_at)) if j.params.get("campaign_id") == campaign.id]
    return steps + helpers


def settle_setup(rt: Runtime, campaign_id: str) -> None:
    """A campaign whose import or synthesis no job is carrying on any more cannot stay ``importing`` or
    ``synthesizing``: it is ready if every message was rendered, cancelled if its setup was, else failed with
    the reason its last job gave (the campaign's error, in the API)."""
    from workers.jobs import ACTIVE

    with rt.session() as s:
        c = s.get(CallCampaign, campaign_id)
        if c is None or c.state not in SETUP_STATES or not c.setup_job_id:
            return
        setup = _setup_jobs(s, c)
        if not setup or any(j.status in ACTIVE for j in setup):
            return
        pending = s.scalar(select(func.count()).select_from(CallRecipient).where(
            CallRecipient.campaign_id == campaign_id, CallRecipient.state == "pending")) or 0
        stopped = sorted((j for j in setup if j.status in ("failed", "cancelled")),
                         key=lambda j: j.finished_at or j.updated_at)
        if c.state == "synthesizing" and not pending and not any(j.status == "cancelled" for j in stopped):
            c.state, c.alert = "ready", ""
        elif stopped and stopped[-1].status == "cancelled":
            c.state, c.alert = "cancelled", ""
        else:
            step = "importing the recipients" if c.state == "importing" else "synthesising the messages"
            reason = stopped[-1].error if stopped else f"{pending} message(s) were left unrendered"
            c.state, c.alert, c.error = "failed", "", f"{step} failed: {reason}"[:2000]


def catalogue(rt: Runtime, merchant_id: str) -> list[Product]:
    """The merchant's SKUs as a message's recommendation needs them."""
    from workers.commands.kb import load_kb

    return [Product(k.sku_id, k.title, k.category, k.brand) for k in load_kb(rt, merchant_id).skus]


def share_synthesis(rt: Runtime, campaign_id: str, template: str | None) -> str | None:
    """A second ``calls.synthesize`` job for a campaign with many messages, when workers run more than one
    process: it renders from the last recipient back while the pipeline's step renders from the first on, so a
    campaign uses two cores. Returns its job id (None when not worth it)."""
    from workers.jobs import submit

    with rt.session() as s:
        merchant_id = s.scalar(select(CallCampaign.merchant_id).where(CallCampaign.id == campaign_id))
        pending = s.scalar(select(func.count()).select_from(CallRecipient).where(
            CallRecipient.campaign_id == campaign_id, CallRecipient.state == "pending")) or 0
    if rt.settings.worker.concurrency < 2 or pending < SHARE_FROM:
        return None
    return submit(rt, "calls.synthesize", {"campaign_id": campaign_id, "template": template, "from_end": True},
                  merchant_id=merchant_id)


def synthesize_messages(rt: Runtime, campaign_id: str, template: str | None, workdir: Path,
                        progress: Progress = no_progress, measure: Any = None, *,
                        from_end: bool = False) -> dict[str, Any]:
    """Every recipient's message: composed, verified and compliance-checked, spoken at 8 kHz in the campaign's
    voice, cached by content hash. The voice's licence is checked first: nothing is synthesised without it.

    Another job may render the same campaign at once (``from_end``: from the last recipient back, see
    :func:`share_synthesis`): a message the other wrote is skipped, and whichever job leaves no message
    pending marks the campaign ready."""
    from workers.commands.scripts import pitch_writer, text_checker

    with rt.session() as s:
        campaign = s.get(CallCampaign, campaign_id)
        merchant_id, voice_id = campaign.merchant_id, campaign.voice_id
        try:
            require_licence(licences(s, merchant_id, voice_id), "calls", utcnow())
        except InputError as exc:
            campaign.state, campaign.error = "failed", str(exc)
            s.commit()
            raise
        merchant = s.get(Merchant, merchant_id).name
        language, occasion, sku = campaign.language, campaign.occasion, campaign.sku
        todo = list(s.execute(select(CallRecipient.id, CallRecipient.name, CallRecipient.data).where(
            CallRecipient.campaign_id == campaign_id, CallRecipient.state == "pending").order_by(
            CallRecipient.row.desc() if from_end else CallRecipient.row)))
    if measure is not None:
        measure(len(todo))
    columns = sorted({k for _, _, data in todo for k in data.get("fields", {})})
    if template is not None:
        check_template(template, columns)
    skus = catalogue(rt, merchant_id)
    by_code = {p.code: p for p in skus}
    check = text_checker(rt, merchant_id)
    pitch = pitch_writer(rt, merchant_id) if template and "{pitch}" in template else None
    verdicts: dict[tuple[str, str], list[dict[str, Any]]] = {}  # two recipients with one name: one check
    sentences = _sentence_memo(rt)
    refused = done = 0
    for n, (recipient_id, name, data) in enumerate(todo):
        progress(n / max(len(todo), 1), f"message {n + 1} of {len(todo)}")
        if not _pending(rt, recipient_id):  # the other job got here first
            continue
        done += 1
        product = recommend(data.get("last_sku", ""), skus, sku)
        try:
            if product is None:
                raise InputError("no SKU to recommend: the campaign names none and the last purchase "
                                 "is not in the knowledge base")
            text = compose(language=language, merchant=merchant, name=name, product=product,
                           last_product=by_code.get(data.get("last_sku", "")), occasion=occasion,
                           template=template, fields=data.get("fields", {}),
                           pitch=pitch(product.code) if pitch else "")
            findings = verdicts.get((product.code, text))
            if findings is None:
                findings = verdicts[(product.code, text)] = check(product.code, text, None)
            if findings:
                raise InputError("the message did not pass the script checks: " +
                                 "; ".join(str(f.get("message") or f.get("kind")) for f in findings[:5]))
            audio_id = message_audio(rt, merchant_id, voice_id, text, workdir, sentences)
        except InputError as exc:
            refused += 1
            _finish_message(rt, recipient_id, "refused", "", None, str(exc))
            continue
        _finish_message(rt, recipient_id, "ready", text, audio_id, "")
    _ensure_optout_prompt(rt, merchant_id, voice_id, language, workdir)
    with rt.session() as s:
        left = s.scalar(select(func.count()).select_from(CallRecipient).where(
            CallRecipient.campaign_id == campaign_id, CallRecipient.state == "pending")) or 0
    if not left:
        _set_state(rt, campaign_id, "ready", alert="", only_from=("synthesizing",))
    progress(1.0, "messages ready" if not left else f"{left} message(s) left to the other job")
    return {"campaign_id": campaign_id, "messages": done - refused, "refused": refused}


def _pending(rt: Runtime, recipient_id: str) -> bool:
    with rt.session() as s:
        return s.scalar(select(CallRecipient.state).where(CallRecipient.id == recipient_id)) == "pending"


def _finish_message(rt: Runtime, recipient_id: str, state: str, text: str, audio_id: str | None,
                    reason: str) -> None:
    with rt.session() as s:
        s.execute(update(CallRecipient).where(CallRecipient.id == recipient_id, CallRecipient.state == "pending")
                  .values(state=state, message=text, audio_asset_id=audio_id, reason=reason[:2000]))


def _sentence_memo(rt: Runtime) -> SpeechStore | None:
    """Where one synthesis job keeps the sentences it rendered (``calls.sentence_cache_mb``; 0: nowhere)."""
    from voice import SpeechMemo

    size = rt.settings.calls.sentence_cache_mb * 2**20
    return SpeechMemo(size) if size else None


def message_audio(rt: Runtime, merchant_id: str, voice_id: str | None, text: str, workdir: Path,
                  sentences: SpeechStore | None = None) -> str:
    """8 kHz 16-bit speech of ``text`` in the voice, as an asset; the same text and voice reuse the first
    rendering (the cache key hashes everything the audio depends on). Sentences found in ``sentences`` are
    not rendered again (the message is still level-set and band-limited as a whole)."""
    from voice import to_telephony
    from workers.commands.voices import synthesize_checked

    cfg = rt.settings.voice
    key = hashlib.sha256("\x1f".join((voice_id or "", _profile_stamp(rt, voice_id), cfg.model_dump_json(),
                                      text)).encode()).hexdigest()
    name = f"call-{key[:40]}.wav"
    with rt.session() as s:
        cached = s.scalar(select(Asset.id).where(Asset.merchant_id == merchant_id, Asset.kind == "call_audio",
                                                 Asset.filename == name))
    if cached:
        return cached
    speech = synthesize_checked(rt, merchant_id, text, voice_id=voice_id, sentence_store=sentences)
    phone = to_telephony(speech, workdir, name=key[:16], target_lufs=cfg.phone_lufs)
    return store_file(rt, merchant_id, phone.pcm_wav, "call_audio", "audio/wav", filename=name)


def _profile_stamp(rt: Runtime, voice_id: str | None) -> str:
    """Changes when the voice is re-cloned (its profile file is rewritten)."""
    with rt.session() as s:
        path = s.scalar(select(Voice.profile_path).where(Voice.id == voice_id)) if voice_id else None
    profile = Path(path) / "profile.json" if path else None
    return str(profile.stat().st_mtime_ns) if profile and profile.exists() else ""


def _ensure_optout_prompt(rt: Runtime, merchant_id: str, voice_id: str | None, language: str,
                          workdir: Path) -> str:
    return message_audio(rt, merchant_id, voice_id, OPTOUT_CONFIRMATION[language], workdir)


def optout_prompt(rt: Runtime, merchant_id: str, voice_id: str | None, language: str, workdir: Path) -> Path:
    """The spoken opt-out confirmation, as a file a dialer can play (rendered once, then cached)."""
    asset_id = _ensure_optout_prompt(rt, merchant_id, voice_id, language, workdir)
    return stored_path(rt, asset_id, merchant_id)


# ---------------------------------------------------------------- control and views


def start(rt: Runtime, campaign_id: str) -> str:
    """Start (or resume) dialing: the campaign must have its messages; returns the dialing job's id."""
    from workers.commands.call_runner import queue_dialing

    settle_setup(rt, campaign_id)
    if not _set_state(rt, campaign_id, "running", alert="", only_from=("ready", "paused")):
        with rt.session() as s:
            state = s.scalar(select(CallCampaign.state).where(CallCampaign.id == campaign_id))
        raise InputError(f"the campaign is {state}; only a ready or paused campaign can start")
    return queue_dialing(rt, campaign_id)


def pause(rt: Runtime, campaign_id: str) -> None:
    """Stop placing new calls (calls already up finish and are recorded)."""
    if not _set_state(rt, campaign_id, "paused", only_from=("running", "ready")):
        raise InputError("only a running or ready campaign can be paused")


def cancel(rt: Runtime, campaign_id: str) -> None:
    """End the campaign for good: nobody else is called."""
    if not _set_state(rt, campaign_id, "cancelled", only_from=CAMPAIGN_STATES[:5]):
        raise InputError("the campaign has already ended")


def campaign_view(rt: Runtime, campaign_id: str) -> dict[str, Any]:
    """State, progress and outcome counts (by recipient state and by attempt outcome)."""
    settle_setup(rt, campaign_id)
    with rt.session() as s:
        c = s.get(CallCampaign, campaign_id)
        by_state = dict(s.execute(select(CallRecipient.state, func.count()).where(
            CallRecipient.campaign_id == campaign_id).group_by(CallRecipient.state)).all())
        by_outcome = dict(s.execute(select(CallAttempt.status, func.count()).where(
            CallAttempt.campaign_id == campaign_id).group_by(CallAttempt.status)).all())
        interest = s.scalar(select(func.count()).select_from(CallAttempt).where(
            CallAttempt.campaign_id == campaign_id, CallAttempt.interest.is_(True))) or 0
        total = sum(by_state.values())
        settled = sum(n for state, n in by_state.items() if state in ("done", "skipped", "refused", "failed",
                                                                        "opted_out"))
        return {"id": c.id, "name": c.name, "state": c.state, "error": c.error, "alert": c.alert or None,
                "voice_id": c.voice_id, "trunk_id": c.trunk_id, "sku": c.sku, "occasion": c.occasion,
                "language": c.language, "daily_cap": c.daily_cap, "setup_job_id": c.setup_job_id,
                "dial_job_id": c.dial_job_id, "recipients": total, "progress": round(settled / total, 4) if total else 0.0,
                "recipient_states": by_state, "outcomes": by_outcome, "interest": interest,
                "created_at": c.created_at.isoformat()}


def campaign_calls(rt: Runtime, campaign_id: str, *, limit: int = 100, offset: int = 0) -> list[dict[str, Any]]:
    """Per recipient: state, reason, next try and every attempt (with skips and their rules)."""
    with rt.session() as s:
        rows = list(s.scalars(select(CallRecipient).where(CallRecipient.campaign_id == campaign_id)
                              .order_by(CallRecipient.row).limit(limit).offset(offset)))
        attempts: dict[str, list[dict[str, Any]]] = {r.id: [] for r in rows}
        if rows:
            for a in s.scalars(select(CallAttempt).where(CallAttempt.recipient_id.in_(list(attempts)))
                               .order_by(CallAttempt.started_at)):
                attempts[a.recipient_id].append(attempt_view(a))
        return [{"id": r.id, "row": r.row, "phone": r.phone, "name": r.name, "state": r.state, "reason": r.reason,
                 "next_at": r.next_at.isoformat() if r.next_at else None, "message": r.message,
                 "audio_asset_id": r.audio_asset_id, "attempts": attempts[r.id]} for r in rows]


def attempt_view(a: CallAttempt) -> dict[str, Any]:
    return {"id": a.id, "status": a.status, "digits": a.digits, "seconds_played": round(a.seconds_played, 2),
            "played_to_end": a.played_to_end, "interest": a.interest, "sip_code": a.sip_code, "reason": a.reason,
            "started_at": a.started_at.isoformat(), "ended_at": a.ended_at.isoformat() if a.ended_at else None}


EXPORT_COLUMNS = ("row", "phone", "name", "recipient_state", "attempt", "status", "digits", "seconds_played",
                  "played_to_end", "interest", "sip_code", "reason", "started_at", "ended_at")


def export_rows(rt: Runtime, campaign_id: str) -> list[list[str]]:
    """The outcome export: one line per attempt (a recipient never attempted has one line of its own)."""
    out: list[list[str]] = [list(EXPORT_COLUMNS)]
    for r in campaign_calls(rt, campaign_id, limit=10**9):
        base = [str(r["row"]), r["phone"], _csv_safe(r["name"]), r["state"]]
        if not r["attempts"]:
            out.append([*base, "", "", "", "", "", "", "", _csv_safe(r["reason"]), "", ""])
        for n, a in enumerate(r["attempts"], start=1):
            out.append([*base, str(n), a["status"], a["digits"], str(a["seconds_played"]),
                        str(a["played_to_end"]).lower(), str(a["interest"]).lower(), str(a["sip_code"] or ""),
                        _csv_safe(a["reason"]), a["started_at"], a["ended_at"] or ""])
    return out


def _csv_safe(text: str) -> str:
    """No spreadsheet formula injection from a name a recipients file carried."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def policy_for(rt: Runtime, s: Any, campaign: CallCampaign) -> tuple[Policy, Rules, Retry]:
    cfg = rt.settings.calls
    rules = merchant_rules(rt, s, campaign.merchant_id)
    policy = Policy(rules.window, rules.frequency_max, rules.frequency_days, campaign.daily_cap,
                    ZoneInfo(campaign.timezone), campaign.occasion)
    return policy, rules, Retry(cfg.busy_retry_s, cfg.busy_retries, cfg.no_answer_retries)
