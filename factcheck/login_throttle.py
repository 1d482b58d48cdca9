"""Login throttling on top of django-axes (configured in settings: "Login throttling").

Axes counts failed logins per username and address and refuses the pair once it reaches the limit;
this module adapts two of its edges to the desk.
"""

import ipaddress
from math import ceil

from axes.backends import AxesStandaloneBackend
from axes.helpers import get_client_username, get_cool_off
from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from factcheck.partners.access import client_address


class LoginThrottleBackend(AxesStandaloneBackend):
    """Axes' lockout check, for the logins that come with a request.

    Every login over the web does (the admin's form passes it). Code that calls authenticate()
    without one, Django's test client's `login()` or a script, has no address to key a lockout by,
    and axes would refuse it with an error; it is no one guessing from outside, so the check is
    left to the web logins and the password is still checked by ModelBackend.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def lockout_message() -> str:
    minutes = ceil(get_cool_off().total_seconds() / 60)
    return ngettext(
        "Too many failed logins for this account from your address. Try again in %(minutes)d "
        "minute, or ask an administrator to unlock the account.",
        "Too many failed logins for this account from your address. Try again in %(minutes)d "
        "minutes, or ask an administrator to unlock the account.",
        minutes,
    ) % {"minutes": minutes}


def lockout_response(request, original_response=None, credentials=None):
    """The admin's login page again, with the lockout said plainly, as 429 Too Many Requests.

    The form is not bound to what was posted: validating it would try the password once more and
    count another failure.
    """
    username = get_client_username(request, credentials) or ""
    context = {
        **admin.site.each_context(request),
        "title": _("Log in"),
        "subtitle": None,
        "app_path": request.get_full_path(),
        "form": AdminAuthenticationForm(request, initial={"username": username}),
        "lockout_message": lockout_message(),
        REDIRECT_FIELD_NAME: request.POST.get(REDIRECT_FIELD_NAME, ""),
    }
    return render(request, "admin/login_locked.html", context, status=429)


def login_address(request) -> str | None:
    """The client's address for django-axes' records (AXES_CLIENT_IP_CALLABLE): the API's
    `client_address`, or None when the request has no IP address (a server on a unix socket, a
    test client's login): axes stores it in an IP address column, which PostgreSQL refuses to
    fill with "unknown", so every such login was a 500 there. The lockout is then per account."""
    address = client_address(request)
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None
