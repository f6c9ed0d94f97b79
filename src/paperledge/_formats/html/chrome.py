"""Which links are the page's chrome: share, mail and comment links, found by their address."""

from __future__ import annotations

import re

__all__ = ["is_chrome_href"]

_CHROME_MARKERS = (
    "sharer",
    "share?",
    "/share",
    "intent/tweet",
    "intent/post",
    "sharearticle",
    "pinterest.com/pin/create",
    "addtoany",
    "mailto:",
    "whatsapp:",
    "javascript:",
    "#comment",
    "#respond",
    "#disqus",
    "#reply",
)


_CHROME = re.compile("|".join(re.escape(marker) for marker in _CHROME_MARKERS), re.IGNORECASE)


def _holds_chrome_marker(lower: str) -> bool:
    """Whether ``lower``, an ASCII link lowercased, holds one of ``_CHROME_MARKERS``.

    The markers as substring tests, each a search in C.  A pattern of
    fifteen alternatives tries them at almost every character of a link;
    here the markers that share a part ("share", "#", "intent/", ":") are
    looked for only when the link holds that part, which most do not.
    Tests check this against the pattern.
    """
    return (
        (
            "share" in lower
            and (
                "sharer" in lower
                or "share?" in lower
                or "/share" in lower
                or "sharearticle" in lower
            )
        )
        or (
            "#" in lower
            and (
                "#comment" in lower
                or "#respond" in lower
                or "#disqus" in lower
                or "#reply" in lower
            )
        )
        or ("intent/" in lower and ("intent/tweet" in lower or "intent/post" in lower))
        or (
            ":" in lower and ("mailto:" in lower or "whatsapp:" in lower or "javascript:" in lower)
        )
        or "pinterest.com/pin/create" in lower
        or "addtoany" in lower
    )


def is_chrome_href(href: str, lower: str | None = None) -> bool:
    """Whether a link is a share, mail or comment link (``lower``: ``href`` lowercased)."""
    if href.isascii():
        # In ASCII text a case-insensitive match is a match in the lowercased text.
        return _holds_chrome_marker(href.lower() if lower is None else lower)
    # Unicode case folding matches more than lowercasing (the Kelvin sign is a k).
    return _CHROME.search(href) is not None
