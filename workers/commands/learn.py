"""The learning loop in the database: metric imports, what aired, attribution, room experiments, and
the performance read-out. ``learn/`` holds the logic; this module only loads and stores rows, every
query scoped by merchant.

What aired comes from two places: a human host's transcript matched to the SKU's section variants, or
a room's own segment queue (``segments.aired_at``/``ended_at`` with the script they spoke, split into
sections in proportion to their characters: TTS speaks at an even pace). Either way an airing of a whole
script (``section`` empty: the unit room experiments compare) and one per section variant are stored;
attribution then credits each with the metrics imported for the same time.
"""

from __future__ import annotations

import hashlib
import logging
import zlib
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import numpy as np
from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from core.errors import InputError, TransientError
from core.models import (
    Airing,
    Asset,
    Experiment,
    LearnSession,
    LiveRoom,
    MetricMinute,
    Script,
    SectionVariant,
    Segment,
    Sku,
    utcnow,
)
from core.progress import Progress, no_progress
from learn.attribution import Aired, MinuteMetrics, attribute, bootstrap_rate_interval
from learn.experiments import Arm, Verdict, choose, judge
from learn.matching import UNMATCHED, KnownVariant, match_utterances, text_hash
from learn.metrics import minute_span, parse_metrics
from learn.outcomes import Beta, VariantStats
from learn.phrasing import phrasing_weights as learn_phrasing_weights
from learn.transcript import parse_transcript
from script_gen.records import KB_ZONE
from workers.runtime import Runtime

log = logging.getLogger(__name__)
SCRIPT_LEVEL = ""
"""``Airing.section`` of an airing of a whole script."""


@dataclass(frozen=True)
class ImportRequest:
    metrics_asset_id: str
    transcript_asset_id: str | None = None
    room_id: str | None = None
    sku_codes: tuple[str, ...] = ()
    name: str = ""
    day: date | None = None
    started_at: datetime | None = None


# ---------------------------------------------------------------- imports

def import_session(rt: Runtime, merchant_id: str, req: ImportRequest, progress: Progress | None = None) -> dict[str, Any]:
    """Read a metrics export (and a host's transcript, or a room's aired segments), store the session and
    credit what aired. A file with bad rows changes nothing and names every bad row."""
    report = progress or no_progress
    cfg = rt.settings.learn
    if (req.transcript_asset_id is None) == (req.room_id is None):
        raise InputError("an import is either a host session (a transcript) or a room's metrics (room_id), not both")
    key = _source_key(req)
    done = _already_imported(rt, merchant_id, key)
    if done is not None:  # a redelivered job, or the same files again: the session is there once
        return done
    report(0.05, "reading the metrics export")
    metrics = parse_metrics(_read(rt, merchant_id, req.metrics_asset_id), day=req.day, zone=KB_ZONE,
                            max_rows=cfg.max_rows, max_errors=cfg.max_row_errors)
    first, last = minute_span(metrics.rows)
    utterances = ()
    if req.transcript_asset_id is not None:
        report(0.2, "reading the transcript")
        utterances = parse_transcript(_read(rt, merchant_id, req.transcript_asset_id),
                                      _filename(rt, merchant_id, req.transcript_asset_id),
                                      max_segments=cfg.max_rows, max_errors=cfg.max_row_errors)
    with rt.session() as s:
        if req.room_id is not None and _owned(s, LiveRoom, req.room_id, merchant_id) is None:
            raise InputError(f"room {req.room_id} not found")
        skus = _skus(s, merchant_id, req.sku_codes)
        if req.room_id is not None:
            _refuse_overlap(s, merchant_id, req.room_id, first, last)
        session = LearnSession(merchant_id=merchant_id, kind="room" if req.room_id else "host",
                               name=(req.name or _filename(rt, merchant_id, req.metrics_asset_id))[:200],
                               platform=metrics.platform, room_id=req.room_id, started_at=req.started_at or first,
                               ended_at=last, status="importing", source_key=key)
        s.add(session)
        try:
            s.flush()
        except IntegrityError:  # another attempt of this import got there first (the unique source key)
            raise TransientError("this import is being written by another attempt; retrying") from None
        session_id = session.id
        s.add_all(MetricMinute(session_id=session_id, merchant_id=merchant_id, at=r.at, viewers=r.viewers,
                               new_followers=r.new_followers, clicks=r.clicks, orders=r.orders, gmv=r.gmv)
                  for r in metrics.rows)
    try:  # a session is whole or absent: a failure below (or a cancelled job) leaves nothing half-imported
        report(0.4, "finding what aired")
        if utterances:
            aired = _host_airings(rt, merchant_id, session_id, skus, utterances, req.started_at or first)
        else:
            aired = _room_airings(rt, merchant_id, session_id, req.room_id or "", first, last)
        report(0.6, f"crediting {aired} airings")
        summary = attribute_session(rt, merchant_id, session_id)
    except BaseException:
        delete_session(rt, merchant_id, session_id)
        raise
    report(0.9, "reviewing experiments")
    promoted = review_experiments(rt, merchant_id)
    with rt.session() as s:
        row = s.get(LearnSession, session_id)
        row.status = "ready"
        row.summary = {**summary, "minutes": len(metrics.rows), "columns": metrics.columns, "aired": aired,
                       "utterances": len(utterances)}
    report(1.0, "imported")
    return {"session_id": session_id, "platform": metrics.platform, "minutes": len(metrics.rows), "aired": aired,
            "promoted": promoted, **summary}


def _source_key(req: ImportRequest) -> str:
    """What makes two imports the same: the same files, room, SKUs and times."""
    parts = [req.metrics_asset_id, req.transcript_asset_id or "", req.room_id or "", ",".join(sorted(req.sku_codes)),
             str(req.day or ""), req.started_at.isoformat() if req.started_at else ""]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()


def _already_imported(rt: Runtime, merchant_id: str, key: str) -> dict[str, Any] | None:
    """The result of an earlier import of the same files; an attempt that died mid-import (older than the
    job's limit) is cleared so this one can start afresh."""
    with rt.session() as s:
        row = s.scalar(select(LearnSession).where(LearnSession.merchant_id == merchant_id,
                                                  LearnSession.source_key == key))
        if row is None:
            return None
        if row.status == "ready":
            return {"session_id": row.id, "platform": row.platform, "promoted": [], "already_imported": True,
                    **row.summary}
        if utcnow() - row.created_at < timedelta(seconds=rt.settings.worker.limit_for("learn.import").base_s):
            raise TransientError("this import is being written by another attempt; retrying")
        s.delete(row)
    return None


def _refuse_overlap(s: Session, merchant_id: str, room_id: str, first: datetime, last: datetime) -> None:
    """A room's minutes are imported once: counting a night twice would double its evidence."""
    clash = s.scalar(select(LearnSession).where(
        LearnSession.merchant_id == merchant_id, LearnSession.room_id == room_id, LearnSession.kind == "room",
        LearnSession.started_at < last, LearnSession.ended_at > first))
    if clash is not None:
        raise InputError(f"metrics for this room from {first:%Y-%m-%d %H:%M} to {last:%H:%M} UTC overlap the imported "
                         f"session {clash.name!r} ({clash.id}): delete it first")


def _read(rt: Runtime, merchant_id: str, asset_id: str) -> bytes:
    cap = int(rt.settings.learn.max_import_mb * 1024 * 1024)
    with rt.session() as s:
        asset = _owned(s, Asset, asset_id, merchant_id)
        if asset is None:
            raise InputError(f"asset {asset_id} not found")
        if asset.size > cap:
            raise InputError(f"{asset.filename or asset_id} is larger than {rt.settings.learn.max_import_mb:g} MB "
                             "(EVERCAST_LEARN__MAX_IMPORT_MB)")
        path = rt.store.verify(asset.merchant_id, asset.sha256, asset.suffix)
    return path.read_bytes()


def _filename(rt: Runtime, merchant_id: str, asset_id: str) -> str:
    with rt.session() as s:
        asset = _owned(s, Asset, asset_id, merchant_id)
        return asset.filename if asset else ""


def _owned(s: Session, model: Any, row_id: str, merchant_id: str) -> Any:
    row = s.get(model, row_id)
    return row if row is not None and row.merchant_id == merchant_id else None


def _skus(s: Session, merchant_id: str, codes: Sequence[str]) -> list[Sku]:
    query = select(Sku).where(Sku.merchant_id == merchant_id)
    rows = list(s.scalars(query.where(Sku.code.in_(codes)) if codes else query))
    missing = set(codes) - {r.code for r in rows}
    if missing:
        raise InputError(f"unknown SKU(s): {', '.join(sorted(missing))}")
    return rows


def _sections(script: Script) -> list[tuple[str, str]]:
    """(section, wording) of a stored script, slots left as placeholders so a new price is the same wording."""
    sections = (script.content or {}).get("script", {}).get("sections", [])
    out = []
    for sec in sections:
        text = "".join(s.get("slot_text") or s.get("text", "") for s in sec.get("sentences", []))
        if text:
            out.append((sec.get("section", ""), text))
    return out


def _variant(s: Session, merchant_id: str, sku_id: str, section: str, text: str, origin: str,
             script_id: str | None = None) -> SectionVariant:
    digest = text_hash(text)
    row = s.scalar(select(SectionVariant).where(
        SectionVariant.merchant_id == merchant_id, SectionVariant.sku_id == sku_id,
        SectionVariant.section == section, SectionVariant.norm_hash == digest))
    if row is None:
        row = SectionVariant(merchant_id=merchant_id, sku_id=sku_id, section=section, text=text[:4000],
                             norm_hash=digest, origin=origin, script_id=script_id)
        s.add(row)
        s.flush()
    return row


def _script_variants(s: Session, merchant_id: str, skus: Iterable[Sku]) -> None:
    """Every section wording of the SKUs' scripts is a known variant."""
    for sku in skus:
        for script in s.scalars(select(Script).where(Script.merchant_id == merchant_id, Script.sku_id == sku.id)):
            for section, text in _sections(script):
                _variant(s, merchant_id, sku.id, section, text, "script", script.id)


def _host_airings(rt: Runtime, merchant_id: str, session_id: str, skus: list[Sku], utterances: Sequence[Any],
                  start: datetime) -> int:
    with rt.session() as s:
        _script_variants(s, merchant_id, skus)
        sku_ids = [k.id for k in skus]
        known = [KnownVariant(v.id, v.sku_id, v.section, (v.text,)) for v in s.scalars(
            select(SectionVariant).where(SectionVariant.merchant_id == merchant_id, SectionVariant.sku_id.in_(sku_ids)))]
        spans = match_utterances(utterances, known, rt.settings.learn.match_threshold)
        fallback_sku = sku_ids[0] if len(sku_ids) == 1 else None
        count = 0
        for span in spans:
            sku_id = span.sku_id or fallback_sku
            if not sku_id:
                continue  # nothing to hang it on: a host session over no SKU with scripts
            variant_id = span.key or _variant(s, merchant_id, sku_id, span.section or UNMATCHED, span.text,
                                              "transcript").id
            s.add(Airing(merchant_id=merchant_id, session_id=session_id, sku_id=sku_id, section=span.section,
                         variant_id=variant_id, start_at=start + timedelta(seconds=span.start_s),
                         end_at=start + timedelta(seconds=span.end_s)))
            count += 1
        return count


def _room_airings(rt: Runtime, merchant_id: str, session_id: str, room_id: str, first: datetime,
                  last: datetime) -> int:
    """The room's aired scripts in the metrics' time, each as a script airing and its section airings."""
    lag = timedelta(seconds=rt.settings.learn.lag_max_s)
    with rt.session() as s:
        segments = list(s.scalars(select(Segment).where(
            Segment.merchant_id == merchant_id, Segment.room_id == room_id, Segment.script_id.is_not(None),
            Segment.aired_at.is_not(None), Segment.aired_at >= first - lag, Segment.aired_at < last)))
        count = 0
        for seg in segments:
            script = s.get(Script, seg.script_id)
            if script is None or script.sku_id is None:
                continue
            end = seg.ended_at or seg.aired_at + timedelta(seconds=seg.duration_s)
            s.add(Airing(merchant_id=merchant_id, session_id=session_id, sku_id=script.sku_id, section=SCRIPT_LEVEL,
                         script_id=script.id, segment_id=seg.id, start_at=seg.aired_at, end_at=end))
            sections = _sections(script)
            total = sum(len(t) for _, t in sections) or 1
            at = seg.aired_at
            for section, text in sections:
                length = (end - seg.aired_at) * (len(text) / total)
                variant = _variant(s, merchant_id, script.sku_id, section, text, "script", script.id)
                s.add(Airing(merchant_id=merchant_id, session_id=session_id, sku_id=script.sku_id, section=section,
                             variant_id=variant.id, script_id=script.id, segment_id=seg.id, start_at=at,
                             end_at=at + length))
                at += length
            count += 1
        return count


# ---------------------------------------------------------------- attribution

def attribute_session(rt: Runtime, merchant_id: str, session_id: str) -> dict[str, Any]:
    """Credit the session's airings (script level and section level separately) from its metrics."""
    cfg = rt.settings.learn
    with rt.session() as s:
        session = _owned(s, LearnSession, session_id, merchant_id)
        if session is None:
            raise InputError(f"session {session_id} not found")
        origin = session.started_at or utcnow()
        minutes = [MinuteMetrics((m.at - origin).total_seconds(), m.viewers, m.clicks, m.orders, m.gmv)
                   for m in s.scalars(select(MetricMinute).where(MetricMinute.session_id == session_id))]
        airings = list(s.scalars(select(Airing).where(Airing.session_id == session_id)))
        closed = 0
        for level in (True, False):
            group = [a for a in airings if (a.section == SCRIPT_LEVEL) == level]
            units = [Aired(a.script_id if level else a.variant_id or "", (a.start_at - origin).total_seconds(),
                           (a.end_at - origin).total_seconds()) for a in group]
            for row, credit in zip(group, attribute(units, minutes, cfg.lag_min_s, cfg.lag_max_s)):
                row.exposure, row.clicks, row.orders, row.gmv = credit.exposure, credit.clicks, credit.orders, credit.gmv
                row.credited = credit.closed
                closed += credit.closed
        return {"airings": len(airings), "credited": closed, "pending": len(airings) - closed,
                "orders": sum(m.orders for m in minutes), "clicks": sum(m.clicks for m in minutes)}


def variant_stats(rt: Runtime, merchant_id: str, sku_id: str | None = None) -> list[VariantStats]:
    """Every section variant of the merchant (or of one SKU) with what its closed airings earned."""
    with rt.session() as s:
        query = select(SectionVariant).where(SectionVariant.merchant_id == merchant_id)
        variants = list(s.scalars(query.where(SectionVariant.sku_id == sku_id) if sku_id else query))
        query = select(Airing.variant_id, Airing.session_id, Airing.exposure, Airing.clicks, Airing.orders,
                       Airing.gmv).where(Airing.merchant_id == merchant_id, Airing.credited.is_(True),
                                         Airing.variant_id.is_not(None))
        by_variant: dict[str, list[Any]] = defaultdict(list)
        for row in s.execute(query.where(Airing.sku_id == sku_id) if sku_id else query):
            by_variant[row.variant_id].append(row)
    return [_stats(v.sku_id, v.section, v.id, v.text, by_variant[v.id], rt) for v in variants]


def _stats(sku_id: str, section: str, key: str, text: str, rows: Sequence[Any], rt: Runtime) -> VariantStats:
    cfg = rt.settings.learn
    exposure = sum(r.exposure for r in rows)
    orders = sum(r.orders for r in rows)
    post = Beta.of(orders, exposure)
    interval = bootstrap_rate_interval([r.exposure for r in rows], [r.gmv for r in rows],
                                       np.random.default_rng(zlib.crc32(key.encode())), cfg.bootstrap_draws,
                                       cfg.credible_level)
    return VariantStats(sku_id=sku_id, section=section, variant_id=key, text=text, airings=len(rows),
                        exposure=exposure, clicks=sum(r.clicks for r in rows), orders=orders,
                        gmv=sum(r.gmv for r in rows), alpha=post.alpha, beta=post.beta, gmv_interval=interval,
                        sessions=tuple(sorted({r.session_id for r in rows})))


def script_arms(s: Session, merchant_id: str, script_ids: Sequence[str]) -> list[Arm]:
    """Each script's conversion posterior from its closed whole-script airings (any room, any night)."""
    totals = {sid: (0.0, 0.0) for sid in script_ids}
    for sid, exposure, orders in s.execute(
            select(Airing.script_id, func.sum(Airing.exposure), func.sum(Airing.orders))
            .where(Airing.merchant_id == merchant_id, Airing.section == SCRIPT_LEVEL, Airing.credited.is_(True),
                   Airing.script_id.in_(list(script_ids))).group_by(Airing.script_id)):
        totals[sid] = (float(exposure or 0.0), float(orders or 0.0))
    return [Arm(sid, Beta.of(o, e), e) for sid, (e, o) in totals.items()]


# ---------------------------------------------------------------- experiments

def start_experiment(rt: Runtime, merchant_id: str, room_id: str, sku_code: str,
                     script_ids: Sequence[str] = (), actor: str = "") -> str:
    """The room's playlist slot for ``sku_code`` now picks among ``script_ids`` (default: the playlist's
    scripts for that SKU) by Thompson sampling. One running experiment per room and SKU."""
    with rt.session() as s:
        room = _owned(s, LiveRoom, room_id, merchant_id)
        if room is None:
            raise InputError(f"room {room_id} not found")
        sku = s.scalar(select(Sku).where(Sku.merchant_id == merchant_id, Sku.code == sku_code))
        if sku is None:
            raise InputError(f"sku {sku_code} not found")
        playlist = (room.config.get("playlist") or {}).get("skus", {})  # SKU code -> script ids
        arms = list(dict.fromkeys(script_ids or playlist.get(sku_code, [])))
        if len(arms) < 2:
            raise InputError("an experiment needs at least two scripts of the SKU (put them in the room's playlist)")
        for sid in arms:
            script = _owned(s, Script, sid, merchant_id)
            if script is None or script.sku_id != sku.id:
                raise InputError(f"script {sid} is not a script of {sku_code}")
            if script.state not in ("approved", "live"):
                raise InputError(f"script {sid} is not approved")
        if _running(s, merchant_id, room_id, sku.id) is not None:
            raise InputError(f"room {room.name} already runs an experiment for {sku_code}: end it first")
        in_playlist = playlist.get(sku_code, [])
        if not set(arms) <= set(in_playlist):  # the slot must exist for the room to choose in it
            room.config = {**room.config, "playlist": {
                **(room.config.get("playlist") or {"prompts": [], "prompt_every": 3}),
                "skus": {**playlist, sku_code: [*in_playlist, *(a for a in arms if a not in in_playlist)]}}}
        exp = Experiment(merchant_id=merchant_id, room_id=room_id, sku_id=sku.id, arms=arms,
                         choices={a: 0 for a in arms}, history=[_event("started", actor)])
        s.add(exp)
        s.flush()
        return exp.id


def _running(s: Session, merchant_id: str, room_id: str, sku_id: str) -> Experiment | None:
    return s.scalar(select(Experiment).where(Experiment.merchant_id == merchant_id, Experiment.room_id == room_id,
                                             Experiment.sku_id == sku_id, Experiment.state.in_(("running", "promoted"))))


def _event(what: str, actor: str = "", **detail: Any) -> dict[str, Any]:
    return {"at": utcnow().isoformat(), "event": what, "by": actor or "system", **detail}


def override(rt: Runtime, merchant_id: str, experiment_id: str, action: str, script_id: str | None = None,
             actor: str = "") -> None:
    """``pin`` a variant (the room airs only it), ``unpin``, ``promote`` one by hand, or ``end`` the
    experiment (the playlist's rotation again)."""
    with rt.session() as s:
        exp = _owned(s, Experiment, experiment_id, merchant_id)
        if exp is None:
            raise InputError(f"experiment {experiment_id} not found")
        if exp.state == "ended":
            raise InputError("the experiment has ended")
        if action in ("pin", "promote") and script_id not in exp.arms:
            raise InputError(f"script {script_id} is not one of the experiment's variants")
        if action == "pin":
            exp.pinned_script_id = script_id
        elif action == "unpin":
            exp.pinned_script_id = None
        elif action == "promote":
            exp.state, exp.winner_script_id = "promoted", script_id
        elif action == "end":
            exp.state, exp.ended_at, exp.pinned_script_id = "ended", utcnow(), None
        else:
            raise InputError(f"unknown action {action!r}: pin, unpin, promote or end")
        exp.history = [*exp.history, _event(action, actor, script_id=script_id)]


def choose_script(s: Session, rt: Runtime, room: LiveRoom, sku_code: str, default: str) -> str:
    """The script ``room`` airs in a playlist slot of ``sku_code`` (in the caller's transaction): the pin,
    the promoted winner, a Thompson draw in a running experiment, or the playlist's ``default`` without one."""
    sku_id = s.scalar(select(Sku.id).where(Sku.merchant_id == room.merchant_id, Sku.code == sku_code))
    exp = _running(s, room.merchant_id, room.id, sku_id) if sku_id else None
    if exp is None:
        return default
    if exp.pinned_script_id:
        pick = exp.pinned_script_id
    elif exp.state == "promoted" and exp.winner_script_id:
        pick = exp.winner_script_id
    else:
        pick = choose(script_arms(s, exp.merchant_id, exp.arms), np.random.default_rng(), rt.settings.learn.explore_floor)
    exp.choices = {**exp.choices, pick: int(exp.choices.get(pick, 0)) + 1}
    return pick


def review_experiments(rt: Runtime, merchant_id: str) -> list[str]:
    """Promote the variant of each running experiment whose P(best) reached ``learn.promote_at``."""
    cfg = rt.settings.learn
    promoted = []
    with rt.session() as s:
        for exp in s.scalars(select(Experiment).where(Experiment.merchant_id == merchant_id,
                                                      Experiment.state == "running")):
            verdict = _verdict(s, exp, rt)
            if verdict.winner is not None:
                exp.state, exp.winner_script_id = "promoted", verdict.winner
                exp.history = [*exp.history, _event("promoted", script_id=verdict.winner,
                                                    p_best=round(verdict.p_best[verdict.winner], 4),
                                                    p_close=round(verdict.p_close, 4))]
                promoted.append(exp.id)
    return promoted


def _verdict(s: Session, exp: Experiment, rt: Runtime) -> Verdict:
    cfg = rt.settings.learn
    return judge(script_arms(s, exp.merchant_id, exp.arms), np.random.default_rng(zlib.crc32(exp.id.encode())),
                 cfg.promote_at, cfg.min_exposure, cfg.tie_tolerance)


# ---------------------------------------------------------------- read-outs

def performance(rt: Runtime, merchant_id: str, sku_code: str | None = None) -> dict[str, Any]:
    """Sections and variants with attributed rates and intervals, and each room's experiments."""
    cfg = rt.settings.learn
    with rt.session() as s:
        sku = None
        if sku_code:
            sku = s.scalar(select(Sku).where(Sku.merchant_id == merchant_id, Sku.code == sku_code))
            if sku is None:
                raise InputError(f"sku {sku_code} not found")
        codes = dict(s.execute(select(Sku.id, Sku.code).where(Sku.merchant_id == merchant_id)).all())
    stats = variant_stats(rt, merchant_id, sku.id if sku else None)
    sections: dict[tuple[str, str], list[VariantStats]] = defaultdict(list)
    for v in stats:
        sections[(v.sku_id, v.section)].append(v)
    out_sections = []
    for (sku_id, section), variants in sorted(sections.items(), key=lambda kv: (codes.get(kv[0][0], ""), kv[0][1])):
        out_sections.append({"sku": codes.get(sku_id, sku_id), "section": section,
                             "variants": [_variant_public(v, cfg.credible_level) for v in
                                          sorted(variants, key=lambda v: -v.conversion.mean)]})
    with rt.session() as s:
        query = select(Experiment).where(Experiment.merchant_id == merchant_id)
        if sku is not None:
            query = query.where(Experiment.sku_id == sku.id)
        experiments = [_experiment_public(s, e, rt, codes) for e in s.scalars(query.order_by(Experiment.created_at.desc()))]
        sessions = [{"id": x.id, "kind": x.kind, "name": x.name, "platform": x.platform, "room_id": x.room_id,
                     "started_at": x.started_at.isoformat() if x.started_at else None, "status": x.status,
                     "summary": x.summary}
                    for x in s.scalars(select(LearnSession).where(LearnSession.merchant_id == merchant_id)
                                       .order_by(LearnSession.created_at.desc()).limit(50))]
    return {"level": cfg.credible_level, "window_s": [cfg.lag_min_s, cfg.lag_max_s], "sections": out_sections,
            "experiments": experiments, "sessions": sessions}


def _variant_public(v: VariantStats, level: float) -> dict[str, Any]:
    per_1k = 1000.0  # rates read per thousand viewer-minutes
    low, high = v.conversion.interval(level)
    c_low, c_high = v.click_rate.interval(level)
    return {"variant_id": v.variant_id, "text": v.text, "airings": v.airings, "exposure": round(v.exposure, 2),
            "clicks": round(v.clicks, 2), "orders": round(v.orders, 2), "gmv": round(v.gmv, 2),
            "order_rate": v.conversion.mean * per_1k, "order_interval": [low * per_1k, high * per_1k],
            "click_rate": v.click_rate.mean * per_1k, "click_interval": [c_low * per_1k, c_high * per_1k],
            "gmv_rate": (v.gmv / v.exposure * per_1k) if v.exposure else 0.0,
            "gmv_interval": [v.gmv_interval[0] * per_1k, v.gmv_interval[1] * per_1k],
            "alpha": v.alpha, "beta": v.beta, "sessions": list(v.sessions)}


def _experiment_public(s: Session, e: Experiment, rt: Runtime, codes: dict[str, str]) -> dict[str, Any]:
    arms = script_arms(s, e.merchant_id, e.arms)
    verdict = _verdict(s, e, rt)
    level = rt.settings.learn.credible_level
    return {"id": e.id, "room_id": e.room_id, "sku": codes.get(e.sku_id, e.sku_id), "state": e.state,
            "pinned_script_id": e.pinned_script_id, "winner_script_id": e.winner_script_id,
            "created_at": e.created_at.isoformat(), "history": e.history[-20:],
            "arms": [{"script_id": a.key, "exposure": round(a.exposure, 2), "order_rate": a.posterior.mean * 1000,
                      "order_interval": [x * 1000 for x in a.posterior.interval(level)],
                      "p_best": verdict.p_best.get(a.key, 0.0), "chosen": int(e.choices.get(a.key, 0))}
                     for a in arms]}


def experiment_for(rt: Runtime, merchant_id: str, experiment_id: str) -> dict[str, Any]:
    with rt.session() as s:
        e = _owned(s, Experiment, experiment_id, merchant_id)
        if e is None:
            raise InputError(f"experiment {experiment_id} not found")
        codes = dict(s.execute(select(Sku.id, Sku.code).where(Sku.merchant_id == merchant_id)).all())
        return _experiment_public(s, e, rt, codes)


def phrasing_weights(rt: Runtime, merchant_id: str) -> dict[str, list[float]]:
    """The template generator's learned phrasing weights for this merchant (empty before any outcome)."""
    stats = [v for v in variant_stats(rt, merchant_id) if v.exposure > 0]
    return learn_phrasing_weights(stats, np.random.default_rng(7), rt.settings.learn.explore_floor)


def delete_session(rt: Runtime, merchant_id: str, session_id: str) -> None:
    """Forget a session (its metrics and credits); experiments re-read the posteriors without it."""
    with rt.session() as s:
        if _owned(s, LearnSession, session_id, merchant_id) is None:
            raise InputError(f"session {session_id} not found")
        s.execute(delete(LearnSession).where(LearnSession.id == session_id, LearnSession.merchant_id == merchant_id))

