"""The feed's vocabulary: the namespaces read and written, and the roles of ``podcast:person``."""

from __future__ import annotations

__all__ = [
    "ATOM",
    "CONTENT",
    "CONVENTIONAL_PREFIXES",
    "DC",
    "GROUP_ROLE",
    "ITUNES",
    "MEDIA",
    "PERSON_ROLE",
    "PODCAST",
    "RDF",
    "RSS1",
]

ITUNES = "http://www.itunes.com/dtds/podcast-1.0.dtd"
CONTENT = "http://purl.org/rss/1.0/modules/content/"
ATOM = "http://www.w3.org/2005/Atom"
MEDIA = "http://search.yahoo.com/mrss/"
PODCAST = "https://podcastindex.org/namespace/1.0"
DC = "http://purl.org/dc/elements/1.1/"
#: RSS 1.0 (RDF Site Summary): its elements, and the RDF root they sit in.
RSS1 = "http://purl.org/rss/1.0/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
#: Namespace URIs seen in the wild for the same vocabularies.
ITUNES_ALIASES = (ITUNES, "http://www.itunes.com/DTDs/Podcast-1.0.dtd")
PODCAST_ALIASES = (
    PODCAST,
    "https://github.com/Podcastindex-org/podcast-namespace/blob/main/docs/1.0.md",
)

#: The namespaces feeds write by these prefixes, often without declaring
#: them; an undeclared one is read as the namespace it conventionally names.
CONVENTIONAL_PREFIXES = {
    "itunes": ITUNES,
    "podcast": PODCAST,
    "media": MEDIA,
    "content": CONTENT,
    "dc": DC,
    "atom": ATOM,
}

#: ``podcast:person`` roles the writer uses for a person and for a group.
PERSON_ROLE = "author"
GROUP_ROLE = "organization"
