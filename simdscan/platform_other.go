//go:build !amd64 || purego

package simdscan

// registerPlatform registers no assembly: this build has only the portable
// implementation.
func registerPlatform() {}
