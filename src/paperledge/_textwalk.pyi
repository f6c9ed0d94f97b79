# The optional C part (src/paperledge/_textwalk.c); see paperledge._html_text.text_lines.
from collections.abc import Sequence

from lxml import etree

def setup(
    element_type: type[etree._Element],
    skip: Sequence[str],
    blocks: Sequence[str],
    headings: Sequence[str],
    breaks: Sequence[str],
    /,
) -> None: ...
def text_lines(element: etree._Element, /) -> list[str]: ...
def survey(
    element: etree._Element, names: Sequence[str], /
) -> tuple[tuple[int, ...], bool, list[str]]: ...
def count_end_tags(source: bytes, names: Sequence[str], /) -> tuple[int, ...]: ...
def scan(data: bytes, /) -> int: ...
def collect(
    element: etree._Element, chrome: etree._Element | None = None, /
) -> tuple[
    list[tuple[etree._Element, int, str]],
    list[tuple[etree._Element, str]],
    list[etree._Element],
    list[etree._Element],
    list[etree._Element],
]: ...
def setup_links(
    element_factory: object, audio_suffixes: Sequence[str], chrome_markers: Sequence[str], /
) -> None: ...
def episode_elements(
    body: etree._Element, links: Sequence[tuple[etree._Element, str]], /
) -> list[tuple[etree._Element, str]]: ...
def owners(
    elements: Sequence[etree._Element], containers: Sequence[etree._Element], /
) -> list[int]: ...
def node_name(element: etree._Element, /) -> str | None: ...
