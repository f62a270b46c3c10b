"""Checks of the macOS templates and the launchers finalized from them. They
cannot run here, so the tests read the files: Mach-O structure and layout
(macho.layout_problems: what the kernel and dyld enforce), the code
signature (recomputed with hashlib, compared with what llvm-objcopy writes
for the same bytes), and the embedded launch spec.

usage: test_macos.py --cpu x86_64|aarch64 --out DIR [TEST...]
       test_macos.py --list"""

import os
import re
import struct
import subprocess
import sys

import macho
from harness import HEADER_SIZE, MAGIC, Target, encode_payload, expect, read_spec, suite_main

T = None  # the Target under test
CPU = None
SIGNATURE_PAGE = 4096

ARGS = ["_main/tools/app", "--flag", "literal arg", "data/input.txt", "rel/tool"]
OPTIONS = ["--transform", "0,3", "--origin", "4", "--env", "GREETING=hello world",
           "--env-runfile", "APP_DATA=data/dir", "--unset-env", "STALE", "--export-runfiles-env=false"]
EXPECTED_SPEC = (
    [(1, "_main/tools/app"), (0, "--flag"), (0, "literal arg"), (1, "data/input.txt"), (2, "rel/tool")],
    [(3, "GREETING", "hello world"), (4, "APP_DATA", "data/dir"), (6, "STALE", "")],
    0,
)
# Arguments whose spec does not fit in __TEXT's last page on either CPU.
BIG = "x" * 3000
BIG_ARGS = ["/bin/app", BIG, BIG[:1000]]


def template_bytes():
    with open(T.template, "rb") as f:
        return f.read()


def finalized(tmp, name="launcher", args=ARGS, options=OPTIONS):
    path = os.path.join(tmp, name)
    T.finalize(path, args, *options)
    with open(path, "rb") as f:
        return f.read()


def region(data):
    """(offset of the region, end of its capacity, bytes of payload in use)."""
    at = data.index(MAGIC)
    capacity, used = struct.unpack_from("<II", data, at + 20)
    return at, at + HEADER_SIZE + capacity, used


def pages_of(begin, end):
    return list(range(begin // SIGNATURE_PAGE, (end - 1) // SIGNATURE_PAGE + 1))


def round_up(n, page):
    return -(-n // page) * page


def test_template_structure(tmp):
    data = template_bytes()
    m = macho.MachO(data)
    expect(m.cputype, macho.CPU_TYPE[CPU], "CPU type")
    expect(m.filetype, macho.MH_EXECUTE, "file type")
    expect(len(m.find(macho.LC_MAIN)), 1, "LC_MAIN commands")
    expect(m.dylinker(), "/usr/lib/dyld", "LC_LOAD_DYLINKER")
    expect(m.dylibs(), [(macho.LC_LOAD_DYLIB, "/usr/lib/libSystem.B.dylib")], "libraries loaded")
    expect(len(m.find(macho.LC_CODE_SIGNATURE)), 1, "LC_CODE_SIGNATURE commands")
    # dyld on recent macOS refuses executables without a UUID.
    expect(len(m.find(macho.LC_UUID)), 1, "LC_UUID commands")
    platform, minos = m.build_version()
    expect(platform, macho.PLATFORM_MACOS, "LC_BUILD_VERSION platform")
    if minos < (11, 0, 0):
        raise AssertionError(f"minimum macOS {minos} is below 11")
    expect(data.count(MAGIC), 1, "occurrences of the spec magic")
    expect(macho.layout_problems(data), [], "layout problems")


def test_template_binds_the_got_in_zero_fill(tmp):
    m = macho.MachO(template_bytes())
    segments = m.segments()
    data = m.segment("__DATA")
    expect((data.filesize, [s.type for s in data.sections]), (0, [macho.S_ZEROFILL]), "__DATA's file size and sections")
    binds = m.binds()
    # dyld fills each slot of the GOT, at __DATA's start, once, from libSystem.
    expect(sorted(offset for _, offset, _ in binds), list(range(0, 8 * len(binds), 8)), "GOT slots bound")
    for index, offset, symbol in binds:
        expect(segments[index].name, "__DATA", f"segment {symbol} is bound in")
    with open(os.path.join(os.path.dirname(__file__), "..", "..", "arch", "macos", "libSystem.tbd")) as f:
        exported = {name.strip(" '") for names in re.findall(r"symbols:\s*\[([^\]]*)\]", f.read())
                    for name in names.split(",")}
    expect(sorted({symbol for _, _, symbol in binds} - exported), [], "bound symbols libSystem.tbd lacks")


def test_template_signature_is_valid(tmp):
    expect(macho.bad_pages(template_bytes()), [], "pages whose hash does not match")


def test_template_holds_no_payload_or_zero_fill(tmp):
    # The file is __TEXT up to the page holding the region's header, then
    # __LINKEDIT: no empty payload pages, no __DATA page.
    data = template_bytes()
    m = macho.MachO(data)
    begin, _, _ = region(data)
    text, linkedit = m.segment("__TEXT"), m.segment("__LINKEDIT")
    expect(text.filesize, round_up(begin + HEADER_SIZE, m.page), "__TEXT's file size")
    expect(len(data), text.filesize + linkedit.filesize, "file size")
    # Nor symbol tables: nothing at run time reads them.
    (symtab,) = m.find(macho.LC_SYMTAB)
    expect(struct.unpack_from("<4I", data, symtab + 8), (0, 0, 0, 0), "symbol table")


def test_spec_region_layout(tmp):
    data = template_bytes()
    m = macho.MachO(data)
    begin, end, _ = region(data)
    text = m.segment("__TEXT")
    expect(m.section_of(begin), ("__TEXT", "__launch_spec"), "section holding the spec region")
    (head,) = [s for s in text.sections if s.name == "__launch_spec"]
    expect((head.offset, head.addr - text.vmaddr), (begin, begin), "where __TEXT,__launch_spec starts")
    expect(head.offset + head.size, min(end, text.filesize), "where __TEXT,__launch_spec ends")
    if end <= text.filesize:
        expect([s.name for s in m.segments()].count("__LAUNCH_SPEC"), 0, "__LAUNCH_SPEC segments")
        return
    # The rest of the capacity: zero-fill memory right after __TEXT.
    spec = m.segment("__LAUNCH_SPEC")
    expect((spec.vmaddr, spec.vmsize, spec.filesize), (text.vmaddr + text.filesize, round_up(end, m.page) -
                                                      text.filesize, 0), "__LAUNCH_SPEC")
    (tail,) = spec.sections
    expect((tail.name, tail.addr, tail.size, tail.type), ("__launch_spec", spec.vmaddr, end - text.filesize,
                                                          macho.S_ZEROFILL), "__LAUNCH_SPEC,__launch_spec")


def check_finalized(template, data, expected_spec):
    """`data` is `template` finalized with a spec decoding to `expected_spec`:
    valid, signed, and the template with the payload written in place or,
    when it outgrows __TEXT's last page, run on into __LAUNCH_SPEC's page,
    inserted before __LINKEDIT. Returns whether it ran on."""
    expect(read_spec(data), expected_spec, "decoded launch spec")
    expect(macho.layout_problems(data), [], "layout problems")
    expect(macho.bad_pages(data), [], "pages whose hash does not match")
    t, m = macho.MachO(template), macho.MachO(data)
    text = t.segment("__TEXT")
    expect(m.segment("__TEXT").filesize, text.filesize, "__TEXT's file size")
    begin, _, used = region(data)
    payload_end = begin + HEADER_SIZE + used
    # __TEXT is as it was up to the region's length field.
    commands_end = 32 + t.sizeofcmds
    expect(data[:32], template[:32], "Mach-O header")
    expect(data[commands_end:begin + 24] == template[commands_end:begin + 24], True, "__TEXT before the spec")
    expect(m.table("bind"), t.table("bind"), "bind info")
    if payload_end <= text.filesize:
        expect(len(data), len(template), "file size")
        expect(data[32:commands_end], template[32:commands_end], "load commands")
        expect(data[payload_end:text.filesize].count(0), text.filesize - payload_end, "zeros after the payload")
        return False
    # __LAUNCH_SPEC has its pages in the file, right after __TEXT; __LINKEDIT
    # moved behind them, and the code signature holds their page hashes.
    spec = m.segment("__LAUNCH_SPEC")
    expect((spec.fileoff, spec.filesize), (text.filesize, spec.vmsize), "__LAUNCH_SPEC's file content")
    (tail,) = spec.sections
    expect((tail.offset, tail.type), (spec.fileoff, macho.S_REGULAR), "__LAUNCH_SPEC,__launch_spec in the file")
    expect(m.segment("__LINKEDIT").fileoff, spec.fileoff + spec.filesize, "__LINKEDIT's offset")
    expect(len(data), len(template) + spec.filesize + spec.filesize // SIGNATURE_PAGE * 32, "file size")
    expect(data[payload_end:spec.fileoff + spec.filesize].count(0), spec.fileoff + spec.filesize - payload_end,
           "zeros after the payload")
    return True


def test_finalized_launcher(tmp):
    check_finalized(template_bytes(), finalized(tmp), EXPECTED_SPEC)


def test_spec_filling_the_capacity(tmp):
    check_finalized(template_bytes(), finalized(tmp, args=BIG_ARGS, options=[]),
                    ([(0, "/bin/app"), (0, BIG), (0, BIG[:1000])], [], 1))


def test_finalizing_in_place_changes_only_the_spec_and_its_page_hashes(tmp):
    # The longest one-argument spec that fits in __TEXT's last page (and the
    # capacity). A literal argument's payload is the flags byte, the kind
    # byte, the argument and a NUL.
    before = template_bytes()
    begin, end, _ = region(before)
    fits = min(macho.MachO(before).segment("__TEXT").filesize, end) - begin - HEADER_SIZE
    if fits < 4:
        # Not even the shortest spec fits: every launcher runs on.
        after = finalized(tmp, args=["/"], options=[])
        expect(check_finalized(before, after, ([(0, "/")], [], 1)), True, "ran on into __LAUNCH_SPEC")
        return
    arg = "/" + "a" * (fits - 4)
    after = finalized(tmp, args=[arg], options=[])
    expect(check_finalized(before, after, ([(0, arg)], [], 1)), False, "ran on into __LAUNCH_SPEC")
    _, _, used = region(after)
    expect(used, fits, "payload length")
    cd = macho.MachO(after).code_signature().directories[0]
    allowed = set(range(begin + 24, begin + HEADER_SIZE + used))  # the length field and the payload
    for page in pages_of(begin + 24, begin + HEADER_SIZE + used):
        slot = cd.at + cd.hash_offset + page * cd.hash_size
        allowed.update(range(slot, slot + cd.hash_size))
    changed = [i for i in range(len(before)) if before[i] != after[i]]
    expect([i for i in changed if i not in allowed], [], "changed bytes outside the spec and its page hashes")
    if begin + HEADER_SIZE + fits < end:
        # One byte more runs on.
        longer = finalized(tmp, "longer", args=[arg + "a"], options=[])
        expect(check_finalized(before, longer, ([(0, arg + "a")], [], 1)), True, "ran on into __LAUNCH_SPEC")


def objcopy_hashes_agree(ours, theirs, must_compare):
    """Every page whose bytes agree in both files has the same hash; the
    pages in `must_compare` must be among them."""
    ours_cd = macho.MachO(ours).code_signature().directories[0]
    theirs_cd = macho.MachO(theirs).code_signature().directories[0]
    compared = []
    for page in range(min(ours_cd.code_slots, theirs_cd.code_slots)):
        if ours[slice(*ours_cd.page_range(page))] != theirs[slice(*theirs_cd.page_range(page))]:
            continue
        expect(ours_cd.slot(page).hex(), theirs_cd.slot(page).hex(), f"hash of page {page}")
        compared.append(page)
    missing = [p for p in must_compare if p not in compared]
    expect(missing, [], "pages llvm-objcopy wrote differently")


def test_page_hashes_agree_with_llvm_objcopy(tmp):
    # llvm-objcopy writes the spec bytes into the template's section itself
    # and signs its own output; it also rewrites the header and __LINKEDIT.
    template, ours = template_bytes(), finalized(tmp)
    begin, _, used = region(ours)
    head = macho.MachO(template).segment("__TEXT").sections[-1]
    contents = os.path.join(tmp, "section.bin")
    with open(contents, "wb") as f:
        f.write(ours[head.offset:head.offset + head.size])
    theirs_path = os.path.join(tmp, "objcopy-out")
    subprocess.run(["llvm-objcopy-19", "--update-section", f"__TEXT,__launch_spec={contents}", T.template,
                    theirs_path], check=True, capture_output=True)
    with open(theirs_path, "rb") as f:
        theirs = f.read()
    text_end = macho.MachO(template).segment("__TEXT").filesize
    objcopy_hashes_agree(ours, theirs, [p for p in pages_of(begin, min(begin + HEADER_SIZE + used, text_end)) if p > 0])


def test_page_hashes_of_a_copied_launcher_agree_with_llvm_objcopy(tmp):
    # Copied by llvm-objcopy, which re-signs what it writes.
    ours = finalized(tmp, args=BIG_ARGS, options=[])
    path = os.path.join(tmp, "objcopy-out")
    subprocess.run(["llvm-objcopy-19", os.path.join(tmp, "launcher"), path], check=True, capture_output=True)
    with open(path, "rb") as f:
        theirs = f.read()
    expect(macho.bad_pages(theirs), [], "pages whose hash does not match in llvm-objcopy's copy")
    begin, _, used = region(ours)
    objcopy_hashes_agree(ours, theirs, [p for p in pages_of(begin, begin + HEADER_SIZE + used) if p > 0])


def test_spec_decodes_from_launcher(tmp):
    expect(read_spec(finalized(tmp)), EXPECTED_SPEC, "decoded launch spec")


def test_finalizing_is_deterministic(tmp):
    for args, options in ((ARGS, OPTIONS), (BIG_ARGS, [])):
        first = finalized(tmp, "one", args=args, options=options)
        second = finalized(tmp, "two", args=args, options=options)
        if first != second:
            raise AssertionError("two launchers from the same inputs differ")


def test_verifier_catches_a_tampered_byte(tmp):
    data = finalized(tmp)
    m = macho.MachO(data)
    text = m.segment("__TEXT")
    (code,) = [s for s in text.sections if s.name == "__text"]
    begin, _, _ = region(data)
    for offset in (code.offset + 5, begin + HEADER_SIZE + 1):
        tampered = bytearray(data)
        tampered[offset] ^= 0x40
        expect(macho.bad_pages(bytes(tampered)), [(0, offset // SIGNATURE_PAGE)],
               f"pages flagged after tampering at {offset}")


def test_verifier_catches_a_hand_patched_spec(tmp):
    # Writing the spec without re-signing, as a naive patcher would; as much
    # of it as __TEXT holds.
    patched = bytearray(template_bytes())
    begin, _, _ = region(patched)
    room = macho.MachO(bytes(patched)).segment("__TEXT").filesize - begin - HEADER_SIZE
    payload = encode_payload([(0, "/bin/true")])[:room]
    patched[begin + HEADER_SIZE:begin + HEADER_SIZE + len(payload)] = payload
    struct.pack_into("<I", patched, begin + 24, len(payload))
    expect(macho.bad_pages(bytes(patched)),
           [(0, page) for page in pages_of(begin + 24, begin + HEADER_SIZE + len(payload))], "pages flagged")


def test_finalizer_refuses_a_template_with_a_broken_signature(tmp):
    data = bytearray(template_bytes())
    data[data.index(MAGIC) - 1 - SIGNATURE_PAGE] ^= 1
    broken = os.path.join(tmp, "broken-template")
    with open(broken, "wb") as f:
        f.write(data)
    proc = subprocess.run([T.finalizer, "--template", broken, "-o", os.path.join(tmp, "out"), "--", "/bin/true"],
                          capture_output=True)
    expect(proc.returncode, 1, "exit code")
    if b"does not match its code signature" not in proc.stderr:
        raise AssertionError(f"unexpected message: {proc.stderr!r}")
    if os.path.exists(os.path.join(tmp, "out")):
        raise AssertionError("an output was written")


TESTS = {name[5:]: fn for name, fn in globals().items() if name.startswith("test_")}


def main(argv):
    def start(values):
        global T, CPU
        CPU = values["--cpu"]
        T = Target(f"{CPU}-macos", values["--out"])

    return suite_main(argv, TESTS, ("--cpu", "--out"), start)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
