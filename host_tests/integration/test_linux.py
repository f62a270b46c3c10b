"""Integration tests: finalize a Linux template, run it (natively or under
qemu-user) against the probe, and check exactly what the probe received.

usage: test_linux.py --cpu x86_64|aarch64|s390x --out DIR [TEST...]
       test_linux.py --list"""

import os
import stat
import subprocess
import sys

from harness import Target, encode_payload, expect, manifest_text, patch_spec, suite_main, write_file

T = None  # the Target under test
BASE_ENV = {"PATH": "/usr/bin:/bin", "HOME": "/nonexistent", "LANG": "C"}
PROBE = "_main/tools/probe"


def probe_binary():
    return os.path.join(T.out, "test-probe")


class Tree:
    """A launcher at <tmp>/bin/launcher and the probe at <tmp>/real/probe."""

    def __init__(self, tmp):
        self.tmp = tmp
        self.bin = os.path.join(tmp, "bin")
        self.real = os.path.join(tmp, "real")
        os.makedirs(self.bin)
        os.makedirs(self.real)
        self.probe = os.path.join(self.real, "probe")
        os.symlink(probe_binary(), self.probe)
        self.launcher = os.path.join(self.bin, "launcher")

    def finalize(self, args, *options, launcher=None):
        T.finalize(launcher or self.launcher, args, *options)

    def write(self, rel, text, mode=None):
        return write_file(self.tmp, rel, text, mode)

    def manifest(self, rel, entries, sort=True):
        return self.write(rel, manifest_text(entries, sort))

    def runfiles_dir(self, rel, files):
        root = os.path.join(self.tmp, rel)
        os.makedirs(root, exist_ok=True)
        for key, target in files.items():
            path = os.path.join(root, key)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            os.symlink(target, path)
        return root

    def run(self, args=(), env=None, cwd=None, launcher=None):
        full = dict(BASE_ENV)
        full.update(env or {})
        return T.run(launcher or self.launcher, args, env=full, cwd=cwd)


def env_with(**extra):
    e = dict(BASE_ENV)
    e.update(extra)
    return e


def ok(result):
    if result.code != 0 or result.argv is None:
        raise AssertionError(f"launcher failed: code {result.code}, stderr {result.stderr!r}")
    expect(result.stdout.count(b"\0") > 0, True, "probe output")
    return result


def fails(result, code, *fragments):
    expect(result.code, code, f"exit code (stderr: {result.stderr!r})")
    expect(result.stdout, b"", "nothing on stdout")
    expect(result.stderr.startswith("runfiles-stub: "), True, f"stderr prefix: {result.stderr!r}")
    expect(result.stderr.endswith("\n"), True, "stderr ends with a newline")
    for f in fragments:
        if f not in result.stderr:
            raise AssertionError(f"{f!r} not in stderr {result.stderr!r}")


# --- Finding the runfiles -------------------------------------------------------

def test_manifest_env_var(tmp):
    t = Tree(tmp)
    m = t.manifest("elsewhere/custom.txt", [(PROBE, t.probe)])
    t.finalize([PROBE, "--flag"], "--transform", "0")
    r = ok(t.run(["x"], env={"RUNFILES_MANIFEST_FILE": m}))
    expect(r.argv, [t.probe, "--flag", "x"])
    expect(r.env, env_with(RUNFILES_MANIFEST_FILE=m))


def test_manifest_env_var_relative(tmp):
    t = Tree(tmp)
    m = t.manifest("bin/launcher.runfiles_manifest", [(PROBE, t.probe)])
    t.finalize([PROBE], "--transform", "0")
    r = ok(t.run(env={"RUNFILES_MANIFEST_FILE": "bin/./launcher.runfiles_manifest"}, cwd=tmp))
    rf = os.path.join(t.bin, "launcher.runfiles")
    expect(r.argv, [rf + "/" + PROBE])
    expect(r.env, env_with(RUNFILES_MANIFEST_FILE=m, RUNFILES_DIR=rf, JAVA_RUNFILES=rf))
    expect(r.cwd, tmp)


def test_directory_env_var(tmp):
    t = Tree(tmp)
    d = t.runfiles_dir("rf", {PROBE: t.probe})
    t.finalize([PROBE], "--transform", "0")
    r = ok(t.run(env={"RUNFILES_DIR": d}))
    expect(r.argv, [d + "/" + PROBE])
    expect(r.env, env_with(RUNFILES_DIR=d, JAVA_RUNFILES=d))


def test_directory_env_var_consults_manifest_first(tmp):
    t = Tree(tmp)
    d = t.runfiles_dir("rf", {"_main/other": t.probe})
    other = t.write("real/data.txt", "x")
    m = t.manifest("rf/MANIFEST", [(PROBE, t.probe), ("_main/data", other)])
    t.finalize([PROBE, "_main/data", "_main/other"], "--transform", "0,1,2")
    r = ok(t.run(env={"RUNFILES_DIR": d}))
    expect(r.argv, [d + "/" + PROBE, other, d + "/_main/other"])
    expect(r.env, env_with(RUNFILES_DIR=d, JAVA_RUNFILES=d, RUNFILES_MANIFEST_FILE=m))


def test_exe_runfiles_manifest_file(tmp):
    t = Tree(tmp)
    m = t.manifest("bin/launcher.runfiles_manifest", [(PROBE, t.probe)])
    t.finalize([PROBE], "--transform", "0")
    r = ok(t.run())
    rf = t.launcher + ".runfiles"
    expect(r.argv, [rf + "/" + PROBE])
    expect(r.env, env_with(RUNFILES_MANIFEST_FILE=m, RUNFILES_DIR=rf, JAVA_RUNFILES=rf))


def test_exe_runfiles_MANIFEST(tmp):
    t = Tree(tmp)
    m = t.manifest("bin/launcher.runfiles/MANIFEST", [(PROBE, t.probe)])
    # Both exist: <exe>.runfiles/MANIFEST is looked at first.
    t.manifest("bin/launcher.runfiles_manifest", [(PROBE, "/nonexistent")])
    t.finalize([PROBE], "--transform", "0")
    r = ok(t.run())
    rf = t.launcher + ".runfiles"
    expect(r.argv, [rf + "/" + PROBE])
    expect(r.env, env_with(RUNFILES_MANIFEST_FILE=m, RUNFILES_DIR=rf, JAVA_RUNFILES=rf))


def test_exe_runfiles_directory(tmp):
    t = Tree(tmp)
    rf = t.runfiles_dir("bin/launcher.runfiles", {PROBE: t.probe})
    t.finalize([PROBE], "--transform", "0")
    r = ok(t.run())
    expect(r.argv, [rf + "/" + PROBE])
    expect(r.env, env_with(RUNFILES_DIR=rf, JAVA_RUNFILES=rf))


def test_inside_runfiles_tree(tmp):
    t = Tree(tmp)
    rf = t.runfiles_dir("out/app.runfiles", {PROBE: t.probe})
    launcher = os.path.join(rf, "_main/bin/launcher")
    os.makedirs(os.path.dirname(launcher))
    t.finalize([PROBE], "--transform", "0", launcher=launcher)
    r = ok(t.run(launcher=launcher))
    expect(r.argv, [rf + "/" + PROBE])
    expect(r.env, env_with(RUNFILES_DIR=rf, JAVA_RUNFILES=rf))


def test_started_by_relative_path(tmp):
    t = Tree(tmp)
    m = t.manifest("bin/launcher.runfiles_manifest", [(PROBE, t.probe)])
    t.finalize([PROBE], "--transform", "0")
    r = ok(t.run(["a"], cwd=tmp, launcher="./bin/launcher"))
    rf = t.launcher + ".runfiles"
    expect(r.argv, [rf + "/" + PROBE, "a"])
    expect(r.env, env_with(RUNFILES_MANIFEST_FILE=m, RUNFILES_DIR=rf, JAVA_RUNFILES=rf))


def test_env_vars_take_precedence_over_exe(tmp):
    t = Tree(tmp)
    other = t.write("real/other.txt", "")
    t.manifest("bin/launcher.runfiles_manifest", [(PROBE, t.probe), ("_main/f", "/from-exe")])
    m = t.manifest("m/custom", [(PROBE, t.probe), ("_main/f", other)])
    t.finalize([PROBE, "_main/f"], "--transform", "0,1")
    r = ok(t.run(env={"RUNFILES_MANIFEST_FILE": m}))
    expect(r.argv, [t.probe, other])


def test_unreadable_env_manifest_falls_through(tmp):
    t = Tree(tmp)
    rf = t.runfiles_dir("bin/launcher.runfiles", {PROBE: t.probe})
    t.finalize([PROBE], "--transform", "0")
    r = ok(t.run(env={"RUNFILES_MANIFEST_FILE": tmp + "/missing", "RUNFILES_DIR": tmp + "/real/probe"}))
    expect(r.argv, [rf + "/" + PROBE])
    expect(r.env, env_with(RUNFILES_DIR=rf, JAVA_RUNFILES=rf))


# --- Resolving paths --------------------------------------------------------------

def test_repo_mapping(tmp):
    t = Tree(tmp)
    data = t.write("real/dep_data.txt", "")
    mapping = t.write("real/repo_mapping", ",my_ws,_main\n,dep,dep+\nother,my_ws,wrong\n")
    t.manifest("bin/launcher.runfiles_manifest",
               [(PROBE, t.probe), ("dep+/data.txt", data), ("_repo_mapping", mapping)])
    t.finalize(["my_ws/tools/probe", "dep/data.txt", "unmapped/x"], "--transform", "0,1")
    r = ok(t.run())
    expect(r.argv, [t.launcher + ".runfiles/" + PROBE, data, "unmapped/x"])


def test_repo_mapping_wildcard_source(tmp):
    t = Tree(tmp)
    data = t.write("real/d.txt", "")
    mapping = t.write("real/repo_mapping", "*,tools,tools+\n,my_ws,_main\nx*,dep,dep-wrong\n")
    t.manifest("m/MANIFEST", [(PROBE, t.probe), ("tools+/d.txt", data), ("_repo_mapping", mapping)])
    t.finalize(["my_ws/tools/probe", "tools/d.txt"], "--transform", "0,1")
    r = ok(t.run(env={"RUNFILES_MANIFEST_FILE": tmp + "/m/MANIFEST"}))
    expect(r.argv, [tmp + "/m/" + PROBE, data])


def test_repo_mapping_in_directory_mode(tmp):
    t = Tree(tmp)
    rf = t.runfiles_dir("bin/launcher.runfiles", {PROBE: t.probe})
    t.write("bin/launcher.runfiles/_repo_mapping", ",my_ws,_main\n")
    t.finalize(["my_ws/tools/probe"], "--transform", "0")
    r = ok(t.run())
    expect(r.argv, [rf + "/" + PROBE])


def test_directory_artifact_prefix(tmp):
    t = Tree(tmp)
    os.makedirs(os.path.join(tmp, "real/tree/sub"))
    t.manifest("m/custom", [(PROBE, t.probe), ("_main/tree", tmp + "/real/tree"),
                            ("_main/tree/sub", tmp + "/real/tree/sub"), ("_main/treex", "/wrong")])
    t.finalize([PROBE, "_main/tree/sub/deep/file.txt", "_main/tree/other.txt"], "--transform", "0,1,2")
    r = ok(t.run(env={"RUNFILES_MANIFEST_FILE": tmp + "/m/custom"}))
    expect(r.argv, [t.probe, tmp + "/real/tree/sub/deep/file.txt", tmp + "/real/tree/other.txt"])


def test_relative_target_chain(tmp):
    t = Tree(tmp)
    t.manifest("m/custom", [("_main/bin/tool", "../lib/tool"), ("_main/lib/tool", "impl/real"),
                            ("_main/lib/impl/real", t.probe)])
    t.finalize(["_main/bin/tool"], "--transform", "0")
    r = ok(t.run(env={"RUNFILES_MANIFEST_FILE": tmp + "/m/custom"}))
    expect(r.argv, [t.probe])


def test_relative_target_into_directory(tmp):
    t = Tree(tmp)
    rf = t.runfiles_dir("m/x.runfiles", {PROBE: t.probe})
    t.manifest("m/x.runfiles/MANIFEST", [("_main/alias", "tools/probe")])
    t.finalize(["_main/alias"], "--transform", "0")
    r = ok(t.run(env={"RUNFILES_DIR": rf}))
    expect(r.argv, [rf + "/_main/alias"])
    expect(r.stdout != b"", True)


def test_escaped_keys_and_values(tmp):
    t = Tree(tmp)
    spaced = t.write("real/with space.txt", "")
    back = t.write("real/back\\slash.txt", "")
    lines = [f" _main/a\\sfile {spaced}", f" _main/b\\bslash {back.replace(chr(92), chr(92) + 'b')}",
             f"{PROBE} {t.probe}"]
    t.write("m/custom", "\n".join(sorted(lines)) + "\n")
    t.finalize([PROBE, "_main/a file", "_main/b\\slash"], "--transform", "0,1,2")
    r = ok(t.run(env={"RUNFILES_MANIFEST_FILE": tmp + "/m/custom"}))
    expect(r.argv, [t.probe, spaced, back])


def test_unsorted_manifest(tmp):
    t = Tree(tmp)
    entries = [(f"_main/f{i:03d}", f"/data/{i}") for i in range(200)] + [(PROBE, t.probe)]
    entries.reverse()
    t.manifest("m/custom", entries, sort=False)
    t.finalize([PROBE, "_main/f007", "_main/f150"], "--transform", "0,1,2")
    r = ok(t.run(env={"RUNFILES_MANIFEST_FILE": tmp + "/m/custom"}))
    expect(r.argv, [t.probe, "/data/7", "/data/150"])


def test_crlf_manifest_and_no_trailing_newline(tmp):
    t = Tree(tmp)
    t.write("m/custom", f"_main/a /data/a\r\n{PROBE} {t.probe}\r\n_main/z /data/z")
    t.finalize([PROBE, "_main/a", "_main/z"], "--transform", "0,1,2")
    r = ok(t.run(env={"RUNFILES_MANIFEST_FILE": tmp + "/m/custom"}))
    expect(r.argv, [t.probe, "/data/a", "/data/z"])


def test_absolute_runfiles_argument_passes_unchanged(tmp):
    t = Tree(tmp)
    t.finalize([t.probe, "/etc/hostname"], "--transform", "0,1")
    r = ok(t.run(env={"RUNFILES_DIR": tmp}))
    expect(r.argv, [t.probe, "/etc/hostname"])


# --- What the target receives -----------------------------------------------------

def test_runtime_args_verbatim(tmp):
    t = Tree(tmp)
    t.manifest("bin/launcher.runfiles_manifest", [(PROBE, t.probe)])
    t.finalize([PROBE, "embedded one", ""], "--transform", "0")
    runtime = ["", " ", "a b", "new\nline", "--transform", "*", "tab\there", "ünïcödé", "'\"\\"]
    r = ok(t.run(runtime))
    expect(r.argv[1:], ["embedded one", ""] + runtime)


def test_many_embedded_args(tmp):
    t = Tree(tmp)
    t.manifest("bin/launcher.runfiles_manifest", [(PROBE, t.probe)] +
               [(f"_main/data/{i}", f"/abs/{i}") for i in range(40)])
    args = [PROBE] + [f"_main/data/{i}" if i % 2 else f"literal {i}" for i in range(40)]
    marks = ",".join(["0"] + [str(i + 1) for i in range(40) if i % 2])
    t.finalize(args, "--transform", marks)
    r = ok(t.run(["tail"]))
    wanted = [f"/abs/{i}" if i % 2 else f"literal {i}" for i in range(40)]
    expect(r.argv[1:], wanted + ["tail"])


def test_export_off_leaves_environment_alone(tmp):
    t = Tree(tmp)
    t.manifest("bin/launcher.runfiles_manifest", [(PROBE, t.probe)])
    t.finalize([PROBE], "--transform", "0", "--export-runfiles-env=false")
    r = ok(t.run(env={"JAVA_RUNFILES": "/stale"}))
    expect(r.env, env_with(JAVA_RUNFILES="/stale"))


def test_export_without_runfiles_needed(tmp):
    t = Tree(tmp)
    rf = t.runfiles_dir("bin/launcher.runfiles", {})
    t.finalize([t.probe])
    r = ok(t.run(env={"RUNFILES_MANIFEST_FILE": "/stale/MANIFEST"}))
    expect(r.env, env_with(RUNFILES_DIR=rf, JAVA_RUNFILES=rf))


def test_export_with_nothing_found_removes_stale(tmp):
    t = Tree(tmp)
    t.finalize([t.probe])
    r = ok(t.run(env={"RUNFILES_DIR": "/stale", "JAVA_RUNFILES": "/stale"}))
    expect(r.env, BASE_ENV)


def test_stale_runfiles_vars_replaced(tmp):
    t = Tree(tmp)
    m = t.manifest("m/custom", [(PROBE, t.probe)])
    t.finalize([PROBE], "--transform", "0")
    r = ok(t.run(env={"RUNFILES_MANIFEST_FILE": m, "RUNFILES_DIR": "/stale", "JAVA_RUNFILES": "/stale"}))
    expect(r.env, env_with(RUNFILES_MANIFEST_FILE=m))
    expect(sorted(r.env_list), sorted(f"{k}={v}" for k, v in r.env.items()), "no duplicates")


def test_spec_environment_entries(tmp):
    t = Tree(tmp)
    data = t.write("real/data.txt", "")
    t.manifest("bin/launcher.runfiles_manifest", [(PROBE, t.probe), ("_main/data.txt", data)])
    t.finalize([PROBE], "--transform", "0", "--env", "GREETING=hello world", "--env", "EMPTY=",
               "--env-runfile", "DATA=_main/data.txt", "--env-origin", "SHARE=../share/x",
               "--unset-env", "DROP_ME", "--env", "HOME=/override", "--env", "TWICE=1", "--env", "TWICE=2")
    r = ok(t.run(env={"DROP_ME": "1", "KEEP": "k"}))
    rf = t.launcher + ".runfiles"
    expect(r.env, env_with(KEEP="k", GREETING="hello world", EMPTY="", DATA=data, SHARE=t.bin + "/../share/x",
                           HOME="/override", TWICE="2", RUNFILES_MANIFEST_FILE=t.launcher + ".runfiles_manifest",
                           RUNFILES_DIR=rf, JAVA_RUNFILES=rf))
    expect(len(r.env_list), len(r.env), "no duplicates")


def test_origin_relative_args(tmp):
    t = Tree(tmp)
    t.finalize(["../real/probe", "../lib/app.py", "/abs/kept"], "--origin", "0,1,2",
               "--export-runfiles-env=false")
    r = ok(t.run(["x"]))
    expect(r.argv, [t.bin + "/../real/probe", t.bin + "/../lib/app.py", "/abs/kept", "x"])


def test_origin_relative_when_started_relatively(tmp):
    t = Tree(tmp)
    t.finalize(["../real/probe"], "--origin", "0", "--export-runfiles-env=false")
    r = ok(t.run(cwd=t.bin, launcher="./launcher"))
    expect(r.argv, [t.bin + "/../real/probe"])


def test_path_search(tmp):
    t = Tree(tmp)
    os.makedirs(tmp + "/p1")
    os.makedirs(tmp + "/p2")
    t.write("p1/probe", "not executable", mode=0o644)
    os.symlink(t.probe, tmp + "/p2/probe")
    t.finalize(["probe", "arg"], "--path-search", "--export-runfiles-env=false")
    r = ok(t.run(env={"PATH": f"{tmp}/missing:{tmp}/p1:{tmp}/p2"}))
    expect(r.argv, ["probe", "arg"])


def test_path_search_uses_spec_path(tmp):
    t = Tree(tmp)
    os.makedirs(tmp + "/p")
    os.symlink(t.probe, tmp + "/p/probe")
    t.finalize(["probe"], "--path-search", "--env", f"PATH={tmp}/p", "--export-runfiles-env=false")
    r = ok(t.run())
    expect(r.argv, ["probe"])
    expect(r.env["PATH"], f"{tmp}/p")


def test_path_search_not_found(tmp):
    t = Tree(tmp)
    t.finalize(["no-such-program-xyz"], "--path-search", "--export-runfiles-env=false")
    fails(t.run(env={"PATH": f"{tmp}/a:{tmp}/b"}), 127, "no-such-program-xyz", f"{tmp}/a:{tmp}/b")


def test_path_search_only_non_executable(tmp):
    t = Tree(tmp)
    t.write("p/tool", "x", mode=0o644)
    t.finalize(["tool"], "--path-search", "--export-runfiles-env=false")
    fails(t.run(env={"PATH": f"{tmp}/p"}), 126, f"{tmp}/p/tool", "EACCES")


def test_exit_code_passes_through(tmp):
    t = Tree(tmp)
    t.finalize([t.probe], "--export-runfiles-env=false")
    r = t.run(env={"PROBE_EXIT_CODE": "42"})
    expect(r.code, 42)


# --- Failures ----------------------------------------------------------------------

def test_err_unfinalized_template(tmp):
    r = T.run(T.template, ["x"], env=dict(BASE_ENV))
    fails(r, 125, "unfinalized launcher template", "finalize-stub")


def test_err_runfiles_not_found(tmp):
    t = Tree(tmp)
    t.finalize([PROBE], "--transform", "0")
    r = t.run(env={"RUNFILES_MANIFEST_FILE": tmp + "/nope", "RUNFILES_DIR": tmp + "/nodir"})
    fails(r, 125, "cannot find the runfiles of " + t.launcher, tmp + "/nope (ENOENT",
          tmp + "/nodir (not a directory)", t.launcher + ".runfiles/MANIFEST", t.launcher + ".runfiles_manifest",
          t.launcher + ".runfiles (not a directory)")


def test_err_runfiles_not_found_without_env(tmp):
    t = Tree(tmp)
    t.finalize([PROBE], "--transform", "0")
    fails(t.run(), 125, "RUNFILES_MANIFEST_FILE (not set)", "RUNFILES_DIR (not set)")


def test_err_malformed_manifest(tmp):
    t = Tree(tmp)
    t.write("m/custom", f"_main/a /x\n{PROBE} {t.probe}\nno-space-here\n_main/z /z\n")
    t.finalize([PROBE, "_main/missing"], "--transform", "0,1")
    fails(t.run(env={"RUNFILES_MANIFEST_FILE": tmp + "/m/custom"}), 125,
          f"malformed runfiles manifest {tmp}/m/custom line 3")


def test_err_bad_escape(tmp):
    t = Tree(tmp)
    t.write("m/custom", f" _main/a\\qb /x\n{PROBE} {t.probe}\n")
    t.finalize([PROBE, "_main/missing"], "--transform", "0,1")
    fails(t.run(env={"RUNFILES_MANIFEST_FILE": tmp + "/m/custom"}), 125, "line 1", "unknown escape")


def test_err_dotdot_path(tmp):
    t = Tree(tmp)
    t.manifest("bin/launcher.runfiles_manifest", [(PROBE, t.probe)])
    for bad in ["_main/../etc/passwd", "../x", "./x", "a//b", "a/.", "a/..", ""]:
        payload = encode_payload([(1, PROBE), (1, bad)])
        with open(T.template, "rb") as f:
            data = patch_spec(f.read(), payload)
        with open(t.launcher, "wb") as f:
            f.write(data)
        os.chmod(t.launcher, 0o755)
        fails(t.run(), 125, f"invalid runfiles path '{bad}'")


def test_err_not_in_manifest(tmp):
    t = Tree(tmp)
    t.manifest("m/custom", [(PROBE, t.probe)])
    t.finalize([PROBE, "_main/absent"], "--transform", "0,1")
    fails(t.run(env={"RUNFILES_MANIFEST_FILE": tmp + "/m/custom"}), 125,
          "cannot find runfile '_main/absent'", tmp + "/m/custom")


def test_err_relative_target_leaves_root(tmp):
    t = Tree(tmp)
    t.manifest("m/custom", [("_main/a", "../../etc/passwd")])
    t.finalize(["_main/a"], "--transform", "0")
    fails(t.run(env={"RUNFILES_MANIFEST_FILE": tmp + "/m/custom"}), 125, "leaves the runfiles root")


def test_err_relative_target_loop(tmp):
    t = Tree(tmp)
    t.manifest("m/custom", [("_main/a", "b"), ("_main/b", "a")])
    t.finalize(["_main/a"], "--transform", "0")
    fails(t.run(env={"RUNFILES_MANIFEST_FILE": tmp + "/m/custom"}), 125, "loops through more than 32 relative manifest entries")


def test_err_empty_value(tmp):
    t = Tree(tmp)
    t.manifest("m/custom", [(PROBE, t.probe), ("_main/__init__.py", "")])
    t.finalize([PROBE, "_main/__init__.py"], "--transform", "0,1")
    fails(t.run(env={"RUNFILES_MANIFEST_FILE": tmp + "/m/custom"}), 125, "no file behind it")


def test_err_missing_target(tmp):
    t = Tree(tmp)
    t.manifest("m/custom", [(PROBE, tmp + "/real/absent")])
    t.finalize([PROBE], "--transform", "0")
    fails(t.run(env={"RUNFILES_MANIFEST_FILE": tmp + "/m/custom"}), 127,
          f"cannot execute {tmp}/real/absent: ENOENT")


def test_err_not_executable(tmp):
    t = Tree(tmp)
    plain = t.write("real/plain", "data", mode=0o644)
    t.finalize([plain], "--export-runfiles-env=false")
    fails(t.run(), 126, f"cannot execute {plain}: EACCES")


def test_err_directory_target(tmp):
    t = Tree(tmp)
    t.finalize([t.real], "--export-runfiles-env=false")
    fails(t.run(), 126, f"cannot execute {t.real}: EACCES")


def test_err_not_an_executable_format(tmp):
    t = Tree(tmp)
    junk = t.write("real/junk", b"\x00\x01\x02garbage", mode=0o755)
    t.finalize([junk], "--export-runfiles-env=false")
    fails(t.run(), 126, f"cannot execute {junk}: ENOEXEC")


TESTS = {name[5:]: fn for name, fn in globals().items() if name.startswith("test_")}


def main(argv):
    def start(values):
        global T
        cpu = values["--cpu"]
        T = Target(f"{cpu}-linux", values["--out"], [] if cpu == "x86_64" else [f"qemu-{cpu}"])

    return suite_main(argv, TESTS, ("--cpu", "--out"), start)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
