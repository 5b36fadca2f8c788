package provider

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"sync"

	dsschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"

	"github.com/oauthlink/terraform-provider-oauthlink/internal/externaldata"
	"github.com/oauthlink/terraform-provider-oauthlink/internal/jira"
)

// The listing that the plural data sources (oauthlink_jira_outgoing_links, …), import by name and
// the list resources share: every object, filtered by a name prefix (and for External Data an
// app), in a stable order, by name and then id.

// listSorted lists every object of a kind, keeps those that match, and sorts them by name, then
// by id (name and id read them).
func listSorted[T any](ctx context.Context, list func(context.Context) ([]T, error), match func(T) bool, name, id func(T) string) ([]T, error) {
	all, err := list(ctx)
	if err != nil {
		return nil, err
	}
	all = slices.DeleteFunc(all, func(o T) bool { return !match(o) })
	slices.SortStableFunc(all, func(a, b T) int {
		return cmp.Or(cmp.Compare(name(a), name(b)), cmp.Compare(id(a), id(b)))
	})
	return all, nil
}

// listOutgoingLinks returns the outgoing links whose names start with prefix.
func listOutgoingLinks(ctx context.Context, client *jira.Client, prefix string) ([]jira.OutgoingLink, error) {
	return listSorted(ctx, client.ListOutgoingLinks, func(l jira.OutgoingLink) bool { return strings.HasPrefix(l.Name, prefix) },
		func(l jira.OutgoingLink) string { return l.Name }, func(l jira.OutgoingLink) string { return l.ID })
}

// listIncomingLinks returns the incoming links whose names start with prefix.
func listIncomingLinks(ctx context.Context, client *jira.Client, prefix string) ([]jira.IncomingLink, error) {
	return listSorted(ctx, client.ListIncomingLinks, func(l jira.IncomingLink) bool { return strings.HasPrefix(l.Name, prefix) },
		func(l jira.IncomingLink) string { return l.Name }, func(l jira.IncomingLink) string { return l.ID })
}

// listExternalDataSources returns the data sources of app (every app when empty) whose names
// start with prefix, following every page of the list.
func listExternalDataSources(ctx context.Context, client *externaldata.Client, app, prefix string) ([]externaldata.DataSource, error) {
	return listSorted(ctx, client.List, func(ds externaldata.DataSource) bool {
		return (app == "" || ds.App == app) && strings.HasPrefix(ds.Name, prefix)
	}, func(ds externaldata.DataSource) string { return ds.Name }, func(ds externaldata.DataSource) string { return ds.ID })
}

// listings are the listings that lookups by name (imports, the External Data source data source)
// share within one provider configuration, that is one CLI run's provider process: K lookups
// among M objects list the M objects once, not K times. The plural data sources and the list
// resources list afresh: they show everything as it is. A lookup by a create whose answer was
// lost (httpx.CreateOnce) lists through the client, never from here.
type listings struct {
	outgoingLinks       sharedListing[jira.OutgoingLink]
	incomingLinks       sharedListing[jira.IncomingLink]
	externalDataSources sharedListing[externaldata.DataSource]
}

// sharedListing is the last listing of one kind of object. Lookups that find none list, one at a
// time: those that come while a listing is under way wait for it. A write of the kind by this
// process (forget) drops it, and a listing under way when it came is not kept.
type sharedListing[T any] struct {
	mu      sync.Mutex
	items   []T // valid when listed
	listed  bool
	pending *listingCall[T]
}

type listingCall[T any] struct {
	done      chan struct{}
	items     []T
	err       error
	cancelled bool // the context of the lookup that listed ended
}

// get returns every object, from the last listing when there is one. The slice is shared: the
// caller must not change it.
func (l *sharedListing[T]) get(ctx context.Context, list func(context.Context) ([]T, error)) ([]T, error) {
	for {
		l.mu.Lock()
		if l.listed {
			items := l.items
			l.mu.Unlock()
			return items, nil
		}
		if call := l.pending; call != nil {
			l.mu.Unlock()
			select {
			case <-call.done:
			case <-ctx.Done():
				return nil, ctx.Err()
			}
			// A failure is every waiter's, except the end of another lookup's context: then
			// this one lists itself.
			if call.err != nil && call.cancelled && ctx.Err() == nil {
				continue
			}
			return call.items, call.err
		}
		call := &listingCall[T]{done: make(chan struct{})}
		l.pending = call
		l.mu.Unlock()

		call.items, call.err = list(ctx)
		call.cancelled = ctx.Err() != nil
		l.mu.Lock()
		if l.pending == call {
			l.pending = nil
			l.items, l.listed = call.items, call.err == nil
		}
		l.mu.Unlock()
		close(call.done)
		return call.items, call.err
	}
}

// forget drops the listing after a create, update or delete of its kind by this process, so that
// the next lookup lists afresh and finds what was written.
func (l *sharedListing[T]) forget() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.items, l.listed, l.pending = nil, false, nil
}

// idsNamed returns the sorted ids of the objects in all that match.
func idsNamed[T any](all []T, match func(T) bool, id func(T) string) []string {
	var ids []string
	for _, o := range all {
		if match(o) {
			ids = append(ids, id(o))
		}
	}
	slices.Sort(ids)
	return ids
}

// externalDataSourceIDsNamed returns the ids of app's data sources named name, from the shared
// listing: one at most, unless the service broke its own rule that names are unique per app.
func (d *providerData) externalDataSourceIDsNamed(ctx context.Context, client *externaldata.Client, app, name string) ([]string, error) {
	all, err := d.listings.externalDataSources.get(ctx, client.List)
	if err != nil {
		return nil, err
	}
	return idsNamed(all, func(ds externaldata.DataSource) bool { return ds.App == app && ds.Name == name },
		func(ds externaldata.DataSource) string { return ds.ID }), nil
}

// descNamePrefix describes the name_prefix filter of the plural data sources.
const descNamePrefix = "Only objects whose name starts with this (case-sensitive). All of them when not set."

// descAppFilter describes the app filter of the External Data listings.
const descAppFilter = "Only the data sources of this app: `jira` or `confluence`. Both when not set."

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
