"""Signing in and out, and the list of the user's partnerships."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.views import LoginView
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from cspkit.partnership.models import Partnership
from cspkit.partnership.permissions import roles_of, visible_queryset
from cspkit.web.access import page


class SignInForm(AuthenticationForm):
    """Django's sign-in form with GOV.UK wording and autocomplete hints, without autofocus."""

    error_messages = {
        "invalid_login": "Enter a correct username and password (both are case-sensitive)",
        "inactive": "This account is inactive; ask your partnership’s administrator",
    }

    def __init__(self, request: HttpRequest | None = None, *args: Any, **kwargs: Any) -> None:
        super().__init__(request, *args, **kwargs)
        username, password = self.fields["username"], self.fields["password"]
        username.widget.attrs = {"autocomplete": "username", "spellcheck": "false"}
        password.widget = forms.PasswordInput(attrs={"autocomplete": "current-password"})
        username.error_messages["required"] = "Enter your username"
        password.error_messages["required"] = "Enter your password"


class SignInView(LoginView):
    """The sign-in page (GOV.UK error summary when the details are wrong)."""

    form_class = SignInForm
    template_name = "registration/login.html"
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["has_errors"] = bool(context["form"].errors)
        return context


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The partnerships the user is a member of (all, for superusers); straight to the
    dashboard when there is one. Another partnership's pages stay off this list, public or
    not."""
    member_of = roles_of(request.user).member_of()
    partnerships = [p for p in visible_queryset(request.user, Partnership)
                    if request.user.is_superuser or p.pk in member_of]
    if len(partnerships) == 1:
        return redirect("web:dashboard", partnerships[0].slug)
    return render(request, "web/home.html", page(request, None, partnerships=partnerships))
