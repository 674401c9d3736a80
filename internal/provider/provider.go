// Package provider implements the frameio Terraform provider.
package provider

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/frameio/terraform-provider-frameio/internal/delivery"
	"github.com/frameio/terraform-provider-frameio/internal/frameio"
	"github.com/frameio/terraform-provider-frameio/internal/httpx"
	"github.com/frameio/terraform-provider-frameio/internal/ims"
	"github.com/frameio/terraform-provider-frameio/internal/metadatawriter"
	"github.com/frameio/terraform-provider-frameio/internal/validators"
)

// Address is the provider's registry address, the one place it is spelled out.
const Address = "registry.terraform.io/frameio/frameio"

// Defaults for the provider configuration. The base URL's default is frameio.DefaultBaseURL.
const (
	DefaultUploadConcurrency  = 16
	DefaultMaxRetries         = httpx.DefaultRetries
	DefaultRequestTimeout     = frameio.DefaultRequestTimeout
	DefaultUploadStallTimeout = delivery.DefaultStallTimeout
)

// The range of request_timeout and upload_stall_timeout: below a second, a busy service or link would
// fail calls that are merely slow; above an hour, a stalled call would outlast most CI jobs anyway.
const (
	minTimeout = time.Second
	maxTimeout = time.Hour
)

// progressLogInterval spaces the INFO progress lines of one upload: frequent enough to watch, rare
// enough that twenty parallel uploads do not flood the log.
const progressLogInterval = 5 * time.Second

// Environment variables read when the matching attribute is not set.
const (
	EnvToken     = "FRAMEIO_TOKEN"
	EnvAccountID = "FRAMEIO_ACCOUNT_ID"
	EnvBaseURL   = "FRAMEIO_BASE_URL"

	EnvRequestTimeout     = "FRAMEIO_REQUEST_TIMEOUT"
	EnvUploadStallTimeout = "FRAMEIO_UPLOAD_STALL_TIMEOUT"
)

var _ provider.Provider = (*frameioProvider)(nil)

type frameioProvider struct {
	version string
	tokens  tokenSources // one IMS token source per instance, kept across Configure calls
}

// New returns a constructor for the provider, as providerserver expects.
func New(version string) func() provider.Provider {
	return func() provider.Provider {
		return &frameioProvider{version: version}
	}
}

type providerModel struct {
	Token             types.String `tfsdk:"token"`
	ClientID          types.String `tfsdk:"client_id"`
	ClientSecret      types.String `tfsdk:"client_secret"`
	RefreshToken      types.String `tfsdk:"refresh_token"`
	Scopes            types.String `tfsdk:"scopes"`
	IMSURL            types.String `tfsdk:"ims_url"`
	AccountID         types.String `tfsdk:"account_id"`
	BaseURL           types.String `tfsdk:"base_url"`
	UploadConcurrency types.Int64  `tfsdk:"upload_concurrency"`
	MaxRetries        types.Int64  `tfsdk:"max_retries"`
	RequestTimeout    types.String `tfsdk:"request_timeout"`
	UploadStall       types.String `tfsdk:"upload_stall_timeout"`
}

// providerData is what resources and data sources receive from Configure.
type providerData struct {
	client *frameio.Client // the account-free calls (frameio_accounts) and the base URL
	// account calls the API in the configured (or inferred) account; its Read* methods serve Reads from
	// folder listings, for this process only. nil when account_id is not set and the credentials do not
	// see exactly one account: accounts are those they see, for the error of whatever needs one.
	account  *frameio.AccountClient
	accounts []frameio.Account
	secrets  *secretSet         // configured secrets and every issued token, for masking them in logs
	delivery *delivery.Delivery // uploads, new versions and deletes of frameio_file; nil without account
	work     *plannedWork       // the rate-limited calls the plan implies, for its floor warnings
	// metadata writes the metadata values of frameio_file through metadata.bulk_update, coalescing the
	// files of a run that set the same values (file_metadata.go); nil without account.
	metadata *metadatawriter.Writer
	planned  plannedFields // metadata fields planned for creation in this run
}

func (p *frameioProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "frameio"
	resp.Version = p.version
}

func (p *frameioProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Manages media assets in [Frame.io](https://frame.io) through the V4 API: " +
			"chunked, parallel uploads of local files, each part retried on its own, and remote uploads from URLs.",
		Attributes: map[string]schema.Attribute{
			"token": schema.StringAttribute{
				MarkdownDescription: "A Frame.io V4 access token (an Adobe IMS bearer token) obtained elsewhere. It " +
					"cannot be renewed: when it expires, calls fail. Prefer `client_id` and `client_secret`. " +
					"May also be set with the `" + EnvToken + "` environment variable. Never logged.",
				Optional:  true,
				Sensitive: true,
			},
			"client_id": schema.StringAttribute{
				MarkdownDescription: "Client ID of an Adobe IMS OAuth credential (OAuth Server-to-Server for " +
					"automation) from the Adobe Developer Console project that includes the Frame.io API. With " +
					"`client_secret`, the provider obtains access tokens itself when it first calls Frame.io and " +
					"renews them before they expire. May also be set with `" + EnvClientID + "`.",
				Optional: true,
			},
			"client_secret": schema.StringAttribute{
				MarkdownDescription: "Client Secret of the same credential. May also be set with `" + EnvClientSecret +
					"`. Never logged.",
				Optional:  true,
				Sensitive: true,
			},
			"refresh_token": schema.StringAttribute{
				MarkdownDescription: "A user's refresh token (from an OAuth login with the `offline_access` scope): " +
					"the provider renews access tokens with the refresh-token grant instead of client credentials. " +
					"It must stay valid when used: Terraform starts a new provider process for the plan and for the " +
					"apply, and each starts from this value, so a credential whose refresh tokens are single-use " +
					"(rotated on every renewal) cannot work; use client credentials for CI. May also be set with `" +
					EnvRefreshToken + "`. Never logged.",
				Optional:  true,
				Sensitive: true,
			},
			"scopes": schema.StringAttribute{
				MarkdownDescription: "Comma-separated scopes asked for with client credentials. Defaults to `" +
					ims.DefaultScopes + "`; may also be set with `" + EnvScopes + "`.",
				Optional: true,
			},
			"ims_url": schema.StringAttribute{
				MarkdownDescription: "Base URL of Adobe IMS; tokens come from `{ims_url}" + ims.TokenPath + "`. " +
					"Defaults to `" + ims.DefaultURL + "`; may also be set with `" + EnvIMSURL + "`. Plain " +
					"`http://` is accepted only for loopback hosts (for the local emulator).",
				Optional:   true,
				Validators: []validator.String{validators.HTTPSOrLoopbackURL()},
			},
			"account_id": schema.StringAttribute{
				MarkdownDescription: "The Frame.io account every resource belongs to. May also be set with the `" +
					EnvAccountID + "` environment variable. When neither is set, the provider asks Frame.io which " +
					"accounts the credentials can see (once, when it is configured for a plan or an apply): if they " +
					"see exactly one, that one is used; otherwise `frameio_accounts` still lists them, and every " +
					"other resource and data source fails with an error that lists them, to pick one.",
				Optional: true,
			},
			"base_url": schema.StringAttribute{
				MarkdownDescription: "Base URL of the Frame.io API, without `/v4`. Defaults to `" + frameio.DefaultBaseURL +
					"`; may also be set with `" + EnvBaseURL + "`. Plain `http://` is accepted only for loopback " +
					"hosts (for the local emulator).",
				Optional:   true,
				Validators: []validator.String{validators.HTTPSOrLoopbackURL()},
			},
			"upload_concurrency": schema.Int64Attribute{
				MarkdownDescription: fmt.Sprintf("Maximum number of upload parts in flight across the whole provider "+
					"(all `frameio_file` resources together). Defaults to `%d`.", DefaultUploadConcurrency),
				Optional:   true,
				Validators: []validator.Int64{int64validator.Between(1, 256)},
			},
			"max_retries": schema.Int64Attribute{
				MarkdownDescription: fmt.Sprintf("How many times an API call or an upload part is retried after "+
					"a network error, a 429 or a 5xx reply, with exponential backoff. Defaults to `%d`.", DefaultMaxRetries),
				Optional:   true,
				Validators: []validator.Int64{int64validator.Between(0, 20)},
			},
			"request_timeout": schema.StringAttribute{
				MarkdownDescription: fmt.Sprintf("How long one attempt of a Frame.io API call may wait for the reply, as a "+
					"duration such as `60s` or `2m`: no reply headers, or no bytes of the reply body, for this long "+
					"fails the attempt (a long reply that keeps streaming is not cut). A timed-out read, delete or "+
					"update is retried like a `5xx` reply (see `max_retries`); a timed-out create is not sent "+
					"again blindly, since it may have taken effect: the provider first looks for what it made, and "+
					"adopts it. Between `%s` and `%s`; defaults to `%s`; may also be "+
					"set with `%s`.", validators.FormatDuration(minTimeout), validators.FormatDuration(maxTimeout),
					validators.FormatDuration(DefaultRequestTimeout), EnvRequestTimeout),
				Optional:   true,
				Validators: []validator.String{validators.Duration(minTimeout, maxTimeout)},
			},
			"upload_stall_timeout": schema.StringAttribute{
				MarkdownDescription: fmt.Sprintf("How long an upload part may go without moving a byte (or, once "+
					"sent, without a reply from storage), as a duration such as `2m`. It is never a total: a part "+
					"that keeps moving takes as long as it needs. A stalled part is retried like a failed one "+
					"(see `max_retries`). Between `%s` and `%s`; defaults to `%s`; may also be set with `%s`.",
					validators.FormatDuration(minTimeout), validators.FormatDuration(maxTimeout),
					validators.FormatDuration(DefaultUploadStallTimeout), EnvUploadStallTimeout),
				Optional:   true,
				Validators: []validator.String{validators.Duration(minTimeout, maxTimeout)},
			},
		},
	}
}

func (p *frameioProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var cfg providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if anyUnknown(cfg.Token, cfg.AccountID, cfg.BaseURL, cfg.ClientID, cfg.ClientSecret, cfg.RefreshToken,
		cfg.Scopes, cfg.IMSURL, cfg.RequestTimeout, cfg.UploadStall) {
		// Values come from resources not yet created; Terraform calls Configure again at apply.
		return
	}

	auth := resolveAuth(cfg, &resp.Diagnostics)
	accountID, _ := setting(cfg.AccountID, "account_id", EnvAccountID)
	baseURL, _ := setting(cfg.BaseURL, "base_url", EnvBaseURL)
	if baseURL == "" {
		baseURL = frameio.DefaultBaseURL
	}
	if err := validators.CheckHTTPSOrLoopbackURL(baseURL); err != nil {
		// The validator has checked a configured base_url already; this also covers the environment.
		resp.Diagnostics.AddAttributeError(path.Root("base_url"), "Invalid Frame.io base URL",
			fmt.Sprintf("base_url (or %s) %s.", EnvBaseURL, err))
	}
	requestTimeout := durationSetting(cfg.RequestTimeout, "request_timeout", EnvRequestTimeout, DefaultRequestTimeout, &resp.Diagnostics)
	stallTimeout := durationSetting(cfg.UploadStall, "upload_stall_timeout", EnvUploadStallTimeout, DefaultUploadStallTimeout, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}

	concurrency := int64OrDefault(cfg.UploadConcurrency, DefaultUploadConcurrency)
	retries := int64OrDefault(cfg.MaxRetries, DefaultMaxRetries)
	tokens, secrets, err := p.tokenSource(auth, retries)
	if err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("client_id"), "Invalid Frame.io credentials", err.Error())
		return
	}
	client, err := frameio.New(frameio.Config{
		BaseURL:        baseURL,
		Token:          auth.token, // static: never renewed
		TokenSource:    tokens,
		MaxRetries:     httpx.Exactly(retries), // the user's 0 means none, not the default
		RequestTimeout: requestTimeout,
		UserAgent:      "terraform-provider-frameio/" + p.version,
		Logger:         tflogLogger{secrets},
		Credential:     auth.method(), // errors name the user the calls act as (diagnostics.go)
	})
	if err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("base_url"), "Invalid Frame.io base URL",
			fmt.Sprintf("base_url (or %s): %s", EnvBaseURL, err))
		return
	}
	ctx = withLogMasking(tflog.SetField(ctx, "frameio_base_url", baseURL), secrets.all()...)
	data := &providerData{client: client, secrets: secrets, work: newPlannedWork()}
	if accountID == "" {
		var ok bool
		if accountID, data.accounts, ok = inferAccountID(ctx, client, &resp.Diagnostics); !ok {
			return
		}
	}
	tflog.Debug(ctx, "configured Frame.io provider", map[string]any{
		"upload_concurrency": concurrency, "max_retries": retries, "auth": auth.method(),
		"request_timeout": requestTimeout.String(), "upload_stall_timeout": stallTimeout.String(),
	})
	if accountID != "" {
		data.account = client.ForAccount(accountID)
		data.delivery = delivery.New(data.account, delivery.Options{
			Concurrency:      concurrency,
			MaxRetries:       httpx.Exactly(retries), // the user's 0 means none, not the default
			StallTimeout:     stallTimeout,
			ProgressInterval: progressLogInterval,
			// The plan-time rule for source_url (checkSourceURLFetchable), checked again at apply.
			CheckSourceURL: func(u string) error { return validators.CheckFetchableBy(u, client.BaseURL()) },
			Log:            deliveryLogf,
			EngineLog:      uploadLogf,
		})
		data.metadata = metadatawriter.ForAccount(data.account, metadatawriter.Options{Log: deliveryLogf})
	}
	resp.DataSourceData = data
	resp.ResourceData = data
}

func (p *frameioProvider) Resources(_ context.Context) []func() resource.Resource {
	return []func() resource.Resource{
		NewFolderResource,
		NewFileResource,
		NewShareResource,
		NewMetadataFieldResource,
		NewProjectResource,
		NewProjectUserResource,
		NewWebhookResource,
	}
}

func (p *frameioProvider) DataSources(_ context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{
		NewAccountsDataSource,
		NewWorkspaceDataSource,
		NewProjectDataSource,
		NewFolderDataSource,
		NewFileDataSource,
		NewMetadataFieldDataSource,
		NewUserDataSource,
	}
}

// durationSetting is a duration attribute's value: configured, or from the environment variable env,
// or def. The attribute's validator has checked a configured value at validation; this also checks the
// environment, and names both in the error.
func durationSetting(v types.String, attr, env string, def time.Duration, diags *diag.Diagnostics) time.Duration {
	s, _ := setting(v, attr, env)
	if s == "" {
		return def
	}
	d, err := validators.CheckDuration(s, minTimeout, maxTimeout)
	if err != nil {
		diags.AddAttributeError(path.Root(attr), "Invalid "+attr, fmt.Sprintf("%s (or %s) %s.", attr, env, err))
	}
	return d
}
