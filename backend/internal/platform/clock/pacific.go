package clock

import (
	"time"
	_ "time/tzdata" // the zone database inside the binary: a machine without one still knows California's time
)

// Pacific is California's time (America/Los_Angeles): where the courts count
// their days, and where times are entered and shown.
var Pacific = func() *time.Location {
	l, err := time.LoadLocation("America/Los_Angeles")
	if err != nil {
		panic(err) // cannot happen with the embedded zone database
	}
	return l
}()
