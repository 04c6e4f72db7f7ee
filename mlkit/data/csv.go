package data

import (
	"encoding/csv"
	"errors"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"

	"gonum.org/v1/gonum/mat"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/check"
)

// Table is a labelled (or unlabelled) numeric table: X holds one sample per
// row, Y the class index of each row (nil when the table has no labels), and
// ClassNames[k] names class k when names are known.
type Table struct {
	Name         string
	X            *mat.Dense
	Y            []int
	FeatureNames []string
	ClassNames   []string
	// Source cites where the data comes from; License states its terms.
	Source, License string
}

// CSVConfig says how ReadCSV reads a file.
type CSVConfig struct {
	// Header: the first record names the columns (FeatureNames); otherwise
	// features are named "x0", "x1", … by column position.
	Header bool
	// LabelColumn is the 0-based column holding the class labels, or -1 for
	// a table without labels. The zero value means the first column.
	// Labels that are all non-negative integers are used as class indices;
	// otherwise each distinct text is a class, numbered in sorted order (as
	// scikit-learn's LabelEncoder does) and named in ClassNames.
	LabelColumn int
	// Comma is the field separator; 0 means ','.
	Comma rune
	// Name is copied to Table.Name.
	Name string
}

// ReadCSV reads a numeric table. Every record must have the same number of
// fields and every feature cell must be a finite number; errors name the line
// and the column (mlkit.ErrShape for ragged rows, mlkit.ErrValue for a cell
// that is not a number, mlkit.ErrNaN for NaN or ±Inf, mlkit.ErrEmpty for no
// data rows).
func ReadCSV(r io.Reader, cfg CSVConfig) (*Table, error) {
	const where = "data: ReadCSV"
	if check.IsNil(r) {
		return nil, check.Errorf(where, check.ErrEmpty, "reader is nil")
	}
	if cfg.LabelColumn < -1 {
		return nil, check.Errorf(where, check.ErrValue, "LabelColumn=%d, want -1 (no labels) or a column index >= 0", cfg.LabelColumn)
	}
	cr := csv.NewReader(r)
	if cfg.Comma != 0 {
		cr.Comma = cfg.Comma
	}
	cr.FieldsPerRecord = -1 // checked below, with a clearer message
	cr.ReuseRecord = false
	var (
		header  []string
		ncol    = -1
		firstLn int
		values  []float64
		labels  []string
		rows    int
	)
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, check.Errorf(where, check.ErrValue, "line %d, column %d: %v", pe.Line, pe.Column, pe.Err)
			}
			return nil, check.Errorf(where, check.ErrValue, "%v", err)
		}
		line, _ := cr.FieldPos(0)
		if ncol < 0 {
			ncol, firstLn = len(rec), line
			if cfg.LabelColumn >= ncol {
				return nil, check.Errorf(where, check.ErrValue, "LabelColumn=%d, but line %d has %d columns", cfg.LabelColumn, line, ncol)
			}
			if cfg.LabelColumn >= 0 && ncol == 1 {
				return nil, check.Errorf(where, check.ErrEmpty, "line %d has only the label column, want at least one feature", line)
			}
			if cfg.Header {
				header = rec
				continue
			}
		} else if len(rec) != ncol {
			return nil, check.Errorf(where, check.ErrShape, "line %d has %d fields, want %d (as on line %d)", line, len(rec), ncol, firstLn)
		}
		for j, cell := range rec {
			if j == cfg.LabelColumn {
				labels = append(labels, strings.TrimSpace(cell))
				continue
			}
			v, err := strconv.ParseFloat(strings.TrimSpace(cell), 64)
			if err != nil {
				return nil, check.Errorf(where, check.ErrValue, "line %d, column %d%s: %q is not a number", line, j+1, colName(header, j), cell)
			}
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, check.Errorf(where, check.ErrNaN, "line %d, column %d%s: %q, want a finite number", line, j+1, colName(header, j), cell)
			}
			values = append(values, v)
		}
		rows++
	}
	if rows == 0 {
		return nil, check.Errorf(where, check.ErrEmpty, "no data rows")
	}
	d := ncol
	if cfg.LabelColumn >= 0 {
		d--
	}
	t := &Table{Name: cfg.Name, X: mat.NewDense(rows, d, values)}
	for j := range ncol {
		if j == cfg.LabelColumn {
			continue
		}
		if header != nil {
			t.FeatureNames = append(t.FeatureNames, strings.TrimSpace(header[j]))
		} else {
			t.FeatureNames = append(t.FeatureNames, "x"+strconv.Itoa(len(t.FeatureNames)))
		}
	}
	if cfg.LabelColumn >= 0 {
		t.Y, t.ClassNames = encodeLabels(labels)
	}
	return t, nil
}

func colName(header []string, j int) string {
	if header == nil {
		return ""
	}
	return " (" + strconv.Quote(header[j]) + ")"
}

// encodeLabels turns label texts into class indices: non-negative integers are
// kept (with no names); any other text makes every distinct text a class,
// numbered in sorted order.
func encodeLabels(labels []string) ([]int, []string) {
	y := make([]int, len(labels))
	numeric := true
	for i, s := range labels {
		v, err := strconv.Atoi(s)
		if err != nil || v < 0 {
			numeric = false
			break
		}
		y[i] = v
	}
	if numeric {
		return y, nil
	}
	names := slices.Clone(labels)
	slices.Sort(names)
	names = slices.Compact(names)
	for i, s := range labels {
		y[i], _ = slices.BinarySearch(names, s)
	}
	return y, names
}
