package models

import (
	"math/rand"
	"reflect"
	"testing"
	"testing/quick"
)

// TestExpandCopiesEveryOrgSetting: Org and Config share the organisation's
// settings field by field (services, work, incidents, every mechanism), and
// Expand copies them one by one, so a setting added to both but not to
// Expand would silently run at its zero value. Every shared field is given
// a changed value (a number inside it moved, or an arbitrary value) and must
// arrive unchanged.
func TestExpandCopiesEveryOrgSetting(t *testing.T) {
	ot, ct := reflect.TypeFor[Org](), reflect.TypeFor[Config]()
	r := rand.New(rand.NewSource(1))
	shared := 0
	for i := range ot.NumField() {
		f := ot.Field(i)
		cf, ok := ct.FieldByName(f.Name)
		if !ok || cf.Type != f.Type || f.Name == "Teams" || f.Name == "Name" { // Teams and Name are the design's to build
			continue
		}
		org := smallOrg()
		fv := reflect.ValueOf(&org).Elem().Field(i)
		if !poke(fv) { // not a struct with a number in it: any value of its type
			v, ok := quick.Value(f.Type, r)
			if !ok {
				t.Fatalf("Org.%s: cannot make a value of %v", f.Name, f.Type)
			}
			fv.Set(v)
		}
		v := fv
		cfg, err := Expand(org, Design{Name: "c", Preset: PresetCollective})
		if err != nil {
			t.Fatalf("Org.%s set: %v", f.Name, err)
		}
		if got := reflect.ValueOf(cfg).FieldByName(f.Name).Interface(); !reflect.DeepEqual(got, v.Interface()) {
			t.Errorf("Expand does not copy Org.%s to Config.%s", f.Name, f.Name)
		}
		shared++
	}
	if shared < 14 {
		t.Fatalf("only %d settings shared by Org and Config: did the types change?", shared)
	}
}

// poke changes the first number among v's fields, depth first (a number
// keeps Expand's checks of names and references satisfied), and reports
// whether it found one.
func poke(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Float64:
		v.SetFloat(v.Float() + 0.123456789)
		return true
	case reflect.Int:
		v.SetInt(v.Int() + 7)
		return true
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() && poke(v.Field(i)) {
				return true
			}
		}
	}
	return false
}
