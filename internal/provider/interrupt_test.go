package provider

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/oauthlink/terraform-provider-oauthlink/internal/fakes/faultproxy"
)

// The tests below are a user's session: `apply` of six objects of one kind, Ctrl-C once while the
// service is answering creates it has already committed, then `apply` again, which must converge
// on exactly six objects, every one in state, and then `plan`, which must show nothing to do.
//
// How the Ctrl-C is made. terraform-plugin-testing serves the provider inside this test process
// and runs the CLI (terraform or tofu) as a child, through terraform-exec, with
// context.Background() and in a process group of its own (Setpgid): no context of the test can
// interrupt it, and a terminal's Ctrl-C would reach the test process, not the CLI. So the harness
// sends the CLI the SIGINT the terminal would, itself, once, to the child's pid only. Observed with
// Terraform 1.11 and OpenTofu 1.12 alike: the CLI logs "waiting for graceful stop to complete",
// calls StopProvider, whose tf6server (terraform-plugin-go) closes the contexts of every request in
// flight ("Closing all our contexts"), waits for ApplyResourceChange to return, saves each object
// returned with an error as tainted, reports "execution halted" and exits 1. The next apply
// replaces the tainted objects. (A second SIGINT would make the CLI exit at once, without waiting
// for the provider: a different story, not tested here.)
//
// Only one CLI may be a child of the test process at a time for this to be exact: these tests do
// not call t.Parallel (nor does any test of the package), and only an `apply` is signalled.

// interruptCount is how many objects the interrupted apply creates, all at once (the CLIs apply
// up to 10 in parallel).
const interruptCount = 6

// interruptedApply is one resource's interrupted session, through a proxy in front of its service.
type interruptedApply struct {
	resourceCase
	proxy *faultproxy.Proxy
}

// interruptedName is the name of the i-th object; interruptedObjects is the HCL of all of them.
func interruptedName(i int) string { return fmt.Sprintf("Interrupted %d", i) }

// interruptedObjects are the attributes that make one resource block of interruptCount objects
// named interruptedName(count.index).
var interruptedObjects = map[string]string{"count": strconv.Itoa(interruptCount), "name": `"Interrupted ${count.index}"`}

// interruptError is how Terraform and OpenTofu both report an apply stopped by SIGINT: once for
// each operation they halted, beside the provider's errors for the creates it stopped.
var interruptError = errorMatching("Error: execution halted")

func (a interruptedApply) run(t *testing.T) {
	config := a.config(a.proxy.URL, interruptedObjects)
	if runtime.GOOS != "linux" {
		t.Skip("finds the CLI through /proc")
	}
	release := make(chan struct{})     // closed only if the interruption never came, to end the apply
	stop := make(chan struct{})        // closed when the test ends, to end the wait for commits
	interrupted := make(chan struct{}) // closed once the interruption was made, or failed
	started := false
	t.Cleanup(func() {
		close(stop)
		if started {
			<-interrupted // its t.Error must come before the test ends
		}
	})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(),
		CheckDestroy: func(*terraform.State) error {
			if left := a.stored(); len(left) > 0 {
				return fmt.Errorf("destroy left %v in the service", left)
			}
			return nil
		},
		Steps: []resource.TestStep{
			{
				// `apply`: the service commits all six creates, but its answers stay on the way
				// back until the user presses Ctrl-C.
				PreConfig: func() {
					a.proxy.On(http.MethodPost, a.listPath).Times(interruptCount).Hold(release)
					started = true
					go func() {
						defer close(interrupted)
						if err := interruptWhenCommitted(a.proxy, a.listPath, stop); err != nil {
							t.Error(err)
							close(release)
						}
					}()
				},
				Config:      config,
				ExpectError: interruptError,
			},
			{
				// `apply` again, with a service that answers. The interrupted apply must have
				// recorded everything the service committed (checked on the plan, whose prior
				// state is what it saved), and this one must converge without making anything
				// twice.
				PreConfig: func() {
					<-interrupted
					t.Logf("after the interruption the service holds %d objects; the proxy saw %d creates committed",
						len(a.stored()), a.proxy.Committed(http.MethodPost, a.listPath))
					a.proxy.Reset()
				},
				Config:           config,
				ConfigPlanChecks: preApply(recordedByTheInterruptedApply{a}),
				Check: func(s *terraform.State) error {
					var ids []string
					for _, r := range s.RootModule().Resources {
						if r.Type == a.block.typeName {
							ids = append(ids, r.Primary.ID)
						}
					}
					if err := a.storeMatches(ids); err != nil {
						return fmt.Errorf("after the re-apply: %w", err)
					}
					return nil
				},
			},
			{
				// `plan`: nothing left to do.
				Config:   config,
				PlanOnly: true, // fails on any change
			},
		},
	})
}

// recordedByTheInterruptedApply checks the prior state of the re-apply's plan, which is what the
// interrupted apply saved (refreshed): it must hold every object the service committed.
type recordedByTheInterruptedApply struct{ a interruptedApply }

func (c recordedByTheInterruptedApply) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	var ids []string
	if prior := req.Plan.PriorState; prior != nil && prior.Values != nil && prior.Values.RootModule != nil {
		for _, r := range prior.Values.RootModule.Resources {
			if r.Type == c.a.block.typeName {
				id, _ := r.AttributeValues["id"].(string)
				ids = append(ids, id)
			}
		}
	}
	if err := c.a.storeMatches(ids); err != nil {
		resp.Error = fmt.Errorf("after the interrupted apply: %w", err)
	}
}

// storeMatches checks that the service holds exactly the configured objects, each once, and that
// they are the objects with the given ids, those of state: nothing orphaned, nothing duplicated.
func (a interruptedApply) storeMatches(ids []string) error {
	stored := a.stored()
	var names, want []string
	for _, name := range stored {
		names = append(names, name)
	}
	for i := range interruptCount {
		want = append(want, interruptedName(i))
	}
	sort.Strings(names)
	sort.Strings(want)
	var problems []string
	if !slices.Equal(names, want) {
		problems = append(problems, fmt.Sprintf("the service holds %d objects named %q, want one of each of %q", len(names), names, want))
	}
	inState := map[string]bool{}
	for _, id := range ids {
		if inState[id] {
			problems = append(problems, fmt.Sprintf("state holds %q twice", id))
		}
		inState[id] = true
		if _, ok := stored[id]; !ok {
			problems = append(problems, fmt.Sprintf("state holds %q, which the service does not", id))
		}
	}
	for id, name := range stored {
		if !inState[id] {
			problems = append(problems, fmt.Sprintf("orphaned: the service holds %q (%s), which state does not", id, name))
		}
	}
	if len(problems) > 0 {
		sort.Strings(problems)
		return errors.New(strings.Join(problems, "; "))
	}
	return nil
}

// interruptWhenCommitted waits until the backend behind proxy has committed interruptCount POSTs
// to path, then sends SIGINT, once, to the CLI's apply. It gives up after 90s or when stop is
// closed.
func interruptWhenCommitted(proxy *faultproxy.Proxy, path string, stop <-chan struct{}) error {
	n := interruptCount
	deadline := time.After(90 * time.Second)
	for proxy.Committed(http.MethodPost, path) < n {
		select {
		case <-stop:
			return nil
		case <-deadline:
			return fmt.Errorf("only %d of %d creates reached the service in 90s", proxy.Committed(http.MethodPost, path), n)
		case <-time.After(10 * time.Millisecond):
		}
	}
	pids, err := cliApplies()
	switch {
	case err != nil:
		return err
	case len(pids) != 1:
		return fmt.Errorf("found %d CLI applies among the children of the test process (%v), want 1", len(pids), pids)
	}
	return syscall.Kill(pids[0], syscall.SIGINT)
}

// cliApplies returns the ids of the processes running `terraform apply` or `tofu apply` that
// this test process started (its direct children, from /proc/*/stat). The provider is served
// by this process itself, which is never among them.
func cliApplies() ([]int, error) {
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return nil, err
	}
	self := os.Getpid()
	var pids []int
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil || pid == self {
			continue
		}
		// "pid (comm) state ppid …"; comm may hold spaces and parentheses, so cut at the last ')'.
		stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
		if err != nil {
			continue // gone meanwhile
		}
		open, end := bytes.IndexByte(stat, '('), bytes.LastIndexByte(stat, ')')
		if open < 0 || end < open {
			continue
		}
		comm := string(stat[open+1 : end])
		fields := strings.Fields(string(stat[end+1:]))
		if len(fields) < 2 || fields[1] != strconv.Itoa(self) || (comm != "terraform" && comm != "tofu") {
			continue
		}
		cmdline, err := os.ReadFile(fmt.Sprintf("/proc/%d/cmdline", pid))
		if err != nil || !slices.Contains(strings.Split(string(cmdline), "\x00"), "apply") {
			continue
		}
		pids = append(pids, pid)
	}
	return pids, nil
}

// TestAccInterrupt runs the interrupted session on each resource.
func TestAccInterrupt(t *testing.T) {
	for _, tc := range resourceCases(t) {
		t.Run(tc.name, func(t *testing.T) {
			interruptedApply{tc, faultproxy.Start(t, tc.backend)}.run(t)
		})
	}
}
