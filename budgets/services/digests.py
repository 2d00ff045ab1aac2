"""Keyed hashes: what the database keeps instead of census data, voting codes and receipt codes.

- Census entries: HMAC-SHA256 of the normalised matching data, keyed with a per-census key derived (HKDF,
  RFC 5869, SHA-256) from `settings.SECRET_KEY` and `Census.salt`. Without the secret key a stolen database
  does not let anyone test guesses (birth dates and postal codes are few). Consequence: rotating SECRET_KEY
  makes the stored digests unmatched. Keep the old key in `SECRET_KEY_FALLBACKS` while residents verify
  (lookups try every key), and re-upload the census: the import re-keys every entry it finds under an old key,
  bound ones included; once done, the old key can go.
- Voting codes: HMAC-SHA256 with a key derived from SECRET_KEY (the same fallbacks apply; codes printed under
  a key that was dropped stop working and must be printed again).
- Receipt codes: plain SHA-256 (80 random bits, nothing to guess), so that anyone holding a receipt can find
  its fingerprint in the published list of ballots without Placette's secret.
"""

import hashlib
import hmac
import secrets

from django.conf import settings

# Crockford's base 32: no I, L, O, U, so a code read aloud or from paper is not ambiguous.
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_READ_AS = str.maketrans({"I": "1", "L": "1", "O": "0"})


def _secret_keys() -> list[str]:
    return [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]


def derive_key(secret: str, *, salt: bytes, info: bytes) -> bytes:
    """HKDF-SHA256 (extract then one expand block): a 32-byte key for one purpose."""
    pseudo_random_key = hmac.new(salt, secret.encode(), hashlib.sha256).digest()
    return hmac.new(pseudo_random_key, info + b"\x01", hashlib.sha256).digest()


def census_keys(salt: str) -> list[bytes]:
    """The census keys, current first, then one per `SECRET_KEY_FALLBACKS` entry."""
    return [derive_key(secret, salt=salt.encode(), info=b"placette.census.v1") for secret in _secret_keys()]


def keyed_digest(key: bytes, message: str) -> str:
    return hmac.new(key, message.encode(), hashlib.sha256).hexdigest()


def new_salt() -> str:
    return secrets.token_hex(32)


# --- One-time codes -----------------------------------------------------------------------------------------


def random_code(length: int, group: int = 4) -> str:
    """`length` characters of CODE_ALPHABET, grouped by `group` with dashes: "ABCD-EFGH-JKMN"."""
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))
    return "-".join(raw[index : index + group] for index in range(0, length, group))


def normalise_code(code) -> str:
    """Upper case, separators and spaces removed, I/L read as 1 and O as 0. Returns "" for anything that is
    not made of code characters once cleaned."""
    cleaned = "".join(str(code or "").upper().split()).replace("-", "").translate(_READ_AS)
    return cleaned if cleaned and all(char in CODE_ALPHABET for char in cleaned) else ""


def voting_code_digests(normalised_code: str) -> list[str]:
    """The digests a normalised voting code may be stored under, current key first."""
    return [
        keyed_digest(
            derive_key(secret, salt=b"placette.voting-codes", info=b"placette.voting-codes.v1"),
            normalised_code,
        )
        for secret in _secret_keys()
    ]


def receipt_digest(normalised_code: str) -> str:
    return hashlib.sha256(f"placette-receipt:{normalised_code}".encode()).hexdigest()


def receipt_fingerprint(digest: str) -> str:
    """What the published anonymised list shows for a ballot: enough to find one's own, nothing more."""
    return digest[:16]
