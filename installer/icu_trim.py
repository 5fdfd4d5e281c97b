"""Trim the ICU data Qt ships on Linux to the languages the desk speaks (about 22 MB less).

PySide6's Linux wheels bring ICU, and its data library (``libicudata.so.NN``, 32 MB) holds
every locale's names of languages, currencies, time zones and units, collations, and
dictionaries for Thai, Khmer, Chinese word breaks: the largest single file of the bundle.
Qt draws its own locale data from CLDR and uses ICU only for collation, case mapping and
legacy text codecs, which need the language-neutral data and the ``root`` rules.

So this keeps every language-neutral item (properties, normalization, converters, the
root locale and the shared string pools) and the locales of the kept languages (English
and French: the Institute is in Toronto), drops the transliterators and the
break-iterator dictionaries, and links the result into a new ``libicudata.so.NN`` with
the same name and symbol. ICU's common-data format is a header, a sorted table of
contents and 16-byte-aligned items, so the subset is copied item by item, unchanged.

Windows and macOS builds of Qt use the system's ICU: nothing to trim there. Without a C
assembler and linker (binutils) the original library is kept (the bundle is then ~22 MB
larger).
"""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
import tempfile
from collections.abc import Iterable
from pathlib import Path

KEPT_LANGUAGES = frozenset({"en", "fr"})
COMMON_DATA_FORMAT = b"CmnD"
PAD = b"\xaa"  # what ICU's own packager fills alignment gaps with
_LOCALE = re.compile(r"(?:root|[a-z]{2,3}(?:_[A-Za-z0-9]+)*)\.res")


class IcuDataError(ValueError):
    """The file is not the ICU data library this module understands."""


def keep_item(name: str, languages: Iterable[str] = KEPT_LANGUAGES) -> bool:
    """Whether an item (e.g. 'icudt73l/coll/de.res') stays in the trimmed data."""
    parts = name.split("/")[1:]
    if not parts:
        return True
    leaf = parts[-1]
    tree = parts[0] if len(parts) == 2 else ""
    if tree == "translit" or (tree == "brkitr" and leaf.endswith(".dict")):
        return False
    if _LOCALE.fullmatch(leaf) is None:
        return True  # language-neutral: properties, pools, indexes, converters, rules
    locale = leaf.removesuffix(".res")
    return locale == "root" or locale.split("_")[0] in set(languages)


def parse_items(blob: bytes) -> tuple[bytes, list[tuple[str, bytes]]]:
    """(header, [(name, item bytes incl. padding)]) of an ICU common-data blob."""
    if len(blob) < 24 or blob[2:4] != b"\xda\x27" or blob[12:16] != COMMON_DATA_FORMAT:
        raise IcuDataError("not ICU common data (no 'CmnD' header)")
    if blob[8] != 0:
        raise IcuDataError("big-endian ICU data is not supported")
    header_size = struct.unpack_from("<H", blob, 0)[0]
    count = struct.unpack_from("<I", blob, header_size)[0]
    entries = [struct.unpack_from("<II", blob, header_size + 4 + 8 * i) for i in range(count)]
    items = []
    for index, (name_offset, data_offset) in enumerate(entries):
        start = header_size + name_offset
        name = blob[start : blob.index(b"\0", start)].decode("ascii")
        end = entries[index + 1][1] if index + 1 < count else len(blob) - header_size
        items.append((name, blob[header_size + data_offset : header_size + end]))
    return blob[:header_size], items


def build_blob(header: bytes, items: list[tuple[str, bytes]]) -> bytes:
    """The common-data blob of ``items`` (kept in their sorted order)."""
    count = len(items)
    encoded = [name.encode("ascii") + b"\0" for name, _data in items]
    table_size = 4 + 8 * count
    name_offsets = []
    position = table_size
    for name in encoded:
        name_offsets.append(position)
        position += len(name)
    names = b"".join(encoded)
    offset = _align(len(header) + table_size + len(names)) - len(header)
    table = [struct.pack("<I", count)]
    payload: list[bytes] = []
    position = offset
    for (_name, data), name_offset in zip(items, name_offsets, strict=True):
        table.append(struct.pack("<II", name_offset, position))
        padded = data + PAD * (_align(len(data)) - len(data))
        payload.append(padded)
        position += len(padded)
    padding = PAD * (offset - table_size - len(names))
    return b"".join([header, *table, names, padding, *payload])


def trim_blob(blob: bytes, languages: Iterable[str] = KEPT_LANGUAGES) -> tuple[bytes, int, int]:
    """(trimmed blob, items kept, items dropped)."""
    header, items = parse_items(blob)
    kept = [(name, data) for name, data in items if keep_item(name, languages)]
    return build_blob(header, kept), len(kept), len(items) - len(kept)


def _align(size: int, to: int = 16) -> int:
    return (size + to - 1) // to * to


# -- the shared library -------------------------------------------------------------------


def find_symbol(library: bytes, prefix: bytes = b"icudt") -> tuple[str, int, int]:
    """(name, file offset, size) of the ICU data symbol in an ELF64 little-endian library."""
    if library[:4] != b"\x7fELF" or library[4] != 2 or library[5] != 1:
        raise IcuDataError("not a 64-bit little-endian ELF library")
    (section_offset,) = struct.unpack_from("<Q", library, 0x28)
    entry_size, count, _names = struct.unpack_from("<HHH", library, 0x3A)
    sections = [
        struct.unpack_from("<IIQQQQIIQQ", library, section_offset + i * entry_size)
        for i in range(count)
    ]
    for section in sections:
        if section[1] != 11:  # SHT_DYNSYM
            continue
        strings = sections[section[6]]
        for start in range(section[4], section[4] + section[5], section[9]):
            name_index, _info, _other, _index, value, size = struct.unpack_from(
                "<IBBHQQ", library, start
            )
            name_start = strings[4] + name_index
            name = library[name_start : library.index(b"\0", name_start)]
            if name.startswith(prefix) and name.endswith(b"_dat") and size:
                for holder in sections:
                    address, offset, length = holder[3], holder[4], holder[5]
                    if holder[1] != 8 and address and address <= value < address + length:
                        return name.decode("ascii"), offset + value - address, size
    raise IcuDataError("no icudtNN_dat symbol in the library")


def find_linker() -> tuple[str, str] | None:
    """The assembler and linker (binutils: any machine with a C compiler has them)."""
    assembler, linker = shutil.which("as"), shutil.which("ld")
    return (assembler, linker) if assembler and linker else None


def link_data_library(blob: bytes, symbol: str, soname: str, target: Path) -> Path:
    """A shared library ``soname`` exporting ``symbol`` = ``blob`` (as ICU's own is)."""
    tools = find_linker()
    if tools is None:
        raise IcuDataError("no assembler and linker (binutils) to link the trimmed ICU data")
    assembler, linker = tools
    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder) / "icudata.bin"
        data.write_bytes(blob)
        source = Path(folder) / "icudata.s"
        source.write_text(
            '\t.section .note.GNU-stack,"",%progbits\n'
            "\t.section .rodata\n"
            f"\t.globl {symbol}\n"
            f"\t.type {symbol}, %object\n"
            "\t.balign 16\n"
            f"{symbol}:\n"
            f'\t.incbin "{data}"\n'
            f"\t.size {symbol}, . - {symbol}\n",
            encoding="ascii",
        )
        target.parent.mkdir(parents=True, exist_ok=True)
        target.unlink(missing_ok=True)
        objects = Path(folder) / "icudata.o"
        subprocess.run(
            [assembler, "-o", str(objects), str(source)], check=True, capture_output=True
        )
        subprocess.run(
            [
                linker,
                "-shared",
                "-soname",
                soname,
                "-z",
                "noexecstack",
                "-o",
                str(target),
                str(objects),
            ],
            check=True,
            capture_output=True,
        )
    return target


def trim_library(
    source: Path, target: Path, languages: Iterable[str] = KEPT_LANGUAGES
) -> tuple[int, int]:
    """Write the trimmed copy of ICU data library ``source`` to ``target``;
    returns (items kept, items dropped)."""
    library = source.read_bytes()
    symbol, offset, size = find_symbol(library)
    blob, kept, dropped = trim_blob(library[offset : offset + size], languages)
    link_data_library(blob, symbol, source.name, target)
    return kept, dropped
