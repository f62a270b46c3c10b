"""A small Mach-O reader and checker for the tests, written separately from
finalizer/macho_layout.cpp and finalizer/macho_signature.cpp: it recomputes
page hashes with hashlib, decodes the bind opcodes, and checks the layout
rules that the macOS kernel and dyld enforce (xnu's load_segment, dyld's
segment, __LINKEDIT and bind checks)."""

import hashlib
import struct

MH_MAGIC_64 = 0xFEEDFACF
CPU_TYPE = {"x86_64": 0x01000007, "aarch64": 0x0100000C}
PAGE_SIZE = {0x01000007: 4096, 0x0100000C: 16384}
MH_EXECUTE = 2

LC_SEGMENT_64 = 0x19
LC_SYMTAB = 0x2
LC_DYSYMTAB = 0xB
LC_LOAD_DYLIB = 0x0C
LC_LOAD_WEAK_DYLIB = 0x80000018
LC_REEXPORT_DYLIB = 0x8000001F
LC_LAZY_LOAD_DYLIB = 0x20
LC_LOAD_UPWARD_DYLIB = 0x80000023
LC_LOAD_DYLINKER = 0x0E
LC_UUID = 0x1B
LC_CODE_SIGNATURE = 0x1D
LC_DYLD_INFO_ONLY = 0x80000022
LC_BUILD_VERSION = 0x32
LC_MAIN = 0x80000028
PLATFORM_MACOS = 1

DYLIB_COMMANDS = (LC_LOAD_DYLIB, LC_LOAD_WEAK_DYLIB, LC_REEXPORT_DYLIB, LC_LAZY_LOAD_DYLIB, LC_LOAD_UPWARD_DYLIB)
VM_PROT_READ, VM_PROT_WRITE, VM_PROT_EXECUTE = 1, 2, 4
S_REGULAR, S_ZEROFILL = 0, 1
ZERO_FILL_TYPES = (S_ZEROFILL, 0xC, 0x12)

CSMAGIC_EMBEDDED_SIGNATURE = 0xFADE0CC0
CSMAGIC_CODEDIRECTORY = 0xFADE0C02
CS_HASHTYPE_SHA256 = 2


def c_string(raw):
    return raw.split(b"\0", 1)[0].decode()


class Section:
    def __init__(self, data, at):
        (sect, seg, self.addr, self.size, self.offset, _align, _reloff, _nreloc,
         self.flags) = struct.unpack_from("<16s16sQQIIIII", data, at)
        self.name, self.segname = c_string(sect), c_string(seg)
        self.type = self.flags & 0xFF

    def zero_fill(self):
        return self.type in ZERO_FILL_TYPES


class Segment:
    def __init__(self, data, at):
        (name, self.vmaddr, self.vmsize, self.fileoff, self.filesize, self.maxprot, self.initprot,
         nsects, self.flags) = struct.unpack_from("<16sQQQQiiII", data, at + 8)
        self.at = at
        self.name = c_string(name)
        self.sections = [Section(data, at + 72 + 80 * i) for i in range(nsects)]


class MachO:
    """The header and load commands of a 64-bit little-endian Mach-O."""

    def __init__(self, data):
        self.data = data
        (magic, self.cputype, _, self.filetype, ncmds, self.sizeofcmds,
         _flags) = struct.unpack_from("<IiiIIII", data, 0)
        if magic != MH_MAGIC_64:
            raise ValueError(f"not a 64-bit Mach-O (magic {magic:#x})")
        self.page = PAGE_SIZE[self.cputype]
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

    def segment(self, name):
        (seg,) = [s for s in self.segments() if s.name == name]
        return seg

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
            for sect in seg.sections:
                if not sect.zero_fill() and sect.offset <= offset < sect.offset + sect.size:
                    return sect.segname, sect.name
        return None

    def linkedit_tables(self):
        """(name, file offset, size) of every table in __LINKEDIT."""
        tables = []
        (info,) = self.find(LC_DYLD_INFO_ONLY)
        for i, name in enumerate(("rebase", "bind", "weak bind", "lazy bind", "export")):
            tables.append((name,) + struct.unpack_from("<II", self.data, info + 8 + 8 * i))
        (symtab,) = self.find(LC_SYMTAB)
        symoff, nsyms, stroff, strsize = struct.unpack_from("<IIII", self.data, symtab + 8)
        tables += [("symbols", symoff, nsyms * 16), ("strings", stroff, strsize)]
        (dysymtab,) = self.find(LC_DYSYMTAB)
        fields = struct.unpack_from("<18I", self.data, dysymtab + 8)
        for name, (offset, count), entry in (("table of contents", fields[6:8], 8), ("modules", fields[8:10], 56),
                                             ("external references", fields[10:12], 4),
                                             ("indirect symbols", fields[12:14], 4),
                                             ("external relocations", fields[14:16], 8),
                                             ("local relocations", fields[16:18], 8)):
            tables.append((name, offset, count * entry))
        sig = self.code_signature()
        tables.append(("code signature", sig.offset, sig.size))
        return [t for t in tables if t[2]]

    def table(self, name):
        """The bytes of a table in __LINKEDIT, by its name in linkedit_tables."""
        (offset, size) = [(offset, size) for n, offset, size in self.linkedit_tables() if n == name][0]
        return self.data[offset:offset + size]

    def binds(self):
        """(segment index, offset in it, symbol) of every pointer dyld binds,
        from the classic bind opcodes (mach-o/loader.h)."""
        (info,) = self.find(LC_DYLD_INFO_ONLY)
        offset, size = struct.unpack_from("<II", self.data, info + 16)
        ops, i, out = self.data[offset:offset + size], 0, []
        segment = address = symbol = None

        def leb():
            nonlocal i
            value = shift = 0
            while True:
                byte = ops[i]
                i += 1
                value |= (byte & 0x7F) << shift
                shift += 7
                if byte < 0x80:
                    return value

        while i < len(ops):
            op, imm = ops[i] & 0xF0, ops[i] & 0x0F
            i += 1
            if op in (0x00, 0x10, 0x30, 0x50):  # done, ordinal, special ordinal, type
                continue
            if op in (0x20, 0x60):  # ordinal, addend
                leb()
            elif op == 0x40:
                end = ops.index(0, i)
                symbol, i = ops[i:end].decode(), end + 1
            elif op == 0x70:
                segment, address = imm, leb()
            elif op == 0x80:
                address += leb()
            elif op == 0x90:
                out.append((segment, address, symbol))
                address += 8
            elif op == 0xA0:
                out.append((segment, address, symbol))
                address += 8 + leb()
            elif op == 0xB0:
                out.append((segment, address, symbol))
                address += 8 + imm * 8
            elif op == 0xC0:
                count, skip = leb(), leb()
                for _ in range(count):
                    out.append((segment, address, symbol))
                    address += 8 + skip
            else:
                raise ValueError(f"bind opcode {op:#x}")
        return out

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
        self.exec_segment_base, self.exec_segment_limit = struct.unpack_from(">QQ", data, at + 64)
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
    m = MachO(data)
    sig = m.code_signature()
    text = m.segment("__TEXT")
    problems = []
    for index, cd in enumerate(sig.directories):
        if cd.hash_type != CS_HASHTYPE_SHA256 or cd.hash_size != 32:
            problems.append((index, f"hash type {cd.hash_type}, size {cd.hash_size}"))
            continue
        if cd.code_limit != sig.offset:
            problems.append((index, f"code limit {cd.code_limit} is not the signature offset {sig.offset}"))
        if cd.code_slots != -(-cd.code_limit // cd.page_size):
            problems.append((index, f"{cd.code_slots} code slots for code limit {cd.code_limit}"))
        if (cd.exec_segment_base, cd.exec_segment_limit) != (text.fileoff, text.filesize):
            problems.append((index, f"executable segment {cd.exec_segment_base}+{cd.exec_segment_limit}"))
        for page in range(cd.code_slots):
            start, end = cd.page_range(page)
            if hashlib.sha256(data[start:end]).digest() != cd.slot(page):
                problems.append((index, page))
    return problems


def layout_problems(data):
    """What in the file's layout the macOS kernel or dyld would refuse, or
    what breaks the shape the finalizer relies on."""
    m = MachO(data)
    page = m.page
    problems = []
    segs = m.segments()
    names = [s.name for s in segs]
    if names not in (["__PAGEZERO", "__TEXT", "__LAUNCH_SPEC", "__DATA", "__LINKEDIT"],
                     ["__PAGEZERO", "__TEXT", "__DATA", "__LINKEDIT"]):
        problems.append(f"segments {names}")
    protections = {"__PAGEZERO": 0, "__TEXT": VM_PROT_READ | VM_PROT_EXECUTE, "__LAUNCH_SPEC": VM_PROT_READ,
                   "__DATA": VM_PROT_READ | VM_PROT_WRITE, "__LINKEDIT": VM_PROT_READ}
    file_end = vm_end = 0
    for seg in segs:
        if (seg.initprot, seg.maxprot) != (protections.get(seg.name), protections.get(seg.name)):
            problems.append(f"{seg.name} protection {seg.initprot}/{seg.maxprot}")
        if seg.vmaddr % page or seg.vmaddr < vm_end or seg.filesize > seg.vmsize:
            problems.append(f"{seg.name} at {seg.vmaddr:#x}+{seg.vmsize:#x} in memory")
        vm_end = seg.vmaddr + seg.vmsize
        if seg.filesize:
            # The kernel maps file content from page boundaries only.
            if seg.fileoff % page or seg.fileoff < file_end:
                problems.append(f"{seg.name} at {seg.fileoff}+{seg.filesize} in the file")
            file_end = seg.fileoff + seg.filesize
        for sect in seg.sections:
            if sect.addr < seg.vmaddr or sect.addr + sect.size > seg.vmaddr + seg.vmsize:
                problems.append(f"section {sect.name} outside {seg.name} in memory")
            if sect.zero_fill():
                if sect.offset:
                    problems.append(f"zero-fill section {sect.name} has a file offset")
            elif (sect.offset < seg.fileoff or sect.offset + sect.size > seg.fileoff + seg.filesize
                  or sect.offset - seg.fileoff != sect.addr - seg.vmaddr):
                problems.append(f"section {sect.name} outside {seg.name} in the file")
    text, linkedit = m.segment("__TEXT"), m.segment("__LINKEDIT")
    if text.fileoff != 0 or text.filesize < 32 + m.sizeofcmds:
        problems.append("__TEXT does not hold the header and load commands")
    if max(s.fileoff for s in segs) != linkedit.fileoff or linkedit.fileoff + linkedit.filesize != len(data):
        problems.append("__LINKEDIT is not last or does not end the file")
    tables = sorted(m.linkedit_tables(), key=lambda t: t[1])
    for (name, offset, size), following in zip(tables, tables[1:] + [None]):
        if offset < linkedit.fileoff or offset + size > len(data) or offset % 8:
            problems.append(f"{name} at {offset}+{size} outside __LINKEDIT or misaligned")
        if following and offset + size > following[1]:
            problems.append(f"{name} overlaps {following[0]}")
    if tables[-1][0] != "code signature":
        problems.append("the code signature is not the last table")
    for index, offset, symbol in m.binds():
        seg = segs[index] if index < len(segs) else None
        if not seg or not seg.initprot & VM_PROT_WRITE or seg.initprot & VM_PROT_EXECUTE or offset + 8 > seg.vmsize:
            problems.append(f"{symbol} bound at segment {index} offset {offset:#x}")
    return problems
