// Package repo holds tests of the repository's own rules: what every tracked file
// must respect, whatever its language. It has no code of its own.
//
// The repository stands alone: a fresh clone runs `make test` with nothing beside
// it, so no file may refer to a path outside the repository, nor to design notes
// that are not among its files (they live in docs/).
package repo
