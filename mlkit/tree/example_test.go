package tree_test

import (
	"fmt"

	"gonum.org/v1/gonum/mat"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit/data"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/tree"
	"github.com/gonb-mlkit/gonb-mlkit/plotting"
)

func Example() {
	iris, err := data.Iris()
	if err != nil {
		panic(err)
	}
	m, err := tree.DecisionTree{MaxDepth: 2}.Fit(iris.X, iris.Y)
	if err != nil {
		panic(err)
	}
	rules, err := m.Rules(iris.FeatureNames, iris.ClassNames)
	if err != nil {
		panic(err)
	}
	fmt.Print(rules.Text)
	for _, leaf := range rules.Leaves {
		fmt.Println(leaf)
	}
	acc, _ := m.Score(iris.X, iris.Y)
	fmt.Printf("depth %d, %d leaves, training accuracy %.3f\n", m.Depth(), m.Leaves(), acc)
	// Output:
	// |--- petal length (cm) <= 2.45
	// |   |--- class: setosa
	// |--- petal length (cm) >  2.45
	// |   |--- petal width (cm) <= 1.75
	// |   |   |--- class: versicolor
	// |   |--- petal width (cm) >  1.75
	// |   |   |--- class: virginica
	// petal length (cm) <= 2.45 => class setosa (support 50, purity 1.000)
	// petal length (cm) > 2.45 and petal width (cm) <= 1.75 => class versicolor (support 54, purity 0.907)
	// petal length (cm) > 2.45 and petal width (cm) > 1.75 => class virginica (support 46, purity 0.978)
	// depth 2, 3 leaves, training accuracy 0.960
}

func ExampleRegressionTree() {
	iris, err := data.Iris()
	if err != nil {
		panic(err)
	}
	// Predict petal width (column 3) from the three other measurements.
	X := mat.DenseCopyOf(iris.X.Slice(0, 150, 0, 3))
	y := make([]float64, 150)
	for i := range y {
		y[i] = iris.X.At(i, 3)
	}
	m, err := tree.RegressionTree{MaxDepth: 2}.Fit(X, y)
	if err != nil {
		panic(err)
	}
	rules, _ := m.Rules(iris.FeatureNames[:3])
	fmt.Print(rules.Text)
	// Output:
	// |--- petal length (cm) <= 2.45
	// |   |--- sepal length (cm) <= 4.95
	// |   |   |--- value: [0.20]
	// |   |--- sepal length (cm) >  4.95
	// |   |   |--- value: [0.28]
	// |--- petal length (cm) >  2.45
	// |   |--- petal length (cm) <= 4.75
	// |   |   |--- value: [1.30]
	// |   |--- petal length (cm) >  4.75
	// |   |   |--- value: [1.98]
}

// A fitted tree's Nodes convert to plotting.TreeNodes (same fields), so the
// plotting package draws it without importing this one.
func ExampleDecisionTreeModel_plot() {
	wine, err := data.Wine()
	if err != nil {
		panic(err)
	}
	m, err := tree.DecisionTree{MaxDepth: 4}.Fit(wine.X, wine.Y)
	if err != nil {
		panic(err)
	}
	p, err := plotting.Tree(plotting.TreeNodes(m.Nodes), plotting.TreeOptions{
		Title: "wine", FeatureNames: wine.FeatureNames, ClassNames: wine.ClassNames})
	if err != nil {
		panic(err)
	}
	png, err := plotting.PNG(p, 1000, 450)
	fmt.Println(len(png) > 0, err)
	// Output: true <nil>
}
