"""Shared machinery for the integration tests: finalizing templates, running
launchers (natively or under an emulator), and reading the probe's report.

The spec encoder here is written independently of finalizer/spec_encoder.cpp,
so tests that patch a template by hand also check the format itself."""

import os
import shutil
import struct
import subprocess
import sys
import tempfile
import traceback

MAGIC = b"\x89RFSTUB-SPEC\r\n\x1a\x00"
VERSION = 2
HEADER_SIZE = 28


def record(kind, data):
    """One payload record: the kind byte (kind + 1, never a NUL), the bytes, a NUL."""
    return bytes([kind + 1]) + data + b"\0"


def encode_payload(args, env=(), flags=1):
    """args: [(kind, value)], kind 0 literal, 1 runfile, 2 origin.
    env: [(kind, name, value)], kind 3 set, 4 runfile, 5 origin, 6 unset."""
    out = bytes([flags])
    for kind, value in args:
        out += record(kind, value.encode())
    for kind, name, value in env:
        out += record(kind, (name if kind == 6 else f"{name}={value}").encode())
    return out


def decode_payload(payload):
    """The inverse of encode_payload: (args, env, flags)."""
    if payload[-1:] != b"\0":
        raise AssertionError("the payload does not end in a NUL")
    args, env = [], []
    for rec in payload[1:-1].split(b"\0"):
        if not rec or not 1 <= rec[0] <= 7:
            raise AssertionError(f"record {rec!r} has no known kind")
        kind, text = rec[0] - 1, rec[1:].decode()
        if kind <= 2:
            args.append((kind, text))
        elif kind == 6:
            env.append((kind, text, ""))
        else:
            name, value = text.split("=", 1)
            env.append((kind, name, value))
    return args, env, payload[0]


def read_spec(file_bytes):
    """The launch spec a finalized file carries: (args, env, flags)."""
    at = file_bytes.index(MAGIC)
    _version, _capacity, used = struct.unpack_from("<III", file_bytes, at + 16)
    return decode_payload(file_bytes[at + HEADER_SIZE: at + HEADER_SIZE + used])


def grow_elf_last_segment(data, grow):
    """Grows the file size of the PT_LOAD whose content ends the file."""
    endian = "<" if data[5] == 1 else ">"
    phoff, = struct.unpack_from(endian + "Q", data, 32)
    phnum, = struct.unpack_from(endian + "H", data, 56)
    for i in range(phnum):
        ph = phoff + 56 * i
        p_type, = struct.unpack_from(endian + "I", data, ph)
        offset, = struct.unpack_from(endian + "Q", data, ph + 8)
        filesz, = struct.unpack_from(endian + "Q", data, ph + 32)
        if p_type == 1 and offset + filesz == len(data):
            struct.pack_into(endian + "Q", data, ph + 32, filesz + grow)
            return
    raise AssertionError("no loadable segment ends the file")


def patch_spec(template_bytes, payload=None, header=None):
    """A copy of the template with the payload (and optionally raw header
    fields: dict of version/capacity/used) written into its spec region. A
    packed ELF template, whose payload is not in the file, is extended."""
    data = bytearray(template_bytes)
    at = data.index(MAGIC)
    version, capacity, used = struct.unpack_from("<III", data, at + 16)
    if payload is not None:
        assert len(payload) <= capacity
        start = at + HEADER_SIZE
        if len(data) - start < capacity:
            assert len(data) == start, "a packed template ends with its spec header"
            grow_elf_last_segment(data, len(payload))
            data += payload
        else:
            data[start: start + len(payload)] = payload
        used = len(payload)
    fields = {"version": version, "capacity": capacity, "used": used}
    fields.update(header or {})
    struct.pack_into("<III", data, at + 16, fields["version"], fields["capacity"], fields["used"])
    return bytes(data)


def write_file(root, rel, data, mode=None):
    """Writes text or bytes to root/rel, making its directories."""
    path = os.path.join(root, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w" if isinstance(data, str) else "wb") as f:
        f.write(data)
    if mode is not None:
        os.chmod(path, mode)
    return path


def manifest_text(entries, sort=True):
    """A runfiles manifest, sorted by key bytes as Bazel writes it."""
    lines = [f"{k} {v}" for k, v in entries]
    if sort:
        lines.sort(key=lambda s: s.encode())
    return "".join(line + "\n" for line in lines)


class Result:
    def __init__(self, proc):
        self.code = proc.returncode
        self.stdout = proc.stdout
        self.stderr = proc.stderr.decode(errors="replace")
        self.argv, self.env, self.cwd = None, None, None
        if self.stdout:
            self.argv, env = [], []
            for rec in self.stdout.split(b"\0")[:-1]:
                tag, text = rec[:1], rec[1:].decode(errors="surrogateescape")
                if tag == b"A":
                    self.argv.append(text)
                elif tag == b"E":
                    env.append(text)
                elif tag == b"C":
                    self.cwd = text
            self.env_list = env
            self.env = dict(e.split("=", 1) for e in env)

    def __repr__(self):
        return f"Result(code={self.code}, argv={self.argv}, stderr={self.stderr!r})"


class Target:
    """One template and how to run what is built from it."""

    def __init__(self, name, out_dir, runner=()):
        self.name = name
        self.out = os.path.abspath(out_dir)
        self.template = os.path.join(self.out, f"runfiles-stub-{name}")
        self.finalizer = os.path.join(self.out, "finalize-stub")
        # Resolved now: the launcher's own PATH is part of what tests control.
        self.runner = [shutil.which(r) or r for r in runner]

    def finalize(self, output, args, *options, check=True):
        cmd = [self.finalizer, "--template", self.template, "-o", output, *options, "--", *args]
        proc = subprocess.run(cmd, capture_output=True)
        if check and proc.returncode != 0:
            raise AssertionError(f"finalize-stub failed: {proc.stderr.decode()}")
        return proc

    def run(self, launcher, args=(), env=None, cwd=None, timeout=60):
        proc = subprocess.run(self.runner + [launcher, *args], env=env if env is not None else {},
                              cwd=cwd, capture_output=True, timeout=timeout)
        return Result(proc)


def expect(actual, wanted, what=""):
    if actual != wanted:
        raise AssertionError(f"{what}\n  expected: {wanted!r}\n  actual:   {actual!r}")


def suite_main(argv, tests, options, start):
    """A suite's command line: `--list` prints the test names; otherwise each of
    `options` (like "--out") takes a value, start() gets them as a dict, and the
    remaining arguments name the tests to run (all when none)."""
    if argv[:1] == ["--list"]:
        print("\n".join(sorted(tests)))
        return 0
    values, rest, i = {}, [], 0
    while i < len(argv):
        if argv[i] in options:
            values[argv[i]] = argv[i + 1]
            i += 2
        else:
            rest.append(argv[i])
            i += 1
    start(values)
    return run_suite(tests, rest)


def run_suite(tests, argv):
    """Runs the named test functions (all when none are named): each gets a
    fresh temporary directory. Prints one line per test and a summary."""
    names = argv or sorted(tests)
    unknown = [n for n in names if n not in tests]
    if unknown:
        print(f"unknown tests: {unknown}")
        return 2
    passed = failed = 0
    for name in names:
        tmp = tempfile.mkdtemp(prefix="rfstub-")
        try:
            tests[name](tmp)
            passed += 1
            print(f"PASS {name}")
        except Exception:
            failed += 1
            print(f"FAIL {name}")
            traceback.print_exc(file=sys.stdout)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0
