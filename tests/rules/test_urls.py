"""Links: episode and page paths, episode slugs, audio domains, at their worst."""

from __future__ import annotations

import paperledge._rules.urls as _urls_rules

N = 100_000


def test_episode_and_page_paths() -> None:
    assert _urls_rules._EPISODE_PATH.search("/e/" + "a" * N + " x") is None
    assert _urls_rules._EPISODE_PATH.search("/e/a" * N) is not None
    assert _urls_rules.episode_slug("/e/" + "s" * N + "/") == "s" * N
    assert _urls_rules._PAGE_PATH.search("/page/" + "1" * N + "x") is None
    assert _urls_rules._PAGE_PATH.search("/page/" * N + "7/") is not None


def test_audio_url_domains_and_embedded_schemes() -> None:
    assert _urls_rules._DOMAIN.fullmatch("a." * N + "1") is None
    assert _urls_rules._DOMAIN.fullmatch("a-" * N + ".com") is not None
    assert _urls_rules._EMBEDDED_SCHEME.search("http" * N) is None
    url = "https://mcdn.podbean.com/mf/web/" + "a/" * 1000 + "x.mp3"
    assert _urls_rules.clean_audio_url(url) == url


def test_episode_slugs_are_read_once_however_long_the_link() -> None:
    # _SLUG alone backtracks quadratically under search(); episode_slug only
    # ever match()es it where "e/" starts a path segment, and each match
    # stops at the next "/", so the whole link is read about once.
    assert _urls_rules.episode_slug("/e/" + "x" * N + " ") is None
    assert _urls_rules.episode_slug("e/" * N) == "e"
    assert _urls_rules.episode_slug("e/x " * N) is None
    assert _urls_rules.episode_slug("https://h/e/" + "a" * N + "/") == "a" * N
