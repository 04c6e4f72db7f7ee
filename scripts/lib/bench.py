"""Side-by-side benchmark table: the kit's Go benchmarks against the reference
implementations (scikit-learn, PyTorch), each run in its own process, the two
sides alternating task by task and repeat by repeat.

Go side: every `BenchmarkSideBySide<Task>` in the module. Each package's test
binary is built once (outside any timing), then run once per repeat with
-test.benchtime=1x; the time is its ns/op, the quality figure the custom metric
(b.ReportMetric) named like the reference's quality_name, else the first.
Reference side: scripts/bench.d/<task>.py, run with the system python and
BENCH_REPEATS=1 per repeat, printing one JSON line {"task", "seconds",
"quality", "quality_name", ...}. Tasks pair by name with case and underscores
ignored (kmeans_lloyd.py <-> SideBySideKMeansLloyd; a "_torch" suffix is
dropped). For network training (a Go "images/s" metric and a reference
"images_per_second"), the times compared are the training times of the same
number of images.

Threads are pinned and printed: the Go side runs with GOMAXPROCS=2 (the kit
keeps OpenBLAS on one thread itself), the reference with OMP_NUM_THREADS,
OPENBLAS_NUM_THREADS and MKL_NUM_THREADS = 2 (threadpoolctl's view is printed)
and PyTorch scripts call torch.set_num_threads(2). Before every run the
harness records the 1-minute load average and, because that average still
carries the previous benchmark's own two threads for a minute, also the cores
kept busy by other processes during one idle second (from /proc/stat); a row
is flagged when other work kept more than a quarter of a core busy before any
of its runs, because its ratio then measures that work as much as the code.
"""
import glob
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

root, repeats, tags, pattern = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
py = "/usr/bin/python3" if os.path.exists("/usr/bin/python3") else "python3"
THREADS = "2"
# Rows whose two sides do not run the same algorithm, said beside the ratio.
NOTES = {
    "pcafull": "Go: eigenvectors of XᵀX; sklearn: dense SVD of X",
    "kmeanslloyd": "different k-means++ draws on each side",
    "kmeanselkan": "different k-means++ draws on each side",
    "gmmfull": "different k-means starts; iterations may differ",
    "gmmdiag": "different k-means starts; iterations may differ",
    "tsne": "iterations per side printed; same 1,000 asked",
    "svcproba": "internal CV folds drawn differently",
    "som": "same distribution, different points (numpy twin of MiniSom)",
}


def key(name):
    name = re.sub(r"_torch$", "", name)
    return re.sub(r"[-_ ]", "", name).lower()


def load():
    return os.getloadavg()[0]


def busy_cores(seconds=1.0):
    """Cores kept busy by other processes over an idle interval (the
    harness itself sleeps), from /proc/stat; NaN where it is missing."""
    def snap():
        with open("/proc/stat") as f:
            v = [int(x) for x in f.readline().split()[1:]]
        idle = v[3] + (v[4] if len(v) > 4 else 0)
        return sum(v), idle
    try:
        t0, i0 = snap()
        time.sleep(seconds)
        t1, i1 = snap()
    except OSError:
        return float("nan")
    ncpu = os.cpu_count() or 1
    return ncpu * (1 - (i1 - i0) / max(t1 - t0, 1))


# Find the Go tasks and their packages.
tasks = {}
for path in glob.glob(os.path.join(root, "**", "*_test.go"), recursive=True):
    if "/.scratch/" in path or "/node_modules/" in path:
        continue
    for m in re.finditer(r"^func BenchmarkSideBySide(\w+)\(", open(path).read(), re.M):
        name = m.group(1)
        if re.fullmatch(pattern, name) or re.search(pattern, name):
            tasks[key(name)] = {"name": name, "dir": os.path.dirname(path)}
refs = {}
for path in sorted(glob.glob(os.path.join(root, "scripts", "bench.d", "*.py"))):
    name = os.path.splitext(os.path.basename(path))[0]
    if not name.startswith("_"):
        refs[key(name)] = path
have_ref = subprocess.run([py, "-c", "import sklearn"], capture_output=True).returncode == 0

go_env = dict(os.environ, GOMAXPROCS=THREADS, OPENBLAS_NUM_THREADS="1")
ref_env = dict(os.environ, BENCH_REPEATS="1", OMP_NUM_THREADS=THREADS,
               OPENBLAS_NUM_THREADS=THREADS, MKL_NUM_THREADS=THREADS)

# Build each package's test binary once, outside the timed runs.
bins = {}
tmp = tempfile.mkdtemp(prefix="mlkit-bench-")
for d in sorted({t["dir"] for t in tasks.values()}):
    out = os.path.join(tmp, re.sub(r"\W", "_", os.path.relpath(d, root)) + ".test")
    cmd = ["go", "test", "-c", "-o", out] + (["-tags", tags] if tags else []) + ["."]
    r = subprocess.run(cmd, cwd=d, capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit("bench: building %s failed:\n%s" % (d, r.stderr[-3000:]))
    bins[d] = out

tp = subprocess.run([py, "-c", "import json, threadpoolctl, numpy, sklearn; print(json.dumps("
                     "[(i['internal_api'], i['num_threads']) for i in threadpoolctl.threadpool_info()]))"],
                    capture_output=True, text=True, env=ref_env)
print("threads: Go GOMAXPROCS=%s (kit BLAS on 1 thread); reference OMP/OPENBLAS/MKL=%s, "
      "threadpoolctl %s, torch.set_num_threads(2)" % (THREADS, THREADS, (tp.stdout.strip() or "n/a")),
      file=sys.stderr, flush=True)

line_re = re.compile(r"^BenchmarkSideBySide(\w+?)(?:-\d+)?\s+\d+\s+(\d+(?:\.\d+)?) ns/op(.*)$")


def run_go(t):
    r = subprocess.run([bins[t["dir"]], "-test.run", "^$", "-test.bench", "^BenchmarkSideBySide%s$" % t["name"],
                        "-test.benchtime", "1x", "-test.timeout", "60m"],
                       cwd=t["dir"], capture_output=True, text=True, env=go_env)
    for line in r.stdout.splitlines():
        m = line_re.match(line.strip())
        if m and m.group(1) == t["name"]:
            metrics = re.findall(r"(\S+) (\S+)", m.group(3).strip())
            q = [(n, float(v)) for v, n in metrics if n not in ("B/op", "allocs/op")]
            return float(m.group(2)) / 1e9, q
    raise RuntimeError("Go benchmark %s failed: %s" % (t["name"], (r.stdout + r.stderr)[-800:]))


def run_ref(path):
    r = subprocess.run([py, path], capture_output=True, text=True, env=ref_env)
    lines = [l for l in r.stdout.splitlines() if l.startswith("{")]
    if r.returncode != 0 or not lines:
        raise RuntimeError((r.stderr.strip().splitlines() or ["failed"])[-1])
    return json.loads(lines[-1])


rows = []
for k in sorted(tasks):
    t = tasks[k]
    path = refs.get(k) if have_ref else None
    gsecs, gq, rruns, loads, busy, err = [], [], [], [], [], None
    for rep in range(repeats):
        loads.append(load())
        busy.append(busy_cores())
        print("go %s (repeat %d, load %.2f, other work %.2f cores)" % (t["name"], rep + 1, loads[-1], busy[-1]),
              file=sys.stderr, flush=True)
        try:
            s, q = run_go(t)
        except RuntimeError as e:
            err = str(e)
            break
        gsecs.append(s)
        gq.append(q)
        if path:
            loads.append(load())
            busy.append(busy_cores())
            print("reference %s (repeat %d, load %.2f, other work %.2f cores)" % (
                os.path.basename(path), rep + 1, loads[-1], busy[-1]), file=sys.stderr, flush=True)
            try:
                rruns.append(run_ref(path))
            except RuntimeError as e:
                err = "reference failed: " + str(e)
                path = None
    rows.append((t, path, gsecs, gq, rruns, loads, busy, err))

print()
print("BLAS: %s; %d alternating repeats (medians); threads: Go GOMAXPROCS=%s, reference %s; "
      "load = highest 1-min load average before a run (it includes the previous run's own threads); "
      "other = most cores busy with other work in the idle second before a run (! above 0.25)" % (
          "OpenBLAS" if tags else "pure Go", repeats, THREADS, THREADS))
hdr = "%-22s %9s %9s %7s %5s %6s  %-30s %s" % ("task", "Go s", "ref s", "Go/ref", "load", "other", "Go quality", "reference quality")
print(hdr)
print("-" * len(hdr))
for t, path, gsecs, gq, rruns, loads, busy, err in rows:
    if not gsecs:
        print("%-22s %s" % (t["name"][:22], err or "no result"))
        continue
    gs = statistics.median(gsecs)
    r = rruns[-1] if rruns else None
    q0 = dict(gq[0])
    want = key((r or {}).get("quality_name", "").replace(" ", "_"))
    qname = next((n for n in q0 if key(n) == want), next(iter(q0), None))
    gqs = "%s %.6g" % (qname, statistics.median(dict(q)[qname] for q in gq)) if qname else ""
    rs, ratio, rq = "-", "-", (err or ("no reference" if have_ref else "scikit-learn not installed"))
    if rruns:
        rsec = statistics.median(x["seconds"] for x in rruns)
        cmp_go = gs
        if "images/s" in q0 and "images" in r:
            # Training time of the same images, from the Go throughput.
            cmp_go = r["images"] / statistics.median(dict(q)["images/s"] for q in gq)
            gs = cmp_go
        rs = "%.3f" % rsec
        ratio = "%.2f" % (cmp_go / rsec) if rsec > 0 else "-"
        rq = "%s %.6g" % (r.get("quality_name", "quality"), statistics.median(x["quality"] for x in rruns))
        extra = {kk: v for kk, v in r.items() if kk not in ("task", "seconds", "quality", "quality_name")}
        if extra:
            rq += " " + " ".join("%s=%s" % (kk, (round(v, 4) if isinstance(v, float) else v)) for kk, v in extra.items())
    its = [n for n in q0 if n in ("iterations", "epochs")]
    if its:
        gqs += " " + " ".join("%s=%g" % (n, q0[n]) for n in its)
    note = NOTES.get(key(t["name"]))
    ld = max(loads) if loads else float("nan")
    ob = max(busy) if busy else float("nan")
    print("%-22s %9.3f %9s %7s %5.2f %5.2f%s  %-30s %s%s" % (t["name"][:22], gs, rs, ratio, ld, ob, "!" if ob > 0.25 else " ",
                                                            gqs, rq, ("   [" + note + "]") if note else ""))
