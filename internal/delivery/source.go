package delivery

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
)

// The local source's checks, which a file must pass before it is uploaded; the provider runs them at
// plan time too, so a bad path fails the plan rather than the apply.

// StatSource checks that p is a regular, non-empty, readable file and returns its info. The error names
// the attribute (source) and says what to do.
func StatSource(p string) (fs.FileInfo, error) {
	info, err := os.Stat(p)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, fmt.Errorf("source: %s does not exist; point source at a file to upload (relative paths "+
			"are relative to the directory Terraform runs in; path.module helps)", p)
	case err != nil:
		return nil, fmt.Errorf("source: cannot read %s: %v", p, err)
	case info.IsDir():
		return nil, fmt.Errorf("source: %s is a directory; point source at a file (use for_each with fileset() "+
			"to upload every file of a directory)", p)
	case !info.Mode().IsRegular():
		return nil, fmt.Errorf("source: %s is not a regular file (%s); point source at a regular file", p, info.Mode().Type())
	case info.Size() == 0:
		return nil, fmt.Errorf("source: %s is empty; Frame.io cannot store an empty file (file_size must be at "+
			"least 1 byte)", p)
	}
	f, err := os.Open(p)
	if err != nil {
		return nil, fmt.Errorf("source: cannot open %s: %v; check its permissions", p, err)
	}
	_ = f.Close()
	return info, nil
}
