"""Side-by-side bench task dbscan_200k: dbscan.py on the field of
2×10⁵ points (data.BenchmarkField{N: 200000, Seed: 1}, the first 2×10⁵ rows
of the 10⁶ field); scikit-learn takes about 3 s here on a quiet machine. The Go twin is BenchmarkSideBySideDBSCAN200k in mlkit/cluster.
"""
import sys

from dbscan import main

if __name__ == "__main__":
    sys.exit(main(200_000, "dbscan_200k"))
