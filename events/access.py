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
