// Package progress reports the progress of long work: an updating HTML bar
// (with an optional live line plot of a metric) when the code runs inside a
// GoNB cell, a terminal bar on a TTY, and nothing under go test or when
// output is not a terminal.
//
// Estimators take a Reporter in their Progress field; nil means Auto.
package progress
