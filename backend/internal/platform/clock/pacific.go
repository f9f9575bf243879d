package clock

import "time"

// Pacific is California's time (America/Los_Angeles): where the courts count
// their days, and where times are entered and shown.
var Pacific = func() *time.Location {
	l, err := time.LoadLocation("America/Los_Angeles")
	if err != nil {
		panic(err)
	}
	return l
}()
