"""The admin's "Connect an Instagram account" flow (Instagram Login, OAuth)."""

from __future__ import annotations

import hmac
import secrets

from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from instagram.connect import ConnectError, account_connect_code, oauth_authorize_url

STATE_KEY = "instagram_oauth_state"


def _accounts_admin() -> str:
    return reverse("admin:instagram_instagramaccount_changelist")


def _redirect_uri(request: HttpRequest) -> str:
    # Must match the one registered in the Instagram app exactly, trailing slash included.
    return request.build_absolute_uri(reverse("instagram:callback"))


@staff_member_required
def connect(request: HttpRequest) -> HttpResponse:
    state = secrets.token_urlsafe(32)
    try:
        url = oauth_authorize_url(redirect_uri=_redirect_uri(request), state=state)
    except ConnectError as error:
        messages.error(request, str(error))
        return HttpResponseRedirect(_accounts_admin())
    request.session[STATE_KEY] = state
    return HttpResponseRedirect(url)


@staff_member_required
def callback(request: HttpRequest) -> HttpResponse:
    expected = request.session.pop(STATE_KEY, "")
    state = request.GET.get("state", "")
    if not expected or not hmac.compare_digest(expected, state):
        messages.error(
            request,
            "The connection could not be verified (it may have been started in another "
            "browser or taken too long). Please press Connect again.",
        )
        return HttpResponseRedirect(_accounts_admin())
    if request.GET.get("error"):
        reason = request.GET.get("error_description") or request.GET["error"]
        messages.warning(request, f"Instagram connection cancelled: {reason.replace('+', ' ')}.")
        return HttpResponseRedirect(_accounts_admin())
    code = request.GET.get("code", "").removesuffix("#_")
    if not code:
        messages.error(request, "Instagram sent no authorization code. Please try again.")
        return HttpResponseRedirect(_accounts_admin())
    try:
        account = account_connect_code(code=code, redirect_uri=_redirect_uri(request))
    except ConnectError as error:
        messages.error(request, str(error))
        return HttpResponseRedirect(_accounts_admin())
    messages.success(request, f"Connected {account}. Its token is kept alive automatically.")
    return HttpResponseRedirect(
        reverse("admin:instagram_instagramaccount_change", args=[account.pk])
    )
