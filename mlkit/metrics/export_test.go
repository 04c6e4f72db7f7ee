package metrics

// SetSilhouetteBlocks shrinks the silhouette tiles so that small tests cross
// every block edge; it returns a function restoring the defaults.
func SetSilhouetteBlocks(rows, cols int) (restore func()) {
	silRows, silCols = rows, cols
	return func() { silRows, silCols = silRowsC, silColsC }
}
