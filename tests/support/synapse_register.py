"""User registration through Synapse's shared-secret admin API.

The client GETs a nonce, then POSTs the user with an HMAC-SHA1, keyed by the homeserver's
``registration_shared_secret``, over ``nonce\\0username\\0password\\0admin|notadmin``.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass

import httpx

REGISTER_PATH = "/_synapse/admin/v1/register"


class RegistrationError(RuntimeError):
    """The homeserver refused a registration; the message has its status and answer."""


@dataclass(frozen=True)
class RegisteredUser:
    """A user created on a test homeserver, with the access token of its first device."""

    user_id: str
    access_token: str
    device_id: str
    password: str


def registration_mac(secret: str, nonce: str, username: str, password: str, admin: bool) -> str:
    """Return the HMAC-SHA1 the shared-secret registration API expects, as hex."""
    role = "admin" if admin else "notadmin"
    message = "\0".join((nonce, username, password, role)).encode("utf8")
    return hmac.new(secret.encode("utf8"), message, hashlib.sha1).hexdigest()


def register_user(
    base_url: str, secret: str, username: str, password: str, *, admin: bool = False
) -> RegisteredUser:
    """Create ``username`` on the homeserver at ``base_url`` and return its credentials.

    Raises:
        RegistrationError: the homeserver refused, e.g. ``M_USER_IN_USE``.
    """
    url = base_url + REGISTER_PATH
    with httpx.Client(timeout=30.0, trust_env=False) as http:
        nonce = http.get(url).raise_for_status().json()["nonce"]
        mac = registration_mac(secret, nonce, username, password, admin)
        body = {"nonce": nonce, "username": username, "password": password}
        response = http.post(url, json={**body, "admin": admin, "mac": mac})
    if response.status_code != 200:
        raise RegistrationError(
            f"registering {username!r} on {base_url} failed: {response.status_code} {response.text}"
        )
    data = response.json()
    return RegisteredUser(data["user_id"], data["access_token"], data["device_id"], password)
