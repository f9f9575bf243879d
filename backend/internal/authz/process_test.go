package authz_test

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/ccpor/ccpor/backend/internal/authz"
)

// helperEnv carries the database URL to the helper process.
const helperEnv = "CCPOR_AUTHZ_HELPER_URL"

// TestMain runs the test binary as the second process when helperEnv is set,
// instead of the tests.
func TestMain(m *testing.M) {
	if url := os.Getenv(helperEnv); url != "" {
		if err := helperProcess(url); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// helperProcess, run by TestARevocationReachesAnotherProcessWithinASecond as a
// second process (another replica of the server), runs an enforcer and answers
// "user court resource:action" lines on stdin with "allow" or "deny" on stdout.
func helperProcess(url string) error {
	e, err := authz.New(authz.Options{URL: url, Reload: time.Hour, Logger: quiet()})
	if err != nil {
		return err
	}
	if err := e.Start(context.Background()); err != nil {
		return err
	}
	defer e.Stop()
	fmt.Println("ready")
	in := bufio.NewScanner(os.Stdin)
	for in.Scan() {
		f := strings.Fields(in.Text())
		if len(f) != 3 {
			fmt.Println("bad request")
			continue
		}
		res, act, _ := strings.Cut(f[2], ":")
		answer := "deny"
		if e.Allowed(f[0], f[1], authz.Permission{Resource: authz.Resource(res), Action: authz.Action(act)}) {
			answer = "allow"
		}
		fmt.Println(answer)
	}
	return in.Err()
}

// A role revoked in the database is denied by another process within a second:
// the time runs from before the revoking statement (autocommit: its commit
// included) to the other process's first "deny".
func TestARevocationReachesAnotherProcessWithinASecond(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), helperEnv+"="+w.d.AppURL)
	cmd.Stderr = os.Stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		stdin.Close()
		if err := cmd.Wait(); err != nil {
			t.Errorf("helper process: %v", err)
		}
	})
	out := bufio.NewReader(stdout)
	line := func() string {
		s, err := out.ReadString('\n')
		if err != nil && err != io.EOF {
			t.Fatal(err)
		}
		return strings.TrimSpace(s)
	}
	for s := line(); s != "ready"; s = line() {
		if s == "" {
			t.Fatal("the helper process ended before it was ready")
		}
	}
	admin, court := w.users["admin-a"], w.a
	ask := func() string {
		if _, err := fmt.Fprintf(stdin, "%s %s %s\n", admin, court, authz.CourtMembersList); err != nil {
			t.Fatal(err)
		}
		return line()
	}
	if got := ask(); got != "allow" {
		t.Fatalf("before the revocation the other process answers %q", got)
	}

	begin := time.Now()
	w.f.Exec(t, "UPDATE memberships SET revoked_at = now() WHERE id = $1", w.members["admin-a"])
	committed := time.Since(begin)
	for {
		got := ask()
		if got == "deny" {
			break
		}
		if got != "allow" {
			t.Fatalf("the other process answers %q", got)
		}
		if time.Since(begin) > 5*time.Second {
			t.Fatal("the other process still allows 5s after the revocation")
		}
		time.Sleep(time.Millisecond)
	}
	took := time.Since(begin)
	t.Logf("revocation to first deny in the other process: %v (the revoking statement took %v)", took, committed)
	if took >= time.Second {
		t.Errorf("the other process denied %v after the revocation; want under 1s", took)
	}
}
