package httpx

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
)

// StatusError is an error that carries the HTTP status a server answered.
type StatusError interface {
	error
	HTTPStatus() int
}

// MayHaveBeenApplied reports whether a failed write might still have reached the server and taken
// effect: the connection broke or timed out, the request was interrupted in flight, the answer
// could not be used, or the server failed while handling it (5xx). An answer below 500
// (validation, conflict, throttling) says it was not applied.
func MayHaveBeenApplied(err error) bool {
	var statusErr StatusError
	if errors.As(err, &statusErr) {
		return statusErr.HTTPStatus() >= 500
	}
	return err != nil
}

// lookupGrace is how long a lookup may go on after the apply was interrupted (SIGINT, SIGTERM):
// long enough to find an object the server committed, so that Terraform records it instead of
// orphaning it, short enough not to hold up a user who wants to stop.
const lookupGrace = 10 * time.Second

// Creation is one create for CreateOnce: how to send it, how to find its object by name, and how
// to tell whether an object found is the one sent.
type Creation[T any] struct {
	// Send sends the create. An answer it cannot use (empty, null, without an id) must be an error
	// that MayHaveBeenApplied accepts, such as *UnusableAnswerError: the object may well exist.
	Send func(ctx context.Context) (*T, error)
	// Lookup finds the object by its unique name, answering nil, nil when there is none.
	Lookup func(ctx context.Context) (*T, error)
	// Differences names the fields in which found differs from what was sent, among those the
	// server returns; none means that found is indistinguishable from the object sent.
	Differences func(found *T) []string
	// ID is an object's id, for errors that name it.
	ID func(*T) string
	// NameTaken reports whether an error of Send is the server refusing a name another object holds.
	NameTaken func(error) bool
}

// CreateOnce sends a create at most twice, and the second time only when a lookup by name found
// that the first did not make the object: a POST is never repeated blindly, so nothing is created
// twice. After a failure that may have been applied it adopts the object found by name only when
// it matches what was sent in every field the server returns; anything else was made by someone
// else and is left alone (*NameTakenError), as is the holder of a name the server refuses.
//
// When ctx is cancelled (the apply was interrupted) while the create may have reached the server,
// the lookup still runs, for lookupGrace, and CreateOnce returns the object found together with
// the create's error, so that the caller can record what the server committed.
func CreateOnce[T any](ctx context.Context, c Creation[T]) (*T, error) {
	var err error
	for range 2 {
		var created *T
		created, err = c.Send(ctx)
		switch {
		case err == nil:
			return created, nil
		case c.NameTaken(err):
			found, lookupErr := c.Lookup(ctx)
			taken := &NameTakenError{Err: err}
			if lookupErr == nil && found != nil {
				taken.ID = c.ID(found)
			}
			return nil, taken
		case !MayHaveBeenApplied(err):
			return nil, err
		}

		lookupCtx, cancel := outliving(ctx, lookupGrace)
		found, lookupErr := c.Lookup(lookupCtx)
		cancel()
		switch {
		case lookupErr != nil:
			return nil, fmt.Errorf("%w; looking for it by name afterwards failed too (%v), so it may exist", err, lookupErr)
		case found != nil:
			if differences := c.Differences(found); len(differences) > 0 {
				return nil, &NameTakenError{ID: c.ID(found), Differences: differences, Err: err}
			}
			if ctx.Err() != nil {
				return found, err
			}
			return found, nil
		case ctx.Err() != nil:
			return nil, err // interrupted before anything was made: nothing to record, nothing to send
		}
	}
	return nil, err
}

// outliving returns a context with ctx's values that is cancelled grace after ctx is, or when the
// returned function is called.
func outliving(ctx context.Context, grace time.Duration) (context.Context, context.CancelFunc) {
	detached, cancel := context.WithCancel(context.WithoutCancel(ctx))
	stop := context.AfterFunc(ctx, func() { time.AfterFunc(grace, cancel) })
	return detached, func() {
		stop()
		cancel()
	}
}

// NameTakenError says that a create made nothing because another object holds the name: the
// server refused the name, or a create whose answer was lost found under that name an object that
// differs from what was sent, which someone else made and which is therefore left alone.
type NameTakenError struct {
	// ID is the existing object's id; empty when it could not be looked up.
	ID string
	// Differences names the fields in which the object found differs from what was sent; empty
	// when the server refused the name.
	Differences []string
	// Err is the create's failure.
	Err error
}

func (e *NameTakenError) Error() string {
	holder := "another object holds this name"
	if e.ID != "" {
		holder = fmt.Sprintf("the object with id %q holds this name", e.ID)
	}
	cause := strings.TrimSuffix(e.Err.Error(), ".")
	if len(e.Differences) == 0 {
		return cause + "; " + holder
	}
	return fmt.Sprintf("the create may have reached the server before it failed (%s), but %s and differs from what was sent in %s: "+
		"someone else made it, so it was left alone", cause, holder, strings.Join(e.Differences, ", "))
}

func (e *NameTakenError) Unwrap() error { return e.Err }
