"""Bad input for finalize-stub, on every template that is built: damaged and
foreign templates, specs that do not fit, and output paths it must refuse.
Every refusal exits 1 (2 for usage errors) with a message, and leaves the
template, any existing output and the output directory exactly as they were:
no launcher, no temporary file.

usage: test_finalizer_hostile.py --out DIR [TEST...]
       test_finalizer_hostile.py --list"""

import glob
import os
import shutil
import subprocess
import sys

from harness import MAGIC, VERSION, encode_payload, expect, patch_spec, suite_main

OUT = None
OLD_OUTPUT = b"an existing launcher that a failed run must not touch\n"


def finalizer():
    return os.path.join(OUT, "finalize-stub")


def templates():
    """Every template built into OUT, as (name, bytes)."""
    found = []
    for path in sorted(glob.glob(os.path.join(OUT, "runfiles-stub-*"))):
        with open(path, "rb") as f:
            found.append((os.path.basename(path), f.read()))
    expect(len(found) >= 3, True, "templates found")
    return found


class Workspace:
    """A template at <tmp>/in/template and an existing output at
    <tmp>/out/launcher; checks that a refused run changed neither."""

    def __init__(self, tmp, template_bytes):
        self.tmp = tmp
        self.in_dir = os.path.join(tmp, "in")
        self.out_dir = os.path.join(tmp, "out")
        os.makedirs(self.in_dir, exist_ok=True)
        os.makedirs(self.out_dir, exist_ok=True)
        self.template = os.path.join(self.in_dir, "template")
        self.output = os.path.join(self.out_dir, "launcher")
        self.put(self.template, template_bytes)
        self.put(self.output, OLD_OUTPUT)

    @staticmethod
    def put(path, data):
        with open(path, "wb") as f:
            f.write(data)

    def snapshot(self):
        state = {}
        for root, dirs, files in os.walk(self.tmp):
            for name in dirs + files:
                path = os.path.join(root, name)
                if os.path.islink(path):
                    state[path] = ("link", os.readlink(path))
                elif os.path.isdir(path):
                    state[path] = ("dir",)
                else:
                    with open(path, "rb") as f:
                        state[path] = ("file", f.read(), os.stat(path).st_mode)
        return state

    def refuses(self, args, code, *fragments):
        """Runs finalize-stub with `args`; expects exit `code`, a message
        holding every fragment, and no change to any file under tmp."""
        before = self.snapshot()
        proc = subprocess.run([finalizer(), *args], capture_output=True)
        stderr = proc.stderr.decode(errors="replace")
        expect(proc.returncode, code, f"exit code of {args} (stderr: {stderr!r})")
        expect(proc.stdout, b"", "nothing on stdout")
        expect(stderr.startswith("finalize-stub: "), True, f"message prefix: {stderr!r}")
        for f in fragments:
            if f not in stderr:
                raise AssertionError(f"{f!r} not in stderr {stderr!r}")
        after = self.snapshot()
        if before != after:
            changed = sorted(set(before.items()) ^ set(after.items()))
            raise AssertionError(f"files changed by a refused run: {[c[0] for c in changed]}")
        return stderr

    def refuses_template(self, data, *fragments):
        self.put(self.template, data)
        return self.refuses(["--template", self.template, "-o", self.output, "--", "/bin/true"], 1, *fragments)


def spec_header_offset(data):
    return data.index(MAGIC)


# --- Damaged and foreign templates ---------------------------------------------------

def test_truncated_every_kib(tmp):
    for name, data in templates():
        w = Workspace(os.path.join(tmp, name), data)
        at = spec_header_offset(data)
        cuts = set(range(0, len(data), 1024))
        cuts |= {at - 1, at, at + 1, at + 15, at + 16, at + 20, at + 24, at + 27, at + 28, len(data) - 1}
        for cut in sorted(c for c in cuts if 0 <= c < len(data)):
            try:
                w.refuses_template(data[:cut], f"{w.template}: ")
            except AssertionError as e:
                raise AssertionError(f"{name} cut at {cut} of {len(data)} bytes: {e}") from None


def test_unknown_format(tmp):
    for name, data in templates():
        w = Workspace(os.path.join(tmp, name), data)
        at = spec_header_offset(data)
        for foreign in (b"#!/bin/sh\n" + data[at:], b"\0" * 64 + data[at:], data[at:at + 28] + b"\0" * 4096):
            w.refuses_template(foreign, "not an executable this finalizer knows (ELF, Mach-O or PE)")
        w.refuses_template(b"", "not an executable this finalizer knows")
        # The right first bytes, but nothing else.
        w.refuses_template(data[:4] + b"\xff" * 60, f"{w.template}: ")


def test_magic_twice(tmp):
    for name, data in templates():
        w = Workspace(os.path.join(tmp, name), data)
        at = spec_header_offset(data)
        w.refuses_template(data + MAGIC, "the launch spec magic occurs 2 times")
        w.refuses_template(data[:64] + MAGIC + data[64 + 16:], "occurs 2 times")
        w.refuses_template(data[:at] + b"\0" * 16 + data[at + 16:], "no launch spec region found")


def test_unknown_spec_version(tmp):
    """The finalizer is the only guard: a launcher reads its payload without
    looking at the version (test_hostile.py), so a template of another format
    version, older ones included, must never be finalized."""
    for name, data in templates():
        w = Workspace(os.path.join(tmp, name), data)
        for version in (0, 1, 3, 0xFFFFFFFF):
            w.refuses_template(patch_spec(data, header={"version": version}),
                               f"launch spec version is {version}; this finalizer writes version {VERSION}")


def test_already_finalized_launcher(tmp):
    for name, data in templates():
        w = Workspace(os.path.join(tmp, name), data)
        first = os.path.join(tmp, name + ".first")
        proc = subprocess.run([finalizer(), "--template", w.template, "-o", first, "--", "/bin/true"],
                              capture_output=True)
        expect(proc.returncode, 0, proc.stderr)
        with open(first, "rb") as f:
            launcher = f.read()
        os.remove(first)
        w.refuses_template(launcher, "already a finalized launcher")


def test_spec_too_large(tmp):
    for name, data in templates():
        w = Workspace(os.path.join(tmp, name), data)
        # One argument: flags, kind, bytes, NUL.
        for size, needed in ((4094, 4097), (5000, 5003), (100000, 100003)):
            expect(len(encode_payload([(0, "x" * size)])), needed, "payload size")
            w.refuses(["--template", w.template, "-o", w.output, "--", "x" * size], 1,
                      f"the launch spec needs {needed} bytes but the template has room for 4096")
        many = [f"arg{i}" for i in range(1000)]
        w.refuses(["--template", w.template, "-o", w.output, "--", *many], 1, "but the template has room for 4096")
        # The largest spec that fits.
        proc = subprocess.run([finalizer(), "--template", w.template, "-o", w.output, "--", "x" * 4093],
                              capture_output=True)
        expect(proc.returncode, 0, proc.stderr)


# --- Output paths it must refuse ------------------------------------------------------

def test_output_is_the_template(tmp):
    for name, data in templates():
        w = Workspace(os.path.join(tmp, name), data)
        link = os.path.join(w.out_dir, "link-to-template")
        os.symlink(w.template, link)
        hard = os.path.join(w.out_dir, "hard-link")
        os.link(w.template, hard)
        spellings = [w.template, os.path.join(w.in_dir, ".", "template"), os.path.join(w.out_dir, "..", "in", "template"),
                     link, hard, os.path.relpath(w.template)]
        for output in spellings:
            w.refuses(["--template", w.template, "-o", output, "--", "/bin/true"], 1,
                      f"output {output} is the template itself")
        # And the template given through the link.
        w.refuses(["--template", link, "-o", w.template, "--", "/bin/true"], 1, "is the template itself")


def test_output_is_a_directory(tmp):
    for name, data in templates():
        w = Workspace(os.path.join(tmp, name), data)
        for output in (w.out_dir, w.out_dir + "/", w.tmp, "/"):
            w.refuses(["--template", w.template, "-o", output, "--", "/bin/true"], 1, f"output {output} is a directory")


def test_output_directory_missing(tmp):
    for name, data in templates():
        w = Workspace(os.path.join(tmp, name), data)
        missing = os.path.join(w.tmp, "no", "such", "dir", "launcher")
        w.refuses(["--template", w.template, "-o", missing, "--", "/bin/true"], 1,
                  f"cannot create {missing}.tmp-", "ENOENT")
        through_file = os.path.join(w.output, "launcher")
        w.refuses(["--template", w.template, "-o", through_file, "--", "/bin/true"], 1, "ENOTDIR")


def test_template_unreadable(tmp):
    w = Workspace(tmp, b"")
    for template, why in ((os.path.join(tmp, "missing"), "ENOENT"), (w.in_dir, "EISDIR"),
                          ("/dev/null", "not an executable this finalizer knows")):
        w.refuses(["--template", template, "-o", w.output, "--", "/bin/true"], 1, template, why)


def test_usage_errors(tmp):
    name, data = templates()[0]
    w = Workspace(tmp, data)
    t, o = w.template, w.output
    cases = [
        ([], "--template is required"),
        (["-o", o, "--", "/bin/true"], "--template is required"),
        (["--template", t, "-o", o], "no program given"),
        (["--template", t, "-o", o, "--"], "no program given"),
        (["--template", t, "-o", o, "--transform", "1", "--", "/bin/true"], "argument 1 is marked"),
        (["--template", t, "-o", o, "--transform", "x", "--", "/bin/true"], "'x' is not an argument number"),
        (["--template", t, "-o", o, "--transform", "99999999999999999999", "--", "a"], "is not an argument number"),
        (["--template", t, "-o", o, "--transform", ",", "--", "a"], "expected comma-separated argument numbers"),
        (["--template", t, "-o", o, "--transform", "0", "--origin", "0", "--", "a"], "marked both"),
        (["--template", t, "-o", o, "--transform", "0", "--", "../escape"], "invalid runfiles path '../escape'"),
        (["--template", t, "-o", o, "--env", "NOEQUALS", "--", "a"], "expected NAME=VALUE"),
        (["--template", t, "-o", o, "--env", "=v", "--", "a"], "expected NAME=VALUE"),
        (["--template", t, "-o", o, "--unset-env", "A=B", "--", "a"], "invalid variable name"),
        (["--template", t, "-o", o, "--export-runfiles-env=maybe", "--", "a"], "expects true or false"),
        (["--template", t, "-o", o, "--bogus", "--", "a"], "unknown option '--bogus'"),
        (["--template"], "--template needs a value"),
        (["--template", t, "-o"], "-o needs a value"),
    ]
    for args, fragment in cases:
        w.refuses(args, 2, fragment, "Try 'finalize-stub --help'")


def test_no_temporary_file_after_success(tmp):
    for name, data in templates():
        w = Workspace(os.path.join(tmp, name), data)
        proc = subprocess.run([finalizer(), "--template", w.template, "-o", w.output, "--", "/bin/true"],
                              capture_output=True)
        expect(proc.returncode, 0, proc.stderr)
        expect(sorted(os.listdir(w.out_dir)), ["launcher"], "output directory")
        expect(os.stat(w.output).st_mode & 0o7777, 0o755, "mode")


TESTS = {name[5:]: fn for name, fn in globals().items() if name.startswith("test_")}


def main(argv):
    def start(values):
        global OUT
        OUT = os.path.abspath(values["--out"])

    return suite_main(argv, TESTS, ("--out",), start)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
