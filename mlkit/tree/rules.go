package tree

import (
	"strconv"
	"strings"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/check"
)

// Op is the comparison of a rule condition.
type Op int

const (
	// LessEq: the sample went left, x[Feature] ≤ Threshold.
	LessEq Op = iota
	// Greater: the sample went right, x[Feature] > Threshold.
	Greater
)

func (o Op) String() string {
	if o == LessEq {
		return "<="
	}
	return ">"
}

// Condition is one test on the path from the root to a leaf.
type Condition struct {
	Feature   int
	Name      string
	Op        Op
	Threshold float64
}

func (c Condition) String() string {
	return c.Name + " " + c.Op.String() + " " + strconv.FormatFloat(c.Threshold, 'g', 6, 64)
}

// LeafRule is a leaf read as a rule: the conjunction of Conditions from the
// root sends a sample to leaf Node.
type LeafRule struct {
	Node       int
	Conditions []Condition
	// Class is the leaf's majority label (a classifier; −1 for a regression
	// tree), ClassName its name.
	Class     int
	ClassName string
	// Value is the node's Value: class counts, or the mean target.
	Value []float64
	// Support is the number of training samples in the leaf.
	Support int
	// Purity is the share of the majority class among them (a classifier;
	// 0 for a regression tree, whose spread is Impurity, the MSE).
	Purity   float64
	Impurity float64
}

func (r LeafRule) String() string {
	var b strings.Builder
	for i, c := range r.Conditions {
		if i > 0 {
			b.WriteString(" and ")
		}
		b.WriteString(c.String())
	}
	if len(r.Conditions) == 0 {
		b.WriteString("always")
	}
	if r.Class >= 0 {
		b.WriteString(" => class " + r.ClassName + " (support " + strconv.Itoa(r.Support) +
			", purity " + strconv.FormatFloat(r.Purity, 'f', 3, 64) + ")")
	} else {
		b.WriteString(" => value " + strconv.FormatFloat(r.Value[0], 'g', 6, 64) + " (support " + strconv.Itoa(r.Support) + ")")
	}
	return b.String()
}

// Simplified returns the leaf's conjunction with at most two conditions per
// feature — the tightest "> lower" and "<= upper" of its path — in the
// order the features first appear on the path. It selects the same samples.
func (r LeafRule) Simplified() []Condition {
	var out []Condition
	idx := map[[2]int]int{} // (feature, op) -> position in out
	for _, c := range r.Conditions {
		k := [2]int{c.Feature, int(c.Op)}
		i, ok := idx[k]
		if !ok {
			idx[k] = len(out)
			out = append(out, c)
			continue
		}
		if c.Op == LessEq && c.Threshold < out[i].Threshold || c.Op == Greater && c.Threshold > out[i].Threshold {
			out[i].Threshold = c.Threshold
		}
	}
	return out
}

// Rules is a fitted tree read as rules: Text as scikit-learn 1.2's
// export_text prints it (spacing 3, decimals 2, show_weights False,
// max_depth 10), and one LeafRule per leaf in the order the text lists them.
type Rules struct {
	Text   string
	Leaves []LeafRule
}

func (r *Rules) String() string { return r.Text }

// export_text's defaults.
const (
	exportSpacing  = 3
	exportDecimals = 2
	exportMaxDepth = 10
)

// Rules reads the tree as rules. featureNames (nil: "feature_0", … as
// scikit-learn) must have one name per feature, classNames (nil: the labels
// in Classes) one per class.
func (m *DecisionTreeModel) Rules(featureNames, classNames []string) (*Rules, error) {
	const where = "tree: DecisionTreeModel.Rules"
	names, err := m.featureNames(where, featureNames)
	if err != nil {
		return nil, err
	}
	if classNames != nil && len(classNames) != len(m.Classes) {
		return nil, check.Errorf(where, check.ErrShape, "classNames has %d names for the %d classes", len(classNames), len(m.Classes))
	}
	className := func(k int) string {
		if classNames != nil {
			return classNames[k]
		}
		if len(m.Classes) == 1 {
			// export_text prints argmax's index when there is one class.
			return "0"
		}
		return strconv.Itoa(m.Classes[k])
	}
	leafText := func(node int) string { return " class: " + className(argmax(m.Value[node])) }
	rules := &Rules{Text: exportText(&m.Nodes, names, leafText)}
	m.walkLeaves(names, func(node int, conds []Condition) {
		v := m.Value[node]
		k := argmax(v)
		s := 0.0
		for _, c := range v {
			s += c
		}
		r := LeafRule{Node: node, Conditions: conds, Class: m.Classes[k], ClassName: className(k),
			Value: append([]float64(nil), v...), Support: m.NSamples[node], Impurity: m.Impurity[node]}
		if s > 0 {
			r.Purity = v[k] / s
		}
		rules.Leaves = append(rules.Leaves, r)
	})
	return rules, nil
}

// Rules reads the regression tree as rules, its text as export_text prints
// a DecisionTreeRegressor ("value: [mean]" at the leaves).
func (m *RegressionTreeModel) Rules(featureNames []string) (*Rules, error) {
	const where = "tree: RegressionTreeModel.Rules"
	names, err := m.featureNames(where, featureNames)
	if err != nil {
		return nil, err
	}
	leafText := func(node int) string {
		return " value: [" + strconv.FormatFloat(m.Value[node][0], 'f', exportDecimals, 64) + "]"
	}
	rules := &Rules{Text: exportText(&m.Nodes, names, leafText)}
	m.walkLeaves(names, func(node int, conds []Condition) {
		rules.Leaves = append(rules.Leaves, LeafRule{Node: node, Conditions: conds, Class: -1,
			Value: append([]float64(nil), m.Value[node]...), Support: m.NSamples[node], Impurity: m.Impurity[node]})
	})
	return rules, nil
}

func (t *Nodes) featureNames(where string, names []string) ([]string, error) {
	if len(t.ChildrenLeft) == 0 {
		return nil, check.Errorf(where, check.ErrEmpty, "the model has no nodes")
	}
	if names == nil {
		names = make([]string, t.NFeatures)
		for i := range names {
			names[i] = "feature_" + strconv.Itoa(i)
		}
		return names, nil
	}
	if len(names) != t.NFeatures {
		return nil, check.Errorf(where, check.ErrShape, "featureNames has %d names for the %d features", len(names), t.NFeatures)
	}
	return names, nil
}

// walkLeaves visits the leaves left first, with the conditions leading there.
func (t *Nodes) walkLeaves(names []string, visit func(node int, conds []Condition)) {
	var rec func(node int, conds []Condition)
	rec = func(node int, conds []Condition) {
		if t.ChildrenLeft[node] == leafChild {
			visit(node, append([]Condition(nil), conds...))
			return
		}
		f := t.Feature[node]
		c := Condition{Feature: f, Name: names[f], Op: LessEq, Threshold: t.Threshold[node]}
		rec(t.ChildrenLeft[node], append(conds, c))
		c.Op = Greater
		rec(t.ChildrenRight[node], append(conds, c))
	}
	rec(0, nil)
}

// exportText is sklearn.tree.export_text's print_tree_recurse.
func exportText(t *Nodes, names []string, leafText func(node int) string) string {
	var b strings.Builder
	var rec func(node, depth int)
	rec = func(node, depth int) {
		indent := strings.Repeat("|"+strings.Repeat(" ", exportSpacing), depth)
		indent = indent[:len(indent)-exportSpacing] + strings.Repeat("-", exportSpacing)
		if depth > exportMaxDepth+1 {
			if d := subtreeDepth(t, node); d > 1 {
				b.WriteString(indent + " truncated branch of depth " + strconv.Itoa(d) + "\n")
				return
			}
		}
		if t.ChildrenLeft[node] == leafChild {
			b.WriteString(indent + leafText(node) + "\n")
			return
		}
		name := names[t.Feature[node]]
		thr := strconv.FormatFloat(t.Threshold[node], 'f', exportDecimals, 64)
		b.WriteString(indent + " " + name + " <= " + thr + "\n")
		rec(t.ChildrenLeft[node], depth+1)
		b.WriteString(indent + " " + name + " >  " + thr + "\n")
		rec(t.ChildrenRight[node], depth+1)
	}
	rec(0, 1)
	return b.String()
}

// subtreeDepth is export_text's _compute_depth: 1 for a leaf.
func subtreeDepth(t *Nodes, node int) int {
	if t.ChildrenLeft[node] == leafChild {
		return 1
	}
	return 1 + max(subtreeDepth(t, t.ChildrenLeft[node]), subtreeDepth(t, t.ChildrenRight[node]))
}
