package httpx

import (
	"context"
	"errors"
)

// StatusError is an error that carries the HTTP status a server answered.
type StatusError interface {
	error
	HTTPStatus() int
}

// MayHaveBeenApplied reports whether a failed write might still have reached the server and taken
// effect: the connection broke or timed out, or the server failed while handling it (5xx). An
// answer below 500 (validation, conflict, throttling) says it was not applied.
func MayHaveBeenApplied(err error) bool {
	var statusErr StatusError
	if errors.As(err, &statusErr) {
		return statusErr.HTTPStatus() >= 500
	}
	return err != nil && !errors.Is(err, context.Canceled)
}

// CreateOnce runs create; when its failure leaves open whether the object was created, it looks
// the object up (lookup answers nil, nil when it is not there) and only then tries the create a
// second time. A POST is never retried blindly, so nothing is created twice.
func CreateOnce[T any](ctx context.Context, create func() (*T, error), lookup func() (*T, error)) (*T, error) {
	created, err := create()
	if err == nil || !MayHaveBeenApplied(err) || ctx.Err() != nil {
		return created, err
	}
	found, lookupErr := lookup()
	switch {
	case lookupErr != nil:
		// The server is still failing: report the create's error, the lookup's adds nothing.
		return nil, err
	case found != nil:
		return found, nil
	default:
		return create()
	}
}
