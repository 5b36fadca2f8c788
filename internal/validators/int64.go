package validators

import (
	"context"
	"fmt"
	"math"
	"math/big"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// WholeNumber is the CustomType of an Int64 attribute (or the ElementType of a list of them) that
// takes whole numbers from min to max.
//
// Terraform numbers have arbitrary precision. The framework's own Int64 type fails a value beyond
// 64 bits, or with a fraction, with a diagnostic that calls it "always an error in the provider";
// this type reports it at plan time like any other invalid value, naming the attribute and the
// numbers it takes. A value that fits is a plain types.Int64, so models keep types.Int64 fields,
// and a range narrower than 64 bits still needs a validator (such as int64validator.Between).
func WholeNumber(min, max int64) basetypes.Int64Typable { return wholeNumberType{min: min, max: max} }

// AnyWholeNumber is WholeNumber for any number that fits in 64 bits.
func AnyWholeNumber() basetypes.Int64Typable { return WholeNumber(math.MinInt64, math.MaxInt64) }

type wholeNumberType struct {
	basetypes.Int64Type
	min, max int64
}

var (
	_ basetypes.Int64Typable = wholeNumberType{}
	//nolint:staticcheck // the framework validates list elements through this interface only.
	_ interface {
		Validate(context.Context, tftypes.Value, path.Path) diag.Diagnostics
	} = wholeNumberType{}
)

// Equal accepts the framework's Int64 type too: the values this type makes are of that type, and
// the framework checks the values of objects and lists against the schema's types.
func (t wholeNumberType) Equal(o attr.Type) bool {
	switch o := o.(type) {
	case wholeNumberType:
		return o.min == t.min && o.max == t.max
	case basetypes.Int64Type:
		return true
	}
	return false
}

func (t wholeNumberType) String() string {
	return fmt.Sprintf("validators.WholeNumber(%d, %d)", t.min, t.max)
}

// ValueFromTerraform makes a types.Int64 of a number that fits, and a value that validation
// refuses of one that does not.
func (t wholeNumberType) ValueFromTerraform(ctx context.Context, in tftypes.Value) (attr.Value, error) {
	if in.IsKnown() && !in.IsNull() && in.Type().Is(tftypes.Number) {
		var f *big.Float
		if err := in.As(&f); err == nil && f != nil && !fitsInt64(f) {
			return notWholeNumber{typ: t, value: f}, nil
		}
	}
	return t.Int64Type.ValueFromTerraform(ctx, in)
}

// Validate refuses a number that is not whole or does not fit in 64 bits. (The framework calls it
// for every value of the type: attributes and list elements alike.)
func (t wholeNumberType) Validate(_ context.Context, in tftypes.Value, at path.Path) diag.Diagnostics {
	var diags diag.Diagnostics
	if in.Type() == nil || !in.Type().Is(tftypes.Number) || !in.IsKnown() || in.IsNull() {
		return diags
	}
	var f *big.Float
	if err := in.As(&f); err != nil || f == nil || fitsInt64(f) {
		return diags
	}
	problem := "too large"
	if !f.IsInt() {
		problem = "not a whole number"
	}
	accepted := fmt.Sprintf("a whole number from %d to %d", t.min, t.max)
	if t.min == math.MinInt64 && t.max == math.MaxInt64 {
		accepted = "a whole number of at most 18 digits, e.g. 1, then 2 for the next version"
	}
	attribute := AttributeName(at)
	diags.AddAttributeError(at, "Invalid number", AttributeDetail(attribute, fmt.Sprintf("%s is %s, which is %s: write %s",
		attribute, f.Text('g', 25), problem, accepted)))
	return diags
}

func fitsInt64(f *big.Float) bool {
	if !f.IsInt() {
		return false
	}
	_, accuracy := f.Int64()
	return accuracy == big.Exact
}

// notWholeNumber is a number that WholeNumber's Validate refuses; nothing else reads it.
type notWholeNumber struct {
	typ   wholeNumberType
	value *big.Float
}

func (v notWholeNumber) Type(context.Context) attr.Type { return v.typ }

func (v notWholeNumber) ToTerraformValue(context.Context) (tftypes.Value, error) {
	return tftypes.NewValue(tftypes.Number, v.value), nil
}

func (v notWholeNumber) Equal(o attr.Value) bool {
	other, ok := o.(notWholeNumber)
	return ok && other.value.Cmp(v.value) == 0
}

func (v notWholeNumber) IsNull() bool    { return false }
func (v notWholeNumber) IsUnknown() bool { return false }
func (v notWholeNumber) String() string  { return v.value.Text('g', 25) }
