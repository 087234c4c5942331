"""Tokens at rest: Fernet with key rotation (cryptography's MultiFernet).

TOKEN_ENCRYPTION_KEY is a comma list of Fernet keys, newest first: new values are
encrypted with the first, any of them decrypts. Without it, one key is derived from
SECRET_KEY (so rotating SECRET_KEY needs TOKEN_ENCRYPTION_KEY set to the old derived key).
"""

from __future__ import annotations

import base64
import hashlib
from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models


def derived_key(secret: str) -> bytes:
    digest = hashlib.sha256(b"guestgallery-token-key:" + secret.encode()).digest()
    return base64.urlsafe_b64encode(digest)


@cache
def _fernet(keys: tuple[str, ...], secret: str) -> MultiFernet:
    try:
        fernets = [Fernet(key.encode()) for key in keys] or [Fernet(derived_key(secret))]
    except ValueError:
        raise ImproperlyConfigured(
            "TOKEN_ENCRYPTION_KEY must be Fernet keys (Fernet.generate_key()), comma separated."
        ) from None
    return MultiFernet(fernets)


def fernet() -> MultiFernet:
    return _fernet(tuple(settings.TOKEN_ENCRYPTION_KEY), settings.SECRET_KEY)


def encrypt(plain: str) -> str:
    return fernet().encrypt(plain.encode()).decode()


def decrypt(stored: str) -> str:
    """Raises ImproperlyConfigured when no configured key opens the value."""
    try:
        return fernet().decrypt(stored.encode()).decode()
    except InvalidToken:
        raise ImproperlyConfigured(
            "A stored token cannot be decrypted: TOKEN_ENCRYPTION_KEY (or SECRET_KEY) changed. "
            "Add the old key to TOKEN_ENCRYPTION_KEY, or connect the account again."
        ) from None


def fingerprint(plain: str) -> str:
    """A short, non-reversible label to tell tokens apart in the admin."""
    return hashlib.sha256(plain.encode()).hexdigest()[:10] if plain else ""


class EncryptedTextField(models.TextField):
    """Stores Fernet ciphertext; Python code only ever sees the plain value."""

    def from_db_value(self, value: str | None, expression, connection) -> str | None:
        return decrypt(value) if value else value

    def get_prep_value(self, value: str | None) -> str | None:
        value = super().get_prep_value(value)
        return encrypt(value) if value else value
