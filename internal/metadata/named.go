package metadata

import (
	"fmt"
	"strings"

	"github.com/frameio/terraform-provider-frameio/internal/frameio"
)

// SharedNameError is a field name that several field definitions of the account share: the name does
// not say which field it means.
type SharedNameError struct {
	Name string
	IDs  []string // the definitions of that name, in the account's order
}

func (e *SharedNameError) Error() string {
	return fmt.Sprintf("%d metadata fields of the account are named %q (ids %s), so the name does not say which: "+
		"rename all but one in Frame.io", len(e.IDs), e.Name, strings.Join(e.IDs, ", "))
}

// Named returns the values a file holds (held, as include=metadata or metadata.show return them) by
// field name, as canonical strings (FromAPI), for the fields of defs whose values can be written:
// mutable and of a supported type. Left out, silently: fields without a value, system fields (mutable
// false), user and unknown types, values of fields defs does not list. Left out with an error in
// omitted, in the order of defs: a value whose name several definitions share (a *SharedNameError, once
// per name) and a value FromAPI cannot read (a *ValueError).
func Named(defs []frameio.FieldDefinition, held []frameio.MetadataField) (values map[string]string, omitted []error) {
	byID := map[string]*frameio.MetadataField{}
	for i := range held {
		if held[i].IsSet() {
			byID[held[i].FieldDefinitionID] = &held[i]
		}
	}
	idsByName := map[string][]string{}
	for _, d := range defs {
		idsByName[d.Name] = append(idsByName[d.Name], d.ID)
	}
	values = map[string]string{}
	reported := map[string]bool{}
	for i := range defs {
		d := &defs[i]
		v, ok := byID[d.ID]
		switch {
		case !ok || !d.Mutable || !Supported(d.FieldType) || reported[d.Name]:
			continue
		case len(idsByName[d.Name]) > 1:
			reported[d.Name] = true
			omitted = append(omitted, &SharedNameError{Name: d.Name, IDs: idsByName[d.Name]})
			continue
		}
		s, set, err := FromAPI(FieldOf(d), v.Value)
		switch {
		case err != nil:
			omitted = append(omitted, err)
		case set:
			values[d.Name] = s
		}
	}
	return values, omitted
}
