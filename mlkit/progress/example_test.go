package progress_test

import (
	"fmt"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit/progress"
)

// An estimator reports through the Reporter it is given; a Recorder lets a
// test check what was reported.
func ExampleRecorder() {
	fit := func(rep progress.Reporter) {
		rep = progress.For(rep) // nil would mean progress.Auto()
		rep.Start("em", 3)
		for it := 1; it <= 3; it++ {
			rep.Update(it, progress.Metric{Name: "loglik", Value: -10 / float64(it)})
		}
		rep.Finish("converged after 3 iterations")
	}
	rec := &progress.Recorder{}
	fit(rec)
	for _, e := range rec.Events() {
		switch e.Kind {
		case progress.Started:
			fmt.Println(e.Kind, e.Task, e.Total)
		case progress.Updated:
			fmt.Println(e.Kind, e.Done, e.Metrics)
		case progress.Finished:
			fmt.Println(e.Kind, e.Summary)
		}
	}
	fmt.Printf("%.3g\n", rec.Values("loglik"))
	// Output:
	// start em 3
	// update 1 [{loglik -10}]
	// update 2 [{loglik -5}]
	// update 3 [{loglik -3.3333333333333335}]
	// finish converged after 3 iterations
	// [-10 -5 -3.33]
}

// Range gives a plain loop a bar (in a notebook cell, or on a terminal) in
// one line; under go test it is silent.
func ExampleRange() {
	sum := 0
	for i := range progress.Range("summing", 100) {
		sum += i
	}
	fmt.Println(sum)
	// Output: 4950
}
