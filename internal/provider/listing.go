package provider

import (
	"cmp"
	"context"
	"slices"
	"strings"

	dsschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"

	"github.com/oauthlink/terraform-provider-oauthlink/internal/externaldata"
	"github.com/oauthlink/terraform-provider-oauthlink/internal/jira"
)

// The listing that the plural data sources (oauthlink_jira_outgoing_links, …), import by name and
// the list resources share: every object, filtered by a name prefix (and for External Data an
// app), in a stable order, by name and then id.

// byNameThenID sorts objects by name, then by id.
func byNameThenID[T any](items []T, name, id func(T) string) []T {
	slices.SortStableFunc(items, func(a, b T) int {
		return cmp.Or(cmp.Compare(name(a), name(b)), cmp.Compare(id(a), id(b)))
	})
	return items
}

// listOutgoingLinks returns the outgoing links whose names start with prefix.
func listOutgoingLinks(ctx context.Context, client *jira.Client, prefix string) ([]jira.OutgoingLink, error) {
	all, err := client.ListOutgoingLinks(ctx)
	if err != nil {
		return nil, err
	}
	all = slices.DeleteFunc(all, func(l jira.OutgoingLink) bool { return !strings.HasPrefix(l.Name, prefix) })
	return byNameThenID(all, func(l jira.OutgoingLink) string { return l.Name }, func(l jira.OutgoingLink) string { return l.ID }), nil
}

// listIncomingLinks returns the incoming links whose names start with prefix.
func listIncomingLinks(ctx context.Context, client *jira.Client, prefix string) ([]jira.IncomingLink, error) {
	all, err := client.ListIncomingLinks(ctx)
	if err != nil {
		return nil, err
	}
	all = slices.DeleteFunc(all, func(l jira.IncomingLink) bool { return !strings.HasPrefix(l.Name, prefix) })
	return byNameThenID(all, func(l jira.IncomingLink) string { return l.Name }, func(l jira.IncomingLink) string { return l.ID }), nil
}

// listExternalDataSources returns the data sources of app (every app when empty) whose names
// start with prefix, following every page of the list.
func listExternalDataSources(ctx context.Context, client *externaldata.Client, app, prefix string) ([]externaldata.DataSource, error) {
	all, err := client.List(ctx)
	if err != nil {
		return nil, err
	}
	all = slices.DeleteFunc(all, func(ds externaldata.DataSource) bool {
		return (app != "" && ds.App != app) || !strings.HasPrefix(ds.Name, prefix)
	})
	return byNameThenID(all, func(ds externaldata.DataSource) string { return ds.Name }, func(ds externaldata.DataSource) string { return ds.ID }), nil
}

// descNamePrefix describes the name_prefix filter of the plural data sources.
const descNamePrefix = "Only objects whose name starts with this (case-sensitive). All of them when not set."

// listedAttributes turns a singular data source's attributes into those of one element of a
// plural data source's list: every attribute computed, without validators, and with the
// descriptions in override instead of their own.
func listedAttributes(attrs map[string]dsschema.Attribute, override map[string]string) map[string]dsschema.Attribute {
	out := make(map[string]dsschema.Attribute, len(attrs))
	for name, a := range attrs {
		desc, replaced := override[name]
		if !replaced {
			desc = a.GetMarkdownDescription()
		}
		switch a := a.(type) {
		case dsschema.StringAttribute:
			out[name] = dsschema.StringAttribute{Computed: true, Sensitive: a.Sensitive, MarkdownDescription: desc}
		case dsschema.Int64Attribute:
			out[name] = dsschema.Int64Attribute{Computed: true, Sensitive: a.Sensitive, MarkdownDescription: desc}
		case dsschema.BoolAttribute:
			out[name] = dsschema.BoolAttribute{Computed: true, Sensitive: a.Sensitive, MarkdownDescription: desc}
		case dsschema.SetAttribute:
			out[name] = dsschema.SetAttribute{Computed: true, ElementType: a.ElementType, Sensitive: a.Sensitive, MarkdownDescription: desc}
		case dsschema.ListAttribute:
			out[name] = dsschema.ListAttribute{Computed: true, ElementType: a.ElementType, Sensitive: a.Sensitive, MarkdownDescription: desc}
		case dsschema.MapAttribute:
			out[name] = dsschema.MapAttribute{Computed: true, ElementType: a.ElementType, Sensitive: a.Sensitive, MarkdownDescription: desc}
		case dsschema.SingleNestedAttribute:
			out[name] = dsschema.SingleNestedAttribute{Computed: true, Sensitive: a.Sensitive, MarkdownDescription: desc,
				Attributes: listedAttributes(a.Attributes, nil)}
		default:
			panic("listedAttributes: unsupported attribute " + name)
		}
	}
	return out
}
