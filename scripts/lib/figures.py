"""Copy one figure of each executed notebook into notebooks/figures/ for the README.

The figure is the first PNG output of the cell whose source contains the line
"// README figure", or the notebook's first PNG output when no cell has it.
"""
import base64
import glob
import json
import os
import sys

root = sys.argv[1]
os.makedirs(os.path.join(root, "notebooks", "figures"), exist_ok=True)
for path in sorted(glob.glob(os.path.join(root, "notebooks", "[0-9]*.ipynb"))):
    nb = json.load(open(path))
    chosen = None
    first = None
    for cell in nb["cells"]:
        src = cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])
        for out in cell.get("outputs", []):
            png = out.get("data", {}).get("image/png")
            if png is None:
                continue
            if first is None:
                first = png
            if "// README figure" in src and chosen is None:
                chosen = png
    png = chosen or first
    if png is None:
        print("no figure in", os.path.basename(path))
        continue
    name = os.path.splitext(os.path.basename(path))[0] + ".png"
    dest = os.path.join(root, "notebooks", "figures", name)
    with open(dest, "wb") as f:
        f.write(base64.b64decode("".join(png) if isinstance(png, list) else png))
    print("wrote", os.path.relpath(dest, root))
