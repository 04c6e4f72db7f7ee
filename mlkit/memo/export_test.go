package memo

// SameBits is sameBits for the external tests.
var SameBits = sameBits
