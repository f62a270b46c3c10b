"""finalize-stub is deterministic (SPEC 4): for every template that is built,
the same inputs give the same bytes, run after run, from any working
directory, under any environment and umask, to a file or to stdout.

usage: test_determinism.py --out DIR [TEST...]
       test_determinism.py --list"""

import glob
import hashlib
import os
import shutil
import subprocess
import sys

from harness import expect, read_spec, suite_main

OUT = None
RUNS = 100
SPEC_OPTIONS = ["--transform", "0,2", "--origin", "3", "--env", "GREETING=hello world", "--env-runfile",
                "DATA=_main/data.txt", "--env-origin", "SHARE=../share", "--unset-env", "DROP", "--path-search"]
SPEC_ARGS = ["_main/tools/app", "--flag=1", "_main/data/input.txt", "../lib/helper", "", "ünïcödé"]
ENVIRONMENTS = [
    {},
    {"PATH": "/usr/bin:/bin", "LANG": "C"},
    {"PATH": "/bin", "LANG": "de_DE.UTF-8", "LC_ALL": "tr_TR.UTF-8", "TZ": "Pacific/Kiritimati", "HOME": "/",
     "SOURCE_DATE_EPOCH": "1", "RUNFILES_DIR": "/elsewhere", "TMPDIR": "/nonexistent"},
]


def templates():
    found = sorted(glob.glob(os.path.join(OUT, "runfiles-stub-*")))
    expect(len(found) >= 3, True, "templates found")
    return found


def finalize(template, output, cwd, env, umask):
    cmd = [os.path.join(OUT, "finalize-stub"), "--template", template]
    if output is not None:
        cmd += ["-o", output]
    cmd += [*SPEC_OPTIONS, "--", *SPEC_ARGS]
    proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, preexec_fn=lambda: os.umask(umask))
    expect(proc.returncode, 0, f"finalize-stub: {proc.stderr.decode()}")
    if output is None:
        return proc.stdout
    with open(os.path.join(cwd, output), "rb") as f:
        data = f.read()
    expect(os.stat(os.path.join(cwd, output)).st_mode & 0o7777, 0o755, "mode, whatever the umask")
    return data


def test_same_bytes_every_run(tmp):
    """Each template, finalized RUNS times: from two working directories with
    relative and absolute paths, under three environments and two umasks, to
    a file and to stdout. One hash per template."""
    here = os.path.join(tmp, "a")
    there = os.path.join(tmp, "deeper", "b")
    os.makedirs(here)
    os.makedirs(there)
    for template in templates():
        name = os.path.basename(template)
        local = os.path.join(here, name)
        shutil.copyfile(template, local)
        hashes = set()
        for run in range(RUNS):
            env = ENVIRONMENTS[run % len(ENVIRONMENTS)]
            umask = 0o077 if run % 2 else 0o022
            if run % 4 == 0:
                data = finalize(local, os.path.join(there, "launcher"), there, env, umask)
            elif run % 4 == 1:
                data = finalize(name, "launcher", here, env, umask)
            elif run % 4 == 2:
                data = finalize(os.path.relpath(template, there), None, there, env, umask)
            else:
                data = finalize(template, os.path.join("..", "..", "a", "out"), there, env, umask)
            hashes.add(hashlib.sha256(data).hexdigest())
        expect(len(hashes), 1, f"{name}: distinct outputs over {RUNS} runs")
        args, _env, _flags = read_spec(data)
        expect([a for _kind, a in args], SPEC_ARGS, f"{name}: the embedded arguments")


def test_output_depends_only_on_the_spec(tmp):
    """Different specs give different launchers; the same spec written through
    another template copy, path or file name gives the same one."""
    for template in templates():
        copy = os.path.join(tmp, "elsewhere-with-a-long-name.bin")
        shutil.copyfile(template, copy)
        a = finalize(template, os.path.join(tmp, "one"), tmp, {}, 0o022)
        b = finalize(copy, os.path.join(tmp, "two.exe"), tmp, {}, 0o022)
        expect(a == b, True, f"{template}: same spec, other template path")
        proc = subprocess.run([os.path.join(OUT, "finalize-stub"), "--template", template, "--", "other"],
                              capture_output=True)
        expect(proc.returncode, 0, proc.stderr)
        expect(proc.stdout != a, True, f"{template}: another spec differs")


TESTS = {name[5:]: fn for name, fn in globals().items() if name.startswith("test_")}


def main(argv):
    def start(values):
        global OUT
        OUT = os.path.abspath(values["--out"])

    return suite_main(argv, TESTS, ("--out",), start)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
