"""Side-by-side benchmark table: the kit's Go benchmarks against the reference
implementations (scikit-learn, PyTorch), each run in its own process, in one run.

Go side: every `BenchmarkSideBySide<Task>` in the module, run with -benchtime=1x
-count=R; the median ns/op is the time, and the quality figure is the custom
metric (b.ReportMetric) named like the reference's quality_name, else the first. Reference side: every
scripts/bench.d/<task>.py, run with the system python, printing one JSON line
{"task", "seconds", "quality", "quality_name", ...}. Tasks pair by name with
case and underscores ignored (kmeans_lloyd.py <-> SideBySideKMeansLloyd; a
"_torch" suffix is dropped).
"""
import glob
import json
import os
import re
import statistics
import subprocess
import sys

root, repeats, tags, pattern = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
py = "/usr/bin/python3" if os.path.exists("/usr/bin/python3") else "python3"


def key(name):
    name = re.sub(r"_torch$", "", name)
    return re.sub(r"[-_ ]", "", name).lower()


cmd = ["go", "test", "-run", "^$", "-bench", "^BenchmarkSideBySide(" + pattern + ")",
       "-benchtime=1x", "-count=%d" % repeats, "-timeout", "60m"]
if tags:
    cmd += ["-tags", tags]
cmd += ["./..."]
print("go side:", " ".join(cmd), file=sys.stderr, flush=True)
res = subprocess.run(cmd, cwd=root, capture_output=True, text=True)
if res.returncode != 0:
    sys.stderr.write(res.stdout[-4000:] + res.stderr[-4000:])
    sys.exit("bench: go benchmarks failed")
line_re = re.compile(r"^BenchmarkSideBySide(\w+?)(?:/(\S+?))?(?:-\d+)?\s+\d+\s+(\d+(?:\.\d+)?) ns/op(.*)$")
go = {}
for line in res.stdout.splitlines():
    m = line_re.match(line.strip())
    if not m:
        continue
    task, sub, ns, rest = m.group(1), m.group(2), float(m.group(3)), m.group(4)
    metrics = re.findall(r"(\S+) (\S+)", rest.strip())
    quality = [(n, float(v)) for v, n in ((a, b) for a, b in metrics)
               if not n.endswith("/op") and n not in ("B/op", "allocs/op")]
    e = go.setdefault(key(task), {"task": task + ("/" + sub if sub else ""), "secs": [], "q": []})
    e["secs"].append(ns / 1e9)
    if quality:
        e["q"].append(quality)

ref = {}
have_sklearn = subprocess.run([py, "-c", "import sklearn"], capture_output=True).returncode == 0
for path in sorted(glob.glob(os.path.join(root, "scripts", "bench.d", "*.py"))):
    name = os.path.splitext(os.path.basename(path))[0]
    if name.startswith("_") or key(name) not in go:
        continue
    if not have_sklearn:
        continue
    env = dict(os.environ)
    env["BENCH_REPEATS"] = str(repeats)
    print("reference:", name, file=sys.stderr, flush=True)
    r = subprocess.run([py, path], capture_output=True, text=True, env=env)
    lines = [l for l in r.stdout.splitlines() if l.startswith("{")]
    if r.returncode != 0 or not lines:
        ref[key(name)] = {"error": (r.stderr.strip().splitlines() or ["failed"])[-1]}
        continue
    ref[key(name)] = json.loads(lines[-1])

print()
print("BLAS: %s; repeats: %d (medians)" % ("OpenBLAS" if tags else "pure Go", repeats))
hdr = "%-22s %10s %10s %8s   %-34s %s" % ("task", "Go s", "ref s", "Go/ref", "Go quality", "reference quality")
print(hdr)
print("-" * len(hdr))
for k in sorted(go):
    e = go[k]
    gs = statistics.median(e["secs"])
    r = ref.get(k)
    gq = ""
    if e["q"]:
        # The Go figure shown is the metric named like the reference's quality
        # (case and separators ignored), else the first one reported.
        want = key((r or {}).get("quality_name", "").replace(" ", "_"))
        names = [n for n, _ in e["q"][0]]
        name = next((n for n in names if key(n) == want), names[0])
        vals = [dict(q)[name] for q in e["q"] if name in dict(q)]
        gq = "%s %.6g" % (name, statistics.median(vals))
    if r is None:
        rs, ratio, rq = "-", "-", ("scikit-learn not installed" if not have_sklearn else "no reference")
    elif "error" in r:
        rs, ratio, rq = "-", "-", "reference failed: " + r["error"][:60]
    else:
        rs = "%.3f" % r["seconds"]
        ratio = "%.2f" % (gs / r["seconds"]) if r["seconds"] > 0 else "-"
        rq = "%s %.6g" % (r.get("quality_name", "quality"), r.get("quality", float("nan")))
        extra = {kk: v for kk, v in r.items() if kk not in ("task", "seconds", "quality", "quality_name")}
        if extra:
            rq += " " + " ".join("%s=%s" % (kk, v) for kk, v in extra.items())
    print("%-22s %10.3f %10s %8s   %-34s %s" % (e["task"][:22], gs, rs, ratio, gq, rq))
