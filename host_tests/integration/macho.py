"""A small Mach-O reader and code signature checker for the tests, written
separately from finalizer/macho_signature.cpp: it recomputes page hashes
with hashlib and reads the load commands the structural checks look at."""

import hashlib
import struct

MH_MAGIC_64 = 0xFEEDFACF
CPU_TYPE = {"x86_64": 0x01000007, "aarch64": 0x0100000C}
MH_EXECUTE = 2

LC_SEGMENT_64 = 0x19
LC_LOAD_DYLIB = 0x0C
LC_LOAD_WEAK_DYLIB = 0x80000018
LC_REEXPORT_DYLIB = 0x8000001F
LC_LAZY_LOAD_DYLIB = 0x20
LC_LOAD_UPWARD_DYLIB = 0x80000023
LC_LOAD_DYLINKER = 0x0E
LC_UUID = 0x1B
LC_CODE_SIGNATURE = 0x1D
LC_BUILD_VERSION = 0x32
LC_MAIN = 0x80000028
PLATFORM_MACOS = 1

DYLIB_COMMANDS = (LC_LOAD_DYLIB, LC_LOAD_WEAK_DYLIB, LC_REEXPORT_DYLIB, LC_LAZY_LOAD_DYLIB, LC_LOAD_UPWARD_DYLIB)
VM_PROT_WRITE, VM_PROT_EXECUTE = 2, 4

CSMAGIC_EMBEDDED_SIGNATURE = 0xFADE0CC0
CSMAGIC_CODEDIRECTORY = 0xFADE0C02
CS_HASHTYPE_SHA256 = 2


def c_string(raw):
    return raw.split(b"\0", 1)[0].decode()


class Segment:
    def __init__(self, data, at):
        (name, self.vmaddr, self.vmsize, self.fileoff, self.filesize, self.maxprot, self.initprot,
         nsects, _flags) = struct.unpack_from("<16sQQQQiiII", data, at + 8)
        self.name = c_string(name)
        self.sections = []
        for i in range(nsects):
            sect, seg, addr, size, offset = struct.unpack_from("<16s16sQQI", data, at + 72 + 80 * i)
            self.sections.append((c_string(seg), c_string(sect), addr, size, offset))


class MachO:
    """The header and load commands of a 64-bit little-endian Mach-O."""

    def __init__(self, data):
        self.data = data
        magic, self.cputype, _, self.filetype, ncmds, _sizeofcmds, _flags = struct.unpack_from("<IiiIIII", data, 0)
        if magic != MH_MAGIC_64:
            raise ValueError(f"not a 64-bit Mach-O (magic {magic:#x})")
        self.commands = []  # (cmd, offset of the command)
        at = 32
        for _ in range(ncmds):
            cmd, size = struct.unpack_from("<II", data, at)
            self.commands.append((cmd, at))
            at += size

    def find(self, cmd):
        return [at for c, at in self.commands if c == cmd]

    def segments(self):
        return [Segment(self.data, at) for at in self.find(LC_SEGMENT_64)]

    def dylibs(self):
        """(command, install name) of every library the file loads."""
        out = []
        for cmd, at in self.commands:
            if cmd in DYLIB_COMMANDS:
                name_offset = struct.unpack_from("<I", self.data, at + 8)[0]
                out.append((cmd, c_string(self.data[at + name_offset:])))
        return out

    def dylinker(self):
        (at,) = self.find(LC_LOAD_DYLINKER)
        name_offset = struct.unpack_from("<I", self.data, at + 8)[0]
        return c_string(self.data[at + name_offset:])

    def build_version(self):
        """(platform, minos as (major, minor, patch))."""
        (at,) = self.find(LC_BUILD_VERSION)
        platform, minos = struct.unpack_from("<II", self.data, at + 8)
        return platform, (minos >> 16, (minos >> 8) & 0xFF, minos & 0xFF)

    def section_of(self, offset):
        """(segment, section) holding the file offset."""
        for seg in self.segments():
            for segname, sectname, _addr, size, sect_offset in seg.sections:
                if sect_offset <= offset < sect_offset + size:
                    return segname, sectname
        return None

    def code_signature(self):
        (at,) = self.find(LC_CODE_SIGNATURE)
        dataoff, datasize = struct.unpack_from("<II", self.data, at + 8)
        return CodeSignature(self.data, dataoff, datasize)


class CodeDirectory:
    def __init__(self, data, at):
        (magic, self.length, self.version, self.flags, self.hash_offset, _ident, self.special_slots,
         self.code_slots, self.code_limit, self.hash_size, self.hash_type, _platform,
         page_shift) = struct.unpack_from(">IIIIIIIIIBBBB", data, at)
        if magic != CSMAGIC_CODEDIRECTORY:
            raise ValueError(f"not a CodeDirectory (magic {magic:#x})")
        self.at = at
        self.page_size = 1 << page_shift
        self.data = data

    def slot(self, page):
        start = self.at + self.hash_offset + page * self.hash_size
        return self.data[start:start + self.hash_size]

    def page_range(self, page):
        start = page * self.page_size
        return start, min(start + self.page_size, self.code_limit)


class CodeSignature:
    def __init__(self, data, offset, size):
        self.offset, self.size = offset, size
        magic, self.length, count = struct.unpack_from(">III", data, offset)
        if magic != CSMAGIC_EMBEDDED_SIGNATURE:
            raise ValueError(f"not an embedded signature (magic {magic:#x})")
        self.blobs = [struct.unpack_from(">II", data, offset + 12 + 8 * i) for i in range(count)]
        self.directories = [CodeDirectory(data, offset + blob_offset) for slot, blob_offset in self.blobs
                            if slot == 0 or 0x1000 <= slot < 0x1005]


def bad_pages(data):
    """Every (directory index, page) whose stored hash does not match the
    file, plus a description of any inconsistency in the directory itself."""
    sig = MachO(data).code_signature()
    problems = []
    for index, cd in enumerate(sig.directories):
        if cd.hash_type != CS_HASHTYPE_SHA256 or cd.hash_size != 32:
            problems.append((index, f"hash type {cd.hash_type}, size {cd.hash_size}"))
            continue
        if cd.code_limit != sig.offset:
            problems.append((index, f"code limit {cd.code_limit} is not the signature offset {sig.offset}"))
        if cd.code_slots != -(-cd.code_limit // cd.page_size):
            problems.append((index, f"{cd.code_slots} code slots for code limit {cd.code_limit}"))
        for page in range(cd.code_slots):
            start, end = cd.page_range(page)
            if hashlib.sha256(data[start:end]).digest() != cd.slot(page):
                problems.append((index, page))
    return problems
