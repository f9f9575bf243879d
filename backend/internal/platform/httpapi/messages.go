package httpapi

import "github.com/danielgtaylor/huma/v2/validation"

// The schema validator's messages reach clerks next to form fields, so they are
// worded for people rather than for JSON Schema. A pattern is never shown as a
// regular expression: fields with one carry a patternDescription, worded here as
// "must be …".
func init() {
	validation.MsgExpectedRequiredProperty = "%s is required"
	validation.MsgUnexpectedProperty = "is not a field of this request"
	validation.MsgExpectedMinLength = "must have at least %d character(s)"
	validation.MsgExpectedMaxLength = "must have at most %d characters"
	validation.MsgExpectedBePattern = "must be %s"
	validation.MsgExpectedMatchPattern = "is not in the expected form (%s)"
	validation.MsgExpectedOneOf = "must be one of: %s"
	validation.MsgExpectedMinimumNumber = "must be at least %v"
	validation.MsgExpectedMaximumNumber = "must be at most %v"
	validation.MsgExpectedExclusiveMinimumNumber = "must be more than %v"
	validation.MsgExpectedExclusiveMaximumNumber = "must be less than %v"
	validation.MsgExpectedMinItems = "needs at least %d entr(y/ies)"
	validation.MsgExpectedMaxItems = "may have at most %d entries"
	validation.MsgExpectedRFC3339Date = "must be a date (YYYY-MM-DD)"
	validation.MsgExpectedRFC3339DateTime = "must be a date and time (RFC 3339)"
	validation.MsgExpectedRFC3339Time = "must be a time of day (HH:MM:SS)"
	validation.MsgExpectedRFC4122UUID = "must be an identifier (a UUID): %v"
	validation.MsgExpectedInteger = "must be a whole number"
	validation.MsgExpectedNumber = "must be a number"
	validation.MsgExpectedBoolean = "must be yes or no (true or false)"
	validation.MsgExpectedString = "must be text"
}
