"""Integration tests: finalize the x86_64 Windows template, run it under wine64
against the Windows probe, and check exactly what the probe received.

usage: test_windows.py --out DIR [GROUP|TEST...]
       test_windows.py --list          (the groups)

Starting wine in a fresh prefix takes seconds, so each run makes one
temporary prefix for all the tests it runs, and removes it at the end. Tests
are grouped by the first word of their name. The launcher sees Windows paths:
/tmp/x is Z:\\tmp\\x to it."""

import os
import shutil
import subprocess
import sys
import tempfile

from harness import Target, expect, manifest_text, run_suite, write_file

WINE = "/usr/lib/wine/wine64"
WINESERVER = "/usr/lib/wine/wineserver"
T = None  # the Target under test
PREFIX = None
PROBE = "_main/tools/probe.exe"


def wine_env(**extra):
    # wineboot writes desktop menus under $HOME: a home inside the prefix keeps
    # that out of the machine's directories and apart from parallel suites.
    env = {"WINEPREFIX": PREFIX, "WINEDEBUG": "-all", "PATH": "/usr/bin:/bin", "HOME": os.path.join(PREFIX, "home"),
           "LANG": "C.UTF-8"}
    env.update(extra)
    return env


def win(path):
    """The path as the launcher sees it."""
    return "Z:" + path.replace("/", "\\")


def probe_binary():
    return os.path.join(T.out, "test-probe.exe")


_baselines = {}


def baseline(env):
    """The environment the probe gets from wine itself for `env`: what the
    launcher must pass on, give or take the changes a test expects."""
    key = tuple(sorted(env.items()))
    if key not in _baselines:
        r = T.run(probe_binary(), env=env)
        expect(r.code, 0, f"probe under wine: {r.stderr}")
        _baselines[key] = r.env
    return dict(_baselines[key])


class Tree:
    """A launcher at <tmp>/bin/launcher.exe and the probe at <tmp>/real/probe.exe."""

    def __init__(self, tmp):
        self.tmp = tmp
        self.bin = os.path.join(tmp, "bin")
        self.real = os.path.join(tmp, "real")
        os.makedirs(self.bin)
        os.makedirs(self.real)
        self.probe_unix = os.path.join(self.real, "probe.exe")
        shutil.copy(probe_binary(), self.probe_unix)
        self.probe = win(self.probe_unix)
        self.launcher_unix = os.path.join(self.bin, "launcher.exe")
        self.launcher = win(self.launcher_unix)

    def path(self, rel):
        return win(os.path.join(self.tmp, rel))

    def finalize(self, args, *options, launcher=None):
        T.finalize(launcher or self.launcher_unix, args, *options)

    def write(self, rel, data):
        return win(write_file(self.tmp, rel, data))

    def manifest(self, rel, entries, sort=True):
        return self.write(rel, manifest_text(entries, sort))

    def runfiles_dir(self, rel, files):
        """A runfiles tree holding copies of the given files."""
        root = os.path.join(self.tmp, rel)
        os.makedirs(root, exist_ok=True)
        for key, source in files.items():
            path = os.path.join(root, key)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            shutil.copy(source, path)
        return win(root)

    def run(self, args=(), env=None, cwd=None, launcher=None):
        """Runs the launcher; returns the result and the environment wine
        itself would have given the target."""
        full = wine_env(**(env or {}))
        return T.run(launcher or self.launcher_unix, args, env=full, cwd=cwd), baseline(full)


def ok(run):
    result, base = run
    if result.code != 0 or result.argv is None:
        raise AssertionError(f"launcher failed: code {result.code}, stderr {result.stderr!r}")
    expect(result.stderr, "", "nothing on stderr")
    return result, base


def changed(base, **changes):
    """`base` with variables set, or removed when the value is None."""
    env = dict(base)
    for k, v in changes.items():
        env.pop(k, None)
        if v is not None:
            env[k] = v
    return env


def fails(run, code, *fragments):
    result, _ = run
    expect(result.code, code, f"exit code (stderr: {result.stderr!r})")
    expect(result.stdout, b"", "nothing on stdout")
    expect(result.stderr.startswith("runfiles-stub: "), True, f"stderr prefix: {result.stderr!r}")
    expect(result.stderr.endswith("\n"), True, "stderr ends with a newline")
    for f in fragments:
        if f not in result.stderr:
            raise AssertionError(f"{f!r} not in stderr {result.stderr!r}")


def replace_in_file(path, old, new):
    """Rewrites an embedded string in a finalized launcher: for spec contents
    the finalizer refuses to write. Same length, so the encoding stays valid."""
    assert len(old) == len(new)
    with open(path, "rb") as f:
        data = f.read()
    assert data.count(old.encode()) == 1
    with open(path, "wb") as f:
        f.write(data.replace(old.encode(), new.encode()))


# --- Finding the runfiles -------------------------------------------------------

def test_find_manifest_env_var(tmp):
    t = Tree(tmp)
    m = t.manifest("elsewhere/custom.txt", [(PROBE, t.probe)])
    t.finalize([PROBE, "--flag"], "--transform", "0")
    r, base = ok(t.run(["x"], env={"RUNFILES_MANIFEST_FILE": m}))
    expect(r.argv, [t.probe, "--flag", "x"])
    expect(r.env, base)


def test_find_manifest_env_var_relative(tmp):
    t = Tree(tmp)
    m = t.manifest("bin/launcher.exe.runfiles_manifest", [(PROBE, t.probe)])
    t.finalize([PROBE], "--transform", "0")
    r, base = ok(t.run(env={"RUNFILES_MANIFEST_FILE": "bin\\.\\launcher.exe.runfiles_manifest"}, cwd=tmp))
    rf = t.launcher + ".runfiles"
    expect(r.argv, [rf + "\\" + PROBE.replace("/", "\\")])
    expect(r.env, changed(base, RUNFILES_MANIFEST_FILE=m, RUNFILES_DIR=rf, JAVA_RUNFILES=rf))
    expect(r.cwd, win(tmp))


def test_find_directory_env_var(tmp):
    t = Tree(tmp)
    d = t.runfiles_dir("rf", {PROBE: t.probe_unix})
    t.finalize([PROBE], "--transform", "0")
    r, base = ok(t.run(env={"RUNFILES_DIR": d}))
    expect(r.argv, [d + "\\_main\\tools\\probe.exe"])
    expect(r.env, changed(base, JAVA_RUNFILES=d))


def test_find_directory_env_var_consults_manifest_first(tmp):
    t = Tree(tmp)
    d = t.runfiles_dir("rf", {"_main/other.exe": t.probe_unix})
    other = t.write("real/data.txt", "x")
    t.manifest("rf/MANIFEST", [(PROBE, t.probe), ("_main/data", other)])
    t.finalize([PROBE, "_main/data", "_main/other.exe"], "--transform", "0,1,2")
    r, base = ok(t.run(env={"RUNFILES_DIR": d}))
    expect(r.argv, [d + "\\_main\\tools\\probe.exe", other, d + "\\_main\\other.exe"])
    expect(r.env, changed(base, JAVA_RUNFILES=d, RUNFILES_MANIFEST_FILE=d + "/MANIFEST"))


def test_find_exe_runfiles_manifest_file(tmp):
    t = Tree(tmp)
    m = t.manifest("bin/launcher.exe.runfiles_manifest", [(PROBE, t.probe)])
    t.finalize([PROBE], "--transform", "0")
    r, base = ok(t.run())
    rf = t.launcher + ".runfiles"
    expect(r.argv, [rf + "\\_main\\tools\\probe.exe"])
    expect(r.env, changed(base, RUNFILES_MANIFEST_FILE=m, RUNFILES_DIR=rf, JAVA_RUNFILES=rf))


def test_find_exe_runfiles_MANIFEST(tmp):
    t = Tree(tmp)
    t.manifest("bin/launcher.exe.runfiles/MANIFEST", [(PROBE, t.probe)])
    # Both exist: <exe>.runfiles/MANIFEST is looked at first.
    t.manifest("bin/launcher.exe.runfiles_manifest", [(PROBE, "Z:\\nonexistent")])
    t.finalize([PROBE], "--transform", "0")
    r, base = ok(t.run())
    rf = t.launcher + ".runfiles"
    expect(r.argv, [rf + "\\_main\\tools\\probe.exe"])
    expect(r.env, changed(base, RUNFILES_MANIFEST_FILE=rf + "/MANIFEST", RUNFILES_DIR=rf, JAVA_RUNFILES=rf))


def test_find_exe_runfiles_directory(tmp):
    t = Tree(tmp)
    rf = t.runfiles_dir("bin/launcher.exe.runfiles", {PROBE: t.probe_unix})
    t.finalize([PROBE], "--transform", "0")
    r, base = ok(t.run())
    expect(r.argv, [rf + "\\_main\\tools\\probe.exe"])
    expect(r.env, changed(base, RUNFILES_DIR=rf, JAVA_RUNFILES=rf))


def test_find_inside_runfiles_tree(tmp):
    t = Tree(tmp)
    rf = t.runfiles_dir("out/app.exe.runfiles", {PROBE: t.probe_unix})
    launcher = os.path.join(tmp, "out/app.exe.runfiles/_main/bin/launcher.exe")
    os.makedirs(os.path.dirname(launcher))
    t.finalize([PROBE], "--transform", "0", launcher=launcher)
    r, base = ok(t.run(launcher=launcher))
    expect(r.argv, [rf + "\\_main\\tools\\probe.exe"])
    expect(r.env, changed(base, RUNFILES_DIR=rf, JAVA_RUNFILES=rf))


def test_find_env_vars_take_precedence_over_exe(tmp):
    t = Tree(tmp)
    other = t.write("real/other.txt", "")
    t.manifest("bin/launcher.exe.runfiles_manifest", [(PROBE, t.probe), ("_main/f", "Z:\\from-exe")])
    m = t.manifest("m/custom", [(PROBE, t.probe), ("_main/f", other)])
    t.finalize([PROBE, "_main/f"], "--transform", "0,1")
    r, _ = ok(t.run(env={"RUNFILES_MANIFEST_FILE": m}))
    expect(r.argv, [t.probe, other])


def test_find_unreadable_env_manifest_falls_through(tmp):
    t = Tree(tmp)
    rf = t.runfiles_dir("bin/launcher.exe.runfiles", {PROBE: t.probe_unix})
    t.finalize([PROBE], "--transform", "0")
    r, base = ok(t.run(env={"RUNFILES_MANIFEST_FILE": t.path("missing"), "RUNFILES_DIR": t.probe}))
    expect(r.argv, [rf + "\\_main\\tools\\probe.exe"])
    expect(r.env, changed(base, RUNFILES_MANIFEST_FILE=None, RUNFILES_DIR=rf, JAVA_RUNFILES=rf))


def test_find_env_names_ignore_case(tmp):
    t = Tree(tmp)
    m = t.manifest("m/custom", [(PROBE, t.probe)])
    t.finalize([PROBE], "--transform", "0", "--env", "path=Z:\\spec", "--unset-env", "DROP_ME")
    r, base = ok(t.run(env={"runfiles_manifest_file": m, "java_runfiles": "stale", "drop_me": "1"}))
    expect(r.argv, [t.probe])
    # One variable per name whatever its case, spelled as the launcher set it.
    expected = {k: v for k, v in base.items()
                if k.upper() not in ("PATH", "RUNFILES_MANIFEST_FILE", "JAVA_RUNFILES", "DROP_ME")}
    expected.update({"path": "Z:\\spec", "RUNFILES_MANIFEST_FILE": m})
    expect(r.env, expected)


# --- Resolving paths --------------------------------------------------------------

def test_resolve_forward_slashes_become_backslashes(tmp):
    t = Tree(tmp)
    data = t.write("real/data dir/file.txt", "")
    m = t.manifest("m/custom", [(PROBE, t.probe.replace("\\", "/")), ("_main/data", data.replace("\\", "/"))])
    t.finalize([PROBE, "_main/data"], "--transform", "0,1")
    r, _ = ok(t.run(env={"RUNFILES_MANIFEST_FILE": m}))
    expect(r.argv, [t.probe, data])


def test_resolve_repo_mapping(tmp):
    t = Tree(tmp)
    data = t.write("real/dep_data.txt", "")
    mapping = t.write("real/repo_mapping", ",my_ws,_main\n,dep,dep+\nother,my_ws,wrong\n")
    t.manifest("bin/launcher.exe.runfiles_manifest",
               [(PROBE, t.probe), ("dep+/data.txt", data), ("_repo_mapping", mapping)])
    t.finalize(["my_ws/tools/probe.exe", "dep/data.txt", "unmapped/x"], "--transform", "0,1")
    r, _ = ok(t.run())
    expect(r.argv, [t.launcher + ".runfiles\\_main\\tools\\probe.exe", data, "unmapped/x"])


def test_resolve_repo_mapping_in_directory_mode(tmp):
    t = Tree(tmp)
    rf = t.runfiles_dir("bin/launcher.exe.runfiles", {PROBE: t.probe_unix})
    t.write("bin/launcher.exe.runfiles/_repo_mapping", ",my_ws,_main\n")
    t.finalize(["my_ws/tools/probe.exe"], "--transform", "0")
    r, _ = ok(t.run())
    expect(r.argv, [rf + "\\_main\\tools\\probe.exe"])


def test_resolve_directory_artifact_prefix(tmp):
    t = Tree(tmp)
    os.makedirs(os.path.join(tmp, "real/tree/sub"))
    m = t.manifest("m/custom", [(PROBE, t.probe), ("_main/tree", t.path("real/tree")),
                                ("_main/tree/sub", t.path("real/tree/sub")), ("_main/treex", "Z:\\wrong")])
    t.finalize([PROBE, "_main/tree/sub/deep/file.txt", "_main/tree/other.txt"], "--transform", "0,1,2")
    r, _ = ok(t.run(env={"RUNFILES_MANIFEST_FILE": m}))
    expect(r.argv, [t.probe, t.path("real/tree/sub/deep/file.txt"), t.path("real/tree/other.txt")])


def test_resolve_relative_target_chain(tmp):
    t = Tree(tmp)
    m = t.manifest("m/custom", [("_main/bin/tool", "../lib/tool"), ("_main/lib/tool", "impl/real"),
                                ("_main/lib/impl/real", t.probe)])
    t.finalize(["_main/bin/tool"], "--transform", "0")
    r, _ = ok(t.run(env={"RUNFILES_MANIFEST_FILE": m}))
    expect(r.argv, [t.probe])


def test_resolve_escaped_keys_and_values(tmp):
    t = Tree(tmp)
    spaced = t.write("real/with space.txt", "")
    lines = [f" _main/a\\sfile {spaced.replace(chr(92), chr(92) + 'b')}", f"{PROBE} {t.probe}"]
    m = t.write("m/custom", "\n".join(sorted(lines)) + "\n")
    t.finalize([PROBE, "_main/a file"], "--transform", "0,1")
    r, _ = ok(t.run(env={"RUNFILES_MANIFEST_FILE": m}))
    expect(r.argv, [t.probe, spaced])


def test_resolve_unsorted_crlf_manifest(tmp):
    t = Tree(tmp)
    entries = [(f"_main/f{i:03d}", f"C:\\data\\{i}") for i in range(200)] + [(PROBE, t.probe)]
    entries.reverse()
    m = t.write("m/custom", "".join(f"{k} {v}\r\n" for k, v in entries))
    t.finalize([PROBE, "_main/f007", "_main/f150"], "--transform", "0,1,2")
    r, _ = ok(t.run(env={"RUNFILES_MANIFEST_FILE": m}))
    expect(r.argv, [t.probe, "C:\\data\\7", "C:\\data\\150"])


def test_resolve_absolute_runfiles_argument_passes_unchanged(tmp):
    t = Tree(tmp)
    t.finalize([t.probe, "C:\\windows\\win.ini"], "--transform", "0,1")
    r, _ = ok(t.run(env={"RUNFILES_DIR": win(tmp)}))
    expect(r.argv, [t.probe, "C:\\windows\\win.ini"])


# --- What the target receives -----------------------------------------------------

QUOTING_CASES = ["", " ", "a b", "tab\there", "new\nline", '"', '""', '"quoted"', "a\\", "a b\\", "a b\\\\",
                 "\\\\server\\share\\", 'x\\"y', "end\\\\\"", "--opt=\"a b\"", "*", "%PATH%", "^&|<>",
                 "ünïcödé", "日本 語", "😀\\"]


def test_target_quoting_embedded_args(tmp):
    t = Tree(tmp)
    t.finalize([t.probe] + QUOTING_CASES, "--export-runfiles-env=false")
    r, _ = ok(t.run())
    expect(r.argv, [t.probe] + QUOTING_CASES)


def test_target_quoting_runtime_args(tmp):
    t = Tree(tmp)
    t.manifest("bin/launcher.exe.runfiles_manifest", [(PROBE, t.probe)])
    t.finalize([PROBE, "embedded one", ""], "--transform", "0")
    runtime = ["", " ", "a b", "--transform", "*", "tab\there", "ünïcödé", "'\"\\", "trailing\\", "x y\\"]
    r, _ = ok(t.run(runtime))
    expect(r.argv[1:], ["embedded one", ""] + runtime)


def test_target_paths_with_spaces(tmp):
    t = Tree(tmp)
    d = os.path.join(tmp, "my dir")
    os.makedirs(d + "/bin")
    probe = t.runfiles_dir("my dir/bin/run me.exe.runfiles", {PROBE: t.probe_unix})
    data = t.write("my dir/data file.txt", "")
    launcher = os.path.join(d, "bin/run me.exe")
    t.manifest("my dir/bin/run me.exe.runfiles/MANIFEST", [(PROBE, probe + "\\_main\\tools\\probe.exe"),
                                                           ("_main/data.txt", data)])
    T.finalize(launcher, [PROBE, "_main/data.txt"], "--transform", "0,1")
    r, _ = ok(t.run(["an arg"], launcher=launcher))
    expect(r.argv, [probe + "\\_main\\tools\\probe.exe", data, "an arg"])


def test_target_many_embedded_args(tmp):
    t = Tree(tmp)
    t.manifest("bin/launcher.exe.runfiles_manifest", [(PROBE, t.probe)] +
               [(f"_main/data/{i}", f"C:\\abs\\{i}") for i in range(40)])
    args = [PROBE] + [f"_main/data/{i}" if i % 2 else f"literal {i}" for i in range(40)]
    marks = ",".join(["0"] + [str(i + 1) for i in range(40) if i % 2])
    t.finalize(args, "--transform", marks)
    r, _ = ok(t.run(["tail"]))
    expect(r.argv[1:], [f"C:\\abs\\{i}" if i % 2 else f"literal {i}" for i in range(40)] + ["tail"])


def test_target_export_off_leaves_environment_alone(tmp):
    t = Tree(tmp)
    t.manifest("bin/launcher.exe.runfiles_manifest", [(PROBE, t.probe)])
    t.finalize([PROBE], "--transform", "0", "--export-runfiles-env=false")
    r, base = ok(t.run(env={"JAVA_RUNFILES": "stale"}))
    expect(r.env, base)


def test_target_export_with_nothing_found_removes_stale(tmp):
    t = Tree(tmp)
    t.finalize([t.probe])
    r, base = ok(t.run(env={"RUNFILES_DIR": "Z:\\stale", "JAVA_RUNFILES": "Z:\\stale"}))
    expect(r.env, changed(base, RUNFILES_DIR=None, JAVA_RUNFILES=None))


def test_target_spec_environment_entries(tmp):
    t = Tree(tmp)
    data = t.write("real/data.txt", "")
    t.manifest("bin/launcher.exe.runfiles_manifest", [(PROBE, t.probe), ("_main/data.txt", data)])
    t.finalize([PROBE], "--transform", "0", "--env", "GREETING=hello wörld", "--env", "EMPTY=",
               "--env-runfile", "DATA=_main/data.txt", "--env-origin", "SHARE=../share/x",
               "--unset-env", "DROP_ME", "--env", "TWICE=1", "--env", "TWICE=2")
    r, base = ok(t.run(env={"DROP_ME": "1", "KEEP": "k"}))
    rf = t.launcher + ".runfiles"
    expect(r.env, changed(base, DROP_ME=None, GREETING="hello wörld", EMPTY="", DATA=data,
                          SHARE=t.path("bin") + "\\..\\share\\x", TWICE="2",
                          RUNFILES_MANIFEST_FILE=t.launcher + ".runfiles_manifest", RUNFILES_DIR=rf,
                          JAVA_RUNFILES=rf))
    expect(len(r.env_list), len(r.env), "no duplicates")


def test_target_origin_relative_args(tmp):
    t = Tree(tmp)
    t.finalize(["../real/probe.exe", "../lib/app.py", "C:\\abs\\kept"], "--origin", "0,1,2",
               "--export-runfiles-env=false")
    r, _ = ok(t.run(["x"]))
    expect(r.argv, [t.path("bin") + "\\..\\real\\probe.exe", t.path("bin") + "\\..\\lib\\app.py", "C:\\abs\\kept",
                    "x"])


def test_target_path_search_adds_exe(tmp):
    t = Tree(tmp)
    os.makedirs(tmp + "/p1")
    os.makedirs(tmp + "/p2/probe")  # a directory: not the program, keep looking
    shutil.copy(probe_binary(), tmp + "/p2/probe.exe")
    t.finalize(["probe", "arg"], "--path-search", "--env", f"PATH={t.path('p1')};{t.path('p2')}",
               "--export-runfiles-env=false")
    r, _ = ok(t.run())
    expect(r.argv, ["probe", "arg"])


def test_target_path_search_reports_a_failing_candidate(tmp):
    t = Tree(tmp)
    t.write("p/tool.exe", b"not a program")
    t.finalize(["tool"], "--path-search", "--env", f"PATH={t.path('empty')};{t.path('p')}",
               "--export-runfiles-env=false")
    fails(t.run(), 126, f"cannot execute {t.path('p')}\\tool: ERROR_BAD_EXE_FORMAT")


def test_target_path_search_not_found(tmp):
    t = Tree(tmp)
    t.finalize(["no-such-program-xyz"], "--path-search", "--export-runfiles-env=false")
    fails(t.run(env={"WINEPATH": t.path("a")}), 127, "cannot find 'no-such-program-xyz' in PATH", t.path("a"))


def test_target_exit_codes_pass_through(tmp):
    t = Tree(tmp)
    t.finalize([t.probe], "--export-runfiles-env=false")
    for code in (3, 42):
        r = T.run(t.launcher_unix, env=wine_env(PROBE_EXIT_CODE=str(code)))
        expect(r.code, code)


# --- Failures ----------------------------------------------------------------------

def test_err_unfinalized_template(tmp):
    r = T.run(T.template, ["x"], env=wine_env())
    fails((r, None), 125, "unfinalized launcher template", "finalize-stub")


def test_err_runfiles_not_found(tmp):
    t = Tree(tmp)
    t.finalize([PROBE], "--transform", "0")
    r = t.run(env={"RUNFILES_MANIFEST_FILE": t.path("nope"), "RUNFILES_DIR": t.path("nodir")})
    fails(r, 125, "cannot find the runfiles of " + t.launcher, t.path("nope") + " (ERROR_FILE_NOT_FOUND",
          t.path("nodir") + " (not a directory)", t.launcher + ".runfiles/MANIFEST",
          t.launcher + ".runfiles_manifest", t.launcher + ".runfiles (not a directory)")


def test_err_malformed_manifest(tmp):
    t = Tree(tmp)
    m = t.write("m/custom", f"_main/a C:\\x\n{PROBE} {t.probe}\nno-space-here\n_main/z C:\\z\n")
    t.finalize([PROBE, "_main/missing"], "--transform", "0,1")
    fails(t.run(env={"RUNFILES_MANIFEST_FILE": m}), 125, f"malformed runfiles manifest {m} line 3")


def test_err_invalid_runfiles_path(tmp):
    t = Tree(tmp)
    t.manifest("bin/launcher.exe.runfiles_manifest", [(PROBE, t.probe)])
    t.finalize([PROBE, "_main/placeholder"], "--transform", "0,1")
    replace_in_file(t.launcher_unix, "_main/placeholder", "_main/../x/passwd")
    fails(t.run(), 125, "invalid runfiles path '_main/../x/passwd'")


def test_err_not_in_manifest(tmp):
    t = Tree(tmp)
    m = t.manifest("m/custom", [(PROBE, t.probe)])
    t.finalize([PROBE, "_main/absent"], "--transform", "0,1")
    fails(t.run(env={"RUNFILES_MANIFEST_FILE": m}), 125, "cannot find runfile '_main/absent'", m)


def test_err_empty_value(tmp):
    t = Tree(tmp)
    m = t.manifest("m/custom", [(PROBE, t.probe), ("_main/__init__.py", "")])
    t.finalize([PROBE, "_main/__init__.py"], "--transform", "0,1")
    fails(t.run(env={"RUNFILES_MANIFEST_FILE": m}), 125, "no file behind it")


def test_err_missing_target(tmp):
    t = Tree(tmp)
    m = t.manifest("m/custom", [(PROBE, t.path("real/absent.exe"))])
    t.finalize([PROBE], "--transform", "0")
    fails(t.run(env={"RUNFILES_MANIFEST_FILE": m}), 127,
          f"cannot execute {t.path('real/absent.exe')}: ERROR_FILE_NOT_FOUND")


def test_err_missing_directory(tmp):
    t = Tree(tmp)
    t.finalize([t.path("nodir/absent.exe")], "--export-runfiles-env=false")
    fails(t.run(), 127, f"cannot execute {t.path('nodir/absent.exe')}: ERROR_PATH_NOT_FOUND")


def test_err_directory_target(tmp):
    t = Tree(tmp)
    t.finalize([t.path("real")], "--export-runfiles-env=false")
    # Windows says ERROR_ACCESS_DENIED; wine says ERROR_INVALID_HANDLE.
    fails(t.run(), 126, f"cannot execute {t.path('real')}: ")


def test_err_not_a_program(tmp):
    t = Tree(tmp)
    junk = t.write("real/junk.exe", b"\x00\x01\x02garbage")
    t.finalize([junk], "--export-runfiles-env=false")
    fails(t.run(), 126, f"cannot execute {junk}: ERROR_BAD_EXE_FORMAT")


def test_err_quote_in_program_name(tmp):
    t = Tree(tmp)
    t.finalize(['C:\\a"b.exe'], "--export-runfiles-env=false")
    fails(t.run(), 126, 'cannot execute C:\\a"b.exe: ERROR_INVALID_NAME')


TESTS = {name[5:]: fn for name, fn in globals().items() if name.startswith("test_")}
GROUPS = ("find", "resolve", "target", "err")


def setup_prefix():
    """A fresh prefix, with a wineserver that stays up until cleanup: a
    server started on demand exits when idle, and restarting costs seconds.

    A wineboot that fails says nothing about the launcher, so it is retried in
    a new prefix; only the last attempt's failure stops the run, with wine's
    own errors shown for every failed attempt."""
    global PREFIX
    attempts = 3
    for attempt in range(1, attempts + 1):
        PREFIX = tempfile.mkdtemp(prefix="rfstub-wine-")
        subprocess.run([WINESERVER, "-p"], env=wine_env(), check=True)
        # wineboot leaves helper processes running, holding on to its output,
        # so the output goes to a file rather than a pipe.
        with tempfile.TemporaryFile() as log:
            boot = subprocess.run([WINE, "wineboot", "--init"], env=wine_env(WINEDEBUG="err+all"),
                                  stdout=subprocess.DEVNULL, stderr=log, timeout=120)
            log.seek(0)
            printed = log.read().decode(errors="replace")
        if boot.returncode == 0:
            return
        sys.stderr.write(f"wineboot --init exited {boot.returncode} (attempt {attempt} of {attempts}):\n{printed}\n")
        cleanup_prefix()
    raise RuntimeError("wine could not boot a prefix; see above")


def cleanup_prefix():
    """Stops the prefix's wineserver, and with it every process in the prefix."""
    subprocess.run([WINESERVER, "-k"], env=wine_env(), capture_output=True)
    subprocess.run([WINESERVER, "-w"], env=wine_env(), capture_output=True)
    shutil.rmtree(PREFIX, ignore_errors=True)


def main(argv):
    global T, PREFIX
    if argv[:1] == ["--list"]:
        print("\n".join(GROUPS))
        return 0
    out = argv[argv.index("--out") + 1]
    rest = [a for i, a in enumerate(argv) if a != "--out" and argv[i - 1] != "--out"]
    names = [n for a in rest for n in (sorted(t for t in TESTS if t.startswith(a + "_")) if a in GROUPS else [a])]
    T = Target("x86_64-windows.exe", out, [WINE])
    try:
        setup_prefix()
        return run_suite(TESTS, names)
    finally:
        cleanup_prefix()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
