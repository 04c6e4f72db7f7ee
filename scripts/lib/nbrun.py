"""Execute a notebook with nbclient, as `jupyter nbconvert --execute` does, and
time each code cell on the client's clock.

The GoNB kernel stamps its messages with whole seconds (RFC 3339 without a
fraction), so the execution timestamps nbconvert records in each cell's
metadata are too coarse for cells that take about a second. This runner times
each code cell itself, from the execute request to the reply, and writes
{"cells": [seconds per code cell, in order], "cpu": s} as JSON to --timings,
where cpu is the CPU time (user + system) of the kernel and everything it ran
(go build, the cells' programs), counted when the kernel has exited: on a
shared machine it moves much less with the load than wall time does.

Usage: nbrun.py IN.ipynb OUT.ipynb --kernel gonb --timeout 900 --timings T.json
Errors in cells are kept in the outputs (like --allow-errors); nbcheck.py
finds them.
"""
import argparse
import json
import os
import resource
import time

import nbformat
from nbclient import NotebookClient

ap = argparse.ArgumentParser()
ap.add_argument("src")
ap.add_argument("dst")
ap.add_argument("--kernel", default="gonb")
ap.add_argument("--timeout", type=int, default=900)
ap.add_argument("--timings")
a = ap.parse_args()

nb = nbformat.read(a.src, as_version=4)
starts, seconds = {}, []


def on_execute(cell, cell_index, **_):
    starts[cell_index] = time.monotonic()


def on_executed(cell, cell_index, **_):
    if cell_index in starts:
        seconds.append(round(time.monotonic() - starts.pop(cell_index), 3))


# The kernel starts in the notebook's folder, as under nbconvert: the set-up
# cell finds the module at "${GONB_DIR}/..".
client = NotebookClient(nb, kernel_name=a.kernel, timeout=a.timeout, allow_errors=True,
                        resources={"metadata": {"path": os.path.dirname(os.path.abspath(a.src))}},
                        on_cell_execute=on_execute, on_cell_executed=on_executed)


def scrub(nb):
    """Keep the checkout's absolute path out of the saved outputs (GoNB's
    %goworkfix prints 'Added replace rule ... to local directory "<path>"'):
    the committed notebooks must not name a folder of one machine."""
    root = os.path.dirname(os.path.dirname(os.path.abspath(a.src)))
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            if out.get("output_type") == "stream" and root in out.get("text", ""):
                out["text"] = out["text"].replace(root, "<repository>")


try:
    client.execute()  # shuts the kernel down and reaps it at the end
finally:
    scrub(nb)
    nbformat.write(nb, a.dst)
    if a.timings:
        r = resource.getrusage(resource.RUSAGE_CHILDREN)
        json.dump({"cells": seconds, "cpu": round(r.ru_utime + r.ru_stime, 2)}, open(a.timings, "w"))
