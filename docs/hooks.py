"""Build-time help for the documentation: Sphinx roles as links, the CLI reference.

mkdocs.yml loads this file twice:

* as a MkDocs hook (``hooks:``): :func:`on_page_markdown` writes the command-line
  reference into any page holding the marker ``<!-- paperledge-cli-reference -->``,
  from the parser ``paperledge._cli.main`` builds, so the page is always the
  ``--help`` of the code it is built from;
* as a Griffe extension of mkdocstrings (``extensions:``): :func:`sphinx_roles`
  makes one, which rewrites every Sphinx role in the package's docstrings
  (``:func:`merge```, ``:class:`~paperledge.ParseError```...) into a
  cross-reference that mkdocs-autorefs turns into a link.

The docstrings keep their Sphinx roles (they read well in ``help()`` and in
editors); this is the one rule that renders them everywhere.  Nothing here is
imported by the package; only the standard library is imported at the top, so
that pytest can import the file for its doctests without the docs extra.
"""

from __future__ import annotations

import argparse
import ast
import builtins
import contextlib
import html
import importlib
import logging
import os
import re
from collections.abc import Callable, Iterator
from typing import Any

log = logging.getLogger("mkdocs.hooks.paperledge")

CLI_MARKER = "<!-- paperledge-cli-reference -->"

#: A Sphinx cross-reference role: ``:role:`target```, ``:py:role:`target```.
ROLE = re.compile(
    r":(?:py:)?(?P<role>func|meth|class|exc|attr|data|const|obj|mod):`(?P<target>[^`]+)`"
)
# `title <target>`, Sphinx's explicit title.
EXPLICIT_TITLE = re.compile(r"(?P<title>.+?)\s*<(?P<target>[^<>]+)>", re.DOTALL)


# -- Sphinx roles ---------------------------------------------------------------------


def rewrite_roles(text: str, resolve: Callable[[str, str], str | None]) -> str:
    """``text`` with each Sphinx role made a cross-reference, or inline code.

    ``resolve`` takes a role's target and its kind (``"func"``...) and gives the
    identifier to link to, or ``None`` for a target that has no page (another
    library, a builtin): that one becomes plain inline code.  The title is what Sphinx
    would show: ``~`` keeps the last name, functions and methods get ``()``.

    >>> paths = {"merge": "paperledge.merge", "paperledge.Show": "paperledge.Show"}
    >>> def resolve(target, role):
    ...     return paths.get(target)
    >>> rewrite_roles("See :func:`merge`.", resolve)
    'See <autoref identifier="paperledge.merge" optional>`merge()`</autoref>.'
    >>> rewrite_roles(":class:`~paperledge.Show`", resolve)
    '<autoref identifier="paperledge.Show" optional>`Show`</autoref>'
    >>> rewrite_roles("An :attr:`!unlinked` name, :py:class:`a title <Other>`.", resolve)
    'An `unlinked` name, `a title`.'
    """

    def replace(match: re.Match[str]) -> str:
        target = match["target"].strip()
        title = None
        explicit = EXPLICIT_TITLE.fullmatch(target)
        if explicit:
            title, target = explicit["title"], explicit["target"].strip()
        link = not target.startswith("!")
        target = target.lstrip("!")
        if target.startswith("~"):
            target = target[1:]
            title = title or target.rpartition(".")[2]
        if title is None:
            title = target
            if match["role"] in ("func", "meth"):
                title += "()"
        code = f"`{title}`"
        identifier = resolve(target, match["role"]) if link else None
        if identifier is None:
            return code
        # An "optional" autoref: a link when the target has a heading anywhere in
        # the docs, plain code otherwise (an object public but not rendered).
        return f'<autoref identifier="{html.escape(identifier)}" optional>{code}</autoref>'

    return ROLE.sub(replace, text)


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def _fence(lines: list[str], indent: int) -> list[str]:
    """``lines`` as a fenced block at ``indent``: a Python session, Python, or text."""
    width = min(_indent(line) for line in lines if line.strip())
    body = [line[width:] for line in lines]
    if body[0].startswith(">>>"):
        language = "pycon"
    else:
        try:
            ast.parse("\n".join(body))
            language = "python"
        except SyntaxError:
            language = "text"
    pad = " " * indent
    return [f"{pad}```{language}", *(f"{pad}{line}".rstrip() for line in body), f"{pad}```"]


def rewrite_blocks(text: str) -> str:
    """``text`` with reStructuredText's code blocks made Markdown fences.

    A doctest paragraph (lines from ``>>>`` to a blank line) and a literal
    block (the indented lines after a paragraph ending ``::``, which becomes
    ``:``) would otherwise render as quotes and run-on text.

    >>> text = rewrite_blocks("Run it::\\n\\n    x = 1\\n\\n>>> 1 + 1\\n2")
    >>> text.splitlines()
    ['Run it:', '', '```python', 'x = 1', '```', '', '```pycon', '>>> 1 + 1', '2', '```']
    """
    lines = text.split("\n")
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        stripped = line.strip()
        starts_paragraph = i == 0 or not lines[i - 1].strip()
        if stripped.startswith(">>>") and starts_paragraph:
            end = i
            while end < len(lines) and lines[end].strip():
                end += 1
            out += _fence(lines[i:end], _indent(line))
            i = end
            continue
        if stripped.endswith("::"):
            following = i + 1
            while following < len(lines) and not lines[following].strip():
                following += 1
            if following < len(lines) and _indent(lines[following]) > _indent(line):
                head = line.rstrip()[:-2]
                if head.strip():
                    out.append(head.rstrip() if head.endswith(" ") else head + ":")
                end = following
                while end < len(lines) and (
                    not lines[end].strip() or _indent(lines[end]) > _indent(line)
                ):
                    end += 1
                while not lines[end - 1].strip():
                    end -= 1
                out += ["", *_fence(lines[following:end], _indent(line))]
                i = end
                continue
        out.append(line)
        i += 1
    return "\n".join(out)


def _exists(name: str, module: str) -> bool:
    """Whether ``name`` is something when Python looks it up from ``module``
    (or a package above it), among the builtins, or as a module of its own:
    names that Griffe's static view of the code misses (tuple assignments,
    builtins, other libraries) but that are real."""
    if name.partition(".")[0] in vars(builtins):
        return True
    parts = module.split(".")
    for prefix in [".".join(parts[:end]) for end in range(len(parts), 0, -1)] + [""]:
        value: Any = None
        try:
            value = importlib.import_module(f"{prefix}.{name}" if prefix else name)
        except Exception:
            with contextlib.suppress(Exception):
                value = importlib.import_module(prefix) if prefix else builtins
                for attribute in name.split("."):
                    value = getattr(value, attribute)
        if value is not None:
            return True
    return False


def _resolver(obj: Any, collection: Any) -> Callable[[str, str], str | None]:
    """Resolve a role's target as Python would in ``obj``'s scope, then in the
    modules around it; give the target's canonical path (which autorefs knows
    as an alias of the heading of its public name), or ``None`` for what has
    no page.  A module answers only ``:mod:``, and ``:mod:`` only a module."""

    def find(path: str, role: str) -> Any:
        try:
            found = collection[path]
            is_module = found.kind.value == "module"
        except Exception:
            return None
        return found if is_module == (role == "mod") else None

    def in_scope(name: str, role: str) -> Any:
        head, _, rest = name.partition(".")
        try:
            base = obj.resolve(head)
        except Exception:
            return None
        return find(f"{base}.{rest}" if rest else base, role)

    def around(name: str, role: str) -> Any:
        # Sphinx's ".name", or a name defined beside this module: in this module
        # or a package above it.
        parts = obj.module.path.split(".")
        for end in range(len(parts), 0, -1):
            found = find(".".join([*parts[:end], name]), role)
            if found is not None:
                return found
        return None

    def resolve(target: str, role: str) -> str | None:
        name = target.lstrip(".")
        for look in (find, in_scope, around):
            found = look(name, role)
            if found is not None:
                break
        else:
            if not _exists(name, obj.module.path):
                log.warning("%s: the role target %r names nothing", obj.path, target)
            return None
        try:
            return str(found.canonical_path)
        except Exception:
            return str(found.path)

    return resolve


def _objects(obj: Any) -> Iterator[Any]:
    """``obj`` and everything defined in it (aliases are documented where they
    point, so their docstrings are rewritten there)."""
    yield obj
    for member in obj.members.values():
        if not member.is_alias:
            yield from _objects(member)


def _bind_imports_over_submodules(pkg: Any, alias: Any) -> None:
    """Point re-exports at what Python binds, not at a submodule of the same name.

    ``paperledge._model`` has a submodule ``merge`` and imports the function
    ``merge`` from ``.show``: at run time the import, which runs last, wins, and
    ``paperledge.merge`` is the function.  Griffe takes the submodule, so the
    API page had no ``merge``.  Each alias that names such a submodule is made
    to name the imported object instead.
    """
    collection = pkg.modules_collection
    for obj in list(_all_objects(pkg)):
        if not obj.is_alias:
            continue
        parent_path, _, name = obj.target_path.rpartition(".")
        try:
            parent = collection[parent_path]
            imported = parent.imports.get(name)
        except Exception:
            continue
        if imported and parent.members.get(name) is not None and parent[name].is_module:
            obj.parent.set_member(obj.name, alias(obj.name, imported, parent=obj.parent))


def _all_objects(obj: Any) -> Iterator[Any]:
    """``obj`` and all its members, aliases included (not followed)."""
    yield obj
    for member in obj.members.values():
        if member.is_alias:
            yield member
        else:
            yield from _all_objects(member)


def sphinx_roles(**options: Any) -> Any:
    """The Griffe extension that rewrites the roles of every docstring of a package.

    A factory rather than a class, so that this file imports without Griffe.
    """
    import griffe  # noqa: PLC0415 (only the docs build has Griffe)

    class SphinxRoles(griffe.Extension):  # type: ignore[misc]
        def on_package(self, *, pkg: Any, loader: Any, **kwargs: Any) -> None:
            _bind_imports_over_submodules(pkg, griffe.Alias)
            for obj in _objects(pkg):
                if obj.docstring is not None:
                    resolve = _resolver(obj, loader.modules_collection)
                    text = rewrite_blocks(obj.docstring.value)
                    obj.docstring.value = rewrite_roles(text, resolve)

    return SphinxRoles(**options)


# -- The command-line reference -------------------------------------------------------


@contextlib.contextmanager
def _fixed_terminal(columns: int) -> Iterator[None]:
    """argparse wraps help to the terminal: make it one width, without colour."""
    saved = {name: os.environ.get(name) for name in ("COLUMNS", "NO_COLOR")}
    os.environ["COLUMNS"] = str(columns)
    os.environ["NO_COLOR"] = "1"
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def _commands(
    parser: argparse.ArgumentParser,
) -> Iterator[tuple[argparse.ArgumentParser, str | None]]:
    """``parser`` and each of its subcommands' parsers (depth first), with the
    one-line help its parent gives it."""
    yield parser, None
    for action in parser._actions:
        if not isinstance(action, argparse._SubParsersAction):
            continue
        helps = {choice.dest: choice.help for choice in action._choices_actions}
        seen: set[int] = set()
        for name, sub in action.choices.items():
            if id(sub) in seen:
                continue  # an alias of a command already given
            seen.add(id(sub))
            for child, summary in _commands(sub):
                yield child, helps.get(name) if child is sub else summary


def cli_reference(parser: argparse.ArgumentParser | None = None, columns: int = 88) -> str:
    """The Markdown reference of ``paperledge``'s command line: one section per
    command, each the command's ``--help``.

    >>> text = cli_reference()
    >>> "## `paperledge parse`" in text and "usage: paperledge parse" in text
    True
    """
    if parser is None:
        from paperledge._cli.main import _build_parser  # noqa: PLC0415

        parser = _build_parser()
    sections = []
    with _fixed_terminal(columns):
        for command, summary in _commands(parser):
            lead = f"{summary[0].upper()}{summary[1:]}.\n\n" if summary else ""
            help_text = command.format_help().rstrip()
            sections.append(f"## `{command.prog}`\n\n{lead}```text\n{help_text}\n```\n")
    return "\n".join(sections)


def on_page_markdown(markdown: str, **kwargs: Any) -> str:
    """MkDocs hook: the CLI reference in place of its marker."""
    if CLI_MARKER not in markdown:
        return markdown
    return markdown.replace(CLI_MARKER, cli_reference())
