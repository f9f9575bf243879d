package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ccpor/ccpor/backend/internal/carpos"
	"github.com/ccpor/ccpor/backend/internal/platform/dbtest"
)

// cluster is a private PostgreSQL cluster that a test may stop: initdb and pg_ctl
// from the machine's PostgreSQL (make test installs them), run as the postgres
// user when the test runs as root, as PostgreSQL demands.
type cluster struct {
	bin, dir, data, log string
	port                int
	runAs               string // empty: the test's own user
}

// pgBindir finds the newest /usr/lib/postgresql/*/bin with initdb and pg_ctl.
func pgBindir() string {
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Slice(dirs, func(i, j int) bool {
		vi, _ := strconv.Atoi(filepath.Base(filepath.Dir(dirs[i])))
		vj, _ := strconv.Atoi(filepath.Base(filepath.Dir(dirs[j])))
		return vi > vj
	})
	for _, d := range dirs {
		if _, err := os.Stat(filepath.Join(d, "pg_ctl")); err == nil {
			if _, err := os.Stat(filepath.Join(d, "initdb")); err == nil {
				return d
			}
		}
	}
	if p, err := exec.LookPath("pg_ctl"); err == nil {
		return filepath.Dir(p)
	}
	return ""
}

func newCluster(t testing.TB) *cluster {
	t.Helper()
	bin := pgBindir()
	if bin == "" {
		t.Fatal("no PostgreSQL server binaries (initdb, pg_ctl) in /usr/lib/postgresql/*/bin or on PATH: " +
			"install PostgreSQL (Debian: apt-get install postgresql; make test does it when root)")
	}
	dir, err := os.MkdirTemp("", "ccpor-durability-")
	if err != nil {
		t.Fatal(err)
	}
	c := &cluster{bin: bin, dir: dir, data: filepath.Join(dir, "data"), log: filepath.Join(dir, "postgresql.log"), port: freePort(t)}
	if os.Geteuid() == 0 {
		c.runAs = "postgres"
		u, err := user.Lookup(c.runAs)
		if err != nil {
			t.Fatalf("running as root, PostgreSQL needs the postgres user: %v", err)
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		if err := os.Chown(dir, uid, gid); err != nil {
			t.Fatal(err)
		}
	}
	t.Cleanup(func() {
		_ = c.ctl("stop", "-m", "immediate", "-w")
		if t.Failed() {
			b, _ := os.ReadFile(c.log)
			t.Logf("postgresql log (last 4 kB):\n%s", b[max(0, len(b)-4096):])
		}
		_ = os.RemoveAll(dir)
	})
	if out, err := c.cmd("initdb", "-D", c.data, "-U", "postgres", "-E", "UTF8", "--no-locale",
		"--auth-local=trust", "--auth-host=trust", "--no-sync").CombinedOutput(); err != nil {
		t.Fatalf("initdb: %v\n%s", err, out)
	}
	c.start(t)
	return c
}

// cmd runs a PostgreSQL program as the cluster's user, from a directory it can read.
func (c *cluster) cmd(prog string, args ...string) *exec.Cmd {
	path := filepath.Join(c.bin, prog)
	var cmd *exec.Cmd
	if c.runAs != "" {
		cmd = exec.Command("runuser", append([]string{"-u", c.runAs, "--", path}, args...)...)
	} else {
		cmd = exec.Command(path, args...)
	}
	cmd.Dir = c.dir
	return cmd
}

func (c *cluster) ctl(args ...string) error {
	out, err := c.cmd("pg_ctl", append([]string{"-D", c.data}, args...)...).CombinedOutput()
	if err != nil {
		return fmt.Errorf("pg_ctl %v: %v\n%s", args, err, out)
	}
	return nil
}

func (c *cluster) start(t testing.TB) {
	t.Helper()
	if err := c.ctl("start", "-w", "-t", "60", "-l", c.log, "-o",
		fmt.Sprintf("-p %d -k %s -c listen_addresses=127.0.0.1 -c max_connections=100", c.port, c.dir)); err != nil {
		t.Fatal(err)
	}
}

func (c *cluster) url(db string) string {
	return fmt.Sprintf("postgres://postgres@127.0.0.1:%d/%s?sslmode=disable", c.port, db)
}

// Durability: a load generator records every order the API acknowledges (201);
// PostgreSQL is stopped with `pg_ctl stop -m immediate` mid-load and started
// again; every acknowledged order is there, and every committed message reaches
// the DOJ exactly once.
func TestDurabilityPostgresStoppedMidLoad(t *testing.T) {
	t.Parallel()
	pg := newCluster(t)
	ctx := context.Background()
	admin := pg.url("ccpor")
	base := []string{"CCPOR_ENV=development", "DATABASE_URL=" + admin}
	for _, c := range []string{"bootstrap", "migrate"} {
		if err := run(ctx, []string{c}, io.Discard, base); err != nil {
			t.Fatalf("%s: %v", c, err)
		}
	}
	f := dbtest.NewTenants(t, &dbtest.DB{AdminURL: admin})
	r := newRegistry(t, f, admin)
	r.sim.SetFaults(carpos.Faults{Latency: 10 * time.Millisecond})
	env := append(append(base, "CCPOR_DB_MAX_CONNS=8", "CCPOR_SPA_DIR="+t.TempDir(),
		"CCPOR_BLOB_URL=file://"+t.TempDir()), r.carposEnv()...)
	s := startServer(t, env, freePort(t))

	// the load: four clerks' screens entering orders one after another
	var stop atomic.Bool
	var seq atomic.Int64
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for !stop.Load() {
				if err := r.create(s.url, fmt.Sprintf("26DUR%05d", seq.Add(1))); err != nil {
					time.Sleep(20 * time.Millisecond) // the database is away: try the next one
				}
			}
		}()
	}
	acked := func() int {
		r.mu.Lock()
		defer r.mu.Unlock()
		return len(r.acknowledged)
	}
	waitAcked := func(n int) {
		t.Helper()
		for end := time.Now().Add(60 * time.Second); acked() < n; time.Sleep(10 * time.Millisecond) {
			if time.Now().After(end) {
				stop.Store(true)
				wg.Wait()
				t.Fatalf("only %d orders acknowledged, waiting for %d", acked(), n)
			}
		}
	}
	waitAcked(30)
	if err := pg.ctl("stop", "-m", "immediate", "-w"); err != nil {
		t.Fatal(err)
	}
	atCrash := acked()
	time.Sleep(time.Second)
	pg.start(t)
	waitAcked(atCrash + 30)
	stop.Store(true)
	wg.Wait()

	ms := r.settle(t, 90*time.Second)
	present := r.ordersPresent(t)
	r.exactlyOnce(t, ms)
	r.mu.Lock()
	t.Logf("%d orders acknowledged (%d before the stop), %d requests not acknowledged, %d orders in the registry, "+
		"%d messages, the DOJ got %d posts", len(r.acknowledged), atCrash, r.unacknowledged, present, len(ms), r.sim.Requests())
	if r.unacknowledged == 0 {
		t.Error("no request failed: the database was not stopped under load")
	}
	r.mu.Unlock()
	if present != len(ms) {
		t.Errorf("%d orders but %d messages: each committed order has one entry", present, len(ms))
	}
	s.stop(t)
}
