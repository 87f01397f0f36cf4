namespace Pravega.Perf.Controller.Scopes;

/// <summary>A page of names and the opaque token that continues after it (the same token once the list is exhausted).</summary>
public sealed record ListPage<T>(IReadOnlyList<T> Items, string ContinuationToken);
