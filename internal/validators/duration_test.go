package validators

import (
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/types"
)

func TestDuration(t *testing.T) {
	v := Duration(time.Second, time.Hour)
	for _, c := range []struct{ value, want string }{
		{"60s", ""},
		{"1s", ""},
		{"1h", ""},
		{"1m30s", ""},
		{"2m", ""},
		{"60", `Invalid duration: request_timeout "60" is not a duration; write it like "60s" or "2m"`},
		{"soon", `"soon" is not a duration`},
		{"", `"" is not a duration`},
		{"500ms", `request_timeout "500ms" is out of range: it must be between 1s and 1h`},
		{"0s", "out of range"},
		{"-5s", "out of range"},
		{"2h", "out of range"},
		{"9999999999999999h", "is not a duration"},
	} {
		got := validate(t, v, "request_timeout", types.StringValue(c.value))
		if (c.want == "") != (got == "") || !strings.Contains(got, c.want) {
			t.Errorf("%q: got %q, want %q", c.value, got, c.want)
		}
	}
	for _, skip := range []types.String{types.StringNull(), types.StringUnknown()} {
		if got := validate(t, v, "request_timeout", skip); got != "" {
			t.Errorf("%v: %s", skip, got)
		}
	}
	if d, err := CheckDuration("90s", time.Second, time.Hour); d != 90*time.Second || err != nil {
		t.Errorf("CheckDuration(90s) = %v, %v", d, err)
	}
	for d, want := range map[time.Duration]string{
		time.Hour: "1h", 3 * time.Hour: "3h", 2 * time.Minute: "2m", time.Minute: "60s", 90 * time.Second: "90s",
		time.Second: "1s", 1500 * time.Millisecond: "1.5s", 0: "0s",
	} {
		if got := FormatDuration(d); got != want {
			t.Errorf("FormatDuration(%v) = %q, want %q", d, got, want)
		}
	}
}
