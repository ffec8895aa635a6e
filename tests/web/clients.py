"""Django's test client, signed in as someone (no browser)."""

from django.test import Client


def client_for(person) -> Client:
    client = Client()
    client.force_login(person)
    return client
