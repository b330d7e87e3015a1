"""Make the Linux bundle smaller without changing what the app can do (used by packaging/briefing.spec).

Two things, each on copies in PyInstaller's work folder (the installed packages are never touched):

* Debug symbols. Some libraries carry DWARF sections (a pyenv-built libpython holds 17 MB of them); they are only
  for debuggers. ``strip --strip-debug`` removes just those sections, and only from files that have them (here
  libpython, its extension modules and Pillow's _imaging); most wheels' libraries (numpy's OpenBLAS...) carry
  none and are copied as they are: a full ``strip`` (PyInstaller's ``strip=True``) breaks numpy's.
* ICU data. Qt Core links to ICU, whose data library (libicudata, 32 MB) holds every locale's names, collation
  rules and calendars, about 200 legacy character-set converters, word-break dictionaries and transliterators.
  Qt uses ICU for collation (locale-aware sorting), time-zone names and non-UTF text codecs; the app is in
  English and reads and writes UTF-8. The trimmed library keeps every item except: other languages' locale
  data (ICU falls back to the root locale for them, as it does for any locale it lacks), the .cnv converter
  tables (UTF-8/16/32, ASCII and Latin-1 are built into ICU's code, not data), break-iterator rules and
  dictionaries, and transliterators (Qt uses neither: its text boundaries and line breaking are its own).

Windows and macOS are left alone: their debug information lives in separate .pdb and .dSYM files that are never
bundled, macOS binaries are signed (editing them would break the signatures), and the data library trimmed here
is the one the Linux wheels bundle (libicudata.so.*).
"""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
from collections.abc import Iterable
from pathlib import Path

Entry = tuple[str, str, str]  # PyInstaller TOC entry: (name in the bundle, source file, type)

DEBUG_SECTION = re.compile(r"\]\s+\.debug")  # a DWARF section in `readelf -S -W` output

# --- Debug symbols ---------------------------------------------------------------------------------------------


def has_debug_sections(path: Path) -> bool:
    sections = subprocess.run(["readelf", "-S", "-W", str(path)], capture_output=True, text=True).stdout
    return bool(DEBUG_SECTION.search(sections))


def without_debug_symbols(binaries: Iterable[Entry], workdir: Path) -> list[Entry]:
    """The binaries, with each one that carries debug sections replaced by a copy stripped of them."""
    result = []
    for dest, source, typecode in binaries:
        if typecode in ("BINARY", "EXTENSION") and has_debug_sections(Path(source)):
            stripped = workdir / "stripped" / dest
            stripped.parent.mkdir(parents=True, exist_ok=True)
            subprocess.run(["strip", "--strip-debug", "-o", str(stripped), source], check=True)
            source = str(stripped)
        result.append((dest, source, typecode))
    return result


# --- ICU data --------------------------------------------------------------------------------------------------
# libicudata exports one symbol, icudt<version>_dat: an ICU "common data" package. Its layout (ICU's
# udata.cpp, "ToC" format): a data header (headerSize, magic 0xda27, UDataInfo with format "CmnD" version 1), then
# at headerSize a little-endian uint32 count and count pairs (name offset, data offset), both counted from the
# count field; the names (NUL-terminated, sorted: ICU searches them by bisection); then the items, 16-byte aligned.
ICU_DATA_LIBRARY = re.compile(r"libicudata\.so\.(\d+)$")
ICU_FORMAT = b"CmnD"
ALIGN = 16
PAD = b"\xaa"  # what ICU's own packager fills gaps with, so an untrimmed package round-trips byte for byte
# A locale's resource bundle (en.res, en_GB.res, de__PHONEBOOK.res) as opposed to shared data (zoneinfo64.res...).
LOCALE_BUNDLE = re.compile(r"[a-z]{2,3}(_[A-Za-z0-9]*)*\.res")
KEPT_LOCALES = re.compile(r"(root|en|en_[A-Za-z0-9_]*)\.res")  # root is every locale's last fallback
UNUSED_TREES = ("brkitr", "translit")


def icu_item_wanted(name: str) -> bool:
    """Whether the trimmed package keeps an item, named as in the package: 'icudt73l/coll/en_GB.res'."""
    path = name.split("/", 1)[1] if "/" in name else name
    tree, _, base = path.rpartition("/")
    if base.endswith(".cnv") or tree in UNUSED_TREES:
        return False
    if base == "res_index.res" or not LOCALE_BUNDLE.fullmatch(base):
        return True
    return bool(KEPT_LOCALES.fullmatch(base))


def read_package(blob: bytes) -> tuple[bytes, list[tuple[str, bytes]]]:
    """Split an ICU common data package into its header and its (name, bytes) items, in order."""
    header_size, magic1, magic2 = struct.unpack_from("<HBB", blob, 0)
    if (magic1, magic2) != (0xDA, 0x27) or blob[12:16] != ICU_FORMAT:
        raise ValueError("not an ICU common data package")
    (count,) = struct.unpack_from("<I", blob, header_size)
    pairs = [struct.unpack_from("<II", blob, header_size + 4 + 8 * i) for i in range(count)]
    items = []
    for i, (name_offset, data_offset) in enumerate(pairs):
        start = header_size + name_offset
        name = blob[start:blob.index(b"\0", start)].decode("ascii")
        end = header_size + pairs[i + 1][1] if i + 1 < count else len(blob)
        items.append((name, blob[header_size + data_offset:end]))
    return blob[:header_size], items


def write_package(header: bytes, items: list[tuple[str, bytes]]) -> bytes:
    """The inverse of read_package (items must be sorted by name, as they come out of it)."""
    table_size = 4 + 8 * len(items)
    names, name_offsets = [], []
    for name, _ in items:
        name_offsets.append(table_size + sum(len(n) for n in names))
        names.append(name.encode("ascii") + b"\0")
    names_end = table_size + sum(len(n) for n in names)
    # The items start 16-byte aligned from the package's start (the header is a multiple of 16 bytes long).
    body_start = names_end + (-(len(header) + names_end) % ALIGN)
    table, body, body_size = [struct.pack("<I", len(items))], [], 0
    for (_, data), name_offset in zip(items, name_offsets, strict=True):
        table.append(struct.pack("<II", name_offset, body_start + body_size))
        body.append(data + PAD * (-len(data) % ALIGN))
        body_size += len(body[-1])
    return b"".join([header, *table, *names, PAD * (body_start - names_end), *body])


def exported_data(library: Path) -> tuple[str, bytes]:
    """The name and bytes of the one data symbol a libicudata exports (read with readelf)."""
    symbols = subprocess.run(["readelf", "--dyn-syms", "-W", str(library)], capture_output=True, text=True,
                             check=True).stdout
    match = re.search(r"^\s*\d+:\s+([0-9a-f]+)\s+(0x[0-9a-f]+|\d+)\s+OBJECT\s+GLOBAL\s+\S+\s+\d+\s+(icudt\d+_dat)$",
                      symbols, re.MULTILINE)
    if not match:
        raise ValueError(f"{library.name} exports no icudt*_dat symbol")
    address, size, symbol = int(match[1], 16), int(match[2], 0), match[3]
    sections = subprocess.run(["readelf", "-S", "-W", str(library)], capture_output=True, text=True,
                              check=True).stdout
    for section_address, offset, section_size in re.findall(
            r"\]\s+\S+\s+PROGBITS\s+([0-9a-f]+)\s+([0-9a-f]+)\s+([0-9a-f]+)", sections):
        start = int(section_address, 16)
        if start <= address < start + int(section_size, 16):
            file_offset = int(offset, 16) + address - start
            with library.open("rb") as handle:
                handle.seek(file_offset)
                return symbol, handle.read(size)
    raise ValueError(f"{symbol} lies in no section of {library.name}")


def build_data_library(symbol: str, package: bytes, soname: str, out: Path) -> None:
    """A shared library exporting `symbol` = `package`, like ICU's own (assembled with the C compiler's driver)."""
    data_file = out.with_suffix(".dat")
    data_file.write_bytes(package)
    assembly = out.with_suffix(".S")
    assembly.write_text(f"""\t.section .rodata
\t.globl {symbol}
\t.type {symbol}, @object
\t.balign {ALIGN}
{symbol}:
\t.incbin "{data_file}"
\t.size {symbol}, . - {symbol}
\t.section .note.GNU-stack,"",@progbits
""", encoding="ascii")
    subprocess.run(["cc", "-shared", "-nostdlib", f"-Wl,-soname,{soname}", "-o", str(out), str(assembly)],
                   check=True)
    data_file.unlink()
    assembly.unlink()


def with_trimmed_icu_data(binaries: Iterable[Entry], workdir: Path) -> list[Entry]:
    """The binaries, with libicudata replaced by one holding only the data items icu_item_wanted keeps.

    Needs a C compiler (cc) to assemble the library; without one the full library is kept, with a warning.
    """
    result = []
    for dest, source, typecode in binaries:
        if ICU_DATA_LIBRARY.search(dest):
            if shutil.which("cc") is None:
                print(f"shrink: no C compiler (cc): {dest} is bundled untrimmed", flush=True)
            else:
                symbol, blob = exported_data(Path(source))
                header, items = read_package(blob)
                trimmed = workdir / "icu" / Path(dest).name
                trimmed.parent.mkdir(parents=True, exist_ok=True)
                build_data_library(symbol, write_package(header, [i for i in items if icu_item_wanted(i[0])]),
                                   Path(dest).name, trimmed)
                source = str(trimmed)
        result.append((dest, source, typecode))
    return result
