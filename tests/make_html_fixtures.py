"""Write the HTML pages under tests/formats/html/golden/ from the seed text dumps.

Run ``python tests/make_html_fixtures.py`` after changing it; the generated
pages are committed so they can be reviewed.  Every page is built from one
seed's episodes (dates, titles, text lines with their indentation, the credit
as the dump writes it), so ``parse_html(page)`` must give what
``parse_text(seed)`` gives.  The themes differ on purpose: the reader may not
depend on any of their class names.
"""

from __future__ import annotations

import html
import json
import re
import sys
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))

from paperledge import parse_text  # noqa: E402 (after src/ is on the path)
from paperledge._rules.credits import CREDIT_MARKER  # noqa: E402 (after src/ is on the path)
from paperledge._rules.dates import format_date_line  # noqa: E402 (after src/ is on the path)

SEEDS = HERE.parent.parent / "shared" / "seeds"
PACKAGED = HERE.parent / "src" / "paperledge" / "samples"
SITE = "https://paperledge.podbean.com"


def seed_text(name: str) -> str:
    path = SEEDS / name if (SEEDS / name).exists() else PACKAGED / name
    return path.read_text(encoding="utf-8")


class Ep:
    """One seed episode with what a page needs."""

    def __init__(self, index: int, published: str, iso: str, title: str | None) -> None:
        self.index = index
        self.date = published
        self.iso = iso
        self.title = title
        self.lines: list[str] = []
        self.credit = ""
        self.slug = ""


def _slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60]


def episodes(name: str) -> tuple[str, str, list[Ep]]:
    """The show's title and description and the episodes of a seed."""
    text = seed_text(name)
    show = parse_text(text, strict=True)
    credits = [
        line[line.rfind(CREDIT_MARKER) :] for line in text.split("\n") if CREDIT_MARKER in line
    ]
    result = []
    for index, (episode, credit) in enumerate(zip(show.episodes, credits, strict=True)):
        assert episode.published is not None
        day = episode.published
        ep = Ep(index, format_date_line(day), day.isoformat(), episode.title)
        ep.lines = episode.description.split("\n")
        ep.credit = credit
        ep.slug = (
            _slugify(episode.paper_title or "")
            if episode.title
            else f"paperledge-{episode.published.isoformat()}-{index + 1}"
        )
        result.append(ep)
    assert show.title is not None
    assert show.description is not None
    return show.title, show.description, result


def esc(text: str) -> str:
    return html.escape(text, quote=False)


def _is_quote(line: str) -> bool:
    return line.strip()[:1] in ('"', "“")


def body_blocks(ep: Ep, *, glue_credit: bool, lists: bool = True) -> str:
    """The episode's text as paragraphs, lists and quotes (spaces typed as in the dump)."""
    out: list[str] = []
    in_list = False
    for number, line in enumerate(ep.lines):
        last = number == len(ep.lines) - 1
        credit = f'<span class="credit">{esc(ep.credit)}</span>' if last and glue_credit else ""
        item = lists and line.startswith("  ") and not _is_quote(line) and not line.isspace()
        if item and not in_list:
            out.append("<ul>")
            in_list = True
        elif not item and in_list:
            out.append("</ul>")
            in_list = False
        if item:
            out.append(f"<li>{esc(line)}{credit}</li>")
        elif _is_quote(line):
            out.append(f"<blockquote>{esc(line)}{credit}</blockquote>")
        else:
            out.append(f"<p>{esc(line)}{credit}</p>")
    if in_list:
        out.append("</ul>")
    if not glue_credit:
        out.append(f'<p class="credits">{esc(ep.credit)}</p>')
    return "\n".join(out)


# -- a Bootstrap card theme: date once before the title, twice after it ----------------


NOISE_HEAD = """<script>
  // A script whose strings hold markup and dates: never text of the page.
  var tpl = '<div class="card"><p>Monday Jan 01, 2024</p><a href="/e/fake-episode/">Fake</a>' +
            '<p>Credit to Paper authors: Nobody</p></div>';
  document.write("<time datetime='2024-01-01'>Monday Jan 01, 2024</time>");
</script>
<style>.card-title a::after { content: "Thursday Oct 02, 2025"; }
.d-none { display: none; }</style>
<!-- Built Thursday Oct 02, 2025 <div class="card"> -->"""


def cards_page(name: str, *, page: int = 1, noise: bool = False, unclosed: bool = False) -> str:
    title, description, eps = episodes(name)
    head_noise = NOISE_HEAD if noise else ""
    cards = []
    for ep in eps:
        link = f"/e/{ep.slug}/"
        parts = [
            f'<div class="col-12 mb-4"><div class="card shadow-sm" id="ep-{ep.index}">',
            '<div class="card-body">',
            f'<p class="text-muted small mb-1">{ep.date}</p>',
        ]
        if ep.title:
            close = "" if unclosed and ep.index == 2 else "</a>"
            parts.append(f'<h5 class="card-title"><a href="{link}">{esc(ep.title)}{close}</h5>')
        parts.append(
            f'<div class="episode-meta"><a class="text-reset" href="{link}">{ep.date}</a>'
            + (f' <time datetime="{ep.iso}T08:00:00+00:00">{ep.date}</time>' if ep.title else "")
            + "</div>"
        )
        parts.append(
            '<div class="player d-flex"><button class="btn btn-play" aria-label="Play">'
            "Play</button>"
            f'<a class="btn btn-link" href="https://mcdn.podbean.com/mf/web/ab{ep.index}cd/'
            f'{ep.slug}.mp3">Download</a></div>'
        )
        if noise:
            parts.append(f"<!-- episode {ep.index}: {ep.date} -->")
        parts.append('<div class="card-text">')
        text = body_blocks(ep, glue_credit=True)
        if unclosed and ep.index == 1:
            # An <em> never closed inside a paragraph: the parser closes it at </p>.
            text = text.replace("<p>", "<p><em>", 1)
        parts.append(text)
        parts.append("</div>")
        parts.append(
            '<div class="card-footer d-flex">'
            f'<a href="https://www.facebook.com/sharer/sharer.php?u={SITE}{link}">Share</a> '
            f'<a href="https://twitter.com/intent/tweet?url={SITE}{link}">Tweet</a> '
            f'<a href="{link}#comments">{ep.index % 3} Comments</a></div>'
        )
        parts.append("</div>")
        # A card left unclosed: the next one nests inside it.
        parts.append("</div>" if unclosed and ep.index == 4 else "</div></div>")
        cards.append("\n".join(parts))
    older = (
        f'<li class="page-item"><a class="page-link" href="/page/{page + 1}/">'
        "Older Episodes</a></li>"
    )
    newer_href = "/" if page == 2 else f"/page/{page - 1}/"
    newer = (
        f'<li class="page-item"><a class="page-link" href="{newer_href}">Newer Episodes</a></li>'
        if page > 1
        else ""
    )
    canonical = f"{SITE}/" if page == 1 else f"{SITE}/page/{page}/"
    sidebar = ""
    footer = ""
    if noise:
        sidebar = (
            '<aside class="sidebar"><h4>Recent episodes</h4><ul>'
            + "".join(
                f'<li><a href="/e/{ep.slug}/">{esc(ep.title or ep.date)}</a></li>' for ep in eps
            )
            + "</ul></aside>"
            + '<div class="widget"><h4>Popular</h4><ul>'
            + "".join(
                f'<li><a href="/e/other-{n}/">Another episode {n}</a></li>' for n in range(3)
            )
            + "</ul></div>"
        )
        footer = (
            '<footer class="footer"><p>© 2025 PaperLedge. All rights reserved.</p>'
            '<p><a href="/privacy/">Privacy</a> · <a href="/feed.xml">RSS</a></p>'
            "<p hidden>Thursday Oct 02, 2025</p>"
            '<script>var later = "<p>Credit to Paper authors: Ghost</p>";</script></footer>'
        )
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(title)} | Podbean</title>
<meta name="description" content="{html.escape(description)}">
<meta property="og:site_name" content="{esc(title)}">
<meta property="og:type" content="website">
<link rel="canonical" href="{canonical}">
<link rel="alternate" type="application/rss+xml" title="{esc(title)}" href="https://feed.podbean.com/paperledge/feed.xml">
<link rel="stylesheet" href="https://cdn.jsdelivr.net/npm/bootstrap@5.3.2/dist/css/bootstrap.min.css">
{head_noise}
</head>
<body>
<nav class="navbar navbar-expand-lg navbar-dark bg-dark"><div class="container">
<a class="navbar-brand" href="/">{esc(title)}</a>
<ul class="navbar-nav"><li class="nav-item"><a class="nav-link" href="/">Episodes</a></li>
<li class="nav-item"><a class="nav-link" href="/e/latest-episode/">Latest</a></li></ul>
</div></nav>
<header class="container py-4"><h1 class="display-5">{esc(title)}</h1>
<p class="lead">{esc(description)}</p></header>
<main class="container"><div class="row">
<div class="col-lg-8"><h2 class="h4">Episodes</h2><div class="row">
{chr(10).join(cards)}
</div>
<nav aria-label="Episodes pages"><ul class="pagination">{newer}{older}</ul></nav>
</div>
<div class="col-lg-4">{sidebar}</div>
</div></main>
{footer}
</body>
</html>
"""


# -- an older blog theme: div.posttitle > h2 > a, p.post-info > i, div.entry -----------


def blog_page(name: str, *, page: int = 2, charset: str = "utf-8") -> str:
    title, description, eps = episodes(name)
    posts = []
    for ep in eps:
        link = f"/e/{ep.slug}/"
        heading = esc(ep.title) if ep.title else ep.date
        posts.append(
            f"""<div class="post" id="post-{ep.index}">
  <div class="posttitle">
    <h2><a href="{link}" rel="bookmark" title="Permanent Link">{heading}</a></h2>
    <p class="post-info"><i>{ep.date}</i> by Ernis &middot;
      <a href="{link}#respond">Leave a comment</a></p>
  </div>
  <div class="entry">
{body_blocks(ep, glue_credit=False, lists=False)}
  </div>
  <p class="postmetadata"><a href="https://www.linkedin.com/shareArticle?url={SITE}{link}">
    Share on LinkedIn</a></p>
</div>"""
        )
    newer = "/" if page == 2 else f"/page/{page - 1}/"
    return f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta http-equiv="Content-Type" content="text/html; charset={charset}" />
<title>{esc(title)}</title>
<meta name="description" content="{html.escape(description)}" />
<link rel="alternate" type="application/rss+xml" title="RSS 2.0" href="/feed.xml" />
<!-- theme: classic -->
</head>
<body>
<div id="wrapper">
<div id="header"><h1><a href="/">{esc(title)}</a></h1>
<div class="description">{esc(description)}</div></div>
<div id="menu"><ul><li><a href="/">Home</a></li>
<li><a href="/e/about-this-show/">About</a></li></ul></div>
<div id="content">
{chr(10).join(posts)}
<div class="navigation">
<div class="alignleft"><a href="/page/{page + 1}/">&laquo; Older Entries</a></div>
<div class="alignright"><a href="{newer}">Newer Entries &raquo;</a></div>
</div>
</div>
<div id="sidebar"><h3>Recent Episodes</h3><ul>
{"".join(f'<li><a href="/e/{ep.slug}/">{esc(ep.title or ep.date)}</a></li>' for ep in eps)}
</ul><h3>Archives</h3><ul><li><a href="/page/3/">March 2025</a></li></ul></div>
<div id="footer"><p>Powered by Podbean</p></div>
</div>
</body>
</html>
"""


# -- a bare minimal list: one <li> per episode, lines separated by <br> -----------------


def minimal_page(name: str) -> str:
    title, description, eps = episodes(name)
    items = []
    for ep in eps:
        lines = [*ep.lines]
        lines[-1] = lines[-1] + ep.credit
        head = (
            f'<a href="e/{ep.slug}/">{esc(ep.title)}</a>\n<br>{ep.date}'
            if ep.title
            else f'<time datetime="{ep.iso}">{ep.date}</time>\n'
            f'<br><a href="e/{ep.slug}/">Permalink</a>'
        )
        text = "\n<br>".join(esc(line) for line in lines)
        items.append(f"<li>{head}\n<br>{text}\n</li>")
    return f"""<html><head><base href="{SITE}/"><title>{esc(title)}</title></head>
<body>
<h1>{esc(title)}</h1>
<p>{esc(description)}</p>
<ol>
{chr(10).join(items)}
</ol>
<p><a href="page/2/">next</a></p>
</body></html>
"""


def flat_page(name: str) -> str:
    """No structure at all: the dump's lines as paragraphs of one division."""
    text = seed_text(name)
    lines = [f"<p>{esc(line)}</p>" for line in text.split("\n") if line.strip()]
    return '<html><body><div id="content">\n' + "\n".join(lines) + "\n</div></body></html>\n"


# -- an episode page with JSON-LD and OpenGraph -----------------------------------------


def episode_page(name: str, index: int) -> str:
    title, _description, eps = episodes(name)
    ep = eps[index]
    url = f"{SITE}/e/{ep.slug}/"
    audio = f"https://mcdn.podbean.com/mf/web/xyz{index}/{ep.slug}.mp3"
    ld = {
        "@context": "https://schema.org/",
        "@type": "PodcastEpisode",
        "url": url,
        "name": ep.title or ep.date,
        "datePublished": ep.iso,
        "timeRequired": "PT14M5S",
        "description": "\n".join(ep.lines) + ep.credit,
        "associatedMedia": {"@type": "MediaObject", "contentUrl": audio},
        "partOfSeries": {"@type": "PodcastSeries", "name": title, "url": f"{SITE}/"},
    }
    more = "".join(
        f'<li><a href="/e/{other.slug}/">{esc(other.title or other.date)}</a></li>'
        for other in eps
        if other is not ep
    )
    heading = f"<h1>{esc(ep.title)}</h1>" if ep.title else ""
    ld_text = json.dumps(ld, ensure_ascii=False).replace("</", "<\\/")
    return f"""<!DOCTYPE html>
<html lang="en"><head>
<meta charset="utf-8">
<title>{esc(ep.title or ep.date)} | {esc(title)}</title>
<meta property="og:site_name" content="{esc(title)}">
<meta property="og:type" content="article">
<meta property="og:title" content="{html.escape(ep.title or ep.date)}">
<meta property="og:url" content="{url}">
<meta property="og:image" content="https://pbcdn1.podbean.com/imglogo/image-logo/1234/paperledge.png">
<meta property="og:description" content="{html.escape(ep.lines[0][:150])}">
<link rel="canonical" href="{url}">
<link rel="alternate" type="application/rss+xml" href="https://feed.podbean.com/paperledge/feed.xml">
<script type="application/ld+json">{ld_text}</script>
</head>
<body>
<header><a href="/">{esc(title)}</a></header>
<main>
<article>
{heading}
<div class="date">{ep.date}</div>
<audio controls src="{audio}"></audio>
<div class="episode-text">
{body_blocks(ep, glue_credit=True)}
</div>
</article>
<section class="more-episodes"><h3>More episodes</h3><ul>{more}</ul></section>
</main>
<footer>PaperLedge on Podbean</footer>
</body></html>
"""


# -- damaged and noisy variants -------------------------------------------------------------


def truncated(page: str, episode_index: int) -> str:
    """The page cut in the middle of an episode's text (its fourth paragraph)."""
    start = page.index(f'id="post-{episode_index}"')
    cut = page.index("<p>", page.index('class="entry"', start))
    for _ in range(3):
        cut = page.index("<p>", cut + 3)
    return page[: cut + 40]


_ENTITIES = {
    "’": "&rsquo;",
    "–": "&ndash;",
    "“": "&ldquo;",
    "”": "&rdquo;",
    "…": "&hellip;",
    "®": "&reg;",
}


def with_entities(page: str) -> str:
    """Characters written as named and numeric references, double spaces with &nbsp;."""
    body_start = page.index("<body>")
    head, body = page[:body_start], page[body_start:]
    counter = 0

    def swap(match: re.Match[str]) -> str:
        nonlocal counter
        counter += 1
        char = match[0]
        if char == "  ":
            return "&nbsp; "
        if char == "'":
            return "&#39;" if counter % 2 else "&#x27;"
        if char == '"':
            return "&quot;"
        if counter % 3 == 0:
            return f"&#{ord(char)};"
        if counter % 3 == 1:
            return f"&#x{ord(char):X};"
        return _ENTITIES[char]

    # Only in text, never inside tags.
    parts = re.split(r"(<[^>]*>)", body)
    for number, part in enumerate(parts):
        if not part.startswith("<"):
            parts[number] = re.sub(r"  |[’–“”…®'\"]", swap, part)
    return head + "".join(parts)


def with_jsonld(page: str, node: dict[str, object]) -> str:
    """``page`` with a schema.org JSON-LD block at the end of its head."""
    block = f'<script type="application/ld+json">\n{json.dumps(node, indent=1)}\n</script>\n'
    return page.replace("</head>", block + "</head>", 1)


# A listing page may carry its series in JSON-LD, the series listing some of
# its episodes, or feature its newest episode there: it stays a listing.
_SERIES_LD = {
    "@context": "https://schema.org",
    "@type": "PodcastSeries",
    "name": "PaperLedge",
    "url": "https://paperledge.podbean.com/",
    "hasPart": [
        {
            "@type": "PodcastEpisode",
            "url": "https://paperledge.podbean.com/e/paperledge-2025-10-02-2/",
            "timeRequired": "PT6M12S",
        }
    ],
}
_FEATURED_LD = {
    "@context": "https://schema.org",
    "@type": "PodcastEpisode",
    "url": "https://paperledge.podbean.com/e/paperledge-2025-10-02-1/",
    "timeRequired": "PT5M1S",
}


FIXTURES: dict[str, Callable[[], str | bytes]] = {
    "cards_000.html": lambda: cards_page("000_dc6ef49440742e45.txt"),
    "cards_002.html": lambda: cards_page("002_2135ef60f4dd5d3d.txt", page=2),
    "blog_002.html": lambda: blog_page("002_2135ef60f4dd5d3d.txt"),
    "blog_003.html": lambda: blog_page("003_21b804928e084a05.txt", page=3),
    "minimal_003.html": lambda: minimal_page("003_21b804928e084a05.txt"),
    "minimal_002.html": lambda: minimal_page("002_2135ef60f4dd5d3d.txt"),
    "flat_003.html": lambda: flat_page("003_21b804928e084a05.txt"),
    "episode_002.html": lambda: episode_page("002_2135ef60f4dd5d3d.txt", 0),
    "episode_000.html": lambda: episode_page("000_dc6ef49440742e45.txt", 1),
    "unclosed_000.html": lambda: cards_page("000_dc6ef49440742e45.txt", unclosed=True),
    "truncated_002.html": lambda: truncated(blog_page("002_2135ef60f4dd5d3d.txt"), 4),
    "entities_000.html": lambda: with_entities(cards_page("000_dc6ef49440742e45.txt")),
    "entities_003.html": lambda: with_entities(blog_page("003_21b804928e084a05.txt")),
    "cp1252_002.html": lambda: blog_page(
        "002_2135ef60f4dd5d3d.txt", charset="windows-1252"
    ).encode("windows-1252", "xmlcharrefreplace"),
    "noisy_000.html": lambda: cards_page("000_dc6ef49440742e45.txt", noise=True),
    "series_ld_000.html": lambda: with_jsonld(cards_page("000_dc6ef49440742e45.txt"), _SERIES_LD),
    "featured_ld_000.html": lambda: with_jsonld(
        cards_page("000_dc6ef49440742e45.txt"), _FEATURED_LD
    ),
}

#: Which seed each fixture is made from (all episodes, whole), for the consistency tests.
FROM_SEED = {
    "cards_000.html": "000_dc6ef49440742e45.txt",
    "cards_002.html": "002_2135ef60f4dd5d3d.txt",
    "blog_002.html": "002_2135ef60f4dd5d3d.txt",
    "blog_003.html": "003_21b804928e084a05.txt",
    "minimal_003.html": "003_21b804928e084a05.txt",
    "minimal_002.html": "002_2135ef60f4dd5d3d.txt",
    "flat_003.html": "003_21b804928e084a05.txt",
    "unclosed_000.html": "000_dc6ef49440742e45.txt",
    "entities_000.html": "000_dc6ef49440742e45.txt",
    "entities_003.html": "003_21b804928e084a05.txt",
    "cp1252_002.html": "002_2135ef60f4dd5d3d.txt",
    "noisy_000.html": "000_dc6ef49440742e45.txt",
    "series_ld_000.html": "000_dc6ef49440742e45.txt",
    "featured_ld_000.html": "000_dc6ef49440742e45.txt",
}


#: Each page is a golden case of the HTML reader (tests/formats/html/golden/), named by
#: the behaviour it shows, with what reading it gives beside it.
GOLDEN = HERE / "formats" / "html" / "golden"
GOLDEN_NAMES = {
    "cards_000.html": "cards_theme_untitled_episodes.html",
    "cards_002.html": "cards_theme_titled_episodes_page_two.html",
    "blog_002.html": "blog_theme_titled_episodes.html",
    "blog_003.html": "blog_theme_two_dates_and_a_collaboration.html",
    "minimal_003.html": "minimal_markup_two_dates.html",
    "minimal_002.html": "minimal_markup_titled_episodes.html",
    "flat_003.html": "flat_page_read_as_a_text_dump.html",
    "episode_002.html": "episode_page_titled.html",
    "episode_000.html": "episode_page_untitled.html",
    "unclosed_000.html": "unclosed_elements_repaired_and_located.html",
    "truncated_002.html": "page_cut_inside_an_episode.html",
    "entities_000.html": "entities_in_text_and_indented_lines.html",
    "entities_003.html": "entities_in_blog_theme.html",
    "cp1252_002.html": "windows_1252_declared.html",
    "noisy_000.html": "chrome_sidebars_and_scripts_are_not_text.html",
    "series_ld_000.html": "listing_with_a_series_jsonld_block.html",
    "featured_ld_000.html": "listing_featuring_its_newest_episode_in_jsonld.html",
}


def build(name: str) -> bytes:
    """The bytes of the fixture ``name``."""
    content = FIXTURES[name]()
    return content if isinstance(content, bytes) else content.encode("utf-8")


def main() -> None:
    GOLDEN.mkdir(parents=True, exist_ok=True)
    for name in FIXTURES:
        (GOLDEN / GOLDEN_NAMES[name]).write_bytes(build(name))
    sys.stdout.write(f"wrote {len(FIXTURES)} pages to {GOLDEN}\n")


if __name__ == "__main__":
    main()
