"""Writes the fuzz targets' seed corpora: small valid inputs that reach deep
into each reader, so fuzzing starts from real structure. The template
fuzzer also gets the real templates, copied in by the Makefile.

usage: seeds.py DIR    (writes DIR/manifest, DIR/launch_spec, DIR/template)"""

import os
import struct
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "integration"))
from harness import MAGIC, VERSION, encode_payload  # noqa: E402


def provider_string(s):
    """A string as FuzzedDataProvider::ConsumeRandomLengthString reads it."""
    return s.replace(b"\\", b"\\\\") + b"\\x"


def manifest_input(paths, mapping, manifest):
    """Query paths, a repository mapping and the manifest, in the layout that
    manifest_fuzzer.cpp consumes: strings from the front, the count last."""
    return b"".join(provider_string(p) for p in paths) + provider_string(mapping) + manifest + bytes([len(paths) - 1])


MANIFESTS = {
    "sorted": manifest_input([b"_main/b", b"_main/zz"], b"",
                             b"_main/a /abs/a\n_main/b /abs/b\n_main/c /abs/c\n_main/zz /abs/zz\n"),
    "unsorted_dir_prefix": manifest_input([b"_main/tree/sub/f", b"_main/x"], b"",
                                          b"_main/x /x\n_main/tree /t\n_main/tree/sub /ts\n_main/a /a\n"),
    "escaped": manifest_input([b"_main/a b", b"_main/back\\slash", b"_main/n\nl"], b"",
                              b" _main/a\\sb /with\\bspace\n _main/back\\bslash /b\n _main/n\\nl /nl\n"),
    "crlf_no_final_newline": manifest_input([b"_main/a", b"_main/z"], b"", b"_main/a /a\r\n_main/z /z"),
    "relative_targets": manifest_input([b"_main/bin/tool", b"_main/loop"], b"",
                                       b"_main/bin/tool ../lib/tool\n_main/lib/tool impl\n_main/lib/impl /real\n"
                                       b"_main/loop loop\n"),
    "repo_mapping": manifest_input([b"my_ws/tools/x", b"dep/data"], b",my_ws,_main\n,dep,dep+\nother,a,b\n*,t,t+\n",
                                   b"_main/tools/x /x\ndep+/data /d\n"),
    "malformed": manifest_input([b"_main/q"], b"bad line\n", b"_main/a /a\nno-space\n _main/b\\q /b\n"),
    "empty_value": manifest_input([b"_main/__init__.py"], b"", b"_main/__init__.py \n"),
}


def spec_region(payload, capacity=None):
    """The region after the magic, as launch_spec_fuzzer.cpp takes it."""
    capacity = len(payload) if capacity is None else capacity
    return struct.pack("<III", VERSION, capacity, len(payload)) + payload.ljust(capacity, b"\0")


SPECS = {
    "one_argument": spec_region(encode_payload([(0, "/bin/true")])),
    "every_kind": spec_region(encode_payload([(0, "prog"), (1, "_main/data"), (2, "../lib/x")],
                                             [(3, "A", "1"), (4, "B", "_main/b"), (5, "C", "c"), (6, "D", "")], flags=3)),
    "spare_capacity": spec_region(encode_payload([(1, "_main/tools/app"), (0, "")]), capacity=64),
    "unfinalized": spec_region(b"", capacity=32),
}


def packed_elf(big_endian=False, capacity=64):
    """A minimal packed 64-bit ELF template: header, one PT_LOAD, the spec
    region header ending the file, the payload in memory only."""
    e = ">" if big_endian else "<"
    region_at = 64 + 56
    end = region_at + 28
    header = b"\x7fELF" + bytes([2, 2 if big_endian else 1, 1]) + b"\0" * 9
    header += struct.pack(e + "HHIQQQIHHHHHH", 2, 62, 1, 0x400000, 64, 0, 0, 64, 56, 1, 64, 0, 0)
    phdr = struct.pack(e + "IIQQQQQQ", 1, 6, 0, 0x400000, 0x400000, end, end + capacity, 4096)
    region = MAGIC + struct.pack("<III", VERSION, capacity, 0)
    return header + phdr + region


def pe(capacity=64):
    """A minimal PE with one section holding an empty spec region."""
    data = bytearray(0x400)
    data[0:2] = b"MZ"
    struct.pack_into("<I", data, 0x3C, 0x40)
    data[0x40:0x44] = b"PE\0\0"
    struct.pack_into("<HH", data, 0x44, 0x8664, 1)
    struct.pack_into("<II", data, 0x58 + 16, 0x200, 0x200)
    data[0x200:0x210] = MAGIC
    struct.pack_into("<III", data, 0x210, VERSION, capacity, 0)
    return bytes(data)


TEMPLATES = {"packed_elf_le": packed_elf(), "packed_elf_be": packed_elf(big_endian=True), "pe": pe()}


def main(out):
    for corpus, seeds in (("manifest", MANIFESTS), ("launch_spec", SPECS), ("template", TEMPLATES)):
        os.makedirs(os.path.join(out, corpus), exist_ok=True)
        for name, data in seeds.items():
            with open(os.path.join(out, corpus, name), "wb") as f:
                f.write(data)


if __name__ == "__main__":
    main(sys.argv[1])
