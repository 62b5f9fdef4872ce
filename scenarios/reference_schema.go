package scenarios

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/BurntSushi/toml"
)

// JSON Schema patterns for the human units. They are looser than the
// parsers (which say exactly what is wrong) and only catch what an editor
// should underline as you type.
const (
	durationPattern = `^\s*(0|([0-9]*\.?[0-9]+\s*(s|min|m|h|d|w|y|pd|pw)\s*)+)$`
	ratePattern     = `^\s*(0|[0-9]*\.?[0-9]+(e[-+]?[0-9]+)?\s*/\s*([0-9]*\.?[0-9]+\s*)?[a-z]+)\s*$`
)

// schemaNode is a JSON Schema object. Fields are in the order an editor
// shows them best; nil maps and slices are left out.
type schemaNode struct {
	Schema               string                 `json:"$schema,omitempty"`
	Title                string                 `json:"title,omitempty"`
	Description          string                 `json:"description,omitempty"`
	Type                 any                    `json:"type,omitempty"`
	Enum                 []string               `json:"enum,omitempty"`
	Pattern              string                 `json:"pattern,omitempty"`
	Minimum              *float64               `json:"minimum,omitempty"`
	Maximum              *float64               `json:"maximum,omitempty"`
	Default              any                    `json:"default,omitempty"`
	Properties           map[string]*schemaNode `json:"properties,omitempty"`
	PatternProperties    map[string]*schemaNode `json:"patternProperties,omitempty"`
	AdditionalProperties any                    `json:"additionalProperties,omitempty"`
	Items                *schemaNode            `json:"items,omitempty"`
	Ref                  string                 `json:"$ref,omitempty"`
	AnyOf                []*schemaNode          `json:"anyOf,omitempty"`
	Definitions          map[string]*schemaNode `json:"definitions,omitempty"`
}

func object() *schemaNode {
	return &schemaNode{Type: "object", Properties: map[string]*schemaNode{}, AdditionalProperties: false}
}

// JSONSchema renders Reference as a JSON Schema (draft 4, which taplo and
// Even Better TOML read) for scenario files: every key with its type,
// allowed values, bounds, default and meaning, and no key it does not
// list, as the parser is strict.
func JSONSchema() ([]byte, error) {
	root := object()
	root.Schema = "http://json-schema.org/draft-04/schema#"
	root.Title = "opsim scenario"
	root.Description = "An opsim scenario: an organisation, the designs to compare and an optional sweep. Generated from scenarios/reference_keys.go; see docs/scenarios.md."
	dist := object()
	root.Definitions = map[string]*schemaNode{"distribution": dist}
	for _, s := range Reference {
		for _, k := range s.Keys {
			var parent *schemaNode
			var name string
			if rest, ok := strings.CutPrefix(k.Path, "DIST."); ok {
				parent, name = dist, rest
			} else {
				parent, name = nodeFor(root, k.Path)
			}
			if _, dup := parent.Properties[name]; dup {
				return nil, fmt.Errorf("scenarios: reference documents %s twice, or after its keys", k.Path)
			}
			parent.Properties[name] = keySchema(k)
		}
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(root); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// nodeFor walks a key path from root, creating the tables, arrays of
// tables and design-name patterns on the way, and returns the object the
// last part belongs to and its name.
func nodeFor(root *schemaNode, path string) (*schemaNode, string) {
	parts := strings.Split(path, ".")
	n := root
	for _, p := range parts[:len(parts)-1] {
		switch {
		case p == "NAME":
			pat := n.PatternProperties[designNamePattern]
			if pat == nil {
				pat = object()
				n.PatternProperties = map[string]*schemaNode{designNamePattern: pat}
				n.Properties = nil
			}
			n = pat
		case strings.HasSuffix(p, "[]"):
			name := strings.TrimSuffix(p, "[]")
			arr := n.Properties[name]
			if arr == nil {
				arr = &schemaNode{Type: "array"}
				n.Properties[name] = arr
			}
			if arr.Items == nil {
				arr.Items = object()
			}
			n = arr.Items
		default:
			child := n.Properties[p]
			if child == nil {
				child = object()
				n.Properties[p] = child
			}
			if child.Properties == nil && child.PatternProperties == nil {
				child.Properties = map[string]*schemaNode{}
			}
			n = child
		}
	}
	return n, parts[len(parts)-1]
}

// designNamePattern is what a design's name may be (bareKeyRE).
const designNamePattern = `^[A-Za-z0-9_-]+$`

// keySchema is one key's schema from its reference entry.
func keySchema(k Key) *schemaNode {
	n := &schemaNode{Description: k.description()}
	switch k.Type {
	case TypeString:
		n.Type, n.Enum = "string", k.Enum
	case TypeInteger:
		n.Type, n.Minimum, n.Maximum = "integer", k.Min, k.Max
	case TypeNumber:
		n.Type, n.Minimum, n.Maximum = "number", k.Min, k.Max
	case TypeBoolean:
		n.Type = "boolean"
	case TypeDuration:
		// "0" may be written as a bare number too.
		n.Type, n.Pattern = []string{"string", "integer"}, durationPattern
	case TypeRate:
		n.Type, n.Pattern = []string{"string", "integer"}, ratePattern
	case TypeSwitchCost:
		n.Type, n.Pattern = "string", `^\s*weinberg\s*$|`+durationPattern
	case TypeDistribution:
		// A table, or a plain duration read as a fixed value.
		n.AnyOf = []*schemaNode{{Ref: "#/definitions/distribution"}, {Type: []string{"string", "integer"}, Pattern: durationPattern}}
	case TypeTable:
		n.Type, n.Properties, n.AdditionalProperties = "object", map[string]*schemaNode{}, false
	case TypeArrayOfTables:
		n.Type, n.Items = "array", object()
	case TypeStringList:
		n.Type, n.Items = "array", &schemaNode{Type: "string"}
	case TypeIntegerList:
		n.Type, n.Items = "array", &schemaNode{Type: "integer"}
	case TypeDurationList:
		n.Type, n.Items = "array", &schemaNode{Type: []string{"string", "integer"}, Pattern: durationPattern}
	case TypeValueTable:
		n.Type, n.AdditionalProperties = "object", &schemaNode{Type: []string{"string", "number", "boolean"}}
	case TypeNumberTable:
		n.Type, n.AdditionalProperties = "object", &schemaNode{Type: "number", Minimum: ptr(0)}
	case TypeSweep:
		n.Type, n.AdditionalProperties = "object", &schemaNode{Type: "array", Items: &schemaNode{Type: []string{"string", "number", "boolean"}}}
	default:
		panic(fmt.Sprintf("scenarios: reference key %s has unknown type %q", k.Path, k.Type))
	}
	if k.literal() && k.Type != TypeTable {
		var v map[string]any
		if _, err := toml.Decode("v = "+k.Default, &v); err == nil {
			n.Default = v["v"]
		}
	}
	return n
}

// description is a key's meaning with its default, unit and source, as an
// editor shows it on hover.
func (k Key) description() string {
	var b strings.Builder
	b.WriteString(k.Meaning)
	if k.Default != "" {
		b.WriteString(" Default: " + k.Default + ".")
	}
	if k.Unit != "" {
		b.WriteString(" Unit: " + k.Unit + ".")
	}
	if k.Source != "" {
		b.WriteString(" Source: " + k.Source + ".")
	}
	return b.String()
}
