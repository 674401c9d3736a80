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

// withLogMasking returns a context whose log lines, in the root logger and the upload subsystem, have
// the token and pre-signed URL secrets masked.
func withLogMasking(ctx context.Context, token string) context.Context {
	ctx = tflog.NewSubsystem(ctx, uploadSubsystem, tflog.WithLevelFromEnv("TF_LOG_PROVIDER_FRAMEIO", uploadSubsystem))
	ctx = tflog.MaskLogRegexes(ctx, secretPatterns...)
	ctx = tflog.SubsystemMaskLogRegexes(ctx, uploadSubsystem, secretPatterns...)
	ctx = tflog.MaskFieldValuesWithFieldKeys(ctx, "token", "authorization")
	if token != "" {
		ctx = tflog.MaskLogStrings(ctx, token)
		ctx = tflog.SubsystemMaskLogStrings(ctx, uploadSubsystem, token)
	}
	return ctx
}

// tflogLogger adapts tflog to the API client's Logger interface.
type tflogLogger struct{}

func (tflogLogger) Debug(ctx context.Context, msg string, fields map[string]any) {
	tflog.Debug(ctx, msg, fields)
}

func (tflogLogger) Warn(ctx context.Context, msg string, fields map[string]any) {
	tflog.Warn(ctx, msg, fields)
}

// uploadLogf routes the upload engine's lines to the upload subsystem. Its start and finish lines are
// demoted to DEBUG: the resource logs its own at INFO, with the file name, and one of each is enough.
func uploadLogf(ctx context.Context, level, msg string, fields map[string]any) {
	if level == "warn" {
		tflog.SubsystemWarn(ctx, uploadSubsystem, msg, fields)
		return
	}
	tflog.SubsystemDebug(ctx, uploadSubsystem, msg, fields)
}
