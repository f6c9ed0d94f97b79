"""Linking a show's episodes to their arXiv papers: the queries, then the decisions.

A run goes in up to three rounds, each a list of queries sent one after the
other through :class:`~._client.Api`:

1. **titles**: the titled episodes, :attr:`ArxivSettings.batch` at a time,
   as ``ti:"phrase" OR ti:"phrase"``;
2. **authors**: the episodes still unlinked (the untitled ones, and titled
   ones whose title query found nothing sure), their first credited authors
   and the episode's date as ``(au:"A" AND au:"B" AND submittedDate:[... TO
   day]) OR (...)``;
3. **alone**: an episode still unlinked whose batched query was cut short
   (more papers matched than came back) is asked about on its own, for as
   many papers as its whole batch asked for.

Every paper any query returns goes into one pool, and each episode is scored
against the whole pool (:func:`~._match.score`).  An episode is linked to its
best candidate when that reaches the threshold and no other comes within the
margin, and (for a link by title alone or by authors alone) the latest query
of that kind for it was not cut short, since a paper as good may be among the
ones not returned; else it is reported, never guessed.  Responses come from
the cache when it has them, so the rounds of a second run (and the first
rounds of an interrupted one) send nothing.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Callable, Iterable, Sequence

import attrs

from .._diagnostics import Diagnostic
from .._model import Author, Episode, Paper, Show
from ._atom import Entry
from ._client import Api, QueryFailed
from ._match import DATE_SLACK, Candidate, Evidence, author_keys, compact_title, score
from ._settings import ArxivSettings, Clock, Progress

__all__ = ["Run"]

logger = logging.getLogger("paperledge.arxiv")

_PHRASE_JUNK = re.compile(r"[^\w.\-]+")
_APOSTROPHES = re.compile(r"['’‘`]")
#: The most papers one query asks for.
MAX_RESULTS = 500
#: The most characters of search_query one request carries (a batch is split
#: before it grows past this; arXiv and the proxies before it refuse long URLs).
MAX_QUERY = 1500
#: The most words of a title searched as a phrase (the phrase of its first
#: words finds the title too; the title is compared whole afterwards).
PHRASE_WORDS = 16
#: Before arXiv's first paper: the open end of a submittedDate range.
FIRST_SUBMISSION = "199101010000"


def _phrase(text: str, words: int | None = None) -> str:
    """Text made safe inside a quoted phrase: words only (``Let’s`` as ``Lets``),
    none without a letter or digit, the first ``words`` of them."""
    kept = [
        word
        for word in _PHRASE_JUNK.sub(" ", _APOSTROPHES.sub("", text)).split()
        if any(c.isalnum() for c in word)
    ]
    return " ".join(kept[:words])


def _evidence(episode: Episode) -> Evidence:
    names: list[str] = []
    for author in episode.authors:
        if author.name not in names and author.name != ":":
            names.append(author.name)
    return Evidence(title=episode.paper_title or None, authors=tuple(names), day=episode.published)


def _label(episode: Episode) -> str:
    day = episode.published.isoformat() if episode.published else "undated"
    if episode.paper_title:
        return f"episode {day} {episode.paper_title!r}"
    if episode.authors:
        more = " et al." if len(episode.authors) > 1 else ""
        return f"episode {day} by {episode.authors[0].name}{more}"
    return f"episode {day}"


def _paper(candidate: Candidate) -> Paper:
    entry = candidate.entry
    return Paper(
        arxiv_id=entry.arxiv_id,
        version=entry.version,
        title=entry.title,
        authors=tuple(Author.guess(name) for name in entry.authors),
        primary_category=entry.primary_category,
        published=entry.published,
        matched_by=candidate.route,
        score=candidate.score,
    )


def _named(candidate: Candidate) -> str:
    entry = candidate.entry
    return f"{entry.arxiv_id} {entry.title!r} (score {candidate.score:.2f})"


@attrs.define
class _Pending:
    """One episode being linked: what it says, and what became of its queries."""

    index: int
    episode: Episode
    evidence: Evidence
    searched: bool = False
    failed: list[str] = attrs.Factory(list)
    cut_short: bool = False
    #: The kinds of query ("title", "authors") whose latest query for this
    #: episode came back whole: a link by title alone or by authors alone needs
    #: its own, else a paper as good may be among those not seen.
    answered: set[str] = attrs.Factory(set)
    #: Why a kind of query did not come back whole (failed, or cut short).
    shortfall: dict[str, str] = attrs.Factory(dict)
    best: Candidate | None = None
    rival: Candidate | None = None
    #: Why the best candidate, sure enough by its score, is not linked.
    held_back: str | None = None


class Run:
    """One call of :func:`~paperledge.arxiv.link` (see the module docstring)."""

    def __init__(
        self,
        settings: ArxivSettings,
        api: Api,
        clock: Clock,
        progress: Callable[[Progress], None] | None,
    ) -> None:
        self.settings = settings
        self.api = api
        self.clock = clock
        self.progress = progress
        self.pool: dict[str, Entry] = {}
        # The pool indexed by author key and by title key: an episode is
        # scored against the papers that share a name or its title only.
        self._by_name: dict[str, set[str]] = {}
        self._by_title: dict[str, set[str]] = {}
        self.diagnostics: list[Diagnostic] = []
        self.total = 0
        self.done = 0
        self.linked = 0
        self._began = clock.monotonic()

    def emit(self, event: str, url: str | None) -> None:
        """Tell the ``progress`` callback where the run stands."""
        if self.progress is None:
            return
        counters = self.api.counters
        self.progress(
            Progress(
                event=event,
                url=url,
                episodes_total=self.total,
                episodes_done=self.done,
                linked=self.linked,
                requests=counters.requests,
                cached=counters.cached,
                retries=counters.retries,
                failures=counters.failures,
                waited=counters.waited,
                elapsed=self.clock.monotonic() - self._began,
            )
        )

    # -- queries ---------------------------------------------------------------

    def _title_clause(self, pending: _Pending) -> str | None:
        phrase = _phrase(pending.evidence.title or "", PHRASE_WORDS)
        return f'ti:"{phrase}"' if phrase else None

    def _author_clause(self, pending: _Pending) -> str | None:
        names = [_phrase(n) for n in pending.evidence.authors[: self.settings.authors_searched]]
        terms = [f'au:"{name}"' for name in names if name]
        if not terms:
            return None
        day = pending.evidence.day
        if day is not None:
            # Papers first submitted after the episode (a day's slack) cannot be
            # its paper: left out, they crowd out no older one.
            last = day + dt.timedelta(days=DATE_SLACK)
            terms.append(f"submittedDate:[{FIRST_SUBMISSION} TO {last:%Y%m%d}2359]")
        return terms[0] if len(terms) == 1 else "(" + " AND ".join(terms) + ")"

    def _ask(self, batch: Sequence[tuple[_Pending, str]], share: int, kind: str) -> None:
        """One query for ``batch`` (episodes and their clauses, of ``kind``),
        ``share`` papers for each; the pool grows."""
        query = " OR ".join(clause for _pending, clause in batch)
        wanted = min(MAX_RESULTS, share * len(batch))
        url = self.api.url(query, wanted)
        for pending, _clause in batch:
            pending.searched = True
        try:
            results = self.api.query(url)
        except QueryFailed as failure:
            logger.warning("%s", failure.message)
            self.diagnostics.append(
                Diagnostic(
                    code=failure.code, message=failure.message, line=0, column=0, source=url
                )
            )
            for pending, _clause in batch:
                pending.failed.append(url)
                pending.answered.discard(kind)
                pending.shortfall[kind] = f"a query for it failed ({url}), the next run asks again"
            self.emit("failed", url)
            return
        for entry in results.entries:
            self._add(entry)
        cut_short = results.total > len(results.entries)
        for pending, _clause in batch:
            if cut_short:
                pending.cut_short = True
                pending.answered.discard(kind)
                pending.shortfall[kind] = "more papers matched than arXiv returned"
            else:
                pending.answered.add(kind)
                pending.shortfall.pop(kind, None)

    def _round(
        self,
        pendings: Iterable[_Pending],
        clause: Callable[[_Pending], str | None],
        size: int,
        kind: str,
    ) -> None:
        """Ask about ``pendings`` (those with a clause), up to ``size`` to a query
        and :data:`MAX_QUERY` characters of query."""
        asked = [(p, c) for p in pendings for c in [clause(p)] if c is not None]
        # Alone, an episode asks for as many papers as its whole batch did.
        share = self.settings.results_per_episode * (self.settings.batch if size == 1 else 1)
        batch: list[tuple[_Pending, str]] = []
        length = 0
        for item in asked:
            grown = length + len(item[1]) + len(" OR ")
            if batch and (len(batch) >= size or grown > MAX_QUERY):
                self._ask(batch, share, kind)
                batch, grown = [], len(item[1])
            batch.append(item)
            length = grown
        if batch:
            self._ask(batch, share, kind)

    def _add(self, entry: Entry) -> None:
        known = self.pool.get(entry.arxiv_id)
        if known is not None and (entry.version or 0) <= (known.version or 0):
            return
        self.pool[entry.arxiv_id] = entry
        for key in author_keys(entry.authors):
            self._by_name.setdefault(key, set()).add(entry.arxiv_id)
        self._by_title.setdefault(compact_title(entry.title), set()).add(entry.arxiv_id)

    # -- decisions -------------------------------------------------------------

    def _candidates(self, evidence: Evidence) -> list[Entry]:
        """The papers of the pool that could be ``evidence``'s: a shared name or title."""
        if evidence.title and not evidence.authors:
            return list(self.pool.values())  # a title alone: every title is compared
        ids: set[str] = set()
        for key in author_keys(evidence.authors):
            ids |= self._by_name.get(key, set())
        if evidence.title:
            ids |= self._by_title.get(compact_title(evidence.title), set())
        return [self.pool[i] for i in sorted(ids)]

    def _judge(self, pending: _Pending) -> bool:
        """Score ``pending`` against the pool; whether it can be linked."""
        candidates = sorted(
            (
                c
                for c in (score(pending.evidence, e) for e in self._candidates(pending.evidence))
                if c
            ),
            key=lambda c: (-c.score, c.entry.arxiv_id),
        )
        pending.best = candidates[0] if candidates else None
        pending.rival = candidates[1] if len(candidates) > 1 else None
        pending.held_back = None
        best, rival = pending.best, pending.rival
        if best is None or best.score < self.settings.threshold:
            return False
        if not best.sure_enough:
            pending.held_back = (
                "shares only one credited name (one name is not enough without a title)"
            )
        elif best.route in ("title", "authors") and best.route not in pending.answered:
            # A title with no credit to confirm it, or a credit with no title,
            # found by other episodes' queries or by one cut short or failed:
            # one as good as the best may be among the papers not seen.
            reason = pending.shortfall.get(best.route, f"its own {best.route} query is to come")
            pending.held_back = f"may not be the only one as good: {reason}"
        if pending.held_back is not None:
            return False
        return rival is None or rival.score <= best.score - self.settings.margin

    def _unsure(self, pendings: Iterable[_Pending]) -> list[_Pending]:
        return [p for p in pendings if not self._judge(p)]

    def search(self, pendings: list[_Pending]) -> None:
        """The three rounds (see the module docstring)."""
        batch = self.settings.batch
        self._round(pendings, self._title_clause, batch, "title")
        left = self._unsure(pendings)
        self._round(left, self._author_clause, batch, "authors")
        left = self._unsure(left)
        if batch > 1:
            again = [p for p in left if p.cut_short]
            self._round(again, self._title_clause, 1, "title")
            self._round(again, self._author_clause, 1, "authors")

    def decide(self, pending: _Pending) -> Paper | None:
        """The paper ``pending`` is linked to, or ``None`` with a diagnostic said."""
        linked = self._judge(pending)
        self.done += 1
        best, rival = pending.best, pending.rival
        label = _label(pending.episode)
        if linked and best is not None:
            self.linked += 1
            logger.info("%s: linked to %s by %s", label, _named(best), best.route)
            self.emit("episode", None)
            return _paper(best)
        if (
            best is not None
            and rival is not None
            and best.score >= self.settings.threshold
            and pending.held_back is None
        ):
            self._say(
                "paper-ambiguous",
                f"{label}: two papers are too close to call: {_named(best)} and {_named(rival)}",
                pending,
            )
        else:
            self._say("paper-unmatched", f"{label}: {self._why(pending)}", pending)
        self.emit("episode", None)
        return None

    def _why(self, pending: _Pending) -> str:
        best = pending.best
        threshold = self.settings.threshold
        if best is not None and pending.held_back is not None:
            return f"no paper is sure enough: the best, {_named(best)}, {pending.held_back}"
        if best is not None:
            return f"no paper is sure enough: the best is {_named(best)}, below {threshold:.2f}"
        if not pending.searched:
            return "nothing to search by (no paper title and no credited author)"
        if pending.failed:
            return (
                f"not found; a query for it failed ({pending.failed[-1]}), the next run asks again"
            )
        return "no paper on arXiv matches its title or credited authors and date"

    def _say(self, code: str, message: str, pending: _Pending) -> None:
        logger.info("%s", message)
        source = pending.episode.url or pending.episode.guid
        self.diagnostics.append(
            Diagnostic(code=code, message=message, line=0, column=0, source=source)
        )

    def link(self, show: Show) -> Show:
        """``show`` with the papers found and the run's diagnostics."""
        pendings = [
            _Pending(index=i, episode=e, evidence=_evidence(e))
            for i, e in enumerate(show.episodes)
            if e.paper is None or self.settings.relink
        ]
        self.total = len(pendings)
        self.search(pendings)
        episodes = list(show.episodes)
        for pending in pendings:
            episodes[pending.index] = attrs.evolve(pending.episode, paper=self.decide(pending))
        kept = [
            d for d in show.diagnostics if d.code not in ("paper-unmatched", "paper-ambiguous")
        ]
        self.emit("done", None)
        return attrs.evolve(show, episodes=tuple(episodes), diagnostics=(*kept, *self.diagnostics))
