"""What a CDN in front of the desk may keep, what each answer depends on, and purges on release.

Three parts (README, "Behind a CDN"):

* `CdnMiddleware` gives the public site's and the API's shareable answers (GET/HEAD, 200 or 304,
  marked public by their views, no cookie set) a shared-cache lifetime when FACTCHECK_CDN_MAX_AGE
  is set: `public, max-age=0, s-maxage=N, stale-while-revalidate=M`. Browsers still revalidate
  each time (max-age=0, against the CDN's copy, with the ETag the views give); the CDN answers
  for N seconds unless a purge comes first. Staff answers (previews, desk markers) are private
  already and left so. A partner's request carries its key (Authorization), and the feed is
  metered per partner: those answers are `private`, never shared, so a CDN can neither hand one
  partner's answer to a client without a key nor let a partner past its rate. An anonymous API
  answer (FACTCHECK_API_ANONYMOUS) is shareable and varies on Authorization.
* Every answer names what it depends on in `Surrogate-Key` (Fastly, Varnish xkey; space-separated)
  and `Cache-Tag` (Cloudflare; comma-separated): `verdict-<id>` for a verdict's page and API item,
  `claim-<id>` for a claim's, `listing` (plus the page's name: `home`, `events`, ...) for every
  site page made from the set of published verdicts, `feed` for every other API answer.
* On every release (publication, correction, update, clarification, retraction: the
  verdict_released signal, sent after commit) a background task asks FACTCHECK_CDN_PURGE_URL to
  purge the keys the release changed: the verdict, its claim, the verdicts whose claims conflict
  with it (their pages show which claims are published), `listing` and `feed`. Off unless the
  URL is set. Other changes (an event's description, a source's name, the ratings' wording) are
  no release: the CDN serves them after at most FACTCHECK_CDN_MAX_AGE seconds.
"""

from __future__ import annotations

import json
import logging
import urllib.request
from datetime import timedelta

from django.conf import settings
from django.dispatch import receiver
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers
from django_tasks import task

from factcheck import retries
from factcheck.signals import verdict_released

logger = logging.getLogger(__name__)

SHAREABLE_STATUS = frozenset({200, 304})
MAX_BACKOFF = timedelta(hours=1)


def depends_on(request, *keys: str) -> None:
    """Name what this answer depends on, beyond what its URL says (e.g. the verdict's id)."""
    request.cdn_keys = [*getattr(request, "cdn_keys", ()), *keys]


def keys_for(request) -> list[str]:
    match = getattr(request, "resolver_match", None)
    if match is None:
        return []
    keys = list(getattr(request, "cdn_keys", ()))
    if match.namespace == "site":
        if match.url_name != "verdict":
            keys += ["listing", match.url_name]
    elif match.namespace == "api":
        name = match.url_name or ""
        pk = match.kwargs.get("pk")
        if name in ("verdict-detail", "claim-detail") and pk:
            keys.append(f"{name.split('-')[0]}-{pk}")
        else:
            keys.append("feed")
    elif match.url_name in ("sitemap_xml",):
        keys += ["listing", "sitemap"]
    return list(dict.fromkeys(keys))


def _shareable(request, response) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and response.status_code in SHAREABLE_STATUS
        and not response.cookies
    )


class CdnMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        keys = keys_for(request)
        if not keys or not _shareable(request, response):
            return response
        cache_control = response.get("Cache-Control", "")
        if request.resolver_match.namespace == "api":
            if "HTTP_AUTHORIZATION" in request.META or not settings.FACTCHECK_API_ANONYMOUS:
                # A partner's answer: metered per key, never shared (the module's docstring).
                patch_cache_control(response, private=True)
                return response
            # The open feed's answer is the same for every client without a key: shareable (the
            # API marks all its answers private), and never for a request that brings a key.
            cache_control = cache_control.replace("private", "public")
            response["Cache-Control"] = cache_control
            patch_vary_headers(response, ["Authorization"])
        elif "private" in cache_control or "no-store" in cache_control:
            return response  # staff: previews and desk markers
        response["Surrogate-Key"] = " ".join(keys)
        response["Cache-Tag"] = ",".join(keys)
        max_age = settings.FACTCHECK_CDN_MAX_AGE
        if max_age:
            lifetime = {"public": True, "max_age": 0, "s_maxage": max_age}
            if settings.FACTCHECK_CDN_STALE_SECONDS:
                # Stale answers are what was published a moment ago, never unpublished work: a
                # CDN may serve one while it fetches the fresh one (a purge removes it outright).
                lifetime["stale_while_revalidate"] = settings.FACTCHECK_CDN_STALE_SECONDS
            # The views' "no-cache" asks every cache to revalidate each time: max-age=0 now does
            # that for browsers, and s-maxage lets the CDN answer in between.
            response["Cache-Control"] = ", ".join(
                part
                for part in (p.strip() for p in cache_control.split(","))
                if part and part != "no-cache"
            )
            patch_cache_control(response, **lifetime)
        return response


# --- Purges --------------------------------------------------------------------------------


@receiver(verdict_released, dispatch_uid="factcheck.cdn.purge")
def purge_on_release(sender, verdict, revision=None, event="", **kwargs):
    if settings.FACTCHECK_CDN_PURGE_URL:
        purge_release.enqueue(verdict.pk, verdict.claim_id)


def release_keys(verdict_id: int, claim_id: int) -> list[str]:
    from factcheck.models import ClaimConflict, Verdict

    related = set(
        ClaimConflict.objects.filter(claim_id=claim_id).values_list("other_id", flat=True)
    ) | set(ClaimConflict.objects.filter(other_id=claim_id).values_list("claim_id", flat=True))
    others = Verdict.objects.filter(claim_id__in=related).values_list("pk", flat=True)
    return [
        f"verdict-{verdict_id}",
        f"claim-{claim_id}",
        *(f"verdict-{pk}" for pk in sorted(others)),
        "listing",
        "feed",
    ]


@task()
def purge_release(verdict_id: int, claim_id: int, attempt: int = 1) -> list[str]:
    keys = release_keys(verdict_id, claim_id)
    try:
        send_purge(keys)
    except Exception:
        if attempt >= settings.FACTCHECK_CDN_PURGE_MAX_ATTEMPTS:
            logger.exception("Gave up purging %s", keys)
            raise
        at = timezone.now() + retries.doubling(5, attempt, cap=MAX_BACKOFF)
        retries.enqueue(purge_release, verdict_id, claim_id, attempt + 1, at=at)
        logger.warning("Purging %s failed (try %d)", keys, attempt, exc_info=True)
        raise
    return keys


def send_purge(keys: list[str]) -> None:
    """One POST naming the keys the way the common CDNs take them: a `Surrogate-Key` header
    (Fastly, Varnish xkey) and a JSON body `{"tags": [...]}` (Cloudflare's purge by tag)."""
    headers = {"Content-Type": "application/json", "Surrogate-Key": " ".join(keys)}
    if settings.FACTCHECK_CDN_PURGE_TOKEN:
        headers["Authorization"] = f"Bearer {settings.FACTCHECK_CDN_PURGE_TOKEN}"
    request = urllib.request.Request(
        settings.FACTCHECK_CDN_PURGE_URL,
        data=json.dumps({"tags": keys}).encode(),
        headers=headers,
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=settings.FACTCHECK_CDN_PURGE_TIMEOUT) as answer:
        answer.read()
