package dbtest

import (
	"fmt"
	"testing"
)

// failures is a testing.TB that keeps what it was told to report.
type failures struct {
	testing.TB
	errs []string
}

func (f *failures) Helper() {}

func (f *failures) Errorf(format string, args ...any) {
	f.errs = append(f.errs, fmt.Sprintf(format, args...))
}

func TestEnoughSamplesFailsARunTooShortToJudge(t *testing.T) {
	for _, tc := range []struct {
		n, need int
		judged  bool
	}{
		{99, 100, false},
		{0, 5, false},
		{100, 100, true},
		{2000, 100, true},
	} {
		f := &failures{TB: t}
		if got := EnoughSamples(f, tc.n, tc.need, "run with -benchtime 100x or longer"); got != tc.judged {
			t.Errorf("%d of %d samples: judged %v, want %v", tc.n, tc.need, got, tc.judged)
		}
		want := fmt.Sprintf("too few samples to judge: %d, need %d; run with -benchtime 100x or longer", tc.n, tc.need)
		switch {
		case tc.judged && len(f.errs) != 0:
			t.Errorf("%d of %d samples: failed with %q", tc.n, tc.need, f.errs)
		case !tc.judged && (len(f.errs) != 1 || f.errs[0] != want):
			t.Errorf("%d of %d samples: failures %q, want %q", tc.n, tc.need, f.errs, want)
		}
	}
}
