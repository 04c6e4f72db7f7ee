package sample

import (
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/data"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/check"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/randx"
)

// TinyDraws returns draws splits of the rows of y: each Train holds perClass
// rows of every class, drawn at random without replacement
// (StratifiedSubsample), and its Test holds all the other rows. Draw d uses
// the sub-stream d of seed, so the first draws are the same whatever draws is.
//
// It is the design of experiment 06: many tiny training sets from one table,
// each scored on the large rest, so that a score's spread over draws shows how
// much of it is luck.
func TinyDraws(y []int, perClass, draws int, seed uint64) ([]data.Fold, error) {
	const where = "sample: TinyDraws"
	if draws < 1 {
		return nil, check.Errorf(where, check.ErrValue, "draws=%d, want at least 1", draws)
	}
	folds := make([]data.Fold, draws)
	for d := range folds {
		// A per-draw seed from the stream keeps draw d independent of draws.
		s := randx.Stream(seed, uint64(d)).Uint64()
		train, err := StratifiedSubsample(y, perClass, s)
		if err != nil {
			return nil, check.Errorf(where, check.ErrValue, "draw %d: %v", d, err)
		}
		test, err := Complement(len(y), train)
		if err != nil {
			return nil, err
		}
		if len(test) == 0 {
			return nil, check.Errorf(where, check.ErrValue, "perClass=%d takes every row of y, leaving none to score on", perClass)
		}
		folds[d] = data.Fold{Train: train, Test: test}
	}
	return folds, nil
}
