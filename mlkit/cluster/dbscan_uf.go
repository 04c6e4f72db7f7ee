package cluster

import "sync/atomic"

// dbUnionFind is a lock-free disjoint-set forest (Anderson & Woll 1991,
// "Wait-free parallel algorithms for the union-find problem"): a root is
// linked under the smaller of the two roots with a compare-and-swap, so
// parent[x] ≤ x always holds and no cycle can form, and find halves paths
// with compare-and-swap too. The final partition does not depend on the
// order of the unions, hence not on GOMAXPROCS.
type dbUnionFind struct{ parent []int32 }

func newDBUnionFind(n int) *dbUnionFind {
	p := make([]int32, n)
	for i := range p {
		p[i] = int32(i)
	}
	return &dbUnionFind{parent: p}
}

func (u *dbUnionFind) find(x int32) int32 {
	for {
		p := atomic.LoadInt32(&u.parent[x])
		if p == x {
			return x
		}
		gp := atomic.LoadInt32(&u.parent[p])
		if gp != p {
			atomic.CompareAndSwapInt32(&u.parent[x], p, gp)
		}
		x = gp
	}
}

func (u *dbUnionFind) same(a, b int32) bool {
	for {
		a, b = u.find(a), u.find(b)
		if a == b {
			return true
		}
		// a is still a root: the answer stands (a concurrent union may join
		// them later, which the caller tolerates).
		if atomic.LoadInt32(&u.parent[a]) == a {
			return false
		}
	}
}

func (u *dbUnionFind) union(a, b int32) {
	for {
		a, b = u.find(a), u.find(b)
		if a == b {
			return
		}
		if a > b {
			a, b = b, a
		}
		if atomic.CompareAndSwapInt32(&u.parent[b], b, a) {
			return
		}
	}
}
