//go:build openblas

package cluster

/*
#cgo LDFLAGS: -lopenblas
int openblas_get_num_threads(void);
void openblas_set_num_threads(int);
*/
import "C"

import "sync"

var blasThreads struct {
	sync.Mutex
	users int
	saved C.int
}

// blasOneThread limits OpenBLAS to one thread until the returned function
// is called, as scikit-learn's k-means does with threadpoolctl: the fit runs
// its own goroutines over chunks, each calling dgemm on a small chunk, and
// OpenBLAS's threads would only compete with them. Nested and concurrent
// fits share the limit; the last one out restores the saved setting.
func blasOneThread() func() {
	blasThreads.Lock()
	if blasThreads.users == 0 {
		blasThreads.saved = C.openblas_get_num_threads()
		C.openblas_set_num_threads(1)
	}
	blasThreads.users++
	blasThreads.Unlock()
	return func() {
		blasThreads.Lock()
		blasThreads.users--
		if blasThreads.users == 0 {
			C.openblas_set_num_threads(blasThreads.saved)
		}
		blasThreads.Unlock()
	}
}
