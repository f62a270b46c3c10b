"""Script-level tests of size-report: its measurements against LLVM's own
readers (llvm-readobj-19, llvm-objdump-19) as independent oracles, the size
gate's exit status and messages (directly and through `make size-check`), the
JSON report, and building a base ref in a temporary worktree.

usage: test_size_report.py --tool T --samples DIR --out DIR --root DIR NAME
       test_size_report.py --list"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

SKIP = 77
TESTS = {}


def test(fn):
    TESTS[fn.__name__.replace("_", "-")] = fn
    return fn


class Skip(Exception):
    pass


def run(*cmd, cwd=None, env=None):
    return subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)


def check_output(*cmd, cwd=None):
    result = run(*cmd, cwd=cwd)
    assert result.returncode == 0, f"{cmd} failed ({result.returncode}):\n{result.stdout}{result.stderr}"
    return result.stdout


# --- what size-report says --------------------------------------------------

def parse_sizes(text):
    """{binary: {"file": (format, cpu, bytes), "parts": {(kind, name): bytes}}}"""
    out = {}
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        binary, kind, rest = line.split(" ", 2)
        if kind == "file":
            fmt, cpu, size = rest.split(" ")
            out[binary] = {"file": (fmt, cpu, int(size)), "parts": {}}
        else:
            size, name = rest.split(" ", 1)
            out[binary]["parts"][(kind, name)] = int(size)
    return out


def measure(args, *paths):
    return parse_sizes(check_output(args.tool, "measure", *paths))


# --- what LLVM says -----------------------------------------------------------

def add(parts, key, size):
    if size:
        parts[key] = parts.get(key, 0) + size


def llvm_elf(path):
    doc = json.loads(check_output("llvm-readobj-19", "--sections", "--program-headers",
                                  "--elf-output-style=JSON", path))[0]
    parts = {}
    loads = 0
    for entry in doc["ProgramHeaders"]:
        ph = entry["ProgramHeader"]
        if ph["Type"]["Name"] != "PT_LOAD":
            continue
        flags = {f["Name"] for f in ph["Flags"]["Flags"]}
        perms = "".join(c if f"PF_{c.upper()}" in flags else "-" for c in "rwx")
        add(parts, ("segment", f"LOAD #{loads} {perms}"), ph["FileSize"])
        loads += 1
    for entry in doc.get("Sections", []):
        s = entry["Section"]
        if s["Type"]["Name"] in ("SHT_NULL", "SHT_NOBITS"):
            continue
        add(parts, ("section", s["Name"]["Name"] or "(unnamed)"), s["Size"])
    return parts


MACHO_TABLES = {
    "LC_CODE_SIGNATURE": "code signature", "LC_SEGMENT_SPLIT_INFO": "segment split info",
    "LC_FUNCTION_STARTS": "function starts", "LC_DATA_IN_CODE": "data in code",
    "LC_DYLIB_CODE_SIGN_DRS": "code signing requirements", "LC_LINKER_OPTIMIZATION_HINT": "linker optimization hints",
    "LC_DYLD_EXPORTS_TRIE": "exports trie", "LC_DYLD_CHAINED_FIXUPS": "chained fixups",
}
DYLD_INFO = [("rebase_size", "rebase info"), ("bind_size", "binding info"), ("weak_bind_size", "weak binding info"),
             ("lazy_bind_size", "lazy binding info"), ("export_size", "export info")]


def llvm_macho(path):
    text = check_output("llvm-objdump-19", "--macho", "--private-headers", path)
    # Blocks of "key value" lines: one per load command, one per section.
    blocks = []
    for line in text.splitlines():
        if line.startswith("Load command") or line.strip() == "Section":
            blocks.append({"Section": line.strip() == "Section"})
        elif blocks:
            fields = line.split(None, 1)
            if len(fields) == 2:
                blocks[-1].setdefault(fields[0], fields[1])
    parts = {}
    for b in blocks:
        if b["Section"]:
            if "ZEROFILL" not in b["type"]:
                add(parts, ("section", f"{b['segname']},{b['sectname']}"), int(b["size"], 16))
            continue
        cmd = b["cmd"]
        if cmd == "LC_SEGMENT_64":
            add(parts, ("segment", b["segname"]), int(b["filesize"]))
        elif cmd == "LC_SYMTAB":
            add(parts, ("linkedit", "symbol table"), 16 * int(b["nsyms"]))
            add(parts, ("linkedit", "string table"), int(b["strsize"]))
        elif cmd == "LC_DYSYMTAB":
            add(parts, ("linkedit", "indirect symbols"), 4 * int(b["nindirectsyms"]))
        elif cmd in ("LC_DYLD_INFO", "LC_DYLD_INFO_ONLY"):
            for key, name in DYLD_INFO:
                add(parts, ("linkedit", name), int(b[key]))
        elif cmd in MACHO_TABLES:
            add(parts, ("linkedit", MACHO_TABLES[cmd]), int(b["datasize"]))
    return parts


def llvm_pe(path):
    text = check_output("llvm-readobj-19", "--sections", path)
    names = re.findall(r"^\s+Name: (\S*) \(", text, re.M)
    sizes = [int(n) for n in re.findall(r"^\s+RawDataSize: (\d+)", text, re.M)]
    assert len(names) == len(sizes) and names, text
    parts = {}
    for name, size in zip(names, sizes):
        add(parts, ("section", name), size)
    return parts


ORACLES = {"elf": llvm_elf, "mach-o": llvm_macho, "pe": llvm_pe}


def check_against_llvm(args, paths):
    measured = measure(args, *paths)
    assert sorted(measured) == sorted(os.path.basename(p) for p in paths), measured.keys()
    for path in paths:
        got = measured[os.path.basename(path)]
        fmt, _, size = got["file"]
        assert size == os.path.getsize(path), (path, size)
        expected = ORACLES[fmt](path)
        assert got["parts"] == expected, f"{path}:\n size-report: {sorted(got['parts'].items())}\n" \
                                         f" LLVM:        {sorted(expected.items())}"
        inside = sum(n for (kind, _), n in got["parts"].items() if kind != "segment")
        assert inside <= size, (path, inside, size)
        print(f"{os.path.basename(path)}: {fmt}, {size} bytes, {len(expected)} parts agree with LLVM")


def samples(args):
    return sorted(os.path.join(args.samples, n) for n in os.listdir(args.samples))


def shipped_binaries(args):
    names = [n for n in os.listdir(args.out) if n.startswith("runfiles-stub-") or n == "finalize-stub"]
    return sorted(os.path.join(args.out, n) for n in names)


@test
def readers_agree_with_llvm_on_samples(args):
    check_against_llvm(args, samples(args))


@test
def readers_agree_with_llvm_on_built_binaries(args):
    paths = shipped_binaries(args)
    if not paths:
        raise Skip(f"nothing built in {args.out}")
    check_against_llvm(args, paths)


@test
def measure_directory_takes_executables_only(args):
    with tempfile.TemporaryDirectory() as d:
        for p in samples(args):
            shutil.copy(p, d)
        with open(os.path.join(d, "build.log"), "w") as f:
            f.write("not a binary\n")
        with open(os.path.join(d, "script.sh"), "w") as f:
            f.write("#!/bin/sh\n")
        os.chmod(os.path.join(d, "script.sh"), 0o755)
        shutil.copy(samples(args)[0], os.path.join(d, "object.o"))
        os.chmod(os.path.join(d, "object.o"), 0o644)
        result = run(args.tool, "measure", d)
        assert result.returncode == 0, result.stderr
        assert sorted(parse_sizes(result.stdout)) == sorted(os.path.basename(p) for p in samples(args))
        assert "skipping " + os.path.join(d, "script.sh") + ": not an ELF, Mach-O or PE file" in result.stderr, \
            result.stderr


@test
def compare_json_and_markdown(args):
    base_paths = [p for p in samples(args) if "pe-aarch64" not in p]
    with tempfile.TemporaryDirectory() as d:
        # The current build: one binary grew (elf-x86_64 becomes the s390x
        # sample's bytes), one is new, one is gone.
        current_paths = []
        for p in samples(args):
            name = os.path.basename(p)
            if name == "elf-aarch64":
                continue
            src = os.path.join(args.samples, "elf-s390x") if name == "elf-x86_64" else p
            shutil.copy(src, os.path.join(d, name))
            current_paths.append(os.path.join(d, name))
        check_output(args.tool, "measure", "-o", os.path.join(d, "base.txt"), *base_paths)
        check_output(args.tool, "measure", "-o", os.path.join(d, "current.txt"), *current_paths)
        report = json.loads(check_output(args.tool, "compare", "--json", os.path.join(d, "base.txt"),
                                         os.path.join(d, "current.txt")))
        markdown = check_output(args.tool, "compare", os.path.join(d, "base.txt"), os.path.join(d, "current.txt"))
        current_total = sum(os.path.getsize(p) for p in current_paths)

    size = {os.path.basename(p): os.path.getsize(p) for p in samples(args)}
    by_name = {b["name"]: b for b in report["binaries"]}
    assert sorted(by_name) == sorted(size), by_name.keys()

    grown = by_name["elf-x86_64"]
    assert grown["base"] == size["elf-x86_64"] and grown["current"] == size["elf-s390x"]
    assert grown["change"] == size["elf-s390x"] - size["elf-x86_64"]
    assert abs(grown["percent"] - 100.0 * grown["change"] / grown["base"]) < 1e-4
    assert grown["status"] == "changed" and grown["changed_parts"]
    assert by_name["pe-aarch64.exe"]["status"] == "added" and by_name["pe-aarch64.exe"]["base"] is None
    assert by_name["elf-aarch64"]["status"] == "removed" and by_name["elf-aarch64"]["current"] is None
    assert by_name["macho-arm64"]["page_size"] == 16384 and by_name["macho-x86_64"]["page_size"] == 4096
    assert by_name["macho-arm64"]["status"] == "unchanged"

    total = report["total"]
    assert total["base"] == sum(os.path.getsize(p) for p in base_paths)
    assert total["current"] == current_total
    assert total["change"] == total["current"] - total["base"]
    assert abs(total["percent"] - 100.0 * total["change"] / total["base"]) < 1e-4

    assert "| `pe-aarch64.exe` | – |" in markdown and "| new |" in markdown, markdown
    assert "| removed |" in markdown and "#### `elf-x86_64`:" in markdown, markdown
    print(markdown)


def budgets_file(directory, lines):
    path = os.path.join(directory, "budgets")
    with open(path, "w") as f:
        f.write("".join(f"{name} {limit}\n" for name, limit in lines))
    return path


@test
def gate_fails_over_budget(args):
    paths = samples(args)
    with tempfile.TemporaryDirectory() as d:
        over = [(os.path.basename(p), os.path.getsize(p) - 1) for p in paths[:2]]
        within = [(os.path.basename(p), os.path.getsize(p)) for p in paths[2:]]
        result = run(args.tool, "check", budgets_file(d, over + within + [("not-built-yet", 1000)]), *paths)
    assert result.returncode == 1, (result.returncode, result.stdout, result.stderr)
    assert f"size-check: FAILED for 2 binaries:" in result.stdout, result.stdout
    for name, limit in over:
        assert f"  {name}: {limit + 1:,} bytes, budget {limit:,}, over by 1 byte (" in result.stdout, result.stdout
    for name, _ in within:
        assert re.search(rf"^{re.escape(name)} .* 0 left \(0\.00%\)$", result.stdout, re.M), result.stdout
    assert re.search(r"^not-built-yet +- +1,000  not built: skipped$", result.stdout, re.M), result.stdout
    print(result.stdout)


@test
def gate_passes_with_headroom(args):
    paths = samples(args)
    with tempfile.TemporaryDirectory() as d:
        result = run(args.tool, "check", budgets_file(d, [(os.path.basename(p), 40000) for p in paths]), *paths)
    assert result.returncode == 0, (result.stdout, result.stderr)
    for p in paths:
        headroom = 40000 - os.path.getsize(p)
        assert re.search(rf"^{re.escape(os.path.basename(p))} .* 40,000  {headroom:,} left \(", result.stdout, re.M), \
            result.stdout
    assert "every built binary is within its budget" in result.stdout


@test
def gate_fails_without_a_budget(args):
    paths = samples(args)
    with tempfile.TemporaryDirectory() as d:
        result = run(args.tool, "check", budgets_file(d, []), paths[0])
    assert result.returncode == 1
    assert f"  {os.path.basename(paths[0])}: " in result.stdout and "no budget" in result.stdout, result.stdout


@test
def make_size_check(args):
    """`make size-check` with budgets one byte under, at, and missing for
    every shipped binary. Skipped unless the shipped binaries are up to date,
    so that the test never rebuilds them under other running tests."""
    make = ["make", "--no-print-directory", "-C", args.root, f"OUT={args.out}", f"SIZE_REPORT={args.tool}",
            "-o", args.tool]
    if run(*make, "-q", "templates", "finalizer").returncode != 0:
        raise Skip("the shipped binaries are not up to date; `make` first")
    with tempfile.TemporaryDirectory() as d:
        # With no budgets at all, every shipped binary fails and is named.
        result = run(*make, f"SIZE_BUDGETS={budgets_file(d, [])}", "size-check")
        assert result.returncode != 0, result.stdout
        names = re.findall(r"^  (\S+): [\d,]+ bytes, no budget", result.stdout, re.M)
        assert "finalize-stub" in names and any(n.startswith("runfiles-stub-") for n in names), result.stdout
        sizes = {n: os.path.getsize(os.path.join(args.out, n)) for n in names}

        result = run(*make, f"SIZE_BUDGETS={budgets_file(d, [(n, s - 1) for n, s in sizes.items()])}", "size-check")
        assert result.returncode != 0, result.stdout
        assert f"size-check: FAILED for {len(sizes)} binaries:" in result.stdout, result.stdout
        for n, s in sizes.items():
            assert f"  {n}: {s:,} bytes, budget {s - 1:,}, over by 1 byte (" in result.stdout, result.stdout

        result = run(*make, f"SIZE_BUDGETS={budgets_file(d, list(sizes.items()))}", "size-check")
        assert result.returncode == 0, result.stdout + result.stderr
        assert "every built binary is within its budget" in result.stdout
    print(result.stdout)


def git(repo, *cmd):
    return check_output("git", "-C", repo, "-c", "user.name=t", "-c", "user.email=t@example.invalid", *cmd)


@test
def base_ref_builds_in_a_temporary_worktree(args):
    """size_report/measure_ref.sh on a throwaway repository whose `make all`
    copies a sample into $(OUT): the base's binary is measured, progress goes
    to stderr, and no worktree or temporary directory is left behind."""
    script = os.path.join(args.root, "size_report", "measure_ref.sh")
    with tempfile.TemporaryDirectory() as d:
        repo, tmp = os.path.join(d, "repo"), os.path.join(d, "tmp")
        os.makedirs(repo)
        os.makedirs(tmp)
        git(repo, "init", "-q")
        with open(os.path.join(repo, "Makefile"), "w") as f:
            f.write("all:\n\t@echo '  build  $(OUT)/prog'\n"
                    "\t@mkdir -p $(OUT) && cp prog $(OUT)/prog && chmod +x $(OUT)/prog\n")
        for sample in ("elf-s390x", "elf-aarch64"):
            shutil.copy(os.path.join(args.samples, sample), os.path.join(repo, "prog"))
            git(repo, "add", "Makefile", "prog")
            git(repo, "commit", "-q", "-m", sample)
        env = dict(os.environ, TMPDIR=tmp)
        sizes = os.path.join(d, "base.txt")

        result = run(script, "HEAD~1", args.tool, sizes, cwd=repo, env=env)
        assert result.returncode == 0, result.stderr
        assert parse_sizes(open(sizes).read())["prog"]["file"][1] == "s390x"
        assert "size-report: building HEAD~1 (" in result.stderr and "size-report:   base: prog" in result.stderr, \
            result.stderr
        assert os.listdir(tmp) == [], os.listdir(tmp)
        assert git(repo, "worktree", "list").count("\n") == 1

        with open(os.path.join(repo, "Makefile"), "w") as f:
            f.write("all:\n\t@echo 'the base does not build'; false\n")
        git(repo, "commit", "-q", "-am", "broken")
        result = run(script, "HEAD", args.tool, sizes, cwd=repo, env=env)
        assert result.returncode == 1 and "the base does not build" in result.stderr, result.stderr
        assert os.listdir(tmp) == [] and git(repo, "worktree", "list").count("\n") == 1

        result = run(script, "no-such-ref", args.tool, sizes, cwd=repo, env=env)
        assert result.returncode == 2 and "is not a commit" in result.stderr, result.stderr


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--list", action="store_true")
    parser.add_argument("--tool")
    parser.add_argument("--samples")
    parser.add_argument("--out")
    parser.add_argument("--root")
    parser.add_argument("name", nargs="?")
    args = parser.parse_args()
    if args.list:
        print("\n".join(TESTS))
        return 0
    try:
        TESTS[args.name](args)
    except Skip as e:
        print(f"skipped: {e}")
        return SKIP
    return 0


if __name__ == "__main__":
    sys.exit(main())
