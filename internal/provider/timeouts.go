package provider

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
)

// timeoutDuration starts every timeouts description. Plain text: the framework sets these as
// Description, which is not rendered as Markdown.
const timeoutDuration = `A duration such as "30s" or "2h45m" (units s, m, h)`

// timeoutsAttribute is the framework's timeouts attribute for opts, with markdown as the description of
// the whole block.
func timeoutsAttribute(ctx context.Context, opts timeouts.Opts, markdown string) schema.Attribute {
	attr := timeouts.Attributes(ctx, opts)
	nested, ok := attr.(schema.SingleNestedAttribute)
	if !ok {
		return attr // a future timeouts module may change the type; the descriptions in opts still apply
	}
	nested.MarkdownDescription = markdown
	return nested
}

// timeoutGetter is a timeouts.Value method: Create, Update or Delete.
type timeoutGetter func(context.Context, time.Duration) (time.Duration, diag.Diagnostics)

// withOperationTimeout bounds ctx by one operation's configured timeout (get), or def when none is set.
// The diagnostics of get (a duration that does not parse) go to diags; ok is false then and the
// operation must not run.
func withOperationTimeout(ctx context.Context, get timeoutGetter, def time.Duration, diags *diag.Diagnostics) (
	_ context.Context, _ context.CancelFunc, timeout time.Duration, ok bool) {
	timeout, ds := get(ctx, def)
	diags.Append(ds...)
	if ds.HasError() {
		return ctx, func() {}, 0, false
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	return ctx, cancel, timeout, true
}

// timeoutHint names the timeout to raise when ctx ended at its deadline, else "": without it a user sees
// only "context deadline exceeded". which is create, update or delete.
func timeoutHint(ctx context.Context, which string, timeout time.Duration) string {
	if !errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return ""
	}
	return fmt.Sprintf(" (timeouts.%s is %s; raise it if Frame.io or its rate limits are slow)", which, timeout)
}

// withTimeoutOf is err with timeoutHint's words after it when ctx ended at its deadline.
func withTimeoutOf(ctx context.Context, err error, which string, timeout time.Duration) error {
	if hint := timeoutHint(ctx, which, timeout); hint != "" {
		return fmt.Errorf("%w%s", err, hint)
	}
	return err
}

// minutes formats d as Terraform users write it, e.g. "60m".
func minutes(d time.Duration) string {
	return fmt.Sprintf("%dm", int(d/time.Minute))
}
