// Package provider implements the frameio Terraform provider.
package provider

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
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
	"github.com/frameio/terraform-provider-frameio/internal/validators"
)

// Address is the provider's registry address, the one place it is spelled out.
const Address = "registry.terraform.io/frameio/frameio"

// Defaults for the provider configuration. The base URL's default is frameio.DefaultBaseURL.
const (
	DefaultUploadConcurrency = 16
	DefaultMaxRetries        = httpx.DefaultRetries
)

// progressLogInterval spaces the INFO progress lines of one upload: frequent enough to watch, rare
// enough that twenty parallel uploads do not flood the log.
const progressLogInterval = 5 * time.Second

// Environment variables read when the matching attribute is not set.
const (
	EnvToken     = "FRAMEIO_TOKEN"
	EnvAccountID = "FRAMEIO_ACCOUNT_ID"
	EnvBaseURL   = "FRAMEIO_BASE_URL"
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
}

// providerData is what resources and data sources receive from Configure.
type providerData struct {
	// account calls the API in the configured (or inferred) account; its Read* methods serve Reads from
	// folder listings, for this process only. account.Client() makes the account-free calls.
	account  *frameio.AccountClient
	secrets  *secretSet         // configured secrets and every issued token, for masking them in logs
	delivery *delivery.Delivery // uploads, new versions and deletes of frameio_file
	work     *plannedWork       // the rate-limited calls the plan implies, for its floor warnings
}

func (p *frameioProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "frameio"
	resp.Version = p.version
}

func (p *frameioProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Manages media assets in [Frame.io](https://frame.io) through the V4 API: " +
			"chunked, parallel, resumable-per-part uploads of local files and remote uploads from URLs.",
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
					"If Adobe IMS answers with a new refresh token, the provider uses it for the rest of the run, " +
					"but cannot update where you stored the old one: rotate it there yourself. May also be set with `" +
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
					"accounts the token can see (once, when it is configured for a plan or an apply): if it sees " +
					"exactly one, that one is used; otherwise the error lists them, to pick one.",
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
		cfg.Scopes, cfg.IMSURL) {
		// Values come from resources not yet created; Terraform calls Configure again at apply.
		return
	}

	auth := resolveAuth(cfg, &resp.Diagnostics)
	accountID := stringOrEnv(cfg.AccountID, EnvAccountID)
	baseURL := stringOrEnv(cfg.BaseURL, EnvBaseURL)
	if baseURL == "" {
		baseURL = frameio.DefaultBaseURL
	}
	if err := validators.CheckHTTPSOrLoopbackURL(baseURL); err != nil {
		// The validator has checked a configured base_url already; this also covers the environment.
		resp.Diagnostics.AddAttributeError(path.Root("base_url"), "Invalid Frame.io base URL",
			fmt.Sprintf("base_url (or %s) %s.", EnvBaseURL, err))
	}
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
		BaseURL:     baseURL,
		Token:       auth.token, // static: never renewed
		TokenSource: tokens,
		MaxRetries:  httpx.Exactly(retries), // the user's 0 means none, not the default
		UserAgent:   "terraform-provider-frameio/" + p.version,
		Logger:      tflogLogger{secrets},
	})
	if err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("base_url"), "Invalid Frame.io base URL",
			fmt.Sprintf("base_url (or %s): %s", EnvBaseURL, err))
		return
	}
	ctx = withLogMasking(tflog.SetField(ctx, "frameio_base_url", baseURL), secrets.all()...)
	if accountID == "" {
		if accountID = inferAccountID(ctx, client, &resp.Diagnostics); accountID == "" {
			return
		}
	}
	tflog.Debug(ctx, "configured Frame.io provider", map[string]any{
		"upload_concurrency": concurrency, "max_retries": retries, "auth": auth.method(),
	})

	data := &providerData{
		account: client.ForAccount(accountID),
		secrets: secrets,
		work:    newPlannedWork(),
		delivery: delivery.New(client.ForAccount(accountID), delivery.Options{
			Concurrency:      concurrency,
			MaxRetries:       httpx.Exactly(retries), // the user's 0 means none, not the default
			ProgressInterval: progressLogInterval,
			// The plan-time rule for source_url (checkSourceURLFetchable), checked again at apply.
			CheckSourceURL: func(u string) error { return validators.CheckFetchableBy(u, client.BaseURL()) },
			Log:            deliveryLogf,
			EngineLog:      uploadLogf,
		}),
	}
	resp.DataSourceData = data
	resp.ResourceData = data
}

func (p *frameioProvider) Resources(_ context.Context) []func() resource.Resource {
	return []func() resource.Resource{
		NewFolderResource,
		NewFileResource,
		NewShareResource,
	}
}

func (p *frameioProvider) DataSources(_ context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{
		NewAccountsDataSource,
		NewWorkspaceDataSource,
		NewProjectDataSource,
		NewFolderDataSource,
		NewFileDataSource,
	}
}
