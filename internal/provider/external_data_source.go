package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/oauthlink/terraform-provider-oauthlink/internal/externaldata"
)

// The models of oauthlink_external_data_source and their conversion from and to the API's
// (internal/externaldata). The resource and the data source share the *Fields structs; the
// resource's models add the secrets, which the API never returns, and test_on_apply.

type externalDataSourceFields struct {
	ID            types.String `tfsdk:"id"`
	App           types.String `tfsdk:"app"`
	Name          types.String `tfsdk:"name"`
	URL           *edURLModel  `tfsdk:"url"`
	Version       types.Int64  `tfsdk:"version"`
	CallbackURL   types.String `tfsdk:"callback_url"`
	Authenticated types.Bool   `tfsdk:"authenticated"`
}

type edURLModel struct {
	URL          types.String `tfsdk:"url"`
	Method       types.String `tfsdk:"method"`
	ContentType  types.String `tfsdk:"content_type"`
	Body         types.String `tfsdk:"body"`
	ResponseType types.String `tfsdk:"response_type"`
	Headers      types.Map    `tfsdk:"headers"`
}

type edDatabaseFields struct {
	Driver     types.String `tfsdk:"driver"`
	Host       types.String `tfsdk:"host"`
	Port       types.Int64  `tfsdk:"port"`
	Database   types.String `tfsdk:"database"`
	Username   types.String `tfsdk:"username"`
	Query      types.String `tfsdk:"query"`
	SSLMode    types.String `tfsdk:"ssl_mode"`
	ServerCA   types.String `tfsdk:"server_ca"`
	ClientCert types.String `tfsdk:"client_cert"`
}

type edBasicFields struct {
	Username types.String `tfsdk:"username"`
}

type edCustomHeaderFields struct {
	Name types.String `tfsdk:"name"`
}

type edOAuth2Fields struct {
	GrantType types.String `tfsdk:"grant_type"`
	ClientID  types.String `tfsdk:"client_id"`
	AuthURL   types.String `tfsdk:"auth_url"`
	TokenURL  types.String `tfsdk:"token_url"`
	RevokeURL types.String `tfsdk:"revoke_url"`
	Scopes    types.List   `tfsdk:"scopes"`
}

type externalDataSourceModel struct {
	externalDataSourceFields
	Database    *edDatabaseModel    `tfsdk:"database"`
	Auth        *edAuthModel        `tfsdk:"auth"`
	TestOnApply *edTestOnApplyModel `tfsdk:"test_on_apply"`
}

type edDatabaseModel struct {
	edDatabaseFields
	Password           types.String `tfsdk:"password"`
	PasswordWO         types.String `tfsdk:"password_wo"`
	PasswordWOVersion  types.Int64  `tfsdk:"password_wo_version"`
	ClientKey          types.String `tfsdk:"client_key"`
	ClientKeyWO        types.String `tfsdk:"client_key_wo"`
	ClientKeyWOVersion types.Int64  `tfsdk:"client_key_wo_version"`
}

type edAuthModel struct {
	Basic        *edBasicModel        `tfsdk:"basic"`
	Bearer       *edBearerModel       `tfsdk:"bearer"`
	CustomHeader *edCustomHeaderModel `tfsdk:"custom_header"`
	OAuth2       *edOAuth2Model       `tfsdk:"oauth2"`
}

type edBasicModel struct {
	edBasicFields
	Password          types.String `tfsdk:"password"`
	PasswordWO        types.String `tfsdk:"password_wo"`
	PasswordWOVersion types.Int64  `tfsdk:"password_wo_version"`
}

type edBearerModel struct {
	Token          types.String `tfsdk:"token"`
	TokenWO        types.String `tfsdk:"token_wo"`
	TokenWOVersion types.Int64  `tfsdk:"token_wo_version"`
}

type edCustomHeaderModel struct {
	edCustomHeaderFields
	Value          types.String `tfsdk:"value"`
	ValueWO        types.String `tfsdk:"value_wo"`
	ValueWOVersion types.Int64  `tfsdk:"value_wo_version"`
}

type edOAuth2Model struct {
	edOAuth2Fields
	ClientSecret          types.String `tfsdk:"client_secret"`
	ClientSecretWO        types.String `tfsdk:"client_secret_wo"`
	ClientSecretWOVersion types.Int64  `tfsdk:"client_secret_wo_version"`
}

type edTestOnApplyModel struct {
	Variables types.Map `tfsdk:"variables"`
}

// setFromWire refreshes the shared fields from the API's answer; nested blocks the answer does
// not have become null. No headers are null, unless they were an empty map (headers = {}) before.
func (m *externalDataSourceFields) setFromWire(ds *externaldata.DataSource) {
	noHeaders := types.MapNull(types.StringType)
	if m.URL != nil && !m.URL.Headers.IsUnknown() && len(m.URL.Headers.Elements()) == 0 {
		noHeaders = m.URL.Headers
	}
	m.ID = types.StringValue(ds.ID)
	m.App = types.StringValue(ds.App)
	m.Name = types.StringValue(ds.Name)
	m.Version = types.Int64Value(ds.Version)
	m.URL = nil
	if ds.URL != nil {
		m.URL = &edURLModel{
			URL:          types.StringValue(ds.URL.URL),
			Method:       types.StringValue(strings.ToUpper(ds.URL.Method)),
			ContentType:  types.StringPointerValue(ds.URL.ContentType),
			Body:         types.StringPointerValue(ds.URL.Body),
			ResponseType: types.StringValue(ds.URL.ResponseType),
			Headers:      noHeaders,
		}
		if len(ds.URL.Headers) > 0 {
			m.URL.Headers, _ = types.MapValueFrom(context.Background(), types.StringType, ds.URL.Headers)
		}
	}
	m.CallbackURL = types.StringNull()
	m.Authenticated = types.BoolNull()
	if oauth2 := ds.OAuth2(); oauth2 != nil {
		m.CallbackURL = stringOrNull(oauth2.CallbackURL)
		m.Authenticated = types.BoolValue(oauth2.Authenticated)
	}
}

func (m *edURLModel) toWire(ctx context.Context) (*externaldata.URL, diag.Diagnostics) {
	if m == nil {
		return nil, nil
	}
	u := &externaldata.URL{
		URL:          m.URL.ValueString(),
		Method:       externaldata.Canonical(m.Method.ValueString(), externaldata.Methods),
		ContentType:  m.ContentType.ValueStringPointer(),
		Body:         m.Body.ValueStringPointer(),
		ResponseType: externaldata.Canonical(m.ResponseType.ValueString(), externaldata.ResponseTypes),
	}
	var diags diag.Diagnostics
	if !m.Headers.IsNull() {
		diags = m.Headers.ElementsAs(ctx, &u.Headers, false)
	}
	return u, diags
}

func databaseFieldsFromWire(db *externaldata.Database) edDatabaseFields {
	return edDatabaseFields{
		Driver:     types.StringValue(db.Driver),
		Host:       types.StringValue(db.Host),
		Port:       types.Int64Value(db.Port),
		Database:   types.StringPointerValue(db.Database),
		Username:   types.StringPointerValue(db.Username),
		Query:      types.StringValue(db.Query),
		SSLMode:    types.StringPointerValue(db.SSLMode),
		ServerCA:   types.StringPointerValue(db.ServerCA),
		ClientCert: types.StringPointerValue(db.ClientCert),
	}
}

func (f edDatabaseFields) toWire() *externaldata.Database {
	db := &externaldata.Database{
		Driver:     externaldata.Canonical(f.Driver.ValueString(), externaldata.Drivers),
		Host:       f.Host.ValueString(),
		Port:       f.Port.ValueInt64(),
		Database:   f.Database.ValueStringPointer(),
		Username:   f.Username.ValueStringPointer(),
		Query:      f.Query.ValueString(),
		SSLMode:    f.SSLMode.ValueStringPointer(),
		ServerCA:   f.ServerCA.ValueStringPointer(),
		ClientCert: f.ClientCert.ValueStringPointer(),
	}
	if db.SSLMode != nil {
		mode := externaldata.Canonical(*db.SSLMode, externaldata.SSLModes)
		db.SSLMode = &mode
	}
	return db
}

func oauth2FieldsFromWire(o *externaldata.OAuth2) edOAuth2Fields {
	f := edOAuth2Fields{
		GrantType: types.StringValue(o.GrantType),
		ClientID:  types.StringValue(o.ClientID),
		AuthURL:   types.StringPointerValue(o.AuthURL),
		TokenURL:  types.StringValue(o.TokenURL),
		RevokeURL: types.StringPointerValue(o.RevokeURL),
		Scopes:    types.ListNull(types.StringType),
	}
	if len(o.Scopes) > 0 {
		f.Scopes, _ = types.ListValueFrom(context.Background(), types.StringType, o.Scopes)
	}
	return f
}

func (f edOAuth2Fields) toWire(ctx context.Context) (*externaldata.OAuth2, diag.Diagnostics) {
	o := &externaldata.OAuth2{
		GrantType: externaldata.Canonical(f.GrantType.ValueString(), externaldata.GrantTypes),
		ClientID:  f.ClientID.ValueString(),
		AuthURL:   f.AuthURL.ValueStringPointer(),
		TokenURL:  f.TokenURL.ValueString(),
		RevokeURL: f.RevokeURL.ValueStringPointer(),
		Scopes:    []string{},
	}
	var diags diag.Diagnostics
	if !f.Scopes.IsNull() {
		diags = f.Scopes.ElementsAs(ctx, &o.Scopes, false)
	}
	return o, diags
}

// The six secrets of a data source, as secrets numbers them.
const (
	edDatabasePassword = iota
	edDatabaseClientKey
	edBasicPassword
	edBearerToken
	edHeaderValue
	edOAuth2ClientSecret
	edSecretCount
)

// secrets finds the six secrets in a model: nil for those whose block it lacks, and all of them
// when the model itself is nil (the prior state of a create).
func (m *externalDataSourceModel) secrets() (s [edSecretCount]*secretFields) {
	if m == nil {
		return s
	}
	if db := m.Database; db != nil {
		s[edDatabasePassword] = &secretFields{&db.Password, &db.PasswordWO, &db.PasswordWOVersion}
		s[edDatabaseClientKey] = &secretFields{&db.ClientKey, &db.ClientKeyWO, &db.ClientKeyWOVersion}
	}
	if a := m.Auth; a != nil {
		if b := a.Basic; b != nil {
			s[edBasicPassword] = &secretFields{&b.Password, &b.PasswordWO, &b.PasswordWOVersion}
		}
		if b := a.Bearer; b != nil {
			s[edBearerToken] = &secretFields{&b.Token, &b.TokenWO, &b.TokenWOVersion}
		}
		if h := a.CustomHeader; h != nil {
			s[edHeaderValue] = &secretFields{&h.Value, &h.ValueWO, &h.ValueWOVersion}
		}
		if o := a.OAuth2; o != nil {
			s[edOAuth2ClientSecret] = &secretFields{&o.ClientSecret, &o.ClientSecretWO, &o.ClientSecretWOVersion}
		}
	}
	return s
}

// toWire converts the plan into the API's model. prior is the state before an update, nil on
// create. It also returns the secret values being sent, for masking in logs.
func (m *externalDataSourceModel) toWire(ctx context.Context, config, prior *externalDataSourceModel) (externaldata.DataSource, []string, diag.Diagnostics) {
	planned, configured, stored := m.secrets(), config.secrets(), prior.secrets()
	var sent []string
	send := func(secret int) externaldata.WriteOnly {
		change := sendSecret(planned[secret], configured[secret], stored[secret], prior == nil)
		if change.set {
			sent = append(sent, change.value)
		}
		return change.writeOnly()
	}

	ds := externaldata.DataSource{ID: m.ID.ValueString(), App: m.App.ValueString(), Name: m.Name.ValueString()}
	var diags diag.Diagnostics
	if m.URL != nil {
		ds.Type = externaldata.TypeURL
		ds.URL, diags = m.URL.toWire(ctx)
	}
	if db := m.Database; db != nil {
		ds.Type = externaldata.TypeDatabase
		ds.Database = db.toWire()
		ds.Database.Password = send(edDatabasePassword)
		ds.Database.ClientKey = send(edDatabaseClientKey)
	}

	ds.Auth = &externaldata.Auth{Type: externaldata.AuthNone}
	switch a := m.Auth; {
	case a == nil:
	case a.Basic != nil:
		ds.Auth = &externaldata.Auth{Type: externaldata.AuthBasic, Basic: &externaldata.Basic{
			Username: a.Basic.Username.ValueString(), Password: send(edBasicPassword),
		}}
	case a.Bearer != nil:
		ds.Auth = &externaldata.Auth{Type: externaldata.AuthBearer, Bearer: &externaldata.Bearer{Token: send(edBearerToken)}}
	case a.CustomHeader != nil:
		ds.Auth = &externaldata.Auth{Type: externaldata.AuthCustomHeader, CustomHeader: &externaldata.CustomHeader{
			Name: a.CustomHeader.Name.ValueString(), Value: send(edHeaderValue),
		}}
	case a.OAuth2 != nil:
		oauth2, d := a.OAuth2.toWire(ctx)
		diags.Append(d...)
		oauth2.ClientSecret = send(edOAuth2ClientSecret)
		ds.Auth = &externaldata.Auth{Type: externaldata.AuthOAuth2, OAuth2: oauth2}
	}
	return ds, sent, diags
}

// setFromWire refreshes the state from the API's answer. Secrets, which the API never returns,
// and test_on_apply stay as they were for blocks that are still there. An answer without a block
// its types require is an error, and the model stays as it was.
func (m *externalDataSourceModel) setFromWire(ds *externaldata.DataSource) error {
	if err := ds.Check(); err != nil {
		return err
	}
	prior, spelled := m.secrets(), m.enumerations()
	m.externalDataSourceFields.setFromWire(ds)
	m.Database = nil
	if ds.Database != nil {
		m.Database = &edDatabaseModel{edDatabaseFields: databaseFieldsFromWire(ds.Database)}
	}
	m.Auth = authFromWire(ds.Auth)
	for i, secret := range m.secrets() {
		secret.keep(prior[i])
	}
	for i, value := range m.enumerations() {
		if known := spelled[i]; value != nil && known != nil && !known.IsNull() && !known.IsUnknown() &&
			strings.EqualFold(value.ValueString(), known.ValueString()) {
			*value = *known
		}
	}
	return nil
}

// enumerations finds the attributes the provider takes in any case (and sends in the API's
// spelling): nil for those whose block the model lacks. A refresh keeps their spelling where the
// answer differs only in case, so that a configured "post" or "MySQL" never shows as a difference.
func (m *externalDataSourceModel) enumerations() [5]*types.String {
	var e [5]*types.String
	if u := m.URL; u != nil {
		e[0], e[1] = &u.Method, &u.ResponseType
	}
	if db := m.Database; db != nil {
		e[2], e[3] = &db.Driver, &db.SSLMode
	}
	if m.Auth != nil && m.Auth.OAuth2 != nil {
		e[4] = &m.Auth.OAuth2.GrantType
	}
	return e
}

// authFromWire is the auth block of an answer, without its secrets.
func authFromWire(auth *externaldata.Auth) *edAuthModel {
	if auth == nil || auth.Type == externaldata.AuthNone {
		return nil
	}
	m := &edAuthModel{}
	switch auth.Type {
	case externaldata.AuthBasic:
		m.Basic = &edBasicModel{edBasicFields: edBasicFields{Username: types.StringValue(auth.Basic.Username)}}
	case externaldata.AuthBearer:
		m.Bearer = &edBearerModel{}
	case externaldata.AuthCustomHeader:
		m.CustomHeader = &edCustomHeaderModel{edCustomHeaderFields: edCustomHeaderFields{Name: types.StringValue(auth.CustomHeader.Name)}}
	case externaldata.AuthOAuth2:
		m.OAuth2 = &edOAuth2Model{edOAuth2Fields: oauth2FieldsFromWire(auth.OAuth2)}
	}
	return m
}

// notAuthenticatedWarning tells an administrator what to do about an OAuth 2.0 source the
// service holds no token for, so that Jira fields and Confluence panels get no data from it. An
// authorization-code source needs its callback URL registered and a consent in a browser; a
// client-credentials source lost the token the provider had it fetch (its secret expired or was
// replaced at the OAuth provider, say) and needs "Authenticate" pressed again, by an
// administrator or by the provider after the secret is sent again.
func notAuthenticatedWarning(ds *externaldata.DataSource) diag.Diagnostics {
	var diags diag.Diagnostics
	oauth2 := ds.OAuth2()
	if oauth2 == nil || oauth2.Authenticated {
		return diags
	}
	app := "External Data for Jira"
	if ds.App == externaldata.AppConfluence {
		app = "External Data for Confluence"
	}
	summary := fmt.Sprintf("External Data source %q is not authenticated", ds.Name)
	if oauth2.GrantType == externaldata.GrantClientCredentials {
		diags.AddWarning(summary, fmt.Sprintf("This data source uses the OAuth 2.0 client credentials grant, and the service holds "+
			"no working token for it, so Jira fields and Confluence panels that use it get no data. The usual cause: the token "+
			"endpoint (%s) refused the client credentials when the service renewed its token, because the client secret expired "+
			"or was deleted.\n\n"+
			"Either an administrator opens %s's data source %q and presses \"Authenticate\", or the provider sends the client "+
			"secret again and presses \"Authenticate\" itself: change auth.oauth2.client_secret, or bump "+
			"auth.oauth2.client_secret_wo_version, of the oauthlink_external_data_source that manages it, and apply. "+
			"If the secret expired, create a new one at the OAuth provider first (for Entra: its Value, not its Secret ID).",
			redactQuery(oauth2.TokenURL), app, ds.Name))
		return diags
	}
	diags.AddWarning(summary,
		fmt.Sprintf("This data source uses the OAuth 2.0 authorization code grant, and the service holds no token for it yet "+
			"(or its refresh token was revoked, or its client secret changed), so Jira fields and Confluence panels that use it get no data.\n\n"+
			"1. Register this callback (redirect) URL at the OAuth provider, e.g. in the Entra app registration under "+
			"Authentication > Web > Redirect URIs:\n   %s\n"+
			"2. An administrator opens %s's data source %q, presses \"Authenticate\" and consents in the browser.\n\n"+
			"Include offline_access in the scopes so that the service gets a refresh token and stays authenticated.",
			oauth2.CallbackURL, app, ds.Name))
	return diags
}
