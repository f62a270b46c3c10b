"""Bad input for a Linux launcher: damaged launch specs, hostile manifests,
targets that cannot run, and process limits. Every failure must be the exact
exit code of SPEC 3.6 with one "runfiles-stub: " message on stderr, nothing on
stdout and no death by signal; every success must pass things on exactly.
test_linux.py covers the ordinary failures; this suite covers the rest.

usage: test_hostile.py --cpu x86_64|aarch64|s390x --out DIR [TEST...]
       test_hostile.py --list"""

import os
import random
import sys

import test_linux as linux
from harness import MAGIC, Target, encode_payload, expect, patch_spec, record, suite_main
from test_linux import PROBE, Tree, env_with, fails, ok

T = None  # the Target under test


def template_bytes():
    with open(T.template, "rb") as f:
        return f.read()


def write_launcher(t, data):
    with open(t.launcher, "wb") as f:
        f.write(data)
    os.chmod(t.launcher, 0o755)


def hand_written(t, payload=None, header=None, magic_byte=None):
    """Writes a launcher whose spec region was written by hand."""
    data = bytearray(patch_spec(template_bytes(), payload, header))
    if magic_byte is not None:
        data[data.index(MAGIC) + magic_byte] ^= 0x20
    write_launcher(t, bytes(data))


def damaged(t, payload=None, header=None, why=""):
    """Expects a hand-written spec to be refused as damaged, saying `why`."""
    hand_written(t, payload, header)
    fails(t.run(["runtime"]), 125, "the launch spec is damaged: " + why)


def raw(kind_byte, data):
    """One payload record with the kind byte as given."""
    return bytes([kind_byte]) + data + b"\0"


GOOD_ARG = record(0, b"/bin/true")


# --- What the launcher reads of its spec, and what it refuses ------------------------

def test_spec_header_fields_the_launcher_does_not_read(tmp):
    """The launcher knows its region by address and its capacity from its own
    build. Magic, version and capacity are the finalizer's: it refuses a
    template whose magic or version is not its own (test_finalizer_hostile.py)
    and never rewrites them, so damage there changes nothing at run time."""
    t = Tree(tmp)
    payload = encode_payload([(0, t.probe)], flags=0)
    runs = [{"magic_byte": at} for at in (0, 7, 15)]
    runs += [{"header": {"version": v}} for v in (0, 1, 3, 0xFFFFFFFF)]
    runs += [{"header": {"capacity": c}} for c in (0, 4, 4097, 0xFFFFFFFF)]
    for damage in runs:
        hand_written(t, payload, **damage)
        expect(ok(t.run(["runtime"])).argv, [t.probe, "runtime"], f"argv with {damage}")


def test_spec_used_beyond_region(tmp):
    t = Tree(tmp)
    for used in (4097, 0x80000000, 0xFFFFFFFF):
        damaged(t, encode_payload([(0, "/bin/true")]), {"used": used},
                why="its length does not fit its payload")


def test_spec_used_cuts_a_record(tmp):
    t = Tree(tmp)
    payload = encode_payload([(0, "/bin/true"), (0, "second")])
    # Cut inside the last record, from right after its kind byte on.
    for used in range(len(payload) - 7, len(payload)):
        damaged(t, payload, {"used": used}, why="its length does not fit its payload")


def test_spec_missing_nul(tmp):
    t = Tree(tmp)
    damaged(t, b"\x01" + b"\x01/bin/true", why="its length does not fit its payload")
    damaged(t, b"\x01", why="its length does not fit its payload")
    damaged(t, b"\x01" + b"\x01" + b"x" * 4094, why="its length does not fit its payload")
    # A NUL inside a string ends it: what follows reads as a record of kind 't'.
    damaged(t, b"\x01" + record(0, b"/bin\0true"), why="unknown record kind")


def test_spec_record_kinds(tmp):
    t = Tree(tmp)
    # Kind bytes 1-7 are kinds 0-6; a NUL kind byte is an empty record.
    for kind_byte in (0, 8, 0x7F, 0x80, 0xFF):
        damaged(t, b"\x01" + GOOD_ARG + raw(kind_byte, b"x"), why="unknown record kind")
        damaged(t, b"\x01" + raw(kind_byte, b"x"), why="unknown record kind")
    damaged(t, b"\x01" + GOOD_ARG + b"\0", why="unknown record kind")


def test_spec_unknown_flag_bits_are_ignored(tmp):
    """Only the finalizer sets flags, and a new flag needs a new format
    version, which it refuses to write into an older template."""
    t = Tree(tmp)
    stale = {"RUNFILES_DIR": "/stale"}
    hand_written(t, bytes([0xFC]) + record(0, t.probe.encode()))
    expect(ok(t.run(env=stale)).env, env_with(**stale), "environment without export")
    hand_written(t, bytes([0xFD]) + record(0, t.probe.encode()))
    expect(ok(t.run(env=stale)).env, env_with(), "environment with export: the stale value removed")


def test_spec_environment_entries_read_by_their_text(tmp):
    """Only the finalizer writes specs, and it puts a '=' in every set entry
    and none in an unset one; the launcher does not check that again. An
    entry reads by its text whatever its kind: with '=' it sets, without it
    removes, so a hand-written one cannot be misread into anything worse."""
    t = Tree(tmp)
    probe = record(0, t.probe.encode())
    hand_written(t, b"\x00" + probe + record(3, b"NOEQUALS") + record(3, b"") + record(6, b"NAME=value")
                 + record(6, b"="))
    r = ok(t.run(env={"NOEQUALS": "x", "KEEP": "k"}))
    expect(r.env, env_with(KEEP="k", NAME="value"))
    # A resolved or launcher-relative entry without '=' is a path: it names no variable there is.
    hand_written(t, b"\x00" + probe + record(5, b"NOEQUALS") + record(5, b""))
    expect(ok(t.run(env={"NOEQUALS": "x"})).env, env_with(NOEQUALS="x"))


def test_spec_arguments_and_environment_interleaved(tmp):
    """Each family keeps its own order, wherever the other's records fall."""
    t = Tree(tmp)
    payload = (b"\x00" + record(3, b"A=1") + record(0, t.probe.encode()) + record(6, b"B") + record(0, b"x")
               + record(3, b"C=3") + record(0, b"y"))
    hand_written(t, payload)
    r = ok(t.run(["runtime"], env={"B": "2"}))
    expect(r.argv, [t.probe, "x", "y", "runtime"])
    expect(r.env, env_with(A="1", C="3"))


def test_spec_no_arguments(tmp):
    t = Tree(tmp)
    damaged(t, b"\x00", why="no arguments")
    damaged(t, b"\x01" + record(3, b"A=1") + record(6, b"B"), why="no arguments")


def test_spec_every_single_byte_flip(tmp):
    """Each byte of a small spec's header and payload flipped in turn: the
    launcher either runs the probe or refuses cleanly, never crashes."""
    t = Tree(tmp)
    payload = encode_payload([(0, t.probe), (0, "arg")], [(3, "A", "1"), (6, "B", "")], flags=0)
    base = patch_spec(template_bytes(), payload)
    at = base.index(MAGIC)
    for i in range(16, 28 + len(payload)):
        data = bytearray(base)
        data[at + i] ^= 0xFF if i >= 28 else 0x01
        write_launcher(t, bytes(data))
        r = t.run()
        if r.code == 0:
            continue
        expect(r.code in (125, 126, 127), True, f"byte {i}: exit code {r.code}, stderr {r.stderr!r}")
        fails(r, r.code)


# --- Hostile manifests -------------------------------------------------------------

def run_with_manifest(t, content, args, marks, runtime=()):
    path = t.write("m/MANIFEST.custom", content)
    t.finalize(args, "--transform", marks)
    return path, t.run(list(runtime), env={"RUNFILES_MANIFEST_FILE": path})


def test_manifest_empty(tmp):
    t = Tree(tmp)
    path, r = run_with_manifest(t, b"", [PROBE], "0")
    fails(r, 125, f"cannot find runfile '{PROBE}'", path)


def test_manifest_binary_garbage(tmp):
    t = Tree(tmp)
    rng = random.Random(7)
    for round_ in range(8):
        garbage = rng.randbytes(64 * 1024)
        path, r = run_with_manifest(t, garbage, [PROBE, "_main/x"], "0,1")
        fails(r, 125, path)
        if "malformed runfiles manifest" not in r.stderr and "cannot find runfile" not in r.stderr:
            raise AssertionError(f"round {round_}: unexpected message {r.stderr!r}")


def test_manifest_garbage_without_newlines(tmp):
    t = Tree(tmp)
    garbage = bytes(b for b in random.Random(8).randbytes(256 * 1024) if b not in b"\n ")
    path, r = run_with_manifest(t, garbage, [PROBE], "0")
    fails(r, 125, f"malformed runfiles manifest {path} line 1: no space between key and value")


def test_manifest_nul_bytes(tmp):
    t = Tree(tmp)
    lines = [b"_main/a\0b /x", b"_main/c /with\0nul", b"_main/n\0\0\0 \0", (PROBE + " " + t.probe).encode(),
             b"_main/z\0 /z"]
    path, r = run_with_manifest(t, b"\n".join(sorted(lines)) + b"\n", [PROBE, "_main/z"], "0,1")
    fails(r, 125, "cannot find runfile '_main/z'", path)
    # Keys with NUL bytes match only themselves; the rest of the file still works.
    t.finalize([PROBE], "--transform", "0")
    ok(t.run(env={"RUNFILES_MANIFEST_FILE": path}))


def test_manifest_one_megabyte_lines(tmp):
    t = Tree(tmp)
    data = t.write("real/data", "")
    long_key = "_main/k" + "k" * (1 << 20)
    lines = [f"{long_key} /long-key", "_main/l " + "/v" * (1 << 19), f"{PROBE} {t.probe}", f"_main/zz {data}"]
    path, r = run_with_manifest(t, "".join(s + "\n" for s in sorted(lines)), [PROBE, "_main/zz"], "0,1")
    expect(ok(r).argv, [t.probe, data])


def test_manifest_one_megabyte_target(tmp):
    t = Tree(tmp)
    target = "/" + "x" * (1 << 20)
    path, r = run_with_manifest(t, f"{PROBE} {target}\n", [PROBE], "0")
    fails(r, 126, "cannot execute /xxxx", "ENAMETOOLONG")


def test_manifest_no_trailing_newline(tmp):
    t = Tree(tmp)
    path, r = run_with_manifest(t, f"_main/a /a\n{PROBE} {t.probe}", [PROBE], "0")
    ok(r)
    path, r = run_with_manifest(t, f"{PROBE} {t.probe}\n_main/z /z\nno-space-at-end", [PROBE, "_main/q"], "0,1")
    fails(r, 125, f"malformed runfiles manifest {path} line 3: no space")


def test_manifest_crlf_unsorted(tmp):
    t = Tree(tmp)
    data = t.write("real/data", "")
    content = f"_main/z {data}\r\n _main/a\\sb /spaced\r\n{PROBE} {t.probe}\r\n_main/dir {tmp}/real\r\n"
    path, r = run_with_manifest(t, content, [PROBE, "_main/z", "_main/a b", "_main/dir/sub/f"], "0,1,2,3")
    expect(ok(r).argv, [t.probe, data, "/spaced", f"{tmp}/real/sub/f"])


def test_manifest_cr_only_line_is_malformed(tmp):
    t = Tree(tmp)
    path, r = run_with_manifest(t, f"{PROBE} {t.probe}\r\n\r\n_main/z /z\r\n", [PROBE, "_main/q"], "0,1")
    fails(r, 125, f"malformed runfiles manifest {path} line 2")


def test_manifest_only_escaped_lines(tmp):
    t = Tree(tmp)
    spaced = t.write("real/a b", "")
    entries = [(PROBE, t.probe), ("_main/a b", spaced), ("_main/new\nline", "/nl"), ("_main/back\\slash", "/bs")]
    lines = []
    for key, value in entries:
        k = key.replace("\\", "\\b").replace(" ", "\\s").replace("\n", "\\n")
        v = value.replace("\\", "\\b").replace("\n", "\\n")
        lines.append(f" {k} {v}")
    content = "".join(s + "\n" for s in sorted(lines))
    path, r = run_with_manifest(t, content, [PROBE, "_main/a b", "_main/new\nline", "_main/back\\slash"], "0,1,2,3")
    expect(ok(r).argv, [t.probe, spaced, "/nl", "/bs"])


def test_manifest_bad_escapes(tmp):
    t = Tree(tmp)
    cases = [
        (" _main/a /x\\s\n", "unknown escape"),       # \s only means a space in keys
        (" _main/a /x\\\n", "unknown escape"),        # a backslash ending the line
        (" _main/a\\ /x\n", "line 1"),                          # a backslash ending the key
        (" _main/a\\t /x\n", "line 1"),
    ]
    for content, why in cases:
        path, r = run_with_manifest(t, content, ["_main/a"], "0")
        fails(r, 125, f"malformed runfiles manifest {path} line 1", why)


def test_manifest_bad_escape_found_by_linear_pass(tmp):
    t = Tree(tmp)
    content = f"{PROBE} {t.probe}\n _zzz\\q /x\n"
    path, r = run_with_manifest(t, content, [PROBE, "_main/absent"], "0,1")
    fails(r, 125, f"malformed runfiles manifest {path} line 2", "unknown escape")


def test_manifest_malformed_line_number_far_in(tmp):
    t = Tree(tmp)
    lines = [f"_main/f{i:06d} /f{i}" for i in range(100000)]
    lines[76543] = "_main/f076543-without-space"
    path, r = run_with_manifest(t, "".join(s + "\n" for s in lines), [PROBE], "0")
    fails(r, 125, f"malformed runfiles manifest {path} line 76544: no space")


def big_manifest(t, sort):
    """About 20 MB: far more than the 8 MiB arena, the wanted keys near the end."""
    data = t.write("real/data", "")
    entries = [f"_main/pkg{i // 1000:04d}/file{i:07d}.txt /data/{i:07d}" for i in range(480000)]
    entries += [f"_main/zzz/data {data}", f"{PROBE} {t.probe}", f"_main/zzz/dir {t.real}"]
    if sort:
        entries.sort(key=str.encode)
    path = t.write("m/big", "".join(s + "\n" for s in entries))
    expect(os.path.getsize(path) > 20_000_000, True, "manifest size")
    return path, data


def test_manifest_larger_than_arena_sorted(tmp):
    t = Tree(tmp)
    path, data = big_manifest(t, sort=True)
    t.finalize([PROBE, "_main/zzz/data", "_main/pkg0299/file0299999.txt", "_main/zzz/dir/probe"],
               "--transform", "0,1,2,3")
    r = ok(t.run(env={"RUNFILES_MANIFEST_FILE": path}))
    expect(r.argv, [t.probe, data, "/data/0299999", t.probe])


def test_manifest_larger_than_arena_unsorted(tmp):
    t = Tree(tmp)
    path, data = big_manifest(t, sort=False)
    t.finalize([PROBE, "_main/zzz/data", "_main/pkg0150/file0150000.txt"], "--transform", "0,1,2")
    r = ok(t.run(env={"RUNFILES_MANIFEST_FILE": path}))
    expect(r.argv, [t.probe, data, "/data/0150000"])
    t.finalize([PROBE, "_main/absent"], "--transform", "0,1")
    fails(t.run(env={"RUNFILES_MANIFEST_FILE": path}), 125, "cannot find runfile '_main/absent'", path)


def test_manifest_self_loop(tmp):
    t = Tree(tmp)
    path, r = run_with_manifest(t, "_main/a a\n", ["_main/a"], "0")
    fails(r, 125, "runfile '_main/a' loops through more than 32 relative manifest entries in", path)


def test_manifest_loop_through_directory_prefix(tmp):
    t = Tree(tmp)
    path, r = run_with_manifest(t, "_main/d e\n_main/e d\n", ["_main/d/file"], "0")
    fails(r, 125, "runfile '_main/d/file' loops through more than 32", path)


def test_manifest_relative_target_leaves_root_after_hops(tmp):
    t = Tree(tmp)
    content = "_main/a/b/c ../d\n_main/a/d ../../../outside\n"
    path, r = run_with_manifest(t, content, ["_main/a/b/c"], "0")
    fails(r, 125, "runfile '_main/a/b/c'", "'../../../outside' leaves the runfiles root")


# --- Targets that cannot run ---------------------------------------------------------

def test_target_dangling_symlink(tmp):
    t = Tree(tmp)
    link = os.path.join(t.real, "dangling")
    os.symlink(tmp + "/nowhere", link)
    t.finalize([link], "--export-runfiles-env=false")
    fails(t.run(), 127, f"cannot execute {link}: ENOENT")


def test_target_through_a_file(tmp):
    t = Tree(tmp)
    plain = t.write("real/plain", "x", mode=0o755)
    t.finalize([plain + "/sub"], "--export-runfiles-env=false")
    fails(t.run(), 126, f"cannot execute {plain}/sub: ENOTDIR")


def test_target_empty_file(tmp):
    t = Tree(tmp)
    empty = t.write("real/empty", "", mode=0o755)
    t.finalize([empty], "--export-runfiles-env=false")
    fails(t.run(), 126, f"cannot execute {empty}: ENOEXEC")


def test_target_symlink_loop(tmp):
    t = Tree(tmp)
    a, b = os.path.join(t.real, "a"), os.path.join(t.real, "b")
    os.symlink(b, a)
    os.symlink(a, b)
    t.finalize([a], "--export-runfiles-env=false")
    fails(t.run(), 126, f"cannot execute {a}: ELOOP")


def test_target_from_manifest_is_directory(tmp):
    t = Tree(tmp)
    path, r = run_with_manifest(t, f"{PROBE} {t.real}\n", [PROBE], "0")
    fails(r, 126, f"cannot execute {t.real}: EACCES")


# --- Process limits ----------------------------------------------------------------

def test_runtime_args_near_the_limit(tmp):
    t = Tree(tmp)
    t.finalize([t.probe, "embedded"], "--export-runfiles-env=false")
    longest = "L" * (128 * 1024 - 1)  # the kernel's limit for one string, NUL included
    args = [longest] + [f"{i:05d}" + "a" * (32 * 1024) for i in range(42)]
    expect(sum(len(a) + 1 for a in args) > 1_500_000, True, "total size")
    r = ok(t.run(args))
    expect(r.argv == [t.probe, "embedded"] + args, True, "argv passed through exactly")


def test_many_small_runtime_args(tmp):
    t = Tree(tmp)
    t.finalize([t.probe], "--export-runfiles-env=false")
    args = [str(i) for i in range(100000)] + [""] * 1000
    r = ok(t.run(args))
    expect(r.argv == [t.probe] + args, True, "argv passed through exactly")


def test_twenty_thousand_environment_variables(tmp):
    t = Tree(tmp)
    m = t.manifest("m/custom", [(PROBE, t.probe)])
    t.finalize([PROBE], "--transform", "0", "--env", "VAR_00777=replaced", "--unset-env", "VAR_01234",
               "--env", "ADDED=1")
    env = {f"VAR_{i:05d}": f"value {i}" for i in range(20000)}
    env["RUNFILES_DIR"] = "/stale"
    env["RUNFILES_MANIFEST_FILE"] = m
    r = ok(t.run(env=env))
    wanted = env_with(**env)
    wanted.update(VAR_00777="replaced", ADDED="1")
    del wanted["VAR_01234"]
    del wanted["RUNFILES_DIR"]
    expect(r.env == wanted, True, "environment passed through exactly")
    expect(len(r.env_list), len(wanted), "no variable twice")


def test_arena_exhausted(tmp):
    """Twelve arguments resolve to 1 MB targets: 12 MB of paths cannot fit the
    8 MiB arena, whatever the resolver copies."""
    t = Tree(tmp)
    entries = [(PROBE, t.probe)] + [(f"_main/big{i:02d}", f"/{i:02d}" + "y" * (1 << 20)) for i in range(12)]
    m = t.manifest("m/custom", entries)
    t.finalize([PROBE] + [f"_main/big{i:02d}" for i in range(12)], "--transform", ",".join(map(str, range(13))))
    fails(t.run(env={"RUNFILES_MANIFEST_FILE": m}), 125, "out of memory", "8 MiB arena")


TESTS = {name[5:]: fn for name, fn in globals().items() if name.startswith("test_")}


def main(argv):
    def start(values):
        global T
        cpu = values["--cpu"]
        T = linux.T = Target(f"{cpu}-linux", values["--out"], [] if cpu == "x86_64" else [f"qemu-{cpu}"])

    return suite_main(argv, TESTS, ("--cpu", "--out"), start)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
