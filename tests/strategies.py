"""Hypothesis strategies for paperledge values, shared by the round-trip tests.

``shows()`` makes any valid show (for lossless formats such as JSON);
``text_shows()`` keeps to what the text-dump form can carry.
"""

from __future__ import annotations

import datetime as dt

from hypothesis import strategies as st

from paperledge import Author, Enclosure, Episode, LinkedFile, Paper, Person, Show
from paperledge._rules.credits import CREDIT_MARKER
from paperledge._rules.dates import match_date_line

dates = st.dates(min_value=dt.date(1970, 1, 1), max_value=dt.date(2100, 12, 31))
urls = st.builds(
    lambda slug: f"https://paperledge.podbean.com/e/{slug}/",
    st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-", min_size=1, max_size=30),
)
any_text = st.text(max_size=80)
names = st.text(min_size=1, max_size=40).filter(lambda s: s.split() != [])
authors = st.builds(Author, name=names, is_group=st.booleans())
durations = st.timedeltas(min_value=dt.timedelta(0), max_value=dt.timedelta(days=3))
moments = st.datetimes(
    min_value=dt.datetime(1970, 1, 2),
    max_value=dt.datetime(2100, 12, 30),
    timezones=st.sampled_from([dt.timezone.utc, dt.timezone(dt.timedelta(hours=-5))]),
)


def optional(strategy: st.SearchStrategy) -> st.SearchStrategy:  # type: ignore[type-arg]
    return st.none() | strategy


# The general podcast fields (Podcasting 2.0 roles; media and linked files).
persons = st.builds(
    Person,
    name=names,
    role=st.sampled_from(["host", "guest", "producer"]),
    group=st.sampled_from(["cast", "crew"]),
    url=optional(urls),
    image_url=optional(urls),
)
enclosures = st.builds(
    Enclosure,
    url=urls,
    type=optional(st.sampled_from(["video/mp4", "audio/ogg"])),
    length=optional(st.integers(min_value=0, max_value=2**63 - 1)),
)
linked_files = st.builds(
    LinkedFile,
    url=urls,
    type=optional(st.sampled_from(["text/vtt", "application/json+chapters"])),
    language=optional(st.sampled_from(["en", "de"])),
    rel=optional(st.just("captions")),
)

# A paper as paperledge.arxiv links it: new-style and old-style identifiers.
arxiv_ids = st.one_of(
    st.from_regex(r"\A[0-9]{4}\.[0-9]{4,5}\Z"),
    st.from_regex(r"\A(hep-th|math|cs|astro-ph)(\.[A-Z]{2})?/[0-9]{7}\Z"),
)
papers = st.builds(
    Paper,
    arxiv_id=arxiv_ids,
    version=optional(st.integers(min_value=1, max_value=9999)),
    title=any_text,
    authors=st.lists(authors, max_size=4).map(tuple),
    primary_category=optional(st.sampled_from(["cs.CL", "cs.LG", "hep-th"])),
    published=optional(dates),
    matched_by=st.sampled_from(["title", "authors", "both"]),
    score=st.floats(min_value=0, max_value=1),
)


episodes = st.builds(
    Episode,
    published=optional(dates),
    title=optional(any_text),
    description=st.text(max_size=300),
    authors=st.lists(authors, max_size=6).map(tuple),
    url=optional(urls),
    guid=optional(any_text),
    published_at=optional(moments),
    audio_url=optional(urls),
    audio_type=optional(st.sampled_from(["audio/mpeg", "audio/x-m4a"])),
    audio_length=optional(st.integers(min_value=0, max_value=10**10)),
    duration=optional(durations),
    image_url=optional(urls),
    subtitle=optional(any_text),
    episode_type=optional(st.sampled_from(["full", "trailer", "bonus"])),
    number=optional(st.integers(min_value=0, max_value=2**63 - 1)),
    season=optional(st.integers(min_value=0, max_value=10_000)),
    explicit=optional(st.booleans()),
    persons=st.lists(persons, max_size=3).map(tuple),
    creators=st.lists(names, max_size=3).map(tuple),
    other_enclosures=st.lists(enclosures, max_size=2).map(tuple),
    chapters=st.lists(linked_files, max_size=1).map(tuple),
    transcripts=st.lists(linked_files, max_size=2).map(tuple),
    paper=optional(papers),
)

shows = st.builds(
    Show,
    title=optional(any_text),
    description=optional(any_text),
    host=optional(any_text),
    url=optional(urls),
    feed_url=optional(urls),
    image_url=optional(urls),
    next_page_url=optional(urls),
    previous_page_url=optional(urls),
    language=optional(st.sampled_from(["en", "en-us", "de"])),
    categories=st.lists(
        st.sampled_from(["Science", "Science > Mathematics", "Technology"]), unique=True
    ).map(tuple),
    explicit=optional(st.booleans()),
    new_feed_url=optional(urls),
    episodes=st.lists(episodes, max_size=5).map(tuple),
)

# -- what the text dump can carry ---------------------------------------------

# No line breaks inside a line; no BOM; no control characters the line
# splitter treats as line ends.
_line_alphabet = st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\n\ufeff")


def _text_line_ok(line: str) -> bool:
    return (
        CREDIT_MARKER not in line and match_date_line(line) is None and line.strip() != "Episodes"
    )


text_lines = st.text(alphabet=_line_alphabet, max_size=60).filter(_text_line_ok)
titles = (
    st.text(alphabet=_line_alphabet, min_size=1, max_size=60)
    .map(str.strip)
    .filter(lambda t: t != "" and _text_line_ok(t))
)


def _description(lines: list[str]) -> str:
    # The text's last line carries the credit; an empty last line would
    # vanish into it, and blank lines at the very start or end of an
    # uncredited text read as the blank lines between episodes.
    while lines and not lines[-1].strip():
        lines.pop()
    while lines and not lines[0].strip():
        lines.pop(0)
    return "\n".join(lines)


descriptions = st.lists(text_lines, max_size=6).map(_description)
text_names = st.text(alphabet=_line_alphabet, min_size=1, max_size=30).filter(
    lambda s: s.split() != [] and CREDIT_MARKER not in s
)
text_authors = st.builds(Author, name=text_names, is_group=st.booleans())

text_episodes = st.builds(
    Episode,
    published=optional(dates),
    title=optional(titles),
    description=descriptions,
    authors=st.lists(text_authors, min_size=1, max_size=6).map(tuple),
)

text_shows = st.builds(
    Show,
    title=optional(titles),
    description=st.none() | st.lists(titles, min_size=1, max_size=3).map("\n".join),
    episodes=st.lists(text_episodes, max_size=5).map(tuple),
)


#: Dump-shaped text: lines a dump is made of, defects included (bad dates, a
#: date with a no-break space, empty and group-only credits), in any order.
dump_like = st.lists(
    st.sampled_from(
        [
            "",
            " ",
            "PaperLedge",
            "Episodes",
            "Thursday Oct 02, 2025",
            "Monday Feb 30, 2025",
            "Thursday\u00a0Oct 02, 2025",
            "Machine Learning - A paper",
            "Some text.",
            "  a list item",
            "Text.Credit to Paper authors: A, B",
            "Credit to Paper authors: DeepSeek-AI, :, X",
            "Credit to Paper authors: ",
            "Unknown date",
            '"a quote"',
        ]
    ),
    max_size=40,
).map("\n".join)
