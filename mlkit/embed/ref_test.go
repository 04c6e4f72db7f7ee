package embed

import (
	"encoding/json"
	"os"
	"sync"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// reference holds the values written by testdata/make_reference.py
// (scikit-learn 1.2.1, numpy; see the script for seeds and sizes).
type reference struct {
	PCAIris   pcaRef `json:"pca_iris"`
	PCAIrisK2 pcaRef `json:"pca_iris_k2"`
	PCA300x20 pcaRef `json:"pca_300x20"`
	PCADecay  pcaRef `json:"pca_decay"`
	MDSClass  struct {
		X           [][]float64 `json:"X"`
		Embedding   [][]float64 `json:"embedding"`
		Eigenvalues []float64   `json:"eigenvalues"`
	} `json:"mds_classical"`
	MDSSmacof struct {
		Stress []float64 `json:"stress"`
	} `json:"mds_smacof"`
	TSNEBlobs struct {
		X         [][]float64 `json:"X"`
		Exact     tsneRef     `json:"exact"`
		BarnesHut tsneRef     `json:"barnes_hut"`
	} `json:"tsne_blobs"`
}

type pcaRef struct {
	X                      [][]float64 `json:"X"`
	K                      int         `json:"k"`
	Components             [][]float64 `json:"components"`
	Mean                   []float64   `json:"mean"`
	ExplainedVariance      []float64   `json:"explained_variance"`
	ExplainedVarianceRatio []float64   `json:"explained_variance_ratio"`
	SingularValues         []float64   `json:"singular_values"`
	NoiseVariance          float64     `json:"noise_variance"`
	TransformFirstRows     [][]float64 `json:"transform_first_rows"`
}

type tsneRef struct {
	Trustworthiness []float64 `json:"trustworthiness"`
	KL              []float64 `json:"kl"`
}

var (
	refOnce sync.Once
	refData reference
	refErr  error
)

func loadReference(t testing.TB) *reference {
	t.Helper()
	refOnce.Do(func() {
		b, err := os.ReadFile("testdata/reference.json")
		if err != nil {
			refErr = err
			return
		}
		refErr = json.Unmarshal(b, &refData)
	})
	if refErr != nil {
		t.Fatal(refErr)
	}
	return &refData
}

func dense(rows [][]float64) *mat.Dense {
	m := mat.NewDense(len(rows), len(rows[0]), nil)
	for i, r := range rows {
		m.SetRow(i, r)
	}
	return m
}
