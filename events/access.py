"""Who may see an event: anyone for public and unlisted ones; for private ones, a browser
that entered the access code, or a signed-in user allowed to view events."""

from __future__ import annotations

import hmac

from django.http import HttpRequest

from events.models import Event, Visibility

SESSION_KEY = "events_admitted"


def access_code_matches(event: Event, code: str) -> bool:
    expected = event.access_code.strip().casefold().encode()
    return bool(expected) and hmac.compare_digest(expected, code.strip().casefold().encode())


def event_access_granted(request: HttpRequest, event: Event) -> bool:
    if event.visibility != Visibility.PRIVATE:
        return True
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and user.has_perm("events.view_event"):
        return True
    return event.pk in request.session.get(SESSION_KEY, [])


def event_access_grant(request: HttpRequest, event: Event) -> None:
    """Admit this browser to this event only."""
    admitted = list(request.session.get(SESSION_KEY, []))
    if event.pk not in admitted:
        admitted.append(event.pk)
        request.session[SESSION_KEY] = admitted


# Wrong access codes: after this many from one address for one event, refuse for a while.
CODE_ATTEMPTS = 5
CODE_LOCKOUT_SECONDS = 15 * 60


def _attempts_key(request: HttpRequest, event: Event) -> str:
    return f"access-fail:{event.pk}:{request.META.get('REMOTE_ADDR', '')}"


def access_code_locked(request: HttpRequest, event: Event) -> bool:
    from django.core.cache import cache

    return cache.get(_attempts_key(request, event), 0) >= CODE_ATTEMPTS


def access_code_try(request: HttpRequest, event: Event, code: str) -> bool:
    """Check a code typed by a guest; admit the browser when right, count when wrong.

    The caller checks access_code_locked() first and answers 429 while locked."""
    from django.core.cache import cache

    key = _attempts_key(request, event)
    if access_code_matches(event, code):
        cache.delete(key)
        event_access_grant(request, event)
        return True
    cache.add(key, 0, CODE_LOCKOUT_SECONDS)
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, CODE_LOCKOUT_SECONDS)
    return False
