"""Sign-in through allauth: accounts are made by the provider (or by e-mail intake), never by
signing up."""

from allauth.account.adapter import DefaultAccountAdapter


class ClosedSignupAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request) -> bool:
        return False
