"""`embed_link`: a source's link as an embed's URL, when Discord would take it there.

Discord refuses a whole message whose embed has a URL it does not read as well formed ("Not a well
formed URL"), so every answer from such a source failed with an apology. `shown_link` accepts links
Discord may not: an underscore in the host (real subdomains have them; discord.js#7438 saw Discord
refuse one), port 0, a broken %-escape, five numbers as an address. Those are named as text instead.
"""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import urlsplit

from bot.chat.attribution import shown_link

__all__ = ["embed_link"]

# A host name's label: letters, digits and inner hyphens (RFC 1123).
_LABEL = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?", re.IGNORECASE)
_BROKEN_ESCAPE = re.compile(r"%(?![0-9a-fA-F]{2})")


def embed_link(url: str | None) -> str | None:
    """The link as qabot shows it (`shown_link`), if Discord takes it as an embed's URL; else None."""
    shown = shown_link(url)
    if shown is None or _BROKEN_ESCAPE.search(shown):
        return None
    parts = urlsplit(shown)
    host = parts.hostname or ""
    if parts.port == 0:  # `shown_link` has refused a port that is no number or past 65535
        return None
    if _is_ip_address(host):
        return shown
    labels = host.removesuffix(".").split(".")
    numbers_only = host.replace(".", "").isdigit()  # "1.2.3.4.5": no address, and no name either
    return shown if not numbers_only and all(_LABEL.fullmatch(label) for label in labels) else None


def _is_ip_address(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True
