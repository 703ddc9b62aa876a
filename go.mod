module github.com/blazetools/blaze

go 1.26

require (
	github.com/apache/arrow-go/v18 v18.8.0 // indirect
	github.com/dlclark/regexp2 v1.12.0 // indirect
	github.com/klauspost/compress v1.20.3 // indirect
	github.com/klauspost/cpuid/v2 v2.4.2 // indirect
	golang.org/x/sync v0.24.0 // indirect
	golang.org/x/sys v0.47.0 // indirect
)
