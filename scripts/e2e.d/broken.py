"""Write the notebooks of `scripts/e2e --self-test` into the folder given.

Three must fail — a panic, a compile error, a program ending with os.Exit(3) —
and one must pass, so that a self-test that fails everything (a broken browser,
a kernel that never starts) is not mistaken for a working one. Names starting
with "bad_" are the ones e2e.mjs expects to fail. They import nothing outside
the standard library, so GoNB fetches no module.
"""
import json
import os
import sys


def notebook(*cells):
    return {
        "cells": [{"cell_type": "code", "execution_count": None, "metadata": {},
                   "outputs": [], "source": src} for src in cells],
        "metadata": {"kernelspec": {"display_name": "Go (gonb)", "language": "go", "name": "gonb"},
                     "language_info": {"name": "go"}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }


books = {
    # A panic in the middle: Run All carries on, so the cells after it run and
    # every execution count is present; only the panic's text can fail it.
    "bad_panic.ipynb": notebook(
        '%%\nfmt.Println("before the panic")',
        '%%\npanic("e2e self-test: a panic")',
        '%%\nfmt.Println("after the panic")'),
    "bad_compile.ipynb": notebook(
        '%%\nvar n int = "not an int"\nfmt.Println(n)'),
    "bad_exit.ipynb": notebook(
        'import "os"\n\n%%\nfmt.Println("leaving with status 3")\nos.Exit(3)'),
    "ok_hello.ipynb": notebook(
        '%%\nfmt.Println("hello from the e2e self-test")',
        '%%\nfor i := range 3 {\n\tfmt.Println(i)\n}'),
}

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
for name, nb in books.items():
    with open(os.path.join(out, name), "w") as f:
        json.dump(nb, f, indent=1)
