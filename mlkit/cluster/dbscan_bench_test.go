package cluster

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"flag"
	"fmt"
	"math"
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"testing"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit/data"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/progress"
)

// The benchmark field of experiment 03 and scikit-learn's settings for it.
const (
	dbBenchSeed       = 1
	dbBenchEps        = 0.3
	dbBenchMinSamples = 10
)

// BenchmarkSideBySideDBSCAN is the Go twin of scripts/bench.d/dbscan.py:
// DBSCAN with Eps 0.3 and MinSamples 10 on data.BenchmarkField{N: 10⁶,
// Seed: 1} (50 Gaussian blobs, sd 0.5, centres in [0,100]², 10 % uniform
// noise). It reports the clusters, the noise fraction and the peak resident
// memory of the process during the fit (VmHWM after resetting it through
// /proc/self/clear_refs once the field is generated; the field itself is
// 16 MB of it).
//
// The 2×10⁵ size is its own benchmark, BenchmarkSideBySideDBSCAN200k (twin of
// dbscan_200k.py), because scripts/lib/bench.py pairs tasks by benchmark
// name and would take the median over sub-benchmarks of one name.
func BenchmarkSideBySideDBSCAN(b *testing.B) { benchDBSCAN(b, 1_000_000) }

// BenchmarkSideBySideDBSCAN200k is BenchmarkSideBySideDBSCAN on 2×10⁵ rows.
func BenchmarkSideBySideDBSCAN200k(b *testing.B) { benchDBSCAN(b, 200_000) }

func benchDBSCAN(b *testing.B, n int) {
	X, _, err := data.BenchmarkField{N: n, Seed: dbBenchSeed}.Generate()
	if err != nil {
		b.Fatal(err)
	}
	runtime.GC()
	debug.FreeOSMemory()
	resetPeakRSS := os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) == nil
	if !resetPeakRSS {
		b.Log("cannot reset VmHWM: peak-RSS-MiB is the process peak so far")
	}
	b.ReportAllocs()
	var m *DBSCANModel
	c0 := dbCPUTime()
	for b.Loop() {
		m, err = DBSCAN{Eps: dbBenchEps, MinSamples: dbBenchMinSamples, Progress: progress.Silent}.Fit(X)
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(dbCPUTime()-c0)/float64(b.N)/1e9, "cpu-s/op")
	b.ReportMetric(float64(m.NClusters), "clusters")
	b.ReportMetric(float64(m.NoiseCount())/float64(n), "noise-fraction")
	b.ReportMetric(float64(len(m.CoreIndices)), "core-rows")
	if hwm, ok := procStatusKiB("VmHWM"); ok {
		b.ReportMetric(float64(hwm)/1024, "peak-RSS-MiB")
	}
}

// procStatusKiB reads a "kB" field of /proc/self/status.
func procStatusKiB(field string) (int64, bool) {
	raw, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0, false
	}
	sc := bufio.NewScanner(bytes.NewReader(raw))
	for sc.Scan() {
		name, rest, ok := strings.Cut(sc.Text(), ":")
		if !ok || name != field {
			continue
		}
		v, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
		return v, err == nil
	}
	return 0, false
}

// dbCPUTime is the process's user+system CPU time in nanoseconds.
func dbCPUTime() int64 {
	raw, err := os.ReadFile("/proc/self/stat")
	if err != nil {
		return 0
	}
	// Fields 14 and 15 (utime, stime) follow the command name in parentheses.
	s := string(raw)
	f := strings.Fields(s[strings.LastIndexByte(s, ')')+2:])
	if len(f) < 13 {
		return 0
	}
	ut, _ := strconv.ParseInt(f[11], 10, 64)
	st, _ := strconv.ParseInt(f[12], 10, 64)
	return (ut + st) * 1e7 // clock ticks of 10 ms (USER_HZ = 100 on Linux)
}

// Flags of TestDBSCANWriteBenchField, which scripts/bench.d/dbscan.py runs
// to get the same field as the Go benchmark (and the Go labels, to check the
// partitions agree).
var (
	dbFieldOut = flag.String("dbscan.field", "", "write data.BenchmarkField points to this .npy file")
	dbLabelOut = flag.String("dbscan.labels", "", "write the Go DBSCAN labels of the field to this .npy file")
	dbFieldN   = flag.Int("dbscan.n", 1_000_000, "rows of the benchmark field")
)

// TestDBSCANWriteBenchField writes data.BenchmarkField{N: -dbscan.n, Seed: 1}
// as an n×2 float64 .npy file and, with -dbscan.labels, the labels of DBSCAN
// (Eps 0.3, MinSamples 10) as int64 .npy. It does nothing without flags.
func TestDBSCANWriteBenchField(t *testing.T) {
	if *dbFieldOut == "" {
		t.Skip("run by scripts/bench.d/dbscan.py with -args -dbscan.field=PATH")
	}
	X, _, err := data.BenchmarkField{N: *dbFieldN, Seed: dbBenchSeed}.Generate()
	if err != nil {
		t.Fatal(err)
	}
	n, d := X.Dims()
	buf := make([]byte, 8*n*d)
	for i, v := range X.RawMatrix().Data[:n*d] {
		binary.LittleEndian.PutUint64(buf[8*i:], math.Float64bits(v))
	}
	if err := writeNpy(*dbFieldOut, "<f8", []int{n, d}, buf); err != nil {
		t.Fatal(err)
	}
	if *dbLabelOut == "" {
		return
	}
	m, err := DBSCAN{Eps: dbBenchEps, MinSamples: dbBenchMinSamples, Progress: progress.Silent}.Fit(X)
	if err != nil {
		t.Fatal(err)
	}
	buf = make([]byte, 8*n)
	for i, l := range m.Labels {
		binary.LittleEndian.PutUint64(buf[8*i:], uint64(int64(l)))
	}
	if err := writeNpy(*dbLabelOut, "<i8", []int{n}, buf); err != nil {
		t.Fatal(err)
	}
}

// writeNpy writes a C-order array in NumPy's .npy format, version 1.0.
func writeNpy(path, descr string, shape []int, body []byte) error {
	dims := make([]string, len(shape))
	for i, s := range shape {
		dims[i] = strconv.Itoa(s)
	}
	sh := strings.Join(dims, ", ")
	if len(shape) == 1 {
		sh += ","
	}
	hdr := fmt.Sprintf("{'descr': '%s', 'fortran_order': False, 'shape': (%s), }", descr, sh)
	// Magic (6) + version (2) + length (2) + header + '\n', padded to 64.
	pad := 64 - (10+len(hdr)+1)%64
	hdr += strings.Repeat(" ", pad%64) + "\n"
	var out bytes.Buffer
	out.WriteString("\x93NUMPY\x01\x00")
	binary.Write(&out, binary.LittleEndian, uint16(len(hdr)))
	out.WriteString(hdr)
	out.Write(body)
	return os.WriteFile(path, out.Bytes(), 0o644)
}
