package embed

import (
	"math"
	"sort"

	"gonum.org/v1/gonum/mat"
)

// bhObjective is scikit-learn's _kl_divergence_bh (van der Maaten 2014):
// attractive forces over the sparse symmetric P of the nearest neighbours,
// repulsive forces and the normalisation Z from a quadtree of the
// embedding, each point's traversal independent (run in parallel; the sum
// of Z is reduced in index order, so results do not depend on GOMAXPROCS).
type bhObjective struct {
	n      int
	rowPtr []int32
	col    []int32
	val    []float64 // joint P of the neighbour graph, sums to 1
	exag   float64
	theta2 float64
	tree   quadtree
	force  []float64 // per point: attractive x, y, repulsive x, y (unnormalised)
	// The pairs i < j of the neighbour graph, with P_ij and exag·P_ij.
	eI, eJ []int32
	eP, eV []float64
	acc    [attractParts][]float64
	// Scratch reused across iterations.
	groupIDs []int32
	states   []*groupState
	sumQ     []float64 // per point: its share of Z
}

func newBHObjective(X *mat.Dense, perp, angle float64) (*bhObjective, error) {
	n, _ := X.Dims()
	k := min(n-1, int(3*perp+1))
	idx, dist, err := knn(X, k)
	if err != nil {
		return nil, err
	}
	cond := make([]float64, n*k)
	parallelFor(n, 64, func(lo, hi int) {
		for i := lo; i < hi; i++ {
			binarySearchPerplexity(dist[i*k:(i+1)*k], cond[i*k:(i+1)*k], perp, -1)
		}
	})
	rowPtr, col, val := symmetrize(n, k, idx, cond)
	o := &bhObjective{
		n: n, rowPtr: rowPtr, col: col, val: val, exag: 1, theta2: angle * angle,
		force: make([]float64, 4*n), sumQ: make([]float64, n),
	}
	for i := 0; i < n; i++ {
		for e := rowPtr[i]; e < rowPtr[i+1]; e++ {
			if j := col[e]; j > int32(i) {
				o.eI = append(o.eI, int32(i))
				o.eJ = append(o.eJ, j)
				o.eP = append(o.eP, val[e])
			}
		}
	}
	o.eV = append([]float64(nil), o.eP...)
	for part := range o.acc {
		o.acc[part] = make([]float64, 2*n)
	}
	return o, nil
}

// symmetrize returns P = (C + Cᵀ)/sum in CSR form, columns sorted, for the
// conditional probabilities C given on each row's k neighbours.
func symmetrize(n, k int, idx []int32, cond []float64) ([]int32, []int32, []float64) {
	count := make([]int32, n+1)
	for i := 0; i < n; i++ {
		for t := 0; t < k; t++ {
			count[i]++
			count[idx[i*k+t]]++
		}
	}
	start := make([]int32, n+1)
	for i := 0; i < n; i++ {
		start[i+1] = start[i] + count[i]
	}
	type entry struct {
		j int32
		v float64
	}
	ent := make([]entry, start[n])
	fill := append([]int32(nil), start[:n]...)
	for i := 0; i < n; i++ {
		for t := 0; t < k; t++ {
			j := idx[i*k+t]
			v := cond[i*k+t]
			ent[fill[i]] = entry{j, v}
			fill[i]++
			ent[fill[j]] = entry{int32(i), v}
			fill[j]++
		}
	}
	rowPtr := make([]int32, n+1)
	col := make([]int32, 0, len(ent))
	val := make([]float64, 0, len(ent))
	sum := 0.0
	for i := 0; i < n; i++ {
		row := ent[start[i]:start[i+1]]
		sort.Slice(row, func(a, b int) bool { return row[a].j < row[b].j })
		for t := 0; t < len(row); {
			j, v := row[t].j, row[t].v
			t++
			for t < len(row) && row[t].j == j {
				v += row[t].v
				t++
			}
			col = append(col, j)
			val = append(val, v)
			sum += v
		}
		rowPtr[i+1] = int32(len(col))
	}
	sum = math.Max(sum, machineEpsilon)
	for t := range val {
		val[t] /= sum
	}
	return rowPtr, col, val
}

func (o *bhObjective) setExaggeration(f float64) {
	o.exag = f
	for e := range o.eV {
		o.eV[e] = o.eP[e] * f
	}
}

// attractParts is the fixed number of slices of the pair list whose
// attractive forces are accumulated separately (and in parallel).
const attractParts = 4

func (o *bhObjective) eval(p, grad []float64, withError bool) float64 {
	n := o.n
	o.tree.build(p, n)
	o.groupIDs = o.tree.groups(groupSize, o.groupIDs[:0])
	groups := o.groupIDs
	const chunk = 8
	for len(o.states) < (len(groups)+chunk-1)/chunk {
		o.states = append(o.states, &groupState{})
	}
	parallelFor(len(groups), chunk, func(lo, hi int) {
		st := o.states[lo/chunk] // one scratch per chunk, reused across iterations
		for _, g := range groups[lo:hi] {
			o.tree.groupRepulsion(g, o.theta2, st, o.force, o.sumQ)
		}
	})
	// Attraction: each symmetric pair once, its force added to both ends.
	// The pairs are split into a fixed number of parts, each with its own
	// accumulator, summed in part order: deterministic at any GOMAXPROCS.
	m := len(o.eI)
	parallelFor(attractParts, 1, func(lo, hi int) {
		for part := lo; part < hi; part++ {
			acc := o.acc[part]
			clear(acc)
			for e := part * m / attractParts; e < (part+1)*m/attractParts; e++ {
				i, j := o.eI[e], o.eJ[e]
				dx, dy := p[2*i]-p[2*j], p[2*i+1]-p[2*j+1]
				f := o.eV[e] / (1 + dx*dx + dy*dy)
				acc[2*i] += f * dx
				acc[2*i+1] += f * dy
				acc[2*j] -= f * dx
				acc[2*j+1] -= f * dy
			}
		}
	})
	for i := 0; i < n; i++ {
		var ax, ay float64
		for part := 0; part < attractParts; part++ {
			ax += o.acc[part][2*i]
			ay += o.acc[part][2*i+1]
		}
		o.force[4*i], o.force[4*i+1] = ax, ay
	}
	z := 0.0
	for _, v := range o.sumQ {
		z += v
	}
	// dof = 1: c = 2(dof+1)/dof = 4.
	for i := 0; i < n; i++ {
		f := o.force[4*i : 4*i+4]
		grad[2*i] = 4 * (f[0] - f[2]/z)
		grad[2*i+1] = 4 * (f[1] - f[3]/z)
	}
	if !withError {
		return math.NaN()
	}
	kl := 0.0
	for i := 0; i < n; i++ {
		xi, yi := p[2*i], p[2*i+1]
		for e := o.rowPtr[i]; e < o.rowPtr[i+1]; e++ {
			j := o.col[e]
			dx, dy := xi-p[2*j], yi-p[2*j+1]
			q := 1 / (1 + dx*dx + dy*dy) / z
			pij := o.val[e] * o.exag
			kl += pij * math.Log(math.Max(pij, float32Tiny)/math.Max(q, float32Tiny))
		}
	}
	return kl
}

// quadtree is a point-region quadtree over a 2-D embedding with the centre
// of mass and the number of points of every cell (Barnes & Hut 1986), laid
// out in one slice with the children of a cell contiguous.
type quadtree struct {
	nodes []qnode
	perm  []int32 // point indices in tree (spatial) order
	tmp   []int32
	p     []float64
}

type qnode struct {
	cx, cy float64 // centre of mass
	size   float64 // number of points
	w2     float64 // squared largest side of the cell
	first  int32   // index of the first child
	nchild int32   // 0 for a leaf
	lo     int32   // the cell's points are perm[lo : lo+size]
}

// maxDepth bounds the subdivision of cells holding distinct points closer
// than the resolution of float64 boxes; such a cell becomes a leaf.
const maxDepth = 48

func (t *quadtree) build(p []float64, n int) {
	t.p = p
	if cap(t.perm) < n {
		t.perm = make([]int32, n)
		t.tmp = make([]int32, n)
	}
	t.perm, t.tmp = t.perm[:n], t.tmp[:n]
	for i := range t.perm {
		t.perm[i] = int32(i)
	}
	// Bounds as scikit-learn's _QuadTree.build_tree: the data's box with
	// the maximum nudged outwards so every point is strictly inside.
	x0, y0 := math.Inf(1), math.Inf(1)
	x1, y1 := math.Inf(-1), math.Inf(-1)
	for i := 0; i < n; i++ {
		x0, x1 = math.Min(x0, p[2*i]), math.Max(x1, p[2*i])
		y0, y1 = math.Min(y0, p[2*i+1]), math.Max(y1, p[2*i+1])
	}
	nudge := func(m float64) float64 {
		s := 0.0
		if m > 0 {
			s = 1
		} else if m < 0 {
			s = -1
		}
		return math.Max(m*(1+1e-3*s), m+1e-3)
	}
	x1, y1 = nudge(x1), nudge(y1)
	t.nodes = t.nodes[:0]
	t.nodes = append(t.nodes, qnode{})
	t.buildNode(0, 0, n, x0, x1, y0, y1, 0)
}

// buildNode fills cell id with the points perm[lo:hi] inside the box
// [x0,x1)×[y0,y1) and returns the bounding box of those points.
func (t *quadtree) buildNode(id int32, lo, hi int, x0, x1, y0, y1 float64, depth int) (bx0, bx1, by0, by1 float64) {
	p := t.p
	nd := &t.nodes[id]
	nd.size = float64(hi - lo)
	nd.lo = int32(lo)
	if !tightCells {
		nd.w2 = math.Max((x1-x0)*(x1-x0), (y1-y0)*(y1-y0))
	}
	f := t.perm[lo]
	fx, fy := p[2*f], p[2*f+1]
	same := true
	for _, i := range t.perm[lo+1 : hi] {
		if p[2*i] != fx || p[2*i+1] != fy {
			same = false
			break
		}
	}
	if same {
		nd.cx, nd.cy = fx, fy
		return fx, fx, fy, fy
	}
	if depth >= maxDepth {
		var sx, sy float64
		bx0, bx1, by0, by1 = fx, fx, fy, fy
		for _, i := range t.perm[lo:hi] {
			sx += p[2*i]
			sy += p[2*i+1]
			bx0, bx1 = min(bx0, p[2*i]), max(bx1, p[2*i])
			by0, by1 = min(by0, p[2*i+1]), max(by1, p[2*i+1])
		}
		nd.cx, nd.cy = sx/nd.size, sy/nd.size
		if tightCells {
			nd.w2 = max((bx1-bx0)*(bx1-bx0), (by1-by0)*(by1-by0))
		}
		return bx0, bx1, by0, by1
	}
	mx, my := (x0+x1)/2, (y0+y1)/2
	// Counting sort of perm[lo:hi] into the quadrants (x ≥ mx) + 2(y ≥ my).
	var cnt [4]int
	quad := func(i int32) int {
		q := 0
		if p[2*i] >= mx {
			q = 1
		}
		if p[2*i+1] >= my {
			q += 2
		}
		return q
	}
	for _, i := range t.perm[lo:hi] {
		cnt[quad(i)]++
	}
	var off [5]int
	for q := 0; q < 4; q++ {
		off[q+1] = off[q] + cnt[q]
	}
	pos := off
	for _, i := range t.perm[lo:hi] {
		q := quad(i)
		t.tmp[lo+pos[q]] = i
		pos[q]++
	}
	copy(t.perm[lo:hi], t.tmp[lo:hi])
	first := int32(len(t.nodes))
	nchild := int32(0)
	for q := 0; q < 4; q++ {
		if cnt[q] > 0 {
			t.nodes = append(t.nodes, qnode{})
			nchild++
		}
	}
	t.nodes[id].first, t.nodes[id].nchild = first, nchild
	c := first
	var sx, sy float64
	bx0, by0 = math.Inf(1), math.Inf(1)
	bx1, by1 = math.Inf(-1), math.Inf(-1)
	for q := 0; q < 4; q++ {
		if cnt[q] == 0 {
			continue
		}
		cx0, cx1, cy0, cy1 := x0, mx, y0, my
		if q&1 != 0 {
			cx0, cx1 = mx, x1
		}
		if q&2 != 0 {
			cy0, cy1 = my, y1
		}
		a0, a1, b0, b1 := t.buildNode(c, lo+off[q], lo+off[q+1], cx0, cx1, cy0, cy1, depth+1)
		bx0, bx1 = min(bx0, a0), max(bx1, a1)
		by0, by1 = min(by0, b0), max(by1, b1)
		ch := &t.nodes[c]
		sx += ch.cx * ch.size
		sy += ch.cy * ch.size
		c++
	}
	nd = &t.nodes[id]
	nd.cx, nd.cy = sx/nd.size, sy/nd.size
	if tightCells {
		nd.w2 = max((bx1-bx0)*(bx1-bx0), (by1-by0)*(by1-by0))
	}
	return bx0, bx1, by0, by1
}

// tightCells makes the θ test use the extent of the points in a cell (the
// larger side of their bounding box) instead of the side of the cell
// itself: the same bound on how far a point of the cell can be from its
// centre of mass when the cell is full, and a tighter one when its points
// cluster in a corner, as they do after early exaggeration.
var tightCells = true

// repulsion returns Σ_j q_ij²·(y_i − y_j) (unnormalised, x and y) and
// Σ_j q_ij for the point (x, y), with q = 1/(1+d²), summarising a cell by
// its centre of mass when its squared width over the squared distance is
// below θ² (scikit-learn's _QuadTree.summarize). Leaves at the point's own
// position (the point itself and its duplicates) are skipped.
func (t *quadtree) repulsion(x, y, theta2 float64, stack []int32) (fx, fy, sumQ float64, _ []int32) {
	nodes := t.nodes
	stack = append(stack[:0], 0)
	for len(stack) > 0 {
		id := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		nd := &nodes[id]
		dx, dy := x-nd.cx, y-nd.cy
		d2 := dx*dx + dy*dy
		if nd.nchild == 0 {
			if dx == 0 && dy == 0 {
				continue
			}
		} else if nd.w2 >= theta2*d2 {
			for c := nd.first + nd.nchild - 1; c >= nd.first; c-- {
				stack = append(stack, c)
			}
			continue
		}
		q := 1 / (1 + d2)
		sumQ += nd.size * q
		m := nd.size * q * q
		fx += m * dx
		fy += m * dy
	}
	return fx, fy, sumQ, stack
}

// groupSize is the largest number of points whose repulsive forces are
// computed in one traversal of the tree (Barnes 1990's grouping): a cell is
// summarised for the whole group when it passes the θ test at the group's
// bounding box, the nearest position any member can have, so each member
// gets a summary at least as accurate as its own traversal would give, and
// the tree is walked once per group instead of once per point.
var groupSize = 32

// groups returns the cells that form the traversal groups: the largest
// cells with at most groupSize points, or leaves.
func (t *quadtree) groups(g int, out []int32) []int32 {
	var walk func(id int32)
	walk = func(id int32) {
		nd := &t.nodes[id]
		if nd.nchild == 0 || int(nd.size) <= g {
			out = append(out, id)
			return
		}
		for c := nd.first; c < nd.first+nd.nchild; c++ {
			walk(c)
		}
	}
	walk(0)
	return out
}

// groupState is scratch space for groupRepulsion.
type groupState struct {
	stack  []int32
	xs, ys []float64
	// The interaction list of the group: centres of mass and sizes of the
	// accepted cells and leaves.
	lx, ly, ls []float64
}

// groupRepulsion computes, for every point of the cell g, the unnormalised
// repulsive force Σ_j q_ij²·(y_i − y_j) and its share Σ_j q_ij of Z, with
// q = 1/(1+d²), writing force[4i+2], force[4i+3] and sumQ[i]. A cell is
// summarised by its centre of mass when its squared width is below θ²
// times the squared distance from its centre of mass to the group's
// bounding box (scikit-learn's test, taken at the nearest point of the
// group); leaves are summed exactly, skipping those at a member's own
// position (the point itself and its duplicates, as scikit-learn).
func (t *quadtree) groupRepulsion(g int32, theta2 float64, st *groupState, force, sumQ []float64) {
	nodes := t.nodes
	gn := &nodes[g]
	members := t.perm[gn.lo : gn.lo+int32(gn.size)]
	m := len(members)
	st.xs, st.ys = st.xs[:0], st.ys[:0]
	bx0, by0 := math.Inf(1), math.Inf(1)
	bx1, by1 := math.Inf(-1), math.Inf(-1)
	for _, i := range members {
		x, y := t.p[2*i], t.p[2*i+1]
		st.xs, st.ys = append(st.xs, x), append(st.ys, y)
		bx0, bx1 = min(bx0, x), max(bx1, x)
		by0, by1 = min(by0, y), max(by1, y)
	}
	st.lx, st.ly, st.ls = st.lx[:0], st.ly[:0], st.ls[:0]
	xs := st.xs[:m]
	ys := st.ys[:len(xs)]
	stack := append(st.stack[:0], 0)
	for len(stack) > 0 {
		id := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		nd := &nodes[id]
		cx, cy := nd.cx, nd.cy
		if nd.nchild != 0 {
			// Distance from the centre of mass to the group's box.
			ddx, ddy := 0.0, 0.0
			if cx < bx0 {
				ddx = bx0 - cx
			} else if cx > bx1 {
				ddx = cx - bx1
			}
			if cy < by0 {
				ddy = by0 - cy
			} else if cy > by1 {
				ddy = cy - by1
			}
			if nd.w2 >= theta2*(ddx*ddx+ddy*ddy) {
				for c := nd.first + nd.nchild - 1; c >= nd.first; c-- {
					stack = append(stack, c)
				}
				continue
			}
		}
		st.lx = append(st.lx, cx)
		st.ly = append(st.ly, cy)
		st.ls = append(st.ls, nd.size)
	}
	st.stack = stack
	// Member × list, accumulating in registers. An entry at distance 0 is
	// a leaf at the member's own position (an accepted cell never is: its
	// centre of mass lies outside the group's box), skipped as the point
	// itself or its duplicates. Two members per sweep of the list: the
	// loads of an entry are shared and two chains of sums run side by side.
	lx := st.lx
	ly, ls := st.ly[:len(lx)], st.ls[:len(lx)]
	k := 0
	for ; k+1 < len(members); k += 2 {
		x0, y0, x1, y1 := xs[k], ys[k], xs[k+1], ys[k+1]
		var fx0, fy0, sq0, fx1, fy1, sq1 float64
		for e, ex := range lx {
			ey, sz := ly[e], ls[e]
			dx0, dy0 := x0-ex, y0-ey
			dx1, dy1 := x1-ex, y1-ey
			d20 := dx0*dx0 + dy0*dy0
			d21 := dx1*dx1 + dy1*dy1
			if d20 != 0 {
				q := 1 / (1 + d20)
				sq0 += sz * q
				w := sz * q * q
				fx0 += w * dx0
				fy0 += w * dy0
			}
			if d21 != 0 {
				q := 1 / (1 + d21)
				sq1 += sz * q
				w := sz * q * q
				fx1 += w * dx1
				fy1 += w * dy1
			}
		}
		i0, i1 := members[k], members[k+1]
		force[4*i0+2], force[4*i0+3], sumQ[i0] = fx0, fy0, sq0
		force[4*i1+2], force[4*i1+3], sumQ[i1] = fx1, fy1, sq1
	}
	for ; k < len(members); k++ {
		i := members[k]
		x, y := xs[k], ys[k]
		var sfx, sfy, ssq float64
		for e, ex := range lx {
			dx, dy := x-ex, y-ly[e]
			d2 := dx*dx + dy*dy
			if d2 == 0 {
				continue
			}
			q := 1 / (1 + d2)
			sz := ls[e]
			ssq += sz * q
			w := sz * q * q
			sfx += w * dx
			sfy += w * dy
		}
		force[4*i+2], force[4*i+3] = sfx, sfy
		sumQ[i] = ssq
	}
}
