"""Read an executed notebook; print its cell count and any failed cell.

GoNB reports a cell whose program exits non-zero (a panic, log.Fatal, a failed
check) as ordinary stderr text ending in "exit status N", not as a Jupyter
error, so nbconvert alone would call such a notebook a success. This reads the
outputs: a cell failed when it has an error output or stderr ending a program
with a non-zero exit status. Exit code 1 when a cell failed.
"""
import json
import re
import sys

nb = json.load(open(sys.argv[1]))
code = [c for c in nb["cells"] if c["cell_type"] == "code"]
exit_re = re.compile(r"^exit status [1-9][0-9]*\s*$", re.M)
failed = None
for i, cell in enumerate(code, 1):
    for out in cell.get("outputs", []):
        text = out.get("text", "")
        text = "".join(text) if isinstance(text, list) else text
        if out.get("output_type") == "error":
            failed = (i, out.get("ename", "") + ": " + out.get("evalue", "") + "\n" +
                      "\n".join(out.get("traceback", [])))
        elif out.get("name") == "stderr" and exit_re.search(text):
            failed = (i, text)
        if failed:
            break
    if failed:
        break
    if cell.get("execution_count") is None and cell["source"]:
        failed = (i, "cell was not executed")
        break
print(len(code))
if failed:
    src = code[failed[0] - 1]["source"]
    src = "".join(src) if isinstance(src, list) else src
    ansi = re.compile(r"\x1b\[[0-9;]*m")
    sys.stderr.write("--- code cell %d failed:\n%s\n--- its output:\n%s\n" % (failed[0], src, ansi.sub("", failed[1])))
    sys.exit(1)
