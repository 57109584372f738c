package programme

import (
	"reflect"
)

// interner gives the programmes of one load one copy of every string they repeat: owner
// keys, planning phrases such as "Doorlopend" and, at national scale, the texts of regions
// whose programmes copy one template, instead of one copy per file. (unique.Make would not
// do: its table forgets a string once no Handle holds it, and a programme keeps strings.)
type interner map[string]string

// programme replaces every string of p with the interner's copy; p is otherwise unchanged.
func (in interner) programme(p *Programme) {
	in.value(reflect.ValueOf(p).Elem())
}

var stringType = reflect.TypeFor[string]()

func (in interner) value(v reflect.Value) {
	switch v.Kind() {
	case reflect.String:
		if v.CanSet() && v.Len() > 0 {
			s, ok := in[v.String()]
			if !ok {
				s = v.String()
				in[s] = s
			}
			if v.Type() == stringType {
				v.SetString(s)
			} else {
				v.Set(reflect.ValueOf(s).Convert(v.Type()))
			}
		}
	case reflect.Pointer:
		if !v.IsNil() {
			in.value(v.Elem())
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				in.value(v.Field(i))
			}
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			in.value(v.Index(i))
		}
	case reflect.Map:
		if v.IsNil() || !v.CanSet() {
			return
		}
		m := reflect.MakeMapWithSize(v.Type(), v.Len())
		it := v.MapRange()
		for it.Next() {
			k := reflect.New(v.Type().Key()).Elem()
			k.Set(it.Key())
			e := reflect.New(v.Type().Elem()).Elem()
			e.Set(it.Value())
			in.value(k)
			in.value(e)
			m.SetMapIndex(k, e)
		}
		v.Set(m)
	}
}
