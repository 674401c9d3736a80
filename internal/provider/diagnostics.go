package provider

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/frameio/terraform-provider-frameio/internal/delivery"
	"github.com/frameio/terraform-provider-frameio/internal/frameio"
	"github.com/frameio/terraform-provider-frameio/internal/ims"
)

// The one place where an error becomes the text of a diagnostic: every API error a user can meet gets
// its next step (which credential, which permission, which id, which attribute, which limit), JSON
// pointers become attribute names, and Go's words ("context deadline exceeded") become plain ones.
// Resources add only what they alone know (the timeout to raise, what became of a half-made file).

// explainAPIError rewords err for a diagnostic and adds the fix its cause calls for. The result wraps
// err, so errors.As and errors.Is still see the cause.
func explainAPIError(err error) error {
	var done *explained
	if err == nil || errors.As(err, &done) {
		return err // explained once is enough: a second pass would add the next step again
	}
	var ie *ims.Error
	if errors.As(err, &ie) {
		return &explained{err: err, text: fmt.Sprintf("%s\n\n%s", plainText(err.Error()), explainIMSError(ie))}
	}
	text := err.Error()
	step := ""
	var ae *frameio.APIError
	var pe *delivery.PartURLsError
	switch {
	case errors.As(err, &ae):
		text = strings.Replace(text, ae.Error(), describeAPIError(ae), 1)
		step = apiNextStep(ae, frameio.IsRefusedAfterRenewal(err))
	case errors.As(err, &pe):
		step = "Apply again: a new upload gets new part URLs (it starts again from the first byte). If they expire " +
			"again before a large file is sent, make the upload shorter (raise upload_concurrency, or upload from a " +
			"machine with a faster link), or let Frame.io fetch the file itself with source_url."
	}
	text = plainText(text)
	if step != "" {
		text += "\n\n" + step
	}
	return &explained{err: err, text: text}
}

// explained is an error with the text of its diagnostic.
type explained struct {
	err  error
	text string
}

func (e *explained) Error() string { return e.text }
func (e *explained) Unwrap() error { return e.err }

// plainText replaces what Go says of an ended context, and the client's package prefix, with words a
// user reads without knowing Go. The timeout to raise is added by the resource (timeoutHint).
func plainText(s string) string {
	return strings.NewReplacer(
		"context deadline exceeded", "ran out of time",
		"context canceled", "interrupted",
		"frameio: ", "Frame.io API: ",
	).Replace(s)
}

// describeAPIError is an API error as a diagnostic shows it: the call, the status, and what Frame.io
// said, each refused field named by its attribute rather than by its JSON pointer.
func describeAPIError(ae *frameio.APIError) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Frame.io API: %s %s: %d %s", ae.Method, ae.Path, ae.StatusCode, http.StatusText(ae.StatusCode))
	sep := ": "
	for _, d := range ae.Errors {
		msg := d.Detail
		if msg == "" {
			msg = d.Title
		}
		if d.Pointer != "" {
			msg = strings.TrimSpace(msg + " (" + fieldName(ae, d.Pointer) + ")")
		}
		if msg == "" {
			continue
		}
		b.WriteString(sep + msg)
		sep = "; "
	}
	return b.String()
}

// fieldName names the request field at pointer for a user: the attribute it comes from, else the field.
func fieldName(ae *frameio.APIError, pointer string) string {
	if attr := attributeOf(ae, pointer); attr != "" {
		return attr
	}
	return "request field " + strings.ReplaceAll(strings.TrimPrefix(pointer, "/data/"), "/", ".")
}

// attributeOf is the attribute whose value Frame.io refused at pointer, or "" when the field is none
// (the provider's own, such as the files it stacks). A parent_id is the folder_id of a file (a stacked
// file moves with its stack) and the parent_id of a folder.
func attributeOf(ae *frameio.APIError, pointer string) string {
	field := strings.TrimPrefix(pointer, "/data/")
	if rest, ok := strings.CutPrefix(field, "field_configuration/"); ok {
		field = rest // a metadata field's options, scale or max_value
	}
	if i := strings.IndexByte(field, '/'); i >= 0 {
		field = field[:i] // "/data/reviewers/emails/0" is reviewers
	}
	switch field {
	case "field_type", "options", "scale", "max_value":
		return field
	case "name", "source_url", "expiration", "description", "passphrase", "access", "downloading_enabled", "message",
		"restricted", "status", "role":
		return field
	case "file_size":
		return "source"
	case "parent_id":
		if strings.Contains(ae.Path, "/folders/") && !strings.Contains(ae.Path, "/files/") {
			return "parent_id"
		}
		return "folder_id"
	case "asset_id", "asset_ids", "assets":
		return "asset_ids"
	case "reviewers", "emails":
		return "reviewers"
	case "url", "events", "active": // a webhook's
		return field
	}
	return ""
}

// refusedAttributes names the attributes of the fields Frame.io refused, in order, without repeats.
func refusedAttributes(ae *frameio.APIError) []string {
	var out []string
	for _, d := range ae.Errors {
		a := attributeOf(ae, d.Pointer)
		if a == "source" {
			a = "source (the size of its file)"
		}
		if a != "" && !slices.Contains(out, a) {
			out = append(out, a)
		}
	}
	return out
}

// apiNextStep says what to do about an API error, by its status. renewed is a 401 that came back with a
// token Adobe IMS had just issued.
func apiNextStep(ae *frameio.APIError, renewed bool) string {
	switch code := ae.StatusCode; {
	case code == http.StatusUnauthorized && renewed:
		return fmt.Sprintf("Frame.io refused an access token Adobe IMS had just issued for client_id. Check that the "+
			"credential's project in the Adobe Developer Console includes the Frame.io API, that scopes (or %s; "+
			"default %s) include frame.s2s.all for server-to-server credentials, and that account_id is an account "+
			"of the organisation or user the credentials stand for.", EnvScopes, ims.DefaultScopes)
	case code == http.StatusUnauthorized:
		return fmt.Sprintf("Frame.io refused the access token: it has expired or is not valid. Tokens from Adobe "+
			"IMS expire (server-to-server tokens after 24 hours), so a token fetched before a run can run out before "+
			"or during it. Set a fresh token in token or the %s environment variable, or let the provider obtain and "+
			"renew tokens itself: remove token and set client_id and client_secret (%s, %s), with refresh_token (%s) "+
			"for a user login.", EnvToken, EnvClientID, EnvClientSecret, EnvRefreshToken)
	case code == http.StatusForbidden:
		return forbiddenStep(ae)
	case code == http.StatusNotFound:
		return notFoundStep(ae)
	case code == http.StatusConflict:
		return conflictStep(ae)
	case code == http.StatusUnprocessableEntity:
		return invalidStep(ae)
	case code == http.StatusBadRequest:
		return "Frame.io could not read the request the provider sent. This is a bug in the provider: please report " +
			"it with the log of the run (TF_LOG=DEBUG; tokens and secrets are masked in it)."
	case code == http.StatusTooManyRequests:
		return rateLimitedStep(ae)
	case code >= 500:
		return fmt.Sprintf("Frame.io failed on its side %s. Try again in a few minutes; if it persists, check "+
			"Frame.io's status page.", attemptsText(ae))
	}
	return ""
}

// forbiddenStep: the credential's user may not do this to the object. The fix is in Frame.io, where
// that user must be a member of the workspace or project, with a role that allows the call.
func forbiddenStep(ae *frameio.APIError) string {
	what, account := subject(ae)
	verb := verbOf(ae.Method)
	return fmt.Sprintf("Frame.io does not let the provider %s %s%s. The provider acts as %s. In Frame.io, add that "+
		"user to the workspace or project that holds it (as a member or collaborator, with a role that may %s it), "+
		"or use the credential of a user who has that access. Check also that account_id is the account that "+
		"holds it; Frame.io also answers 403 when the account is locked (e.g. unpaid).",
		verb, what, account, credentialUser(ae.Credential), verb)
}

// notFoundStep: the id is wrong, of another account, deleted, or out of the credential user's sight. The
// API document does not say whether Frame.io answers 403 or 404 for an object in a project the user is
// not a member of; both steps name the membership.
func notFoundStep(ae *frameio.APIError) string {
	what, account := subject(ae)
	return fmt.Sprintf("Frame.io has no %s%s, or does not show it to the provider, which acts as %s. Check the id: "+
		"was it deleted in the Frame.io web app, or is it in another account (account_id)? If Terraform created "+
		"it, the next plan sees it is gone and creates it again; an id written in the configuration must be changed "+
		"to one that exists. If it exists, add that user to its project or workspace in Frame.io.",
		what, account, credentialUser(ae.Credential))
}

// lookupNotFound is a data source's "not found" for an id given in attr: which id, and why it may be
// missing (a typo, another account, deleted in the web app, or a project the credentials' user is not in).
func lookupNotFound(kind, attr, id, account string) string {
	return fmt.Sprintf("No %s with id %q in account %q. Check %s: the id is in the %s's URL in the Frame.io web app. "+
		"Was the %s deleted there, or is it in another account (account_id)? Frame.io may also answer \"not found\" "+
		"for what is in a project or workspace that the user the credentials act as is not a member of: add that "+
		"user there.", kind, id, account, attr, kind, kind)
}

// conflictStep: what Frame.io holds changed, or already has what was asked.
func conflictStep(ae *frameio.APIError) string {
	what, _ := subject(ae)
	attrs := refusedAttributes(ae)
	check := ""
	if len(attrs) > 0 {
		check = fmt.Sprintf(" Check %s.", strings.Join(attrs, " and "))
	}
	return fmt.Sprintf("Frame.io refused the change because it conflicts with what %s holds now, for example after "+
		"a change in the Frame.io web app.%s Run terraform plan to see what Frame.io holds, then apply again.", what, check)
}

// invalidStep: a value Frame.io does not accept, named by its attribute.
func invalidStep(ae *frameio.APIError) string {
	attrs := refusedAttributes(ae)
	if len(attrs) == 0 {
		return "Frame.io refused a value of the request. Check this resource's values against the rules in its " +
			"documentation; if they follow them, this is a bug in the provider: please report it with the log of the " +
			"run (TF_LOG=DEBUG)."
	}
	return fmt.Sprintf("Frame.io refused the value of %s: change it in the configuration and apply again.",
		strings.Join(attrs, " and "))
}

// rateLimitedStep: the limit of the operation, what the provider did already, and how to get through.
func rateLimitedStep(ae *frameio.APIError) string {
	limit := "its rate limit"
	if l, ok := frameio.RateLimits()[ae.Operation]; ok && l.N > 0 {
		limit = fmt.Sprintf("its rate limit (%s: %d requests per %s, per account user)", ae.Operation, l.N, windowName(l.Window))
	}
	return fmt.Sprintf("Frame.io kept refusing the call for %s %s, waiting between attempts as Frame.io asks. The "+
		"provider paces its own calls within that limit, so others share it: other Terraform runs, scripts or "+
		"people using the same credential. Wait a minute and apply again, run fewer of them at once, or raise "+
		"max_retries (up to 20) so the provider waits longer.", limit, attemptsText(ae))
}

// attemptsText says what the provider already did: "after 6 attempts over 31s".
func attemptsText(ae *frameio.APIError) string {
	if ae.Attempts <= 1 {
		return "(the provider did not retry: max_retries is 0)"
	}
	return fmt.Sprintf("after %d attempts over %s (max_retries = %d)", ae.Attempts, ae.Elapsed.Round(time.Second),
		ae.Attempts-1)
}

func windowName(d time.Duration) string {
	switch d {
	case time.Second:
		return "second"
	case time.Minute:
		return "minute"
	case time.Hour:
		return "hour"
	}
	return d.String()
}

// subject names what the call was about, from its path ("folder 1234"), and the account it is in
// (" in account 5678", "" when the account is the subject). A creation names where it creates (the parent
// folder, the project).
func subject(ae *frameio.APIError) (what, account string) {
	if ae.Path == "/v4/accounts" {
		return "the list of accounts", ""
	}
	what = "what the request names"
	segs := strings.Split(strings.Trim(ae.Path, "/"), "/")
	for i := 0; i+1 < len(segs); i++ {
		kind, ok := pathKinds[segs[i]]
		if !ok || pathKinds[segs[i+1]] != "" || isAction(segs[i+1]) {
			continue
		}
		id, err := url.PathUnescape(segs[i+1])
		if err != nil {
			id = segs[i+1]
		}
		if kind == "account" {
			account = " in account " + id
		}
		what = kind + " " + id
		i++
	}
	if strings.HasPrefix(what, "account ") {
		account = ""
	}
	return what, account
}

// pathKinds names the objects of the API's path collections.
var pathKinds = map[string]string{
	"accounts": "account", "workspaces": "workspace", "projects": "project", "folders": "folder",
	"files": "file", "version_stacks": "version stack", "shares": "share", "assets": "asset", "users": "user",
	"webhooks": "webhook",
}

// isAction reports whether a path segment after a collection is an action, not an id.
func isAction(seg string) bool {
	switch seg {
	case "local_upload", "remote_upload", "move", "status", "children", "copy":
		return true
	}
	return false
}

// verbOf says what a call of method does to its object, for "may ... it".
func verbOf(method string) string {
	switch method {
	case http.MethodGet:
		return "see"
	case http.MethodPost:
		return "add to"
	case http.MethodPatch:
		return "change"
	case http.MethodDelete:
		return "delete"
	}
	return "use"
}

// credentialUser names the user a credential acts as, and where to find it.
func credentialUser(label string) string {
	switch label {
	case ims.GrantClientCredentials:
		return fmt.Sprintf("the technical account user of the OAuth Server-to-Server credential in client_id (or %s); "+
			"the Adobe Developer Console shows its email on the credential's page", EnvClientID)
	case ims.GrantRefreshToken:
		return fmt.Sprintf("the user who signed in to obtain refresh_token (or %s)", EnvRefreshToken)
	case "token":
		return fmt.Sprintf("the user the access token in token (or %s) was issued to", EnvToken)
	}
	return "the user of the provider's credentials"
}

// explainIMSError names the settings to check for a failed token request.
func explainIMSError(e *ims.Error) string {
	switch e.Kind {
	case ims.KindClient:
		return fmt.Sprintf("Adobe IMS refused the client credentials: check client_id (%s) and client_secret (%s). "+
			"They are the Client ID and a Client Secret of the OAuth credential in your Adobe Developer Console "+
			"project; a secret rotated there must be updated here too.", EnvClientID, EnvClientSecret)
	case ims.KindScope:
		return fmt.Sprintf("Adobe IMS did not grant the scopes asked for: check scopes (%s; default %s) and that "+
			"the credential's project in the Adobe Developer Console includes the Frame.io API, which grants "+
			"frame.s2s.all.", EnvScopes, ims.DefaultScopes)
	case ims.KindRefreshToken:
		// The emulator's RotateRefreshTokens reading shows the case this text is for: IMS rotated the
		// token during the plan, in a provider process that has since ended.
		return fmt.Sprintf("Adobe IMS refused refresh_token (%s): it has expired, was revoked, or IMS retired it "+
			"when it issued a newer one. If your IMS credential issues single-use refresh tokens (a new one on "+
			"every renewal, the old one retired), the refresh-token method cannot work with Terraform: Terraform "+
			"starts a new provider process for the plan and for the apply, each starts again from the stored "+
			"refresh token, and the first renewal retired it; the provider keeps the new one in memory only and "+
			"never writes it anywhere. Use a credential whose refresh tokens stay valid when used or, for "+
			"automation and CI, server-to-server credentials: client_id and client_secret without "+
			"refresh_token. To go on now, sign in again and store the new refresh token.", EnvRefreshToken)
	case ims.KindUnreachable:
		return fmt.Sprintf("Adobe IMS could not be reached at %s: check ims_url (%s; default %s) and that this "+
			"machine can reach it (DNS, proxy, firewall).", e.URL, EnvIMSURL, ims.DefaultURL)
	case ims.KindUnavailable:
		return "Adobe IMS is unavailable or throttling token requests, still after the retries (max_retries): " +
			"try again in a few minutes."
	}
	return fmt.Sprintf("Adobe IMS gave an unexpected reply: check ims_url (%s; default %s).", EnvIMSURL, ims.DefaultURL)
}

// pointedAttribute is the first of attrs whose value err's API errors point at (by JSON pointer: see
// attributeOf), or "" when they point at none of them.
func pointedAttribute(err error, attrs ...string) string {
	out := ""
	eachAPIError(err, func(ae *frameio.APIError) {
		for _, d := range ae.Errors {
			if a := attributeOf(ae, d.Pointer); out == "" && a != "" && slices.Contains(attrs, a) {
				out = a
			}
		}
	})
	return out
}

// hasStatus reports whether any API error in err's tree has this HTTP status.
func hasStatus(err error, status int) bool {
	found := false
	eachAPIError(err, func(ae *frameio.APIError) { found = found || ae.StatusCode == status })
	return found
}

// addErrorAt adds an error about attribute attr, or about the resource when attr is "".
func addErrorAt(diags *diag.Diagnostics, attr, title, detail string) {
	if attr == "" {
		diags.AddError(title, detail)
		return
	}
	diags.AddAttributeError(path.Root(attr), title, detail)
}
