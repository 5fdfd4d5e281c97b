"""The French catalogue is complete and up to date (CI: .ci/run), or brought up to date.

    python3 run.py python scripts/check_catalogue.py            # check; exit 1 on problems
    python3 run.py python scripts/check_catalogue.py --update   # merge new messages in
    python3 run.py python scripts/check_catalogue.py --update --merge FILE.po ...
                                            # ... and take the translations FILE.po gives

Extracts every message of src/escadesk (``_``, ``N_``, ``ngettext``, ``pgettext``, ...)
and of the Jinja templates in resources/templates with Babel, then checks
resources/locale/fr_CA/LC_MESSAGES/escadesk.po: every extracted message is there, none
is obsolete, none is empty or fuzzy, and each translation has the same placeholders
(``{name}``, ``%(name)s``, ``%s``) as its English. ``--update`` adds the new messages
(empty, for a translator: the check then fails until they are translated) and drops the
obsolete ones; ``--merge`` then fills in (or replaces) the translations of the messages
the given .po files hold (a translator's or a contributor's part: several people can
translate areas at once, each in a file of their own). Updating holds a lock beside the
catalogue, so two updates at once do not lose each other's work. No .pot is written:
extraction happens in memory, every time.
"""

from __future__ import annotations

import argparse
import io
import re
import sys
from collections.abc import Iterable
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.pofile import read_po, write_po
from filelock import FileLock

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "src" / "escadesk"
TEMPLATES = ROOT / "resources" / "templates"
CATALOGUE = ROOT / "resources" / "locale" / "fr_CA" / "LC_MESSAGES" / "escadesk.po"
COMMENT_TAGS = ("Translators:",)

#: str.format fields ({name}, {name!r}, {0:>5}, {}), printf's %(name)s and %s / %d.
_FORMAT_FIELD = re.compile(r"(?<!\{)\{([^{}!:]*)(?:![rsa])?(?::[^{}]*)?\}(?!\})")
_PRINTF = re.compile(r"%(?:\((\w+)\))?[-#0 +]*\d*(?:\.\d+)?[sdifr]")


def extract(source: Path = SOURCE, templates: Path = TEMPLATES) -> Catalog:
    """Every message marked in the code and the templates, in a catalogue of its own."""
    catalog = Catalog(project="escadesk", domain="escadesk")
    found: list[tuple[Path, Iterable[tuple[str, int, object, list[str], str | None]]]] = [
        (
            source,
            extract_from_dir(
                str(source),
                method_map=[("**.py", "python")],
                keywords=DEFAULT_KEYWORDS,
                comment_tags=COMMENT_TAGS,
                strip_comment_tags=True,
            ),
        )
    ]
    if templates.is_dir():
        found.append(
            (
                templates,
                extract_from_dir(
                    str(templates),
                    method_map=[("**.j2", "jinja2.ext:babel_extract")],
                    options_map={"**.j2": {"trimmed": "true"}},
                    keywords=DEFAULT_KEYWORDS,
                    comment_tags=COMMENT_TAGS,
                    strip_comment_tags=True,
                ),
            )
        )
    for folder, messages in found:
        base = folder.relative_to(ROOT).as_posix()
        for filename, lineno, message, comments, context in messages:
            catalog.add(
                message,  # type: ignore[arg-type]
                None,
                [(f"{base}/{filename}", lineno)],
                auto_comments=comments,
                context=context,
            )
    return catalog


def placeholders(text: str) -> set[str]:
    """The named (and positional) placeholders a text uses."""
    names = {f"{{{match.group(1)}}}" for match in _FORMAT_FIELD.finditer(text)}
    names |= {match.group(0) for match in _PRINTF.finditer(text)}
    return names


def _key(message: Message) -> tuple[str | None, str]:
    msgid = message.id if isinstance(message.id, str) else message.id[0]
    return message.context, msgid


def _describe(key: tuple[str | None, str]) -> str:
    context, msgid = key
    return f"{msgid!r}" if context is None else f"{msgid!r} (context {context!r})"


def problems(catalogue: Catalog, extracted: Catalog) -> list[str]:
    """Everything wrong with ``catalogue`` against the ``extracted`` messages."""
    found: list[str] = []
    wanted = {_key(message) for message in extracted if message.id}
    present: dict[tuple[str | None, str], Message] = {
        _key(message): message for message in catalogue if message.id
    }
    for key in sorted(wanted - present.keys(), key=str):
        found.append(f"missing from the catalogue: {_describe(key)}")
    for key in sorted(present.keys() - wanted, key=str):
        found.append(f"obsolete (no longer in the code): {_describe(key)}")
    for message in catalogue.obsolete.values():
        found.append(f"obsolete entry kept (#~): {_describe(_key(message))}")
    for key, message in present.items():
        strings = [message.string] if isinstance(message.string, str) else message.string
        if message.fuzzy:
            found.append(f"fuzzy (unchecked) translation: {_describe(key)}")
        if not strings or not all(strings):
            found.append(f"not translated: {_describe(key)}")
            continue
        sources = [message.id] if isinstance(message.id, str) else list(message.id)
        expected = set().union(*(placeholders(text) for text in sources))
        for string in strings:
            if placeholders(string) != expected:
                found.append(
                    f"placeholders differ in {_describe(key)}: "
                    f"{sorted(expected)} in English, {sorted(placeholders(string))} in {string!r}"
                )
    return found


def read_catalogue(path: Path = CATALOGUE) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, locale="fr_CA", domain="escadesk")


def updated_text(catalogue: Catalog, extracted: Catalog) -> str:
    """The catalogue with the new messages added and the obsolete ones dropped."""
    _update(catalogue, extracted)
    return written(catalogue)


def _update(catalogue: Catalog, extracted: Catalog) -> None:
    """Babel's update, keeping the header's date (a diff shows only what changed)."""
    created = catalogue.creation_date
    catalogue.update(extracted, no_fuzzy_matching=True, update_header_comment=False)
    catalogue.creation_date = created


def written(catalogue: Catalog) -> str:
    """The catalogue as its .po text (no obsolete entries, no line numbers)."""
    output = io.BytesIO()
    write_po(
        output,
        catalogue,
        width=100,
        ignore_obsolete=True,
        include_previous=False,
        include_lineno=False,
    )
    return output.getvalue().decode("utf-8")


def merge_translations(catalogue: Catalog, parts: Iterable[Catalog]) -> list[str]:
    """Take each part's non-empty, non-fuzzy translations of messages the catalogue has;
    what a part holds that the code does not is reported, not added."""
    unknown: list[str] = []
    for part in parts:
        for message in part:
            if not message.id or message.fuzzy:
                continue
            strings = [message.string] if isinstance(message.string, str) else message.string
            if not strings or not all(strings):
                continue
            target = catalogue.get(message.id, context=message.context)
            if target is None:
                unknown.append(_describe(_key(message)))
                continue
            target.string = message.string
            target.flags.discard("fuzzy")
    return unknown


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--update", action="store_true", help="merge new messages in")
    parser.add_argument(
        "--merge",
        nargs="+",
        type=Path,
        default=[],
        metavar="FILE.po",
        help="with --update: take the translations these .po files give",
    )
    options = parser.parse_args(argv)
    if options.merge and not options.update:
        parser.error("--merge goes with --update")
    for part in options.merge:
        if not part.is_file():
            parser.error(f"--merge: there is no file {part}")
    extracted = extract()
    if options.update:
        with FileLock(str(CATALOGUE) + ".lock"):
            catalogue = read_catalogue()
            _update(catalogue, extracted)
            unknown = merge_translations(catalogue, (read_catalogue(p) for p in options.merge))
            CATALOGUE.write_text(written(catalogue), encoding="utf-8")
        for described in unknown:
            print(f"not in the code (ignored): {described}", file=sys.stderr)
    catalogue = read_catalogue()
    found = problems(catalogue, extracted)
    for problem in found:
        print(f"{CATALOGUE.relative_to(ROOT)}: {problem}", file=sys.stderr)
    count = sum(1 for message in extracted if message.id)
    if found:
        print(f"{len(found)} problem(s) in the French catalogue ({count} messages).")
        return 1
    print(f"French catalogue complete: {count} messages, all translated.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
