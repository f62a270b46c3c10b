"""Structural checks of a Windows template, for the CPU that cannot run here
(aarch64) and the one that can (x86_64): what llvm-readobj-19 reads from the
file, and that the finalizer accepts it.

usage: test_windows_pe.py --cpu x86_64|aarch64 --out DIR [TEST...]
       test_windows_pe.py --list"""

import os
import re
import subprocess
import sys

from harness import HEADER_SIZE, MAGIC, Target, expect, run_suite

T = None  # the Target under test
CPU = None
MACHINES = {"x86_64": "IMAGE_FILE_MACHINE_AMD64", "aarch64": "IMAGE_FILE_MACHINE_ARM64"}
KERNEL32_DEF = os.path.join(os.path.dirname(__file__), "../../arch/windows/kernel32.def")


def readobj(*options, path=None):
    return subprocess.run(["llvm-readobj-19", *options, path or T.template], capture_output=True, text=True,
                          check=True).stdout


def header(name, text):
    m = re.search(rf"^\s*{name}: (.*)$", text, re.M)
    if not m:
        raise AssertionError(f"no {name} in llvm-readobj output")
    return m.group(1)


def sections_with_file_content():
    """(name, virtual address, virtual size, characteristics, file offset, file size) per section."""
    text = readobj("--sections")
    found = re.findall(r"Name: (\S+).*?VirtualSize: (0x[0-9A-F]+)\s+VirtualAddress: (0x[0-9A-F]+)\s+"
                       r"RawDataSize: (\d+)\s+PointerToRawData: (0x[0-9A-F]+).*?"
                       r"Characteristics \[ \((0x[0-9A-F]+)\)", text, re.S)
    return [(name, int(addr, 16), int(size, 16), int(flags, 16), int(pointer, 16), int(raw))
            for name, size, addr, raw, pointer, flags in found]


def sections():
    """(name, virtual address, virtual size, characteristics) per section."""
    return [s[:4] for s in sections_with_file_content()]


def test_machine(tmp):
    expect(header("Machine", readobj("--file-headers")).split()[0], MACHINES[CPU])


def test_console_subsystem(tmp):
    expect(header("Subsystem", readobj("--file-headers")), "IMAGE_SUBSYSTEM_WINDOWS_CUI (0x3)")


def test_imports_kernel32_only(tmp):
    text = readobj("--coff-imports")
    expect(re.findall(r"^\s*Name: (\S+)", text, re.M), ["kernel32.dll"], "imported DLLs")
    with open(KERNEL32_DEF) as f:
        declared = {line.strip() for line in f if line.strip() and not line.startswith((";", "LIBRARY", "EXPORTS"))}
    imported = set(re.findall(r"^\s*Symbol: (\S+)", text, re.M))
    expect(imported - declared, set(), "functions imported beyond kernel32.def")
    expect(len(imported) > 0, True, "imports found")


def test_no_timestamp(tmp):
    expect(header("TimeDateStamp", readobj("--file-headers")).split("(")[-1], "0x0)", "a reproducible build")


def test_entry_point_in_code(tmp):
    entry = int(header("AddressOfEntryPoint", readobj("--file-headers")), 16)
    code = 0x20000000  # IMAGE_SCN_MEM_EXECUTE
    inside = [name for name, addr, size, flags in sections() if flags & code and addr <= entry < addr + size]
    expect(len(inside), 1, f"entry point 0x{entry:x} in an executable section")


def test_no_writable_code(tmp):
    writable_code = [name for name, _, _, flags in sections() if flags & 0x20000000 and flags & 0x80000000]
    expect(writable_code, [], "sections both writable and executable")


def test_spec_region_read_only(tmp):
    with open(T.template, "rb") as f:
        region = f.read().index(MAGIC)
    holding = [(name, flags) for name, _, _, flags, pointer, raw in sections_with_file_content()
               if pointer <= region < pointer + raw]
    expect(len(holding), 1, "sections holding the spec region")
    expect(holding[0][1] & 0x80000000, 0, f"{holding[0][0]} (holding the spec region) writable")


def test_payload_not_in_file(tmp):
    with open(T.template, "rb") as f:
        data = f.read()
    expect(data.count(MAGIC), 1, "spec magic in the template")
    after_header = len(data) - data.index(MAGIC) - HEADER_SIZE
    expect(after_header < 4096, True, f"{after_header} bytes after the spec header: the payload is in the file")


def test_finalizes(tmp):
    out = os.path.join(tmp, "launcher.exe")
    # Long enough that the section holding the spec has to grow.
    args = ["_main/tools/app.exe", "--flag"] + [f"argument {i} " + "x" * 40 for i in range(40)]
    T.finalize(out, args, "--transform", "0")
    with open(out, "rb") as f:
        data = f.read()
    expect(data.count(MAGIC), 1, "spec magic in the launcher")
    for a in args:
        expect(a.encode() + b"\0" in data, True, f"embedded argument {a!r} in the launcher")
    expect(header("Machine", readobj("--file-headers", path=out)).split()[0], MACHINES[CPU])
    # Whatever moved to make room is intact.
    for option in ("--coff-imports", "--coff-basereloc"):
        expect(readobj(option, path=out).split("\n")[2:], readobj(option).split("\n")[2:], option)


TESTS = {name[5:]: fn for name, fn in globals().items() if name.startswith("test_")}


def main(argv):
    global T, CPU
    if argv[:1] == ["--list"]:
        print("\n".join(sorted(TESTS)))
        return 0
    CPU = argv[argv.index("--cpu") + 1]
    out = argv[argv.index("--out") + 1]
    rest = [a for i, a in enumerate(argv) if a not in ("--cpu", "--out") and argv[i - 1] not in ("--cpu", "--out")]
    T = Target(f"{CPU}-windows.exe", out)
    return run_suite(TESTS, rest)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
