package data

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"slices"
	"sync"

	"gonum.org/v1/gonum/mat"
)

// The tables are exported from scikit-learn 1.2.1's bundled copies by
// tables/export.py; tables/README.md gives their sources and licence.
//
//go:embed tables/*.csv tables/tables.json
var tablesFS embed.FS

type tableMeta struct {
	File        string   `json:"file"`
	Rows        int      `json:"rows"`
	Features    int      `json:"features"`
	ClassNames  []string `json:"class_names"`
	ClassCounts []int    `json:"class_counts"`
	Source      string   `json:"source"`
	License     string   `json:"license"`
}

var (
	tablesOnce sync.Once
	tablesErr  error
	tablesMap  map[string]*Table
)

// loadTables parses every embedded table once; callers get copies.
func loadTables() {
	raw, err := tablesFS.ReadFile("tables/tables.json")
	if err != nil {
		tablesErr = err
		return
	}
	var meta struct {
		Tables map[string]tableMeta `json:"tables"`
	}
	if err := json.Unmarshal(raw, &meta); err != nil {
		tablesErr = err
		return
	}
	tablesMap = map[string]*Table{}
	for name, m := range meta.Tables {
		b, err := tablesFS.ReadFile("tables/" + m.File)
		if err != nil {
			tablesErr = err
			return
		}
		t, err := ReadCSV(bytes.NewReader(b), CSVConfig{Header: true, LabelColumn: m.Features, Name: name})
		if err != nil {
			tablesErr = err
			return
		}
		if r, c := t.X.Dims(); r != m.Rows || c != m.Features {
			tablesErr = fmt.Errorf("table %s is %d×%d, tables.json says %d×%d", name, r, c, m.Rows, m.Features)
			return
		}
		t.ClassNames, t.Source, t.License = m.ClassNames, m.Source, m.License
		tablesMap[name] = t
	}
}

func table(name string) (*Table, error) {
	tablesOnce.Do(loadTables)
	if tablesErr != nil {
		return nil, fmt.Errorf("data: embedded tables: %w", tablesErr)
	}
	t, ok := tablesMap[name]
	if !ok {
		return nil, fmt.Errorf("data: no embedded table %q", name)
	}
	return &Table{
		Name:         t.Name,
		X:            mat.DenseCopyOf(t.X),
		Y:            slices.Clone(t.Y),
		FeatureNames: slices.Clone(t.FeatureNames),
		ClassNames:   slices.Clone(t.ClassNames),
		Source:       t.Source,
		License:      t.License,
	}, nil
}

// Iris returns Fisher's iris table: 150 flowers × 4 measurements (cm), three
// species of 50 (setosa, versicolor, virginica). Each call returns a new copy.
func Iris() (*Table, error) { return table("iris") }

// Wine returns the UCI wine table: 178 wines × 13 chemical measurements,
// three cultivars (59, 71, 48 wines). Each call returns a new copy.
func Wine() (*Table, error) { return table("wine") }

// BreastCancer returns the Breast Cancer Wisconsin (Diagnostic) table: 569
// samples × 30 features of cell nuclei; class 0 malignant (212), 1 benign
// (357), as in scikit-learn. Each call returns a new copy.
func BreastCancer() (*Table, error) { return table("breast_cancer") }

// Digits returns scikit-learn's 8×8 digits: 1797 images × 64 pixel counts in
// 0–16 (row-major), classes 0–9. Each call returns a new copy.
func Digits() (*Table, error) { return table("digits") }
