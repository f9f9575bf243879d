package order

import "regexp"

var idPattern = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)

// IsID reports whether s is an id as the registry writes them (a UUID in
// lowercase hex); anything else names no order and no court.
func IsID(s string) bool { return idPattern.MatchString(s) }
