"""Checks of the macOS templates and the launchers finalized from them. They
cannot run here, so the tests read the files: Mach-O structure, the code
signature (recomputed with hashlib, compared with what llvm-objcopy writes
for the same bytes), and the embedded launch spec.

usage: test_macos.py --cpu x86_64|aarch64 --out DIR [TEST...]
       test_macos.py --list"""

import os
import subprocess
import sys

import macho
from harness import HEADER_SIZE, MAGIC, Target, encode_payload, expect, patch_spec, read_spec, run_suite

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


def template_bytes():
    with open(T.template, "rb") as f:
        return f.read()


def finalized(tmp, name="launcher", args=ARGS, options=OPTIONS):
    path = os.path.join(tmp, name)
    T.finalize(path, args, *options)
    with open(path, "rb") as f:
        return f.read()


def region_range(data):
    at = data.index(MAGIC)
    capacity = int.from_bytes(data[at + 20:at + 24], "little")
    return at, at + HEADER_SIZE + capacity


def pages_of(begin, end):
    return list(range(begin // SIGNATURE_PAGE, (end - 1) // SIGNATURE_PAGE + 1))


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
    for seg in m.segments():
        for prot in (seg.initprot, seg.maxprot):
            if prot & macho.VM_PROT_WRITE and prot & macho.VM_PROT_EXECUTE:
                raise AssertionError(f"segment {seg.name} is writable and executable")
    expect(data.count(MAGIC), 1, "occurrences of the spec magic")


def test_template_signature_is_valid(tmp):
    expect(macho.bad_pages(template_bytes()), [], "pages whose hash does not match")


def test_spec_region_layout(tmp):
    data = template_bytes()
    m = macho.MachO(data)
    begin, end = region_range(data)
    segment = "__DATA_CONST" if CPU == "aarch64" else "__TEXT"
    expect(m.section_of(begin), (segment, "__launch_spec"), "section holding the spec region")
    expect(len(pages_of(begin, end)), 2, "code signature pages the spec region spans")


def test_finalized_signature_is_valid(tmp):
    expect(macho.bad_pages(finalized(tmp)), [], "pages whose hash does not match")


def test_finalizing_changes_only_the_spec_and_its_page_hashes(tmp):
    before, after = template_bytes(), finalized(tmp)
    expect(len(after), len(before), "file size")
    begin, end = region_range(before)
    cd = macho.MachO(after).code_signature().directories[0]
    allowed = set(range(begin, end))
    for page in pages_of(begin, end):
        slot = cd.at + cd.hash_offset + page * cd.hash_size
        allowed.update(range(slot, slot + cd.hash_size))
    changed = [i for i in range(len(before)) if before[i] != after[i]]
    outside = [i for i in changed if i not in allowed]
    expect(outside, [], "changed bytes outside the spec region and its page hashes")
    if not any(begin <= i < end for i in changed):
        raise AssertionError("finalizing changed nothing in the spec region")


def test_page_hashes_agree_with_llvm_objcopy(tmp):
    template, ours = template_bytes(), finalized(tmp)
    m = macho.MachO(template)
    begin, end = region_range(template)
    segment, section = m.section_of(begin)
    contents = os.path.join(tmp, "section.bin")
    with open(contents, "wb") as f:
        f.write(ours[begin:end])
    theirs_path = os.path.join(tmp, "objcopy-out")
    subprocess.run(["llvm-objcopy-19", "--update-section", f"{segment},{section}={contents}", T.template, theirs_path],
                   check=True, capture_output=True)
    with open(theirs_path, "rb") as f:
        theirs = f.read()
    ours_cd = macho.MachO(ours).code_signature().directories[0]
    theirs_cd = macho.MachO(theirs).code_signature().directories[0]
    # llvm-objcopy also rewrites the header and __LINKEDIT; every page whose
    # bytes agree must have the same hash, the spec's pages included.
    compared = 0
    for page in range(min(ours_cd.code_slots, theirs_cd.code_slots)):
        start, stop = ours_cd.page_range(page)
        if ours[start:stop] != theirs[start:stop]:
            if page in pages_of(begin, end):
                raise AssertionError(f"llvm-objcopy wrote different bytes into spec page {page}")
            continue
        expect(ours_cd.slot(page).hex(), theirs_cd.slot(page).hex(), f"hash of page {page}")
        compared += 1
    if compared < len(pages_of(begin, end)):
        raise AssertionError(f"only {compared} pages compared")


def test_spec_decodes_from_launcher(tmp):
    expect(read_spec(finalized(tmp)), EXPECTED_SPEC, "decoded launch spec")


def test_spec_filling_the_capacity(tmp):
    # A spec that reaches into the region's second page.
    big = "x" * 3000
    data = finalized(tmp, args=["/bin/app", big, big[:1000]], options=[])
    expect(read_spec(data), ([(0, "/bin/app"), (0, big), (0, big[:1000])], [], 1), "decoded launch spec")
    expect(macho.bad_pages(data), [], "pages whose hash does not match")


def test_finalizing_is_deterministic(tmp):
    first = finalized(tmp, "one")
    second = finalized(tmp, "two")
    if first != second:
        raise AssertionError("two launchers from the same inputs differ")


def test_verifier_catches_a_tampered_byte(tmp):
    data = finalized(tmp)
    m = macho.MachO(data)
    text = next(s for s in m.segments() if s.name == "__TEXT")
    _, _, _, _, code_offset = next(sect for sect in text.sections if sect[1] == "__text")
    begin, _ = region_range(data)
    for offset in (code_offset + 5, begin + HEADER_SIZE + 1):
        tampered = bytearray(data)
        tampered[offset] ^= 0x40
        expect(macho.bad_pages(bytes(tampered)), [(0, offset // SIGNATURE_PAGE)], f"pages flagged after tampering at {offset}")


def test_verifier_catches_a_hand_patched_spec(tmp):
    # Writing the spec without re-signing, as a naive patcher would.
    patched = patch_spec(template_bytes(), encode_payload([(0, "/bin/true")]))
    begin, _ = region_range(patched)
    expect(macho.bad_pages(patched), [(0, begin // SIGNATURE_PAGE)], "pages flagged")


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
    global T, CPU
    if argv[:1] == ["--list"]:
        print("\n".join(sorted(TESTS)))
        return 0
    CPU = argv[argv.index("--cpu") + 1]
    out = argv[argv.index("--out") + 1]
    rest = [a for i, a in enumerate(argv) if a not in ("--cpu", "--out") and argv[i - 1] not in ("--cpu", "--out")]
    T = Target(f"{CPU}-macos", out)
    return run_suite(TESTS, rest)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
