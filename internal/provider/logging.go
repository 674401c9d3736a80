package provider

import (
	"context"
	"regexp"

	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// uploadSubsystem carries the chatty per-part lines; its level comes from TF_LOG_PROVIDER_FRAMEIO_UPLOAD.
const uploadSubsystem = "upload"

// secretPatterns match what must never reach a log line: pre-signed URL signatures and credentials in
// query strings, and bearer tokens.
var secretPatterns = []*regexp.Regexp{
	regexp.MustCompile(`(?i)(X-Amz-(Signature|Credential|Security-Token)=)[^&\s"]+`),
	regexp.MustCompile(`(?i)(Bearer\s+)[A-Za-z0-9._~+/=-]+`),
}

// secretFieldKeys are field names whose values are always masked, whatever they hold.
var secretFieldKeys = []string{"token", "authorization", "access_token", "refresh_token", "client_secret"}

// withLogMasking returns a context whose log lines, in the root logger and the upload subsystem, have
// the given secrets (the configured token, client secret and refresh token, and the IMS tokens issued
// so far) and pre-signed URL secrets masked.
func withLogMasking(ctx context.Context, secrets ...string) context.Context {
	ctx = tflog.NewSubsystem(ctx, uploadSubsystem, tflog.WithLevelFromEnv("TF_LOG_PROVIDER_FRAMEIO", uploadSubsystem))
	ctx = tflog.MaskLogRegexes(ctx, secretPatterns...)
	ctx = tflog.SubsystemMaskLogRegexes(ctx, uploadSubsystem, secretPatterns...)
	ctx = tflog.MaskFieldValuesWithFieldKeys(ctx, secretFieldKeys...)
	ctx = tflog.SubsystemMaskFieldValuesWithFieldKeys(ctx, uploadSubsystem, secretFieldKeys...)
	if len(secrets) > 0 {
		ctx = tflog.MaskLogStrings(ctx, secrets...)
		ctx = tflog.SubsystemMaskLogStrings(ctx, uploadSubsystem, secrets...)
	}
	return ctx
}

// tflogLogger adapts tflog to the Logger interfaces of the API client and the IMS token source. A
// context's masks are fixed when it is made, but IMS may issue a token in the middle of an operation:
// every line also goes through the live secret set.
type tflogLogger struct {
	secrets *secretSet
}

func (l tflogLogger) Debug(ctx context.Context, msg string, fields map[string]any) {
	tflog.Debug(ctx, l.secrets.redact(msg), l.redactFields(fields))
}

func (l tflogLogger) Warn(ctx context.Context, msg string, fields map[string]any) {
	tflog.Warn(ctx, l.secrets.redact(msg), l.redactFields(fields))
}

func (l tflogLogger) redactFields(fields map[string]any) map[string]any {
	out := make(map[string]any, len(fields))
	for k, v := range fields {
		if s, ok := v.(string); ok {
			v = l.secrets.redact(s)
		}
		out[k] = v
	}
	return out
}

// deliveryLogf routes the delivery's lines (upload started, progress, status, cleanups) to the root logger.
func deliveryLogf(ctx context.Context, level, msg string, fields map[string]any) {
	switch level {
	case "debug":
		tflog.Debug(ctx, msg, fields)
	case "warn":
		tflog.Warn(ctx, msg, fields)
	default:
		tflog.Info(ctx, msg, fields)
	}
}

// uploadLogf routes the upload engine's lines to the upload subsystem. Its start and finish lines are
// demoted to DEBUG: the delivery logs its own at INFO, with the file name, and one of each is enough.
func uploadLogf(ctx context.Context, level, msg string, fields map[string]any) {
	if level == "warn" {
		tflog.SubsystemWarn(ctx, uploadSubsystem, msg, fields)
		return
	}
	tflog.SubsystemDebug(ctx, uploadSubsystem, msg, fields)
}
