package plotting_test

import (
	"errors"
	"image"
	"math"
	"strings"
	"testing"
	"time"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit"
	"github.com/gonb-mlkit/gonb-mlkit/plotting"
)

// TestBadInputMagnitudes: values near ±1.8e308 used to hang gonum/plot's
// tick computation (the data range overflowed to +Inf); they are errors
// naming the value now, and values up to ±1e307 or as small as 1e-320 draw
// a non-blank figure. Every case runs under a deadline.
func TestBadInputMagnitudes(t *testing.T) {
	var nilDense *mat.Dense
	var nilImage *image.NRGBA
	huge := 1.7e308
	type tc struct {
		name string
		mk   func() (*plot.Plot, error)
		want error
		msg  string
	}
	var cases []tc
	for _, v := range []float64{huge, 1e307, 1e-320} {
		want, msg := error(nil), ""
		if v == huge {
			want, msg = mlkit.ErrNaN, "want values within ±1e+307"
		}
		v := v
		cases = append(cases,
			tc{"Lines", func() (*plot.Plot, error) {
				return plotting.Lines([]plotting.Series{{Y: []float64{-v, v}}, {X: []float64{0, 1}, Y: []float64{0, v}}}, plotting.LineOptions{})
			}, want, msg},
			tc{"Scatter", func() (*plot.Plot, error) {
				return plotting.Scatter(mat.NewDense(3, 2, []float64{-v, v, v, -v, 0, 0}), []int{0, 1, 0}, plotting.ScatterOptions{})
			}, want, msg},
			tc{"Heatmap", func() (*plot.Plot, error) {
				return plotting.Heatmap(mat.NewDense(2, 2, []float64{-v, v, v, 0}), nil, nil, plotting.HeatmapOptions{Annotate: true})
			}, want, msg},
			tc{"ParallelCoordinates", func() (*plot.Plot, error) {
				return plotting.ParallelCoordinates(mat.NewDense(3, 2, []float64{-v, v, v, -v, 0, 0}), []int{0, 1, 0}, plotting.ParallelOptions{})
			}, want, msg})
	}
	mark := huge
	cases = append(cases,
		tc{"Lines MarkX", func() (*plot.Plot, error) {
			return plotting.Lines([]plotting.Series{{Y: []float64{1, 2}}}, plotting.LineOptions{MarkX: &mark})
		}, mlkit.ErrValue, "opts.MarkX=1.7e+308"},
		tc{"Heatmap Min/Max", func() (*plot.Plot, error) {
			return plotting.Heatmap(mat.NewDense(1, 2, []float64{0, 1}), nil, nil, plotting.HeatmapOptions{Min: -huge, Max: huge})
		}, mlkit.ErrValue, "opts.Min=-1.7e+308"},
		tc{"Scatter typed nil", func() (*plot.Plot, error) { return plotting.Scatter(nilDense, nil, plotting.ScatterOptions{}) }, mlkit.ErrEmpty, "X is empty"},
		tc{"Heatmap typed nil", func() (*plot.Plot, error) { return plotting.Heatmap(nilDense, nil, nil, plotting.HeatmapOptions{}) }, mlkit.ErrEmpty, "M is empty"},
		tc{"Parallel typed nil", func() (*plot.Plot, error) {
			return plotting.ParallelCoordinates(nilDense, nil, plotting.ParallelOptions{})
		}, mlkit.ErrEmpty, "X is empty"},
		tc{"ClusterMembers nil members", func() (*plot.Plot, error) {
			return plotting.ClusterMembers(nil, 2, 2, nil, plotting.MembersOptions{})
		}, mlkit.ErrEmpty, "members is empty"},
		tc{"Reconstructions negative Cols", func() (*plot.Plot, error) {
			im := [][]float32{{0, 1, 2, 3}}
			return plotting.Reconstructions(im, im, 2, 2, plotting.ReconstructionOptions{Cols: -1})
		}, mlkit.ErrValue, "Cols=-1"},
	)
	for _, c := range cases {
		done := make(chan error, 1)
		go func() {
			p, err := c.mk()
			if err == nil {
				var b []byte
				b, err = plotting.PNG(p, 200, 160)
				if err == nil && len(b) < 100 {
					err = errors.New("empty PNG")
				}
			}
			done <- err
		}()
		select {
		case err := <-done:
			if c.want == nil {
				if err != nil {
					t.Errorf("%s: %v", c.name, err)
				}
				continue
			}
			if !errors.Is(err, c.want) || !strings.Contains(err.Error(), c.msg) {
				t.Errorf("%s: error %v, want %v mentioning %q", c.name, err, c.want, c.msg)
			}
		case <-time.After(20 * time.Second):
			t.Fatalf("%s: no answer after 20 s (the axis range hangs)", c.name)
		}
	}
	if err := plotting.ShowImage(nilImage); !errors.Is(err, mlkit.ErrEmpty) {
		t.Errorf("ShowImage of a nil *image.NRGBA: %v, want ErrEmpty", err)
	}
	if err := plotting.Save(nil, t.TempDir()+"/x.png", 10, 10); !errors.Is(err, mlkit.ErrEmpty) {
		t.Errorf("Save(nil): %v, want ErrEmpty", err)
	}
	if err := plotting.Show(nil, 10, 10); !errors.Is(err, mlkit.ErrEmpty) {
		t.Errorf("Show(nil): %v, want ErrEmpty", err)
	}
	if _, err := plotting.SplitImages(nil, 1, 2, 2); err == nil {
		t.Error("SplitImages(nil): want an error")
	}
	if _, err := plotting.SplitImages(make([]float32, 4), 1<<40, 1<<40, 1<<40); err == nil {
		t.Error("SplitImages with overflowing sizes: want an error")
	}
	if _, err := plotting.SplitImages(nil, 1<<40, 1<<40, 1<<24); err == nil {
		t.Error("SplitImages whose n*h*w wraps to 0: want an error")
	}
	if _, err := plotting.ImageGrid([][]float32{nil}, 1<<32, 1<<32, 1, plotting.GridOptions{}); !errors.Is(err, mlkit.ErrValue) {
		t.Errorf("ImageGrid with h*w overflowing: %v, want ErrValue", err)
	}
	if _, err := plotting.Lines([]plotting.Series{{Y: []float64{1, math.Inf(1)}}}, plotting.LineOptions{}); !errors.Is(err, mlkit.ErrNaN) {
		t.Errorf("Lines with +Inf: %v, want ErrNaN", err)
	}
}
