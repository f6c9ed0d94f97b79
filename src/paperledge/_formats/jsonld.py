"""JSON-LD: the show as schema.org linked data, for search engines and graphs.

One document, a ``PodcastSeries`` (``name``, ``description``, ``url``,
``webFeed``, ``image``, the host as ``author``) whose ``hasPart`` lists its
``PodcastEpisode``s.  (schema.org gives ``PodcastSeries`` no ``episode``
property; ``hasPart`` is the generic one every ``CreativeWork`` has.)
Each episode carries ``name``, ``url``, ``identifier`` (the guid),
``datePublished`` (the full moment when known, else the day),
``description`` (the text), ``image``, ``partOfSeries`` (the series by
``@id``, ``name`` and ``url``) and, when the audio is known,
``associatedMedia``: an ``AudioObject`` with ``contentUrl``,
``encodingFormat`` and an ISO 8601 ``duration``.  Who made the episode,
as a general feed names them (:attr:`Episode.creators`), is its ``creator``.

The paper an episode retells is its ``isBasedOn`` (where the episode shows
one: an author credit, a linked paper or an arXiv subject in its title): a ``ScholarlyArticle``
with ``name`` (the paper's title), ``author`` (a ``Person`` or, for a
collaboration, an ``Organization``) and ``about``: the arXiv subject as a
``DefinedTerm`` with its ``termCode`` (``cs.CL``) in arXiv's taxonomy.
An episode linked to its paper on arXiv (:attr:`Episode.paper`) is also
``about`` that paper: a ``ScholarlyArticle`` as arXiv describes it (title,
authors, first-version day, primary subject, arXiv identifier), whose
``sameAs`` is its arXiv abstract page; both article nodes then carry that
page as their ``@id``, so a graph reads them as one paper.

The output is valid JSON in which ``<``, ``>``, ``&``, U+2028 and U+2029
are written as ``\\u`` escapes, so it can be pasted into an HTML
``<script type="application/ld+json">`` block without closing it.
"""

from __future__ import annotations

import json
from typing import Any

from .._model import Author, Episode, Paper, Show
from .._rules.arxiv import abstract_url, arxiv_code, arxiv_name
from .._rules.durations import format_iso_duration
from .base import Format

__all__ = ["ARXIV_TAXONOMY", "show_to_jsonld", "write_jsonld"]

#: The page that defines arXiv's subject codes: the ``inDefinedTermSet``.
ARXIV_TAXONOMY = "https://arxiv.org/category_taxonomy"

# All of these occur only inside JSON strings, where the \u escape means the
# same character; escaped, the text cannot end an HTML <script> element.
_SCRIPT_SAFE = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}


def _person(author: Author) -> dict[str, str]:
    return {"@type": "Organization" if author.is_group else "Person", "name": author.name}


def _subject(category: str) -> dict[str, str]:
    term = {"@type": "DefinedTerm", "name": category}
    code = arxiv_code(category)
    if code is not None:
        term["termCode"] = code
        term["inDefinedTermSet"] = ARXIV_TAXONOMY
        term["url"] = f"https://arxiv.org/list/{code}/recent"
    return term


def _linked_paper(paper: Paper) -> dict[str, Any]:
    """The paper as arXiv describes it, identified by its abstract page."""
    page = abstract_url(paper.arxiv_id)
    node: dict[str, Any] = {"@type": "ScholarlyArticle", "@id": page}
    if paper.title:
        node["name"] = paper.title
    node["identifier"] = f"arXiv:{paper.versioned_id}"
    node["sameAs"] = page
    node["url"] = paper.abstract_url
    if paper.authors:
        node["author"] = [_person(author) for author in paper.authors]
    if paper.published is not None:
        node["datePublished"] = paper.published.isoformat()
    name = arxiv_name(paper.primary_category)
    if name is not None:
        node["about"] = _subject(name)
    elif paper.primary_category:
        # A subject newer than paperledge's table: its code is still arXiv's.
        node["about"] = {
            "@type": "DefinedTerm",
            "termCode": paper.primary_category,
            "inDefinedTermSet": ARXIV_TAXONOMY,
        }
    node["encoding"] = {
        "@type": "MediaObject",
        "contentUrl": paper.pdf_url,
        "encodingFormat": "application/pdf",
    }
    return node


def _paper(episode: Episode) -> dict[str, Any] | None:
    # An episode retells a paper only where it shows one: a credit, a linked
    # paper or an arXiv subject in its title.  Any other podcast's title
    # ("Interview with Ann") is no paper's.
    if not (episode.authors or episode.paper is not None or episode.arxiv_code):
        return None
    paper_title = episode.paper_title
    paper: dict[str, Any] = {"@type": "ScholarlyArticle"}
    if episode.paper is not None:
        paper["@id"] = abstract_url(episode.paper.arxiv_id)
    if paper_title is not None:
        paper["name"] = paper_title
    if episode.authors:
        paper["author"] = [_person(author) for author in episode.authors]
    category = episode.category
    if category is not None:
        paper["about"] = _subject(category)
    return paper


def _episode(episode: Episode, series: dict[str, Any]) -> dict[str, Any]:
    node: dict[str, Any] = {"@type": "PodcastEpisode"}
    if episode.url:
        node["@id"] = episode.url
    if episode.title is not None:
        node["name"] = episode.title
    if episode.url:
        node["url"] = episode.url
    if episode.guid is not None:
        node["identifier"] = episode.guid
    if episode.published_at is not None:
        node["datePublished"] = episode.published_at.isoformat()
    elif episode.published is not None:
        node["datePublished"] = episode.published.isoformat()
    if episode.description:
        node["description"] = episode.description
    if episode.image_url:
        node["image"] = episode.image_url
    if episode.audio_url or episode.duration is not None:
        audio: dict[str, Any] = {"@type": "AudioObject"}
        if episode.audio_url:
            audio["contentUrl"] = episode.audio_url
        if episode.audio_type:
            audio["encodingFormat"] = episode.audio_type
        if episode.audio_length is not None:
            audio["contentSize"] = str(episode.audio_length)
        if episode.duration is not None:
            audio["duration"] = format_iso_duration(episode.duration)
        node["associatedMedia"] = audio
    _general_fields(node, episode)
    if series:
        node["partOfSeries"] = series
    paper = _paper(episode)
    if paper is not None:
        node["isBasedOn"] = paper
    if episode.paper is not None:
        node["about"] = _linked_paper(episode.paper)
    return node


def _media(url: str, kind: str | None, length: int | None = None) -> dict[str, Any]:
    media = {"@type": "VideoObject" if (kind or "").startswith("video/") else "MediaObject"}
    media["contentUrl"] = url
    if kind:
        media["encodingFormat"] = kind
    if length is not None:
        media["contentSize"] = str(length)
    return media


def _general_fields(node: dict[str, Any], episode: Episode) -> None:
    """The general podcast fields, in schema.org's words where it has them."""
    if episode.subtitle:
        node["alternativeHeadline"] = episode.subtitle
    if episode.number is not None:
        node["episodeNumber"] = episode.number
    if episode.season is not None:
        node["partOfSeason"] = {"@type": "PodcastSeason", "seasonNumber": episode.season}
    if episode.explicit is not None:
        node["contentRating"] = "explicit" if episode.explicit else "clean"
    if episode.persons:
        node["contributor"] = [
            {"@type": "Person", "name": person.name, "roleName": person.role}
            | ({"url": person.url} if person.url else {})
            for person in episode.persons
        ]
    if episode.creators:
        # A feed does not say whether it names a person or a company: the
        # name's form decides, as it does for a paper's authors.
        node["creator"] = [_person(Author.guess(name)) for name in episode.creators]
    if episode.other_enclosures:
        node["encoding"] = [_media(o.url, o.type, o.length) for o in episode.other_enclosures]
    if episode.transcripts:
        node["transcript"] = [
            _media(t.url, t.type) | ({"inLanguage": t.language} if t.language else {})
            for t in episode.transcripts
        ]
    if episode.chapters:
        node["hasPart"] = [_media(c.url, c.type) for c in episode.chapters]


def show_to_jsonld(show: Show) -> dict[str, Any]:
    """The show as a schema.org ``PodcastSeries`` JSON-LD object (a dict)."""
    document: dict[str, Any] = {"@context": "https://schema.org", "@type": "PodcastSeries"}
    series_id = show.url or show.feed_url
    if series_id:
        document["@id"] = series_id
    if show.title is not None:
        document["name"] = show.title
    if show.description is not None:
        document["description"] = show.description
    if show.url:
        document["url"] = show.url
    if show.feed_url:
        document["webFeed"] = show.feed_url
    if show.image_url:
        document["image"] = show.image_url
    if show.host:
        document["author"] = {"@type": "Person", "name": show.host}
    if show.language:
        document["inLanguage"] = show.language
    if show.categories:
        document["genre"] = list(show.categories)
    # Each episode points back at its series; the reference repeats the
    # series' name and url because consumers often read one node at a time.
    series = {
        key: value
        for key, value in (
            ("@type", "PodcastSeries"),
            ("@id", series_id),
            ("name", show.title),
            ("url", show.url),
        )
        if value is not None
    }
    if len(series) == 1:
        series = {}
    document["hasPart"] = [_episode(episode, series) for episode in show.episodes]
    return document


_dumps = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": ")).encode


def _script_safe(text: str) -> str:
    # Replace only what is there: each `in` test is a fast C scan.
    for char in "<>&\u2028\u2029":
        if char in text:
            text = text.replace(char, _SCRIPT_SAFE[char])
    return text


def write_jsonld(show: Show) -> str:
    """The show as a schema.org JSON-LD document (see the module notes).

    The series' own keys come one per line and each episode is one line of
    ``hasPart``: readable and diffable, and each line written by the
    standard encoder in one call (``indent`` would make it write every
    nested key on a line of its own).
    """
    document = show_to_jsonld(show)
    episodes = document.pop("hasPart")
    lines = ["{"]
    lines.extend(f"  {_dumps(key)}: {_dumps(value)}," for key, value in document.items())
    if episodes:
        lines.append('  "hasPart": [')
        lines.append(",\n".join(["    " + _dumps(episode) for episode in episodes]))
        lines.append("  ]")
    else:
        lines.append('  "hasPart": []')
    lines.append("}")
    return _script_safe("\n".join(lines)) + "\n"


#: The format's entry in the table of formats (paperledge._api.formats).
FORMAT = Format(
    name="jsonld",
    description="schema.org JSON-LD: a PodcastSeries, its PodcastEpisodes and their papers",
    extensions=(".jsonld",),
    media_type="application/ld+json",
    writer=write_jsonld,
)
