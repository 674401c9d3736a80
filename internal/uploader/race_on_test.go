//go:build race

package uploader

// raceEnabled reports a build with the race detector (make test-race).
const raceEnabled = true
