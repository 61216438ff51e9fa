"""Call campaign tasks: recipients import (io), message synthesis (cpu), dialing and test calls (io), interest
webhooks (io)."""

from __future__ import annotations

from typing import Any

from core.errors import Cancelled
from workers.commands import call_runner, call_webhook, calls
from workers.execute import JobContext, Overrun, job_task


@job_task("calls.import")
def import_recipients(ctx: JobContext) -> dict[str, Any]:
    """params: campaign_id. A bad file fails the job with every bad row and column in its result."""
    return calls.import_recipients(ctx.runtime, ctx.params["campaign_id"], progress=ctx.progress)


@job_task("calls.synthesize")
def synthesize(ctx: JobContext) -> dict[str, Any]:
    """params: campaign_id, template (optional), from_end (the helper job of :func:`calls.share_synthesis`).
    An attempt that stops shows on the campaign (its alert) while it is retried."""
    campaign_id, template, from_end = ctx.params["campaign_id"], ctx.params.get("template"), ctx.params.get("from_end")
    helper = None if from_end else calls.share_synthesis(ctx.runtime, campaign_id, template)
    try:
        out = calls.synthesize_messages(ctx.runtime, campaign_id, template, ctx.workdir, progress=ctx.progress,
                                        measure=ctx.measure, from_end=bool(from_end))
    except Overrun as exc:
        calls.note_setup_stop(ctx.runtime, campaign_id, "message synthesis", ctx.attempt, exc.verdict.message)
        raise
    except Cancelled:
        raise
    except Exception as exc:
        calls.note_setup_stop(ctx.runtime, campaign_id, "message synthesis", ctx.attempt, str(exc))
        raise
    return out | ({"helper_job_id": helper} if helper else {})


@job_task("calls.dial")
def dial(ctx: JobContext) -> dict[str, Any]:
    """params: campaign_id. Places the due calls, then hands over to a job queued for the next due call."""
    return call_runner.dial(ctx.runtime, ctx.params["campaign_id"], ctx.job_id, ctx.attempt, ctx.workdir,
                            ctx.progress)


@job_task("calls.test_call")
def test_call(ctx: JobContext) -> dict[str, Any]:
    """params: campaign_id, phone, row (optional). One call of a campaign's message to the merchant's own phone."""
    ctx.progress(0.1, f"calling {ctx.params['phone']}")
    return call_runner.test_call(ctx.runtime, ctx.params["campaign_id"], ctx.params["phone"], ctx.workdir,
                                 row=ctx.params.get("row"), job_id=ctx.job_id)


@job_task("calls.webhook")
def webhook(ctx: JobContext) -> dict[str, Any]:
    """params: attempt_id. Retried while the merchant's endpoint is unreachable or answers 5xx."""
    return call_webhook.deliver(ctx.runtime, ctx.merchant_id or "", ctx.params["attempt_id"])
