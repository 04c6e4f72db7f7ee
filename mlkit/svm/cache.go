package svm

// rowCache is libsvm's kernel cache (svm.cpp, class Cache): rows of Q kept in
// least-recently-used order under a budget of float32 entries. Row i holds
// its first len entries in the solver's current (shrinking-permuted) column
// order; swapIndex keeps that order in step with the solver's swaps.
//
// Entries are float32 like libsvm's Qfloat: half the memory, twice the rows
// held, and the same rounding of Q that scikit-learn's solver sees.
type rowCache struct {
	head []cacheHead
	lru  int // sentinel index len(head)-1 of the circular list
	size int // free budget, in float32 entries
}

type cacheHead struct {
	prev, next int
	data       []float32
}

func newRowCache(l int, bytes int) *rowCache {
	size := bytes / 4
	// libsvm: the cache must be able to hold at least two full columns.
	size = max(size, 2*l)
	c := &rowCache{head: make([]cacheHead, l+1), lru: l, size: size}
	c.head[l].prev, c.head[l].next = l, l
	return c
}

func (c *rowCache) lruDelete(h int) {
	p, n := c.head[h].prev, c.head[h].next
	c.head[p].next = n
	c.head[n].prev = p
}

func (c *rowCache) lruInsert(h int) {
	c.head[h].next = c.lru
	c.head[h].prev = c.head[c.lru].prev
	c.head[c.head[h].prev].next = h
	c.head[c.lru].prev = h
}

// get returns row index with room for length entries and the position from
// which entries still have to be computed (length when nothing is missing).
func (c *rowCache) get(index, length int) ([]float32, int) {
	h := &c.head[index]
	have := len(h.data)
	if have > 0 {
		c.lruDelete(index)
	}
	if more := length - have; more > 0 {
		for c.size < more {
			old := c.head[c.lru].next
			c.lruDelete(old)
			c.size += len(c.head[old].data)
			c.head[old].data = nil
		}
		h = &c.head[index]
		if cap(h.data) >= length {
			h.data = h.data[:length]
		} else {
			d := make([]float32, length)
			copy(d, h.data)
			h.data = d
		}
		c.size -= more
	} else {
		have = length
	}
	c.lruInsert(index)
	return c.head[index].data, have
}

// swapIndex mirrors a swap of positions i and j in the solver's order.
func (c *rowCache) swapIndex(i, j int) {
	if i == j {
		return
	}
	if len(c.head[i].data) > 0 {
		c.lruDelete(i)
	}
	if len(c.head[j].data) > 0 {
		c.lruDelete(j)
	}
	c.head[i].data, c.head[j].data = c.head[j].data, c.head[i].data
	if len(c.head[i].data) > 0 {
		c.lruInsert(i)
	}
	if len(c.head[j].data) > 0 {
		c.lruInsert(j)
	}
	if i > j {
		i, j = j, i
	}
	for h := c.head[c.lru].next; h != c.lru; {
		next := c.head[h].next
		d := c.head[h].data
		if len(d) > i {
			if len(d) > j {
				d[i], d[j] = d[j], d[i]
			} else {
				// libsvm gives up on a row that holds i but not j.
				c.lruDelete(h)
				c.size += len(d)
				c.head[h].data = nil
			}
		}
		h = next
	}
}
