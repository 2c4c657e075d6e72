"""Open311 API keys: only their SHA-256 is stored (`manage.py open311_key`)."""

from __future__ import annotations

import hashlib


def hash_key(key: str) -> str:
    """Return the SHA-256 of an API key: what is stored and looked up."""
    return hashlib.sha256(key.encode()).hexdigest()
