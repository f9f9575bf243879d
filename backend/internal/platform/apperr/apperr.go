// Package apperr holds the errors the domain packages return. They know nothing of
// HTTP; httpapi maps them to RFC 9457 problems in one place.
package apperr

import (
	"errors"
	"fmt"
	"strings"
)

// Sentinel errors of the domain layer.
var (
	// ErrNotFound: the object does not exist or the caller may not know that it does.
	ErrNotFound = errors.New("not found")
	// ErrConflict: the request contradicts the current state (a duplicate, a closed order).
	ErrConflict = errors.New("conflict")
	// ErrForbidden: the caller is known, the object visible, the act not allowed.
	ErrForbidden = errors.New("forbidden")
	// ErrUnauthenticated: nobody is signed in.
	ErrUnauthenticated = errors.New("unauthenticated")
	// ErrPreconditionFailed: the If-Match version is no longer current.
	ErrPreconditionFailed = errors.New("precondition failed")
	// ErrUnavailable: a dependency (database, audit log, DOJ) cannot answer now.
	ErrUnavailable = errors.New("unavailable")
	// ErrTooManyRequests: the caller acts faster than its limit allows.
	ErrTooManyRequests = errors.New("too many requests")
)

// FieldError names one wrong field, by its JSON path (e.g. body.restrainedPerson.dob).
type FieldError struct {
	Field   string
	Message string
	Value   any
}

// ValidationError carries every wrong field of a request at once.
type ValidationError struct {
	Fields []FieldError
}

func (v *ValidationError) Error() string {
	parts := make([]string, len(v.Fields))
	for i, f := range v.Fields {
		parts[i] = f.Field + ": " + f.Message
	}
	return "invalid: " + strings.Join(parts, "; ")
}

// Add records a wrong field.
func (v *ValidationError) Add(field, format string, args ...any) {
	v.Fields = append(v.Fields, FieldError{Field: field, Message: fmt.Sprintf(format, args...)})
}

// Err returns v when it holds a field, else nil.
func (v *ValidationError) Err() error {
	if v == nil || len(v.Fields) == 0 {
		return nil
	}
	return v
}

// Invalid returns a ValidationError for one field.
func Invalid(field, format string, args ...any) error {
	v := &ValidationError{}
	v.Add(field, format, args...)
	return v
}

// Refusal is a refusal worded for the person refused: Kind (ErrForbidden,
// ErrConflict or ErrNotFound) decides the answer's status, Message is its detail.
type Refusal struct {
	Kind    error
	Message string
}

func (r *Refusal) Error() string { return r.Message }
func (r *Refusal) Unwrap() error { return r.Kind }

// Refuse returns a Refusal of kind with message.
func Refuse(kind error, message string) error { return &Refusal{Kind: kind, Message: message} }
